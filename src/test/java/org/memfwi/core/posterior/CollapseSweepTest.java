package org.memfwi.core.posterior;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.memfwi.core.progress.Progress;
import org.memfwi.core.util.Table;

import org.junit.jupiter.api.Test;

class CollapseSweepTest {

	private static double at(final Table t, final int n, final double sigma, final String col) {
		for (int r = 0; r < t.rowCount(); r++)
			if (t.number(r, "n") == n && t.number(r, "sigma") == sigma) return t.number(r, col);
		throw new AssertionError("no row n = " + n + ", sigma = " + sigma);
	}

	@Test
	void modesCollapseAsSigmaAndNShrink() {
		final StylizedProblem p = StylizedProblem.of("2d");
		final double[] sigmas = { 1e-5, 0.05, 0.3, 1 };
		final Table t = CollapseSweep.run(p.likelihood(), p.training(60, 1),
			CollapseSweep.Settings.of().withSizes(5, 60).withSigmas(sigmas).withMaxCells(600).validate(), Progress.NONE);
		assertEquals(Arrays.asList(CollapseSweep.COLUMNS), t.columns());
		assertEquals(8, t.rowCount());
		for (final int n : new int[] { 5, 60 }) {
			// sigma -> 0: the reweighted training set.
			assertEquals(at(t, n, 1e-5, "effective_modes_reweighted"), at(t, n, 1e-5, "effective_modes"), 1e-6);
			// Linearized against exact (quadrature) component weights, close at small sigma (measured: 4.4072 vs 4.4052 for N = 60).
			final double exact = at(t, n, 0.05, "effective_modes_exact");
			assertEquals(exact, at(t, n, 0.05, "effective_modes"), 1e-3 * exact);
			assertTrue(at(t, n, 1, "effective_modes") > at(t, n, 0.05, "effective_modes"), "more modes at larger sigma, N = " + n);
		}
		assertTrue(at(t, 60, 0.3, "effective_modes") > at(t, 5, 0.3, "effective_modes"), "more modes with more training points");
		// The paper's five points: essentially one mode (near the truth (1.4, 0) only (2, 0) fits) at small sigma.
		assertEquals(1, at(t, 5, 1e-5, "effective_modes"), 1e-3);
	}

	@Test
	void logSpacedSigmasAndBadSizes() {
		final double[] s = CollapseSweep.logSpaced(0.01, 1, 3);
		assertEquals(0.01, s[0], 0);
		assertEquals(0.1, s[1], 1e-15);
		assertEquals(1, s[2], 0);
		assertEquals("sizes: N = 0 makes an empty training set; every size must be at least 1",
			assertThrows(IllegalArgumentException.class, () -> CollapseSweep.Settings.of().withSizes(5, 0).validate()).getMessage());
		final StylizedProblem p = StylizedProblem.of("1d");
		assertEquals("sizes: N = 9 exceeds the 5 training models available", assertThrows(IllegalArgumentException.class,
			() -> CollapseSweep.run(p.likelihood(), p.paperTraining(), CollapseSweep.Settings.of().withSizes(9).validate(), Progress.NONE))
			.getMessage());
		assertTrue(assertThrows(IllegalArgumentException.class, () -> CollapseSweep.logSpaced(0, 1, 3)).getMessage()
			.contains("need 0 < sigmamin <= sigmamax"));
	}
}
