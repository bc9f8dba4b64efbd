package org.memfwi.commands;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.memfwi.core.grid.Grid2D;
import org.memfwi.io.Images;
import org.memfwi.testing.CapturedOutput;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.scijava.command.CommandModule;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.Opener;

/** forward and fwi (physics=time) through the SciJava framework, as Fiji runs them. */
public class TimeDomainCommandsTest {

	private static CommandRunner runner;
	/** The physics warning of the default acquisition (Ricker f0 = 15 Hz) on these 10 m cells down to 1800 m/s. */
	private static final String DISPERSION_AT_15_HZ = "[WARNING] MemFWI: only 4.8 cells per shortest wavelength (vmin = 1800 m/s, " +
		"highest frequency 37.5 Hz, dx = 10 m): expect numerical dispersion; use at least 6 (smaller dx or lower frequency)";
	/** The same with f0 = 20 Hz. */
	private static final String DISPERSION_AT_20_HZ = "[WARNING] MemFWI: only 3.6 cells per shortest wavelength (vmin = 1800 m/s, " +
		"highest frequency 50.0 Hz";

	@BeforeAll
	static void start() {
		runner = new CommandRunner();
	}

	@AfterAll
	static void stop() {
		runner.close();
	}

	/** A layered model with a faster block, nx x nz cells of 10 m. */
	public static ImagePlus model(final int nx, final int nz, final float block) {
		final Grid2D g = new Grid2D(nx, nz, 10);
		final float[] v = new float[g.size()];
		for (int iz = 0; iz < nz; iz++)
			for (int ix = 0; ix < nx; ix++) {
				float x = 1800 + 60 * iz;
				if (ix > nx / 3 && ix < 2 * nx / 3 && iz > nz / 3 && iz < 2 * nz / 3) x += block;
				v[g.index(ix, iz)] = x;
			}
		return Images.velocityStack("layered", g, new float[][] { v }, null);
	}

	private static CommandModule run(final Class<? extends MemFwiCommand> c, final Object... keyValues) throws Exception {
		return runner.run(c, keyValues);
	}

	@Test
	void forwardDefaultsFollowOpenFwiAndStoreTheAcquisition(final CapturedOutput output) throws Exception {
		final CommandModule m = run(ForwardCommand.class, "model", model(70, 70, 300), "threads", 0);
		assertFalse(m.isCanceled(), m.getCancelReason());
		final ImagePlus d = (ImagePlus) m.getOutput("data");
		assertEquals(70, d.getWidth());
		assertEquals(1000, d.getHeight());
		assertEquals(5, d.getStackSize());
		assertEquals(1e-3, d.getCalibration().pixelHeight, 1e-12);
		assertEquals("s", d.getCalibration().getYUnit());
		assertEquals("0,172.5,345,517.5,690", d.getProp("memfwi.src_x"));
		assertEquals("10,10,10,10,10", d.getProp("memfwi.src_z"));
		assertEquals("15", d.getProp("memfwi.f0"));
		assertEquals("0.001", d.getProp("memfwi.dt"));
		assertEquals("8", d.getProp("memfwi.order"));
		assertEquals("20", d.getProp("memfwi.cpml"));
		assertEquals("shot-gathers", d.getProp("memfwi.kind"));
		assertEquals("time", d.getProp("memfwi.physics"));
		float max = 0;
		for (final float v : (float[]) d.getStack().getPixels(3)) max = Math.max(max, Math.abs(v));
		assertTrue(max > 0);
		// The defaults are OpenFWI's, so the fastest model here needs sub-steps and its slowest is under-sampled.
		output.expectErr("[WARNING] MemFWI: dt = 0.001 s is above the stability limit 0.0009337 s (vmax = 5940 m/s, dx = 10 m, " +
			"order 8): stepping internally at dt / 2 = 0.0005 s and keeping every 2-th step");
		output.expectErr(DISPERSION_AT_15_HZ);
	}

	/** receivers=n spreads n receivers over the width, first and last column included. */
	@Test
	void receiverCountSpreadsTheReceivers(final CapturedOutput output) throws Exception {
		final ImagePlus d = (ImagePlus) run(ForwardCommand.class, "model", model(24, 20, 0), "receivers", 3, "nt", 50).getOutput("data");
		assertEquals(3, d.getWidth());
		assertEquals("0,115,230", d.getProp("memfwi.rec_x"));
		assertEquals("10,10,10", d.getProp("memfwi.rec_z"));
		output.expectErr(DISPERSION_AT_15_HZ);
	}

	@Test
	void aStackGivesAHyperstackAndNoiseIsSeeded(@TempDir final Path dir, final CapturedOutput output) throws Exception {
		final ImagePlus a = model(24, 20, 300), b = model(24, 20, -300);
		final ImageStack st = new ImageStack(24, 20);
		st.addSlice(a.getProcessor());
		st.addSlice(b.getProcessor());
		final ImagePlus stack = new ImagePlus("two", st);
		stack.setCalibration(a.getCalibration());
		final File out = dir.resolve("d").toFile();
		final CommandModule m = run(ForwardCommand.class, "model", stack, "noise", 0.05, "noisemode", "relative", "seed", 3L, "out", out);
		assertFalse(m.isCanceled(), m.getCancelReason());
		final ImagePlus d = new Opener().openTiff(out.getPath() + File.separator, "data.tif");
		assertEquals(2, d.getNFrames());
		assertEquals(2, d.getNSlices());
		assertEquals(343, d.getHeight());
		final double noise = Double.parseDouble(d.getProp("memfwi.noise"));
		assertTrue(noise > 0);
		final ImagePlus again = (ImagePlus) run(ForwardCommand.class, "model", stack, "noise", 0.05, "noisemode", "relative", "seed", 3L)
			.getOutput("data");
		assertArrayEquals((float[]) d.getStack().getPixels(4), (float[]) again.getStack().getPixels(4));
		final ImagePlus clean = (ImagePlus) run(ForwardCommand.class, "model", stack).getOutput("data");
		// The noise added has the requested standard deviation: 5 % of the largest |value|.
		double max = 0, ss = 0;
		int n = 0;
		for (int s = 1; s <= 4; s++) {
			final float[] x = (float[]) clean.getStack().getPixels(s), y = (float[]) again.getStack().getPixels(s);
			for (int i = 0; i < x.length; i++) {
				max = Math.max(max, Math.abs(x[i]));
				ss += (y[i] - x[i]) * (double) (y[i] - x[i]);
				n++;
			}
		}
		assertEquals(0.05 * max, noise, 1e-6 * noise);
		assertEquals(noise, Math.sqrt(ss / n), 0.03 * noise);
		assertEquals(3, output.expectErrLines(DISPERSION_AT_15_HZ).size(), "one warning per forward run");
	}

	@Test
	void fwiLowersTheMisfitAndWritesModelTableAndPlot(@TempDir final Path dir, final CapturedOutput output) throws Exception {
		final ImagePlus truth = model(24, 20, 250);
		final ImagePlus data = (ImagePlus) run(ForwardCommand.class, "model", truth, "f0", 20.0).getOutput("data");
		final ImagePlus start = model(24, 20, 0);
		final File out = dir.resolve("fwi").toFile();
		final CommandModule m = run(FwiCommand.class, "data", data, "model", start, "iterations", 4, "bands", "10,0", "out", out);
		assertFalse(m.isCanceled(), m.getCancelReason());
		final ImagePlus inv = (ImagePlus) m.getOutput("inverted");
		assertEquals(24, inv.getWidth());
		assertEquals(10, inv.getCalibration().pixelWidth, 0);
		assertEquals("m/s", inv.getCalibration().getValueUnit());
		for (final String f : new String[] { "inverted-model.tif", "misfit.csv", "misfit.png", "summary.csv" })
			assertTrue(new File(out, f).isFile(), f);
		final String csv = new String(Files.readAllBytes(new File(out, "misfit.csv").toPath()));
		assertTrue(csv.startsWith("iteration,band,cutoff_hz,band_iteration,misfit,"), csv);
		final String summary = new String(Files.readAllBytes(new File(out, "summary.csv").toPath()));
		final double reduction = Double.parseDouble(summary.split("misfit_reduction,")[1].split("\n")[0]);
		assertTrue(reduction > 2, summary);
		assertEquals("finished", inv.getProp("memfwi.fwi_status"));
		output.expectErrLines(DISPERSION_AT_20_HZ);
	}

	@Test
	void fwiCanceledKeepsTheModelReachedSoFar(final CapturedOutput output) throws Exception {
		final ImagePlus truth = model(24, 20, 250);
		final ImagePlus data = (ImagePlus) run(ForwardCommand.class, "model", truth, "f0", 20.0).getOutput("data");
		final MemFwiCommand cmd = CommandSpec.of(FwiCommand.class).newInstance();
		final Map<String, String> values = new HashMap<>();
		values.put("iterations", "50");
		values.put("bands", "0");
		values.put("data", "observed");
		values.put("model", "start");
		final MemFwiCommand fwi = Binder.bind(CommandSpec.of(FwiCommand.class), values, (p, t) -> p.key.equals("data") ? data : model(24, 20, 0));
		fwi.execute(CommandRunner.cancelAfter(6));
		assertTrue(((FwiCommand) fwi).stoppedEarly());
		final ImagePlus inv = ((FwiCommand) fwi).inverted();
		assertEquals("stopped early", inv.getProp("memfwi.fwi_status"));
		assertTrue(fwi.results().fileNames().contains("inverted-model.tif"));
		assertNull(cmd.outputFolder());
		output.expectErr(DISPERSION_AT_20_HZ);
	}

	@Test
	void badInputIsRefusedWithTheParameterNamed(final CapturedOutput output) throws Exception {
		final ImagePlus ok = model(24, 20, 0);
		final ImagePlus nan = model(24, 20, 0);
		((float[]) nan.getProcessor().getPixels())[3 + 24 * 2] = Float.NaN;
		final ImagePlus neg = model(24, 20, 0);
		((float[]) neg.getProcessor().getPixels())[5] = -100;
		final Object[][] bad = {
			{ new Object[] { "model", nan }, "model ('layered') slice 1 has velocity NaN m/s at (x=3, z=2); velocities must be positive and finite" },
			{ new Object[] { "model", neg }, "model ('layered') slice 1 has velocity -100.0 m/s at (x=5, z=0)" },
			{ new Object[] { "model", ok, "sourcex", "100,400" }, "source 2 at (x = 400 m, z = 10 m) is outside the model; positions must lie in " +
				"x = 0..230 m, z = 0..190 m" },
			{ new Object[] { "model", ok, "receiverz", "-5" }, "receiver 1 at (x = 0 m, z = -5 m) is outside the model" },
			{ new Object[] { "model", ok, "dt", 0.005, "substep", false }, "dt = 0.005 s is unstable for vmax = 2940 m/s, dx = 10 m and order 8; " +
				"the largest stable dt is 0.001886 s; lower dt or allow internal sub-stepping (substep=true)" },
			{ new Object[] { "model", ok, "order", 6 }, "order (spatial accuracy) must be 2, 4 or 8, got 6" },
			{ new Object[] { "model", ok, "stencil", 9 }, "stencil applies to physics=helmholtz only; for physics=time set order" },
			{ new Object[] { "model", ok, "frequencies", "5" }, "frequencies applies to physics=helmholtz only; for physics=time set the " +
				"Ricker peak frequency f0" } };
		for (final Object[] b : bad) {
			final CommandModule m = run(ForwardCommand.class, (Object[]) b[0]);
			assertTrue(m.isCanceled(), "not refused: " + b[1]);
			assertTrue(m.getCancelReason().startsWith((String) b[1]), m.getCancelReason());
			CommandRunner.assertLoggedRefusal(output, m);
			assertNull(m.getOutput("data"));
		}
		final ImagePlus data = (ImagePlus) run(ForwardCommand.class, "model", ok, "nt", 100).getOutput("data");
		output.expectErr(DISPERSION_AT_15_HZ);
		final ImagePlus stripped = data.duplicate();
		stripped.setTitle("stripped");
		stripped.setProp("memfwi.src_x", null);
		final ImagePlus wide = model(30, 20, 0);
		final Object[][] fwiBad = {
			{ new Object[] { "data", stripped, "model", ok }, "data ('stripped') has no property memfwi.src_x; use shot gathers written by " +
				"Forward Model (forward physics=time), which records the acquisition" },
			{ new Object[] { "data", data, "model", wide }, "data: memfwi.nx = 24 but model is 30 cells wide; use data made on the grid of model" },
			{ new Object[] { "data", data, "model", ok, "vmin", 2000.0 }, "vmin (2000 m/s) is above the starting model's lowest velocity 1800 m/s" },
			{ new Object[] { "data", data, "model", ok, "bands", "10,5" }, "bands must increase (lowest first, 0 = full band last), got 10,5" },
			{ new Object[] { "data", data, "model", ok, "parameterization", "kl" }, "parameterization=kl is available for physics=helmholtz " +
				"only; physics=time inverts velocity pixels (parameterization=velocity)" },
			{ new Object[] { "data", data, "model", ok, "physics", "helmholtz" }, "data ('" + data.getTitle() + "') has memfwi.kind = " +
				"shot-gathers, expected helmholtz-data; give frequency-domain data made by forward physics=helmholtz" } };
		for (final Object[] b : fwiBad) {
			final CommandModule m = run(FwiCommand.class, (Object[]) b[0]);
			assertTrue(m.isCanceled(), "not refused: " + b[1]);
			assertTrue(m.getCancelReason().startsWith((String) b[1]), m.getCancelReason());
			CommandRunner.assertLoggedRefusal(output, m);
		}
	}
}
