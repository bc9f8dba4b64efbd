package org.memfwi.core.util;

/**
 * Log-space arithmetic for weights that underflow: log-sum-exp, normalized log weights (log-softmax), effective
 * sample size and effective number of modes. Every result stays exact when every input is far below the smallest
 * double's logarithm (e.g. log-likelihoods of -1e5 or less), because only differences of logarithms are
 * exponentiated.
 */
public final class LogSpace {

	private LogSpace() {}

	/**
	 * {@code log sum_i exp(a_i)} over the first {@code n} values; -infinity when all are -infinity.
	 *
	 * @throws IllegalArgumentException if a value is NaN or +infinity
	 */
	public static double logSumExp(final double[] a, final int n) {
		double max = Double.NEGATIVE_INFINITY;
		for (int i = 0; i < n; i++) {
			final double v = a[i];
			if (Double.isNaN(v) || v == Double.POSITIVE_INFINITY)
				throw new IllegalArgumentException("log-weight " + i + " is " + v + "; log-weights must be finite or -infinity");
			if (v > max) max = v;
		}
		if (max == Double.NEGATIVE_INFINITY) return max;
		double s = 0;
		for (int i = 0; i < n; i++) s += Math.exp(a[i] - max);
		return max + Math.log(s);
	}

	private static double sumExp(final double[] a, final double max) {
		double s = 0;
		for (final double v : a) s += Math.exp(v - max);
		return s;
	}

	/** {@code log sum_i exp(a_i)} over all values. */
	public static double logSumExp(final double[] a) {
		return logSumExp(a, a.length);
	}

	/** {@code log(exp(a) + exp(b))} without overflow or underflow. */
	public static double logAddExp(final double a, final double b) {
		if (a == Double.NEGATIVE_INFINITY) return b;
		if (b == Double.NEGATIVE_INFINITY) return a;
		return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
	}

	/**
	 * Normalized log weights {@code a_i - logSumExp(a)} (log-softmax).
	 *
	 * @param a unnormalized log weights, not modified
	 * @param out filled and returned; allocated when null; may be {@code a}
	 * @throws IllegalArgumentException if {@code a} is empty, has NaN or +infinity, or is all -infinity
	 */
	public static double[] normalizeLog(final double[] a, final double[] out) {
		if (a.length == 0) throw new IllegalArgumentException("no weights to normalize: the set is empty");
		final double lse = logSumExp(a);
		if (lse == Double.NEGATIVE_INFINITY)
			throw new IllegalArgumentException("every log-weight is -infinity: no member has positive weight");
		double max = Double.NEGATIVE_INFINITY;
		for (final double v : a) max = Math.max(max, v);
		// (a_i - max) is exact for the leading weights, so large common offsets (e.g. -1e5) cost no precision.
		final double logSum = Math.log(sumExp(a, max));
		final double[] o = out != null ? out : new double[a.length];
		for (int i = 0; i < a.length; i++) o[i] = (a[i] - max) - logSum;
		return o;
	}

	/**
	 * Weights {@code softmax(a)}, summing to 1.
	 *
	 * @param a unnormalized log weights, not modified
	 * @param out filled and returned; allocated when null; may be {@code a}
	 */
	public static double[] softmax(final double[] a, final double[] out) {
		final double[] o = normalizeLog(a, out);
		for (int i = 0; i < o.length; i++) o[i] = Math.exp(o[i]);
		return o;
	}

	/** Effective sample size {@code 1 / sum w_i^2} of normalized log weights. */
	public static double effectiveSampleSize(final double[] logw) {
		double s = 0;
		for (final double l : logw) s += Math.exp(2 * l);
		return 1 / s;
	}

	/**
	 * Effective number of modes {@code exp(-sum w_i log w_i)} (the exponential of the weights' entropy) of normalized
	 * log weights: 1 for one weight, N for N equal weights. Terms of zero weight contribute 0.
	 */
	public static double effectiveModes(final double[] logw) {
		double h = 0;
		for (final double l : logw)
			if (l > Double.NEGATIVE_INFINITY) h -= Math.exp(l) * l;
		return Math.exp(h);
	}
}
