package org.memfwi.core.posterior;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import org.memfwi.core.prior.MemorizedPrior;
import org.memfwi.core.prior.ModelSource;
import org.memfwi.core.prior.TrainingSet;
import org.memfwi.core.progress.Progress;
import org.memfwi.core.util.LogSpace;
import org.memfwi.core.util.Parallel;
import org.memfwi.core.util.Table;

/**
 * The collapse of the posterior onto the training set: the effective number of modes
 * {@code exp(-sum w_n log w_n)} (and the effective sample size) of the linearized Gaussian-mixture posterior against
 * the prior noise level sigma, for nested training sets of several sizes N (the first N models of one training set).
 * The paper predicts that the posterior collapses onto few training models as sigma shrinks and as N shrinks.
 * <p>
 * Each training model is linearized once; the weights at every sigma follow from its {@link WeightSpectrum} in O(k),
 * so the sweep costs one linearized-posterior pass over the largest N plus O(N k) per sigma. For d <= 2 the exact
 * component weights (by quadrature, {@link ExactPosterior#componentLogMasses}) are added for comparison. The
 * sigma -> 0 limit (the reweighted training set) is given for every N.
 */
public final class CollapseSweep {

	/** Columns of the result table. */
	public static final String[] COLUMNS = { "n", "sigma", "effective_modes", "ess", "effective_modes_reweighted",
		"ess_reweighted", "effective_modes_exact" };

	private CollapseSweep() {}

	/** What to sweep. Immutable: {@link Settings#of()}, with... copies, {@link Settings#validate()}. */
	public static final class Settings {
		private static final int[] DEFAULT_SIZES = { 5, 10, 50, 200 };
		private static final double[] DEFAULT_SIGMAS = logSpaced(0.01, 1, 13);

		public final int[] sizes;
		public final double[] sigmas;
		public final int rank, oversampling, power, threads, maxCells;
		public final long seed;
		public final boolean exact;

		private Settings(final int[] sizes, final double[] sigmas, final int rank, final int oversampling, final int power, final int threads, final int maxCells, final long seed, final boolean exact) {
			this.sizes = sizes.clone();
			this.sigmas = sigmas.clone();
			this.rank = rank;
			this.oversampling = oversampling;
			this.power = power;
			this.threads = threads;
			this.maxCells = maxCells;
			this.seed = seed;
			this.exact = exact;
		}

		public static Settings of() {
			return new Settings(DEFAULT_SIZES, DEFAULT_SIGMAS, 0, 10, 1, 0, 1500, 1, true);
		}

		/** A copy with {@code sizes} = v. */
		public Settings withSizes(final int... v) {
			return new Settings(v.clone(), sigmas, rank, oversampling, power, threads, maxCells, seed, exact);
		}

		/** A copy with {@code sigmas} = v. */
		public Settings withSigmas(final double... v) {
			return new Settings(sizes, v.clone(), rank, oversampling, power, threads, maxCells, seed, exact);
		}

		/** A copy with {@code rank} = v. */
		public Settings withRank(final int v) {
			return new Settings(sizes, sigmas, v, oversampling, power, threads, maxCells, seed, exact);
		}

		/** A copy with {@code oversampling} = v. */
		public Settings withOversampling(final int v) {
			return new Settings(sizes, sigmas, rank, v, power, threads, maxCells, seed, exact);
		}

		/** A copy with {@code power} = v. */
		public Settings withPower(final int v) {
			return new Settings(sizes, sigmas, rank, oversampling, v, threads, maxCells, seed, exact);
		}

		/** A copy with {@code seed} = v. */
		public Settings withSeed(final long v) {
			return new Settings(sizes, sigmas, rank, oversampling, power, threads, maxCells, v, exact);
		}

		/** A copy with {@code threads} = v. */
		public Settings withThreads(final int v) {
			return new Settings(sizes, sigmas, rank, oversampling, power, v, maxCells, seed, exact);
		}

		/** A copy with {@code exact} = v. */
		public Settings withExact(final boolean v) {
			return new Settings(sizes, sigmas, rank, oversampling, power, threads, maxCells, seed, v);
		}

		/** A copy with {@code maxCells} = v. */
		public Settings withMaxCells(final int v) {
			return new Settings(sizes, sigmas, rank, oversampling, power, threads, v, seed, exact);
		}

		/**
		 * Checks every value.
		 *
		 * @return these settings
		 * @throws IllegalArgumentException naming the first bad value and the fix
		 */
		public Settings validate() {
			if (sizes.length == 0) throw new IllegalArgumentException("sizes: give at least one training-set size N, e.g. 5,10,50");
			for (final int n : sizes)
				if (n < 1) throw new IllegalArgumentException("sizes: N = " + n + " makes an empty training set; every size must be at least 1");
			if (sigmas.length == 0) throw new IllegalArgumentException("give at least one sigma");
			for (final double s : sigmas) MemorizedPrior.checkSigma(s);
			if (rank < 0) throw new IllegalArgumentException("rank must be 0 (dense) or positive, got " + rank);
			if (oversampling < 0 || power < 0) throw new IllegalArgumentException("oversampling and power must be 0 or more");
			if (maxCells < 2) throw new IllegalArgumentException("maxCells must be at least 2");
			return this;
		}
	}

	/**
	 * {@code steps} values from {@code min} to {@code max}, evenly spaced in log scale.
	 *
	 * @throws IllegalArgumentException unless 0 < min < max (or min = max with one step) and steps >= 1
	 */
	public static double[] logSpaced(final double min, final double max, final int steps) {
		if (!(min > 0) || !(max >= min) || Double.isInfinite(max)) throw new IllegalArgumentException("sigma range [" + min + ", " +
			max + "] is invalid: need 0 < sigmamin <= sigmamax");
		if (steps < 1 || (steps == 1 && max > min)) throw new IllegalArgumentException("steps must be at least 1 (and at least 2 " +
			"when sigmamin < sigmamax), got " + steps);
		final double[] s = new double[steps];
		for (int i = 0; i < steps; i++) s[i] = steps == 1 ? min : Math.exp(Math.log(min) + (Math.log(max) - Math.log(min)) * i / (steps - 1));
		s[0] = min;
		s[steps - 1] = max;
		return s;
	}

	/**
	 * Runs the sweep. Rows are ordered by N, then sigma as given; {@code effective_modes_exact} is empty unless exact
	 * weights were computed.
	 *
	 * @param training a training set at least as large as the largest N; the set of size N is its first N models
	 * @throws IllegalArgumentException if a size exceeds the training set or the training set does not fit the operator
	 * @throws org.memfwi.core.progress.CanceledException if canceled
	 */
	public static Table run(final Likelihood lik, final TrainingSet training, final Settings s, final Progress progress) {
		ReweightedPosterior.checkFits(lik, training);
		return run(lik, training.size(), training.dimension(), k -> training.copy(k, null), training, s, progress);
	}

	/**
	 * As {@link #run(Likelihood, TrainingSet, Settings, Progress)} over models read one at a time (a training set
	 * larger than memory): only the first max(N) models are read, each once, and only k + a few model-sized vectors
	 * per thread are held; the exact quadrature (low-dimensional problems only) is not available.
	 *
	 * @param models read one model at a time (reads are serialized)
	 * @throws IllegalArgumentException if a size exceeds the set, the models do not fit the operator, or exact is asked
	 */
	public static Table run(final Likelihood lik, final ModelSource models, final Settings s, final Progress progress) {
		if (lik == null) throw new IllegalArgumentException("the likelihood is missing");
		if (models.dimension() != lik.modelSize()) throw new IllegalArgumentException("the training models have " +
			models.dimension() + " values but the forward operator expects models of " + lik.modelSize());
		if (s.exact && models.dimension() <= 2) throw new IllegalArgumentException("exact: the quadrature needs the training set in " +
			"memory; give it as a TrainingSet");
		return run(lik, models.size(), models.dimension(), k -> {
			final float[] f;
			synchronized (models) {
				f = models.read(k, null);
			}
			final double[] x = new double[f.length];
			for (int i = 0; i < x.length; i++) x[i] = f[i];
			return x;
		}, null, s, progress);
	}

	private static Table run(final Likelihood lik, final int size, final int dimension, final IntFunction<double[]> model,
		final TrainingSet training, final Settings s, final Progress progress) {
		s.validate();
		final int maxN = Arrays.stream(s.sizes).max().getAsInt();
		if (maxN > size) throw new IllegalArgumentException("sizes: N = " + maxN + " exceeds the " + size +
			" training models available");
		final boolean exact = s.exact && dimension <= 2 && training != null;
		final Progress spectra = progress.range(0, exact ? 0.4 : 0.9);
		spectra.status("Collapse sweep: linearizing at " + maxN + " training models");
		final WeightSpectrum[] sp = new WeightSpectrum[maxN];
		final AtomicInteger done = new AtomicInteger();
		Parallel.forEach(maxN, s.threads, n -> {
			progress.checkCanceled();
			sp[n] = LinearizedComponent.linearize(lik, model.apply(n), n, s.rank, s.oversampling, s.power, s.seed,
				progress).spectrum();
			spectra.fraction(done.incrementAndGet() / (double) maxN);
		});
		final double[][] exactLogMass = new double[s.sigmas.length][];
		if (exact) {
			final TrainingSet all = training.first(maxN);
			for (int j = 0; j < s.sigmas.length; j++) {
				progress.checkCanceled();
				progress.status(String.format(Locale.ROOT, "Collapse sweep: exact weights by quadrature, sigma = %.4g", s.sigmas[j]));
				final ExactPosterior ep = new ExactPosterior(lik, all, s.sigmas[j], s.maxCells, s.threads);
				if (ep.resolved()) exactLogMass[j] = ep.componentLogMasses(s.threads);
				else progress.warn(String.format(Locale.ROOT, "sigma = %.4g: exact quadrature cannot resolve the " +
					"likelihood at this prior width (cells wider than the likelihood); effective_modes_exact left empty", s.sigmas[j]));
				progress.fraction(0.4 + 0.5 * (j + 1) / s.sigmas.length);
			}
		}
		final Table t = new Table(COLUMNS);
		for (final int n : s.sizes) {
			final double[] rw = new double[n];
			for (int k = 0; k < n; k++) rw[k] = sp[k].reweightedLogWeight();
			LogSpace.normalizeLog(rw, rw);
			final double rwModes = LogSpace.effectiveModes(rw), rwEss = LogSpace.effectiveSampleSize(rw);
			for (int j = 0; j < s.sigmas.length; j++) {
				final double[] lw = new double[n];
				for (int k = 0; k < n; k++) lw[k] = sp[k].logWeight(s.sigmas[j]);
				LogSpace.normalizeLog(lw, lw);
				Double ex = null;
				if (exactLogMass[j] != null) ex = LogSpace.effectiveModes(LogSpace.normalizeLog(Arrays.copyOf(exactLogMass[j], n), null));
				t.add(n, s.sigmas[j], LogSpace.effectiveModes(lw), LogSpace.effectiveSampleSize(lw), rwModes, rwEss, ex);
			}
		}
		progress.fraction(1);
		return t;
	}
}
