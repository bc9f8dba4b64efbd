package org.memfwi.core.shard;

import java.util.Arrays;

/**
 * Exact, mergeable running moments of a weighted mixture over a subset of components: the largest log weight seen,
 * {@code max}, the shifted weight sum {@code sum = sum_n exp(l_n - max)}, the weighted mean of the component means
 * {@code sum_n w_n mu_n / sum}, the shifted centred sum of squares {@code m2 = sum_n exp(l_n - max) (mu_n - mean)^2}
 * and the shifted within-component sum {@code sum_n exp(l_n - max) diag S_n} (d values each, model units and units
 * squared). When a larger log weight arrives the shifted sums are rescaled by {@code exp(old max - new max)}, so no
 * weight overflows and weights that underflow relative to the largest one drop out exactly as in log space.
 * <p>
 * {@link #add} is, operation for operation, the streaming update of the single-run linearized posterior (West's
 * weighted update), so a run that folds the same components in the same order gives bit-identical moments.
 * {@link #merge} combines two disjoint subsets by the pairwise formula of Chan, Golub and LeVeque (weighted), which is
 * exact in exact arithmetic and agrees with a single pass to rounding (about 1e-15 relative per merge).
 */
public final class WeightedMoments {

	private final int d;
	private final boolean within;
	private double max = Double.NEGATIVE_INFINITY, sum;
	private final double[] mean, m2, wsum;
	private long count;

	/**
	 * Empty moments of d values.
	 *
	 * @param within whether components carry a covariance diagonal (linearized) or are point masses (reweighted)
	 */
	public WeightedMoments(final int d, final boolean within) {
		if (d < 1) throw new IllegalArgumentException("the models have " + d + " values; they need at least one");
		this.d = d;
		this.within = within;
		mean = new double[d];
		m2 = new double[d];
		wsum = within ? new double[d] : null;
	}

	/** Moments restored from their stored parts (arrays not copied; see {@link PosteriorPartial}). */
	static WeightedMoments restore(final double max, final double sum, final long count, final double[] mean,
		final double[] m2, final double[] wsum) {
		final WeightedMoments m = new WeightedMoments(mean.length, wsum != null);
		m.max = max;
		m.sum = sum;
		m.count = count;
		System.arraycopy(mean, 0, m.mean, 0, mean.length);
		System.arraycopy(m2, 0, m.m2, 0, m2.length);
		if (wsum != null) System.arraycopy(wsum, 0, m.wsum, 0, wsum.length);
		return m;
	}

	/**
	 * Folds in one component of unnormalized log weight {@code lw}, mean {@code mu} and covariance diagonal
	 * {@code diag} (null or ignored for point masses).
	 *
	 * @throws IllegalArgumentException if {@code lw} is NaN or +infinity or the sizes differ
	 */
	public void add(final double lw, final double[] mu, final double[] diag) {
		if (Double.isNaN(lw) || lw == Double.POSITIVE_INFINITY)
			throw new IllegalArgumentException("a log weight is " + lw + "; log weights must be finite or -infinity");
		if (mu.length != d) throw new IllegalArgumentException("a component mean has " + mu.length + " values, expected " + d);
		count++;
		if (lw == Double.NEGATIVE_INFINITY) return; // zero weight: no contribution, and exp(-inf - -inf) would be NaN
		if (lw > max) {
			final double f = max == Double.NEGATIVE_INFINITY ? 0 : Math.exp(max - lw);
			sum *= f;
			for (int j = 0; j < d; j++) {
				m2[j] *= f;
				if (within) wsum[j] *= f;
			}
			max = lw;
		}
		final double w = Math.exp(lw - max);
		final double total = sum + w;
		if (w > 0) {
			final double a = w / total;
			for (int j = 0; j < d; j++) {
				final double delta = mu[j] - mean[j];
				mean[j] += a * delta;
				m2[j] += w * delta * (mu[j] - mean[j]);
				if (within) wsum[j] += w * diag[j];
			}
		}
		sum = total;
	}

	/**
	 * Folds in the moments of a disjoint set of components (Chan et al.'s pairwise update, rescaled to the larger
	 * maximum). {@code other} is not modified.
	 */
	public void merge(final WeightedMoments other) {
		if (other.d != d || other.within != within) throw new IllegalArgumentException("moments of " + other.d + " values (" +
			(other.within ? "with" : "without") + " covariances) cannot be merged into moments of " + d + " values (" +
			(within ? "with" : "without") + ")");
		count += other.count;
		if (other.max == Double.NEGATIVE_INFINITY) return;
		if (max == Double.NEGATIVE_INFINITY) {
			max = other.max;
			sum = other.sum;
			System.arraycopy(other.mean, 0, mean, 0, d);
			System.arraycopy(other.m2, 0, m2, 0, d);
			if (within) System.arraycopy(other.wsum, 0, wsum, 0, d);
			return;
		}
		final double top = Math.max(max, other.max);
		final double fa = Math.exp(max - top), fb = Math.exp(other.max - top);
		final double wa = sum * fa, wb = other.sum * fb, total = wa + wb;
		final double b = wb / total, ab = wa * b;
		for (int j = 0; j < d; j++) {
			final double delta = other.mean[j] - mean[j];
			mean[j] += b * delta;
			m2[j] = m2[j] * fa + other.m2[j] * fb + ab * delta * delta;
			if (within) wsum[j] = wsum[j] * fa + other.wsum[j] * fb;
		}
		max = top;
		sum = total;
	}

	/** Number of components folded in (including those of zero weight). */
	public long count() { return count; }

	/** Values per component, d. */
	public int dimension() { return d; }

	/** Whether components carry a covariance diagonal. */
	public boolean hasWithin() { return within; }

	/** Largest log weight so far (-infinity when empty). */
	public double max() { return max; }

	/** {@code sum_n exp(l_n - max)}, at least 1 once a component of finite log weight was added. */
	public double sum() { return sum; }

	/** {@code log sum_n exp(l_n)}. */
	public double logTotal() { return max == Double.NEGATIVE_INFINITY ? max : max + Math.log(sum); }

	/** The weighted mean, d values (a copy). */
	public double[] mean() { return mean.clone(); }

	/** Raw parts for storage (not copies; do not modify). */
	double[] rawMean() { return mean; }

	double[] rawM2() { return m2; }

	double[] rawWithin() { return wsum; }

	/** Mixture pixel variance {@code m2 / sum + within / sum}, d values (the single run's expression). */
	public double[] variance() {
		checkNotEmpty();
		final double[] v = new double[d];
		for (int j = 0; j < d; j++) {
			final double w = within ? wsum[j] / sum : 0;
			v[j] = within ? m2[j] / sum + w : m2[j] / sum;
		}
		return v;
	}

	/** The within-component part {@code sum_n w_n diag S_n}, d values (zeros for point masses). */
	public double[] withinVariance() {
		checkNotEmpty();
		final double[] w = new double[d];
		if (within) for (int j = 0; j < d; j++) w[j] = wsum[j] / sum;
		return w;
	}

	private void checkNotEmpty() {
		if (max == Double.NEGATIVE_INFINITY) throw new IllegalStateException("no component has positive weight");
	}

	@Override
	public boolean equals(final Object o) {
		if (!(o instanceof WeightedMoments)) return false;
		final WeightedMoments m = (WeightedMoments) o;
		return d == m.d && within == m.within && count == m.count && Double.compare(max, m.max) == 0 &&
			Double.compare(sum, m.sum) == 0 && Arrays.equals(mean, m.mean) && Arrays.equals(m2, m.m2) && Arrays.equals(wsum, m.wsum);
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(mean) * 31 + Double.hashCode(sum);
	}
}
