package org.memfwi.core.born;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

import org.memfwi.core.grid.Grid2D;
import org.memfwi.core.posterior.DiffusionPosteriorSampler;
import org.memfwi.core.posterior.Likelihood;
import org.memfwi.core.posterior.LinearMixturePosterior;
import org.memfwi.core.posterior.LinearizedComponent;
import org.memfwi.core.posterior.LinearizedPosterior;
import org.memfwi.core.posterior.MemorizationMetrics;
import org.memfwi.core.posterior.PaperHelmholtzExperiment;
import org.memfwi.core.posterior.ReweightedPosterior;
import org.memfwi.core.posterior.WeightFormula;
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
 * for each N (the paper: 16 and 2048, nested): DPS, the reweighted training set (the sigma -> 0 limit) and the
 * linearized Gaussian mixture at {@code sigma = }{@link #SIGMA_RELATIVE}{@code  x} the training reflectivity's RMS, which
 * for this linear operator is the exact posterior of the memorized prior ({@link LinearMixturePosterior}: the Hessian
 * B^T B from d Born + adjoint products once, with every eigenpair, and each component from the reweighted pass's
 * misfit and O(d^2) algebra, so the largest N costs no extra wave run). Metrics as in {@link PaperHelmholtzExperiment},
 * in reflectivity units; the linearized method's mean and std are the mixture's own, its memorized fraction that of
 * its samples.
 */
public final class PaperBornExperiment {

	/** The linearized posterior's prior noise level sigma, as a fraction of the training reflectivity's RMS. */
	public static final double SIGMA_RELATIVE = 0.1;

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
			PaperHelmholtzExperiment.checkSizesAndSamples(sizes, samples, "16,2048");
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
		private final List<double[]> sortedLinearizedWeights = new ArrayList<>();
		private double sigma = Double.NaN;

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

		/** Per N, the linearized (exact) posterior's component weights at {@link #sigma()}, sorted decreasing. */
		public List<double[]> sortedLinearizedWeights() { return Collections.unmodifiableList(sortedLinearizedWeights); }

		/** The linearized posterior's prior noise level, reflectivity units. */
		public double sigma() { return sigma; }
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
		// The training sets are nested (the first N of one list): one forward run per image of the largest gives every
		// N's misfits, and the shared Hessian with those misfits every N's linearized components.
		final TrainingSet largest = TrainingSet.of(Arrays.copyOf(r, maxN));
		final double[] logLik = ReweightedPosterior.logLikelihoods(lik, largest, s.threads, progress.range(0.05, 0.15));
		final double[] misfits = new double[maxN];
		double ss = 0;
		for (int i = 0; i < maxN; i++) {
			misfits[i] = -2 * logLik[i];
			for (final double q : r[i]) ss += q * q;
		}
		final double sigma = SIGMA_RELATIVE * Math.sqrt(ss / ((double) maxN * grid.size()));
		res.sigma = sigma;
		progress.status("Born track: the Hessian B^T B / gamma^2 from " + grid.size() + " Born and adjoint products, all eigenpairs");
		final LinearMixturePosterior.Shared shared = LinearMixturePosterior.shared(op, y, gamma, 0, 0, 0, s.seed, s.threads,
			progress.range(0.15, 0.35));
		final LinearizedComponent[] components = shared.components(largest, maxN, misfits, s.threads, progress);
		for (int k = 0; k < s.sizes.length; k++) {
			final int n = s.sizes[k];
			final Progress p = progress.range(0.35 + 0.65 * k / s.sizes.length, 0.35 + 0.65 * (k + 1) / s.sizes.length);
			final double[][] rn = Arrays.copyOf(r, n);
			final TrainingSet t = TrainingSet.of(rn);
			final float[][] tf = new float[n][];
			for (int i = 0; i < n; i++) {
				tf[i] = new float[rn[i].length];
				for (int j = 0; j < tf[i].length; j++) tf[i][j] = (float) rn[i][j];
			}
			final ReweightedPosterior rw = ReweightedPosterior.of(Arrays.copyOf(logLik, n), t);
			res.methods.add(weighted(n, rw.weights(), rn, truth, rw.effectiveSampleSize(), rw.effectiveModes()));
			res.sortedWeights.add(descending(rw.weights()));
			p.status("Born track, N = " + n + ": the linearized (exact) posterior at sigma = " + (float) sigma);
			final LinearizedPosterior.Result lr = LinearizedPosterior.combine(Arrays.copyOf(components, n), sigma, 0, s.samples, s.seed + 11,
				WeightFormula.EXACT);
			final PaperHelmholtzExperiment.Method ls = sampled("linearized", n, lr.samples(), tf, rn, truth, lr.effectiveSampleSize(),
				lr.effectiveModes());
			final double[] sd = new double[grid.size()];
			for (int i = 0; i < sd.length; i++) sd[i] = Math.sqrt(Math.max(0, lr.variance()[i]));
			res.methods.add(new PaperHelmholtzExperiment.Method("linearized", n, lr.mean(), sd, truth, lr.effectiveSampleSize(),
				lr.effectiveModes(), ls.memorizedFraction(), ls.samples(), ls.nearest()));
			res.sortedLinearizedWeights.add(descending(lr.weights()));
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

	private static double[] descending(final double[] weights) {
		final double[] w = weights.clone();
		Arrays.sort(w);
		final double[] desc = new double[w.length];
		for (int i = 0; i < w.length; i++) desc[i] = w[w.length - 1 - i];
		return desc;
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
