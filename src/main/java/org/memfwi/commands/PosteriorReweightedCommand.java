package org.memfwi.commands;

import org.memfwi.io.Images;
import java.util.Locale;

import org.memfwi.core.posterior.Likelihood;
import org.memfwi.core.posterior.ReweightedPosterior;
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
 * The posterior of a memorized prior in the limit sigma -> 0: the training models reweighted by the likelihood of the
 * observed data, {@code w_n ∝ exp(-||F(x_n) - y||^2 / (2 gamma^2))} (DESIGN.md section 1). One forward solve per
 * training model, in parallel over models. Writes posterior-mean.tif (m/s), posterior-variance.tif ((m/s)^2),
 * weights.csv (index, misfit, log_weight, weight), best-matches.tif (the training models of largest weight) and
 * summary.csv (ess, effective_modes, ..., rmse_vs_truth and coverage_2sigma given a truth).
 */
@Plugin(type = Command.class, name = "posterior-reweighted", headless = true,
	menuPath = "Plugins>MemFWI>Memorized Posterior (Reweighted Training Set)...",
	description = "Posterior of a memorized prior: the training models reweighted by the likelihood of the observed data " +
		"-> mean, variance, weights, best matches")
public class PosteriorReweightedCommand extends MemFwiCommand {

	@Parameter(label = "Training models (stack, m/s)", persist = false,
		description = "the memorized prior's training set: a 32-bit stack of velocity models, at least 2")
	private ImagePlus training;

	@Parameter(label = "Observed data", persist = false,
		description = "shot gathers or frequency-domain data made by Forward Model, with their acquisition properties")
	private ImagePlus data;

	@Parameter(label = "Data noise std gamma (absolute, data units; recorded = the level stored with the data)", min = "0", persist = false,
		description = "standard deviation of the data noise; 0 uses the level recorded with the data (memfwi.noise)", attrs = { @Attr(name = "words", value = "recorded=0") })
	private double noise = 0;

	@Parameter(label = "True model (optional)", required = false, persist = false,
		description = "for synthetic tests: adds rmse_vs_truth and coverage_2sigma to the summary", attrs = { @Attr(name = "role", value = "truth") })
	private ImagePlus truth;

	@Parameter(label = "Best matches to show", min = "1", persist = false,
		description = "how many training models of largest weight go into best-matches.tif", attrs = { @Attr(name = "advanced") })
	private int best = 9;

	@Parameter(type = ItemIO.OUTPUT, label = "Posterior mean")
	private ImagePlus mean;

	@Parameter(type = ItemIO.OUTPUT, label = "Posterior variance")
	private ImagePlus variance;

	@Parameter(type = ItemIO.OUTPUT, label = "Best-matching training models")
	private ImagePlus matches;

	@Override
	protected void compute(final Progress progress) {
		final PosteriorInputs in = PosteriorInputs.read(training, data, noise, truth);
		final int n = in.size(), d = in.grid().size();
		final int shown = Math.min(best, n);
		final int workers = Math.min(n, Parallel.threads(threads));
		Memory.require(in.data.forwardBytes() * workers + 8L * d * (4 + shown) + 40L * n,
			"the reweighted posterior (" + workers + " forward solves at a time)", "use fewer threads");
		progress.status(in.describe("Reweighted posterior"));
		final Likelihood lik = in.likelihood(1, progress);
		final ReweightedPosterior r = ReweightedPosterior.compute(lik, in.set, threads, progress);

		final Table w = new Table("index", "misfit", "log_weight", "weight");
		for (int k = 0; k < n; k++) w.add(k + 1, -2 * r.logLikelihoods()[k], r.logWeights()[k], r.weights()[k]);
		final int[] order = r.ranking();
		final double[][] top = new double[shown][];
		final String[] labels = new String[shown];
		for (int i = 0; i < shown; i++) {
			final int k = order[i];
			top[i] = in.set.copy(k, null);
			labels[i] = String.format(Locale.ROOT, "%d. training model %d: weight %.4g, misfit %.4g", i + 1, k + 1, r.weights()[k],
				-2 * r.logLikelihoods()[k]);
		}
		mean = in.meanImage(r.mean(), "reweighted");
		variance = in.varianceImage(r.variance(), "reweighted");
		matches = in.stack("best-matches", top, Images.VELOCITY_UNIT, labels);

		final Table s = new Table("metric", "value");
		s.add("ess", r.effectiveSampleSize());
		s.add("effective_modes", r.effectiveModes());
		s.add("best_index", order[0] + 1);
		s.add("best_weight", r.weights()[order[0]]);
		s.add("best_misfit", -2 * r.logLikelihoods()[order[0]]);
		in.summarize(s, r.mean(), r.variance());
		results().image("posterior-mean.tif", mean);
		results().image("posterior-variance.tif", variance);
		results().image("posterior-std.tif", in.stdImage(r.variance(), "reweighted"));
		results().image("best-matches.tif", matches);
		results().table("weights.csv", w);
		results().table("summary.csv", s);
		progress.status(String.format(Locale.ROOT, "Reweighted posterior: ESS %.3g, %.3g effective modes, best match training model %d " +
			"(weight %.3g)", r.effectiveSampleSize(), r.effectiveModes(), order[0] + 1, r.weights()[order[0]]));
	}
}
