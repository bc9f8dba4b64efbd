package org.memfwi.core.wave;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.memfwi.core.grid.Grid2D;
import org.memfwi.core.progress.Progress;

/** The fast float propagator against the double-precision reference scheme, and thread-count independence. */
class PropagatorTest {

	private static double maxAbs(final double[][] a) {
		double m = 0;
		for (final double[] r : a) for (final double v : r) m = Math.max(m, Math.abs(v));
		return m;
	}

	private static double maxDiff(final float[][] a, final double[][] b) {
		double m = 0;
		for (int i = 0; i < a.length; i++) for (int j = 0; j < a[i].length; j++) m = Math.max(m, Math.abs(a[i][j] - b[i][j]));
		return m;
	}

	private static double relDiff(final double[] a, final double[] b) {
		double num = 0, den = 0;
		for (int i = 0; i < a.length; i++) {
			num = Math.max(num, Math.abs(a[i] - b[i]));
			den = Math.max(den, Math.abs(b[i]));
		}
		return num / den;
	}

	@ParameterizedTest
	@CsvSource({ "8, 6, false, 1.0e-3, 23", "8, 5, true, 1.0e-3, 23", "4, 4, false, 1.0e-3, 23", "2, 4, true, 1.0e-3, 23",
		"8, 0, false, 1.0e-3, 23", "8, 5, true, 2.5e-3, 23", "8, 4, false, 1.0e-3, 90", "8, 3, true, 1.0e-3, 90", "8, 6, false, 1.0e-3, 5" })
	void fastKernelMatchesTheReferenceStepper(final int order, final int cpml, final boolean fs, final double dt, final int nx) {
		// nx = 90 also puts several shots side by side in one batch row; nx = 5 is too narrow for two separate x
		// strips (one strip spans the width) and gives lanes of 4 columns (cells with two ghost copies).
		final Grid2D grid = new Grid2D(nx, 19, 10);
		final WaveSetup s = Surveys.small(grid, order, cpml, fs, 150, dt, 20, 3000);
		final double[] v = Surveys.model(grid, 1800, 3000, 3);
		final double[][] ref = new ReferenceStepper(s).forward(v, Progress.NONE);
		final Propagator fast = new Propagator(s);
		final float[][] f = fast.forward(v, 1, Progress.NONE);
		final double scale = maxAbs(ref);
		assertTrue(scale > 0);
		assertTrue(maxDiff(f, ref) < 2e-5 * scale, "fast vs reference: max difference " + maxDiff(f, ref) + " of max " + scale);
		// Both forward layouts in pure Java (the row-major one is what the vector kernel runs).
		for (final boolean rowMajor : new boolean[] { false, true }) {
			final float[][] fl = new Propagator(s, Propagator.DEFAULT_GRADIENT_MEMORY, true, Kernel.JAVA, rowMajor).forward(v, 1, Progress.NONE);
			assertTrue(maxDiff(fl, ref) < 2e-5 * scale, (rowMajor ? "row-major" : "lane-transposed") + " pure Java vs reference: " +
				maxDiff(fl, ref) + " of max " + scale);
		}
		// Born and the adjoint gradient agree with the double-precision ones to float accuracy.
		final double[] dv = Surveys.random(grid.size(), 4);
		final double[][] bornRef = new ReferenceStepper(s).born(v, dv, Progress.NONE);
		final float[][] born = fast.born(v, dv, 1, Progress.NONE);
		assertTrue(maxDiff(born, bornRef) < 1e-4 * maxAbs(bornRef), "Born: " + maxDiff(born, bornRef) + " of " + maxAbs(bornRef));
		final double[][] w = new double[f.length][];
		final float[][] wf = new float[f.length][];
		for (int i = 0; i < w.length; i++) {
			w[i] = Surveys.random(s.gatherSize(), 20 + i);
			wf[i] = Surveys.toFloat(w[i]);
		}
		final double[] gRef = new ReferenceStepper(s).adjoint(v, w, Progress.NONE);
		final double[] gFast = fast.adjoint(v, wf, null, 1, Progress.NONE);
		assertTrue(relDiff(gFast, gRef) < 1e-4, "adjoint: relative difference " + relDiff(gFast, gRef));
	}

	@Test
	void resultsAreBitwiseIdenticalForOneAndTwoThreads() {
		// Two shots and two threads: one shot per thread. One larger shot: two threads split its rows (see
		// Propagator.plan). Both with a free surface.
		final WaveSetup two = Surveys.small(new Grid2D(160, 120, 10), 8, 10, true, 90, 1e-3, 20, 3000);
		assertArrayEquals(new int[] { 1, 2, 1 }, new Propagator(two).plan(2));
		checkThreadCounts(two, 7);
		final Grid2D grid = new Grid2D(200, 150, 10);
		final WaveSetup one = new WaveSetup(grid, new Acquisition(new double[] { 523 }, new double[] { 207 }, new double[] { 0, 610, 1990 },
			new double[] { 15, 0, 1170 }), Wavelet.ricker(20, Wavelet.defaultDelay(20), 1e-3, 90), WaveSettings.DEFAULT.withCpml(10)
				.withFreeSurface(true), 1000, 3000, Progress.NONE);
		assertArrayEquals(new int[] { 1, 1, 2 }, new Propagator(one).plan(2));
		checkThreadCounts(one, 9);
		// Three shots that fit one batch on two threads: one batch, its rows split (batches of 2 and 1 would leave the
		// threads idle a quarter of the time), in the row-major layout; the lane-transposed layout (pure Java) runs
		// batches of 2 and 1, since its team scales badly. Four shots: two batches of two; nine: batches of 5 and 4
		// (idle a tenth).
		final Grid2D g3 = new Grid2D(150, 120, 10);
		final double[] xs = { 100, 700, 1300 }, zs = { 20, 20, 20 };
		final WaveSetup three = new WaveSetup(g3, new Acquisition(xs, zs, new double[] { 0, 740, 1490 }, new double[] { 10, 10, 10 }),
			Wavelet.ricker(20, Wavelet.defaultDelay(20), 1e-3, 90), WaveSettings.DEFAULT.withCpml(10), 1000, 3000, Progress.NONE);
		assertArrayEquals(new int[] { 3, 1, 2 }, new Propagator(three, Propagator.DEFAULT_GRADIENT_MEMORY, true, Kernel.JAVA, true).plan(2));
		assertArrayEquals(new int[] { 2, 2, 1 }, new Propagator(three, Propagator.DEFAULT_GRADIENT_MEMORY, true, Kernel.JAVA, false).plan(2));
		checkThreadCounts(three, 10);
		final WaveSetup four = new WaveSetup(g3, new Acquisition(new double[] { 100, 500, 900, 1300 }, new double[] { 20, 20, 20, 20 },
			new double[] { 0, 740, 1490 }, new double[] { 10, 10, 10 }), Wavelet.ricker(20, Wavelet.defaultDelay(20), 1e-3, 90),
			WaveSettings.DEFAULT.withCpml(10), 1000, 3000, Progress.NONE);
		assertArrayEquals(new int[] { 2, 2, 1 }, new Propagator(four).plan(2));
		// (Nine shots on a grid narrow enough for one batch, where a team could take both threads.)
		final Grid2D g9 = new Grid2D(48, 120, 10);
		final double[] x9 = new double[9], z9 = new double[9];
		for (int i = 0; i < 9; i++) {
			x9[i] = 30 + 50 * i;
			z9[i] = 20;
		}
		final WaveSetup nine = new WaveSetup(g9, new Acquisition(x9, z9, new double[] { 0, 240, 470 }, new double[] { 10, 10, 10 }),
			Wavelet.ricker(20, Wavelet.defaultDelay(20), 1e-3, 90), WaveSettings.DEFAULT.withCpml(10), 1000, 3000, Progress.NONE);
		final Propagator p9 = new Propagator(nine);
		assertTrue(p9.batchSize() == 9 && p9.teamSize(2, 9) == 2, "one batch, a team possible");
		assertArrayEquals(new int[] { 5, 2, 1 }, p9.plan(2));
		// The row-major forward in pure Java (with the module, checkThreadCounts ran it on the vector kernel).
		for (final WaveSetup s : new WaveSetup[] { two, one }) {
			final Propagator p = new Propagator(s, Propagator.DEFAULT_GRADIENT_MEMORY, true, Kernel.JAVA, true);
			final double[] v = Surveys.model(s.grid(), 1800, 3000, 11);
			final float[][] a = p.forward(v, 1, Progress.NONE), b = p.forward(v, 2, Progress.NONE);
			for (int i = 0; i < a.length; i++) assertArrayEquals(a[i], b[i]);
		}
	}

	private static void checkThreadCounts(final WaveSetup s, final long seed) {
		final Grid2D grid = s.grid();
		final Propagator p = new Propagator(s);
		final double[] v = Surveys.model(grid, 1800, 3000, seed);
		final float[][] one = p.forward(v, 1, Progress.NONE), two = p.forward(v, 2, Progress.NONE);
		for (int i = 0; i < one.length; i++) assertArrayEquals(one[i], two[i]);
		final float[][] obs = p.forward(Surveys.model(grid, 1800, 3000, seed + 1), 1, Progress.NONE);
		final double[] g1 = new double[grid.size()], g2 = new double[grid.size()];
		final double f1 = p.misfitGradient(v, obs, g1, 1, Progress.NONE);
		final double f2 = p.misfitGradient(v, obs, g2, 2, Progress.NONE);
		assertTrue(f1 == f2);
		assertArrayEquals(g1, g2);
		// Recomputing from checkpoints (all segments, or the early ones when only the last steps fit in the gradient
		// memory) gives the same bits, with two threads too.
		final int steps = s.steps();
		assertEquals(steps, p.storedSteps(1));
		final Propagator cp = new Propagator(s, 0), half = new Propagator(s, p.gradientBytes(2) - 1);
		assertEquals(0, cp.storedSteps(2));
		assertTrue(half.storedSteps(2) > 0 && half.storedSteps(2) < steps, "partly stored: " + half.storedSteps(2) + " of " + steps);
		for (final Propagator q : new Propagator[] { cp, half }) {
			final double[] g3 = new double[grid.size()];
			assertTrue(q.misfitGradient(v, obs, g3, 2, Progress.NONE) == f1);
			assertArrayEquals(g1, g3);
		}
		final double[] dv = Surveys.random(grid.size(), seed + 2);
		final float[][] b1 = p.born(v, dv, 1, Progress.NONE), b2 = p.born(v, dv, 2, Progress.NONE);
		for (int i = 0; i < b1.length; i++) assertArrayEquals(b1[i], b2[i]);
	}
}
