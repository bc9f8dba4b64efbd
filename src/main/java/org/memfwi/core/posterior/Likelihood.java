package org.memfwi.core.posterior;

import java.util.function.DoubleSupplier;

import org.memfwi.core.operator.ForwardOperator;
import org.memfwi.core.operator.SourceScaling;

/**
 * The Gaussian likelihood of observed data {@code y} (m values) under a forward operator F and noise of standard
 * deviation gamma (data units): {@code log p(y | x) = -||F(x) - y||^2 / (2 gamma^2)} up to a constant that cancels in
 * every posterior weight. With {@link SourceScaling} the prediction is first scaled by the least-squares source
 * scalars fitted for that model (variable projection): {@code -min_alpha ||A F(x) - y||^2 / (2 gamma^2)}. Immutable and
 * thread-safe (the operator is).
 */
public final class Likelihood {

	private final ForwardOperator op;
	private final double[] data;
	private final double gamma;
	private final SourceScaling scaling;

	/**
	 * @param op the forward operator
	 * @param data the observed data y, m = {@code op.dataSize()} values, copied
	 * @param gamma the noise standard deviation, in data units
	 * @throws IllegalArgumentException naming the bad input: gamma not positive, data of the wrong size or not finite
	 */
	public Likelihood(final ForwardOperator op, final double[] data, final double gamma) {
		if (op == null) throw new IllegalArgumentException("the forward operator is missing");
		checkGamma(gamma);
		if (data == null) throw new IllegalArgumentException("the data are missing");
		if (data.length != op.dataSize()) throw new IllegalArgumentException("the data have " + data.length +
			" values but the forward operator produces " + op.dataSize());
		for (int i = 0; i < data.length; i++)
			if (!Double.isFinite(data[i])) throw new IllegalArgumentException("the data have the non-finite value " + data[i] +
				" at index " + i + "; remove or repair it before computing a posterior");
		this.op = op;
		this.data = data.clone();
		this.gamma = gamma;
		this.scaling = SourceScaling.FIXED;
	}

	private Likelihood(final Likelihood l, final SourceScaling scaling) {
		op = l.op;
		data = l.data;
		gamma = l.gamma;
		this.scaling = scaling;
	}

	/**
	 * A copy whose predictions are scaled by the source scalars fitted for each model.
	 *
	 * @throws IllegalArgumentException if the scaling does not cover the data
	 */
	public Likelihood withSourceScaling(final SourceScaling s) {
		if (s == null) throw new IllegalArgumentException("the source scaling is missing");
		s.check(data.length);
		return new Likelihood(this, s);
	}

	/** The source scaling ({@link SourceScaling#FIXED} unless set). */
	public SourceScaling sourceScaling() { return scaling; }

	/** The source scalars fitted to F(x) (see {@link SourceScaling#scalars}); empty when the scaling is fixed. */
	public double[] sourceScalars(final double[] fx) {
		return scaling.estimates() ? scaling.scalars(fx, data, null) : new double[0];
	}

	/**
	 * Checks a noise standard deviation.
	 *
	 * @throws IllegalArgumentException naming gamma, unless it is positive and finite
	 */
	public static void checkGamma(final double gamma) {
		if (!(gamma > 0) || Double.isInfinite(gamma)) throw new IllegalArgumentException("gamma (noise standard deviation of " +
			"the data) must be positive and finite, got " + gamma + "; use the noise level of the data, e.g. gamma=0.3");
	}

	public ForwardOperator operator() { return op; }

	/** The observed data y (m values; do not modify). */
	public double[] data() { return data; }

	/** The noise standard deviation gamma, in data units. */
	public double gamma() { return gamma; }

	/** Model size d. */
	public int modelSize() { return op.modelSize(); }

	/** Data size m. */
	public int dataSize() { return op.dataSize(); }

	/**
	 * The residual {@code y - F(x)} given {@code F(x)} ({@code y - A F(x)} with source scaling).
	 *
	 * @param fx F(x), m values, not modified
	 * @param out m values, filled and returned; allocated when null; may be fx
	 */
	public double[] residual(final double[] fx, final double[] out) {
		final double[] o = out != null ? out : new double[data.length];
		if (scaling.estimates()) {
			scaling.scale(fx, scaling.scalars(fx, data, null), o);
			for (int i = 0; i < data.length; i++) o[i] = data[i] - o[i];
			return o;
		}
		for (int i = 0; i < data.length; i++) o[i] = data[i] - fx[i];
		return o;
	}

	/** The scaled misfit {@code ||F(x) - y||^2 / gamma^2} given {@code F(x)} (of the projected problem with source scaling). */
	public double misfit(final double[] fx) {
		if (scaling.estimates()) return scaling.misfit(fx, data) / (gamma * gamma);
		return squaredResidual(fx, 0, data.length) / (gamma * gamma);
	}

	/** {@code sum (y_i - fx_i)^2} over i in [from, to), in index order. */
	private double squaredResidual(final double[] fx, final int from, final int to) {
		double s = 0;
		for (int i = from; i < to; i++) {
			final double r = data[i] - fx[i];
			s += r * r;
		}
		return s;
	}

	/**
	 * The scaled misfit of x, or a lower bound on it that exceeds {@code limit}: F(x) is computed in the operator's
	 * stages ({@link ForwardOperator#apply(double[], double[], ForwardOperator.Watch)}) and stopped as soon as the misfit
	 * of the data computed so far exceeds the limit, read after every stage (it may fall while F runs). A complete
	 * evaluation gives the same bits as {@link #misfit(double[])}.
	 *
	 * @param limit the misfit beyond which x is of no further interest (+infinity: always complete)
	 * @throws IllegalStateException with source scaling, whose fitted scalars change the misfit of the data so far
	 */
	public Partial misfit(final double[] x, final DoubleSupplier limit) {
		if (scaling.estimates()) throw new IllegalStateException("a misfit cannot be bounded from part of the data when the " +
			"source scalars are fitted to all of it");
		final double[] fx = new double[data.length];
		final double g2 = gamma * gamma;
		final double[] sum = { 0 };
		final int[] count = { 0 };
		final boolean complete = op.apply(x, fx, new ForwardOperator.Watch() {
			@Override public void computed(final double[] out, final int from, final int to) {
				sum[0] += squaredResidual(out, from, to);
				count[0] += to - from;
			}

			@Override public boolean proceed() {
				return !(sum[0] / g2 > limit.getAsDouble());
			}
		});
		return complete || count[0] == data.length ? new Partial(misfit(fx), 1) : new Partial(sum[0] / g2, count[0] / (double) data.length);
	}

	/** A misfit computed on all of the data, or on the leading fraction of it as a lower bound. */
	public static final class Partial {
		/** The scaled misfit, or a lower bound on it when {@link #evaluated} is below 1. */
		public final double misfit;
		/** The fraction of the data values compared, in (0, 1]; 1 when the misfit is exact. */
		public final double evaluated;

		Partial(final double misfit, final double evaluated) {
			this.misfit = misfit;
			this.evaluated = evaluated;
		}

		/** Whether the misfit is exact (all the data compared). */
		public boolean complete() { return evaluated == 1; }
	}

	/** {@code log p(y | x) = -||F(x) - y||^2 / (2 gamma^2)} (no normalizing constant); evaluates F once. */
	public double logLikelihood(final double[] x) {
		return -0.5 * misfit(op.apply(x, null));
	}
}
