package org.memfwi.core.posterior;

import java.util.Arrays;
import java.util.PriorityQueue;

import org.memfwi.core.prior.ModelSource;
import org.memfwi.core.progress.Progress;
import org.memfwi.core.util.LogSpace;
import org.memfwi.core.util.Parallel;

/**
 * The reweighted training set ({@link ReweightedPosterior}: {@code w = softmax(l)}, {@code l_n = -||F(x_n) - y||^2 /
 * (2 gamma^2)}) computed in one sequential pass over a {@link ModelSource}, so that memory does not depend on N: the
 * models are read in blocks, evaluated in parallel, and accumulated in index order into a weighted mean and variance
 * kept in log space (West's weighted update, rescaled whenever the largest log-likelihood so far grows). Keeps the N
 * log-likelihoods (8 bytes per model) and the {@code keep} models of largest weight. Results do not depend on the
 * thread count; they equal the two-pass {@link ReweightedPosterior} to rounding.
 */
public final class StreamingReweighted {

	private final double[] logLikelihoods, logWeights, weights, mean, variance;
	private final double ess, modes;
	private final int[] best;
	private final float[][] bestModels;

	private StreamingReweighted(final double[] l, final double[] mean, final double[] variance, final int[] best, final float[][] bestModels) {
		logLikelihoods = l;
		logWeights = LogSpace.normalizeLog(l, null);
		weights = new double[l.length];
		for (int k = 0; k < l.length; k++) weights[k] = Math.exp(logWeights[k]);
		ess = LogSpace.effectiveSampleSize(logWeights);
		modes = LogSpace.effectiveModes(logWeights);
		this.mean = mean;
		this.variance = variance;
		this.best = best;
		this.bestModels = bestModels;
	}

	/** The running sums of the pass: weights relative to the largest log-likelihood seen, mean, and weighted squared deviations. */
	static final class Accumulator {
		final double[] mean, m2;
		double max = Double.NEGATIVE_INFINITY, sum;

		Accumulator(final int d) {
			mean = new double[d];
			m2 = new double[d];
		}

		/** Adds model x with log weight l. */
		void add(final float[] x, final double l) {
			if (l == Double.NEGATIVE_INFINITY) return;
			if (l > max) {
				final double scale = max == Double.NEGATIVE_INFINITY ? 0 : Math.exp(max - l);
				sum *= scale;
				for (int i = 0; i < m2.length; i++) m2[i] *= scale;
				max = l;
			}
			final double a = Math.exp(l - max);
			if (a == 0) return;
			sum += a;
			final double f = a / sum;
			for (int i = 0; i < mean.length; i++) {
				final double delta = x[i] - mean[i];
				mean[i] += f * delta;
				m2[i] += a * delta * (x[i] - mean[i]);
			}
		}

		double[] variance() {
			final double[] v = new double[m2.length];
			for (int i = 0; i < v.length; i++) v[i] = Math.max(0, m2[i] / sum);
			return v;
		}
	}

	/**
	 * One pass over the models: evaluates the likelihood of each and reweights them.
	 *
	 * @param keep how many models of largest weight to keep (copies, for best-matches images)
	 * @param threads worker threads, 0 = all processors
	 * @param progress fraction per model, a status line per block; polled for cancellation
	 * @throws IllegalArgumentException if the models do not fit the operator or a value is not finite
	 */
	public static StreamingReweighted compute(final Likelihood lik, final ModelSource src, final int keep, final int threads,
		final Progress progress) {
		return compute(lik::logLikelihood, lik.modelSize(), src, keep, threads, progress);
	}

	/** Model -> log-likelihood, evaluated concurrently. */
	public interface LogLikelihood {
		double of(double[] x);
	}

	/** As {@link #compute(Likelihood, ModelSource, int, int, Progress)} with any log-likelihood of d-value models. */
	public static StreamingReweighted compute(final LogLikelihood lik, final int d, final ModelSource src, final int keep,
		final int threads, final Progress progress) {
		if (src.dimension() != d) throw new IllegalArgumentException("the training models have " + src.dimension() +
			" values but the forward operator expects models of " + d);
		final int n = src.size();
		final int workers = Parallel.threads(threads);
		final int block = Math.max(8, 4 * workers);
		final float[][] buf = new float[block][d];
		final double[][] work = new double[block][d];
		final double[] l = new double[n];
		final Accumulator acc = new Accumulator(d);
		final int kept = Math.max(0, Math.min(keep, n));
		final PriorityQueue<Object[]> top = new PriorityQueue<>((a, b) -> {
			final int c = Double.compare((Double) a[0], (Double) b[0]);
			return c != 0 ? c : Integer.compare((Integer) b[1], (Integer) a[1]);
		});
		progress.status("Streaming " + src.describe() + " through the forward operator");
		for (int start = 0; start < n; start += block) {
			progress.checkCanceled();
			final int count = Math.min(block, n - start);
			for (int j = 0; j < count; j++) {
				src.read(start + j, buf[j]);
				checkFinite(buf[j], start + j);
			}
			final int s0 = start;
			Parallel.forEach(count, threads, j -> {
				progress.checkCanceled();
				final double[] x = work[j];
				final float[] m = buf[j];
				for (int i = 0; i < d; i++) x[i] = m[i];
				l[s0 + j] = lik.of(x);
			});
			for (int j = 0; j < count; j++) {
				final int k = start + j;
				if (Double.isNaN(l[k]) || l[k] == Double.POSITIVE_INFINITY) throw new IllegalArgumentException("training model " + (k + 1) +
					" gives the log-likelihood " + l[k] + "; check that model");
				acc.add(buf[j], l[k]);
				if (kept > 0 && (top.size() < kept || l[k] > (Double) top.peek()[0])) {
					top.add(new Object[] { l[k], k, buf[j].clone() });
					if (top.size() > kept) top.poll();
				}
			}
			progress.fraction((start + count) / (double) n);
		}
		if (acc.sum == 0) throw new IllegalArgumentException("every training model has log-likelihood -infinity");
		final Object[][] sorted = top.toArray(new Object[0][]);
		Arrays.sort(sorted, (a, b) -> {
			final int c = Double.compare((Double) b[0], (Double) a[0]);
			return c != 0 ? c : Integer.compare((Integer) a[1], (Integer) b[1]);
		});
		final int[] idx = new int[sorted.length];
		final float[][] models = new float[sorted.length][];
		for (int i = 0; i < sorted.length; i++) {
			idx[i] = (Integer) sorted[i][1];
			models[i] = (float[]) sorted[i][2];
		}
		return new StreamingReweighted(l, acc.mean, acc.variance(), idx, models);
	}

	private static void checkFinite(final float[] m, final int k) {
		for (int i = 0; i < m.length; i++)
			if (!Float.isFinite(m[i])) throw new IllegalArgumentException("training model " + (k + 1) + " has the non-finite value " + m[i] +
				" at index " + i + "; remove or repair that model");
	}

	/** {@code l_n} (N values; do not modify). */
	public double[] logLikelihoods() { return logLikelihoods; }

	/** Normalized log weights (N values; do not modify). */
	public double[] logWeights() { return logWeights; }

	/** Weights summing to 1 (N values; do not modify). */
	public double[] weights() { return weights; }

	/** Posterior mean, d values in model units (do not modify). */
	public double[] mean() { return mean; }

	/** Posterior pixel variance, d values in model units squared (do not modify). */
	public double[] variance() { return variance; }

	public double effectiveSampleSize() { return ess; }

	public double effectiveModes() { return modes; }

	/** Indices (0-based) of the kept models, by decreasing weight, ties by index. */
	public int[] best() { return best.clone(); }

	/** The kept models, in the order of {@link #best()} (do not modify). */
	public float[][] bestModels() { return bestModels; }
}
