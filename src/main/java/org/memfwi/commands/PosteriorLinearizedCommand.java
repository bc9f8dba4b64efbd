package org.memfwi.commands;

import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import org.memfwi.core.grid.Grid2D;
import org.memfwi.core.operator.ForwardOperator;
import org.memfwi.core.operator.SourceScaledOperator;
import org.memfwi.core.operator.SourceScaling;
import org.memfwi.core.posterior.KlLinearizedPosterior;
import org.memfwi.core.posterior.Likelihood;
import org.memfwi.core.posterior.LinearMixturePosterior;
import org.memfwi.core.posterior.LinearizedComponent;
import org.memfwi.core.posterior.LinearizedPosterior;
import org.memfwi.core.posterior.Ranking;
import org.memfwi.core.posterior.WeightFormula;
import org.memfwi.core.posterior.WeightSpectrum;
import org.memfwi.core.prior.MempostKlBasis;
import org.memfwi.core.prior.TrainingSet;
import org.memfwi.core.progress.Progress;
import org.memfwi.core.shard.PartialFile;
import org.memfwi.core.shard.PartialMerge;
import org.memfwi.core.shard.PosteriorPartial;
import org.memfwi.core.shard.SettingsHash;
import org.memfwi.core.shard.Shard;
import org.memfwi.core.util.Memory;
import org.memfwi.core.util.Parallel;
import org.memfwi.core.util.Table;
import org.memfwi.core.wave.TimeDomainOperator;
import org.memfwi.io.Images;
import org.memfwi.io.LazyModelStack;
import org.memfwi.io.TimeDomainData;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Menu;
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
	menu = { @Menu(label = "Plugins"), @Menu(label = "MemFWI"), @Menu(label = "Linearized Gaussian-Mixture Posterior...", weight = 306) },
	description = "Posterior of the memorized diffusion prior at noise level sigma: one Gaussian per training model from the " +
		"linearized wave operator -> mean, variance, weights, component shifts")
public class PosteriorLinearizedCommand extends PosteriorCommand {

	@Parameter(label = "Prior noise level sigma (m/s; kl: coefficient units)", persist = false,
		description = "noise level of the memorized diffusion prior, per pixel in m/s (parameterization=kl: per KL coefficient, " +
			"which are standard normal for grf models); sigma -> 0 gives the reweighted training set")
	private double sigma = 50;

	@Parameter(label = "Unknowns", choices = { "velocity", "kl" }, persist = false,
		description = "velocity: one unknown per pixel (m/s); kl: K^2 Karhunen-Loeve coefficients (frequency-domain data only) in the " +
			"basis of convention: the training models are projected on the basis and the posterior, with dense Jacobians (rank=0), " +
			"is mapped back to pixels")
	private String parameterization = "velocity";

	@Parameter(label = "KL basis (kl)", choices = { "memfwi", "mempost" }, persist = false,
		description = "parameterization=kl: memfwi = MemFWI's basis (modes 0..K-1, sqrt(lambda), velocity around the training mean, " +
			"alpha/smoothness/amplitude below; mapped to pixels exactly); mempost = the paper code's basis (modes 1..K, " +
			"lambda = (pi^2 |i + 1/2|^2)^(-0.55) itself, squared slowness around 1/(2000 m/s)^2 with sigma_m = 0.02 s^2/km^2, " +
			"the coefficients of generate-models family=grf convention=mempost; velocity moments by the delta method)",
		attrs = { @Attr(name = "advanced") })
	private String convention = "memfwi";

	@Parameter(label = "KL modes per direction K (kl; auto = 8, mempost: the paper's 10)", min = "0", persist = false,
		description = "parameterization=kl: K^2 coefficients", attrs = { @Attr(name = "words", value = "auto=0"), @Attr(name = "advanced") })
	private int modes = 0;

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
			"4 (k + oversampling) wave solves. With shard=, each shard linearizes its own M best-fitting models and the merge keeps " +
			"the M best of the whole set", attrs = { @Attr(name = "words", value = "all=0") })
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

	@Parameter(label = "Component weights", choices = { "exact", "mempost" }, persist = false,
		description = "exact: the marginal likelihood N(r; 0, gamma^2 I + sigma^2 J J^T) with its log-determinant; mempost: the " +
			"paper code's weights, without the log-determinant term", attrs = { @Attr(name = "advanced") })
	private String weights = "exact";

	@Parameter(label = ShardKeys.SHARD_LABEL, required = false, persist = false, description = ShardKeys.SHARD_DESCRIPTION,
		attrs = { @Attr(name = "advanced") })
	private String shard = "";

	@Parameter(label = ShardKeys.CHECKPOINT_LABEL, min = "0", persist = false, description = ShardKeys.CHECKPOINT_DESCRIPTION,
		attrs = { @Attr(name = "advanced"), @Attr(name = "words", value = ShardKeys.CHECKPOINT_WORDS) })
	private double checkpoint = ShardKeys.CHECKPOINT_DEFAULT;

	@Parameter(label = ShardKeys.RESUME_LABEL, persist = false, description = ShardKeys.RESUME_DESCRIPTION,
		attrs = { @Attr(name = "advanced") })
	private boolean resume = false;

	@Parameter(type = ItemIO.OUTPUT, label = "Posterior mean")
	private ImagePlus mean;

	@Parameter(type = ItemIO.OUTPUT, label = "Posterior variance")
	private ImagePlus variance;

	@Parameter(type = ItemIO.OUTPUT, label = "Component shifts")
	private ImagePlus shifts;

	@Override
	protected void compute(final Progress progress) throws IOException {
		final Shard part = ShardRunner.shard(shard, checkpoint, resume, out);
		final boolean sharded = shard != null && !shard.trim().isEmpty();
		final LinearizedPosterior.Settings b = LinearizedPosterior.Settings.of(sigma).withRank(rank).withOversampling(oversampling)
			.withPower(power).withKeep(keep).withSamples(samples).withSeed(seed).withLinearize(linearize).withThreads(threads)
			.withWeights(WeightFormula.fromKey(weights));
		b.validate(); // names a bad sigma or rank before the images are read
		final boolean kl;
		switch (parameterization) {
			case "velocity": kl = false; break;
			case "kl": kl = true; break;
			default: throw new IllegalArgumentException("parameterization '" + parameterization + "' is unknown; use velocity or kl");
		}
		final boolean mempost;
		switch (convention) {
			case "memfwi": mempost = false; break;
			case "mempost": mempost = true; break;
			default: throw new IllegalArgumentException("convention '" + convention + "' is unknown; use memfwi (MemFWI's KL basis) or " +
				"mempost (the paper code's)");
		}
		if (mempost && !kl) throw new IllegalArgumentException("convention=mempost chooses the KL basis; use it with " +
			"parameterization=kl (velocity pixels have no basis)");
		if (mempost && (alpha != 1 || smoothness != 2 || amplitude != 0)) throw new IllegalArgumentException("alpha, smoothness and " +
			"amplitude set MemFWI's KL basis; convention=mempost uses the paper's (alpha 0, s 1.1, sigma_m 0.02 s^2/km^2): leave " +
			"them at their defaults");
		if (sharded && kl) throw new IllegalArgumentException("shard= works with parameterization=velocity only; the KL " +
			"parameterization keeps every component's dense covariance, which the partial posterior does not carry");
		if (sharded && samples > 0) throw new IllegalArgumentException("samples = " + samples + " cannot be drawn by shards (each " +
			"sample needs the whole mixture); use samples=0 with shard=");
		if (sharded && b.weights != WeightFormula.EXACT) throw new IllegalArgumentException("weights = " + weights + " is not " +
			"carried by the partial posterior of a shard; use weights=exact with shard=");
		if (BornData.isBorn(data)) {
			if (kl || mempost) throw new IllegalArgumentException("parameterization=kl is for velocity models; Born data (physics=born) " +
				"have reflectivity unknowns: use parameterization=velocity (one unknown per pixel)");
			if (sharded || resume) throw new IllegalArgumentException("shard= and resume= are not available for Born data " +
				"(physics=born; its exact posterior is one linear solve per model): run without shard= and resume=");
			if (!PresetData.none(preset)) throw new IllegalArgumentException("preset=" + preset.trim() + " is the paper's " +
				"frequency-domain geometry; Born data carry their own survey: leave preset empty");
			computeBorn(b, progress);
			return;
		}
		// The runs a partial posterior carries (velocity unknowns, exact weights, no samples) stream the components into
		// one, so they checkpoint and resume; samples, mempost weights and the KL parameterization need every component.
		final boolean partial = !kl && samples == 0 && b.weights == WeightFormula.EXACT;
		if (resume && !partial) throw new IllegalArgumentException("resume = true continues runs that checkpoint: parameterization=" +
			"velocity, weights=exact and samples=0 (this run: parameterization=" + parameterization + ", weights=" + weights +
			", samples=" + samples + "); run without resume=true");
		// A partial streams a training set read from files (a folder, a glob, an HDF5 file); the other runs load it.
		if (!sharded && !partial) requireLoadable(training, kl, samples, weights);
		final PosteriorInputs in = sharded || partial ? PosteriorInputs.readStreaming(training, observed(), noise, truth, progress)
			.rememberForwards(forwards) : readInputs();
		if (sharded) {
			computeShard(in, part, b, progress, true);
			return;
		}
		if (partial) {
			final PosteriorPartial p = computeShard(in, part, b, progress, false);
			final PartialMerge.MergedPosterior r = PartialMerge.merge(Collections.singletonList(p), Collections.singletonList("this run"));
			final int d = in.grid().size();
			writeMerged(results(), in.outputs(), r, sigma, rank == 0 ? d : Math.min(rank, d));
			posterior = PosteriorResult.of(r.mean(), r.variance(), in.truth).withWeights(r.weights(), r.misfits(),
				r.effectiveSampleSize(), r.effectiveModes()).withLinearized(r.linearizedCount());
			mean = results().images().get("posterior-mean.tif");
			variance = results().images().get("posterior-variance.tif");
			shifts = results().images().get("component-shifts.tif");
			ShardRunner.dropCheckpoint(out);
			progress.status(String.format(Locale.ROOT, "Linearized posterior, sigma = %s m/s: ESS %.3g, %.3g effective modes, %d of %d " +
				"models linearized", Table.format(sigma), r.effectiveSampleSize(), r.effectiveModes(), r.linearizedCount(), in.size()));
			return;
		}
		if (kl) {
			computeKl(in, b, mempost, progress);
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
		final LinearizedPosterior.Result r = LinearizedPosterior.compute(in.likelihood(perCall, progress, sourcescale), in.set(),
			b.withThreads(jobs), progress);

		write(in, r, "linearized", r.mean(), r.variance(), r.withinVariance(), "within-component variance sum w_n diag S_n",
			r.leading(), c -> c.shift(sigma, null), r.samples(), d, new Table("metric", "value"));
		progress.status(String.format(Locale.ROOT, "Linearized posterior, sigma = %s m/s: ESS %.3g, %.3g effective modes, %d of %d " +
			"models linearized", Table.format(sigma), r.effectiveSampleSize(), r.effectiveModes(), r.linearizedCount(), n));
	}

	/**
	 * Refuses, before anything is read, a training set read from files that does not fit in memory when the run needs it
	 * there: the KL parameterization (the basis is fitted to every model), samples (drawn from the whole mixture) and
	 * the mempost weights (normalized over every component) keep all N models and components, where the runs that
	 * stream (parameterization=velocity, weights=exact, samples=0, or shard=) read one model at a time.
	 */
	static void requireLoadable(final ImagePlus training, final boolean kl, final int samples, final String weights) {
		if (training == null || !(training.getStack() instanceof LazyModelStack)) return;
		final StringBuilder why = new StringBuilder();
		if (kl) why.append("parameterization=kl");
		if (samples > 0) why.append(why.length() > 0 ? ", " : "").append("samples=").append(samples);
		if (WeightFormula.fromKey(weights) != WeightFormula.EXACT) why.append(why.length() > 0 ? ", " : "").append("weights=")
			.append(weights);
		Memory.require(4L * training.getStackSize() * training.getWidth() * training.getHeight(), "holding training ('" +
			training.getTitle() + "', " + training.getStackSize() + " models read from files) in memory for " + why,
			"parameterization=velocity with weights=exact and samples=0 streams the models one " +
			"at a time (also with shard=); or use fewer files");
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
		final int p = in.grid().size();
		final Table comps = componentTable(r);
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
		final Table s = summaryHead(r, rank == 0 ? unknowns : Math.min(rank, unknowns));
		for (int i = 0; i < extra.rowCount(); i++) s.add(extra.get(i, 0), extra.get(i, 1));
		outsideMass(s, in, r, lead, p, sigma);
		in.summarize(s, meanPx, varPx);
		posterior = PosteriorResult.of(meanPx, varPx, in.truth).withWeights(r.weights(), r.misfits(), r.effectiveSampleSize(),
			r.effectiveModes()).withLinearized(r.linearizedCount());
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
		final double[] w = new double[lead.size()];
		final PosteriorPartial.Outside[] o = new PosteriorPartial.Outside[lead.size()];
		for (int i = 0; i < w.length; i++) {
			w[i] = r.weights()[lead.get(i).index()];
			o[i] = outside(lead.get(i), sigma, in.vmin, in.vmax);
		}
		outsideRows(s, w, o);
	}

	/** The out-of-range diagnostics of one component (pixel unknowns): see {@link #outsideMass}. */
	static PosteriorPartial.Outside outside(final LinearizedComponent c, final double sigma, final double vmin, final double vmax) {
		final int p = c.dimension();
		final double[] mu = c.mean(sigma, null), var = c.covarianceDiagonal(sigma, null);
		double m = 0;
		boolean out = false;
		for (int i = 0; i < p; i++) {
			final double sd = Math.sqrt(Math.max(0, var[i]));
			if (mu[i] < vmin || mu[i] > vmax) out = true;
			m += sd > 0 ? normalCdf((vmin - mu[i]) / sd) + normalCdf((mu[i] - vmax) / sd) : mu[i] < vmin || mu[i] > vmax ? 1 : 0;
		}
		return new PosteriorPartial.Outside(m / p, out);
	}

	/**
	 * Adds mass_outside_training_range, mass_outside_weight_covered and components_outside_training_range from the
	 * leading components' normalized weights and diagnostics, in the order of the leading components.
	 */
	private static void outsideRows(final Table s, final double[] w, final PosteriorPartial.Outside[] o) {
		double mass = 0, covered = 0, outsideWeight = 0;
		for (int i = 0; i < w.length; i++) {
			covered += w[i];
			mass += w[i] * o[i].mass;
			if (o[i].meanOutside) outsideWeight += w[i];
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
	 * The partial posterior of one shard (or of the whole set, shard 0/1): with linearize = M < N a forward pass over the
	 * shard finds its M best-fitting models, which are linearized and kept unfolded (the merge decides which are among
	 * the M best of the whole set); the other models enter as point masses with their reweighted weight. Checkpointed to
	 * out/partial.bin every {@code checkpoint} minutes; a shard run ({@code sharded}) writes it there at the end.
	 */
	private PosteriorPartial computeShard(final PosteriorInputs in, final Shard part, final LinearizedPosterior.Settings st,
		final Progress progress, final boolean sharded) throws IOException {
		final int n = in.size(), d = in.grid().size(), mine = part.size(n);
		final int lin = linearize == 0 || linearize >= n ? 0 : linearize;
		final int workers = Math.max(1, Math.min(Math.max(1, mine), Parallel.threads(threads)));
		// linearizations at a time, and threads inside each (as LinearizedPosterior shares them: results do not depend on either)
		final int jobs = Math.max(1, Math.min(lin == 0 ? mine : Math.min(lin, mine), workers));
		final int perCall = Math.max(1, Parallel.threads(threads) / jobs);
		// components in flight (ShardRunner's blocks of 2 x jobs) and the kept ones, as LinearizedPosterior counts them
		final int kr = rank == 0 ? d : Math.min(rank, d), block = 2 * jobs;
		final long denseWork = rank == 0 ? 3L * d * jobs : 0;
		Memory.require(8L * d * ((long) block * (kr + 5) + (long) Math.min(keep, n) * (kr + 2) + 6 + denseWork) + 40L * n,
			"the linearized posterior (d = " + d + ", rank " + kr + ", " + block + " components at a time, keep " + keep + ", 0 samples)",
			rank == 0 ? "use the matrix-free path (rank = a few tens) or fewer threads" : "lower rank, keep or threads");
		Memory.require(jobs * in.data.linearizationBytes() + 8L * d * (4L * Math.min(lin == 0 ? 0 : lin, mine) + keep + 6),
			"the linearized wave operator (" + jobs + " training model(s) at a time)", "use fewer threads");
		final Likelihood lik = in.likelihood(1, progress, sourcescale);
		final Likelihood linLik = perCall == 1 ? lik : in.likelihood(perCall, progress, sourcescale);
		final SettingsHash h = new SettingsHash().add("kind", "posterior-linearized").add("data", in.data.values()).add("noise", in.gamma)
			.add("physics", in.data.physics()).add("acquisition", in.data.describe()).add("grid", in.grid().toString()).add("n", n)
			.add("sigma", sigma).add("rank", rank).add("oversampling", oversampling).add("power", power).add("seed", seed)
			.add("linearize", lin).add("keep", keep);
		if (in.stream != null) h.add("streamed models", in.streamHash);
		else for (int k = 0; k < n; k++) h.add("model", in.training.models[k]);
		final PosteriorPartial p;
		if (resume) {
			p = PosteriorPartial.read(out.toPath());
			if (!p.header().hash.equals(h.hex()) || p.header().shard != part.index || p.header().shards != part.count)
				throw new IllegalArgumentException("resume: the checkpoint in " + out + " belongs to other inputs or another shard; give " +
					"the same keys as the interrupted run, or run without resume=true");
		}
		else {
			p = new PosteriorPartial(new PosteriorPartial.Header(PosteriorPartial.Kind.LINEARIZED, h.hex(), n, part.index, part.count, d,
				Math.min(keep, n), lin));
			in.outputs().describe(p);
			p.info("sigma", Double.toString(sigma)).info("rank", Integer.toString(rank == 0 ? d : Math.min(rank, d)));
		}
		progress.status(in.describe("Linearized posterior" + (sharded ? ", shard " + part : "") + " (" + mine + " models" +
			(lin > 0 ? ", the " + Math.min(lin, mine) + " best-fitting linearized" : "") + ")"));
		// With M < N: the shard's M best-fitting models (forward pass; repeated on resume) are the candidates.
		final double[] misfit = new double[n];
		final boolean[] candidate = new boolean[n];
		if (lin > 0) {
			final int[] models = new int[mine];
			for (int j = 0; j < mine; j++) models[j] = part.model(j);
			final double[] rw = new double[mine];
			final Progress first = progress.range(0, 0.3);
			Parallel.forEach(mine, workers, j -> {
				first.checkCanceled();
				misfit[models[j]] = lik.misfit(lik.operator().apply(in.model(models[j]), null));
				rw[j] = -0.5 * misfit[models[j]];
			});
			final int[] order = Ranking.byDecreasing(rw);
			for (int j = 0; j < Math.min(lin, mine); j++) candidate[models[order[j]]] = true;
		}
		final Progress rest = lin > 0 ? progress.range(0.3, 1) : progress;
		final double[] zero = new double[d];
		final boolean[] warned = { false };
		ShardRunner.run(part, n, p.coverage(), jobs, checkpoint, out, rest, k -> lin > 0 && !candidate[k] ? null :
			LinearizedComponent.linearize(linLik, in.model(k), k, st.rank, st.oversampling, st.power, st.seed, rest.quiet()),
			(k, c) -> {
				if (c != null) warnIfRankSmall(c, rest, warned);
				if (c == null) {
					final double[] x = in.model(k);
					p.add(k, -0.5 * misfit[k], misfit[k], false, x, zero, () -> zero, PosteriorPartial.Outside.NONE);
				}
				else if (lin > 0) p.addCandidate(k, c.logWeight(sigma), c.spectrum().misfit(), c.mean(sigma, null), c.covarianceDiagonal(sigma,
					null), c.model(), c.shift(sigma, null), outside(c, sigma, in.vmin, in.vmax));
				else p.add(k, c.logWeight(sigma), c.spectrum().misfit(), true, c.mean(sigma, null), c.covarianceDiagonal(sigma, null),
					() -> c.shift(sigma, null), outside(c, sigma, in.vmin, in.vmax));
			}, p::write);
		if (!sharded) return p;
		p.write(out.toPath());
		results().table("shard.csv", ShardRunner.shardSummary(part, p.size(), n));
		progress.status("Linearized posterior, shard " + part + ": " + p.size() + " models in " + out.toPath().resolve(PartialFile.NAME) +
			"; combine the shards with merge");
		return p;
	}

	/**
	 * Warns once (as {@link LinearizedPosterior} does) when a component's smallest kept eigenpair still has
	 * sigma^2 lambda > 0.1: the data constrain directions beyond the rank, which keep the prior variance.
	 */
	private void warnIfRankSmall(final LinearizedComponent c, final Progress progress, final boolean[] warned) {
		final WeightSpectrum sp = c.spectrum();
		if (warned[0] || sp.rank() >= c.dimension() || sp.rank() == 0) return;
		final double t = sigma * sigma * sp.eigenvalue(sp.rank() - 1);
		if (t > 0.1) {
			warned[0] = true;
			progress.warn(String.format(Locale.ROOT, "rank %d may be too small: at training model %d the smallest eigenpair kept " +
				"still has sigma^2 lambda = %.3g (> 0.1), so directions beyond it that the data also constrain keep the prior " +
				"variance sigma^2; raise rank for a tighter covariance", sp.rank(), c.index() + 1, t));
		}
	}

	/** Writes the single run's files from merged linearized partials. */
	static void writeMerged(final Results results, final PosteriorOutputs o, final PartialMerge.MergedPosterior r, final double sigma,
		final int rank) {
		final int n = r.size(), p = o.grid.size();
		final Table comps = new Table("index", "misfit", "log_weight", "weight", "weight_reweighted", "linearized");
		for (int k = 0; k < n; k++)
			comps.add(k + 1, r.misfits()[k], r.logWeights()[k], r.weights()[k], Math.exp(r.reweightedLogWeights()[k]), r.isLinearized(k) ? 1 : 0);
		final double[] m = r.mean(), v = r.variance();
		results.image("posterior-mean.tif", o.meanImage(m, "linearized"));
		results.image("posterior-variance.tif", o.varianceImage(v, "linearized"));
		results.image("posterior-std.tif", o.stdImage(v, "linearized"));
		results.image("posterior-within-variance.tif", o.image("posterior-within-variance", r.withinVariance(),
			PosteriorInputs.VARIANCE_UNIT, "within-component variance sum w_n diag S_n"));
		final List<PosteriorPartial.Kept> lead = r.leading();
		if (!lead.isEmpty()) {
			final double[][] shift = new double[lead.size()][];
			final String[] labels = new String[lead.size()];
			for (int i = 0; i < lead.size(); i++) {
				final PosteriorPartial.Kept c = lead.get(i);
				shift[i] = c.image.clone();
				double norm = 0;
				for (int j = 0; j < p; j++) {
					norm += shift[i][j] * shift[i][j];
					shift[i][j] = Math.abs(shift[i][j]);
				}
				labels[i] = String.format(Locale.ROOT, "%d. training model %d: weight %.4g, |mu - x| = %.4g m/s (rms %.4g m/s)%s", i + 1,
					c.index + 1, r.weights()[c.index], Math.sqrt(norm), Math.sqrt(norm / p), c.linearized ? "" : ", not linearized");
			}
			results.image("component-shifts.tif", o.stack("component-shifts", shift, Images.VELOCITY_UNIT, labels));
		}
		final Table s = new Table("metric", "value");
		s.add("ess", r.effectiveSampleSize());
		s.add("effective_modes", r.effectiveModes());
		s.add("ess_reweighted", r.reweightedEffectiveSampleSize());
		s.add("effective_modes_reweighted", r.reweightedEffectiveModes());
		s.add("linearized", r.linearizedCount());
		s.add("sigma", sigma);
		s.add("rank", rank);
		s.add("weights", WeightFormula.EXACT.key());
		if (!lead.isEmpty() && lead.stream().allMatch(c -> c.outside != null)) {
			final double[] w = new double[lead.size()];
			final PosteriorPartial.Outside[] out = new PosteriorPartial.Outside[lead.size()];
			for (int i = 0; i < w.length; i++) {
				w[i] = r.weights()[lead.get(i).index];
				out[i] = lead.get(i).outside;
			}
			outsideRows(s, w, out);
		}
		o.summarize(s, m, v);
		results.table("components.csv", comps);
		results.table("summary.csv", s);
	}

	/**
	 * kl-coefficients.csv: per training model its coefficients {@code c1..cd} (the projection) and its component's
	 * posterior mean {@code mu1..mud}, in the basis's coefficient units.
	 */
	private void klCoefficients(final KlLinearizedPosterior.Projection proj, final LinearizedPosterior.Result r) {
		final int d = proj.size(), n = proj.coefficients().length;
		final String[] head = new String[1 + 2 * d];
		head[0] = "index";
		for (int i = 0; i < d; i++) {
			head[1 + i] = "c" + (i + 1);
			head[1 + d + i] = "mu" + (i + 1);
		}
		final Table t = new Table(head);
		final double[][] mu = new double[n][];
		for (final LinearizedComponent c : r.leading()) mu[c.index()] = c.mean(sigma, null);
		for (int k = 0; k < n; k++) {
			final Object[] row = new Object[1 + 2 * d];
			row[0] = k + 1;
			for (int i = 0; i < d; i++) {
				row[1 + i] = proj.coefficients()[k][i];
				row[1 + d + i] = mu[k] == null ? proj.coefficients()[k][i] : mu[k][i];
			}
			t.add(row);
		}
		results().table("kl-coefficients.csv", t);
	}

	/**
	 * The posterior over Karhunen–Loeve coefficients ({@link KlLinearizedPosterior}): MemFWI's basis, or with
	 * {@code mempost} the paper code's ({@link MempostKlBasis}), written in pixels like the velocity parameterization's.
	 */
	private void computeKl(final PosteriorInputs in, final LinearizedPosterior.Settings b, final boolean mempost,
		final Progress progress) {
		final Grid2D g = in.grid();
		final int n = in.size(), p = g.size();
		final int k = modes > 0 ? modes : mempost ? MempostKlBasis.K : 8;
		if (mempost && k >= Math.min(g.nx(), g.nz())) throw new IllegalArgumentException("modes = " + k + (modes == 0 ? " (auto, the " +
			"paper's)" : "") + " needs a grid wider and deeper than " + k + " cells (the paper's basis has modes 1..K), the models are " +
			g.nx() + " x " + g.nz() + "; give modes=" + (Math.min(g.nx(), g.nz()) - 1) + " or fewer");
		final KlLinearizedPosterior.Projection proj = mempost ? KlLinearizedPosterior.projectMempost(in.training.models, g, k, progress) :
			KlLinearizedPosterior.project(in.training.models, g, k, alpha, smoothness, amplitude, progress);
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
		final KlLinearizedPosterior.Result kr = KlLinearizedPosterior.compute(proj, lik, b.withThreads(jobs).withKeep(n), progress);
		final LinearizedPosterior.Result r = kr.posterior();
		final Table extra = new Table("metric", "value");
		extra.add("parameterization", "kl");
		extra.add("kl_convention", mempost ? "mempost" : "memfwi");
		extra.add("kl_coefficients", d);
		extra.add(mempost ? "kl_sigma_m" : "kl_amplitude", proj.amplitude());
		extra.add("kl_projection_rms", proj.projectionRms());
		if (mempost) extra.add("velocity_moments", "delta_method");
		klCoefficients(proj, r);
		write(in, r, "linearized (KL)", kr.moments().mean, kr.moments().variance, kr.moments().within,
			"within-component variance sum w_n diag(Phi S_n Phi^T)", kr.leading(keep), kr::shift, kr.samples(), d, extra);
		progress.status(String.format(Locale.ROOT, "Linearized posterior over %d KL coefficients, sigma = %s: ESS %.3g, %.3g " +
			"effective modes", d, Table.format(sigma), r.effectiveSampleSize(), r.effectiveModes()));
	}

	/** components.csv: per training model its misfit, log weight, weight, reweighted weight and whether it was linearized. */
	private static Table componentTable(final LinearizedPosterior.Result r) {
		final Table comps = new Table("index", "misfit", "log_weight", "weight", "weight_reweighted", "linearized");
		for (int k = 0; k < r.size(); k++)
			comps.add(k + 1, r.misfits()[k], r.logWeights()[k], r.weights()[k], Math.exp(r.reweightedLogWeights()[k]),
				r.isLinearized(k) ? 1 : 0);
		return comps;
	}

	/** The first rows of summary.csv, shared by every path: ESS, effective modes (mixture and reweighted), sigma, rank, weights. */
	private Table summaryHead(final LinearizedPosterior.Result r, final int rankShown) {
		final Table s = new Table("metric", "value");
		s.add("ess", r.effectiveSampleSize());
		s.add("effective_modes", r.effectiveModes());
		s.add("ess_reweighted", r.reweightedEffectiveSampleSize());
		s.add("effective_modes_reweighted", r.reweightedEffectiveModes());
		s.add("linearized", r.linearizedCount());
		s.add("sigma", sigma);
		s.add("rank", rankShown);
		s.add("weights", WeightFormula.fromKey(weights).key());
		return s;
	}

	/**
	 * The posterior over reflectivity of Born data (physics=born): the operator is linear, so every component has the same
	 * Hessian B^T B / gamma^2, computed once ({@link LinearMixturePosterior}): with {@code rank=0} all its eigenpairs from d
	 * products B^T B e_j (no dense m x d matrix), and the mixture is the exact posterior of the memorized prior (summary
	 * {@code exact,1}); with rank k > 0 its top k eigenpairs, randomized ({@code exact,0}). Each training image then costs
	 * one Born product and one adjoint. The operator runs in double precision on grids up to
	 * {@link BornData#DOUBLE_CELLS} cells, else with the fast float propagator ({@code born_precision} in summary.csv).
	 * Images are in reflectivity units (dimensionless).
	 */
	private void computeBorn(final LinearizedPosterior.Settings b, final Progress progress) {
		final Images.ModelStack t = Images.readStack(training, "training");
		if (t.size() < 2) throw new IllegalArgumentException("training ('" + training.getTitle() + "') holds " + t.size() +
			" model; a memorized prior needs a training set of at least 2 reflectivity images");
		progress.status("Born data: the background wavefields");
		// rank=0: d independent products B^T B e_j, run side by side (one thread each); rank=k: the randomized eigensolver's
		// products come one at a time, so each uses every thread
		final int all = Parallel.threads(threads), outer = rank == 0 ? all : 1;
		final BornData.Observed obs = BornData.read(data, "data", rank == 0 ? 1 : all, progress);
		final Grid2D g = obs.grid;
		if (t.grid.nx() != g.nx() || t.grid.nz() != g.nz()) throw new IllegalArgumentException("training is " + t.grid.nx() + " x " +
			t.grid.nz() + " cells but the Born data belong to " + g.nx() + " x " + g.nz() + "; use reflectivity on the data's grid");
		final double gamma;
		if (noise > 0) gamma = noise;
		else if (obs.noise > 0) gamma = obs.noise;
		else throw new IllegalArgumentException("noise = 0 means the noise level recorded with the data, but data ('" + data.getTitle() +
			"') record none; give noise=S, the std of the data noise");
		double[] tr = null;
		if (truth != null) {
			final Images.ModelStack m = Images.readStack(truth, "truth");
			if (m.size() != 1 || m.grid.nx() != g.nx() || m.grid.nz() != g.nz()) throw new IllegalArgumentException("truth must be one " +
				"reflectivity image of " + g.nx() + " x " + g.nz() + " cells");
			tr = new double[g.size()];
			for (int i = 0; i < tr.length; i++) tr[i] = m.models[0][i];
		}
		final int n = t.size(), p = g.size();
		if (rank > 0 && rank < p) progress.warn("physics=born with rank = " + rank + ": the Hessian's top " + rank + " eigenpairs " +
			"(randomized), the other directions keep the prior variance; rank=0 gives the exact posterior from all " + p);
		progress.status(String.format(Locale.ROOT, "Born posterior: %d reflectivity images of %s, data %s, noise %s", n, g, obs.shape,
			Table.format(gamma)));
		final LinearizedPosterior.Result r = LinearMixturePosterior.compute(obs.operator, obs.y, gamma, TrainingSet.ofFloats(t.models),
			b, outer, progress);
		final boolean exact = rank == 0 || rank >= p;
		final PosteriorOutputs o = new PosteriorOutputs(g, n, gamma, TimeDomainData.BORN, tr);
		final String unit = "reflectivity";
		mean = o.image("posterior-mean", r.mean(), unit, "Born linearized posterior mean (exact for rank=0)");
		Images.setProp(mean, "memfwi.kind", "posterior-mean");
		variance = o.image("posterior-variance", r.variance(), unit + "^2", "Born linearized posterior variance");
		Images.setProp(variance, "memfwi.kind", "posterior-variance");
		final double[] sd = new double[p];
		for (int i = 0; i < p; i++) sd[i] = Math.sqrt(Math.max(0, r.variance()[i]));
		results().image("posterior-mean.tif", mean);
		results().image("posterior-variance.tif", variance);
		results().image("posterior-std.tif", o.image("posterior-std", sd, unit, "Born linearized posterior standard deviation"));
		if (samples > 0) {
			final String[] sl = new String[samples];
			for (int i = 0; i < samples; i++) sl[i] = "sample " + (i + 1) + " (seed " + seed + ")";
			results().image("samples.tif", o.stack("posterior-samples", r.samples(), unit, sl));
		}
		final Table s = summaryHead(r, exact ? p : rank);
		s.add("exact", exact ? 1 : 0);
		s.add("born_precision", BornData.precision(g) == TimeDomainOperator.Precision.DOUBLE ? "double" : "float");
		o.summarize(s, r.mean(), r.variance());
		results().table("components.csv", componentTable(r));
		results().table("summary.csv", s);
		progress.status(String.format(Locale.ROOT, "Born posterior, sigma = %s: ESS %.3g, %.3g effective modes%s", Table.format(sigma),
			r.effectiveSampleSize(), r.effectiveModes(), exact ? " (exact)" : ""));
	}
}
