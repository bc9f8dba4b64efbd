package org.memfwi.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stylized problem and the collapse sweep from ImageJ macros in a real ImageJ 1. */
class StylizedMacroIT {

	@Test
	void macrosRunBothCommandsAndBadInputStopsTheMacro(@TempDir final Path dir) throws Exception {
		final ImageJ1 ij = new ImageJ1(dir);
		final Path s = dir.resolve("stylized"), c = dir.resolve("sweep"), never = dir.resolve("never");
		final ImageJ1.Outcome o = ij.runMacro(
			"run(\"Stylized Problem...\", \"problem=2d sigma=0.3 out=[" + s + "]\");\n" +
			"print(\"images=\" + nImages);\n" +
			"run(\"Posterior Collapse Sweep...\", \"problem=1d sizes=5,20 sigmamin=0.05 sigmamax=0.5 steps=3 exact=true out=[" + c + "]\");\n" +
			"print(\"done\");\n" +
			"run(\"Stylized Problem...\", \"problem=1d sigma=0 out=[" + never + "]\");\n" +
			"print(\"macro went on\");\n");
		assertTrue(o.output.contains("done"), o.output);
		assertTrue(o.output.contains("sigma (noise level of the memorized prior) must be positive and finite, got 0.0"), o.output);
		assertFalse(o.output.contains("macro went on"), "the macro must stop at the error:\n" + o.output);
		assertFalse(never.toFile().exists());
		for (final String f : new String[] { "posterior.png", "components.csv", "summary.csv", "posterior-density.tif" })
			assertTrue(Files.isRegularFile(s.resolve(f)), f + "\n" + o.output);
		assertTrue(Files.readAllLines(s.resolve("summary.csv")).contains("problem,2d"));
		assertEquals(1 + 2 * 3, Files.readAllLines(c.resolve("collapse-sweep.csv")).size());
		assertTrue(Files.isRegularFile(c.resolve("collapse-sweep.png")));
	}
}
