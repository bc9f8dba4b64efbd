package org.memfwi.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;

import org.memfwi.commands.TimeDomainCommandsTest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.io.Opener;

/** Forward Model and Full Waveform Inversion from ImageJ macros in a real ImageJ 1. */
class TimeDomainMacroIT {

	private static Path saveModel(final Path dir, final String name, final float block) {
		final ImagePlus m = TimeDomainCommandsTest.model(24, 20, block);
		final Path p = dir.resolve(name);
		assertTrue(new FileSaver(m).saveAsTiff(p.toString()));
		return p;
	}

	@Test
	void forwardMacroWritesShotGathersWithTheAcquisition(@TempDir final Path dir) throws Exception {
		final Path model = saveModel(dir, "truth.tif", 250);
		final Path tif = dir.resolve("gathers.tif");
		final ImageJ1.Outcome o = new ImageJ1(dir).runMacro(
			"open(" + ImageJ1.quote(model) + ");\n" +
			"run(\"Forward Model...\", \"physics=time model=truth.tif sources=3 nt=300 noise=0.01 noisemode=relative seed=5\");\n" +
			"print(\"slices=\" + nSlices + \" height=\" + getHeight());\n" +
			"saveAs(\"Tiff\", " + ImageJ1.quote(tif) + ");\n");
		assertEquals(0, o.exitCode, o.output);
		assertTrue(o.output.contains("slices=3 height=300"), o.output);
		final ImagePlus d = new Opener().openTiff(dir + File.separator, "gathers.tif");
		assertEquals(24, d.getWidth());
		assertEquals("shot-gathers", d.getProp("memfwi.kind"));
		assertEquals("0,115,230", d.getProp("memfwi.src_x"));
	}

	@Test
	void fwiMacroInvertsAndStopsOnBadInput(@TempDir final Path dir) throws Exception {
		final Path truth = saveModel(dir, "truth.tif", 250);
		final Path start = saveModel(dir, "start.tif", 0);
		final Path out = dir.resolve("fwi-out");
		final ImageJ1.Outcome o = new ImageJ1(dir).runMacro(
			"open(" + ImageJ1.quote(truth) + ");\n" +
			"run(\"Forward Model...\", \"model=truth.tif nt=300 f0=20\");\n" +
			"rename(\"observed\");\n" +
			"open(" + ImageJ1.quote(start) + ");\n" +
			"run(\"Full Waveform Inversion...\", \"data=observed model=start.tif iterations=2 bands=0 out=[" + out + "]\");\n" +
			"print(\"done\");\n" +
			"run(\"Full Waveform Inversion...\", \"data=observed model=start.tif vmin=1900\");\n" +
			"print(\"macro went on\");\n");
		assertTrue(o.output.contains("done"), o.output);
		for (final String n : new String[] { "inverted-model.tif", "misfit.csv", "misfit.png", "summary.csv" })
			assertTrue(out.resolve(n).toFile().isFile(), n + "\n" + o.output);
		assertTrue(o.output.contains("vmin (1900 m/s) is above the starting model's lowest velocity 1800 m/s"), o.output);
		assertFalse(o.output.contains("macro went on"), o.output);
	}
}
