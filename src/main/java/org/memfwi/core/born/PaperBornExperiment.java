package org.memfwi.core.born;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

import org.memfwi.core.grid.Grid2D;
import org.memfwi.core.posterior.DiffusionPosteriorSampler;
import org.memfwi.core.posterior.Likelihood;
import org.memfwi.core.posterior.MemorizationMetrics;
import org.memfwi.core.posterior.PaperHelmholtzExperiment;
import org.memfwi.core.posterior.ReweightedPosterior;
import org.memfwi.core.prior.GeneratorSettings;
import org.memfwi.core.prior.MemorizedPrior;
import org.memfwi.core.prior.ModelFamily;
import org.memfwi.core.prior.ModelGenerator;
import org.memfwi.core.prior.TrainingSet;
import org.memfwi.core.progress.Progress;
import org.memfwi.core.util.LogSpace;
import org.memfwi.core.util.Parallel;
import org.memfwi.core.util.Seeds;
import org.memfwi.core.wave.Acquisition;
import org.memfwi.core.wave.SurveyDefaults;
import org.memfwi.core.wave.TimeDomainOperator;
import org.memfwi.core.wave.WaveSettings;
import org.memfwi.core.wave.WaveSetup;
import org.memfwi.core.wave.Wavelet;

/**
 * The paper's seismic Born track (mempost scripts/seismic_dps_posterior.py) with the closed-form memorized denoiser and
 * generated reflectivity in place of the Parihaka archive: training reflectivity images from a velocity family
 * ({@link Reflectivity#fromVelocity}, band-limited), a smooth background (the training velocities' mean, smoothed),
 * the time-domain Born operator over reflectivity ({@link BornOperator}), data of a held-out image with 5 % noise, and
 * for each N (the paper: 16 and 2048, nested): DPS and the reweighted training set (the sigma -> 0 limit of the exact
 * posterior, whose weights the figure plots). The linearized mixture, exact for this linear operator, is not run here:
 * dense J costs one Born run per cell, and a rank-k matrix-free mixture is far off at these data (see the comment in
 * {@link #run}). Metrics as in {@link PaperHelmholtzExperiment}, in reflectivity units.
 */
public final class PaperBornExperiment {

	/** What to run. Immutable: {@link Settings#of()}, {@code with...} copies, {@link Settings#validate()} names a bad value. */
	public static final class Settings {
		private static final int[] SIZES = { 16, 2048 };

		public final int[] sizes;
		public final int samples;
		public final int steps;
		public final double zeta;
		public final int size;
		public final double dx;
		public final ModelFamily family;
		/** Band limit of the reflectivity, cells per wavelength of the Ricker in depth. */
		public final double wavelength;
		public final double noise;
		public final long seed;
		public final int threads;

		public Settings validate() {
			if (sizes.length == 0) throw new IllegalArgumentException("n: give at least one training-set size, e.g. 16,2048");
			for (final int n : sizes)
				if (n < 2) throw new IllegalArgumentException("n: every training-set size must be at least 2, got " + n);
			if (samples < 2) throw new IllegalArgumentException("samples must be at least 2, got " + samples);
			if (size < 16) throw new IllegalArgumentException("the Born grid must be at least 16 cells, got " + size);
			return this;
		}

		/** The default settings. */
		public static Settings of() {
			return new Settings(SIZES, 16, 50, 300, 32, 10, ModelFamily.CURVED_FAULT, 4, 0.05, 42, 0);
		}

		private Settings(final int[] sizes, final int samples, final int steps, final double zeta, final int size, final double dx, final ModelFamily family, final double wavelength, final double noise, final long seed, final int threads) {
			this.sizes = sizes.clone();
			this.samples = samples;
			this.steps = steps;
			this.zeta = zeta;
			this.size = size;
			this.dx = dx;
			this.family = family;
			this.wavelength = wavelength;
			this.noise = noise;
			this.seed = seed;
			this.threads = threads;
		}

		/** A copy with {@code sizes} = v. */
		public Settings withSizes(final int[] v) {
			return new Settings(v, samples, steps, zeta, size, dx, family, wavelength, noise, seed, threads);
		}

		/** A copy with {@code samples} = v. */
		public Settings withSamples(final int v) {
			return new Settings(sizes, v, steps, zeta, size, dx, family, wavelength, noise, seed, threads);
		}

		/** A copy with {@code steps} = v. */
		public Settings withSteps(final int v) {
			return new Settings(sizes, samples, v, zeta, size, dx, family, wavelength, noise, seed, threads);
		}

		/** A copy with {@code zeta} = v. */
		public Settings withZeta(final double v) {
			return new Settings(sizes, samples, steps, v, size, dx, family, wavelength, noise, seed, threads);
		}

		/** A copy with {@code size} = v. */
		public Settings withSize(final int v) {
			return new Settings(sizes, samples, steps, zeta, v, dx, family, wavelength, noise, seed, threads);
		}

		/** A copy with {@code dx} = v. */
		public Settings withDx(final double v) {
			return new Settings(sizes, samples, steps, zeta, size, v, family, wavelength, noise, seed, threads);
		}

		/** A copy with {@code family} = v. */
		public Settings withFamily(final ModelFamily v) {
			return new Settings(sizes, samples, steps, zeta, size, dx, v, wavelength, noise, seed, threads);
		}

		/** A copy with {@code wavelength} = v. */
		public Settings withWavelength(final double v) {
			return new Settings(sizes, samples, steps, zeta, size, dx, family, v, noise, seed, threads);
		}

		/** A copy with {@code noise} = v. */
		public Settings withNoise(final double v) {
			return new Settings(sizes, samples, steps, zeta, size, dx, family, wavelength, v, seed, threads);
		}

		/** A copy with {@code seed} = v. */
		public Settings withSeed(final long v) {
			return new Settings(sizes, samples, steps, zeta, size, dx, family, wavelength, noise, v, threads);
		}

		/** A copy with {@code threads} = v. */
		public Settings withThreads(final int v) {
			return new Settings(sizes, samples, steps, zeta, size, dx, family, wavelength, noise, seed, v);
		}
	}

	/** The result: the truth, its data noise, and every method for every N; the reweighted weights. */
	public static final class Result {
		private final Grid2D grid;
		private final double[] truth;
		private final double noiseStd;
		private final List<PaperHelmholtzExperiment.Method> methods = new ArrayList<>();
		private final List<double[]> sortedWeights = new ArrayList<>();

		Result(final Grid2D grid, final double[] truth, final double noiseStd) {
			this.grid = grid;
			this.truth = truth;
			this.noiseStd = noiseStd;
		}

		/** The Born grid. */
		public Grid2D grid() { return grid; }

		/** The true reflectivity model, one value per cell. */
		public double[] truth() { return truth; }

		/** The standard deviation of the data noise, data units. */
		public double noiseStd() { return noiseStd; }

		public List<PaperHelmholtzExperiment.Method> methods() { return Collections.unmodifiableList(methods); }

		/** Per N, the reweighted (sigma -> 0) weights sorted decreasing. */
		public List<double[]> sortedWeights() { return Collections.unmodifiableList(sortedWeights); }
	}

	private final Settings s;

	public PaperBornExperiment(final Settings s) {
		s.validate();
		this.s = s;
	}

	public Result run(final Progress progress) {
		final Grid2D grid = new Grid2D(s.size, s.size, s.dx);
		final int maxN = Arrays.stream(s.sizes).max().getAsInt();
		progress.status("Born track: " + (maxN + 1) + " " + s.family.key() + " velocity models -> reflectivity");
		final GeneratorSettings gs = GeneratorSettings.of().withFamily(s.family).withN(maxN + 1).withSeed(s.seed)
			.withSize(s.size, s.size).withDx(s.dx).validate();
		final float[][] v = ModelGenerator.generate(gs, s.threads, progress.range(0, 0.05));
		final double[][] r = new double[maxN + 1][];
		Parallel.forEach(maxN + 1, s.threads, i -> r[i] = Reflectivity.fromVelocity(grid, v[i], s.wavelength, null));
		final double[] mean = new double[grid.size()];
		for (final float[] m : v) for (int i = 0; i < mean.length; i++) mean[i] += m[i] / v.length;
		final double[] background = Reflectivity.smooth(grid, mean, Math.max(2, s.size / 6));
		final Acquisition acq = Acquisition.surface(grid, SurveyDefaults.sources(grid), SurveyDefaults.depth(grid));
		// six cells per shortest wavelength at 1500 m/s (highest frequency about 2.5 f0): no dispersion warning
		final double f0 = Math.min(SurveyDefaults.f0(grid), gs.vmin / (6 * s.dx * 2.5)), dt = SurveyDefaults.dt(grid);
		final WaveSetup setup = new WaveSetup(grid, acq, Wavelet.ricker(f0, Wavelet.defaultDelay(f0), dt, SurveyDefaults.nt(grid)),
			WaveSettings.DEFAULT, gs.vmin, gs.vmax, progress);
		final BornOperator op = new BornOperator(new TimeDomainOperator(setup, TimeDomainOperator.Precision.FLOAT, 1), background);
		final double[] truth = r[maxN];
		final double[] y = op.apply(truth, null);
		double amp = 0;
		for (final double d : y) amp = Math.max(amp, Math.abs(d));
		final double gamma = s.noise * amp;
		final SplittableRandom rnd = Seeds.stream(s.seed + 1000, 0);
		for (int i = 0; i < y.length; i++) y[i] += gamma * Seeds.gaussian(rnd);
		final Result res = new Result(grid, truth, gamma);
		final Likelihood lik = new Likelihood(op, y, gamma);
		for (int k = 0; k < s.sizes.length; k++) {
			final int n = s.sizes[k];
			final Progress p = progress.range(0.05 + 0.95 * k / s.sizes.length, 0.05 + 0.95 * (k + 1) / s.sizes.length);
			final double[][] rn = Arrays.copyOf(r, n);
			final TrainingSet t = TrainingSet.of(rn);
			final float[][] tf = new float[n][];
			for (int i = 0; i < n; i++) {
				tf[i] = new float[rn[i].length];
				for (int j = 0; j < tf[i].length; j++) tf[i][j] = (float) rn[i][j];
			}
			p.status("Born track, N = " + n + ": reweighted training set");
			final ReweightedPosterior rw = ReweightedPosterior.compute(lik, t, s.threads, p.range(0, 0.2));
			res.methods.add(weighted(n, rw.weights(), rn, truth, rw.effectiveSampleSize(), rw.effectiveModes()));
			// The linear operator's linearized mixture is its exact posterior (BornOperatorTest checks it with dense algebra),
			// but dense J costs one Born run per cell and a rank-k matrix-free version is far off here (sigma^2 lambda ~ 1e5
			// beyond rank 8 moves every mean by sigma^2 g_perp): the figure shows the reweighted weights (the sigma -> 0 limit).
			final double[] w = rw.weights().clone();
			Arrays.sort(w);
			final double[] desc = new double[w.length];
			for (int i = 0; i < w.length; i++) desc[i] = w[w.length - 1 - i];
			res.sortedWeights.add(desc);
			p.status("Born track, N = " + n + ": DPS with the memorized denoiser");
			final DiffusionPosteriorSampler.Settings ds = DiffusionPosteriorSampler.Settings.of()
				.withSamples(s.samples)
				.withSteps(s.steps)
				.withZeta(s.zeta)
				.withRelativeZeta(true)
				.withNoise(gamma)
				.withSeed(s.seed + 7)
				.withThreads(s.threads);
			final DiffusionPosteriorSampler.Result dr = DiffusionPosteriorSampler.sample(new MemorizedPrior(t), op, y, ds, p.range(0.4, 1));
			res.methods.add(sampled("dps", n, dr.samples(), tf, rn, truth, Double.NaN, Double.NaN));
		}
		return res;
	}

	private static PaperHelmholtzExperiment.Method weighted(final int n, final double[] w, final double[][] x, final double[] truth,
		final double ess, final double modes)
	{
		final int d = truth.length;
		final double[] mean = new double[d], std = new double[d];
		for (int k = 0; k < n; k++) for (int i = 0; i < d; i++) mean[i] += w[k] * x[k][i];
		for (int k = 0; k < n; k++) for (int i = 0; i < d; i++) std[i] += w[k] * (x[k][i] - mean[i]) * (x[k][i] - mean[i]);
		for (int i = 0; i < d; i++) std[i] = Math.sqrt(std[i]);
		final Integer[] rank = new Integer[n];
		for (int i = 0; i < n; i++) rank[i] = i;
		Arrays.sort(rank, (a, b) -> Double.compare(w[b], w[a]));
		final int shown = Math.min(4, n);
		final double[][] sm = new double[shown][];
		for (int i = 0; i < shown; i++) sm[i] = x[rank[i]];
		return new PaperHelmholtzExperiment.Method("reweighted", n, mean, std, truth, ess, modes, 1, sm, sm);
	}

	private static PaperHelmholtzExperiment.Method sampled(final String name, final int n, final double[][] xs, final float[][] tf,
		final double[][] x, final double[] truth, final double ess, final double modes)
	{
		final int d = truth.length, m = xs.length;
		final double[] mean = new double[d], std = new double[d], hist = new double[n];
		final int[] nearest = new int[m];
		int memorized = 0;
		for (int k = 0; k < m; k++) {
			for (int i = 0; i < d; i++) mean[i] += xs[k][i] / m;
			final MemorizationMetrics.Entry e = MemorizationMetrics.of(xs[k], tf, MemorizationMetrics.DEFAULT_K, null);
			if (e.memorized(PaperHelmholtzExperiment.THRESHOLD)) memorized++;
			nearest[k] = e.nearest();
			hist[e.nearest()] += 1.0 / m;
		}
		for (int k = 0; k < m; k++) for (int i = 0; i < d; i++) std[i] += (xs[k][i] - mean[i]) * (xs[k][i] - mean[i]) / (m - 1);
		for (int i = 0; i < d; i++) std[i] = Math.sqrt(std[i]);
		double e2 = ess, em = modes;
		if (Double.isNaN(ess)) {
			final double[] lw = new double[n];
			for (int i = 0; i < n; i++) lw[i] = hist[i] > 0 ? Math.log(hist[i]) : Double.NEGATIVE_INFINITY;
			e2 = LogSpace.effectiveSampleSize(lw);
			em = LogSpace.effectiveModes(lw);
		}
		final int shown = Math.min(4, m);
		final double[][] sm = new double[shown][], nn = new double[shown][];
		for (int i = 0; i < shown; i++) {
			sm[i] = xs[i];
			nn[i] = x[nearest[i]];
		}
		return new PaperHelmholtzExperiment.Method(name, n, mean, std, truth, e2, em, memorized / (double) m, sm, nn);
	}
}
