package org.memfwi.commands;

import java.io.IOException;
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
import org.memfwi.core.posterior.WeightFormula;
import org.memfwi.core.progress.Progress;
import org.memfwi.core.shard.PartialFile;
import org.memfwi.core.shard.PartialMerge;
import org.memfwi.core.shard.PosteriorPartial;
import org.memfwi.core.shard.SettingsHash;
import org.memfwi.core.shard.Shard;
import org.memfwi.core.util.Memory;
import org.memfwi.core.util.Parallel;
import org.memfwi.core.util.Table;
import org.memfwi.io.Images;

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
		description = "velocity: one unknown per pixel (m/s); kl: MemFWI's K^2 Karhunen-Loeve coefficients (modes 0..K-1, sqrt(lambda), velocity; not the paper code's basis) around the training " +
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

	@Parameter(label = "Component weights", choices = { "exact", "mempost" }, persist = false,
		description = "exact: the marginal likelihood N(r; 0, gamma^2 I + sigma^2 J J^T) with its log-determinant; mempost: the " +
			"paper code's weights, without the log-determinant term")
	private String weights = "exact";

	@Parameter(label = "Shard i/K (empty = every model)", required = false, persist = false,
		description = "compute only the components of the training models i, i+K, i+2K, ... (i from 0 to K-1; with linearize = M " +
			"each shard linearizes its own M best-fitting models, and the merge keeps the M best of the whole set) and write the " +
			"partial posterior (partial.bin) to out; combine the K output folders with Merge Posterior Shards (merge)",
		attrs = { @Attr(name = "advanced") })
	private String shard = "";

	@Parameter(label = "Checkpoint every (minutes; never = no checkpoints; shards only)", min = "0", persist = false,
		description = "with shard=: write the partial posterior done so far to out/partial.bin this often (and on cancel)",
		attrs = { @Attr(name = "advanced"), @Attr(name = "words", value = "never=0") })
	private double checkpoint = 5;

	@Parameter(label = "Resume from the checkpoint in the output folder (shards only)", persist = false,
		description = "with shard=: continue the interrupted shard whose out/partial.bin is in the output folder",
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
		if (resume && !sharded) throw new IllegalArgumentException("resume = true applies to shard runs of posterior-linearized " +
			"(shard=i/K, e.g. shard=0/1 for the whole set); give shard= or run without resume=true");
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
		if (sharded && kl) throw new IllegalArgumentException("shard= works with parameterization=velocity only; the KL " +
			"parameterization keeps every component's dense covariance, which the partial posterior does not carry");
		if (sharded && samples > 0) throw new IllegalArgumentException("samples = " + samples + " cannot be drawn by shards (each " +
			"sample needs the whole mixture); use samples=0 with shard=");
		if (sharded && b.weights != WeightFormula.EXACT) throw new IllegalArgumentException("weights = " + weights + " is not " +
			"carried by the partial posterior of a shard; use weights=exact with shard=");
		final PosteriorInputs in = readInputs();
		if (sharded) {
			computeShard(in, part, b, progress);
			return;
		}
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
			b.withThreads(jobs), progress);

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
		s.add("weights", WeightFormula.fromKey(weights).key());
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
	 * The partial posterior of one shard: with linearize = M < N a forward pass over the shard finds its M best-fitting
	 * models, which are linearized and kept unfolded (the merge decides which are among the M best of the whole set); the
	 * other models enter as point masses with their reweighted weight. Written to out/partial.bin.
	 */
	private void computeShard(final PosteriorInputs in, final Shard part, final LinearizedPosterior.Settings st, final Progress progress)
		throws IOException {
		final int n = in.size(), d = in.grid().size(), mine = part.size(n);
		final int lin = linearize == 0 || linearize >= n ? 0 : linearize;
		final int workers = Math.max(1, Math.min(Math.max(1, mine), Parallel.threads(threads)));
		Memory.require(workers * in.data.linearizationBytes() + 8L * d * (4L * Math.min(lin == 0 ? 0 : lin, mine) + keep + 6),
			"the linearized wave operator (" + workers + " training model(s) at a time)", "use fewer threads");
		final Likelihood lik = in.likelihood(1, progress, sourcescale);
		final SettingsHash h = new SettingsHash().add("kind", "posterior-linearized").add("data", in.data.values()).add("noise", in.gamma)
			.add("physics", in.data.physics()).add("acquisition", in.data.describe()).add("grid", in.grid().toString()).add("n", n)
			.add("sigma", sigma).add("rank", rank).add("oversampling", oversampling).add("power", power).add("seed", seed)
			.add("linearize", lin).add("keep", keep);
		for (int k = 0; k < n; k++) h.add("model", in.training.models[k]);
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
		progress.status(in.describe("Linearized posterior, shard " + part + " (" + mine + " models" + (lin > 0 ? ", the " +
			Math.min(lin, mine) + " best-fitting linearized" : "") + ")"));
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
				misfit[models[j]] = lik.misfit(lik.operator().apply(in.set.copy(models[j], null), null));
				rw[j] = -0.5 * misfit[models[j]];
			});
			final int[] order = PartialMerge.byDecreasing(rw);
			for (int j = 0; j < Math.min(lin, mine); j++) candidate[models[order[j]]] = true;
		}
		final Progress rest = lin > 0 ? progress.range(0.3, 1) : progress;
		final double[] zero = new double[d];
		ShardRunner.run(part, n, p.coverage(), workers, checkpoint, out, rest, k -> lin > 0 && !candidate[k] ? null :
			LinearizedComponent.linearize(lik, in.set.copy(k, null), k, st.rank, st.oversampling, st.power, st.seed, rest.quiet()),
			(k, c) -> {
				if (c == null) {
					final double[] x = in.set.copy(k, null);
					p.add(k, -0.5 * misfit[k], misfit[k], false, x, zero, () -> zero);
				}
				else if (lin > 0) p.addCandidate(k, c.logWeight(sigma), c.spectrum().misfit, c.mean(sigma, null), c.covarianceDiagonal(sigma,
					null), c.model(), c.shift(sigma, null));
				else p.add(k, c.logWeight(sigma), c.spectrum().misfit, true, c.mean(sigma, null), c.covarianceDiagonal(sigma, null),
					() -> c.shift(sigma, null));
			}, p::write);
		p.write(out.toPath());
		results().table("shard.csv", ShardRunner.shardSummary(part, p.size(), n));
		progress.status("Linearized posterior, shard " + part + ": " + p.size() + " models in " + out.toPath().resolve(PartialFile.NAME) +
			"; combine the shards with merge");
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
		o.summarize(s, m, v);
		results.table("components.csv", comps);
		results.table("summary.csv", s);
	}

	/**
	 * The posterior over MemFWI's Karhunen–Loeve coefficients ({@link KlLinearizedPosterior}; not the paper code's basis,
	 * {@link org.memfwi.core.prior.MempostKlBasis}), written in pixels like the velocity parameterization's.
	 */
	private void computeKl(final PosteriorInputs in, final LinearizedPosterior.Settings b, final Progress progress) {
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
		final KlLinearizedPosterior.Result kr = KlLinearizedPosterior.compute(proj, lik, b.withThreads(jobs).withKeep(n), progress);
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
