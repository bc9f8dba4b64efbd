package org.memfwi.fiji.commands;

import java.util.List;
import java.util.Locale;

import org.memfwi.core.posterior.LinearizedComponent;
import org.memfwi.core.posterior.LinearizedPosterior;
import org.memfwi.core.progress.Progress;
import org.memfwi.core.util.Memory;
import org.memfwi.core.util.Parallel;
import org.memfwi.core.util.Table;
import org.memfwi.fiji.Images;
import org.memfwi.fiji.MemFwiCommand;
import org.memfwi.fiji.PosteriorInputs;
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
public class PosteriorLinearizedCommand extends MemFwiCommand {

	@Parameter(label = "Training models (stack, m/s)", persist = false,
		description = "the memorized prior's training set: a 32-bit stack of velocity models, at least 2")
	private ImagePlus training;

	@Parameter(label = "Observed data", persist = false,
		description = "shot gathers or frequency-domain data made by Forward Model, with their acquisition properties")
	private ImagePlus data;

	@Parameter(label = "Data noise std gamma (data units; 0 = recorded)", min = "0", persist = false,
		description = "standard deviation of the data noise; 0 uses the level recorded with the data (memfwi.noise)")
	private double noise = 0;

	@Parameter(label = "Prior noise level sigma (m/s)", persist = false,
		description = "noise level of the memorized diffusion prior, per pixel; sigma -> 0 gives the reweighted training set")
	private double sigma = 50;

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

	@Parameter(label = "True model (optional)", required = false, persist = false,
		description = "for synthetic tests: adds rmse_vs_truth and coverage_2sigma to the summary")
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
		final PosteriorInputs in = PosteriorInputs.read(training, data, noise, truth);
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

		final Table comps = new Table("index", "misfit", "log_weight", "weight", "weight_reweighted", "linearized");
		for (int k = 0; k < n; k++)
			comps.add(k + 1, r.misfits()[k], r.logWeights()[k], r.weights()[k], Math.exp(r.reweightedLogWeights()[k]),
				r.isLinearized(k) ? 1 : 0);
		mean = in.meanImage(r.mean(), "linearized");
		variance = in.varianceImage(r.variance(), "linearized");
		final ImagePlus within = in.image("posterior-within-variance", r.withinVariance(), PosteriorInputs.VARIANCE_UNIT,
			"within-component variance sum w_n diag S_n");
		final List<LinearizedComponent> lead = r.leading();
		final double[][] shift = new double[lead.size()][];
		final String[] labels = new String[lead.size()];
		final double[] weights = r.weights();
		for (int i = 0; i < lead.size(); i++) {
			final LinearizedComponent c = lead.get(i);
			shift[i] = c.shift(sigma, null);
			double norm = 0;
			for (int j = 0; j < d; j++) {
				norm += shift[i][j] * shift[i][j];
				shift[i][j] = Math.abs(shift[i][j]);
			}
			labels[i] = String.format(Locale.ROOT, "%d. training model %d: weight %.4g, |mu - x| = %.4g m/s (rms %.4g m/s)%s", i + 1,
				c.index() + 1, weights[c.index()], Math.sqrt(norm), Math.sqrt(norm / d), c.isLinearized() ? "" : ", not linearized");
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
			results().image("samples.tif", in.stack("posterior-samples", r.samples(), Images.VELOCITY_UNIT, sl));
		}
		final Table s = new Table("metric", "value");
		s.add("ess", r.effectiveSampleSize());
		s.add("effective_modes", r.effectiveModes());
		s.add("ess_reweighted", r.reweightedEffectiveSampleSize());
		s.add("effective_modes_reweighted", r.reweightedEffectiveModes());
		s.add("linearized", r.linearizedCount());
		s.add("sigma", sigma);
		s.add("rank", rank == 0 ? d : Math.min(rank, d));
		in.summarize(s, r.mean(), r.variance());
		results().table("components.csv", comps);
		results().table("summary.csv", s);
		progress.status(String.format(Locale.ROOT, "Linearized posterior, sigma = %s m/s: ESS %.3g, %.3g effective modes, %d of %d " +
			"models linearized", Table.format(sigma), r.effectiveSampleSize(), r.effectiveModes(), r.linearizedCount(), n));
	}
}
