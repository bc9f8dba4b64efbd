package org.memfwi.commands;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.memfwi.core.grid.Grid2D;
import org.memfwi.core.helmholtz.Hankel;
import org.memfwi.core.helmholtz.HelmholtzOperator;
import org.memfwi.core.helmholtz.VelocityPixels;
import org.memfwi.core.prior.KarhunenLoeveBasis;
import org.memfwi.core.util.Table;
import org.memfwi.io.HelmholtzData;
import org.memfwi.io.Images;
import org.memfwi.testing.CapturedOutput;
import org.memfwi.testing.Figures;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.scijava.command.CommandModule;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.Opener;

/** forward and fwi with physics=helmholtz through the SciJava framework, as Fiji runs them. */
public class HelmholtzCommandsTest {

	private static CommandRunner runner;

	@BeforeAll
	static void start() {
		runner = new CommandRunner();
	}

	@AfterAll
	static void stop() {
		runner.close();
	}

	/** 24 x 20 cells of 10 m, 2,000 m/s increasing with depth, plus a Gaussian anomaly of the given amplitude (m/s). */
	public static ImagePlus model(final String title, final double anomaly) {
		final Grid2D g = new Grid2D(24, 20, 10);
		final float[] v = new float[g.size()];
		for (int iz = 0; iz < g.nz(); iz++)
			for (int ix = 0; ix < g.nx(); ix++) {
				final double r2 = Math.pow(ix - 11.5, 2) + Math.pow(iz - 9.5, 2);
				v[g.index(ix, iz)] = (float) (2000 + 10 * iz + anomaly * Math.exp(-r2 / (2 * 2.5 * 2.5)));
			}
		return Images.velocityStack(title, g, new float[][] { v }, null);
	}

	private static CommandModule run(final Class<? extends MemFwiCommand> c, final Object... keyValues) throws Exception {
		return runner.run(c, keyValues);
	}

	private static double rms(final float[] a, final float[] b) {
		double s = 0;
		for (int i = 0; i < a.length; i++) s += (a[i] - b[i]) * (double) (a[i] - b[i]);
		return Math.sqrt(s / a.length);
	}

	private static double metric(final File csv, final String name) throws Exception {
		final String text = new String(Files.readAllBytes(csv.toPath()));
		return Double.parseDouble(text.split("\n" + name + ",")[1].split("\n")[0].trim());
	}

	/**
	 * Only the model given: the paper's survey (5 sources, 40 receivers, 4 Hz, 2 cells deep) on a 64 x 64 homogeneous
	 * model, whose data are the Green's function (i/4) H0^(1)(k r) of each source at each receiver.
	 */
	@Test
	void forwardDefaultsAreThePapersSurveyAndMatchTheGreensFunction(final Figures figures) throws Exception {
		final Grid2D g = new Grid2D(64, 64, 10);
		final float[] v = new float[g.size()];
		Arrays.fill(v, 2000);
		final ImagePlus model = Images.velocityStack("homogeneous", g, new float[][] { v }, null);
		final CommandModule m = run(ForwardCommand.class, "physics", "helmholtz", "model", model);
		assertFalse(m.isCanceled(), m.getCancelReason());
		final ImagePlus d = (ImagePlus) m.getOutput("data");
		assertEquals(40, d.getWidth());
		assertEquals(5, d.getHeight());
		assertEquals(2, d.getNChannels());
		assertEquals(1, d.getNSlices());
		assertEquals(1, d.getNFrames());
		assertEquals("helmholtz-data", d.getProp("memfwi.kind"));
		assertEquals("helmholtz", d.getProp("memfwi.physics"));
		assertEquals("60,190,320,440,570", d.getProp("memfwi.src_x"));
		assertEquals("20,20,20,20,20", d.getProp("memfwi.src_z"));
		assertEquals("4", d.getProp("memfwi.frequencies"));
		assertEquals("20", d.getProp("memfwi.pml"));
		assertEquals("5-point", d.getProp("memfwi.stencil"));
		assertEquals("0", d.getProp("memfwi.noise"));
		assertEquals("real 4 Hz", d.getStack().getSliceLabel(1));
		final HelmholtzData.Dataset ds = HelmholtzData.read(d, "data");
		final double[] sx = ds.acquisition.sourceX(), rx = ds.acquisition.receiverX();
		assertEquals(40, rx.length);
		final double k = 2 * Math.PI * 4 / 2000;
		final float[] re = (float[]) d.getStack().getPixels(1), im = (float[]) d.getStack().getPixels(2);
		double err = 0, max = 0;
		for (int s = 0; s < 5; s++)
			for (int r = 0; r < 40; r++) {
				final double dist = Math.abs(rx[r] - sx[s]);
				if (dist < 50) continue;
				final double[] h = Hankel.h0(k * dist);
				err = Math.max(err, Math.hypot(re[s * 40 + r] - (-h[1] / 4), im[s * 40 + r] - h[0] / 4));
				max = Math.max(max, Math.hypot(h[0], h[1]) / 4);
			}
		figures.report("forward physics=helmholtz defaults: largest error vs (i/4) H0(kr) at r >= 50 m: " + err / max +
			" of max |G|");
		assertTrue(err < 0.01 * max, "error " + err / max + " of max |G|");
	}

	@Test
	void aStackGivesAHyperstackAndTheNoiseIsSeeded(@TempDir final Path dir) throws Exception {
		final ImagePlus a = model("a", 150), b = model("b", -150);
		final ImageStack st = new ImageStack(24, 20);
		st.addSlice(a.getProcessor());
		st.addSlice(b.getProcessor());
		final ImagePlus stack = new ImagePlus("two", st);
		stack.setCalibration(a.getCalibration());
		final File out = dir.resolve("d").toFile();
		final Object[] keys = { "physics", "helmholtz", "model", stack, "frequencies", "5,8", "sources", 3, "receivers", 12, "stencil", 9,
			"cpml", 10 };
		final CommandModule m = run(ForwardCommand.class, concat(keys, "noise", 0.05, "noisemode", "relative", "seed", 3L, "out", out));
		assertFalse(m.isCanceled(), m.getCancelReason());
		final ImagePlus d = new Opener().openTiff(out.getPath() + File.separator, "data.tif");
		assertEquals(2, d.getNChannels());
		assertEquals(2, d.getNSlices());
		assertEquals(2, d.getNFrames());
		assertEquals(12, d.getWidth());
		assertEquals(3, d.getHeight());
		assertEquals("9-point", d.getProp("memfwi.stencil"));
		assertEquals("10", d.getProp("memfwi.pml"));
		assertEquals("2", d.getProp("memfwi.models"));
		assertEquals("model 2 imaginary 8 Hz", d.getStack().getSliceLabel(8));
		final HelmholtzData.Dataset[] all = HelmholtzData.readAll(d, "data");
		assertEquals(2, all.length);
		assertEquals("data ('data.tif') holds the data of 2 models (frames); give the data of one model (Image > Duplicate... one " +
			"frame)", assertThrows(IllegalArgumentException.class, () -> HelmholtzData.read(d, "data")).getMessage());
		// Frame 2 holds model 2: the clean data of frame 2 are the operator's data of model b.
		final ImagePlus clean = (ImagePlus) run(ForwardCommand.class, keys).getOutput("data");
		final HelmholtzData.Dataset[] c = HelmholtzData.readAll(clean, "data");
		final double[] vb = new double[24 * 20];
		for (int i = 0; i < vb.length; i++) vb[i] = ((float[]) b.getProcessor().getPixels())[i];
		final double[] expected = new HelmholtzOperator(c[1].solver(), new VelocityPixels(c[1].grid)).apply(vb, null);
		for (int i = 0; i < expected.length; i++) assertEquals((float) expected[i], c[1].data[i], 0, "value " + i);
		// The noise: 5 % of the largest complex modulus over both models, the same again for the same seed.
		final int block = 3 * 12;
		double max = 0, ss = 0;
		int n = 0;
		for (int model = 0; model < 2; model++)
			for (int q = 0; q < 2; q++)
				for (int i = 0; i < block; i++) {
					final int re = 2 * q * block + i, im = re + block;
					max = Math.max(max, Math.hypot(c[model].data[re], c[model].data[im]));
					ss += Math.pow(all[model].data[re] - c[model].data[re], 2) + Math.pow(all[model].data[im] - c[model].data[im], 2);
					n += 2;
				}
		final double noise = Double.parseDouble(d.getProp("memfwi.noise"));
		assertEquals(0.05 * max, noise, 1e-6 * noise);
		assertEquals(noise, Math.sqrt(ss / n), 0.15 * noise);
		// The same seed gives the same noise, on any number of threads.
		final ImagePlus again = (ImagePlus) run(ForwardCommand.class, concat(keys, "noise", 0.05, "seed", 3L, "threads", 1))
			.getOutput("data");
		for (int s = 1; s <= 8; s++) assertArrayEquals((float[]) d.getStack().getPixels(s), (float[]) again.getStack().getPixels(s));
		final ImagePlus absolute = (ImagePlus) run(ForwardCommand.class, concat(keys, "noise", 1e-3, "noisemode", "absolute"))
			.getOutput("data");
		assertEquals("0.001", absolute.getProp("memfwi.noise"));
	}

	private static Object[] concat(final Object[] a, final Object... b) {
		final Object[] c = Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, c, a.length, b.length);
		return c;
	}

	/** Data of the anomaly at 8, 12 and 16 Hz: 5 sources and 24 receivers along the top. */
	private static ImagePlus anomalyData() throws Exception {
		return (ImagePlus) run(ForwardCommand.class, "physics", "helmholtz", "model", model("truth", 150), "frequencies", "8,12,16",
			"cpml", 10).getOutput("data");
	}

	@Test
	void fwiLowersTheMisfitHundredfoldAndWritesModelTableAndPlot(@TempDir final Path dir, final Figures figures) throws Exception {
		final ImagePlus data = anomalyData(), start = model("start", 0), truth = model("truth", 150);
		final File out = dir.resolve("fwi").toFile();
		final CommandModule m = run(FwiCommand.class, "physics", "helmholtz", "data", data, "model", start, "iterations", 15, "out", out);
		assertFalse(m.isCanceled(), m.getCancelReason());
		final ImagePlus inv = (ImagePlus) m.getOutput("inverted");
		assertEquals(24, inv.getWidth());
		assertEquals(10, inv.getCalibration().pixelWidth, 0);
		assertEquals("m", inv.getCalibration().getUnit());
		assertEquals("m/s", inv.getCalibration().getValueUnit());
		assertEquals("finished", inv.getProp("memfwi.fwi_status"));
		assertEquals("velocity", inv.getProp("memfwi.parameterization"));
		for (final String f : new String[] { "inverted-model.tif", "misfit.csv", "misfit.png", "summary.csv" })
			assertTrue(new File(out, f).isFile(), f);
		final String csv = new String(Files.readAllBytes(new File(out, "misfit.csv").toPath()));
		assertTrue(csv.startsWith("iteration,band,cutoff_hz,band_iteration,misfit,"), csv);
		final double reduction = metric(new File(out, "summary.csv"), "misfit_reduction");
		final double e0 = rms((float[]) start.getProcessor().getPixels(), (float[]) truth.getProcessor().getPixels());
		final double e1 = rms((float[]) inv.getProcessor().getPixels(), (float[]) truth.getProcessor().getPixels());
		figures.report("fwi physics=helmholtz: misfit reduction " + reduction + "x, model rms error " + e0 + " -> " + e1 + " m/s");
		assertTrue(reduction >= 100, "misfit reduction " + reduction);
		// Surface data only: the misfit falls far more than the model error (the anomaly is lit from above only).
		assertTrue(e1 < 0.9 * e0, e0 + " -> " + e1);
		assertEquals(3, metric(new File(out, "summary.csv"), "stages"), 0);
		assertEquals(480, metric(new File(out, "summary.csv"), "parameters"), 0);
	}

	/** The KL parameterization: K^2 unknowns, the output is the starting model plus a field of the basis. */
	@Test
	void fwiThroughTheKlBasis(final Figures figures) throws Exception {
		final ImagePlus data = anomalyData(), start = model("start", 0), truth = model("truth", 150);
		final CommandModule m = run(FwiCommand.class, "physics", "helmholtz", "data", data, "model", start, "iterations", 10,
			"parameterization", "kl", "modes", 5);
		assertFalse(m.isCanceled(), m.getCancelReason());
		final ImagePlus inv = (ImagePlus) m.getOutput("inverted");
		assertEquals("kl", inv.getProp("memfwi.parameterization"));
		final FwiCommand cmd = (FwiCommand) m.getDelegateObject();
		final Table summary = cmd.results().tables().get("summary.csv");
		double reduction = 0, params = 0;
		for (int i = 0; i < summary.rowCount(); i++) {
			if (summary.get(i, "metric").equals("misfit_reduction")) reduction = summary.number(i, "value");
			if (summary.get(i, "metric").equals("parameters")) params = summary.number(i, "value");
		}
		assertEquals(25, params, 0);
		final float[] s = (float[]) start.getProcessor().getPixels(), x = (float[]) inv.getProcessor().getPixels();
		final double e0 = rms(s, (float[]) truth.getProcessor().getPixels()), e1 = rms(x, (float[]) truth.getProcessor().getPixels());
		figures.report("fwi physics=helmholtz parameterization=kl (25 coefficients): misfit reduction " + reduction +
			"x, model rms error " + e0 + " -> " + e1 + " m/s");
		assertTrue(reduction >= 10, "misfit reduction " + reduction);
		assertTrue(e1 < 0.7 * e0, e0 + " -> " + e1);
		final KarhunenLoeveBasis basis = new KarhunenLoeveBasis(5, 24, 20, 1, 2);
		final double[] update = new double[s.length];
		for (int i = 0; i < s.length; i++) update[i] = x[i] - s[i];
		final double[] back = basis.synthesize(basis.project(update, null), null);
		for (int i = 0; i < s.length; i++) assertEquals(update[i], back[i], 1e-3, "pixel " + i + " (float rounding)");
	}

	@Test
	void fwiCanceledKeepsTheModelReachedSoFar() throws Exception {
		final ImagePlus data = anomalyData();
		final Map<String, String> values = new HashMap<>();
		values.put("physics", "helmholtz");
		values.put("iterations", "50");
		values.put("data", "observed");
		values.put("model", "start");
		final MemFwiCommand fwi = Binder.bind(CommandSpec.of(FwiCommand.class), values, (p, t) -> p.key.equals("data") ? data :
			model("start", 0));
		fwi.execute(CommandRunner.cancelAfter(6));
		assertTrue(((FwiCommand) fwi).stoppedEarly());
		final ImagePlus inv = ((FwiCommand) fwi).inverted();
		assertEquals("stopped early", inv.getProp("memfwi.fwi_status"));
		assertTrue(fwi.results().fileNames().contains("inverted-model.tif"));
		assertTrue(rms((float[]) inv.getProcessor().getPixels(), (float[]) model("t", 150).getProcessor().getPixels()) <
			rms((float[]) model("s", 0).getProcessor().getPixels(), (float[]) model("t", 150).getProcessor().getPixels()));
	}

	@Test
	void badInputIsRefusedWithExactMessagesAndNothingWritten(@TempDir final Path dir, final CapturedOutput output) throws Exception {
		final ImagePlus ok = model("m", 0);
		final Object[][] forwardBad = {
			{ new Object[] { "frequencies", "0,4" }, "frequencies: every frequency must be > 0 Hz, got 0 (in 0,4)" },
			{ new Object[] { "frequencies", "-2.5" }, "frequencies: every frequency must be > 0 Hz, got -2.5 (in -2.5)" },
			{ new Object[] { "frequencies", "4,x" }, "frequencies: 'x' is not a number; give comma-separated numbers" },
			{ new Object[] { "frequencies", " " }, "frequencies: give at least one frequency in Hz, e.g. frequencies=4 or frequencies=3,5,7" },
			{ new Object[] { "stencil", 7 }, "stencil must be 5 (the paper's 5-point operator) or 9 (optimal 9-point), got 7" },
			{ new Object[] { "sourcex", "100,1000" }, "source 2 at (x = 1000.0 m, z = 20.0 m) is outside the model grid, which spans " +
				"x = 0..230.0 m and z = 0..190.0 m; move it inside the model" },
			{ new Object[] { "receiverz", "-5" }, "receiver 1 at (x = 0.0 m, z = -5.0 m) is outside the model grid, which spans " +
				"x = 0..230.0 m and z = 0..190.0 m; move it inside the model" },
			{ new Object[] { "cpml", 0 }, "cpml (absorbing layer width) must be at least 1 cell for physics=helmholtz, got 0; use about " +
				"half a wavelength, e.g. 20 cells" },
			{ new Object[] { "f0", 10.0 }, "f0 applies to physics=time only; for physics=helmholtz set frequencies (Hz)" },
			{ new Object[] { "order", 4 }, "order applies to physics=time only; for physics=helmholtz set stencil (5 or 9)" } };
		int k = 0;
		for (final Object[] b : forwardBad) {
			final File out = dir.resolve("forward-" + k++).toFile();
			final CommandModule m = run(ForwardCommand.class, concat(concat(new Object[] { "physics", "helmholtz", "model", ok, "out", out }),
				(Object[]) b[0]));
			assertTrue(m.isCanceled(), "not refused: " + b[1]);
			assertEquals(b[1], m.getCancelReason());
			CommandRunner.assertLoggedRefusal(output, m);
			assertNull(m.getOutput("data"));
			assertFalse(out.exists(), "nothing written for " + b[1]);
		}
		final ImagePlus data = (ImagePlus) run(ForwardCommand.class, "physics", "helmholtz", "model", ok, "frequencies", "8,12")
			.getOutput("data");
		final ImagePlus stripped = data.duplicate();
		stripped.setTitle("stripped");
		stripped.setProp("memfwi.src_x", null);
		final ImagePlus gathers = (ImagePlus) run(ForwardCommand.class, "model", ok, "nt", 50).getOutput("data");
		gathers.setTitle("gathers");
		output.expectErr("[WARNING] MemFWI: only 5.3 cells per shortest wavelength (vmin = 2000 m/s, highest frequency 37.5 Hz");
		final ImagePlus wide = Images.velocityStack("wide", new Grid2D(30, 20, 10), new float[][] { new float[600] }, null);
		Arrays.fill((float[]) wide.getProcessor().getPixels(), 2000);
		final ImagePlus fine = ok.duplicate();
		fine.getCalibration().pixelWidth = fine.getCalibration().pixelHeight = 5;
		final Object[][] fwiBad = {
			{ new Object[] { "data", data, "model", wide }, "data: memfwi.nx = 24 but model is 30 cells wide; use data made on the grid " +
				"of model" },
			{ new Object[] { "data", data, "model", fine }, "data: memfwi.dx = 10.0 m but the cell size of model is 5.0 m; use data made " +
				"on the grid of model" },
			{ new Object[] { "data", stripped, "model", ok }, "data ('stripped') has no property memfwi.src_x; give frequency-domain data " +
				"made by forward physics=helmholtz (saved as TIFF)" },
			{ new Object[] { "data", gathers, "model", ok }, "data ('gathers') has memfwi.kind = shot-gathers, expected helmholtz-data; " +
				"give frequency-domain data made by forward physics=helmholtz (shot gathers need physics=time)" },
			{ new Object[] { "data", data, "model", ok, "physics", "time" }, "data ('" + data.getTitle() + "') holds helmholtz-data, not " +
				"time-domain shot gathers (memfwi.kind = shot-gathers); frequency-domain data need physics=helmholtz" },
			{ new Object[] { "data", data, "model", ok, "bands", "5,0" }, "bands: no data frequency is at or below 5 Hz (the data have " +
				"8, 12 Hz); raise the cutoff or use bands=auto" },
			{ new Object[] { "data", data, "model", ok, "bands", "12,8" }, "bands must increase (lowest first, 0 = full band last), " +
				"got 12,8" },
			{ new Object[] { "data", data, "model", ok, "vmax", 2100.0 }, "vmax (2100 m/s) is below the starting model's highest " +
				"velocity 2190 m/s; raise vmax" },
			{ new Object[] { "data", data, "model", ok, "parameterization", "kl", "modes", 30 }, "modes (K) = 30 exceeds the grid size " +
				"24 x 20; use at most 20" } };
		for (final Object[] b : fwiBad) {
			final File out = dir.resolve("fwi-" + k++).toFile();
			final CommandModule m = run(FwiCommand.class, concat(concat(new Object[] { "physics", "helmholtz", "out", out }), (Object[]) b[0]));
			assertTrue(m.isCanceled(), "not refused: " + b[1]);
			assertEquals(b[1], m.getCancelReason());
			CommandRunner.assertLoggedRefusal(output, m);
			assertNull(m.getOutput("inverted"));
			assertFalse(out.exists(), "nothing written for " + b[1]);
		}
	}
}
