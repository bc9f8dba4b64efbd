package org.memfwi.commands;

import java.util.Locale;

import org.memfwi.core.posterior.Likelihood;
import org.memfwi.core.posterior.ReweightedPosterior;
import org.memfwi.core.posterior.StreamingReweighted;
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
public class PosteriorReweightedCommand extends PosteriorCommand {

	@Parameter(label = "Best matches to show", min = "1", persist = false,
		description = "how many training models of largest weight go into best-matches.tif")
	private int best = 9;

	@Parameter(type = ItemIO.OUTPUT, label = "Posterior mean")
	private ImagePlus mean;

	@Parameter(type = ItemIO.OUTPUT, label = "Posterior variance")
	private ImagePlus variance;

	@Parameter(type = ItemIO.OUTPUT, label = "Best-matching training models")
	private ImagePlus matches;

	@Override
	protected void compute(final Progress progress) {
		final PosteriorInputs in = PosteriorInputs.readStreaming(training, data, noise, truth, progress);
		final int n = in.size(), d = in.grid().size();
		final int shown = Math.min(best, n);
		final int workers = Math.min(n, Parallel.threads(threads));
		final long streamBuffers = in.stream == null ? 0 : 12L * d * Math.max(8, 4 * workers);
		Memory.require(in.data.forwardBytes() * workers + 8L * d * (4 + shown) + 40L * n + streamBuffers,
			"the reweighted posterior (" + workers + " forward solves at a time)", "use fewer threads");
		progress.status(in.describe("Reweighted posterior"));
		final Likelihood lik = in.likelihood(1, progress, sourcescale);
		final double[] logLik, logW, weights, postMean, postVar;
		final double ess, modes;
		final int[] order;
		final double[][] top = new double[shown][];
		if (in.stream == null) {
			final ReweightedPosterior r = ReweightedPosterior.compute(lik, in.set, threads, progress);
			logLik = r.logLikelihoods();
			logW = r.logWeights();
			weights = r.weights();
			postMean = r.mean();
			postVar = r.variance();
			ess = r.effectiveSampleSize();
			modes = r.effectiveModes();
			order = r.ranking();
			for (int i = 0; i < shown; i++) top[i] = in.set.copy(order[i], null);
		}
		else {
			// training over files: one pass, memory independent of N
			final StreamingReweighted r = StreamingReweighted.compute(lik, in.stream, shown, threads, progress);
			logLik = r.logLikelihoods();
			logW = r.logWeights();
			weights = r.weights();
			postMean = r.mean();
			postVar = r.variance();
			ess = r.effectiveSampleSize();
			modes = r.effectiveModes();
			order = r.best();
			for (int i = 0; i < shown; i++) {
				top[i] = new double[d];
				for (int j = 0; j < d; j++) top[i][j] = r.bestModels()[i][j];
			}
		}

		final Table w = new Table("index", "misfit", "log_weight", "weight");
		for (int k = 0; k < n; k++) w.add(k + 1, -2 * logLik[k], logW[k], weights[k]);
		final String[] labels = new String[shown];
		for (int i = 0; i < shown; i++) {
			final int k = order[i];
			labels[i] = String.format(Locale.ROOT, "%d. training model %d: weight %.4g, misfit %.4g", i + 1, k + 1, weights[k],
				-2 * logLik[k]);
		}
		mean = in.meanImage(postMean, "reweighted");
		variance = in.varianceImage(postVar, "reweighted");
		matches = in.stack("best-matches", top, Images.VELOCITY_UNIT, labels);

		final Table s = new Table("metric", "value");
		s.add("ess", ess);
		s.add("effective_modes", modes);
		s.add("best_index", order[0] + 1);
		s.add("best_weight", weights[order[0]]);
		s.add("best_misfit", -2 * logLik[order[0]]);
		in.summarize(s, postMean, postVar);
		in.summarizeSourceScalars(s, lik, top[0]);
		results().image("posterior-mean.tif", mean);
		results().image("posterior-variance.tif", variance);
		results().image("best-matches.tif", matches);
		results().table("weights.csv", w);
		results().table("summary.csv", s);
		progress.status(String.format(Locale.ROOT, "Reweighted posterior: ESS %.3g, %.3g effective modes, best match training model %d " +
			"(weight %.3g)", ess, modes, order[0] + 1, weights[order[0]]));
	}
}
