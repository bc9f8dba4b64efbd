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
import ij.ImageStack;

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

	@Test
	void pmlWidthIsAKeyOfItsOwn(@TempDir final Path dir, final CapturedOutput output) throws Exception {
		final ImagePlus model = paperModels(1, 7);
		final CommandModule m = runner.run(ForwardCommand.class, "physics", "helmholtz", "model", model, "preset", "paper-64", "pml", 12,
			"pmldamping", 80.0, "out", dir.resolve("f").toFile());
		assertFalse(m.isCanceled(), m.getCancelReason());
		final ImagePlus d = (ImagePlus) m.getOutput("data");
		assertEquals("12", d.getProp("memfwi.pml"));
		assertEquals(80, Double.parseDouble(d.getProp("memfwi.sigma")), 1e-12);
		final CommandModule plain = runner.run(ForwardCommand.class, "physics", "helmholtz", "model", HelmholtzCommandsTest.model("m", 0),
			"pml", 7, "cpml", 20, "out", dir.resolve("p").toFile());
		assertFalse(plain.isCanceled(), plain.getCancelReason());
		assertEquals("7", ((ImagePlus) plain.getOutput("data")).getProp("memfwi.pml"));
		final CommandModule bad = runner.run(ForwardCommand.class, "physics", "time", "model", HelmholtzCommandsTest.model("m", 0),
			"pml", 7, "out", dir.resolve("never").toFile());
		assertTrue(bad.isCanceled());
		assertEquals("pml applies to physics=helmholtz only; for physics=time set the CPML width with cpml", bad.getCancelReason());
		CommandRunner.assertLoggedRefusal(output, bad);
	}

	@Test
	void presetGivesBareDataThePapersGeometryAndChecksRecordedData(@TempDir final Path dir, final CapturedOutput output)
		throws Exception {
		final ImagePlus training = paperModels(3, 3), truth = paperModels(1, 11);
		final CommandModule f = runner.run(ForwardCommand.class, "physics", "helmholtz", "model", truth, "preset", "paper-64",
			"out", dir.resolve("f").toFile());
		assertFalse(f.isCanceled(), f.getCancelReason());
		final ImagePlus recorded = (ImagePlus) f.getOutput("data");
		// the same values without any property, as the paper's d_obs would come in: real and imaginary slices
		final ImageStack st = new ImageStack(recorded.getWidth(), recorded.getHeight());
		st.addSlice("re", recorded.getStack().getProcessor(1).duplicate());
		st.addSlice("im", recorded.getStack().getProcessor(2).duplicate());
		final ImagePlus bare = new ImagePlus("d_obs", st);
		final File a = dir.resolve("a").toFile(), b = dir.resolve("b").toFile();
		final CommandModule ra = runner.run(PosteriorReweightedCommand.class, "training", training, "data", recorded, "preset",
			"paper-64", "out", a);
		assertFalse(ra.isCanceled(), ra.getCancelReason());
		final CommandModule rb = runner.run(PosteriorReweightedCommand.class, "training", training, "data", bare, "preset", "paper-64",
			"out", b);
		assertFalse(rb.isCanceled(), rb.getCancelReason());
		final Map<String, String> sa = StylizedCommandTest.summary(a.toPath().resolve("summary.csv")),
			sb = StylizedCommandTest.summary(b.toPath().resolve("summary.csv"));
		// the recorded noise is 0.05 max|d| / sqrt(2) of the noisy data, the forward's of the clean ones: close, not equal
		final double ga = Double.parseDouble(recorded.getProp("memfwi.noise")), gb = Double.parseDouble(sb.get("noise"));
		assertEquals(ga, Double.parseDouble(sa.get("noise")), 1e-12 * ga);
		assertEquals(ga, gb, 0.2 * ga, sa + " " + sb);
		assertTrue(gb != ga, "the bare data's noise level is estimated from them");
		final CommandModule rc = runner.run(PosteriorReweightedCommand.class, "training", training, "data", bare, "preset", "paper-64",
			"noise", ga, "out", dir.resolve("c").toFile());
		assertFalse(rc.isCanceled(), rc.getCancelReason());
		assertEquals(Files.readAllLines(a.toPath().resolve("weights.csv")), Files.readAllLines(dir.resolve("c/weights.csv")));
		final CommandModule other = runner.run(ForwardCommand.class, "physics", "helmholtz", "model", truth, "frequencies", "5",
			"cpml", 10, "out", dir.resolve("o").toFile());
		final CommandModule bad = runner.run(PosteriorReweightedCommand.class, "training", training, "data", other.getOutput("data"),
			"preset", "paper-64", "noise", 1.0, "out", dir.resolve("never").toFile());
		assertTrue(bad.isCanceled());
		assertTrue(bad.getCancelReason().startsWith("preset=paper-64 wants the paper's geometry, but data ("), bad.getCancelReason());
		assertTrue(bad.getCancelReason().contains("have frequencies 5 Hz, the preset 4 Hz"), bad.getCancelReason());
		CommandRunner.assertLoggedRefusal(output, bad);
		final CommandModule fwi = runner.run(FwiCommand.class, "physics", "helmholtz", "data", bare, "model", paperModels(1, 3),
			"preset", "paper-64", "iterations", 1, "vmin", 1000.0, "vmax", 4000.0, "out", dir.resolve("fwi").toFile());
		assertFalse(fwi.isCanceled(), fwi.getCancelReason());
		final CommandModule fwiBad = runner.run(FwiCommand.class, "physics", "time", "data", bare, "model", paperModels(1, 3),
			"preset", "paper-64", "out", dir.resolve("never2").toFile());
		assertTrue(fwiBad.isCanceled());
		assertTrue(fwiBad.getCancelReason().startsWith("preset=paper-64 is the paper's frequency-domain geometry"), fwiBad.getCancelReason());
		CommandRunner.assertLoggedRefusal(output, fwiBad);
	}

	/** n models of the paper's GRF on its 64 x 64 grid. */
	private static ImagePlus paperModels(final int n, final long seed) throws Exception {
		final CommandModule g = runner.run(GenerateModelsCommand.class, "family", "grf", "convention", "mempost", "n", n, "nx", 64,
			"nz", 64, "dx", 31.25, "vmin", 1500.0, "vmax", 3000.0, "seed", seed);
		assertFalse(g.isCanceled(), g.getCancelReason());
		return (ImagePlus) g.getOutput("models");
	}
}
