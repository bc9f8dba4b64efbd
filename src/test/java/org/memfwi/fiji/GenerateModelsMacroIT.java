package org.memfwi.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.io.Opener;

/** The generator from an ImageJ macro in a real ImageJ 1, through the plugins.config menu entry. */
class GenerateModelsMacroIT {

	@Test
	void macroRunsTheMenuCommandAndSavesACalibratedStack(@TempDir final Path dir) throws Exception {
		final ImageJ1 ij = new ImageJ1(dir);
		final Path tif = dir.resolve("curved.tif");
		final ImageJ1.Outcome o = ij.runMacro(
			"run(\"Generate Training Models...\", \"family=curved n=3 seed=7 nx=32 nz=24 dx=5 vmin=1800 vmax=3600\");\n" +
			"print(\"slices=\" + nSlices);\n" +
			"saveAs(\"Tiff\", " + ImageJ1.quote(tif) + ");\n");
		assertEquals(0, o.exitCode, o.output);
		assertTrue(o.output.contains("slices=3"), o.output);
		final ImagePlus imp = new Opener().openTiff(dir + File.separator, "curved.tif");
		assertEquals(32, imp.getWidth());
		assertEquals(24, imp.getHeight());
		assertEquals(3, imp.getStackSize());
		assertEquals(5, imp.getCalibration().pixelWidth, 0);
		assertEquals("m", imp.getCalibration().getUnit());
		assertEquals("m/s", imp.getCalibration().getValueUnit());
		for (int s = 1; s <= 3; s++)
			for (final float v : (float[]) imp.getStack().getPixels(s)) assertTrue(v >= 1800 && v <= 3600, "velocity " + v);
	}

	@Test
	void badInputInAMacroGivesOneMessageAndNoImage(@TempDir final Path dir) throws Exception {
		final ImageJ1 ij = new ImageJ1(dir);
		final Path out = dir.resolve("never");
		final ImageJ1.Outcome o = ij.runMacro(
			"run(\"Generate Training Models...\", \"n=0 out=" + out + "\");\n" +
			"print(\"macro went on\");\n");
		assertTrue(o.output.contains("n = 0 is too small"), o.output);
		assertFalse(o.output.contains("macro went on"), "the macro must stop at the error:\n" + o.output);
		assertFalse(out.toFile().exists());
	}
}
