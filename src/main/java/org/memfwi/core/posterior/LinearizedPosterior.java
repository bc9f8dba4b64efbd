package org.memfwi.core.posterior;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.memfwi.core.prior.MemorizedPrior;
import org.memfwi.core.prior.TrainingSet;
import org.memfwi.core.progress.Progress;
import org.memfwi.core.util.LogSpace;
import org.memfwi.core.util.Memory;
import org.memfwi.core.util.Parallel;
import org.memfwi.core.util.Seeds;

/**
 * The linearized Gaussian-mixture posterior of the memorized diffusion prior at noise level sigma (DESIGN.md section 1,
 * the paper's Eq. 7): {@code sum_n w_n N(mu_n, S_n)}, one {@link LinearizedComponent} per training model, with the
 * exact marginal-likelihood weights {@code w = softmax(log N(r_n; 0, gamma^2 I + sigma^2 J_n J_n^T))} (log-determinant
 * included). Gives the weights, the mixture mean {@code sum w_n mu_n} and pixel variance
 * {@code sum w_n (diag S_n + mu_n^2) - mean^2} (split into the within- and between-component parts), the effective
 * sample size and number of modes, the leading components, and optional samples. As sigma -> 0 it reduces to the
 * {@link ReweightedPosterior}.
 * <p>
 * {@link #compute} streams the training set: components are computed in parallel in small blocks and folded, in
 * training order, into running sums (weights kept relative to the largest log weight so far; means and variances by
 * West's weighted update), so memory beyond the training set is independent of N (a block of components, the kept
 * leading components and the samples; O(N) scalars) and results are identical for any thread count. Samples are drawn
 * in the same single pass by weighted reservoir sampling (each sample replaces its component with probability
 * {@code w_n / sum_{i <= n} w_i}).
 * <p>
 * With {@link Settings#linearize} = M < N only the M training models of smallest misfit are linearized (one forward
 * pass over all N finds them); the others enter as point masses at x_n with their reweighted log weight
 * {@code -misfit / 2}, the sigma -> 0 limit of the same expression, so that the weights of both kinds share one scale.
 */
public final class LinearizedPosterior {

	private LinearizedPosterior() {}

	/**
	 * How to compute the linearized posterior. Immutable: {@link Settings#of(double)}, {@code with...} copies,
	 * {@link Settings#validate()}.
	 */
	public static final class Settings {
		/** Prior noise level sigma, model units. */
		public final double sigma;
		/** 0: dense exact eigen-decomposition of J^T J (small d); k > 0: top-k eigenpairs, matrix-free. */
		public final int rank;
		/** Extra random directions of the randomized eigensolver. */
		public final int oversampling;
		/** Power iterations of the randomized eigensolver. */
		public final int power;
		/** Random seed of the eigensolver and the samples. */
		public final long seed;
		/** Number of leading components to keep (their means, e.g. for shift images). */
		public final int keep;
		/** Number of samples to draw from the mixture. */
		public final int samples;
		/** Worker threads, 0 = all processors. */
		public final int threads;
		/**
		 * Linearize only this many training models, those with the smallest misfit (0 = all); the others are point
		 * masses with their reweighted weight, the sigma -> 0 limit (see {@link LinearizedComponent#point}).
		 */
		public final int linearize;
		/** Which component weights: exact (marginal likelihood) or the paper code's. */
		public final WeightFormula weights;

		private Settings(final double sigma, final int rank, final int oversampling, final int power, final int keep, final int samples, final int threads, final int linearize, final long seed, final WeightFormula weights) {
			this.weights = weights;
			this.sigma = sigma;
			this.rank = rank;
			this.oversampling = oversampling;
			this.power = power;
			this.seed = seed;
			this.keep = keep;
			this.samples = samples;
			this.threads = threads;
			this.linearize = linearize;
		}

		/** Settings for noise level sigma: dense path, oversampling 10, 1 power iteration, seed 1. */
		public static Settings of(final double sigma) {
			return new Settings(sigma, 0, 10, 1, 0, 0, 0, 0, 1, WeightFormula.EXACT);
		}

		/** A copy with {@code rank} = v. */
		public Settings withRank(final int v) {
			return new Settings(sigma, v, oversampling, power, keep, samples, threads, linearize, seed, weights);
		}

		/** A copy with {@code oversampling} = v. */
		public Settings withOversampling(final int v) {
			return new Settings(sigma, rank, v, power, keep, samples, threads, linearize, seed, weights);
		}

		/** A copy with {@code power} = v. */
		public Settings withPower(final int v) {
			return new Settings(sigma, rank, oversampling, v, keep, samples, threads, linearize, seed, weights);
		}

		/** A copy with {@code seed} = v. */
		public Settings withSeed(final long v) {
			return new Settings(sigma, rank, oversampling, power, keep, samples, threads, linearize, v, weights);
		}

		/** A copy with {@code keep} = v. */
		public Settings withKeep(final int v) {
			return new Settings(sigma, rank, oversampling, power, v, samples, threads, linearize, seed, weights);
		}

		/** A copy with {@code samples} = v. */
		public Settings withSamples(final int v) {
			return new Settings(sigma, rank, oversampling, power, keep, v, threads, linearize, seed, weights);
		}

		/** A copy with {@code threads} = v. */
		public Settings withThreads(final int v) {
			return new Settings(sigma, rank, oversampling, power, keep, samples, v, linearize, seed, weights);
		}

		/** A copy with {@code linearize} = v. */
		public Settings withLinearize(final int v) {
			return new Settings(sigma, rank, oversampling, power, keep, samples, threads, v, seed, weights);
		}

		/** A copy with {@code weights} = v. */
		public Settings withWeights(final WeightFormula v) {
			return new Settings(sigma, rank, oversampling, power, keep, samples, threads, linearize, seed, v);
		}

		/**
		 * Checks every value.
		 *
		 * @return these settings
		 * @throws IllegalArgumentException naming the first bad value and the fix
		 */
		public Settings validate() {
			MemorizedPrior.checkSigma(sigma);
			if (rank < 0) throw new IllegalArgumentException("rank must be 0 (dense, exact; small models) or the number of " +
				"Hessian eigenpairs to compute (e.g. 20), got " + rank);
			if (oversampling < 0) throw new IllegalArgumentException("oversampling must be 0 or more (e.g. 10), got " + oversampling);
			if (power < 0) throw new IllegalArgumentException("power iterations must be 0 or more (e.g. 1), got " + power);
			if (keep < 0) throw new IllegalArgumentException("keep (leading components to keep) must be 0 or more, got " + keep);
			if (samples < 0) throw new IllegalArgumentException("samples must be 0 or more, got " + samples);
			if (weights == null) throw new IllegalArgumentException("weights must be exact or mempost");
			if (linearize < 0) throw new IllegalArgumentException("linearize (number of best-fitting training models to " +
				"linearize) must be 0 (all) or more, got " + linearize);
			return this;
		}
	}

	/** The result: weights, moments, diagnostics, leading components and samples. */
	public static final class Result {
		private final double sigma;
		private final double[] logWeights, weights, reweightedLogWeights, misfits;
		private final double[] mean, variance, withinVariance;
		private final List<LinearizedComponent> leading;
		private final double[][] samples;
		private final boolean[] linearized;
		private final int linearizedCount;

		Result(final double sigma, final double[] logw, final double[] misfits, final boolean[] linearized, final double[] mean,
			final double[] variance, final double[] within, final List<LinearizedComponent> leading, final double[][] samples) {
			this.sigma = sigma;
			this.linearized = linearized;
			int c = 0;
			for (final boolean b : linearized) if (b) c++;
			linearizedCount = c;
			this.logWeights = LogSpace.normalizeLog(logw, null);
			this.weights = new double[logw.length];
			for (int i = 0; i < weights.length; i++) weights[i] = Math.exp(logWeights[i]);
			this.misfits = misfits;
			final double[] rw = new double[misfits.length];
			for (int i = 0; i < rw.length; i++) rw[i] = -0.5 * misfits[i];
			this.reweightedLogWeights = LogSpace.normalizeLog(rw, rw);
			this.mean = mean;
			this.variance = variance;
			this.withinVariance = within;
			this.leading = Collections.unmodifiableList(leading);
			this.samples = samples;
		}

		/** Number of components N. */
		public int size() { return weights.length; }

		/** Whether training model i (0-based) was linearized (false: a point mass with its reweighted weight). */
		public boolean isLinearized(final int i) { return linearized[i]; }

		/** How many training models were linearized. */
		public int linearizedCount() { return linearizedCount; }

		/** Normalized log weights (N values; do not modify). */
		public double[] logWeights() { return logWeights; }

		/** Component weights, summing to 1 (N values; do not modify). */
		public double[] weights() { return weights; }

		/** Normalized log weights of the reweighted training set (the sigma -> 0 limit), for comparison. */
		public double[] reweightedLogWeights() { return reweightedLogWeights; }

		/** Scaled misfits {@code ||y - F(x_n)||^2 / gamma^2} (N values). */
		public double[] misfits() { return misfits; }

		/** Mixture mean, d values in model units (do not modify). */
		public double[] mean() { return mean; }

		/** Mixture pixel variance (within + between components), d values in model units squared. */
		public double[] variance() { return variance; }

		/** The within-component part {@code sum w_n diag S_n} of the variance (d values). */
		public double[] withinVariance() { return withinVariance; }

		/** Effective sample size {@code 1 / sum w_n^2} of the component weights. */
		public double effectiveSampleSize() { return LogSpace.effectiveSampleSize(logWeights); }

		/** Effective number of modes {@code exp(-sum w_n log w_n)} of the component weights. */
		public double effectiveModes() { return LogSpace.effectiveModes(logWeights); }

		/** Effective sample size of the reweighted training set. */
		public double reweightedEffectiveSampleSize() { return LogSpace.effectiveSampleSize(reweightedLogWeights); }

		/** Effective number of modes of the reweighted training set. */
		public double reweightedEffectiveModes() { return LogSpace.effectiveModes(reweightedLogWeights); }

		/** The kept leading components, by decreasing weight (ties by index). */
		public List<LinearizedComponent> leading() { return leading; }

		/** The samples (each d values), or an empty array. */
		public double[][] samples() { return samples; }

		/** Training indices (0-based) by decreasing weight, ties by index. */
		public int[] ranking() { return Ranking.byDecreasing(logWeights); }

		/** The noise level sigma. */
		public double sigma() { return sigma; }
	}

	/**
	 * Computes the linearized posterior over a training set, streaming: every component is linearized once (in
	 * parallel blocks) and folded into the result in training order.
	 *
	 * @throws IllegalArgumentException for bad settings, a training set that does not fit the operator, or a job too
	 *         large for memory
	 * @throws org.memfwi.core.progress.CanceledException if canceled
	 */
	public static Result compute(final Likelihood lik, final TrainingSet training, final Settings s, final Progress progress) {
		s.validate();
		ReweightedPosterior.checkFits(lik, training);
		final int n = training.size(), d = training.dimension();
		final int k = s.rank == 0 ? d : Math.min(s.rank, d);
		final int lin = s.linearize == 0 ? n : Math.min(s.linearize, n);
		final int block = Math.max(1, Math.min(lin, 2 * Parallel.threads(s.threads)));
		final long denseWork = s.rank == 0 ? 3L * d * Math.min(block, Parallel.threads(s.threads)) : 0; // J^T J and its eigenvectors
		Memory.require(8L * d * ((long) block * (k + 5) + (long) Math.min(s.keep, n) * (k + 2) + (long) s.samples + 6 + denseWork) + 40L * n,
			"the linearized posterior (d = " + d + ", rank " + k + ", " + block + " components at a time, keep " + s.keep + ", " +
				s.samples + " samples)", s.rank == 0 ? "use the matrix-free path (rank = a few tens) or fewer threads" :
					"lower rank, keep, samples or threads");
		// With only the best M linearized: one forward pass gives every misfit, and the M smallest are chosen.
		boolean[] chosen = null;
		double[] misfit = null;
		Progress rest = progress;
		if (lin < n) {
			final double perComponent = s.rank == 0 ? d + 2 : 2.0 * (k + s.oversampling) * (s.power + 1) + 2;
			final double share = n / (n + lin * perComponent);
			final double[] logLik = ReweightedPosterior.logLikelihoods(lik, training, s.threads, progress.range(0, share));
			final int[] order = Ranking.byDecreasing(logLik);
			chosen = new boolean[n];
			for (int i = 0; i < lin; i++) chosen[order[i]] = true;
			misfit = new double[n];
			for (int i = 0; i < n; i++) misfit[i] = -2 * logLik[i];
			rest = progress.range(share, 1);
		}
		final Accumulator acc = new Accumulator(n, d, s.sigma, Math.min(s.keep, n), s.samples, s.seed, progress, s.weights);
		final LinearizedComponent[] slot = new LinearizedComponent[block];
		final double[][] mu = new double[block][d], diag = new double[block][d];
		final int[] items = new int[block];
		progress.status("Linearized posterior: " + (lin < n ? lin + " of " : "") + n + " components, " + (s.rank == 0 ? "dense" :
			"rank " + k) + ", sigma = " + Double.toString(s.sigma));
		int done = 0;
		for (int start = 0; start < n;) {
			// The next block: up to `block` models to linearize (in parallel) and the point masses between them.
			int end = start, count = 0;
			while (end < n && count < block) {
				if (chosen == null || chosen[end]) items[count++] = end;
				end++;
			}
			final Progress inner = rest;
			Parallel.forEach(count, s.threads, j -> {
				inner.checkCanceled();
				final LinearizedComponent c = LinearizedComponent.linearize(lik, training.copy(items[j], null), items[j], s.rank,
					s.oversampling, s.power, s.seed, inner);
				c.mean(s.sigma, mu[j]);
				c.covarianceDiagonal(s.sigma, diag[j]);
				slot[j] = c;
			});
			for (int i = start, j = 0; i < end; i++) {
				if (j < count && items[j] == i) {
					acc.add(slot[j], mu[j], diag[j]);
					slot[j++] = null;
				}
				else acc.addPoint(LinearizedComponent.point(i, training.copy(i, null), misfit[i]));
			}
			done += count;
			rest.fraction(done / (double) lin);
			start = end;
		}
		return acc.finish();
	}

	/**
	 * Linearizes at every training model and returns all components, in training order (for small problems and for
	 * evaluating several sigmas without linearizing again; memory N (k + 2) d doubles). {@code s.sigma} is not used.
	 */
	public static LinearizedComponent[] components(final Likelihood lik, final TrainingSet training, final Settings s,
		final Progress progress) {
		s.validate();
		ReweightedPosterior.checkFits(lik, training);
		final int n = training.size(), d = training.dimension();
		final int k = s.rank == 0 ? d : Math.min(s.rank, d);
		Memory.require(8L * n * d * (k + 2), n + " linearized components (d = " + d + ", rank " + k + ")",
			"use LinearizedPosterior.compute, which streams them");
		final LinearizedComponent[] out = new LinearizedComponent[n];
		final AtomicInteger done = new AtomicInteger();
		Parallel.forEach(n, s.threads, j -> {
			progress.checkCanceled();
			out[j] = LinearizedComponent.linearize(lik, training.copy(j, null), j, s.rank, s.oversampling, s.power, s.seed, progress);
			progress.fraction(done.incrementAndGet() / (double) n);
		});
		return out;
	}

	/**
	 * The linearized posterior at noise level sigma from components already computed (e.g. by {@link #components}),
	 * combined in the given order.
	 *
	 * @param keep leading components to keep
	 * @param samples samples to draw
	 * @param seed seed of the samples
	 */
	public static Result combine(final LinearizedComponent[] components, final double sigma, final int keep, final int samples,
		final long seed) {
		return combine(components, sigma, keep, samples, seed, WeightFormula.EXACT);
	}

	/** As {@link #combine(LinearizedComponent[], double, int, int, long)} with the given weight formula. */
	public static Result combine(final LinearizedComponent[] components, final double sigma, final int keep, final int samples,
		final long seed, final WeightFormula weights) {
		MemorizedPrior.checkSigma(sigma);
		if (components == null || components.length == 0)
			throw new IllegalArgumentException("no components: the training set is empty; give at least one training model");
		final int d = components[0].dimension();
		final Accumulator acc = new Accumulator(components.length, d, sigma, Math.min(keep, components.length), samples, seed,
			Progress.NONE, weights);
		final double[] mu = new double[d], diag = new double[d];
		for (final LinearizedComponent c : components) {
			c.mean(sigma, mu);
			c.covarianceDiagonal(sigma, diag);
			acc.add(c, mu, diag);
		}
		return acc.finish();
	}

	/** Running sums over components folded in order; see the class comment. */
	private static final class Accumulator {
		private final double sigma;
		private final WeightFormula formula;
		private final double[] logw, misfit;
		private final double[] mean, m2, within;
		private final int keep;
		private final List<LinearizedComponent> leading = new ArrayList<>();
		private final double[][] samples;
		private final SplittableRandom[] streams;
		private final Progress progress;
		private final boolean[] linearized;
		private int count;
		private double[] zero;
		private double max = Double.NEGATIVE_INFINITY, sum, logTotal = Double.NEGATIVE_INFINITY;
		private boolean warned;

		Accumulator(final int n, final int d, final double sigma, final int keep, final int samples, final long seed,
			final Progress progress, final WeightFormula formula) {
			this.sigma = sigma;
			this.formula = formula;
			logw = new double[n];
			misfit = new double[n];
			linearized = new boolean[n];
			mean = new double[d];
			m2 = new double[d];
			within = new double[d];
			this.keep = keep;
			this.samples = new double[samples][d];
			streams = new SplittableRandom[samples];
			final long sampleSeed = Seeds.mix(seed ^ 0x5A3B1E6D2C4F7A91L);
			for (int j = 0; j < samples; j++) streams[j] = Seeds.stream(sampleSeed, j);
			this.progress = progress;
		}

		/** Adds a point-mass component: mean x_n, zero covariance. */
		void addPoint(final LinearizedComponent c) {
			add(c, c.model(), zero == null ? zero = new double[c.dimension()] : zero);
		}

		void add(final LinearizedComponent c, final double[] mu, final double[] diag) {
			linearized[count] = c.isLinearized();
			final WeightSpectrum sp = c.spectrum();
			final double lw = formula.logWeight(sp, sigma);
			if (Double.isNaN(lw) || lw == Double.POSITIVE_INFINITY)
				throw new IllegalStateException("the weight of component " + (c.index() + 1) + " is " + lw);
			logw[count] = lw;
			misfit[count] = sp.misfit();
			count++;
			if (lw > max) {
				final double f = max == Double.NEGATIVE_INFINITY ? 0 : Math.exp(max - lw);
				sum *= f;
				for (int j = 0; j < mean.length; j++) {
					m2[j] *= f;
					within[j] *= f;
				}
				max = lw;
			}
			final double w = Math.exp(lw - max);
			final double total = sum + w;
			if (w > 0) {
				final double a = w / total;
				for (int j = 0; j < mean.length; j++) {
					final double delta = mu[j] - mean[j];
					mean[j] += a * delta;
					m2[j] += w * delta * (mu[j] - mean[j]);
					within[j] += w * diag[j];
				}
			}
			sum = total;
			logTotal = LogSpace.logAddExp(logTotal, lw);
			if (samples.length > 0) {
				final double p = Math.exp(lw - logTotal);
				for (int j = 0; j < samples.length; j++)
					if (streams[j].nextDouble() < p) c.sample(sigma, streams[j], samples[j]);
			}
			if (keep > 0) keepIfLeading(c, lw);
			if (!warned && sp.rank() < c.dimension() && sp.rank() > 0) {
				final double t = sigma * sigma * sp.eigenvalue(sp.rank() - 1);
				if (t > 0.1) {
					warned = true;
					progress.warn(String.format(Locale.ROOT, "rank %d may be too small: at training model %d the smallest eigenpair " +
						"kept still has sigma^2 lambda = %.3g (> 0.1), so directions beyond it that the data also constrain keep the " +
						"prior variance sigma^2; raise rank for a tighter covariance", sp.rank(), c.index() + 1, t));
				}
			}
		}

		private void keepIfLeading(final LinearizedComponent c, final double lw) {
			int pos = leading.size();
			while (pos > 0 && logWeightOf(leading.get(pos - 1)) < lw) pos--;
			if (pos >= keep) return;
			leading.add(pos, c);
			if (leading.size() > keep) leading.remove(leading.size() - 1);
		}

		private double logWeightOf(final LinearizedComponent c) {
			return formula.logWeight(c.spectrum(), sigma);
		}

		Result finish() {
			final double[] variance = new double[mean.length], w = new double[mean.length];
			for (int j = 0; j < mean.length; j++) {
				w[j] = within[j] / sum;
				variance[j] = m2[j] / sum + w[j];
			}
			return new Result(sigma, logw, misfit, linearized, mean, variance, w, new ArrayList<>(leading), samples);
		}
	}
}
