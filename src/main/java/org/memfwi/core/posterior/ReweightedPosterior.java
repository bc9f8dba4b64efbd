package org.memfwi.core.posterior;

import java.util.concurrent.atomic.AtomicInteger;

import org.memfwi.core.prior.TrainingSet;
import org.memfwi.core.progress.Progress;
import org.memfwi.core.util.LogSpace;
import org.memfwi.core.util.Parallel;

/**
 * The posterior under a memorized prior in the limit sigma -> 0: the training set reweighted by the likelihood,
 * {@code sum_n w_n delta(x - x_n)} with {@code w = softmax(l)}, {@code l_n = -||F(x_n) - y||^2 / (2 gamma^2)}. Gives
 * the weights (exact in log space even when every likelihood underflows), the posterior mean
 * {@code sum w_n x_n} and pixel variance {@code sum w_n (x_n - mean)^2} (model units and units squared, d values),
 * the effective sample size {@code 1 / sum w_n^2} and the effective number of modes {@code exp(-sum w_n log w_n)}.
 */
public final class ReweightedPosterior {

	private final double[] logLikelihoods;
	private final double[] logWeights;
	private final double[] weights;
	private final double[] mean;
	private final double[] variance;
	private final double ess;
	private final double modes;

	private ReweightedPosterior(final double[] logLik, final TrainingSet t) {
		logLikelihoods = logLik.clone();
		logWeights = LogSpace.normalizeLog(logLik, null);
		weights = new double[logWeights.length];
		for (int k = 0; k < weights.length; k++) weights[k] = Math.exp(logWeights[k]);
		ess = LogSpace.effectiveSampleSize(logWeights);
		modes = LogSpace.effectiveModes(logWeights);
		final int d = t.dimension();
		mean = new double[d];
		for (int k = 0; k < weights.length; k++)
			if (weights[k] != 0) t.addScaled(k, weights[k], mean);
		variance = new double[d];
		for (int k = 0; k < weights.length; k++)
			if (weights[k] != 0) t.addScaledSquaredCentred(k, weights[k], mean, variance);
	}

	/**
	 * The reweighted training set for given log-likelihoods.
	 *
	 * @param logLikelihoods {@code l_n}, N values (any constant offset), not modified
	 * @throws IllegalArgumentException if the sizes differ or a log-likelihood is NaN or +infinity
	 */
	public static ReweightedPosterior of(final double[] logLikelihoods, final TrainingSet training) {
		if (training == null) throw new IllegalArgumentException("the training set is missing");
		if (logLikelihoods.length != training.size()) throw new IllegalArgumentException(logLikelihoods.length +
			" log-likelihoods for " + training.size() + " training models");
		return new ReweightedPosterior(logLikelihoods, training);
	}

	/**
	 * Evaluates the forward operator at every training model (in parallel; results identical for any thread count)
	 * and reweights the training set.
	 *
	 * @param threads worker threads, 0 = all processors
	 * @throws IllegalArgumentException if the training models do not fit the operator
	 * @throws org.memfwi.core.progress.CanceledException if canceled
	 */
	public static ReweightedPosterior compute(final Likelihood lik, final TrainingSet training, final int threads,
		final Progress progress) {
		return of(logLikelihoods(lik, training, threads, progress), training);
	}

	/**
	 * {@code l_n = -||F(x_n) - y||^2 / (2 gamma^2)} for every training model, evaluated in parallel.
	 *
	 * @throws IllegalArgumentException if the training models do not fit the operator
	 */
	public static double[] logLikelihoods(final Likelihood lik, final TrainingSet training, final int threads,
		final Progress progress) {
		checkFits(lik, training);
		final int n = training.size();
		final double[] l = new double[n];
		final AtomicInteger done = new AtomicInteger();
		progress.status("Evaluating the forward operator at " + n + " training models");
		Parallel.forEach(n, threads, k -> {
			progress.checkCanceled();
			l[k] = -0.5 * lik.misfit(lik.operator().apply(training.copy(k, null), null));
			progress.fraction(done.incrementAndGet() / (double) n);
		});
		return l;
	}

	/** Throws unless the training models have the operator's model size. */
	static void checkFits(final Likelihood lik, final TrainingSet training) {
		if (lik == null) throw new IllegalArgumentException("the likelihood is missing");
		if (training == null) throw new IllegalArgumentException("the training set is missing");
		if (training.dimension() != lik.modelSize()) throw new IllegalArgumentException("the training models have " +
			training.dimension() + " values but the forward operator expects models of " + lik.modelSize());
	}

	/** The log-likelihoods {@code l_n} (N values; do not modify). */
	public double[] logLikelihoods() { return logLikelihoods; }

	/** Normalized log weights {@code l_n - logsumexp(l)} (N values; do not modify). */
	public double[] logWeights() { return logWeights; }

	/** Weights {@code w_n}, summing to 1 (N values; do not modify). */
	public double[] weights() { return weights; }

	/** Posterior mean, d values in model units (do not modify). */
	public double[] mean() { return mean; }

	/** Posterior pixel variance, d values in model units squared (do not modify). */
	public double[] variance() { return variance; }

	/** Effective sample size {@code 1 / sum w_n^2}, between 1 and N. */
	public double effectiveSampleSize() { return ess; }

	/** Effective number of modes {@code exp(-sum w_n log w_n)}, between 1 and N. */
	public double effectiveModes() { return modes; }

	/** Training indices (0-based) by decreasing weight, ties by index. */
	public int[] ranking() {
		return Ranking.byDecreasing(logWeights);
	}
}
