package org.memfwi.core.posterior;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.memfwi.core.helmholtz.HelmholtzNoise;
import org.memfwi.core.helmholtz.HelmholtzOperator;
import org.memfwi.core.helmholtz.HelmholtzSolver;
import org.memfwi.core.helmholtz.MempostKlModel;
import org.memfwi.core.helmholtz.PaperPreset;
import org.memfwi.core.prior.MemorizedPrior;
import org.memfwi.core.prior.MempostKlBasis;
import org.memfwi.core.prior.MempostRandomField;
import org.memfwi.core.prior.TrainingSet;
import org.memfwi.core.progress.Progress;
import org.memfwi.core.util.LogSpace;
import org.memfwi.core.util.Parallel;

/**
 * The paper's Helmholtz memorization experiment (mempost scripts/helmholtz_dps_comparison_c64.py and helmholtz_fwi.py)
 * with the closed-form memorized denoiser in place of its overfit networks (their limit): models are the K^2 = 100
 * coefficients z of the paper's KL basis ({@link MempostKlBasis}), training sets the projections of N samples of its
 * FFT random field ({@link MempostRandomField}, alpha 3, tau 5), nested in N; the data the Helmholtz response of a
 * truth in a {@link PaperPreset} geometry with the paper's complex noise. Two truths: one drawn from the same field but
 * not in the training set, and an out-of-distribution one (alpha 1.5, tau 1), chosen as the paper does among
 * candidates: the farthest from the smallest training set. For each N: DPS with the memorized denoiser, the
 * reweighted training set and the linearized Gaussian mixture; their velocity mean and std, RMSE to the truth, 2-sigma
 * coverage, ESS, effective modes, and the memorized fraction at the paper's threshold 0.7 (ratio of nearest to mean of
 * the next k - 1 distances in z, k = min(50, N), as the paper computes it).
 */
public final class PaperHelmholtzExperiment {

	/** The paper's memorization threshold. */
	public static final double THRESHOLD = 0.7;

	/**
	 * The checks both paper experiments (this and the Born track) make of their training-set sizes and sample count.
	 *
	 * @param example the experiment's default sizes, for the message
	 * @throws IllegalArgumentException naming n or samples
	 */
	public static void checkSizesAndSamples(final int[] sizes, final int samples, final String example) {
		if (sizes.length == 0) throw new IllegalArgumentException("n: give at least one training-set size, e.g. " + example);
		for (final int n : sizes)
			if (n < 2) throw new IllegalArgumentException("n: every training-set size must be at least 2, got " + n);
		if (samples < 2) throw new IllegalArgumentException("samples must be at least 2 (a standard deviation needs two), got " + samples);
	}

	/** What to run. Immutable: {@link Settings#of()}, {@code with...} copies, {@link Settings#validate()} names a bad value. */
	public static final class Settings {
		private static final int[] SIZES = { 50, 200, 1000 };

		public final PaperPreset preset;
		public final int[] sizes;
		public final int samples;
		public final int steps;
		/** DPS guidance in Cauchy steps (as posterior-dps). */
		public final double zeta;
		/** Training models linearized for the linearized posterior (those of smallest misfit; the rest are point masses). */
		public final int linearize;
		/** Candidates for the out-of-distribution truth (the paper: 2000). */
		public final int candidates;
		public final long seed;
		public final int threads;

		public Settings validate() {
			checkSizesAndSamples(sizes, samples, "50,200,1000");
			if (steps < 2) throw new IllegalArgumentException("steps must be at least 2, got " + steps);
			if (linearize < 1) throw new IllegalArgumentException("linearize must be at least 1, got " + linearize);
			if (candidates < 1) throw new IllegalArgumentException("candidates must be at least 1, got " + candidates);
			return this;
		}

		/** The default settings. */
		public static Settings of() {
			return new Settings(PaperPreset.PAPER_64, SIZES, 16, 50, 300, 30, 2000, 42, 0);
		}

		private Settings(final PaperPreset preset, final int[] sizes, final int samples, final int steps, final double zeta, final int linearize, final int candidates, final long seed, final int threads) {
			this.preset = preset;
			this.sizes = sizes.clone();
			this.samples = samples;
			this.steps = steps;
			this.zeta = zeta;
			this.linearize = linearize;
			this.candidates = candidates;
			this.seed = seed;
			this.threads = threads;
		}

		/** A copy with {@code preset} = v. */
		public Settings withPreset(final PaperPreset v) {
			return new Settings(v, sizes, samples, steps, zeta, linearize, candidates, seed, threads);
		}

		/** A copy with {@code sizes} = v. */
		public Settings withSizes(final int[] v) {
			return new Settings(preset, v, samples, steps, zeta, linearize, candidates, seed, threads);
		}

		/** A copy with {@code samples} = v. */
		public Settings withSamples(final int v) {
			return new Settings(preset, sizes, v, steps, zeta, linearize, candidates, seed, threads);
		}

		/** A copy with {@code steps} = v. */
		public Settings withSteps(final int v) {
			return new Settings(preset, sizes, samples, v, zeta, linearize, candidates, seed, threads);
		}

		/** A copy with {@code zeta} = v. */
		public Settings withZeta(final double v) {
			return new Settings(preset, sizes, samples, steps, v, linearize, candidates, seed, threads);
		}

		/** A copy with {@code linearize} = v. */
		public Settings withLinearize(final int v) {
			return new Settings(preset, sizes, samples, steps, zeta, v, candidates, seed, threads);
		}

		/** A copy with {@code candidates} = v. */
		public Settings withCandidates(final int v) {
			return new Settings(preset, sizes, samples, steps, zeta, linearize, v, seed, threads);
		}

		/** A copy with {@code seed} = v. */
		public Settings withSeed(final long v) {
			return new Settings(preset, sizes, samples, steps, zeta, linearize, candidates, v, threads);
		}

		/** A copy with {@code threads} = v. */
		public Settings withThreads(final int v) {
			return new Settings(preset, sizes, samples, steps, zeta, linearize, candidates, seed, v);
		}
	}

	/** One method's posterior for one N and one truth, in velocity (m/s). */
	public static final class Method {
		private final String name;
		private final int n;
		private final double[] mean, std;
		private final double rmse, coverage, ess, effectiveModes, memorizedFraction;
		private final double[][] samples, nearest;

		public Method(final String name, final int n, final double[] mean, final double[] std, final double[] truth, final double ess,
			final double modes, final double memorized, final double[][] samples, final double[][] nearest)
		{
			this.name = name;
			this.n = n;
			this.mean = mean;
			this.std = std;
			double se = 0;
			int in = 0;
			for (int i = 0; i < mean.length; i++) {
				final double e = mean[i] - truth[i];
				se += e * e;
				if (Math.abs(e) <= 2 * std[i]) in++;
			}
			rmse = Math.sqrt(se / mean.length);
			coverage = in / (double) mean.length;
			this.ess = ess;
			effectiveModes = modes;
			memorizedFraction = memorized;
			this.samples = samples;
			this.nearest = nearest;
		}

		public String name() { return name; }

		public int n() { return n; }

		public double[] mean() { return mean; }

		public double[] std() { return std; }

		public double rmse() { return rmse; }

		public double coverage() { return coverage; }

		public double ess() { return ess; }

		public double effectiveModes() { return effectiveModes; }

		public double memorizedFraction() { return memorizedFraction; }

		/** Up to a few samples (velocity) and their nearest training models (velocity), for the montage. */
		public double[][] samples() { return samples; }

		/** Up to a few samples (velocity) and their nearest training models (velocity), for the montage. */
		public double[][] nearest() { return nearest; }
	}

	/** One truth and every method for every N. */
	public static final class Case {
		public final String truth;
		public final double[] velocity;
		public final double noiseStd;
		public final List<Method> methods = new ArrayList<>();

		Case(final String truth, final double[] velocity, final double noiseStd) {
			this.truth = truth;
			this.velocity = velocity;
			this.noiseStd = noiseStd;
		}
	}

	private final Settings s;
	private final MempostKlBasis kl;
	private final HelmholtzOperator op;

	public PaperHelmholtzExperiment(final Settings s) {
		s.validate();
		this.s = s;
		final int g = s.preset.grid().nx();
		kl = MempostKlBasis.paper(g, g);
		op = new HelmholtzOperator(new HelmholtzSolver(s.preset.grid(), s.preset.acquisition(), s.preset.config().withThreads(1)),
			new MempostKlModel(kl));
	}

	public MempostKlBasis basis() { return kl; }

	/** Velocity (m/s) of coefficients z. */
	public double[] velocity(final double[] z) {
		return MempostKlBasis.velocity(kl.reconstruct(z, null), null);
	}

	/** Runs both truths. Progress: the in-distribution truth fills the first half. */
	public List<Case> run(final Progress progress) {
		final int g = s.preset.grid().nx();
		final int maxN = Arrays.stream(s.sizes).max().getAsInt();
		final MempostRandomField train = MempostRandomField.training(g);
		progress.status("Helmholtz memorization: " + maxN + " training models of the paper's random field");
		final double[][] z = new double[maxN][];
		Parallel.forEach(maxN, s.threads, i -> {
			progress.checkCanceled();
			z[i] = kl.project(train.sample(s.seed, i, null), null);
		});
		final List<Case> out = new ArrayList<>();
		// in-distribution: a draw from the same field beyond every training index
		final double[] zIn = kl.project(train.sample(s.seed, 1L << 40, null), null);
		out.add(runCase("in-distribution", zIn, z, progress.range(0, 0.5), 1));
		// out of distribution: the paper's candidate farthest from the smallest training set
		progress.status("Helmholtz memorization: out-of-distribution truth among " + s.candidates + " candidates");
		final MempostRandomField ood = MempostRandomField.outOfDistribution(g);
		final int n0 = Arrays.stream(s.sizes).min().getAsInt();
		final double[] best = new double[s.candidates];
		final double[][] cand = new double[s.candidates][];
		Parallel.forEach(s.candidates, s.threads, c -> {
			progress.checkCanceled();
			cand[c] = kl.project(ood.sample(s.seed + 9999, c, null), null);
			double min = Double.POSITIVE_INFINITY;
			for (int k = 0; k < n0; k++) min = Math.min(min, distance(cand[c], z[k]));
			best[c] = min;
		});
		int arg = 0;
		for (int c = 1; c < best.length; c++) if (best[c] > best[arg]) arg = c;
		out.add(runCase("out-of-distribution", cand[arg], z, progress.range(0.5, 1), 2));
		return out;
	}

	private Case runCase(final String name, final double[] zTrue, final double[][] z, final Progress progress, final long stream) {
		final double[] y = op.apply(zTrue, null);
		final int block = s.preset.acquisition().sources() * s.preset.acquisition().receivers();
		final double gamma = s.preset.noiseStd(HelmholtzNoise.maxModulus(y, block));
		HelmholtzNoise.addGaussian(y, gamma, s.seed + 1000, stream);
		final double[] vTrue = velocity(zTrue);
		final Case c = new Case(name, vTrue, gamma);
		final Likelihood lik = new Likelihood(op, y, gamma);
		for (int k = 0; k < s.sizes.length; k++) {
			final int n = s.sizes[k];
			final Progress p = progress.range(k / (double) s.sizes.length, (k + 1) / (double) s.sizes.length);
			final double[][] zn = Arrays.copyOf(z, n);
			final TrainingSet t = TrainingSet.of(zn);
			final float[][] tf = new float[n][];
			for (int i = 0; i < n; i++) {
				tf[i] = new float[zn[i].length];
				for (int j = 0; j < tf[i].length; j++) tf[i][j] = (float) zn[i][j];
			}
			p.status(name + " truth, N = " + n + ": reweighted training set");
			final ReweightedPosterior rw = ReweightedPosterior.compute(lik, t, s.threads, p.range(0, 0.2));
			c.methods.add(weighted("reweighted", n, rw.weights(), zn, vTrue, rw.effectiveSampleSize(), rw.effectiveModes()));
			p.status(name + " truth, N = " + n + ": linearized Gaussian mixture");
			final LinearizedPosterior.Settings ls = LinearizedPosterior.Settings.of(sigmaOf(zn)).withLinearize(Math.min(s.linearize, n))
				.withSamples(s.samples).withSeed(s.seed).withThreads(s.threads).validate();
			final LinearizedPosterior.Result lr = LinearizedPosterior.compute(lik, t, ls, p.range(0.2, 0.4));
			c.methods.add(sampled("linearized", n, lr.samples(), tf, zn, vTrue, lr.effectiveSampleSize(), lr.effectiveModes()));
			p.status(name + " truth, N = " + n + ": DPS with the memorized denoiser");
			final DiffusionPosteriorSampler.Settings ds = DiffusionPosteriorSampler.Settings.of()
				.withSamples(s.samples)
				.withSteps(s.steps)
				.withZeta(s.zeta)
				.withRelativeZeta(true)
				.withNoise(gamma)
				.withSeed(s.seed + stream)
				.withThreads(s.threads);
			final DiffusionPosteriorSampler.Result dr = DiffusionPosteriorSampler.sample(new MemorizedPrior(t), op, y, ds, p.range(0.4, 1));
			c.methods.add(sampled("dps", n, dr.samples(), tf, zn, vTrue, Double.NaN, Double.NaN));
		}
		return c;
	}

	/**
	 * The prior noise level of the linearized posterior: the smallest distance between training models over 10, so
	 * that components barely overlap (the memorized regime the paper's networks reach).
	 */
	static double sigmaOf(final double[][] z) {
		double min = Double.POSITIVE_INFINITY;
		final int n = Math.min(z.length, 200);
		for (int i = 0; i < n; i++)
			for (int j = i + 1; j < n; j++) min = Math.min(min, distance(z[i], z[j]));
		return min / 10;
	}

	private Method weighted(final String name, final int n, final double[] w, final double[][] zn, final double[] vTrue,
		final double ess, final double modes)
	{
		final int d = vTrue.length;
		final double[] mean = new double[d], var = new double[d];
		final double[][] v = new double[n][];
		for (int k = 0; k < n; k++) {
			v[k] = velocity(zn[k]);
			for (int i = 0; i < d; i++) mean[i] += w[k] * v[k][i];
		}
		for (int k = 0; k < n; k++)
			for (int i = 0; i < d; i++) var[i] += w[k] * (v[k][i] - mean[i]) * (v[k][i] - mean[i]);
		for (int i = 0; i < d; i++) var[i] = Math.sqrt(var[i]);
		final int[] rank = Ranking.byDecreasing(w);
		final int shown = Math.min(4, n);
		final double[][] sm = new double[shown][], nn = new double[shown][];
		for (int i = 0; i < shown; i++) sm[i] = nn[i] = v[rank[i]];
		// every sample of the reweighted posterior is a training model: memorized by construction
		return new Method(name, n, mean, var, vTrue, ess, modes, 1, sm, nn);
	}

	private Method sampled(final String name, final int n, final double[][] zs, final float[][] tf, final double[][] zn,
		final double[] vTrue, final double ess, final double modes)
	{
		final int d = vTrue.length, m = zs.length;
		final double[] mean = new double[d], var = new double[d];
		final double[][] v = new double[m][];
		int memorized = 0;
		final double[] hist = new double[n];
		final int[] nearest = new int[m];
		for (int k = 0; k < m; k++) {
			v[k] = velocity(zs[k]);
			for (int i = 0; i < d; i++) mean[i] += v[k][i] / m;
			final MemorizationMetrics.Entry e = MemorizationMetrics.of(zs[k], tf, MemorizationMetrics.DEFAULT_K, null);
			if (e.memorized(THRESHOLD)) memorized++;
			nearest[k] = e.nearest();
			hist[e.nearest()] += 1.0 / m;
		}
		for (int k = 0; k < m; k++)
			for (int i = 0; i < d; i++) var[i] += (v[k][i] - mean[i]) * (v[k][i] - mean[i]) / (m - 1);
		for (int i = 0; i < d; i++) var[i] = Math.sqrt(var[i]);
		double e2 = ess, em = modes;
		if (Double.isNaN(ess)) { // samples only: the spread of their nearest training models
			final double[] lw = new double[n];
			for (int i = 0; i < n; i++) lw[i] = hist[i] > 0 ? Math.log(hist[i]) : Double.NEGATIVE_INFINITY;
			e2 = LogSpace.effectiveSampleSize(lw);
			em = LogSpace.effectiveModes(lw);
		}
		final int shown = Math.min(4, m);
		final double[][] sm = new double[shown][], nn = new double[shown][];
		for (int i = 0; i < shown; i++) {
			sm[i] = v[i];
			nn[i] = velocity(zn[nearest[i]]);
		}
		return new Method(name, n, mean, var, vTrue, e2, em, memorized / (double) m, sm, nn);
	}

	static double distance(final double[] a, final double[] b) {
		double s = 0;
		for (int i = 0; i < a.length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
		return Math.sqrt(s);
	}
}
