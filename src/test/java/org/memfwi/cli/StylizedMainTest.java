package org.memfwi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stylized and collapse-sweep commands on the command line. */
class StylizedMainTest {

	@Test
	void stylizedRunsWithProblemSigmaAndOutput(@TempDir final Path dir) throws Exception {
		final MainTest.Run r = new MainTest.Run("stylized", "problem=2d", "sigma=0.05", "out=" + dir, "--quiet");
		assertEquals(0, r.code, r.err);
		assertEquals("", r.err);
		final List<String> summary = Files.readAllLines(dir.resolve("summary.csv"));
		assertTrue(summary.contains("problem,2d"), summary.toString());
		assertTrue(summary.stream().anyMatch(l -> l.startsWith("l1_exact_vs_linearized,")));
		assertTrue(summary.stream().anyMatch(l -> l.startsWith("effective_modes,1.0000")), summary.toString());
		for (final String f : new String[] { "posterior.png", "components.csv", "posterior-density.tif" })
			assertTrue(new File(dir.toFile(), f).isFile(), f);
	}

	@Test
	void helpListsTheParameters() {
		final MainTest.Run top = new MainTest.Run("--help");
		assertTrue(top.out.contains("stylized") && top.out.contains("collapse-sweep"), top.out);
		final MainTest.Run s = new MainTest.Run("stylized", "--help");
		for (final String key : new String[] { "problem", "sigma", "gamma", "data", "out" })
			assertTrue(s.out.contains("\n  " + key), "help lacks " + key + ":\n" + s.out);
		final MainTest.Run c = new MainTest.Run("collapse-sweep", "--help");
		for (final String key : new String[] { "problem", "sizes", "sigmamin", "sigmamax", "steps", "seed", "exact" })
			assertTrue(c.out.contains("\n  " + key), "help lacks " + key + ":\n" + c.out);
	}

	@Test
	void badInputGivesOneLineExitOneAndWritesNothing(@TempDir final Path dir) {
		final String[][] bad = {
			{ "stylized", "sigma=0", "sigma (noise level of the memorized prior) must be positive and finite, got 0.0" },
			{ "stylized", "sigma=-0.1", "must be positive and finite, got -0.1" },
			{ "stylized", "gamma=-1", "gamma (noise standard deviation of the data) must be positive and finite, got -1.0" },
			{ "stylized", "data=NaN", "data: 'NaN' is not a finite number" },
			{ "stylized", "problem=3d", "problem '3d' is unknown; use one of: 1d, 2d" },
			{ "collapse-sweep", "sizes=0,5", "sizes: N = 0 makes an empty training set" },
			{ "collapse-sweep", "sizes=five", "sizes: 'five' is not a whole number" },
			{ "collapse-sweep", "sigmamin=0", "sigma range [0.0, 1.0] is invalid" } };
		for (final String[] b : bad) {
			final File out = dir.resolve("out-" + b[0] + b[1].replace('=', '_')).toFile();
			final MainTest.Run r = new MainTest.Run(b[0], b[1], "out=" + out);
			assertEquals(1, r.code, b[1]);
			assertEquals(1, r.err.trim().split("\n").length, "one line: " + r.err);
			assertTrue(r.err.startsWith("error: ") && r.err.contains(b[2]), b[1] + " -> " + r.err);
			assertFalse(out.exists(), "nothing written for " + b[1]);
		}
	}
}
