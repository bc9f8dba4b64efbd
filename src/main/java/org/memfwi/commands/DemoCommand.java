package org.memfwi.commands;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.memfwi.core.grid.Grid2D;
import org.memfwi.core.helmholtz.PaperPreset;
import org.memfwi.core.operator.MemoizedForwardOperator;
import org.memfwi.core.posterior.MemorizationMetrics;
import org.memfwi.core.posterior.TruthComparison;
import org.memfwi.core.progress.Progress;
import org.memfwi.core.util.Statistics;
import org.memfwi.core.util.Table;
import org.memfwi.io.Images;
import org.memfwi.io.NumberLists;
import org.memfwi.io.Plots;
import org.memfwi.io.ReportPage;
import org.memfwi.io.Samples;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Menu;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;
import ij.plugin.LutLoader;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.LUT;

/**
 * The whole pipeline on the bundled sample images (or on the user's own): FWI from the mean of the training models,
 * then the three posteriors under the memorized prior — reweighted training set, linearized Gaussian mixture,
 * diffusion posterior sampling with the closed-form denoiser — compared with the true model; every command's files
 * in a sub-folder, one summary.csv and a one-page report.png.
 */
@Plugin(type = Command.class, name = "demo", headless = true, menuPath = "Plugins>MemFWI>Run Demo...",
	menu = { @Menu(label = "Plugins"), @Menu(label = "MemFWI"), @Menu(label = "Run Demo...", weight = 513) },
	description = "FWI and the three memorized-prior posteriors on the bundled samples: TIFFs, summary.csv, report.png")
public class DemoCommand extends MemFwiCommand {

	/** The bundled samples the demo uses by default. */
	public static final String TRAINING = "training-models.tif", TRUTH = "true-model.tif",
		HELMHOLTZ_DATA = "observed-data-helmholtz.tif", TIME_DATA = "shot-gathers.tif";

	@Parameter(label = "Physics of the bundled data", choices = { "helmholtz", "time" }, persist = false,
		description = "helmholtz: the paper's frequency-domain setting (fast); time: the shot gathers (slower)")
	private String physics = "helmholtz";

	@Parameter(label = "Training models (optional; default: bundled sample)", required = false, persist = false)
	private ImagePlus training;

	@Parameter(label = "Observed data (optional; default: bundled sample)", required = false, persist = false)
	private ImagePlus data;

	@Parameter(label = "True model (optional; default: bundled sample)", required = false, persist = false)
	private ImagePlus truth;

	@Parameter(label = "FWI iterations per band (auto: 15 helmholtz, 30 time)", min = "0", persist = false,
		attrs = { @Attr(name = "words", value = "auto=0") },
		description = "L-BFGS iterations per frequency stage (band); on the bundled Helmholtz data the misfit levels off after about " +
			"15 and further iterations fit the noise and push pixels to the velocity bounds (50 per stage: 253 m/s RMSE, 27 px at " +
			"bounds; 15: 154 m/s, 3 px)")
	private int iterations = 0;

	@Parameter(label = "Prior noise level sigma (m/s, linearized; auto: 50 helmholtz, 10 time)", min = "0", persist = false,
		attrs = { @Attr(name = "words", value = "auto=0") },
		description = "time: the shot gathers' Jacobian is large, and the directions beyond the computed eigenpairs move the " +
			"linearized mean by sigma^2 times the gradient; at 50 m/s (rank 20) the mean reached -5,289..5,550 m/s, so the " +
			"time-domain demo uses a smaller sigma, nearer the reweighted (sigma -> 0) limit")
	private double sigma = 0;

	@Parameter(label = "Hessian eigenpairs k (linearized; auto: 20 helmholtz, 10 time)", min = "0", persist = false,
		attrs = { @Attr(name = "advanced"), @Attr(name = "words", value = "auto=0") },
		description = "rank of each component's Gauss-Newton Hessian; on the bundled Helmholtz data 20 and 30 give the same mean " +
			"to 0.2 m/s")
	private int rank = 0;

	@Parameter(label = "Models to linearize (best misfit first; auto: 2 helmholtz, 1 time)", min = "0", persist = false,
		attrs = { @Attr(name = "advanced"), @Attr(name = "words", value = "auto=0") },
		description = "the others are point masses with their reweighted weights; the bundled data put all the weight on one model " +
			"(ESS 1), so 2, 4 and 16 give the same posterior to 0.2 m/s (2 and 4: the same summary to 10 digits)")
	private int linearize = 0;

	@Parameter(label = "DPS samples (auto: 8 helmholtz, 3 time)", min = "0", persist = false,
		attrs = { @Attr(name = "words", value = "auto=0") })
	private int samples = 0;

	@Parameter(label = "DPS steps (auto: 20)", min = "0", persist = false,
		attrs = { @Attr(name = "words", value = "auto=0") },
		description = "reverse-diffusion steps per sample; each costs one linearized simulation per sample (at least 2)")
	private int steps = 0;

	@Parameter(label = "Random seed", persist = false, attrs = { @Attr(name = "advanced") })
	private long seed = 1;

	@Parameter(label = "Paper geometry (helmholtz; empty = the bundled samples')", required = false, persist = false,
		attrs = { @Attr(name = "advanced") },
		description = "paper-64 or paper-200: the paper's frequency-domain survey (as forward preset=) for FWI and the three " +
			"posteriors. Without training, data and truth the demo makes the paper's set-up: " + PAPER_TRAINING + " training " +
			"models and a held-out truth from generate-models family=grf convention=mempost on the preset's grid, data by forward " +
			"preset= with the paper's noise; or give all three on the preset's grid")
	private String preset = "";

	/** Training models the demo generates for preset= (the paper's smallest N). */
	static final int PAPER_TRAINING = 50;

	@Parameter(type = ItemIO.OUTPUT, label = "Demo report")
	private ImagePlus report;

	/** The demo's images default to the bundled samples, not to whatever images are open (see {@link #compute}). */
	@Override
	public void initialize() {}

	@Override
	protected void compute(final Progress progress) throws IOException {
		final boolean paper = !PresetData.none(preset);
		if (paper) paperSetUp(progress);
		if (training == null) training = Samples.open(TRAINING);
		if (data == null) data = Samples.open(physics.equals("time") ? TIME_DATA : HELMHOLTZ_DATA);
		if (truth == null) truth = Samples.open(TRUTH);
		// auto: sizes that keep each physics' demo short (the time-domain kernels simulate every model in time)
		final boolean time = physics.equals("time");
		// Time: 30 FWI iterations per band are what reaches a 3x smaller model error; the linearized component gets 10
		// eigenpairs and 5 extra probes (15 Jacobian probes instead of 30: the phase took 37 % of the 31-minute run at
		// load 17), DPS 3 samples of 20 steps (10 steps diverged); together about a quarter less time than 20/10/4. Its
		// sigma is 10 m/s: the unresolved directions shift the mean by sigma^2 g, 25 times less than at 50 m/s.
		final int its = iterations > 0 ? iterations : time ? 30 : 15, k = rank > 0 ? rank : time ? 10 : 20,
			nlin = linearize > 0 ? linearize : time ? 1 : 2, ns = samples > 0 ? samples : time ? 3 : 8, nsteps = steps > 0 ? steps : 20;
		final double sig = sigma > 0 ? sigma : time ? 10 : 50;
		if (nsteps < 2) throw new IllegalArgumentException("steps must be at least 2 (or auto), got " + steps);
		final Images.ModelStack train = Images.readModels(training, "training");
		final Images.ModelStack tru = Images.readModels(truth, "truth");
		if (tru.size() != 1) throw new IllegalArgumentException("truth must be one model, it has " + tru.size() + " slices");
		final Grid2D g = train.grid;
		final float[] start = mean(train);
		final ImagePlus startImp = Images.velocityStack("starting-model (training mean)", g, new float[][] { start }, null);

		final Map<String, Object> common = new LinkedHashMap<>();
		common.put("threads", threads);
		final Map<String, Object> fwiIn = new LinkedHashMap<>(common);
		fwiIn.put("physics", physics);
		fwiIn.put("data", data);
		fwiIn.put("model", startImp);
		fwiIn.put("iterations", its);
		if (paper) fwiIn.put("preset", preset);
		progress.status("Demo 1/4: full-waveform inversion from the training mean");
		final FwiCommand fwi = Commands.run(FwiCommand.class, fwiIn, progress.range(0, 0.25));
		final FwiOutcome fo = fwi.outcome();

		// The three posteriors apply the forward operator to the same training models with the same data: each model is
		// simulated once and its data remembered for the next command (the files are the same).
		final MemoizedForwardOperator.Store forwards = new MemoizedForwardOperator.Store(Math.max(1, train.size()));
		final Map<String, Object> post = new LinkedHashMap<>(common);
		post.put("training", training);
		post.put("data", data);
		post.put("truth", truth);
		if (paper) post.put("preset", preset);
		progress.status("Demo 2/4: reweighted training set");
		final PosteriorReweightedCommand rw = Commands.prepare(PosteriorReweightedCommand.class, post);
		rw.rememberForwards(forwards).execute(progress.range(0.25, 0.4));
		final Map<String, Object> lin = new LinkedHashMap<>(post);
		lin.put("sigma", sig);
		lin.put("rank", k);
		lin.put("linearize", nlin);
		if (time) lin.put("oversampling", 5);
		lin.put("seed", seed);
		progress.status("Demo 3/4: linearized Gaussian mixture");
		final PosteriorLinearizedCommand li = Commands.prepare(PosteriorLinearizedCommand.class, lin);
		li.rememberForwards(forwards).execute(progress.range(0.4, 0.7));
		final Map<String, Object> dps = new LinkedHashMap<>(post);
		dps.put("samples", ns);
		dps.put("steps", nsteps);
		dps.put("seed", seed);
		progress.status("Demo 4/4: diffusion posterior sampling");
		final PosteriorDpsCommand dp = Commands.prepare(PosteriorDpsCommand.class, dps);
		dp.rememberForwards(forwards).execute(progress.range(0.7, 0.98));

		results().image("starting-model.tif", startImp);
		results().include("fwi", fwi.results()).include("reweighted", rw.results()).include("linearized", li.results())
			.include("dps", dp.results());

		final PosteriorResult r = rw.posterior(), l = li.posterior(), p = dp.posterior();
		final double[] truthD = toDouble(tru.models[0]);
		final Summary sum = new Summary();
		sum.fwiRmse = TruthComparison.rmse(toDouble((float[]) fo.model.getStack().getPixels(1)), truthD);
		sum.startRmse = TruthComparison.rmse(toDouble(start), truthD);
		sum.fwiBoundHits = fo.result.boundHits();
		final double[] range = range(train.models);
		sum.vmin = range[0];
		sum.vmax = range[1];
		sum.n = train.size();
		final Table summary = new Table("metric", "value");
		summary.add("fwi_rmse_vs_truth", sum.fwiRmse);
		summary.add("start_rmse_vs_truth", sum.startRmse);
		summary.add("fwi_misfit_reduction", fo.result.initialMisfit() / fo.result.finalMisfit());
		summary.add("fwi_bound_hits", (double) sum.fwiBoundHits);
		truthRows(summary, "reweighted", r);
		summary.add("reweighted_ess", r.ess());
		summary.add("reweighted_effective_modes", r.effectiveModes());
		truthRows(summary, "linearized", l);
		summary.add("linearized_ess", l.ess());
		summary.add("linearized_effective_modes", l.effectiveModes());
		summary.add("linearized_linearized", l.linearizedCount());
		truthRows(summary, "dps", p);
		summary.add("dps_memorized_fraction", p.memorizedFraction());
		summary.add("dps_median_ratio", p.medianRatio());
		lookupDiagnostics(summary, sum, train.models, tru.models[0], r.misfits(), p.sampleMisfits());
		summary.add("n_training", train.size());
		summary.add("physics", physics);
		if (paper) summary.add("preset", PaperPreset.of(preset).name());
		summary.add("training_vmin", range[0]);
		summary.add("training_vmax", range[1]);
		// A posterior mean outside the training models' velocities is not a velocity model any training model supports.
		final PosteriorResult[] methods = { r, l, p };
		for (int i = 0; i < 3; i++) {
			final float[] mean = toFloat(methods[i].mean());
			final double[] mr = range(new float[][] { mean });
			int outside = 0;
			for (final float v : mean) if (v < range[0] - 1e-3 || v > range[1] + 1e-3) outside++;
			summary.add(key(i) + "_mean_min", mr[0]);
			summary.add(key(i) + "_mean_max", mr[1]);
			summary.add(key(i) + "_mean_outside_training_range", outside / (double) mean.length);
			sum.meanMin[i] = mr[0];
			sum.outside[i] = outside / (double) mean.length;
		}
		results().table("summary.csv", summary);

		report = report(train, tru, start, data, fo.model, methods, sum, sig);
		results().png("report.png", report);
		progress.fraction(1);
		progress.status("Demo done");
	}

	/**
	 * preset=: checks the physics and the images, and when none of training, data and truth is given makes the paper's
	 * set-up on the preset's grid (see the preset parameter).
	 */
	private void paperSetUp(final Progress progress) throws IOException {
		if (!physics.equals("helmholtz")) throw new IllegalArgumentException("preset=" + preset.trim() + " is the paper's " +
			"frequency-domain geometry; use physics=helmholtz with it, or leave preset empty for physics=" + physics);
		final PaperPreset p = PaperPreset.of(preset);
		final int given = (training != null ? 1 : 0) + (data != null ? 1 : 0) + (truth != null ? 1 : 0);
		if (given == 3) return;
		if (given > 0) throw new IllegalArgumentException("preset=" + p.name() + ": give training, data and truth together (on the " +
			"preset's " + p.grid() + "), or none of them to let the demo make the paper's set-up; the bundled samples are not on " +
			"the paper's grid");
		final Grid2D g = p.grid();
		progress.status("Demo 0/4: the paper's set-up (" + p + "): " + PAPER_TRAINING + " training models, truth and data");
		final Map<String, Object> gen = new LinkedHashMap<>();
		gen.put("threads", threads);
		gen.put("family", "grf");
		gen.put("convention", "mempost");
		gen.put("n", PAPER_TRAINING + 1);
		gen.put("nx", g.nx());
		gen.put("nz", g.nz());
		gen.put("dx", g.dx());
		gen.put("seed", seed);
		final Images.ModelStack all = Images.readModels(Commands.run(GenerateModelsCommand.class, gen, progress.range(0, 0.01))
			.models(), "models");
		final float[][] train = new float[PAPER_TRAINING][];
		final String[] labels = new String[PAPER_TRAINING];
		for (int i = 0; i < PAPER_TRAINING; i++) {
			train[i] = all.models[i];
			labels[i] = "grf (mempost) model " + (i + 1) + " (seed " + seed + ")";
		}
		training = Images.velocityStack("training-" + p.name(), g, train, labels);
		truth = Images.velocityStack("truth-" + p.name() + " (held out)", g, new float[][] { all.models[PAPER_TRAINING] }, null);
		final Map<String, Object> fw = new LinkedHashMap<>();
		fw.put("threads", threads);
		fw.put("physics", "helmholtz");
		fw.put("model", truth);
		fw.put("preset", p.name());
		fw.put("seed", seed);
		data = Commands.run(ForwardCommand.class, fw, progress.range(0.01, 0.02)).data();
		results().image("training.tif", training);
		results().image("truth.tif", truth);
		results().image("data.tif", data);
	}

	/** The rows of a posterior's comparison with the truth, when it had one. */
	private static void truthRows(final Table to, final String method, final PosteriorResult q) {
		if (!q.hasTruth()) return;
		to.add(method + "_rmse_vs_truth", q.rmseVsTruth());
		to.add(method + "_coverage_2sigma", q.coverage2Sigma());
	}

	/** The numbers of the summary the report shows, typed. */
	static final class Summary {
		double fwiRmse, startRmse, vmin, vmax, nearestRmse;
		double rank = Double.NaN, dpsOverBest = Double.NaN;
		int fwiBoundHits, n;
		final double[] meanMin = new double[3], outside = new double[3];
	}

	private static float[] toFloat(final double[] d) {
		final float[] f = new float[d.length];
		for (int i = 0; i < f.length; i++) f[i] = (float) d[i];
		return f;
	}

	private static float[] mean(final Images.ModelStack s) {
		final double[] acc = new double[s.grid.size()];
		for (final float[] m : s.models) for (int i = 0; i < acc.length; i++) acc[i] += m[i];
		final float[] out = new float[acc.length];
		for (int i = 0; i < acc.length; i++) out[i] = (float) (acc[i] / s.size());
		return out;
	}

	private static double[] toDouble(final float[] f) {
		final double[] d = new double[f.length];
		for (int i = 0; i < d.length; i++) d[i] = f[i];
		return d;
	}

	/**
	 * What a lookup among the training models can do at best, and what the data prefer: the training model nearest to
	 * the truth (1-based index, RMS distance) and its rank by data misfit (1 = best fit); and the median misfit of the
	 * DPS samples over the best training model's misfit (1 when DPS finds the models the exact posterior weights).
	 *
	 * @param misfits the training models' scaled misfits (training order), or null
	 * @param sampleMisfits the DPS samples' scaled misfits, or null
	 */
	static void lookupDiagnostics(final Table to, final Summary sum, final float[][] train, final float[] truth, final double[] misfits,
		final double[] sampleMisfits) {
		final MemorizationMetrics.Entry e = MemorizationMetrics.of(truth, train, 2, null);
		final int nearest = e.nearest();
		sum.nearestRmse = e.d1() / Math.sqrt(truth.length);
		to.add("truth_nearest_training_index", nearest + 1);
		to.add("truth_nearest_training_rmse", sum.nearestRmse);
		if (misfits == null) return;
		double bestMisfit = Double.POSITIVE_INFINITY;
		for (final double f : misfits) bestMisfit = Math.min(bestMisfit, f);
		int rank = 1;
		for (final double f : misfits) if (f < misfits[nearest]) rank++;
		sum.rank = rank;
		to.add("truth_nearest_training_misfit_rank", rank);
		if (sampleMisfits == null || sampleMisfits.length == 0) return;
		sum.dpsOverBest = Statistics.median(sampleMisfits) / bestMisfit;
		to.add("dps_median_misfit_over_best", sum.dpsOverBest);
	}

	/** Smallest and largest finite value over the arrays. */
	private static double[] range(final float[][] arrays) {
		double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
		for (final float[] a : arrays)
			for (final float v : a)
				if (Float.isFinite(v)) {
					lo = Math.min(lo, v);
					hi = Math.max(hi, v);
				}
		return new double[] { lo, hi };
	}

	/**
	 * The one-page report: a row of models (truth with the acquisition, FWI's start, FWI, the reweighted weights), a row
	 * of posterior means and a row of posterior standard deviations. Velocity panels share one colour scale fixed by
	 * the training models' range (a mean outside it is flagged and its outside pixels shown in magenta); std panels
	 * share one scale, and a std far below the prior sigma is shown as "collapsed" rather than as coloured noise.
	 */
	private static ImagePlus report(final Images.ModelStack train, final Images.ModelStack truth, final float[] start,
		final ImagePlus data, final ImagePlus inverted, final PosteriorResult[] methods, final Summary sum, final double sigma) {
		final Grid2D g = train.grid;
		final double lo = sum.vmin, hi = sum.vmax;
		final LUT vel = Plots.viridisLut();
		final String[] names = { "reweighted", "linearized", "DPS" };
		final ImagePlus[] means = new ImagePlus[3], stds = new ImagePlus[3];
		for (int i = 0; i < 3; i++) {
			means[i] = Images.velocityStack("posterior-mean", g, new float[][] { toFloat(methods[i].mean()) }, null);
			stds[i] = std(g, toFloat(methods[i].variance()));
		}
		final ReportPage page = new ReportPage("MemFWI demo: FWI and memorized-prior posteriors", 4);
		page.subtitle(context(data, train, sigma));
		page.subtitle(String.format(Locale.ROOT, "Velocity panels share one scale, the training models' range %.0f-%.0f m/s " +
			"(magenta: outside it); each std panel has its own scale. Triangles: sources; dots: receivers; x, z in m.", lo, hi));
		final double[] sx = props(data, "memfwi.src_x"), sz = props(data, "memfwi.src_z"), rx = props(data, "memfwi.rec_x"),
			rz = props(data, "memfwi.rec_z");
		final ReportPage.Panel t = page.image("True model (held out)", Images.velocityStack("truth", g, new float[][] { truth.models[0] },
			null), lo, hi, "m/s", vel);
		if (sx != null && sz != null && rx != null && rz != null) t.acquisition(sx, sz, rx, rz);
		page.image(String.format(Locale.ROOT, "FWI start: training mean (RMSE %.0f m/s)", sum.startRmse),
			Images.velocityStack("start", g, new float[][] { start }, null), lo, hi, "m/s", vel).markOutside();
		page.image(String.format(Locale.ROOT, "FWI (RMSE %.0f m/s, %d px at bounds)", sum.fwiRmse, sum.fwiBoundHits), inverted, lo, hi,
			"m/s", vel).markOutside();
		final double[] weights = methods[0].weights();
		page.picture(weightCaption(weights), weightChart(weights));
		for (int i = 0; i < 3; i++) {
			final double outside = sum.outside[i];
			final boolean bad = outside > 0;
			final String caption = bad ? String.format(Locale.ROOT, "Mean, %s: NON-PHYSICAL (min %.0f m/s)", names[i], sum.meanMin[i]) :
				String.format(Locale.ROOT, "Mean, %s (RMSE %.0f m/s)", names[i], methods[i].rmseVsTruth());
			final ReportPage.Panel p = page.image(caption, means[i], lo, hi, "m/s", vel).markOutside();
			if (bad) p.warn().scaleLabel(String.format(Locale.ROOT, "%.0f %% px outside; RMSE %.0f m/s", 100 * outside,
				methods[i].rmseVsTruth()));
		}
		final double[] ratios = methods[2].sampleRatios();
		page.picture("DPS samples: memorization ratio", MemorizationAuditCommand.histogram(ratios == null ? new double[0] : ratios, 0.5));
		final double[] peak = new double[3];
		for (int i = 0; i < 3; i++)
			for (final float v : (float[]) stds[i].getProcessor().getPixels()) peak[i] = Math.max(peak[i], v);
		// Stds differ by orders of magnitude between the methods (a collapsed lookup, a Jacobian-shaped spread, copies of
		// different training models): one shared scale would paint all but the largest black, so each panel has its own
		// scale, stated prominently under it.
		final LUT grays = new LUT(LutLoader.getLut("grays"), 0, 255);
		for (int i = 0; i < 3; i++) {
			final ReportPage.Panel p = page.image(String.format(Locale.ROOT, "Std, %s (2-sigma coverage %.0f %%)", names[i],
				100 * methods[i].coverage2Sigma()), stds[i], 0, Math.max(peak[i], 1e-12), "m/s", grays).scaleLabel("OWN SCALE");
			if (peak[i] < 0.01 * sigma) p.note(String.format(Locale.ROOT, "collapsed:\nstd at most %s m/s,\nbelow 1 %% of the prior " +
				"sigma (%s m/s)", Table.format(Double.parseDouble(String.format(Locale.ROOT, "%.2g", peak[i]))), Table.format(sigma)))
				.scaleLabel("(not drawn)");
		}
		page.footer(String.format(Locale.ROOT, "Reweighted: ESS %.2f, effective modes %.2f.  Linearized (prior sigma %s m/s): ESS %.2f.  " +
			"DPS: memorized fraction %.2f.  N = %d training models.", methods[0].ess(), methods[0].effectiveModes(), Table.format(sigma),
			methods[1].ess(), methods[2].memorizedFraction(), sum.n));
		page.footer("With a memorized prior the posterior collapses onto the training models that best explain the data.");
		page.footer(String.format(Locale.ROOT, "The truth's nearest training model (RMSE %.0f m/s) ranks %s of %d by data misfit. " +
			"DPS samples: median misfit %sx the best training model's (DPS approximates the posterior).", sum.nearestRmse,
			Double.isNaN(sum.rank) ? "?" : Integer.toString((int) sum.rank), sum.n,
			Double.isNaN(sum.dpsOverBest) ? "?" : String.format(Locale.ROOT, "%.1f", sum.dpsOverBest)));
		final ImagePlus imp = page.render();
		imp.setTitle("memfwi-demo-report");
		return imp;
	}

	/** What the data are: physics, frequencies or wavelet, noise, survey, model grid and N. */
	static String context(final ImagePlus data, final Images.ModelStack train, final double sigma) {
		final StringBuilder sb = new StringBuilder();
		final String physics = data.getProp("memfwi.physics");
		if ("helmholtz".equals(physics)) sb.append("Helmholtz data at ").append(data.getProp("memfwi.frequencies").replace(",", ", "))
			.append(" Hz");
		else {
			final String f0 = data.getProp("memfwi.f0"), dt = data.getProp("memfwi.dt"), nt = data.getProp("memfwi.nt");
			sb.append("Time-domain shot gathers");
			if (f0 != null) sb.append(", Ricker ").append(f0).append(" Hz");
			if (dt != null && nt != null) sb.append(String.format(Locale.ROOT, ", %.2f s", Double.parseDouble(dt) * Double.parseDouble(nt)));
		}
		final double[] sx = props(data, "memfwi.src_x"), rx = props(data, "memfwi.rec_x");
		if (sx != null && rx != null) sb.append("; ").append(sx.length).append(" sources, ").append(rx.length).append(" receivers");
		final String noise = data.getProp("memfwi.noise");
		if (noise != null) {
			double peak = 0;
			for (int s = 1; s <= data.getStackSize(); s++)
				for (final float v : (float[]) data.getStack().getProcessor(s).convertToFloatProcessor().getPixels())
					peak = Math.max(peak, Math.abs(v));
			final double n = Double.parseDouble(noise);
			sb.append(String.format(Locale.ROOT, "; noise std %s (%.1f %% of max |d|)", Table.format(Double.parseDouble(String.format(
				Locale.ROOT, "%.3g", n))), peak > 0 ? 100 * n / peak : 0));
		}
		sb.append(String.format(Locale.ROOT, ".  Model %d x %d cells of %s m; N = %d training models; prior sigma %s m/s (linearized).",
			train.grid.nx(), train.grid.nz(), Table.format(train.grid.dx()), train.size(), Table.format(sigma)));
		return sb.toString();
	}

	private static double[] props(final ImagePlus imp, final String key) {
		final String v = imp.getProp(key);
		if (v == null || v.trim().isEmpty()) return null;
		try {
			return NumberLists.doubles(v, key);
		}
		catch (final IllegalArgumentException e) {
			return null;
		}
	}

	private static String key(final int i) {
		return i == 0 ? "reweighted" : i == 1 ? "linearized" : "dps";
	}

	/** The pixel standard deviation (m/s) from a pixel variance ((m/s)^2), on the model grid. */
	private static ImagePlus std(final Grid2D g, final float[] v) {
		final float[] s = new float[v.length];
		for (int i = 0; i < v.length; i++) s[i] = (float) Math.sqrt(Math.max(0, v[i]));
		return new ImagePlus("std", new FloatProcessor(g.nx(), g.nz(), s));
	}

	/** Weights at or above this fraction of the largest are listed by index; the rest are negligible. */
	static final double NEGLIGIBLE = 1e-3;

	private static String weightCaption(final double[] weights) {
		final double[] w = sortedWeights(weights)[1];
		int shown = 0;
		for (final double v : w) if (v >= NEGLIGIBLE * w[0]) shown++;
		return String.format(Locale.ROOT, "Weights: %d of %d above %s x the top", shown, w.length, Table.format(NEGLIGIBLE));
	}

	/** Indices (1-based) and weights, largest weight first (ties by index). */
	private static double[][] sortedWeights(final double[] weights) {
		final List<double[]> rows = new ArrayList<>();
		for (int i = 0; i < weights.length; i++) rows.add(new double[] { i + 1, weights[i] });
		rows.sort((a, b) -> Double.compare(b[1], a[1]));
		final double[][] out = new double[2][rows.size()];
		for (int i = 0; i < rows.size(); i++) {
			out[0][i] = rows.get(i)[0];
			out[1][i] = rows.get(i)[1];
		}
		return out;
	}

	/**
	 * The ten largest weights as bars on a logarithmic axis (1 down to 1e-8, so that more than one bar shows even when
	 * one model takes nearly all the weight), each bar labelled with its training model's index when its weight is not
	 * negligible.
	 */
	static ImagePlus weightChart(final double[] weights) {
		final double[][] sw = sortedWeights(weights);
		final int n = Math.min(10, sw[0].length);
		final double floor = 1e-8;
		final int w = 420, h = 360, left = 70, right = 16, top = 16, bottom = 62;
		final ColorProcessor cp = new ColorProcessor(w, h);
		cp.setColor(Color.WHITE);
		cp.fill();
		cp.setAntialiasedText(true);
		final Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 15);
		cp.setFont(font);
		final int ph = h - top - bottom, pw = w - left - right;
		cp.setColor(Color.BLACK);
		for (int e = 0; e >= -8; e -= 2) {
			final int y = top + (int) Math.round(ph * (-e) / 8.0);
			cp.setColor(new Color(220, 220, 220));
			cp.drawLine(left, y, w - right, y);
			cp.setColor(Color.BLACK);
			final String l = e == 0 ? "1" : e == -2 ? "0.01" : "1e" + e;
			cp.drawString(l, left - 6 - cp.getStringWidth(l), y + 6);
		}
		final double bw = pw / 10.0;
		for (int i = 0; i < n; i++) {
			final double v = Math.max(floor, sw[1][i]);
			final int y = top + (int) Math.round(ph * (-Math.log10(v)) / 8.0);
			final int x0 = left + (int) Math.round(i * bw + 0.15 * bw), x1 = left + (int) Math.round((i + 1) * bw - 0.15 * bw);
			cp.setColor(sw[1][i] >= NEGLIGIBLE * sw[1][0] ? new Color(200, 90, 40) : new Color(200, 170, 150));
			if (sw[1][i] > floor) cp.fillRect(x0, y, x1 - x0, top + ph - y);
			cp.setColor(Color.BLACK);
			if (sw[1][i] >= NEGLIGIBLE * sw[1][0]) {
				final String l = Integer.toString((int) sw[0][i]);
				cp.drawString(l, (x0 + x1 - cp.getStringWidth(l)) / 2, top + ph + 20);
			}
		}
		cp.setColor(Color.BLACK);
		cp.drawRect(left, top, pw + 1, ph + 1);
		cp.drawString("rank 1-10 (training model index)", left, h - 12);
		int below = 0;
		for (int i = 0; i < n; i++) if (sw[1][i] <= floor) below++;
		if (below > 0) cp.drawString(below + " of the top 10 below 1e-8", left + (int) Math.round(bw * (n - below)) + 8, top + ph - 10);
		final ImagePlus imp = new ImagePlus("weights", cp);
		return imp;
	}
}
