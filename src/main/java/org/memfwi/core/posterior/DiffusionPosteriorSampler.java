package org.memfwi.core.posterior;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.memfwi.core.operator.ForwardOperator;
import org.memfwi.core.operator.Linearization;
import org.memfwi.core.prior.MemorizedPrior;
import org.memfwi.core.prior.TrainingSet;
import org.memfwi.core.progress.Progress;
import org.memfwi.core.util.Parallel;
import org.memfwi.core.util.Seeds;

/**
 * Diffusion posterior sampling (DPS, Chung et al. 2023) with the closed-form memorized denoiser: no network is
 * trained, the denoiser of a diffusion model that memorized its training set is {@code D(x) = sum pi_n(x) x_n}.
 * <p>
 * Variance-exploding schedule {@code sigma_1 = sigmaMax > ... > sigma_T = sigmaMin} (geometric). A chain starts from
 * an exact draw of the prior at sigmaMax, {@code x = x_n + sigmaMax eps} with n uniform. At each step:
 * {@code x0 = D(x_t)}, residual {@code rho = y - F(x0)}, FWI gradient {@code g0 = J^T (F(x0) - y)} at x0, guidance
 * gradient {@code g = (dD/dx_t)^T g0} (closed form, O(N d)), a reverse step from x_t to x_{t+1} (ancestral: the exact
 * Gaussian bridge of the VE process given x0, or DDIM: deterministic), then the guidance
 * {@code x_{t+1} -= zeta g / ||rho||} (DPS) or {@code x_{t+1} -= zeta (sigma_t^2 - sigma_{t+1}^2) g / gamma^2} (the
 * likelihood score of the reverse SDE, which vanishes as the noise gamma grows). With {@code relativeZeta} the DPS zeta
 * counts in units of {@link #referenceStep} (the Cauchy step at the training mean), so that one value suits wave data of
 * any amplitude. T steps in all; the last goes from
 * sigmaMin to 0, where the reverse step returns {@code D(x)}, and its guidance step gives the sample. Chains are
 * independent and seeded per sample: results are identical for any thread count.
 */
public final class DiffusionPosteriorSampler {

	/** How the reverse step moves from noise level sigma_t to sigma_{t+1} < sigma_t. */
	public enum Step {
		/** x0 + (s'^2/s^2)(x - x0) + s' sqrt(1 - s'^2/s^2) eps: the VE posterior bridge (stochastic). */
		ANCESTRAL,
		/** x0 + (s'/s)(x - x0): deterministic (DDIM, eta = 0). */
		DDIM
	}

	/** How the data pull the chain. */
	public enum Guidance {
		/** zeta g / ||rho|| (Chung et al.). */
		DPS,
		/** zeta (sigma_t^2 - sigma_{t+1}^2) g / gamma^2: the likelihood score of the reverse SDE. */
		SCORE
	}

	/** Sampler settings. Immutable: {@link Settings#of()}, {@code with...} copies, {@link Settings#validate()} names a bad value. */
	public static final class Settings {
		public final int steps;
		/** 0 = automatic: twice the largest distance of a training model from their mean. */
		public final double sigmaMax;
		/** 0 = automatic: 0.01 times sigmaMax. */
		public final double sigmaMin;
		public final double zeta;
		/**
		 * DPS guidance only: zeta counts in units of {@link DiffusionPosteriorSampler#referenceStep}, the Cauchy step of
		 * the data misfit at the training mean, which makes it independent of the units of data and model (wave data
		 * span many decades).
		 */
		public final boolean relativeZeta;
		public final Guidance guidance;
		public final Step step;
		/** Data noise standard deviation gamma (used by SCORE guidance). */
		public final double noise;
		public final int samples;
		public final long seed;
		public final int threads;

		public Settings validate() {
			if (steps < 2) throw new IllegalArgumentException("steps (diffusion steps T) must be at least 2, got " + steps);
			if (samples < 1) throw new IllegalArgumentException("samples must be at least 1, got " + samples);
			if (sigmaMax < 0 || !Double.isFinite(sigmaMax))
				throw new IllegalArgumentException("sigmamax must be positive (0 = automatic), got " + sigmaMax);
			if (sigmaMin < 0 || !Double.isFinite(sigmaMin))
				throw new IllegalArgumentException("sigmamin must be positive (0 = automatic), got " + sigmaMin);
			if (sigmaMax > 0 && sigmaMin > 0 && sigmaMin >= sigmaMax) throw new IllegalArgumentException("sigmamin (" + sigmaMin +
				") must be smaller than sigmamax (" + sigmaMax + ")");
			if (zeta < 0 || !Double.isFinite(zeta)) throw new IllegalArgumentException("zeta (guidance step) must be >= 0, got " + zeta);
			if (!(noise > 0) || Double.isInfinite(noise))
				throw new IllegalArgumentException("noise (data noise std gamma) must be positive, got " + noise);
			return this;
		}

		/** The default settings. */
		public static Settings of() {
			return new Settings(50, 0, 0, 1, false, Guidance.DPS, Step.ANCESTRAL, 1, 4, 1, 0);
		}

		private Settings(final int steps, final double sigmaMax, final double sigmaMin, final double zeta, final boolean relativeZeta, final Guidance guidance, final Step step, final double noise, final int samples, final long seed, final int threads) {
			this.steps = steps;
			this.sigmaMax = sigmaMax;
			this.sigmaMin = sigmaMin;
			this.zeta = zeta;
			this.relativeZeta = relativeZeta;
			this.guidance = guidance;
			this.step = step;
			this.noise = noise;
			this.samples = samples;
			this.seed = seed;
			this.threads = threads;
		}

		/** A copy with {@code steps} = v. */
		public Settings withSteps(final int v) {
			return new Settings(v, sigmaMax, sigmaMin, zeta, relativeZeta, guidance, step, noise, samples, seed, threads);
		}

		/** A copy with {@code sigmaMax} = v. */
		public Settings withSigmaMax(final double v) {
			return new Settings(steps, v, sigmaMin, zeta, relativeZeta, guidance, step, noise, samples, seed, threads);
		}

		/** A copy with {@code sigmaMin} = v. */
		public Settings withSigmaMin(final double v) {
			return new Settings(steps, sigmaMax, v, zeta, relativeZeta, guidance, step, noise, samples, seed, threads);
		}

		/** A copy with {@code zeta} = v. */
		public Settings withZeta(final double v) {
			return new Settings(steps, sigmaMax, sigmaMin, v, relativeZeta, guidance, step, noise, samples, seed, threads);
		}

		/** A copy with {@code relativeZeta} = v. */
		public Settings withRelativeZeta(final boolean v) {
			return new Settings(steps, sigmaMax, sigmaMin, zeta, v, guidance, step, noise, samples, seed, threads);
		}

		/** A copy with {@code guidance} = v. */
		public Settings withGuidance(final Guidance v) {
			return new Settings(steps, sigmaMax, sigmaMin, zeta, relativeZeta, v, step, noise, samples, seed, threads);
		}

		/** A copy with {@code step} = v. */
		public Settings withStep(final Step v) {
			return new Settings(steps, sigmaMax, sigmaMin, zeta, relativeZeta, guidance, v, noise, samples, seed, threads);
		}

		/** A copy with {@code noise} = v. */
		public Settings withNoise(final double v) {
			return new Settings(steps, sigmaMax, sigmaMin, zeta, relativeZeta, guidance, step, v, samples, seed, threads);
		}

		/** A copy with {@code samples} = v. */
		public Settings withSamples(final int v) {
			return new Settings(steps, sigmaMax, sigmaMin, zeta, relativeZeta, guidance, step, noise, v, seed, threads);
		}

		/** A copy with {@code seed} = v. */
		public Settings withSeed(final long v) {
			return new Settings(steps, sigmaMax, sigmaMin, zeta, relativeZeta, guidance, step, noise, samples, v, threads);
		}

		/** A copy with {@code threads} = v. */
		public Settings withThreads(final int v) {
			return new Settings(steps, sigmaMax, sigmaMin, zeta, relativeZeta, guidance, step, noise, samples, seed, v);
		}
	}

	/** Samples and what each chain did. */
	public static final class Result {
		private final double[][] samples;
		private final double[] residual;
		private final double[] sigmas;
		private final double zeta;

		Result(final double[][] samples, final double[] residual, final double[] sigmas, final double zeta) {
			this.samples = samples;
			this.residual = residual;
			this.sigmas = sigmas;
			this.zeta = zeta;
		}

		/** The sample mean (d values, model units). */
		public double[] mean() {
			final double[] m = new double[samples[0].length];
			for (final double[] x : samples)
				for (int i = 0; i < m.length; i++) m[i] += x[i];
			for (int i = 0; i < m.length; i++) m[i] /= samples.length;
			return m;
		}

		/** The unbiased sample pixel variance (d values, model units squared; 0 for a single sample). */
		public double[] variance() {
			final double[] m = mean(), v = new double[m.length];
			if (samples.length < 2) return v;
			for (final double[] x : samples)
				for (int i = 0; i < m.length; i++) v[i] += (x[i] - m[i]) * (x[i] - m[i]);
			for (int i = 0; i < m.length; i++) v[i] /= samples.length - 1;
			return v;
		}

		/** The samples, {@code samples x d}. */
		public double[][] samples() { return samples; }

		/** Final data residual norm ||y - F(x)|| of each sample (NaN where the operator rejects the sample). */
		public double[] residual() { return residual; }

		/** The noise schedule used, T values, decreasing. */
		public double[] sigmas() { return sigmas; }

		/** The guidance step used, zeta times the reference step when zeta is relative. */
		public double zeta() { return zeta; }
	}

	private DiffusionPosteriorSampler() {}

	/**
	 * Draws {@code s.samples} samples of the memorized-prior posterior given data y.
	 *
	 * @param prior the memorized prior (training set)
	 * @param op the forward operator (thread-safe)
	 * @param y observed data, m values, not modified
	 * @throws IllegalArgumentException for bad settings or sizes, naming the parameter
	 */
	public static Result sample(final MemorizedPrior prior, final ForwardOperator op, final double[] y, final Settings s,
		final Progress progress) {
		s.validate();
		final int d = prior.dimension();
		if (op.modelSize() != d) throw new IllegalArgumentException("the forward operator takes " + op.modelSize() +
			" model values but the training models have " + d);
		if (y.length != op.dataSize()) throw new IllegalArgumentException("data has " + y.length + " values, the operator makes " +
			op.dataSize());
		for (int i = 0; i < y.length; i++)
			if (!Double.isFinite(y[i])) throw new IllegalArgumentException("data has the non-finite value " + y[i] + " at index " + i);
		final double[] sigmas = schedule(prior.training(), s);
		final double zeta = s.relativeZeta && s.guidance == Guidance.DPS && s.zeta > 0 ? s.zeta * referenceStep(prior.training(), op, y) :
			s.zeta;
		final double[][] out = new double[s.samples][];
		final double[] residual = new double[s.samples];
		final AtomicInteger done = new AtomicInteger();
		final int total = s.samples * s.steps;
		Parallel.forEach(s.samples, s.threads, k -> {
			final double[] x = chain(prior, op, y, s, zeta, sigmas, Seeds.stream(s.seed, k), progress, done, total);
			out[k] = x;
			// The last guidance step may leave the models the operator accepts (e.g. a negative velocity): the sample is
			// kept, its residual is NaN.
			double r = Double.NaN;
			try {
				final double[] f = op.apply(x, null);
				r = 0;
				for (int i = 0; i < f.length; i++) r += (y[i] - f[i]) * (y[i] - f[i]);
				r = Math.sqrt(r);
			}
			catch (final IllegalArgumentException e) {
				progress.warn("sample " + (k + 1) + " is outside the forward operator's domain (" + e.getMessage() + "): its data " +
					"residual is left empty; a smaller guidance step zeta keeps samples closer to the training models");
			}
			residual[k] = r;
		});
		return new Result(out, residual, sigmas, zeta);
	}

	/** The geometric noise schedule sigmaMax .. sigmaMin, with automatic ends resolved from the training set. */
	public static double[] schedule(final TrainingSet t, final Settings s) {
		double max = s.sigmaMax;
		if (max == 0) max = 2 * Math.max(spread(t), Double.MIN_NORMAL);
		double min = s.sigmaMin;
		if (min == 0) min = 0.01 * max;
		if (min >= max) throw new IllegalArgumentException("sigmamin (" + min + ") must be smaller than sigmamax (" + max + ")");
		final double[] sig = new double[s.steps];
		for (int i = 0; i < s.steps; i++) sig[i] = max * Math.pow(min / max, i / (double) (s.steps - 1));
		return sig;
	}

	/**
	 * The reference DPS step {@code ||rho|| ||J^T rho||^2 / ||J J^T rho||^2} at the mean of the training models, with
	 * {@code rho = F(mean) - y}: with {@code zeta} equal to it, the DPS update {@code zeta J^T rho / ||rho||} (before the
	 * denoiser's Jacobian) is the exact line-search (Cauchy) step of steepest descent on {@code ||F(x) - y||^2 / 2} for the
	 * linearized operator. Its units are model^2 / data; one linearization, one adjoint and one Jacobian product.
	 *
	 * @return the reference, or 1 when the data are already fitted at the mean or the Jacobian vanishes there
	 */
	public static double referenceStep(final TrainingSet t, final ForwardOperator op, final double[] y) {
		final int n = t.size(), d = t.dimension();
		final double[] mean = new double[d];
		for (int k = 0; k < n; k++) t.addScaled(k, 1.0 / n, mean);
		try (Linearization lin = op.linearize(mean)) {
			final double[] f = lin.value(), rho = new double[y.length];
			double rr = 0;
			for (int i = 0; i < y.length; i++) {
				rho[i] = f[i] - y[i];
				rr += rho[i] * rho[i];
			}
			final double[] a = lin.adjointTimes(rho, null);
			final double[] b = lin.jacobianTimes(a, null);
			double aa = 0, bb = 0;
			for (final double v : a) aa += v * v;
			for (final double v : b) bb += v * v;
			final double ref = Math.sqrt(rr) * aa / bb;
			return ref > 0 && Double.isFinite(ref) ? ref : 1;
		}
	}

	/** The largest distance of a training model from the mean of the training models. */
	static double spread(final TrainingSet t) {
		final int n = t.size(), d = t.dimension();
		final double[] mean = new double[d];
		for (int k = 0; k < n; k++) t.addScaled(k, 1.0 / n, mean);
		double r = 0;
		for (int k = 0; k < n; k++) r = Math.max(r, t.squaredDistance(k, mean));
		return Math.sqrt(r);
	}

	private static double[] chain(final MemorizedPrior prior, final ForwardOperator op, final double[] y, final Settings s,
		final double zeta, final double[] sigmas, final SplittableRandom rng, final Progress progress, final AtomicInteger done, final int total) {
		final int d = prior.dimension(), m = y.length;
		final MemorizedPrior.Workspace ws = prior.workspace();
		final double[] x = new double[d], x0 = new double[d], g = new double[d], gx0 = new double[d], res = new double[m];
		// Exact draw of the prior at sigmaMax: a uniformly chosen training model plus Gaussian noise.
		prior.training().copy(rng.nextInt(prior.size()), x);
		for (int i = 0; i < d; i++) x[i] += sigmas[0] * Seeds.gaussian(rng);
		for (int t = 0; t < sigmas.length; t++) {
			progress.checkCanceled();
			// The last step goes from sigmaMin to 0: x becomes D(x) (then the last guidance step).
			final double st = sigmas[t], sn = t + 1 < sigmas.length ? sigmas[t + 1] : 0;
			prior.denoise(x, st, x0, ws);
			double scale = 0;
			if (zeta > 0) {
				try (Linearization lin = op.linearize(x0)) {
					final double[] f = lin.value();
					double rr = 0;
					for (int i = 0; i < m; i++) {
						res[i] = f[i] - y[i];
						rr += res[i] * res[i];
					}
					lin.adjointTimes(res, gx0);
					final double norm = Math.sqrt(rr);
					scale = s.guidance == Guidance.DPS ? (norm > 0 ? zeta / norm : 0) : zeta * (st * st - sn * sn) / (s.noise * s.noise);
				}
				prior.denoiserVjp(gx0, g, ws); // at x_t, sigma_t: the workspace still holds D(x_t)
			}
			final double ratio = sn / st;
			if (s.step == Step.DDIM) {
				for (int i = 0; i < d; i++) x[i] = x0[i] + ratio * (x[i] - x0[i]);
			}
			else {
				final double r2 = ratio * ratio, sd = sn * Math.sqrt(1 - r2);
				for (int i = 0; i < d; i++) x[i] = x0[i] + r2 * (x[i] - x0[i]) + sd * Seeds.gaussian(rng);
			}
			if (scale != 0) for (int i = 0; i < d; i++) x[i] -= scale * g[i];
			progress.fraction(done.incrementAndGet() / (double) total);
		}
		return x;
	}
}
