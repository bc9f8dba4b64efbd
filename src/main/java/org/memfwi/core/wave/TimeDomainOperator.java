package org.memfwi.core.wave;

import org.memfwi.core.fwi.LeastSquaresGradient;
import org.memfwi.core.operator.ForwardOperator;
import org.memfwi.core.operator.Linearization;
import org.memfwi.core.progress.Progress;

/**
 * The time-domain acoustic forward operator: model = velocity pixels in m/s (nx * nz, x fastest), data = every trace
 * sample of every shot, flattened shot by shot, then time, then receiver (shots x nt x receivers). The Jacobian is
 * Born modelling and its transpose the adjoint-state gradient, both exact for the discrete scheme. FLOAT runs the
 * fast {@link Propagator}; DOUBLE runs the {@link ReferenceStepper} (exact in double precision, small grids only).
 * The float path also computes the least-squares misfit and its gradient in one fused pass (each shot's residual
 * is formed as soon as its forward pass ends), which FWI uses.
 */
public final class TimeDomainOperator implements ForwardOperator, LeastSquaresGradient {

	/** Which implementation of the scheme to run. */
	public enum Precision { FLOAT, DOUBLE }

	private final WaveSetup setup;
	private final Precision precision;
	private final int threads;
	private final Propagator fast;
	private final ReferenceStepper reference;

	/** @param threads threads per call for the float path (0 = all) */
	public TimeDomainOperator(final WaveSetup setup, final Precision precision, final int threads) {
		this.setup = setup;
		this.precision = precision;
		this.threads = threads;
		fast = precision == Precision.FLOAT ? new Propagator(setup) : null;
		reference = precision == Precision.DOUBLE ? new ReferenceStepper(setup) : null;
	}

	public WaveSetup setup() { return setup; }

	@Override
	public int modelSize() { return setup.grid.size(); }

	@Override
	public int dataSize() { return setup.dataSize(); }

	@Override
	public double[] apply(final double[] x, final double[] out) {
		return fast != null ? flatten(fast.forward(x, threads, Progress.NONE), out) : flatten(reference.forward(x, Progress.NONE), out);
	}

	/**
	 * {@code F(x)} in stages of 32 time steps (float path; the double path reports everything at the end): after each
	 * stage the new samples of every shot are converted into out and reported to the watch, shot by shot.
	 */
	@Override
	public boolean apply(final double[] x, final double[] out, final Watch watch) {
		if (fast == null) return ForwardOperator.super.apply(x, out, watch);
		final int nr = setup.acquisition.receivers(), gather = setup.gatherSize();
		final int[] reported = new int[setup.acquisition.sources()]; // samples of each shot reported so far
		final boolean[] stopped = { false };
		final float[][] shots = fast.forward(x, threads, Progress.NONE, (gathers, first, count, samples) -> {
			for (int s = first; s < first + count; s++) {
				report(gathers[s], s * gather, reported[s] * nr, samples * nr, out, watch);
				reported[s] = samples;
			}
			stopped[0] = !watch.proceed();
			return !stopped[0];
		});
		if (stopped[0]) return false;
		for (int s = 0; s < shots.length; s++) report(shots[s], s * gather, reported[s] * nr, gather, out, watch);
		watch.proceed();
		return true;
	}

	/** Converts gather values [from, to) of one shot (whose data start at offset) into out and reports them. */
	private static void report(final float[] gather, final int offset, final int from, final int to, final double[] out,
		final Watch watch) {
		if (from >= to) return;
		for (int i = from; i < to; i++) out[offset + i] = gather[i];
		watch.computed(out, offset + from, offset + to);
	}

	@Override
	public Linearization linearize(final double[] x) {
		final double[] model = x.clone();
		final double[] value = apply(model, null);
		return new Linearization() {
			@Override public double[] model() { return model; }

			@Override public double[] value() { return value; }

			@Override public double[] jacobianTimes(final double[] v, final double[] out) {
				return fast != null ? flatten(fast.born(model, v, threads, Progress.NONE), out)
					: flatten(reference.born(model, v, Progress.NONE), out);
			}

			@Override public double[] adjointTimes(final double[] w, final double[] out) {
				if (w.length != dataSize()) throw new IllegalArgumentException("data-space vector has " + w.length + " values, expected " +
					dataSize());
				final double[] g = out == null ? new double[modelSize()] : out;
				if (fast != null) return fast.adjoint(model, splitFloat(w), g, threads, Progress.NONE);
				final double[] r = reference.adjoint(model, splitDouble(w), Progress.NONE);
				System.arraycopy(r, 0, g, 0, r.length);
				return g;
			}
		};
	}

	@Override
	public double misfitGradient(final double[] x, final double[] observed, final double[] gradient) {
		if (observed.length != dataSize()) throw new IllegalArgumentException("observed data have " + observed.length +
			" values, expected " + dataSize());
		if (fast != null) return fast.misfitGradient(x, splitFloat(observed), gradient, threads, Progress.NONE);
		try (Linearization lin = linearize(x)) {
			final double[] r = lin.value().clone();
			double f = 0;
			for (int i = 0; i < r.length; i++) {
				r[i] -= observed[i];
				f += 0.5 * r[i] * r[i];
			}
			lin.adjointTimes(r, gradient);
			return f;
		}
	}

	/** Flattens shot gathers (per shot nt x receivers) into the operator's data order. */
	public double[] flatten(final float[][] shots, final double[] out) {
		final double[] d = out == null ? new double[dataSize()] : out;
		int k = 0;
		for (final float[] s : shots) for (final float v : s) d[k++] = v;
		return d;
	}

	private double[] flatten(final double[][] shots, final double[] out) {
		final double[] d = out == null ? new double[dataSize()] : out;
		int k = 0;
		for (final double[] s : shots) {
			System.arraycopy(s, 0, d, k, s.length);
			k += s.length;
		}
		return d;
	}

	private float[][] splitFloat(final double[] w) {
		final int n = setup.gatherSize();
		final float[][] s = new float[setup.acquisition.sources()][n];
		for (int i = 0; i < s.length; i++) for (int j = 0; j < n; j++) s[i][j] = (float) w[i * n + j];
		return s;
	}

	private double[][] splitDouble(final double[] w) {
		final int n = setup.gatherSize();
		final double[][] s = new double[setup.acquisition.sources()][n];
		for (int i = 0; i < s.length; i++) System.arraycopy(w, i * n, s[i], 0, n);
		return s;
	}

	/**
	 * Converts a gradient with respect to velocity (per pixel, m/s) into the gradient with respect to squared
	 * slowness m = 1 / v^2 (s^2/m^2): {@code dJ/dm = dJ/dv dv/dm = -v^3 / 2 dJ/dv}.
	 *
	 * @param gv the velocity gradient, not modified
	 * @param v the velocities it was computed at, m/s
	 * @param out filled and returned; allocated when null
	 */
	public static double[] squaredSlownessGradient(final double[] gv, final double[] v, final double[] out) {
		final double[] g = out == null ? new double[gv.length] : out;
		for (int i = 0; i < gv.length; i++) g[i] = -0.5 * v[i] * v[i] * v[i] * gv[i];
		return g;
	}
}
