package org.memfwi.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.memfwi.core.posterior.EffectiveModes;
import org.memfwi.core.progress.Progress;
import org.memfwi.testing.CapturedOutput;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.scijava.command.CommandModule;

import ij.ImagePlus;

/** The paper's options on the commands, as Fiji runs them (reproduce itself: ReproduceMacroIT). */
class PaperOptionsTest {

	private static CommandRunner runner;

	@BeforeAll
	static void start() {
		runner = new CommandRunner();
	}

	@AfterAll
	static void stop() {
		runner.close();
	}

	@Test
	void collapseSweepOnThePaperPoolAgreesWithTheFigure(@TempDir final Path dir) throws Exception {
		final File out = dir.resolve("cs").toFile();
		final CommandModule m = runner.run(CollapseSweepCommand.class, "problem", "1d", "points", "paper-pool", "sizes", "3,10",
			"sigmamin", 0.05, "sigmamax", 2.0, "steps", 2, "y", "0", "out", out);
		assertFalse(m.isCanceled(), m.getCancelReason());
		final List<String> lines = Files.readAllLines(out.toPath().resolve("collapse-sweep.csv"));
		assertEquals(5, lines.size());
		final EffectiveModes.Result r = new EffectiveModes(EffectiveModes.paperPool(), new int[] { 3, 10 }, new double[] { 0.05, 2 },
			0, 0.3).run(1500, 1, Progress.NONE);
		final int col = Arrays.asList(lines.get(0).split(",")).indexOf("effective_modes_exact");
		for (int row = 0; row < 4; row++)
			assertEquals(r.modes()[row / 2][row % 2], Double.parseDouble(lines.get(row + 1).split(",")[col]), 1e-8 * r.modes()[row / 2][row % 2],
				lines.get(row + 1));
	}

	@Test
	void stylizedTakesPointsAndThePapersWeights(@TempDir final Path dir) throws Exception {
		final File out = dir.resolve("st").toFile();
		final CommandModule m = runner.run(StylizedCommand.class, "problem", "2d", "sigma", 0.5, "points", "2:0, -1:1.5, 0.5:-2",
			"weights", "mempost", "out", out);
		assertFalse(m.isCanceled(), m.getCancelReason());
		final Map<String, String> s = StylizedCommandTest.summary(out.toPath().resolve("summary.csv"));
		assertEquals("mempost", s.get("weights"));
		assertEquals("3", s.get("n"));
		final List<String> comps = Files.readAllLines(out.toPath().resolve("components.csv"));
		assertEquals(4, comps.size());
		// weights=mempost: the linearized posterior's weight column is the paper code's
		for (int i = 1; i < 4; i++) {
			final String[] c = comps.get(i).split(",");
			assertEquals(c[9], c[12], comps.get(i));
		}
		assertTrue(comps.get(2).startsWith("2,-1,1.5,"), comps.get(2));
	}

	@Test
	void badPointsNameTheFormat(@TempDir final Path dir, final CapturedOutput output) throws Exception {
		final CommandModule m = runner.run(StylizedCommand.class, "problem", "1d", "points", "1:2", "out", dir.resolve("x").toFile());
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason().contains("points: '1:2' has 2 coordinates, the 1d problem needs 1"), m.getCancelReason());
		CommandRunner.assertLoggedRefusal(output, m);
		assertFalse(dir.resolve("x").toFile().exists());
	}

	@Test
	void generateModelsInThePapersConvention(@TempDir final Path dir, final CapturedOutput output) throws Exception {
		final File out = dir.resolve("g").toFile();
		final CommandModule m = runner.run(GenerateModelsCommand.class, "family", "grf", "convention", "mempost", "n", 3, "nx", 16,
			"nz", 16, "dx", 125.0, "vmin", 1500.0, "vmax", 3000.0, "out", out);
		assertFalse(m.isCanceled(), m.getCancelReason());
		final ImagePlus models = (ImagePlus) m.getOutput("models");
		assertEquals(3, models.getStackSize());
		assertEquals("mempost", models.getProp("memfwi.convention"));
		final CommandModule bad = runner.run(GenerateModelsCommand.class, "family", "grf", "convention", "mempost", "nx", 15, "nz", 16,
			"out", dir.resolve("never").toFile());
		assertTrue(bad.isCanceled());
		assertTrue(bad.getCancelReason().contains("square grid of even side"), bad.getCancelReason());
		CommandRunner.assertLoggedRefusal(output, bad);
	}

	@Test
	void forwardWithThePaper64Geometry(@TempDir final Path dir, final CapturedOutput output) throws Exception {
		final CommandModule g = runner.run(GenerateModelsCommand.class, "family", "grf", "convention", "mempost", "n", 1, "nx", 64,
			"nz", 64, "dx", 31.25, "vmin", 1500.0, "vmax", 3000.0);
		final ImagePlus model = (ImagePlus) g.getOutput("models");
		final CommandModule m = runner.run(ForwardCommand.class, "physics", "helmholtz", "model", model, "preset", "paper-64",
			"out", dir.resolve("f").toFile());
		assertFalse(m.isCanceled(), m.getCancelReason());
		final ImagePlus d = (ImagePlus) m.getOutput("data");
		assertEquals("10", d.getProp("memfwi.pml"));
		assertEquals(100, Double.parseDouble(d.getProp("memfwi.sigma")), 1e-12);
		assertEquals(40, d.getWidth());
		assertEquals(5, d.getHeight());
		final CommandModule bad = runner.run(ForwardCommand.class, "physics", "helmholtz", "model", model, "preset", "paper-200",
			"out", dir.resolve("never").toFile());
		assertTrue(bad.isCanceled());
		assertTrue(bad.getCancelReason().contains("preset=paper-200 is for 200 x 200 cells"), bad.getCancelReason());
		CommandRunner.assertLoggedRefusal(output, bad);
	}
}
