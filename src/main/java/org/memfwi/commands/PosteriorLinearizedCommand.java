package org.memfwi.commands;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import org.memfwi.core.grid.Grid2D;
import org.memfwi.core.operator.ForwardOperator;
import org.memfwi.core.operator.SourceScaledOperator;
import org.memfwi.core.operator.SourceScaling;
import org.memfwi.core.posterior.KlLinearizedPosterior;
import org.memfwi.core.posterior.Likelihood;
import org.memfwi.core.posterior.LinearizedComponent;
import org.memfwi.core.posterior.LinearizedPosterior;
import org.memfwi.core.progress.Progress;
import org.memfwi.core.util.Memory;
import org.memfwi.core.util.Parallel;
import org.memfwi.core.util.Table;
import org.memfwi.io.Images;

import org.scijava.ItemIO;
import org.scijava.command.Command;
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
public class PosteriorLinearizedCommand extends PosteriorCommand {

	@Parameter(label = "Prior noise level sigma (m/s; kl: coefficient units)", persist = false,
		description = "noise level of the memorized diffusion prior, per pixel in m/s (parameterization=kl: per KL coefficient, " +
			"which are standard normal for grf models); sigma -> 0 gives the reweighted training set")
	private double sigma = 50;

	@Parameter(label = "Unknowns", choices = { "velocity", "kl" }, persist = false,
		description = "velocity: one unknown per pixel (m/s); kl: the paper's K^2 Karhunen-Loeve coefficients around the training " +
			"mean (frequency-domain data only): the training models are projected on the basis and the posterior, with dense " +
			"Jacobians (rank=0), is mapped back to pixels exactly")
	private String parameterization = "velocity";

	@Parameter(label = "KL modes per direction K (kl)", min = "1", persist = false, description = "parameterization=kl: K^2 coefficients")
	private int modes = 8;

	@Parameter(label = "KL eigenvalue shift alpha (kl)", min = "0", persist = false,
		description = "parameterization=kl: eigenvalues (alpha + pi^2 |i + 1/2|^2)^(-s/2), as in generate-models family=grf")
	private double alpha = 1;

	@Parameter(label = "KL smoothness exponent s (kl)", min = "0", persist = false,
		description = "parameterization=kl: as in generate-models family=grf")
	private double smoothness = 2;

	@Parameter(label = "KL amplitude (m/s, kl; 0 = from the training set)", min = "0", persist = false,
		description = "parameterization=kl: the field's standard deviation, as in generate-models family=grf; 0 = the RMS " +
			"deviation of the training models from their mean")
	private double amplitude = 0;

	@Parameter(label = "Hessian eigenpairs k (0 = dense, small models)", min = "0", persist = false,
		description = "top-k eigenpairs of J^T J / gamma^2 per training model from Jacobian and adjoint products; 0 = all, " +
			"exact, from the dense Jacobian (only for small models)")
	private int rank = 20;

	@Parameter(label = "Models to linearize (best misfit first; 0 = all)", min = "0", persist = false,
		description = "linearize only the M training models of smallest misfit; the others keep their reweighted weight " +
			"(sigma -> 0). Default 20: with informative data the weight sits on few models, and each linearization costs about " +
			"4 (k + oversampling) wave solves")
	private int linearize = 20;

	@Parameter(label = "Oversampling (randomized eigensolver)", min = "0", persist = false)
	private int oversampling = 10;

	@Parameter(label = "Power iterations (randomized eigensolver)", min = "0", persist = false)
	private int power = 1;

	@Parameter(label = "Leading components to show", min = "0", persist = false,
		description = "how many components of largest weight get a shift image |mu_n - x_n|")
	private int keep = 4;

	@Parameter(label = "Samples to draw (0 = none)", min = "0", persist = false)
	private int samples = 0;

	@Parameter(label = "Random seed", persist = false, description = "eigensolver and samples; the same seed gives the same result")
	private long seed = 1;

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
		final PosteriorInputs in = readInputs();
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
		final LinearizedPosterior.Result r = LinearizedPosterior.compute(in.likelihood(perCall, progress, sourcescale), in.set,
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
		final Function<LinearizedComponent, double[]> shiftOf, final double[][] samplesPx, final int unknowns,
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
		results().image("posterior-within-variance.tif", within);
		if (lead.size() > 0) {
			shifts = in.stack("component-shifts", shift, Images.VELOCITY_UNIT, labels);
			results().image("component-shifts.tif", shifts);
		}
		if (samples > 0) {
			final String[] sl = new String[samples];
			for (int i = 0; i < samples; i++) sl[i] = "sample " + (i + 1) + " (seed " + seed + ")";
			results().image("samples.tif", in.stack("posterior-samples", samplesPx, Images.VELOCITY_UNIT, sl));
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
		in.summarize(s, meanPx, varPx);
		results().table("components.csv", comps);
		results().table("summary.csv", s);
	}

	/**
	 * The posterior over Karhunen–Loeve coefficients ({@link KlLinearizedPosterior}), written in pixels like the
	 * velocity parameterization's.
	 */
	private void computeKl(final PosteriorInputs in, final LinearizedPosterior.Settings.Builder b, final Progress progress) {
		final Grid2D g = in.grid();
		final int n = in.size(), p = g.size();
		final KlLinearizedPosterior.Projection proj = KlLinearizedPosterior.project(in.training.models, g, modes, alpha, smoothness,
			amplitude, progress);
		final int d = proj.size();
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
		final ForwardOperator klOp = in.data.operator(perCall, proj.model(), "parameterization=kl");
		final Likelihood lik = new Likelihood(SourceScaling.parseEstimate(sourcescale) ? new SourceScaledOperator(klOp,
			in.data.sourceScaling(true), in.data.values()) : klOp, in.data.values(), in.gamma);
		progress.status(in.describe("Linearized posterior over " + d + " KL coefficients"));
		final KlLinearizedPosterior.Result kr = KlLinearizedPosterior.compute(proj, lik, b.threads(jobs).keep(n).build(), progress);
		final LinearizedPosterior.Result r = kr.posterior();
		final Table extra = new Table("metric", "value");
		extra.add("parameterization", "kl");
		extra.add("kl_coefficients", d);
		extra.add("kl_amplitude", proj.amplitude());
		extra.add("kl_projection_rms", proj.projectionRms());
		write(in, r, "linearized (KL)", kr.moments().mean, kr.moments().variance, kr.moments().within,
			"within-component variance sum w_n diag(Phi S_n Phi^T)", kr.leading(keep), kr::shift, kr.samples(), d, extra);
		progress.status(String.format(Locale.ROOT, "Linearized posterior over %d KL coefficients, sigma = %s: ESS %.3g, %.3g " +
			"effective modes", d, Table.format(sigma), r.effectiveSampleSize(), r.effectiveModes()));
	}
}
