package org.memfwi.core.posterior;

/**
 * How a posterior (mean and pixel variance) compares with a known true model, for synthetic tests: the root-mean-square
 * error of the mean and the fraction of pixels whose true value lies within {@code mean +- k std}. Units: the model's
 * (e.g. m/s for the RMSE); the coverage is a fraction between 0 and 1.
 */
public final class TruthComparison {

	private TruthComparison() {}

	/**
	 * {@code sqrt(mean_i (mean_i - truth_i)^2)}.
	 *
	 * @param mean d values
	 * @param truth d values
	 * @throws IllegalArgumentException if the sizes differ
	 */
	public static double rmse(final double[] mean, final double[] truth) {
		check(mean, truth);
		double s = 0;
		for (int i = 0; i < mean.length; i++) {
			final double e = mean[i] - truth[i];
			s += e * e;
		}
		return Math.sqrt(s / mean.length);
	}

	/**
	 * The fraction of pixels where {@code |truth_i - mean_i| <= k sqrt(variance_i)}: 0.95 would be calibrated for
	 * k = 2 and a Gaussian posterior. A pixel of zero variance counts only when the mean equals the truth there.
	 *
	 * @param mean d values
	 * @param variance d values (negative rounding residues count as 0)
	 * @param truth d values
	 * @param k the half-width of the interval in standard deviations, e.g. 2
	 */
	public static double coverage(final double[] mean, final double[] variance, final double[] truth, final double k) {
		check(mean, truth);
		check(variance, truth);
		int in = 0;
		for (int i = 0; i < mean.length; i++)
			if (Math.abs(truth[i] - mean[i]) <= k * Math.sqrt(Math.max(0, variance[i]))) in++;
		return in / (double) mean.length;
	}

	private static void check(final double[] a, final double[] truth) {
		if (a.length != truth.length) throw new IllegalArgumentException("truth has " + truth.length + " values but the posterior " +
			a.length + "; give a true model on the training models' grid");
		if (a.length == 0) throw new IllegalArgumentException("empty model");
	}
}
