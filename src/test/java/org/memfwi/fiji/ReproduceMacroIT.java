package org.memfwi.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.memfwi.core.posterior.EffectiveModes;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reproduce Paper Figure... from an ImageJ macro in a real ImageJ 1. */
class ReproduceMacroIT {

	@Test
	void macroReproducesTheEffectiveModesAndStylizedFigures(@TempDir final Path dir) throws Exception {
		final ImageJ1 ij = new ImageJ1(dir);
		final Path em = dir.resolve("em"), st = dir.resolve("st"), never = dir.resolve("never");
		final ImageJ1.Outcome o = ij.runMacro(
			"run(\"Reproduce Paper Figure...\", \"figure=effective-modes out=[" + em + "]\");\n" +
			"run(\"Reproduce Paper Figure...\", \"figure=stylized-1d out=[" + st + "]\");\n" +
			"print(\"done\");\n" +
			"run(\"Reproduce Paper Figure...\", \"figure=helmholtz-memorization n=1 out=[" + never + "]\");\n" +
			"print(\"macro went on\");\n");
		assertTrue(o.output.contains("done"), o.output);
		assertTrue(o.output.contains("n: every training-set size must be at least 2, got 1"), o.output);
		assertFalse(o.output.contains("macro went on"), o.output);
		assertFalse(never.toFile().exists());
		final List<String> lines = Files.readAllLines(em.resolve("effective-modes.csv"));
		assertEquals("sigma,N3,N5,N10,N20,N100", lines.get(0));
		assertEquals(71, lines.size());
		// full double precision: the sigma column parses back to the paper's sigmas exactly
		final double[] sigmas = EffectiveModes.paperSigmas();
		for (int j = 0; j < 70; j++) assertEquals(sigmas[j], Double.parseDouble(lines.get(j + 1).split(",")[0]), 0.0, "row " + j);
		final String[] last = lines.get(70).split(",");
		assertTrue(Double.parseDouble(last[5]) > 99 && Double.parseDouble(last[5]) <= 100, lines.get(70));
		assertTrue(Files.readAllLines(em.resolve("summary.csv")).stream().anyMatch(l -> l.startsWith("sigma_crit_N3,0.374991929")),
			"sigma_crit(3) = sqrt(3 * 0.3 / mean(1 + 0.9 x^2))");
		for (final String f : new String[] { "effective-modes.png", "summary.csv", "sigma-crit.csv" })
			assertTrue(Files.isRegularFile(em.resolve(f)), f + "\n" + o.output);
		for (final String f : new String[] { "stylized-1d.png", "components.csv", "curves.csv", "summary.csv" })
			assertTrue(Files.isRegularFile(st.resolve(f)), f + "\n" + o.output);
		assertEquals(1 + 3 * 5, Files.readAllLines(st.resolve("components.csv")).size());
	}
}
