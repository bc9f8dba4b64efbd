package org.memfwi.commands;

import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import org.memfwi.core.operator.SourceScaling;
import org.memfwi.core.posterior.Likelihood;
import org.memfwi.core.posterior.PruningBound;
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
 * The posterior of a memorized prior in the limit sigma -> 0: the training models reweighted by the likelihood of the
 * observed data, {@code w_n ∝ exp(-||F(x_n) - y||^2 / (2 gamma^2))} (DESIGN.md section 1). One forward solve per
 * training model, in parallel over models. Writes posterior-mean.tif (m/s), posterior-variance.tif ((m/s)^2),
 * weights.csv (index, misfit, log_weight, weight), best-matches.tif (the training models of largest weight) and
 * summary.csv (ess, effective_modes, ..., rmse_vs_truth and coverage_2sigma given a truth).
 */
@Plugin(type = Command.class, name = "posterior-reweighted", headless = true,
	menuPath = "Plugins>MemFWI>Memorized Posterior (Reweighted Training Set)...",
	menu = { @Menu(label = "Plugins"), @Menu(label = "MemFWI"), @Menu(label = "Memorized Posterior (Reweighted Training Set)...", weight = 305) },
	description = "Posterior of a memorized prior: the training models reweighted by the likelihood of the observed data " +
		"-> mean, variance, weights, best matches")
public class PosteriorReweightedCommand extends PosteriorCommand {

	@Parameter(label = "Best matches to show", min = "1", persist = false,
		description = "how many training models of largest weight go into best-matches.tif", attrs = { @Attr(name = "advanced") })
	private int best = 9;

	@Parameter(label = "Stop simulating models whose weight is certainly zero", persist = false,
		description = "stop a training model's simulation once the misfit of the data simulated so far shows that its weight is " +
			"zero in double precision (over 800 in log weight below the best) and that it is not among the best matches; the mean, " +
			"variance, weights and best matches are those of a full run, but weights.csv then gives such models' misfits as lower " +
			"bounds (column evaluated: the fraction of the data compared). Time-domain data are checked every 32 time steps, " +
			"frequency-domain data after each frequency", attrs = { @Attr(name = "advanced") })
	private boolean prune = false;

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

	@Parameter(type = ItemIO.OUTPUT, label = "Best-matching training models")
	private ImagePlus matches;

	@Override
	protected void compute(final Progress progress) throws IOException {
		final Shard part = ShardRunner.shard(shard, checkpoint, resume, out);
		final boolean sharded = shard != null && !shard.trim().isEmpty(); // shard=0/1 too: a partial of the whole set
		if (best < 1) throw new IllegalArgumentException("best (training models to show) must be at least 1, got " + best);
		if (prune && SourceScaling.parseEstimate(sourcescale)) throw new IllegalArgumentException("prune=true cannot be combined with " +
			"sourcescale=" + sourcescale + ": the fitted source scalars change the misfit of the data simulated so far; use " +
			"prune=false, or fixed source scaling");
		final PosteriorInputs in = PosteriorInputs.readStreaming(training, observed(), noise, truth, progress).rememberForwards(forwards);
		// In memory or streamed from files (a folder, a glob, an HDF5 file): one pass in model order, memory independent of
		// N but for a few numbers per model; shards, checkpoints and resume alike.
		final int n = in.size(), d = in.grid().size();
		final int shown = Math.min(best, n);
		final int workers = Math.min(Math.max(1, part.size(n)), Parallel.threads(threads));
		final long streamBuffers = in.stream == null ? 0 : 16L * d * 2 * workers;
		Memory.require(in.data.forwardBytes() * workers + 8L * d * (4 + shown) + 80L * n + streamBuffers,
			"the reweighted posterior (" + workers + " forward solves at a time)", "use fewer threads");
		progress.status(in.describe("Reweighted posterior" + (!sharded ? "" : ", shard " + part + " (" + part.size(n) + " models)") +
			(in.stream == null ? "" : ", streamed from " + in.stream.describe())));
		final Likelihood lik = in.likelihood(1, progress, sourcescale);
		final PosteriorOutputs o = in.outputs();
		final String hash = hash(in, shown);
		final PosteriorPartial p;
		if (resume) {
			p = PosteriorPartial.read(out.toPath());
			if (!p.header().hash.equals(hash) || p.header().shard != part.index || p.header().shards != part.count)
				throw new IllegalArgumentException("resume: the checkpoint in " + out + " belongs to other inputs or another shard (" +
					p.header().kind.command + " shard " + p.header().shard + "/" + p.header().shards + "); give the same keys as the " +
					"interrupted run, or run without resume=true");
		}
		else {
			p = new PosteriorPartial(new PosteriorPartial.Header(PosteriorPartial.Kind.REWEIGHTED, hash, n, part.index, part.count, d,
				shown, 0));
			o.describe(p);
		}
		final PruningBound bound = new PruningBound(shown);
		for (final double m : p.completeMisfits()) bound.complete(m);
		ShardRunner.run(part, n, p.coverage(), workers, checkpoint, out, progress, k -> {
			final double[] x = in.model(k);
			if (!prune) return new Evaluated(x, lik.misfit(lik.operator().apply(x, null)), 1);
			final Likelihood.Partial m = lik.misfit(x, bound::limit);
			if (m.complete()) bound.complete(m.misfit);
			return new Evaluated(x, m.misfit, m.evaluated);
		}, (k, r) -> {
			if (r.evaluated < 1) p.addPruned(k, -0.5 * r.misfit, r.misfit, r.evaluated, r.model, () -> r.model);
			else p.add(k, -0.5 * r.misfit, r.misfit, false, r.model, null, () -> r.model);
		}, p::write);
		if (sharded) {
			p.write(out.toPath());
			results().table("shard.csv", ShardRunner.shardSummary(part, p.size(), n));
			progress.status("Reweighted posterior, shard " + part + ": " + p.size() + " models in " + out.toPath().resolve(PartialFile.NAME) +
				"; combine the shards with merge");
			return;
		}
		final PartialMerge.MergedPosterior merged = PartialMerge.merge(Collections.singletonList(p), Collections.singletonList("this run"));
		posterior = write(results(), o, merged, progress);
		in.summarizeSourceScalars(results().tables().get("summary.csv"), lik, merged.leading().get(0).image);
		mean = results().images().get("posterior-mean.tif");
		variance = results().images().get("posterior-variance.tif");
		matches = results().images().get("best-matches.tif");
		ShardRunner.dropCheckpoint(out);
	}

	/** One evaluated model: the model (m/s), its scaled misfit and the fraction of the data it was computed on. */
	private static final class Evaluated {
		final double[] model;
		final double misfit, evaluated;

		Evaluated(final double[] model, final double misfit, final double evaluated) {
			this.model = model;
			this.misfit = misfit;
			this.evaluated = evaluated;
		}
	}

	/** The fingerprint of everything the partial depends on: data, noise, training set, physics and the kept count. */
	static String hash(final PosteriorInputs in, final int shown) {
		final SettingsHash h = new SettingsHash().add("kind", "posterior-reweighted").add("data", in.data.values())
			.add("noise", in.gamma).add("physics", in.data.physics()).add("acquisition", in.data.describe())
			.add("grid", in.grid().toString()).add("n", in.size()).add("best", shown);
		if (in.stream != null) h.add("streamed models", in.streamHash);
		else for (int k = 0; k < in.size(); k++) h.add("model", in.training.models[k]);
		return h.hex();
	}

	/** Writes the single run's files from a (merged) reweighted posterior; returns it typed. */
	static PosteriorResult write(final Results results, final PosteriorOutputs o, final PartialMerge.MergedPosterior r, final Progress progress) {
		final int n = r.size();
		// With pruned models, a column says which misfits (and log weights) are bounds: evaluated < 1.
		final int pruned = r.prunedCount();
		final Table w = pruned == 0 ? new Table("index", "misfit", "log_weight", "weight") :
			new Table("index", "misfit", "log_weight", "weight", "evaluated");
		for (int k = 0; k < n; k++)
			if (pruned == 0) w.add(k + 1, r.misfits()[k], r.logWeights()[k], r.weights()[k]);
			else w.add(k + 1, r.misfits()[k], r.logWeights()[k], r.weights()[k], r.evaluated()[k]);
		final List<PosteriorPartial.Kept> lead = r.leading();
		final double[][] top = new double[lead.size()][];
		final String[] labels = new String[lead.size()];
		for (int i = 0; i < lead.size(); i++) {
			final int k = lead.get(i).index;
			top[i] = lead.get(i).image;
			labels[i] = String.format(Locale.ROOT, "%d. training model %d: weight %.4g, misfit %.4g", i + 1, k + 1, r.weights()[k],
				r.misfits()[k]);
		}
		final double[] m = r.mean(), v = r.variance();
		final int first = lead.get(0).index;
		final Table s = new Table("metric", "value");
		s.add("ess", r.effectiveSampleSize());
		s.add("effective_modes", r.effectiveModes());
		s.add("best_index", first + 1);
		s.add("best_weight", r.weights()[first]);
		s.add("best_misfit", r.misfits()[first]);
		if (pruned > 0) s.add("pruned_models", pruned);
		o.summarize(s, m, v);
		results.image("posterior-mean.tif", o.meanImage(m, "reweighted"));
		results.image("posterior-variance.tif", o.varianceImage(v, "reweighted"));
		results.image("posterior-std.tif", o.stdImage(v, "reweighted"));
		results.image("best-matches.tif", o.stack("best-matches", top, Images.VELOCITY_UNIT, labels));
		results.table("weights.csv", w);
		results.table("summary.csv", s);
		progress.status(String.format(Locale.ROOT, "Reweighted posterior: ESS %.3g, %.3g effective modes, best match training model %d " +
			"(weight %.3g)", r.effectiveSampleSize(), r.effectiveModes(), first + 1, r.weights()[first]));
		return PosteriorResult.of(m, v, o.truth).withWeights(r.weights(), r.misfits(), r.effectiveSampleSize(), r.effectiveModes());
	}
}
