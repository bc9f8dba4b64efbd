package org.memfwi.commands;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

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
import ij.measure.Calibration;

/** The generator through the SciJava framework, as Fiji runs it. */
class GenerateModelsCommandTest {

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

	private static CommandModule run(final Object... keyValues) throws Exception {
		final Map<String, Object> in = new HashMap<>();
		for (int i = 0; i < keyValues.length; i += 2) in.put((String) keyValues[i], keyValues[i + 1]);
		return commands.run(GenerateModelsCommand.class, true, in).get();
	}

	@Test
	void returnsACalibratedStackReproducibleBySeed() throws Exception {
		final CommandModule m = run("family", "curvedfault", "n", 4, "seed", 11L, "nx", 40, "nz", 30, "dx", 12.5,
			"vmin", 2000.0, "vmax", 4000.0);
		assertFalse(m.isCanceled(), m.getCancelReason());
		final ImagePlus imp = (ImagePlus) m.getOutput("models");
		assertEquals(40, imp.getWidth());
		assertEquals(30, imp.getHeight());
		assertEquals(4, imp.getStackSize());
		assertEquals(32, imp.getBitDepth());
		final Calibration c = imp.getCalibration();
		assertEquals(12.5, c.pixelWidth, 0);
		assertEquals(12.5, c.pixelHeight, 0);
		assertEquals("m", c.getUnit());
		assertEquals("m/s", c.getValueUnit());
		for (int s = 1; s <= 4; s++)
			for (final float v : (float[]) imp.getStack().getPixels(s)) assertTrue(v >= 2000 && v <= 4000, "velocity " + v);
		assertEquals("curvedfault", imp.getProp("memfwi.family"));

		final ImagePlus again = (ImagePlus) run("family", "curvedfault", "n", 4, "seed", 11L, "nx", 40, "nz", 30, "dx", 12.5,
			"vmin", 2000.0, "vmax", 4000.0).getOutput("models");
		final ImagePlus other = (ImagePlus) run("family", "curvedfault", "n", 4, "seed", 12L, "nx", 40, "nz", 30, "dx", 12.5,
			"vmin", 2000.0, "vmax", 4000.0).getOutput("models");
		for (int s = 1; s <= 4; s++) {
			assertArrayEquals((float[]) imp.getStack().getPixels(s), (float[]) again.getStack().getPixels(s));
			assertFalse(Arrays.equals((float[]) imp.getStack().getPixels(s), (float[]) other.getStack().getPixels(s)));
		}
	}

	@Test
	void badInputCancelsWithTheParameterNamed(final CapturedOutput output) throws Exception {
		final CommandModule m = run("n", 0);
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason().contains("n (number of models) must be at least 1"), m.getCancelReason());
		assertNull(m.getOutput("models"));
		CommandRunner.assertLoggedRefusal(output, m);
		final CommandModule v = run("vmin", 5000.0, "vmax", 4000.0);
		assertTrue(v.isCanceled());
		assertTrue(v.getCancelReason().startsWith("vmin (5000.0 m/s) must be less than vmax"), v.getCancelReason());
		CommandRunner.assertLoggedRefusal(output, v);
	}

	@Test
	void writesATiffThatKeepsCalibrationWhenGivenAnOutputFolder(@TempDir final Path dir) throws Exception {
		final File out = dir.resolve("models-out").toFile();
		final CommandModule m = run("n", 3, "out", out);
		assertFalse(m.isCanceled(), m.getCancelReason());
		final File tif = new File(out, "models.tif");
		assertTrue(tif.isFile());
		final ImagePlus back = new Opener().openTiff(out.getPath() + File.separator, "models.tif");
		assertEquals(3, back.getStackSize());
		assertEquals(10, back.getCalibration().pixelWidth, 0);
		assertEquals("m/s", back.getCalibration().getValueUnit());
		assertEquals("flat", back.getProp("memfwi.family"));
		try (Stream<Path> files = Files.list(out.toPath())) {
			assertEquals(1, files.count(), "only models.tif, no temporary leftovers");
		}
	}
}
