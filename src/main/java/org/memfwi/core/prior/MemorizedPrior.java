package org.memfwi.core.prior;

import java.util.Arrays;

/**
 * The training set as a prior, and its closed-form diffusion version at noise level sigma: the Gaussian mixture
 * {@code p_sigma(x) = (1/N) sum_n N(x; x_n, sigma^2 I)} (the exact marginal of a diffusion model that has memorized
 * its N training models). Gives its log density, score, Tweedie denoiser
 * {@code D(x) = E[x_0 | x_sigma = x] = sum_n pi_n(x) x_n} with responsibilities
 * {@code pi = softmax(-||x - x_n||^2 / (2 sigma^2))}, and vector-Jacobian products of the denoiser, for models of any
 * dimension d (images included).
 * <p>
 * Each call costs O(N d) (one pass over the training set for the distances, one more over the models of non-zero
 * responsibility) and allocates nothing: the caller passes a {@link Workspace} (one per thread) and the output
 * arrays. Responsibilities are computed in log space, so they stay exact when every {@code ||x - x_n||^2 / sigma^2}
 * is huge. Units: x, x_n and sigma in the model's units (e.g. m/s); the score in 1/units; the log density in
 * log(1/units^d). Thread-safe given one workspace per thread.
 */
public final class MemorizedPrior {

	private final TrainingSet training;

	/** Per-thread scratch space: the responsibilities and the denoised model of the last call. */
	public static final class Workspace {
		final double[] pi;
		final double[] denoised;
		double sigma = Double.NaN;
		double logNorm;
		boolean hasDenoised;

		Workspace(final int n, final int d) {
			pi = new double[n];
			denoised = new double[d];
		}

		/** The responsibilities {@code pi_n(x)} of the last call (N values, summing to 1; do not modify). */
		public double[] responsibilities() { return pi; }

		/** The denoised model {@code D(x)} of the last call to a method that computes it (d values; do not modify). */
		public double[] denoised() { return denoised; }
	}

	public MemorizedPrior(final TrainingSet training) {
		if (training == null) throw new IllegalArgumentException("the training set is missing");
		this.training = training;
	}

	public TrainingSet training() { return training; }

	/** Number of training models, N. */
	public int size() { return training.size(); }

	/** Model dimension, d. */
	public int dimension() { return training.dimension(); }

	/** A new workspace (N + d doubles) for one thread. */
	public Workspace workspace() {
		return new Workspace(training.size(), training.dimension());
	}

	/**
	 * Checks a noise level.
	 *
	 * @throws IllegalArgumentException naming sigma, unless it is positive and finite
	 */
	public static void checkSigma(final double sigma) {
		if (!(sigma > 0) || Double.isInfinite(sigma)) throw new IllegalArgumentException("sigma (noise level of the memorized prior) " +
			"must be positive and finite, got " + sigma + " (in the units of the models, e.g. m/s; a small sigma means a sharply memorized prior)");
	}

	/**
	 * Computes the responsibilities at {@code x} into the workspace and returns {@code log sum_n exp(-||x - x_n||^2 /
	 * (2 sigma^2))}.
	 */
	private double responsibilities(final double[] x, final double sigma, final Workspace ws) {
		checkSigma(sigma);
		training.checkModel(x, "x");
		for (int i = 0; i < x.length; i++)
			if (!Double.isFinite(x[i])) throw new IllegalArgumentException("x has the non-finite value " + x[i] + " at index " + i);
		if (ws.pi.length != training.size() || ws.denoised.length != training.dimension())
			throw new IllegalArgumentException("the workspace belongs to another prior; use prior.workspace()");
		final int n = training.size();
		final double[] l = ws.pi;
		final double s2 = 2 * sigma * sigma;
		double max = Double.NEGATIVE_INFINITY;
		for (int k = 0; k < n; k++) {
			final double v = -training.squaredDistance(k, x) / s2;
			l[k] = v;
			if (v > max) max = v;
		}
		double sum = 0;
		for (int k = 0; k < n; k++) sum += (l[k] = Math.exp(l[k] - max));
		final double inv = 1 / sum;
		for (int k = 0; k < n; k++) l[k] *= inv;
		ws.sigma = sigma;
		ws.hasDenoised = false;
		ws.logNorm = max + Math.log(sum);
		return ws.logNorm;
	}

	/**
	 * {@code log p_sigma(x)}, the log density of the Gaussian mixture (normalized in R^d).
	 *
	 * @param x d values, not modified
	 * @throws IllegalArgumentException if sigma is not positive or x is not finite or has the wrong size
	 */
	public double logDensity(final double[] x, final double sigma, final Workspace ws) {
		final double lse = responsibilities(x, sigma, ws);
		final int d = training.dimension();
		return lse - Math.log(training.size()) - 0.5 * d * Math.log(2 * Math.PI * sigma * sigma);
	}

	/**
	 * The Tweedie denoiser {@code D(x) = sum_n pi_n(x) x_n}, a convex combination of training models.
	 *
	 * @param x d values, not modified
	 * @param out d values, filled and returned (may not be x)
	 */
	public double[] denoise(final double[] x, final double sigma, final double[] out, final Workspace ws) {
		responsibilities(x, sigma, ws);
		final double[] dn = ws.denoised;
		Arrays.fill(dn, 0);
		final double[] pi = ws.pi;
		for (int k = 0; k < pi.length; k++)
			if (pi[k] != 0) training.addScaled(k, pi[k], dn);
		ws.hasDenoised = true;
		if (out != dn) System.arraycopy(dn, 0, out, 0, dn.length);
		return out;
	}

	/**
	 * The score {@code grad log p_sigma(x) = (D(x) - x) / sigma^2}.
	 *
	 * @param x d values, not modified
	 * @param out d values, filled and returned (may be x)
	 */
	public double[] score(final double[] x, final double sigma, final double[] out, final Workspace ws) {
		denoise(x, sigma, ws.denoised, ws);
		final double[] dn = ws.denoised;
		final double inv = 1 / (sigma * sigma);
		for (int i = 0; i < dn.length; i++) out[i] = (dn[i] - x[i]) * inv;
		return out;
	}

	/**
	 * The vector-Jacobian product {@code (dD/dx)^T v = (1/sigma^2) sum_n pi_n (x_n - D) ((x_n - D) . v)} of the
	 * denoiser at {@code x} (the Jacobian is symmetric, so this is also the Jacobian-vector product). Also leaves
	 * {@code D(x)} in {@link Workspace#denoised()}.
	 *
	 * @param x d values, not modified
	 * @param v d values, not modified
	 * @param out d values, filled and returned (may not be x or v)
	 */
	public double[] denoiserVjp(final double[] x, final double sigma, final double[] v, final double[] out, final Workspace ws) {
		denoise(x, sigma, ws.denoised, ws);
		return denoiserVjp(v, out, ws);
	}

	/**
	 * The vector-Jacobian product of the denoiser at the x and sigma of the last {@link #denoise}, {@link #score} or
	 * {@link #denoiserVjp} call with this workspace, without recomputing the distances (diffusion posterior sampling
	 * denoises first and needs the product at the same point afterwards).
	 *
	 * @param v d values, not modified
	 * @param out d values, filled and returned (may not be v)
	 * @throws IllegalStateException if the last call with this workspace did not denoise
	 */
	public double[] denoiserVjp(final double[] v, final double[] out, final Workspace ws) {
		if (!ws.hasDenoised) throw new IllegalStateException("denoise first: the workspace holds no denoised model yet");
		training.checkModel(v, "v");
		final double[] dn = ws.denoised, pi = ws.pi;
		Arrays.fill(out, 0, dn.length, 0);
		for (int k = 0; k < pi.length; k++) {
			if (pi[k] == 0) continue;
			final double a = training.centredDot(k, dn, v);
			training.addScaledCentred(k, pi[k] * a, dn, out);
		}
		final double inv = 1 / (ws.sigma * ws.sigma);
		for (int i = 0; i < dn.length; i++) out[i] *= inv;
		return out;
	}
}
