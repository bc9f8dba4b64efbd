package org.memfwi.cli.bench;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.memfwi.commands.Binder;
import org.memfwi.commands.Commands;
import org.memfwi.commands.MemFwiCommand;
import org.memfwi.commands.PosteriorCommand;
import org.memfwi.commands.PosteriorResult;
import org.memfwi.commands.TimeDomainWorkflow;
import org.memfwi.core.grid.Grid2D;
import org.memfwi.core.helmholtz.HelmholtzAcquisition;
import org.memfwi.core.helmholtz.HelmholtzConfig;
import org.memfwi.core.helmholtz.HelmholtzOperator;
import org.memfwi.core.helmholtz.HelmholtzSolver;
import org.memfwi.core.helmholtz.VelocityPixels;
import org.memfwi.core.operator.ForwardOperator;
import org.memfwi.core.operator.Linearization;
import org.memfwi.core.posterior.DiffusionPosteriorSampler;
import org.memfwi.core.prior.GeneratorSettings;
import org.memfwi.core.prior.MemorizedPrior;
import org.memfwi.core.prior.ModelFamily;
import org.memfwi.core.prior.ModelGenerator;
import org.memfwi.core.prior.TrainingSet;
import org.memfwi.core.progress.Progress;
import org.memfwi.core.util.Table;
import org.memfwi.core.wave.Acquisition;
import org.memfwi.core.wave.SurveyDefaults;
import org.memfwi.core.wave.TimeDomainOperator;
import org.memfwi.core.wave.WaveSettings;
import org.memfwi.core.wave.WaveSetup;
import org.memfwi.core.wave.Wavelet;
import org.memfwi.io.HelmholtzData;
import org.memfwi.io.Images;

import ij.ImagePlus;

/**
 * {@code bench posterior-fwi}: the posterior commands at OpenFWI scale. {@code posterior-reweighted} (the command
 * itself, in memory) on 1,000 CurveFault-like models of 70 x 70 cells with time-domain data of 5 shots x 1,000 steps x
 * 70 receivers, with 1 and 2 threads; and the wall time of one diffusion-posterior-sampling step (denoiser over the
 * 1,000 models, linearization at the denoised model, adjoint, denoiser VJP) for that problem and for a Helmholtz
 * problem on the same models (3 frequencies, 5 sources, 70 receivers).
 */
final class PosteriorFwiBench implements Bench.Suite {

	private static final int N = 1000;

	@Override
	public String name() { return "posterior-fwi"; }

	@Override
	public String description() {
		return "posterior-reweighted on 1,000 OpenFWI-size models (70 x 70, 5 shots, 1,000 steps), time per DPS step";
	}

	@Override
	public void run(final PrintStream out, final int maxThreads) throws Exception {
		final GeneratorSettings gs = GeneratorSettings.of().withFamily(ModelFamily.fromKey("curvedfault")).withN(N + 1)
			.withSeed(1).withSize(70, 70).withDx(10).withVelocityRange(1500, 4500).validate();
		final float[][] all = ModelGenerator.generate(gs, maxThreads, Progress.NONE);
		final float[][] models = Arrays.copyOf(all, N);
		final Grid2D grid = gs.grid;
		final ImagePlus training = Images.velocityStack("training", grid, models, null);
		final ImagePlus truth = Images.velocityStack("truth", grid, new float[][] { all[N] }, null);

		final TimeDomainWorkflow.ForwardSpec spec = new TimeDomainWorkflow.ForwardSpec();
		spec.model = truth;
		spec.noise = 0.01;
		spec.threads = maxThreads;
		final ImagePlus data = TimeDomainWorkflow.forward(spec, Progress.NONE);
		out.println(String.format(Locale.ROOT, "time-domain data: %d shots x %d samples x %d receivers, 1%% noise; %d training models " +
			"of %s", data.getStackSize(), data.getHeight(), data.getWidth(), N, grid));
		// The full evaluation with 1 and 2 threads, then prune=true (same posterior, fewer time steps) with 2 and 1.
		reweighted(out, "", training, data, new int[][] { { 1, 0 }, { 2, 0 }, { 2, 1 }, { 1, 1 } }, maxThreads);

		final TrainingSet set = TrainingSet.ofFloats(models);
		final double[] y = new double[data.getStackSize() * data.getWidth() * data.getHeight()];
		for (int sh = 0, k = 0; sh < data.getStackSize(); sh++)
			for (final float v : (float[]) data.getStack().getPixels(sh + 1)) y[k++] = v;
		final Acquisition acq = Acquisition.surface(grid, SurveyDefaults.sources(grid), SurveyDefaults.depth(grid));
		final Wavelet w = Wavelet.ricker(SurveyDefaults.f0(grid), Wavelet.defaultDelay(SurveyDefaults.f0(grid)), SurveyDefaults.dt(grid),
			SurveyDefaults.nt(grid));
		final ForwardOperator time = new TimeDomainOperator(new WaveSetup(grid, acq, w,
			WaveSettings.DEFAULT, 1500, 4500, Progress.NONE), TimeDomainOperator.Precision.FLOAT, maxThreads);
		dpsStep(out, "time domain (5 shots x 1,000 steps)", set, time, y, maxThreads);

		final HelmholtzSolver solver = new HelmholtzSolver(grid, HelmholtzAcquisition.evenlySpaced(grid, 5, 70, 1),
			HelmholtzConfig.defaults().withFrequencies(4, 6, 8).withPml(20).withThreads(maxThreads).resolve(4500, grid.dx()));
		final ForwardOperator helm = new HelmholtzOperator(solver, new VelocityPixels(grid));
		final double[] yh = helm.apply(set.copy(0, null), null);
		// posterior-reweighted on frequency-domain data of the truth (1 % noise): full and pruned between frequencies.
		final double[] yt = helm.apply(TrainingSet.ofFloats(new float[][] { all[N] }).copy(0, null), null);
		double rms = 0;
		for (final double v : yt) rms += v * v;
		rms = Math.sqrt(rms / yt.length);
		final java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
		for (int i = 0; i < yt.length; i++) yt[i] += 0.01 * rms * org.memfwi.core.util.Seeds.gaussian(rnd);
		final ImagePlus hdata = HelmholtzData.toImage("data", new HelmholtzData.Dataset(grid, solver.acquisition(), solver.config(), yt,
			0.01 * rms));
		reweighted(out, ", Helmholtz data (4, 6, 8 Hz, 5 sources, 1% noise)", training, hdata, new int[][] { { 2, 0 }, { 2, 1 } },
			maxThreads);
		dpsStep(out, "Helmholtz (4, 6, 8 Hz, 5 sources)", set, helm, yh, maxThreads);
	}

	/**
	 * posterior-reweighted on the training stack with the given data, for each {threads, prune} run; a pruned run is
	 * compared with the last full run (mean, variance and every weight, in double precision).
	 */
	private static void reweighted(final PrintStream out, final String what, final ImagePlus training, final ImagePlus data,
		final int[][] runs, final int maxThreads) throws Exception {
		MemFwiCommand full = null;
		for (final int[] run : runs) {
			final int threads = run[0];
			final boolean prune = run[1] == 1;
			if (threads > maxThreads) continue;
			final Map<String, String> args = new HashMap<>();
			args.put("training", "training");
			args.put("data", "data");
			args.put("threads", Integer.toString(threads));
			args.put("prune", Boolean.toString(prune));
			final Map<String, ImagePlus> images = new HashMap<>();
			images.put("training", training);
			images.put("data", data);
			final MemFwiCommand cmd = Binder.bind(Commands.byName("posterior-reweighted"), args, (p, text) -> images.get(text));
			final long t0 = System.nanoTime();
			cmd.execute(Progress.NONE);
			final double s = (System.nanoTime() - t0) / 1e9;
			final Table sum = cmd.results().tables().get("summary.csv");
			String same = "";
			if (!prune) full = cmd;
			else if (full != null) {
				// In double precision, before the files are written: the same bits?
				final PosteriorResult a = ((PosteriorCommand) cmd).posterior(), b = ((PosteriorCommand) full).posterior();
				final boolean moments = Arrays.equals(a.mean(), b.mean()) && Arrays.equals(a.variance(), b.variance());
				same = String.format(Locale.ROOT, "; mean, variance %s, weights %s the full run's (bit for bit); %s models pruned",
					moments ? "identical to" : "DIFFERENT from", Arrays.equals(a.weights(), b.weights()) ? "identical to" : "DIFFERENT from",
					metric(sum, "pruned_models"));
			}
			out.println(String.format(Locale.ROOT, "posterior-reweighted%s%s, N = %d, %d thread(s): %.1f s (%.1f ms per model), ESS %s%s",
				what, prune ? " prune=true" : "", N, threads, s, 1000 * s / N, Table.format(sum.get(0, "value")), same));
		}
	}

	/** The value of a metric in a summary table, or 0 when it is not there. */
	private static String metric(final Table summary, final String name) {
		for (int r = 0; r < summary.rowCount(); r++)
			if (name.equals(summary.get(r, "metric"))) return Table.format(summary.get(r, "value"));
		return "0";
	}

	/**
	 * Times the steps of one DPS chain (one sample, the operator using every thread) from the sampler's progress
	 * reports, one per step, and prints their median and fastest; then the parts of a step: the denoiser with its
	 * vector-Jacobian product over the N models, and one linearization with one adjoint product (fastest of two).
	 */
	private static void dpsStep(final PrintStream out, final String what, final TrainingSet set, final ForwardOperator op,
		final double[] y, final int threads) {
		DiffusionPosteriorSampler.Settings s = DiffusionPosteriorSampler.Settings.of()
			.withSamples(1)
			.withRelativeZeta(true)
			.withZeta(300)
			.withThreads(1)
			.withSteps(2);
		final MemorizedPrior prior = new MemorizedPrior(set);
		DiffusionPosteriorSampler.sample(prior, op, y, s, Progress.NONE); // warm-up
		s = s.withSteps(8);
		final long[] at = new long[s.steps];
		final int[] count = { 0 };
		DiffusionPosteriorSampler.sample(prior, op, y, s, new Progress() {
			@Override public void fraction(final double done) { if (count[0] < at.length) at[count[0]++] = System.nanoTime(); }
			@Override public void status(final String message) {}
			@Override public void warn(final String message) {}
			@Override public boolean isCanceled() { return false; }
		});
		final double[] step = new double[count[0] - 1];
		for (int i = 0; i < step.length; i++) step[i] = (at[i + 1] - at[i]) / 1e6;
		Arrays.sort(step);
		final MemorizedPrior.Workspace ws = prior.workspace();
		final double[] x = set.copy(0, null), o = new double[x.length], v = new double[x.length];
		for (int i = 0; i < x.length; i++) {
			x[i] += 300 * Math.sin(i);
			v[i] = Math.cos(i);
		}
		long t0 = System.nanoTime();
		for (int rep = 0; rep < 5; rep++) {
			prior.denoise(x, 300, o, ws);
			prior.denoiserVjp(v, o, ws);
		}
		final double denoiser = (System.nanoTime() - t0) / 5e6;
		double operator = Double.POSITIVE_INFINITY;
		for (int rep = 0; rep < 2; rep++) {
			t0 = System.nanoTime();
			try (Linearization lin = op.linearize(set.copy(1, null))) {
				lin.adjointTimes(lin.value(), null);
			}
			operator = Math.min(operator, (System.nanoTime() - t0) / 1e6);
		}
		out.println(String.format(Locale.ROOT, "DPS step, %s, N = %d models of %d pixels, %d thread(s): %.0f ms per step (median " +
			"of %d; fastest %.0f ms); parts: denoiser + VJP %.0f ms, linearization + adjoint %.0f ms", what, set.size(),
			set.dimension(), threads, step[step.length / 2], step.length, step[0], denoiser, operator));
	}
}
