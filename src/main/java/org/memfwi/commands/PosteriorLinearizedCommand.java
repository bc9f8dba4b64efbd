package org.memfwi.commands;

import org.memfwi.io.Images;
import java.util.List;
import java.util.Locale;

import org.memfwi.core.posterior.LinearizedComponent;
import org.memfwi.core.posterior.LinearizedPosterior;
import org.memfwi.core.progress.Progress;
import org.memfwi.core.util.Memory;
import org.memfwi.core.util.Parallel;
import org.memfwi.core.util.Table;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;

/**
 * The linearized Gaussian-mixture posterior of the memorized diffusion prior at noise level sigma (DESIGN.md section 1,
 * the paper's Eq. 7): the wave operator linearized at each training model, the Gauss-Newton Hessian's top-k eigenpairs
 * from Born and adjoint-state products (or all of them, dense, for small models), component means and covariances,
 * and the exact marginal-likelihood weights with their log-determinant term. Only the {@code linearize} training
 * models of smallest misfit are linearized (0 = all); the others keep their reweighted weight, as if sigma -> 0.
 * Writes posterior-mean.tif, posterior-variance.tif (within + between components), posterior-within-variance.tif,
 * component-shifts.tif (|mu_n - x_n| of the leading components), components.csv, summary.csv and, when asked,
 * samples.tif.
 */
@Plugin(type = Command.class, name = "posterior-linearized", headless = true,
	menuPath = "Plugins>MemFWI>Linearized Gaussian-Mixture Posterior...",
	description = "Posterior of the memorized diffusion prior at noise level sigma: one Gaussian per training model from the " +
		"linearized wave operator -> mean, variance, weights, component shifts")
public class PosteriorLinearizedCommand extends MemFwiCommand {

	@Parameter(label = "Training models (stack, m/s)", persist = false,
		description = "the memorized prior's training set: a 32-bit stack of velocity models, at least 2")
	private ImagePlus training;

	@Parameter(label = "Observed data", persist = false,
		description = "shot gathers or frequency-domain data made by Forward Model, with their acquisition properties")
	private ImagePlus data;

	@Parameter(label = "Data noise std gamma (absolute, data units; recorded = the level stored with the data)", min = "0", persist = false,
		description = "standard deviation of the data noise; 0 uses the level recorded with the data (memfwi.noise)", attrs = { @Attr(name = "words", value = "recorded=0") })
	private double noise = 0;

	@Parameter(label = "Prior noise level sigma (m/s; kl: coefficient units)", persist = false,
		description = "noise level of the memorized diffusion prior, per pixel in m/s (parameterization=kl: per KL coefficient, " +
			"which are standard normal for grf models); sigma -> 0 gives the reweighted training set")
	private double sigma = 50;

	@Parameter(label = "Unknowns", choices = { "velocity", "kl" }, persist = false,
		description = "velocity: one unknown per pixel (m/s); kl: the paper's K^2 Karhunen-Loeve coefficients around the training " +
			"mean (frequency-domain data only): the training models are projected on the basis and the posterior, with dense " +
			"Jacobians (rank=0), is mapped back to pixels exactly")
	private String parameterization = "velocity";

	@Parameter(label = "KL modes per direction K (kl)", min = "1", persist = false, description = "parameterization=kl: K^2 coefficients", attrs = { @Attr(name = "advanced") })
	private int modes = 8;

	@Parameter(label = "KL eigenvalue shift alpha (kl)", min = "0", persist = false,
		description = "parameterization=kl: eigenvalues (alpha + pi^2 |i + 1/2|^2)^(-s/2), as in generate-models family=grf", attrs = { @Attr(name = "advanced") })
	private double alpha = 1;

	@Parameter(label = "KL smoothness exponent s (kl)", min = "0", persist = false,
		description = "parameterization=kl: as in generate-models family=grf", attrs = { @Attr(name = "advanced") })
	private double smoothness = 2;

	@Parameter(label = "KL amplitude (m/s, kl; auto = from the training set)", min = "0", persist = false,
		description = "parameterization=kl: the field's standard deviation, as in generate-models family=grf; 0 = the RMS " +
			"deviation of the training models from their mean", attrs = { @Attr(name = "words", value = "auto=0"), @Attr(name = "advanced") })
	private double amplitude = 0;

	@Parameter(label = "Hessian eigenpairs k (dense = exact dense algebra, small models)", min = "0", persist = false,
		description = "top-k eigenpairs of J^T J / gamma^2 per training model from Jacobian and adjoint products; 0 = all, " +
			"exact, from the dense Jacobian (only for small models)", attrs = { @Attr(name = "words", value = "dense=0"), @Attr(name = "advanced") })
	private int rank = 20;

	@Parameter(label = "Models to linearize (best misfit first; all = every model)", min = "0", persist = false,
		description = "linearize only the M training models of smallest misfit; the others keep their reweighted weight " +
			"(sigma -> 0). Default 20: with informative data the weight sits on few models, and each linearization costs about " +
			"4 (k + oversampling) wave solves", attrs = { @Attr(name = "words", value = "all=0") })
	private int linearize = 20;

	@Parameter(label = "Oversampling (randomized eigensolver)", min = "0", persist = false, attrs = { @Attr(name = "advanced") })
	private int oversampling = 10;

	@Parameter(label = "Power iterations (randomized eigensolver)", min = "0", persist = false, attrs = { @Attr(name = "advanced") })
	private int power = 1;

	@Parameter(label = "Leading components to show", min = "0", persist = false,
		description = "how many components of largest weight get a shift image |mu_n - x_n|", attrs = { @Attr(name = "advanced") })
	private int keep = 4;

	@Parameter(label = "Samples to draw (none = 0)", min = "0", persist = false, attrs = { @Attr(name = "words", value = "none=0") })
	private int samples = 0;

	@Parameter(label = "Random seed", persist = false, description = "eigensolver and samples; the same seed gives the same result")
	private long seed = 1;

	@Parameter(label = "True model (optional)", required = false, persist = false,
		description = "for synthetic tests: adds rmse_vs_truth and coverage_2sigma to the summary", attrs = { @Attr(name = "role", value = "truth") })
	private ImagePlus truth;

	@Parameter(type = ItemIO.OUTPUT, label = "Posterior mean")
	private ImagePlus mean;

	@Parameter(type = ItemIO.OUTPUT, label = "Posterior variance")
	private ImagePlus variance;

	@Parameter(type = ItemIO.OUTPUT, label = "Component shifts")
	private ImagePlus shifts;

	@Override
	protected void compute(final Progress progress) {
		final LinearizedPosterior.Settings.Builder b = LinearizedPosterior.Settings.builder(sigma).rank(rank).oversampling(oversampling)
			.power(power).keep(keep).samples(samples).seed(seed).linearize(linearize).threads(threads);
		b.build(); // names a bad sigma or rank before the images are read
		final boolean kl;
		switch (parameterization) {
			case "velocity": kl = false; break;
			case "kl": kl = true; break;
			default: throw new IllegalArgumentException("parameterization '" + parameterization + "' is unknown; use velocity or kl");
		}
		final PosteriorInputs in = PosteriorInputs.read(training, data, noise, truth);
		if (kl) {
			computeKl(in, b, progress);
			return;
		}
		final int n = in.size(), d = in.grid().size();
		final int jobs = Math.min(linearize == 0 ? n : Math.min(linearize, n), Parallel.threads(threads));
		final int perCall = Math.max(1, Parallel.threads(threads) / jobs);
		final long images = 4L * d * (samples + keep + 3);
		Memory.require(images, "samples = " + samples + " (images of " + d + " pixels, with the mean, variances and shifts)",
			"lower samples");
		Memory.require(jobs * in.data.linearizationBytes() + images,
			"the linearized wave operator (" + jobs + " training model(s) at a time)", "use fewer threads");
		progress.status(in.describe("Linearized posterior"));
		final LinearizedPosterior.Result r = LinearizedPosterior.compute(in.likelihood(perCall, progress), in.set,
			b.threads(jobs).build(), progress);

		write(in, r, "linearized", r.mean(), r.variance(), r.withinVariance(), "within-component variance sum w_n diag S_n",
			r.leading(), c -> c.shift(sigma, null), r.samples(), d, new Table("metric", "value"));
		progress.status(String.format(Locale.ROOT, "Linearized posterior, sigma = %s m/s: ESS %.3g, %.3g effective modes, %d of %d " +
			"models linearized", Table.format(sigma), r.effectiveSampleSize(), r.effectiveModes(), r.linearizedCount(), n));
	}

	/**
	 * Writes what both parameterizations share, from pixel-space quantities: mean, variance, within-component variance,
	 * the shifts |mu_n - x_n| of the leading components, samples, components.csv and summary.csv (with the rows of
	 * {@code extra} after the common ones).
	 *
	 * @param shiftOf a component's shift mu_n - x_n in pixels (m/s)
	 * @param unknowns the dimension of the space the posterior lives in (pixels or KL coefficients)
	 */
	private void write(final PosteriorInputs in, final LinearizedPosterior.Result r, final String method, final double[] meanPx,
		final double[] varPx, final double[] withinPx, final String withinLabel, final List<LinearizedComponent> lead,
		final java.util.function.Function<LinearizedComponent, double[]> shiftOf, final double[][] samplesPx, final int unknowns,
		final Table extra) {
		final int n = in.size(), p = in.grid().size();
		final Table comps = new Table("index", "misfit", "log_weight", "weight", "weight_reweighted", "linearized");
		for (int k = 0; k < n; k++)
			comps.add(k + 1, r.misfits()[k], r.logWeights()[k], r.weights()[k], Math.exp(r.reweightedLogWeights()[k]),
				r.isLinearized(k) ? 1 : 0);
		mean = in.meanImage(meanPx, method);
		variance = in.varianceImage(varPx, method);
		final ImagePlus within = in.image("posterior-within-variance", withinPx, PosteriorInputs.VARIANCE_UNIT, withinLabel);
		final double[][] shift = new double[lead.size()][];
		final String[] labels = new String[lead.size()];
		for (int i = 0; i < lead.size(); i++) {
			final LinearizedComponent c = lead.get(i);
			shift[i] = shiftOf.apply(c);
			double norm = 0;
			for (int j = 0; j < p; j++) {
				norm += shift[i][j] * shift[i][j];
				shift[i][j] = Math.abs(shift[i][j]);
			}
			labels[i] = String.format(Locale.ROOT, "%d. training model %d: weight %.4g, |mu - x| = %.4g m/s (rms %.4g m/s)%s", i + 1,
				c.index() + 1, r.weights()[c.index()], Math.sqrt(norm), Math.sqrt(norm / p), c.isLinearized() ? "" : ", not linearized");
		}
		results().image("posterior-mean.tif", mean);
		results().image("posterior-variance.tif", variance);
		results().image("posterior-std.tif", in.stdImage(varPx, method));
		results().image("posterior-within-variance.tif", within);
		if (lead.size() > 0) {
			shifts = in.stack("component-shifts", shift, Images.VELOCITY_UNIT, labels);
			Images.setProp(shifts, "memfwi.kind", "component-shifts");
			results().image("component-shifts.tif", shifts);
		}
		if (samples > 0) {
			final String[] sl = new String[samples];
			for (int i = 0; i < samples; i++) sl[i] = "sample " + (i + 1) + " (seed " + seed + ")";
			final ImagePlus drawn = in.stack("posterior-samples", samplesPx, Images.VELOCITY_UNIT, sl);
			Images.setProp(drawn, "memfwi.kind", "posterior-samples");
			results().image("samples.tif", drawn);
		}
		final Table s = new Table("metric", "value");
		s.add("ess", r.effectiveSampleSize());
		s.add("effective_modes", r.effectiveModes());
		s.add("ess_reweighted", r.reweightedEffectiveSampleSize());
		s.add("effective_modes_reweighted", r.reweightedEffectiveModes());
		s.add("linearized", r.linearizedCount());
		s.add("sigma", sigma);
		s.add("rank", rank == 0 ? unknowns : Math.min(rank, unknowns));
		for (int i = 0; i < extra.rowCount(); i++) s.add(extra.get(i, 0), extra.get(i, 1));
		outsideMass(s, in, r, lead, p, sigma);
		in.summarize(s, meanPx, varPx);
		results().table("components.csv", comps);
		results().table("summary.csv", s);
	}

	/**
	 * How much of the mixture lies outside the physical range, here the training models' velocities [vmin, vmax]: a
	 * Gaussian component around a training model whose Jacobian is large can put mass at velocities no model has, even
	 * negative ones. The components are kept as they are (truncating and renormalizing them would break the exact
	 * Gaussian algebra that the weights, the mean and the comparisons with the exact posterior rely on); instead the
	 * summary reports {@code mass_outside_training_range}, the mixture's probability of a pixel outside the range,
	 * averaged over the pixels, computed from the {@code keep} leading components' exact pixel marginals (they carry
	 * {@code mass_outside_weight_covered} of the weight), and {@code components_outside_training_range}, the weight of
	 * the leading components whose mean leaves the range somewhere. Only for pixel unknowns (velocity).
	 */
	private static void outsideMass(final Table s, final PosteriorInputs in, final LinearizedPosterior.Result r,
		final List<LinearizedComponent> lead, final int p, final double sigma) {
		if (lead.isEmpty() || lead.get(0).dimension() != p) return;
		double mass = 0, covered = 0, outsideWeight = 0;
		final double[] mu = new double[p], var = new double[p];
		for (final LinearizedComponent c : lead) {
			final double w = r.weights()[c.index()];
			covered += w;
			c.mean(sigma, mu);
			c.covarianceDiagonal(sigma, var);
			double m = 0;
			boolean out = false;
			for (int i = 0; i < p; i++) {
				final double sd = Math.sqrt(Math.max(0, var[i]));
				if (mu[i] < in.vmin || mu[i] > in.vmax) out = true;
				m += sd > 0 ? normalCdf((in.vmin - mu[i]) / sd) + normalCdf((mu[i] - in.vmax) / sd) : mu[i] < in.vmin || mu[i] > in.vmax ? 1 : 0;
			}
			mass += w * m / p;
			if (out) outsideWeight += w;
		}
		s.add("mass_outside_training_range", mass);
		s.add("mass_outside_weight_covered", covered);
		s.add("components_outside_training_range", outsideWeight);
	}

	/** The standard normal distribution function, from erfc (Numerical Recipes' Chebyshev fit, |error| < 1.2e-7). */
	static double normalCdf(final double z) {
		final double x = -z / Math.sqrt(2), t = 1 / (1 + 0.5 * Math.abs(x));
		final double erfc = t * Math.exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
			t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
		return 0.5 * (x >= 0 ? erfc : 2 - erfc);
	}

	/**
	 * The posterior over the paper's Karhunen–Loeve coefficients: f = f0 + a sum_i c_i sqrt(lambda_i) phi_i with f0 the
	 * training mean and a = amplitude / sqrt(sum lambda) (so grf models of that amplitude have standard normal
	 * coefficients); the training models are projected on the basis, each component's mean and covariance are mapped to
	 * pixels exactly (the map is affine).
	 */
	private void computeKl(final PosteriorInputs in, final LinearizedPosterior.Settings.Builder b, final Progress progress) {
		final org.memfwi.core.grid.Grid2D g = in.grid();
		final int n = in.size(), p = g.size();
		if (modes > Math.min(g.nx(), g.nz())) throw new IllegalArgumentException("modes = " + modes + " exceeds the grid (" +
			g.nx() + " x " + g.nz() + "); use at most " + Math.min(g.nx(), g.nz()) + " modes per direction");
		final org.memfwi.core.prior.KarhunenLoeveBasis basis = new org.memfwi.core.prior.KarhunenLoeveBasis(modes, g.nx(), g.nz(),
			alpha, smoothness);
		final int d = basis.size();
		final double[] f0 = new double[p];
		for (final float[] m : in.training.models)
			for (int i = 0; i < p; i++) f0[i] += m[i] / (double) n;
		double amp = amplitude;
		if (amp == 0) {
			double ss = 0;
			for (final float[] m : in.training.models)
				for (int i = 0; i < p; i++) ss += (m[i] - f0[i]) * (m[i] - f0[i]);
			amp = Math.sqrt(ss / ((double) n * p));
			if (!(amp > 0)) throw new IllegalArgumentException("amplitude = 0 asks for the spread of the training models, but they " +
				"are all equal; give amplitude=A (m/s)");
		}
		final org.memfwi.core.helmholtz.KarhunenLoeveModel model = new org.memfwi.core.helmholtz.KarhunenLoeveModel(basis, f0,
			amp / Math.sqrt(basis.eigenvalueSum()), new org.memfwi.core.helmholtz.VelocityPixels(g));
		// The training models' coefficients, and how much of each model the basis misses.
		final double[][] coef = new double[n][];
		final double[] x = new double[p], back = new double[p];
		double miss = 0;
		for (int k = 0; k < n; k++) {
			final float[] m = in.training.models[k];
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
		final org.memfwi.core.posterior.AffinePushforward map = new org.memfwi.core.posterior.AffinePushforward(zero, cols);

		final int jobs = Math.min(linearize == 0 ? n : Math.min(linearize, n), Parallel.threads(threads));
		final int perCall = Math.max(1, Parallel.threads(threads) / jobs);
		if (sigma > 10) progress.warn(String.format(Locale.ROOT, "sigma = %s is in coefficient units with parameterization=kl " +
			"(the coefficients of grf models are standard normal): a prior this wide is nearly flat; try sigma between 0.01 and 1",
			Table.format(sigma)));
		Memory.require(8L * p * (samples + keep + 4), "samples = " + samples + " (images of " + p + " pixels)", "lower samples");
		final long images = 8L * p * (samples + keep + 4) + 8L * n * (d * (d + 2L) + p);
		Memory.require(images, n + " components of " + d + " KL coefficients (dense " + d + " x " + d + " covariances, pixel means)",
			"lower modes or use fewer training models");
		Memory.require(jobs * in.data.linearizationBytes() + images,
			"the linearized wave operator (" + jobs + " training model(s) at a time)", "use fewer threads");
		final org.memfwi.core.posterior.Likelihood lik = new org.memfwi.core.posterior.Likelihood(
			in.data.operator(perCall, model, "parameterization=kl"), in.data.values(), in.gamma);
		progress.status(in.describe("Linearized posterior over " + d + " KL coefficients"));
		// every component is kept: the pixel variance needs each one's covariance (d x d, small)
		final LinearizedPosterior.Result r = LinearizedPosterior.compute(lik, org.memfwi.core.prior.TrainingSet.of(coef),
			b.threads(jobs).keep(n).build(), progress);
		final org.memfwi.core.posterior.AffinePushforward.Moments mom = map.moments(r.leading(), r.weights(), sigma);

		final double[][] px = new double[samples][];
		for (int i = 0; i < samples; i++) px[i] = map.apply(r.samples()[i], null);
		final Table extra = new Table("metric", "value");
		extra.add("parameterization", "kl");
		extra.add("kl_coefficients", d);
		extra.add("kl_amplitude", amp);
		extra.add("kl_projection_rms", projectionRms);
		write(in, r, "linearized (KL)", mom.mean, mom.variance, mom.within, "within-component variance sum w_n diag(Phi S_n Phi^T)",
			r.leading().subList(0, Math.min(keep, n)), c -> {
				final double[] mu = map.apply(c.mean(sigma, null), null), at = map.apply(c.model(), null);
				for (int j = 0; j < p; j++) mu[j] -= at[j];
				return mu;
			}, px, d, extra);
		progress.status(String.format(Locale.ROOT, "Linearized posterior over %d KL coefficients, sigma = %s: ESS %.3g, %.3g " +
			"effective modes", d, Table.format(sigma), r.effectiveSampleSize(), r.effectiveModes()));
	}
}
