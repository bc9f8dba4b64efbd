package org.memfwi.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.memfwi.core.grid.Grid2D;
import org.memfwi.core.wave.Acquisition;
import org.memfwi.core.wave.WaveSettings;
import org.memfwi.core.wave.Wavelet;
import org.memfwi.io.Images;
import org.memfwi.io.TimeDomainData;
import org.memfwi.testing.CapturedOutput;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import ij.IJ;
import ij.ImagePlus;
import ij.io.Opener;

/** The posterior commands through the SciJava framework, as Fiji runs them, on tiny FWI problems of both physics. */
class PosteriorCommandsTest {

	private static Context context;
	private static CommandService commands;
	private static ImagePlus training, truth, timeData, helmholtzData;

	@BeforeAll
	static void start() {
		context = new Context(CommandService.class);
		commands = context.service(CommandService.class);
		training = PosteriorFixtures.training(6, 1);
		truth = PosteriorFixtures.slice(training, 3);
		timeData = PosteriorFixtures.timeData(truth, 0.01, 5);
		helmholtzData = PosteriorFixtures.helmholtzData(truth, 2e-3, 5);
	}

	@AfterAll
	static void stop() {
		context.dispose();
	}

	private static CommandModule run(final Class<? extends MemFwiCommand> type, final Object... keyValues) throws Exception {
		final Map<String, Object> in = new HashMap<>();
		for (int i = 0; i < keyValues.length; i += 2) in.put((String) keyValues[i], keyValues[i + 1]);
		return commands.run(type, true, in).get();
	}

	/** Rows of a CSV file, split at commas (no quoted fields in these tables). */
	static List<String[]> csv(final Path file) throws Exception {
		final List<String[]> rows = new ArrayList<>();
		for (final String l : Files.readAllLines(file)) rows.add(l.split(",", -1));
		return rows;
	}

	private static ImagePlus open(final File dir, final String name) {
		final ImagePlus imp = new Opener().openTiff(dir.getPath() + File.separator, name);
		assertNotNull(imp, name);
		return imp;
	}

	@Test
	void reweightedPosteriorPicksTheModelThatMadeTheDataForBothPhysics(@TempDir final Path dir) throws Exception {
		final int m = 2 * 120 * PosteriorFixtures.NX, mh = 2 * 2 * 2 * PosteriorFixtures.NX;
		final Object[][] cases = { { timeData, m }, { helmholtzData, mh } };
		for (final Object[] c : cases) {
			final ImagePlus data = (ImagePlus) c[0];
			final int size = (Integer) c[1];
			final File out = dir.resolve(data.getProp("memfwi.physics")).toFile();
			final CommandModule mod = run(PosteriorReweightedCommand.class, "training", training, "data", data, "noise", 0.0,
				"truth", truth, "best", 3, "out", out);
			assertFalse(mod.isCanceled(), mod.getCancelReason());
			for (final String f : new String[] { "posterior-mean.tif", "posterior-variance.tif", "weights.csv", "best-matches.tif",
				"summary.csv" })
				assertTrue(new File(out, f).isFile(), f);
			final List<String[]> w = csv(out.toPath().resolve("weights.csv"));
			assertEquals("index,misfit,log_weight,weight", String.join(",", w.get(0)));
			assertEquals(7, w.size());
			double sum = 0;
			final double[] weight = new double[6], misfit = new double[6];
			for (int k = 0; k < 6; k++) {
				misfit[k] = Double.parseDouble(w.get(k + 1)[1]);
				weight[k] = Double.parseDouble(w.get(k + 1)[3]);
				sum += weight[k];
			}
			assertEquals(1, sum, 1e-9);
			// The model that made the data fits them to the noise: its scaled misfit ||y - F(x)||^2 / gamma^2 is a
			// chi-square draw with m degrees of freedom (mean m, std sqrt(2 m)), which checks the data order, the noise
			// level read from the data and the rebuilt operator together.
			assertEquals(size, misfit[2], 5 * Math.sqrt(2.0 * size), data.getProp("memfwi.physics") + " misfit of the true model");
			for (int k = 0; k < 6; k++) if (k != 2) assertTrue(misfit[k] > misfit[2] + 100, "model " + (k + 1) + ": " + misfit[k]);
			// The mean image is sum w_n x_n, calibrated like the models.
			final ImagePlus mean = open(out, "posterior-mean.tif"), var = open(out, "posterior-variance.tif");
			assertEquals(10, mean.getCalibration().pixelWidth, 0);
			assertEquals("m", mean.getCalibration().getUnit());
			assertEquals("m/s", mean.getCalibration().getValueUnit());
			assertEquals("(m/s)^2", var.getCalibration().getValueUnit());
			final float[] mu = (float[]) mean.getProcessor().getPixels();
			for (int i = 0; i < mu.length; i += 7) {
				double ref = 0;
				for (int k = 0; k < 6; k++) ref += weight[k] * ((float[]) training.getStack().getPixels(k + 1))[i];
				assertEquals(ref, mu[i], 1e-3, "mean at pixel " + i);
			}
			final ImagePlus best = open(out, "best-matches.tif");
			assertEquals(3, best.getStackSize());
			assertTrue(best.getStack().getSliceLabel(1).startsWith("1. training model 3: weight"), best.getStack().getSliceLabel(1));
			final Map<String, String> s = StylizedCommandTest.summary(out.toPath().resolve("summary.csv"));
			assertEquals(1, Double.parseDouble(s.get("ess")), 1e-6);
			assertEquals(1, Double.parseDouble(s.get("effective_modes")), 1e-6);
			assertEquals("3", s.get("best_index"));
			assertEquals(0, Double.parseDouble(s.get("rmse_vs_truth")), 1e-3);
			assertEquals(1, Double.parseDouble(s.get("coverage_2sigma")), 0);
			assertEquals(data.getProp("memfwi.noise"), s.get("noise"));
		}
		// Twice the noise: every scaled misfit is a quarter.
		final File out = dir.resolve("noise2").toFile();
		final double gamma = Double.parseDouble(timeData.getProp("memfwi.noise"));
		assertFalse(run(PosteriorReweightedCommand.class, "training", training, "data", timeData, "noise", 2 * gamma, "out", out)
			.isCanceled());
		final List<String[]> a = csv(dir.resolve("time/weights.csv")), b = csv(out.toPath().resolve("weights.csv"));
		for (int k = 1; k <= 6; k++)
			assertEquals(Double.parseDouble(a.get(k)[1]) / 4, Double.parseDouble(b.get(k)[1]), 1e-8 * Double.parseDouble(a.get(k)[1]));
	}

	@Test
	void linearizedPosteriorApproachesTheReweightedOneAsSigmaShrinks(@TempDir final Path dir, final CapturedOutput output) throws Exception {
		final File rw = dir.resolve("rw").toFile(), lin = dir.resolve("lin").toFile(), wide = dir.resolve("wide").toFile();
		assertFalse(run(PosteriorReweightedCommand.class, "training", training, "data", helmholtzData, "out", rw).isCanceled());
		final CommandModule m = run(PosteriorLinearizedCommand.class, "training", training, "data", helmholtzData, "sigma", 1e-4,
			"rank", 6, "linearize", 0, "keep", 2, "samples", 3, "out", lin);
		assertFalse(m.isCanceled(), m.getCancelReason());
		final List<String[]> a = csv(rw.toPath().resolve("weights.csv")), b = csv(lin.toPath().resolve("components.csv"));
		assertEquals("index,misfit,log_weight,weight,weight_reweighted,linearized", String.join(",", b.get(0)));
		for (int k = 1; k <= 6; k++) {
			assertEquals(Double.parseDouble(a.get(k)[3]), Double.parseDouble(b.get(k)[3]), 1e-6, "weight " + k);
			assertEquals(Double.parseDouble(a.get(k)[3]), Double.parseDouble(b.get(k)[4]), 1e-12, "reweighted weight " + k);
			assertEquals("1", b.get(k)[5]);
		}
		final Map<String, String> s = StylizedCommandTest.summary(lin.toPath().resolve("summary.csv"));
		assertEquals("6", s.get("linearized"));
		assertEquals("6", s.get("rank"));
		assertEquals(2, open(lin, "component-shifts.tif").getStackSize());
		assertEquals(3, open(lin, "samples.tif").getStackSize());
		assertTrue(new File(lin, "posterior-within-variance.tif").isFile());
		// Only the best two linearized: the others are point masses (linearized = 0) and the count is reported.
		final CommandModule w = run(PosteriorLinearizedCommand.class, "training", training, "data", helmholtzData, "sigma", 20.0,
			"rank", 4, "linearize", 2, "out", wide);
		assertFalse(w.isCanceled(), w.getCancelReason());
		assertEquals("2", StylizedCommandTest.summary(wide.toPath().resolve("summary.csv")).get("linearized"));
		int ones = 0;
		for (final String[] row : csv(wide.toPath().resolve("components.csv")).subList(1, 7)) ones += Integer.parseInt(row[5]);
		assertEquals(2, ones);
		final ImagePlus var = open(wide, "posterior-variance.tif"), within = open(wide, "posterior-within-variance.tif");
		final float[] v = (float[]) var.getProcessor().getPixels(), wv = (float[]) within.getProcessor().getPixels();
		for (int i = 0; i < v.length; i++) assertTrue(v[i] >= wv[i] * (1 - 1e-6), "variance below its within part at " + i);
		// At sigma = 20 the rank-4 eigenpairs do not reach the noise floor, and the command says so.
		output.expectErr("[WARNING] MemFWI: rank 4 may be too small: at training model 2 the smallest eigenpair kept still has " +
			"sigma^2 lambda = 0.503 (> 0.1)");
	}

	@Test
	void dpsWithoutGuidanceReturnsTrainingModelsAndWithGuidanceReportsMemorization(@TempDir final Path dir) throws Exception {
		// zeta = 0: the chains sample the memorized prior, i.e. copies of training models, each 1/N of the time
		// (Pearson chi-square, 5 degrees of freedom, 0.999 quantile 20.5).
		final File prior = dir.resolve("prior").toFile();
		final int n = 240;
		final CommandModule m = run(PosteriorDpsCommand.class, "training", training, "data", timeData, "zeta", 0.0, "samples", n,
			"steps", 8, "seed", 4L, "out", prior);
		assertFalse(m.isCanceled(), m.getCancelReason());
		final List<String[]> rows = csv(prior.toPath().resolve("samples.csv"));
		assertEquals("sample,nearest,d1,d2,ratio,ratio12,memorized,residual,misfit", String.join(",", rows.get(0)));
		final int[] count = new int[6];
		for (final String[] r : rows.subList(1, rows.size())) {
			count[Integer.parseInt(r[1]) - 1]++;
			assertTrue(Double.parseDouble(r[2]) < 1e-3, "a prior sample is not a training model: d1 = " + r[2]);
			assertEquals("1", r[6]);
		}
		double chi2 = 0;
		for (final int c : count) chi2 += (c - n / 6.0) * (c - n / 6.0) / (n / 6.0);
		assertTrue(chi2 < 20.5, "chi-square " + chi2 + " for " + Arrays.toString(count));
		assertEquals(n, open(prior, "samples.tif").getStackSize());
		final Map<String, String> s = StylizedCommandTest.summary(prior.toPath().resolve("summary.csv"));
		assertEquals("1", s.get("memorized_fraction"));
		for (final String k : new String[] { "memorized_fraction_tau_0.1", "median_ratio", "sigma_max", "sigma_min", "zeta_used" })
			assertTrue(s.containsKey(k), k);
		// With guidance (default DPS, zeta in Cauchy steps) on the frequency-domain data, with a truth.
		final File g = dir.resolve("guided").toFile();
		final CommandModule mg = run(PosteriorDpsCommand.class, "training", training, "data", helmholtzData, "samples", 3, "steps", 6,
			"truth", truth, "out", g);
		assertFalse(mg.isCanceled(), mg.getCancelReason());
		final Map<String, String> sg = StylizedCommandTest.summary(g.toPath().resolve("summary.csv"));
		assertTrue(Double.parseDouble(sg.get("zeta_used")) > 0);
		assertTrue(sg.containsKey("rmse_vs_truth") && sg.containsKey("coverage_2sigma"));
		assertEquals("(m/s)^2", open(g, "posterior-variance.tif").getCalibration().getValueUnit());
	}

	@Test
	void collapseSweepOnAnFwiProblem(@TempDir final Path dir) throws Exception {
		final File out = dir.resolve("sweep").toFile();
		final CommandModule m = run(CollapseSweepCommand.class, "problem", "fwi", "training", training, "data", helmholtzData,
			"sizes", "3,6", "sigmamin", 1e-3, "sigmamax", 100.0, "steps", 4, "rank", 4, "out", out);
		assertFalse(m.isCanceled(), m.getCancelReason());
		final List<String[]> rows = csv(out.toPath().resolve("collapse-sweep.csv"));
		assertEquals("n,sigma,effective_modes,ess,effective_modes_reweighted,ess_reweighted,effective_modes_exact",
			String.join(",", rows.get(0)));
		assertEquals(1 + 2 * 4, rows.size());
		for (final String[] r : rows.subList(1, rows.size())) {
			final double modes = Double.parseDouble(r[2]);
			assertTrue(modes >= 1 - 1e-9 && modes <= Integer.parseInt(r[0]) + 1e-9, String.join(",", r));
			assertEquals("", r[6]);
		}
		// At the smallest sigma the mixture is the reweighted training set.
		assertEquals(Double.parseDouble(rows.get(1)[4]), Double.parseDouble(rows.get(1)[2]), 1e-6);
		assertEquals(Double.parseDouble(rows.get(5)[4]), Double.parseDouble(rows.get(5)[2]), 1e-6);
		assertTrue(new File(out, "collapse-sweep.png").isFile());
	}

	@Test
	void badInputCancelsWithOneMessageAndWritesNothing(@TempDir final Path dir, final CapturedOutput output) throws Exception {
		final ImagePlus one = PosteriorFixtures.slice(training, 1);
		one.setTitle("one");
		final ImagePlus eight = IJ.createImage("eight", "8-bit ramp", PosteriorFixtures.NX, PosteriorFixtures.NZ, 3);
		final ImagePlus rgb = IJ.createImage("rgb", "RGB ramp", PosteriorFixtures.NX, PosteriorFixtures.NZ, 3);
		final ImagePlus wide = PosteriorFixtures.training(3, 2);
		wide.getCalibration().pixelWidth = wide.getCalibration().pixelHeight = 20;
		wide.setTitle("wide");
		final ImagePlus small = IJ.createImage("small", "32-bit ramp", 8, 8, 1);
		Images.calibrate(small, 10, "m/s");
		small.getProcessor().add(2000);
		final ImagePlus noProps = timeData.duplicate();
		noProps.setTitle("bare");
		final ImagePlus noSrc = timeData.duplicate();
		noSrc.setTitle("nosrc");
		noSrc.setProp("memfwi.src_x", null);
		for (final String key : new String[] { "memfwi.kind", "memfwi.physics" }) noProps.setProp(key, null);
		final ImagePlus otherGrid = PosteriorFixtures.timeData(PosteriorFixtures.training(1, 3), 0.01, 1);
		otherGrid.setProp("memfwi.nx", "13");
		final ImagePlus clean = PosteriorFixtures.timeData(truth, 0, 1);
		clean.setTitle("clean");
		final Object[][] bad = {
			{ PosteriorReweightedCommand.class, new Object[] { "training", one },
				"training ('one') holds 1 model; a memorized prior needs a training set of at least 2 models" },
			{ PosteriorReweightedCommand.class, new Object[] { "training", eight },
				"training ('eight') is a 8-bit image; velocity models must be 32-bit images in m/s" },
			{ PosteriorLinearizedCommand.class, new Object[] { "training", rgb },
				"training ('rgb') is a RGB image; velocity models must be 32-bit images in m/s" },
			{ PosteriorReweightedCommand.class, new Object[] { "truth", wide },
				"truth ('wide') has 3 slices; give one true model" },
			{ PosteriorReweightedCommand.class, new Object[] { "truth", PosteriorFixtures.slice(wide, 1) },
				"truth has cells of 20 m but the training models of 10 m; use models with the same calibration" },
			{ PosteriorDpsCommand.class, new Object[] { "truth", small },
				"truth is 8 x 8 cells but the training models are 12 x 10 cells; use models on the same grid" },
			{ PosteriorReweightedCommand.class, new Object[] { "data", noProps },
				"data ('bare') has no property memfwi.physics; give data made by Forward Model" },
			{ PosteriorLinearizedCommand.class, new Object[] { "data", noSrc }, "data ('nosrc') has no property memfwi.src_x" },
			{ PosteriorReweightedCommand.class, new Object[] { "data", otherGrid }, "data: memfwi.nx = 13 but training is 12 cells wide; use data made on the grid of training" },
			{ PosteriorDpsCommand.class, new Object[] { "data", clean },
				"noise = 0 means the noise level recorded with the data, but data ('clean') record none (memfwi.noise is missing or not positive" },
			{ PosteriorReweightedCommand.class, new Object[] { "noise", -1.0 }, "noise (std of the data noise gamma, data units) must " +
				"be positive, or 0 to use the noise level recorded with the data; got -1.0" },
			{ PosteriorLinearizedCommand.class, new Object[] { "sigma", 0.0 },
				"sigma (noise level of the memorized prior) must be positive and finite, got 0.0" },
			{ PosteriorLinearizedCommand.class, new Object[] { "sigma", -5.0 },
				"sigma (noise level of the memorized prior) must be positive and finite, got -5.0" },
			{ PosteriorDpsCommand.class, new Object[] { "samples", 30_000_000 }, "diffusion posterior sampling (30000000 samples of" },
			{ PosteriorLinearizedCommand.class, new Object[] { "training", bigTraining(), "rank", 0, "data", bigGridData() },
				"the linearized posterior (d = 40000, rank 40000" } };
		int i = 0;
		for (final Object[] b : bad) {
			final Map<String, Object> in = new HashMap<>();
			in.put("training", training);
			in.put("data", timeData);
			final Object[] kv = (Object[]) b[1];
			for (int k = 0; k < kv.length; k += 2) in.put((String) kv[k], kv[k + 1]);
			final File out = dir.resolve("never-" + i++).toFile();
			in.put("out", out);
			@SuppressWarnings("unchecked")
			final CommandModule m = commands.run((Class<? extends MemFwiCommand>) b[0], true, in).get();
			assertTrue(m.isCanceled(), b[2].toString());
			assertTrue(m.getCancelReason().startsWith((String) b[2]), m.getCancelReason());
			CommandRunner.assertLoggedRefusal(output, m);
			assertNull(m.getOutput("mean"));
			assertFalse(out.exists(), "wrote " + out);
		}
	}

	/** Two constant models of 200 x 200 cells: d = 40,000, far too many for the dense path. */
	private static ImagePlus bigTraining() {
		final Grid2D g = new Grid2D(200, 200, 10);
		final float[][] m = new float[2][g.size()];
		Arrays.fill(m[0], 2000);
		Arrays.fill(m[1], 2100);
		return Images.velocityStack("big", g, m, null);
	}

	/** Gathers (zeros, one shot, 3 receivers, 20 samples) recorded for the 200 x 200 grid, with a noise level. */
	private static ImagePlus bigGridData() {
		final Grid2D g = new Grid2D(200, 200, 10);
		final Acquisition acq = new Acquisition(new double[] { 1000 }, new double[] { 10 },
			new double[] { 500, 1000, 1500 }, new double[] { 10, 10, 10 });
		final Wavelet w = Wavelet.ricker(10, 0.1, 1e-3, 20);
		return TimeDomainData.toImage("big-data", g, acq, w, WaveSettings.DEFAULT,
			new float[][][] { { new float[20 * 3] } }, 1);
	}
}
