package org.memfwi.commands;

import java.awt.Color;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.memfwi.core.grid.Grid2D;
import org.memfwi.core.posterior.TruthComparison;
import org.memfwi.core.progress.Progress;
import org.memfwi.core.util.Table;
import org.memfwi.io.Images;
import org.memfwi.io.ReportPage;
import org.memfwi.io.Samples;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;
import ij.gui.Plot;
import ij.plugin.LutLoader;
import ij.process.LUT;

/**
 * The whole pipeline on the bundled sample images (or on the user's own): FWI from the mean of the training models,
 * then the three posteriors under the memorized prior — reweighted training set, linearized Gaussian mixture,
 * diffusion posterior sampling with the closed-form denoiser — compared with the true model; every command's files
 * in a sub-folder, one summary.csv and a one-page report.png.
 */
@Plugin(type = Command.class, name = "demo", headless = true, menuPath = "Plugins>MemFWI>Run Demo...",
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

	@Parameter(label = "FWI iterations per band", min = "1", persist = false)
	private int iterations = 50;

	@Parameter(label = "Prior noise level sigma (m/s, linearized)", min = "0", persist = false)
	private double sigma = 50;

	@Parameter(label = "Hessian eigenpairs k (linearized)", min = "1", persist = false)
	private int rank = 30;

	@Parameter(label = "Models to linearize (best misfit first)", min = "1", persist = false)
	private int linearize = 16;

	@Parameter(label = "DPS samples", min = "1", persist = false)
	private int samples = 8;

	@Parameter(label = "DPS steps", min = "2", persist = false)
	private int steps = 40;

	@Parameter(label = "Random seed", persist = false)
	private long seed = 1;

	@Parameter(type = ItemIO.OUTPUT, label = "Demo report")
	private ImagePlus report;

	@Override
	protected void compute(final Progress progress) throws IOException {
		if (training == null) training = Samples.open(TRAINING);
		if (data == null) data = Samples.open(physics.equals("time") ? TIME_DATA : HELMHOLTZ_DATA);
		if (truth == null) truth = Samples.open(TRUTH);
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
		fwiIn.put("iterations", iterations);
		progress.status("Demo 1/4: full-waveform inversion from the training mean");
		final MemFwiCommand fwi = Commands.run("fwi", fwiIn, progress.range(0, 0.25));

		final Map<String, Object> post = new LinkedHashMap<>(common);
		post.put("training", training);
		post.put("data", data);
		post.put("truth", truth);
		progress.status("Demo 2/4: reweighted training set");
		final MemFwiCommand rw = Commands.run("posterior-reweighted", post, progress.range(0.25, 0.4));
		final Map<String, Object> lin = new LinkedHashMap<>(post);
		lin.put("sigma", sigma);
		lin.put("rank", rank);
		lin.put("linearize", linearize);
		lin.put("seed", seed);
		progress.status("Demo 3/4: linearized Gaussian mixture");
		final MemFwiCommand li = Commands.run("posterior-linearized", lin, progress.range(0.4, 0.7));
		final Map<String, Object> dps = new LinkedHashMap<>(post);
		dps.put("samples", samples);
		dps.put("steps", steps);
		dps.put("seed", seed);
		progress.status("Demo 4/4: diffusion posterior sampling");
		final MemFwiCommand dp = Commands.run("posterior-dps", dps, progress.range(0.7, 0.98));

		results().image("starting-model.tif", startImp);
		results().include("fwi", fwi.results()).include("reweighted", rw.results()).include("linearized", li.results())
			.include("dps", dp.results());

		final ImagePlus inverted = fwi.results().images().get("inverted-model.tif");
		final double[] truthD = toDouble(tru.models[0]);
		final Table summary = new Table("metric", "value");
		summary.add("fwi_rmse_vs_truth", TruthComparison.rmse(toDouble((float[]) inverted.getStack().getPixels(1)), truthD));
		summary.add("start_rmse_vs_truth", TruthComparison.rmse(toDouble(start), truthD));
		copy(summary, "fwi", fwi.results(), "misfit_reduction", "bound_hits");
		copy(summary, "reweighted", rw.results(), "rmse_vs_truth", "coverage_2sigma", "ess", "effective_modes");
		copy(summary, "linearized", li.results(), "rmse_vs_truth", "coverage_2sigma", "ess", "effective_modes", "linearized");
		copy(summary, "dps", dp.results(), "rmse_vs_truth", "coverage_2sigma", "memorized_fraction", "median_ratio");
		lookupDiagnostics(summary, train.models, tru.models[0], rw.results().tables().get("weights.csv"), dp.results().tables().get("samples.csv"));
		summary.add("n_training", train.size());
		summary.add("physics", physics);
		results().table("summary.csv", summary);

		report = report(tru, inverted, rw.results(), li.results(), dp.results(), summary);
		results().png("report.png", report);
		progress.fraction(1);
		progress.status("Demo done");
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
	 */
	static void lookupDiagnostics(final Table to, final float[][] train, final float[] truth, final Table weights,
		final Table samples) {
		final org.memfwi.core.posterior.MemorizationMetrics.Entry e = org.memfwi.core.posterior.MemorizationMetrics.of(truth, train, 2,
			null);
		final int nearest = e.nearest;
		to.add("truth_nearest_training_index", nearest + 1);
		to.add("truth_nearest_training_rmse", e.d1 / Math.sqrt(truth.length));
		if (weights == null) return;
		double nearestMisfit = Double.NaN, bestMisfit = Double.POSITIVE_INFINITY;
		for (int i = 0; i < weights.rowCount(); i++) {
			final double f = weights.number(i, "misfit");
			bestMisfit = Math.min(bestMisfit, f);
			if ((int) weights.number(i, "index") == nearest + 1) nearestMisfit = f;
		}
		int rank = 1;
		for (int i = 0; i < weights.rowCount(); i++)
			if (weights.number(i, "misfit") < nearestMisfit) rank++;
		to.add("truth_nearest_training_misfit_rank", rank);
		if (samples == null || samples.rowCount() == 0 || !samples.columns().contains("misfit")) return;
		final double[] f = new double[samples.rowCount()];
		for (int i = 0; i < f.length; i++) f[i] = samples.number(i, "misfit");
		to.add("dps_median_misfit_over_best", org.memfwi.core.util.Statistics.median(f) / bestMisfit);
	}

	/** Copies rows of a sub-command's summary.csv, prefixed by the method name. */
	private static void copy(final Table to, final String method, final Results r, final String... metrics) {
		final Table s = r.tables().get("summary.csv");
		if (s == null) return;
		for (final String m : metrics)
			for (int i = 0; i < s.rowCount(); i++)
				if (m.equals(s.get(i, 0))) to.add(method + "_" + m, s.get(i, 1));
	}

	private static double value(final Table t, final String metric) {
		for (int i = 0; i < t.rowCount(); i++)
			if (metric.equals(t.get(i, 0)) && t.get(i, 1) instanceof Number) return ((Number) t.get(i, 1)).doubleValue();
		return Double.NaN;
	}

	private static ImagePlus report(final Images.ModelStack truth, final ImagePlus inverted, final Results rw, final Results li,
		final Results dp, final Table summary) {
		final float[] t = truth.models[0];
		double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
		final List<float[]> shown = new ArrayList<>();
		shown.add(t); // FWI is left out of the range: its edge pixels may sit on the velocity bounds
		for (final Results r : new Results[] { rw, li, dp }) shown.add((float[]) r.images().get("posterior-mean.tif").getStack().getPixels(1));
		for (final float[] a : shown)
			for (final float v : a) {
				lo = Math.min(lo, v);
				hi = Math.max(hi, v);
			}
		final LUT jet = org.memfwi.io.Plots.viridisLut();
		final ImagePlus[] means = { rw.images().get("posterior-mean.tif"), li.images().get("posterior-mean.tif"),
			dp.images().get("posterior-mean.tif") };
		final ImagePlus[] vars = { rw.images().get("posterior-variance.tif"), li.images().get("posterior-variance.tif"),
			dp.images().get("posterior-variance.tif") };
		final String[] names = { "reweighted", "linearized", "DPS" };
		final ReportPage page = new ReportPage("MemFWI demo: FWI and memorized-prior posteriors", 5);
		page.image("True model", new ImagePlus("", Images.velocityStack("t", truth.grid, new float[][] { t }, null).getProcessor()), lo, hi,
			"m/s", jet);
		page.image(String.format(Locale.ROOT, "FWI (RMSE %.0f m/s)", value(summary, "fwi_rmse_vs_truth")), inverted, lo, hi, "m/s", jet);
		for (int i = 0; i < 3; i++)
			page.image(String.format(Locale.ROOT, "Mean, %s (RMSE %.0f)", names[i], value(summary, key(i) + "_rmse_vs_truth")), means[i], lo,
				hi, "m/s", jet);
		final ImagePlus[] stds = new ImagePlus[3];
		final double[] smax = new double[3];
		for (int i = 0; i < 3; i++) {
			stds[i] = std(vars[i]);
			smax[i] = 1;
			for (final float v : (float[]) stds[i].getProcessor().getPixels()) smax[i] = Math.max(smax[i], v);
		}
		page.picture("Reweighted weights (top 10)", weightChart(rw.tables().get("weights.csv")));
		page.picture("DPS memorization", MemorizationAuditCommand.histogram(ratios(dp.tables().get("samples.csv")), 0.5));
		for (int i = 0; i < 3; i++)
			page.image(String.format(Locale.ROOT, "Std, %s (coverage %.0f %%)", names[i], 100 * value(summary, key(i) + "_coverage_2sigma")),
				stds[i], 0, smax[i], "m/s", new LUT(LutLoader.getLut("grays"), 0, 255));
		page.footer(String.format(Locale.ROOT, "Reweighted: ESS %.2f, effective modes %.2f.  Linearized (sigma prior): ESS %.2f.  " +
			"DPS: memorized fraction %.2f.  N = %d training models.", value(summary, "reweighted_ess"),
			value(summary, "reweighted_effective_modes"), value(summary, "linearized_ess"), value(summary, "dps_memorized_fraction"),
			(int) value(summary, "n_training")));
		page.footer("With a memorized prior the posterior collapses onto the training models that best explain the data.");
		final double rank = value(summary, "truth_nearest_training_misfit_rank"), ratio = value(summary, "dps_median_misfit_over_best");
		page.footer(String.format(Locale.ROOT, "The truth's nearest training model (RMSE %.0f m/s) ranks %s of %d by data misfit. " +
			"DPS samples: median misfit %sx the best training model's (DPS approximates the posterior).",
			value(summary, "truth_nearest_training_rmse"), Double.isNaN(rank) ? "?" : Integer.toString((int) rank),
			(int) value(summary, "n_training"), Double.isNaN(ratio) ? "?" : String.format(Locale.ROOT, "%.1f", ratio)));
		final ImagePlus imp = page.render();
		imp.setTitle("memfwi-demo-report");
		return imp;
	}

	private static String key(final int i) {
		return i == 0 ? "reweighted" : i == 1 ? "linearized" : "dps";
	}

	private static ImagePlus std(final ImagePlus variance) {
		final float[] v = (float[]) variance.getStack().getPixels(1);
		final float[] s = new float[v.length];
		for (int i = 0; i < v.length; i++) s[i] = (float) Math.sqrt(Math.max(0, v[i]));
		return new ImagePlus("std", new ij.process.FloatProcessor(variance.getWidth(), variance.getHeight(), s));
	}

	private static double[] ratios(final Table samples) {
		if (samples == null) return new double[0];
		final double[] r = new double[samples.rowCount()];
		for (int i = 0; i < r.length; i++) r[i] = samples.number(i, "ratio");
		return r;
	}

	private static ImagePlus weightChart(final Table weights) {
		final List<double[]> rows = new ArrayList<>();
		for (int i = 0; i < weights.rowCount(); i++)
			rows.add(new double[] { weights.number(i, "index"), weights.number(i, "weight") });
		rows.sort((a, b) -> Double.compare(b[1], a[1]));
		final int n = Math.min(10, rows.size());
		final double[] x = new double[n], y = new double[n];
		final StringBuilder labels = new StringBuilder();
		for (int i = 0; i < n; i++) {
			x[i] = i + 1;
			y[i] = rows.get(i)[1];
			labels.append(i == 0 ? "" : ", ").append((int) rows.get(i)[0]);
		}
		final Plot plot = new Plot("weights", "rank (training model: " + labels + ")", "weight");
		plot.setLimits(0.4, n + 0.6, 0, 1.05);
		plot.setColor(new Color(200, 90, 40), new Color(200, 90, 40));
		plot.add("bar", x, y);
		final ImagePlus imp = plot.getImagePlus();
		imp.setTitle("weights");
		return imp;
	}
}
