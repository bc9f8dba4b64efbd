package org.memfwi.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.memfwi.testing.CapturedOutput;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import ij.ImagePlus;
import ij.io.Opener;

/** The stylized-problem and collapse-sweep commands through the SciJava framework, as Fiji runs them. */
class StylizedCommandTest {

	private static Context context;
	private static CommandService commands;

	@BeforeAll
	static void start() {
		context = new Context(CommandService.class);
		commands = context.service(CommandService.class);
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

	/** metric -> value from a summary.csv. */
	static Map<String, String> summary(final Path file) throws Exception {
		final Map<String, String> m = new HashMap<>();
		final List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
		assertEquals("metric,value", lines.get(0));
		for (final String l : lines.subList(1, lines.size())) {
			final String[] kv = l.split(",", 2);
			m.put(kv[0], kv[1]);
		}
		return m;
	}

	@Test
	void oneDimensionalProblemWritesThePlotTablesAndCurves(@TempDir final Path dir) throws Exception {
		final File out = dir.resolve("s1").toFile();
		final CommandModule m = run(StylizedCommand.class, "problem", "1d", "sigma", 0.05, "out", out);
		assertFalse(m.isCanceled(), m.getCancelReason());
		final ImagePlus plot = (ImagePlus) m.getOutput("plot");
		assertNotNull(plot);
		assertEquals(ImagePlus.COLOR_RGB, plot.getType());
		for (final String f : new String[] { "posterior.png", "components.csv", "summary.csv", "curves.csv" })
			assertTrue(new File(out, f).isFile(), f);
		final Map<String, String> s = summary(out.toPath().resolve("summary.csv"));
		for (final String k : new String[] { "l1_exact_vs_linearized", "l1_exact_vs_reweighted", "ess", "effective_modes" })
			assertTrue(s.containsKey(k), k);
		// At sigma = 0.05 the linearized posterior is close to exact (L1 3.6e-3) and has two modes, at -0.4 and 0.4.
		assertTrue(Double.parseDouble(s.get("l1_exact_vs_linearized")) < 4e-3, s.toString());
		assertEquals(2, Double.parseDouble(s.get("effective_modes")), 1e-3);
		assertEquals("1d", s.get("problem"));
		final List<String> comps = Files.readAllLines(out.toPath().resolve("components.csv"));
		assertEquals("index,x1,misfit,mu1,cov11,weight,weight_exact,weight_reweighted", comps.get(0));
		assertEquals(6, comps.size());
		assertTrue(comps.get(1).startsWith("1,-1.5,"), comps.get(1));
	}

	@Test
	void twoDimensionalProblemWritesACalibratedDensityImage(@TempDir final Path dir) throws Exception {
		final File out = dir.resolve("s2").toFile();
		final CommandModule m = run(StylizedCommand.class, "problem", "2d", "sigma", 0.3, "out", out);
		assertFalse(m.isCanceled(), m.getCancelReason());
		final ImagePlus d = new Opener().openTiff(out.getPath() + File.separator, "posterior-density.tif");
		assertEquals(2, d.getStackSize());
		assertEquals("exact posterior", d.getStack().getSliceLabel(1));
		assertTrue(d.getCalibration().pixelWidth > 0 && d.getCalibration().pixelWidth < 0.3 / 6 + 1e-12);
		assertEquals("0.3", d.getProp("memfwi.sigma"));
		// The density integrates to 1 over the image.
		double sum = 0;
		for (final float v : (float[]) d.getStack().getPixels(1)) sum += v;
		assertEquals(1, sum * d.getCalibration().pixelWidth * d.getCalibration().pixelHeight, 1e-5);
		final Map<String, String> s = summary(out.toPath().resolve("summary.csv"));
		assertTrue(Double.parseDouble(s.get("l1_exact_vs_linearized")) < 0.07, s.toString());
		assertEquals("2d", s.get("problem"));
		assertEquals("index,x1,x2,misfit,mu1,mu2,cov11,cov12,cov22,weight,weight_exact,weight_reweighted",
			Files.readAllLines(out.toPath().resolve("components.csv")).get(0));
	}

	@Test
	void badInputCancelsWithOneMessageAndWritesNothing(@TempDir final Path dir, final CapturedOutput output) throws Exception {
		final Object[][] bad = {
			{ "sigma", 0.0, "sigma (noise level of the memorized prior) must be positive and finite, got 0.0" },
			{ "sigma", -1.0, "sigma (noise level of the memorized prior) must be positive and finite, got -1.0" },
			{ "gamma", 0.0, "gamma (noise standard deviation of the data) must be positive and finite, got 0.0" },
			{ "data", "NaN", "data: 'NaN' is not a finite number" },
			{ "data", "1,2", "data for the 1d problem must have 1 value, got 2" },
			{ "data", "zero", "data: 'zero' is not a number" } };
		for (final Object[] b : bad) {
			final File out = dir.resolve("never-" + b[0]).toFile();
			final CommandModule m = run(StylizedCommand.class, b[0], b[1], "out", out);
			assertTrue(m.isCanceled(), b[0] + "=" + b[1]);
			assertTrue(m.getCancelReason().startsWith((String) b[2]), m.getCancelReason());
			CommandRunner.assertLoggedRefusal(output, m);
			assertNull(m.getOutput("plot"));
			assertFalse(out.exists());
		}
		final File out = dir.resolve("never-sizes").toFile();
		final CommandModule m = run(CollapseSweepCommand.class, "sizes", "5,0", "out", out);
		assertTrue(m.isCanceled());
		assertEquals("sizes: N = 0 makes an empty training set; every size must be at least 1", m.getCancelReason());
		CommandRunner.assertLoggedRefusal(output, m);
		assertFalse(out.exists());
	}

	@Test
	void collapseSweepWritesTableAndPlot(@TempDir final Path dir) throws Exception {
		final File out = dir.resolve("sweep").toFile();
		final CommandModule m = run(CollapseSweepCommand.class, "problem", "1d", "sizes", "5,40", "sigmamin", 0.02, "sigmamax", 1.0,
			"steps", 5, "out", out);
		assertFalse(m.isCanceled(), m.getCancelReason());
		assertNotNull(m.getOutput("plot"));
		final List<String> rows = Files.readAllLines(out.toPath().resolve("collapse-sweep.csv"));
		assertEquals("n,sigma,effective_modes,ess,effective_modes_reweighted,ess_reweighted,effective_modes_exact", rows.get(0));
		assertEquals(1 + 2 * 5, rows.size());
		assertTrue(rows.get(1).startsWith("5,0.02,"), rows.get(1));
		assertTrue(new File(out, "collapse-sweep.png").isFile());
		// N = 5 at the smallest sigma: the two points -0.4 and 0.4 share the posterior.
		assertEquals(2, Double.parseDouble(rows.get(1).split(",")[2]), 0.01);
	}
}
