package org.memfwi.commands;

import java.util.Locale;

import org.memfwi.core.posterior.DiffusionPosteriorSampler;
import org.memfwi.core.posterior.MemorizationMetrics;
import org.memfwi.core.prior.MemorizedPrior;
import org.memfwi.core.progress.Progress;
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
 * Diffusion posterior sampling (DPS, Chung et al. 2023) with the closed-form denoiser of a diffusion model that has
 * memorized the training stack: no network to train. Each chain runs a variance-exploding schedule of T noise levels;
 * every step denoises, linearizes the wave operator at the denoised model for the FWI gradient, and pulls the chain
 * towards the data ({@link DiffusionPosteriorSampler}). Writes samples.tif, posterior-mean.tif and
 * posterior-variance.tif (sample mean and variance), samples.csv (per sample: nearest training model, distances,
 * memorization ratio, data residual) and summary.csv (memorized_fraction, ...).
 */
@Plugin(type = Command.class, name = "posterior-dps", headless = true,
	menuPath = "Plugins>MemFWI>Diffusion Posterior Sampling (Memorized Prior)...",
	menu = { @Menu(label = "Plugins"), @Menu(label = "MemFWI"), @Menu(label = "Diffusion Posterior Sampling (Memorized Prior)...", weight = 307) },
	description = "Diffusion posterior sampling with the closed-form memorized denoiser -> samples, mean, variance, memorization " +
		"ratio of every sample")
public class PosteriorDpsCommand extends PosteriorCommand {

	@Parameter(label = "Samples", min = "1", persist = false, description = "independent chains, one sample each")
	private int samples = 8;

	@Parameter(label = "Diffusion steps T", min = "2", persist = false,
		description = "noise levels from sigmamax down to sigmamin (geometric), then a last step to 0")
	private int steps = 50;

	@Parameter(label = "Guidance step zeta (dps: in Cauchy steps)", min = "0", persist = false,
		description = "dps: x -= zeta z0 g / ||y - F(x0)||, z0 = the Cauchy (line-search) step of the data misfit at the training " +
			"mean, so zeta needs no units; score: x -= zeta (sigma_t^2 - sigma_t+1^2) g / gamma^2 (zeta = 1 is the likelihood " +
			"score); 0 = no data: samples of the prior", attrs = { @Attr(name = "advanced") })
	private double zeta = 300;

	@Parameter(label = "Guidance", choices = { "dps", "score" }, persist = false,
		description = "dps: the step of Chung et al., normalized by the data residual; score: the likelihood score of the " +
			"reverse SDE, scaled by the data noise", attrs = { @Attr(name = "advanced") })
	private String guidance = "dps";

	@Parameter(label = "Reverse step", choices = { "ancestral", "ddim" }, persist = false,
		description = "ancestral: the stochastic VE posterior bridge; ddim: deterministic", attrs = { @Attr(name = "advanced") })
	private String step = "ancestral";

	@Parameter(label = "Largest noise level sigmamax (m/s; auto = twice the largest distance from the training mean)", min = "0", persist = false,
		description = "0: twice the largest distance of a training model from their mean", attrs = { @Attr(name = "words", value = "auto=0"), @Attr(name = "advanced") })
	private double sigmamax = 0;

	@Parameter(label = "Smallest noise level sigmamin (m/s; auto = a hundredth of sigmamax)", min = "0", persist = false,
		description = "0: sigmamax / 100", attrs = { @Attr(name = "words", value = "auto=0"), @Attr(name = "advanced") })
	private double sigmamin = 0;

	@Parameter(label = "Random seed", persist = false, description = "the same seed gives the same samples, whatever the threads")
	private long seed = 1;

	@Parameter(label = "Memorization threshold tau", min = "0", persist = false,
		description = "a sample is memorized when d1 / mean(d2..dk) < tau; 0.1, 0.3, 0.5 and 0.7 are always reported too", attrs = { @Attr(name = "advanced") })
	private double tau = 0.5;

	@Parameter(type = ItemIO.OUTPUT, label = "Posterior samples")
	private ImagePlus sampleStack;

	@Parameter(type = ItemIO.OUTPUT, label = "Posterior mean")
	private ImagePlus mean;

	@Parameter(type = ItemIO.OUTPUT, label = "Posterior variance")
	private ImagePlus variance;

	@Override
	protected void compute(final Progress progress) {
		DiffusionPosteriorSampler.Settings s = DiffusionPosteriorSampler.Settings.of()
			.withSamples(samples)
			.withSteps(steps)
			.withZeta(zeta)
			.withRelativeZeta(true)
			.withGuidance(DiffusionPosteriorSampler.Guidance.valueOf(guidance.toUpperCase(Locale.ROOT)))
			.withStep(DiffusionPosteriorSampler.Step.valueOf(step.toUpperCase(Locale.ROOT)))
			.withSigmaMax(sigmamax)
			.withSigmaMin(sigmamin)
			.withSeed(seed);
		s.validate(); // names a bad setting before the images are read (the noise is checked with the data)
		if (!(tau > 0)) throw new IllegalArgumentException("tau (memorization threshold) must be positive, got " + tau);
		final PosteriorInputs in = readInputs();
		s = s.withNoise(in.gamma);
		final int n = in.size(), d = in.grid().size(), m = in.data.values().length;
		final int chains = Math.min(samples, Parallel.threads(threads));
		final int perCall = Math.max(1, Parallel.threads(threads) / chains);
		s = s.withThreads(chains);
		Memory.require(12L * samples * d + 24L * d + chains * (in.data.linearizationBytes() + 8L * (n + 5L * d + m)),
			"diffusion posterior sampling (" + samples + " samples of " + in.grid() + ", " + chains + " chains at a time)",
			"draw fewer samples or use fewer threads");
		progress.status(in.describe("Diffusion posterior sampling"));
		final DiffusionPosteriorSampler.Result r = DiffusionPosteriorSampler.sample(new MemorizedPrior(in.set()),
			in.likelihood(perCall, progress, sourcescale).operator(), in.data.values(), s, progress.range(0, 0.97));

		progress.status("Memorization ratios of " + samples + " samples");
		final MemorizationMetrics.Entry[] e = new MemorizationMetrics.Entry[samples];
		Parallel.forEach(samples, threads, i -> e[i] = MemorizationMetrics.of(r.samples()[i], in.training.models,
			MemorizationMetrics.DEFAULT_K, null));
		final Table t = new Table("sample", "nearest", "d1", "d2", "ratio", "ratio12", "memorized", "residual", "misfit");
		final String[] labels = new String[samples];
		for (int i = 0; i < samples; i++) {
			t.add(i + 1, e[i].nearest() + 1, e[i].d1(), e[i].d2(), e[i].ratio(), e[i].ratio12(), e[i].memorized(tau) ? 1 : 0, r.residual()[i],
				r.residual()[i] * r.residual()[i] / (in.gamma * in.gamma));
			labels[i] = String.format(Locale.ROOT, "sample %d: nearest training model %d, ratio %.3f", i + 1, e[i].nearest() + 1, e[i].ratio());
		}
		final double[] mu = r.mean(), var = r.variance();
		sampleStack = in.stack("dps-samples", r.samples(), Images.VELOCITY_UNIT, labels);
		Images.setProp(sampleStack, "memfwi.kind", "posterior-samples");
		mean = in.meanImage(mu, "DPS sample");
		variance = in.varianceImage(var, "DPS sample");

		final Table sum = new Table("metric", "value");
		MemorizationMetrics.summarize(sum, e, tau);
		sum.add("n_samples", samples);
		sum.add("steps", steps);
		sum.add("zeta", zeta);
		sum.add("zeta_used", r.zeta());
		sum.add("guidance", guidance);
		sum.add("sigma_max", r.sigmas()[0]);
		sum.add("sigma_min", r.sigmas()[r.sigmas().length - 1]);
		in.summarize(sum, mu, var);
		final double[] misfits = new double[samples], ratios = new double[samples];
		for (int i = 0; i < samples; i++) {
			misfits[i] = r.residual()[i] * r.residual()[i] / (in.gamma * in.gamma);
			ratios[i] = e[i].ratio();
		}
		posterior = PosteriorResult.of(mu, var, in.truth).withSamples(misfits, ratios, MemorizationMetrics.memorizedFraction(e, tau),
			MemorizationMetrics.medianRatio(e));
		results().image("samples.tif", sampleStack);
		results().image("posterior-mean.tif", mean);
		results().image("posterior-variance.tif", variance);
		results().image("posterior-std.tif", in.stdImage(var, "DPS sample"));
		results().table("samples.csv", t);
		results().table("summary.csv", sum);
		progress.fraction(1);
		progress.status(String.format(Locale.ROOT, "DPS: %d samples, %.0f %% memorized (ratio < %s)", samples,
			100 * MemorizationMetrics.memorizedFraction(e, tau), Table.format(tau)));
	}
}
