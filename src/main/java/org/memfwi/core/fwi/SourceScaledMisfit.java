package org.memfwi.core.fwi;

import org.memfwi.core.operator.SourceScaling;

/**
 * The FWI data misfit with the source scaling estimated by variable projection ({@link SourceScaling}):
 * {@code 1/2 sum_blocks min_alpha ||alpha p_b - d_b||^2}, one real scalar per shot (time domain) or one complex scalar
 * per source and frequency (Helmholtz), with adjoint source {@code A^T (A p - d)}, the exact gradient of the projected
 * misfit. The block layout follows the length of each stage's data (a Helmholtz stage may hold fewer frequencies than
 * the complete data). Remembers the scalars of its last evaluation: after an inversion, those of the final model on
 * the complete data.
 */
public final class SourceScaledMisfit implements DataMisfit {

	private final int shots, sources, receivers;
	private volatile double[] last = new double[0];
	private volatile boolean complex;

	private SourceScaledMisfit(final int shots, final int sources, final int receivers) {
		this.shots = shots;
		this.sources = sources;
		this.receivers = receivers;
	}

	/** One real scalar per shot; a stage's data are {@code shots} contiguous gathers. */
	public static SourceScaledMisfit perShot(final int shots) {
		if (shots < 1) throw new IllegalArgumentException("source scaling needs at least one shot, got " + shots);
		return new SourceScaledMisfit(shots, 0, 0);
	}

	/** One complex scalar per source and frequency, in the Helmholtz data layout. */
	public static SourceScaledMisfit perSourceAndFrequency(final int sources, final int receivers) {
		if (sources < 1 || receivers < 1) throw new IllegalArgumentException("source scaling needs sources and receivers, got " +
			sources + " and " + receivers);
		return new SourceScaledMisfit(0, sources, receivers);
	}

	private SourceScaling layout(final int m) {
		if (shots > 0) {
			if (m % shots != 0) throw new IllegalArgumentException(m + " data values do not split into " + shots + " shots");
			return SourceScaling.perShot(shots, m / shots);
		}
		final int per = 2 * sources * receivers;
		if (m % per != 0) throw new IllegalArgumentException(m + " data values do not split into frequencies of " + sources +
			" sources x " + receivers + " receivers (real and imaginary)");
		return SourceScaling.perSourceAndFrequency(m / per, sources, receivers);
	}

	@Override
	public double evaluate(final double[] predicted, final double[] observed, final double[] adjointSource) {
		final SourceScaling s = layout(predicted.length);
		final double[] alpha = s.scalars(predicted, observed, null);
		final double[] q = s.scale(predicted, alpha, null);
		double sum = 0;
		for (int i = 0; i < q.length; i++) {
			final double r = q[i] - observed[i];
			sum += r * r;
		}
		if (adjointSource != null) s.adjointSource(predicted, observed, adjointSource);
		last = alpha;
		complex = s.isComplex();
		return 0.5 * sum;
	}

	/** The scalars of the last evaluation: one per shot, or (real, imaginary) pairs per source and frequency. */
	public double[] lastScalars() { return last.clone(); }

	/** True if {@link #lastScalars()} holds complex pairs. */
	public boolean isComplex() { return complex; }
}
