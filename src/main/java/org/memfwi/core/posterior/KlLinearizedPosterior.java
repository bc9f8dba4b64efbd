package org.memfwi.core.posterior;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import org.memfwi.core.grid.Grid2D;
import org.memfwi.core.helmholtz.KarhunenLoeveModel;
import org.memfwi.core.helmholtz.MempostKlModel;
import org.memfwi.core.helmholtz.Parameterization;
import org.memfwi.core.helmholtz.VelocityPixels;
import org.memfwi.core.prior.KarhunenLoeveBasis;
import org.memfwi.core.prior.MempostKlBasis;
import org.memfwi.core.prior.TrainingSet;
import org.memfwi.core.progress.Progress;

/**
 * The linearized Gaussian-mixture posterior over Karhunen–Loeve coefficients instead of pixels, mapped back to pixels
 * exactly. A model is f = f0 + a sum_i c_i sqrt(lambda_i) phi_i with f0 the training mean and a = amplitude /
 * sqrt(sum lambda) (so grf models of that amplitude have standard normal coefficients); the training models are
 * projected on the basis, the posterior of {@link LinearizedPosterior} is computed over the coefficients, and each
 * component's mean and covariance are pushed to pixels by the affine map c -> f ({@link AffinePushforward}).
 * <p>
 * With the paper code's basis ({@link #projectMempost}) the coefficients map affinely to squared slowness, not velocity:
 * the pixel moments are then exact in squared slowness and carried to velocity by the delta method per component
 * ({@link AffinePushforward#moments(List, double[], double, AffinePushforward.PixelMap)}); samples and shifts are
 * exact.
 * <p>
 * Two steps, so that the caller can build the likelihood over the coefficients in between:
 * {@link #project} (the basis, the training coefficients, how much of the models the basis misses), then
 * {@link #compute}.
 */
public final class KlLinearizedPosterior {

	private KlLinearizedPosterior() {}

	/** The training models projected on a KL basis, and the affine map from coefficients to pixels. */
	public static final class Projection {
		private final Parameterization model;
		private final AffinePushforward map;
		private final double[][] coefficients;
		private final double amplitude, projectionRms;
		/** The paper's basis when the map is to squared slowness (then velocity = 1 / sqrt(max(m, clip))), else null. */
		private final MempostKlBasis mempost;

		Projection(final Parameterization model, final AffinePushforward map, final double[][] coefficients, final double amplitude,
			final double projectionRms, final MempostKlBasis mempost) {
			this.model = model;
			this.map = map;
			this.coefficients = coefficients;
			this.amplitude = amplitude;
			this.projectionRms = projectionRms;
			this.mempost = mempost;
		}

		/** The parameterization c -> model of the wave operator over coefficients. */
		public Parameterization model() { return model; }

		/**
		 * The affine map from coefficients to pixels: velocity (m/s) for MemFWI's basis, squared slowness (s^2/m^2,
		 * unclipped) for the paper's ({@link #isMempost()}).
		 */
		public AffinePushforward map() { return map; }

		/** True for the paper code's basis ({@link #projectMempost}). */
		public boolean isMempost() { return mempost != null; }

		/** Velocity pixels (m/s) of coefficients c. */
		public double[] velocity(final double[] c) {
			final double[] f = map.apply(c, null);
			return mempost == null ? f : MempostKlBasis.velocity(f, f);
		}

		/** Number of coefficients (K^2). */
		public int size() { return map.dimension(); }

		/** The training models' coefficients, [model][coefficient]. */
		public double[][] coefficients() { return coefficients; }

		/** The field's standard deviation a the coefficients are scaled by, m/s (the paper's basis: sigma_m, s^2/m^2). */
		public double amplitude() { return amplitude; }

		/** RMS of what the basis misses of the training models, m/s. */
		public double projectionRms() { return projectionRms; }
	}

	/**
	 * Projects the training models on the basis.
	 *
	 * @param models training models (m/s), x fastest; not modified
	 * @param amplitude the field's standard deviation (m/s); 0 = the RMS deviation of the models from their mean
	 * @param progress warned when the basis misses more than 5 % of the models' spread
	 * @throws IllegalArgumentException when the basis is finer than the grid, or amplitude = 0 and all models are equal
	 */
	public static Projection project(final float[][] models, final Grid2D g, final int modes, final double alpha,
		final double smoothness, final double amplitude, final Progress progress) {
		final int n = models.length, p = g.size();
		if (modes > Math.min(g.nx(), g.nz())) throw new IllegalArgumentException("modes = " + modes + " exceeds the grid (" +
			g.nx() + " x " + g.nz() + "); use at most " + Math.min(g.nx(), g.nz()) + " modes per direction");
		final KarhunenLoeveBasis basis = new KarhunenLoeveBasis(modes, g.nx(), g.nz(), alpha, smoothness);
		final int d = basis.size();
		final double[] f0 = new double[p];
		for (final float[] m : models)
			for (int i = 0; i < p; i++) f0[i] += m[i] / (double) n;
		double amp = amplitude;
		if (amp == 0) {
			double ss = 0;
			for (final float[] m : models)
				for (int i = 0; i < p; i++) ss += (m[i] - f0[i]) * (m[i] - f0[i]);
			amp = Math.sqrt(ss / ((double) n * p));
			if (!(amp > 0)) throw new IllegalArgumentException("amplitude = 0 asks for the spread of the training models, but they " +
				"are all equal; give amplitude=A (m/s)");
		}
		final KarhunenLoeveModel model = new KarhunenLoeveModel(basis, f0, amp / Math.sqrt(basis.eigenvalueSum()),
			new VelocityPixels(g));
		// The training models' coefficients, and how much of each model the basis misses.
		final double[][] coef = new double[n][];
		final double[] x = new double[p], back = new double[p];
		double miss = 0;
		for (int k = 0; k < n; k++) {
			final float[] m = models[k];
			for (int i = 0; i < p; i++) x[i] = m[i];
			coef[k] = model.coefficients(x, null);
			model.field(coef[k], back);
			for (int i = 0; i < p; i++) miss += (x[i] - back[i]) * (x[i] - back[i]);
		}
		final double projectionRms = Math.sqrt(miss / ((double) n * p));
		if (projectionRms > 0.05 * amp) progress.warn(String.format(Locale.ROOT, "the %d x %d KL modes miss %.3g m/s RMS of the " +
			"training models (%.0f %% of their spread): the posterior is over their smooth part only; raise modes for more detail",
			modes, modes, projectionRms, 100 * projectionRms / amp));
		final double[][] cols = new double[d][];
		final double[] zero = model.field(new double[d], null), e = new double[d];
		for (int i = 0; i < d; i++) {
			e[i] = 1;
			cols[i] = model.field(e, null);
			e[i] = 0;
			for (int j = 0; j < p; j++) cols[i][j] -= zero[j];
		}
		return new Projection(model, new AffinePushforward(zero, cols), coef, amp, projectionRms, null);
	}

	/**
	 * Projects the training models on the paper code's basis ({@link MempostKlBasis}: modes 1..K per direction,
	 * eigenvalues (pi^2 |i + 1/2|^2)^(-0.55), coefficients multiplying lambda itself, squared slowness m = 1/v^2 around
	 * the paper's background 1 / (2000 m/s)^2 with sigma_m = 0.02 s^2/km^2): each model's coefficients are the paper's
	 * least-squares projection of 1/v^2. The affine map goes to squared slowness; {@link #compute} turns it into velocity.
	 *
	 * @param models training models (m/s), x fastest; not modified
	 * @param modes K, 1 .. min(nx, nz) - 1 (the paper: 10)
	 * @param progress warned when the basis misses more than 5 % of the models' spread
	 * @throws IllegalArgumentException when K does not fit the grid
	 */
	public static Projection projectMempost(final float[][] models, final Grid2D g, final int modes, final Progress progress) {
		final int n = models.length, p = g.size();
		final MempostKlBasis basis = new MempostKlBasis(modes, g.nx(), g.nz(), MempostKlBasis.BACKGROUND, MempostKlBasis.SIGMA_M, 0,
			MempostKlBasis.S, 1);
		final int d = basis.size();
		final double[] v0 = new double[p];
		for (final float[] m : models)
			for (int i = 0; i < p; i++) v0[i] += m[i] / (double) n;
		double spread = 0, miss = 0;
		final double[][] coef = new double[n][];
		final double[] slow = new double[p], back = new double[p];
		for (int k = 0; k < n; k++) {
			final float[] m = models[k];
			for (int i = 0; i < p; i++) {
				slow[i] = 1 / ((double) m[i] * m[i]);
				spread += (m[i] - v0[i]) * (m[i] - v0[i]);
			}
			coef[k] = basis.project(slow, null);
			MempostKlBasis.velocity(basis.reconstruct(coef[k], back), back);
			for (int i = 0; i < p; i++) miss += (m[i] - back[i]) * (m[i] - back[i]);
		}
		spread = Math.sqrt(spread / ((double) n * p));
		final double projectionRms = Math.sqrt(miss / ((double) n * p));
		if (projectionRms > 0.05 * spread) progress.warn(String.format(Locale.ROOT, "the paper's %d x %d KL modes miss %.3g m/s RMS of " +
			"the training models (%.0f %% of their spread): the posterior is over their smooth part only; raise modes for more detail",
			modes, modes, projectionRms, spread > 0 ? 100 * projectionRms / spread : 100.0));
		final double[][] cols = new double[d][];
		final double[] e = new double[d];
		for (int i = 0; i < d; i++) {
			e[i] = 1;
			cols[i] = basis.perturbation(e, null);
			e[i] = 0;
		}
		final double[] zero = new double[p];
		Arrays.fill(zero, basis.background());
		return new Projection(new MempostKlModel(basis), new AffinePushforward(zero, cols), coef, basis.sigmaM(), projectionRms, basis);
	}

	/** Velocity 1 / sqrt(max(m, clip)) of squared slowness m and its derivatives, for the delta method. */
	private static final AffinePushforward.PixelMap VELOCITY = new AffinePushforward.PixelMap() {
		@Override public double value(final double m) { return 1 / Math.sqrt(Math.max(m, MempostKlBasis.CLIP)); }

		@Override public double first(final double m) { return m > MempostKlBasis.CLIP ? -0.5 * Math.pow(m, -1.5) : 0; }

		@Override public double second(final double m) { return m > MempostKlBasis.CLIP ? 0.75 * Math.pow(m, -2.5) : 0; }
	};

	/** The posterior over coefficients and its pixel-space moments and samples. */
	public static final class Result {
		private final LinearizedPosterior.Result posterior;
		private final AffinePushforward.Moments moments;
		private final double[][] samples;
		private final Function<LinearizedComponent, double[]> shift;

		Result(final LinearizedPosterior.Result posterior, final AffinePushforward.Moments moments, final double[][] samples,
			final Function<LinearizedComponent, double[]> shift) {
			this.posterior = posterior;
			this.moments = moments;
			this.samples = samples;
			this.shift = shift;
		}

		/** The posterior over the coefficients (weights, components, ESS, ...). */
		public LinearizedPosterior.Result posterior() { return posterior; }

		/** Mixture mean, pixel variance and within-component variance sum w_n diag(Phi S_n Phi^T), in pixels. */
		public AffinePushforward.Moments moments() { return moments; }

		/** Samples in pixels (m/s). */
		public double[][] samples() { return samples; }

		/** A component's shift mu_n - x_n in pixels (m/s). */
		public double[] shift(final LinearizedComponent c) { return shift.apply(c); }

		/** The components of largest weight (every component is kept: the pixel variance needs all of them). */
		public List<LinearizedComponent> leading(final int keep) {
			return posterior.leading().subList(0, Math.min(keep, posterior.leading().size()));
		}
	}

	/**
	 * The linearized posterior over the coefficients, pushed to pixels.
	 *
	 * @param likelihood the data's likelihood with a wave operator over {@link Projection#model()}'s coefficients
	 * @param settings with {@code keep} at least the number of training models: the pixel variance needs the covariance
	 *        of every component
	 * @throws IllegalArgumentException when {@code settings.keep} is smaller than the number of training models
	 */
	public static Result compute(final Projection proj, final Likelihood likelihood, final LinearizedPosterior.Settings settings,
		final Progress progress) {
		final int n = proj.coefficients.length;
		if (settings.keep < n) throw new IllegalArgumentException("keep = " + settings.keep + " components, but the pixel variance " +
			"over KL coefficients needs all " + n + "; keep every component");
		final LinearizedPosterior.Result r = LinearizedPosterior.compute(likelihood, TrainingSet.of(proj.coefficients), settings,
			progress);
		final double sigma = settings.sigma;
		final AffinePushforward.Moments mom = proj.mempost == null ? proj.map.moments(r.leading(), r.weights(), sigma) :
			proj.map.moments(r.leading(), r.weights(), sigma, VELOCITY);
		final double[][] px = new double[r.samples().length][];
		for (int i = 0; i < px.length; i++) px[i] = proj.velocity(r.samples()[i]);
		return new Result(r, mom, px, c -> {
			final double[] mu = proj.velocity(c.mean(sigma, null)), at = proj.velocity(c.model());
			for (int j = 0; j < mu.length; j++) mu[j] -= at[j];
			return mu;
		});
	}
}
