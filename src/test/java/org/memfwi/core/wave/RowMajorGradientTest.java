package org.memfwi.core.wave;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.memfwi.core.grid.Grid2D;
import org.memfwi.core.progress.Progress;
import org.memfwi.core.util.Memory;

/**
 * The gradient in the row-major layout ({@link RowMajor#adjoint}, the exact adjoint of {@link RowMajor#step}): the
 * transpose of Born modelling in the same layout (dot-product test), against the lane-transposed gradient and the double-precision
 * reference stepper, and independent of thread count and of checkpointing; with pure Java always and with the vector
 * kernel when the JVM has the module (the vector against pure Java to the bit is {@link KernelTest}'s).
 */
class RowMajorGradientTest {

	private static Propagator rowMajor(final WaveSetup s, final long memory, final Kernel k) {
		return new Propagator(s, memory, true, k, true);
	}

	private static double relDiff(final double[] a, final double[] b) {
		double num = 0, den = 0;
		for (int i = 0; i < a.length; i++) {
			num = Math.max(num, Math.abs(a[i] - b[i]));
			den = Math.max(den, Math.abs(b[i]));
		}
		return num / den;
	}

	private static double maxAbs(final double[][] a) {
		double m = 0;
		for (final double[] r : a) for (final double x : r) m = Math.max(m, Math.abs(x));
		return m;
	}

	private static double maxDiff(final float[][] a, final double[][] b) {
		double m = 0;
		for (int i = 0; i < a.length; i++) for (int j = 0; j < a[i].length; j++) m = Math.max(m, Math.abs(a[i][j] - b[i][j]));
		return m;
	}

	private static double dot(final float[][] a, final double[][] b) {
		double s = 0;
		for (int i = 0; i < a.length; i++) for (int j = 0; j < a[i].length; j++) s += a[i][j] * b[i][j];
		return s;
	}

	@ParameterizedTest
	@CsvSource({ "8, 6, false, 1.0e-3, 23", "8, 5, true, 1.0e-3, 23", "4, 4, false, 1.0e-3, 23", "2, 4, true, 1.0e-3, 23",
		"8, 0, false, 1.0e-3, 23", "8, 5, true, 2.5e-3, 23", "8, 4, false, 1.0e-3, 90", "8, 3, true, 1.0e-3, 90", "8, 6, false, 1.0e-3, 5" })
	void rowMajorAdjointIsBornTransposedAndMatchesLaneLayoutAndReference(final int order, final int cpml, final boolean fs,
		final double dt, final int nx) throws Exception {
		// The configurations of PropagatorTest: orders 2, 4, 8, free surface, no CPML, sub-stepping (dt = 2.5 ms), two
		// shots in one batch row (nx = 90), and a grid too narrow for an interior segment (nx = 5).
		final Grid2D grid = new Grid2D(nx, 19, 10);
		final WaveSetup s = Surveys.small(grid, order, cpml, fs, 150, dt, 20, 3000);
		final double[] v = Surveys.model(grid, 1800, 3000, 3), dv = Surveys.random(grid.size(), 4);
		final double[][] w = new double[2][];
		final float[][] wf = new float[2][];
		for (int i = 0; i < w.length; i++) {
			w[i] = Surveys.random(s.gatherSize(), 20 + i);
			wf[i] = Surveys.toFloat(w[i]);
		}
		final ReferenceStepper ref = new ReferenceStepper(s);
		final double[] gRef = ref.adjoint(v, w, Progress.NONE);
		final double[][] bornRef = ref.born(v, dv, Progress.NONE);
		final double[][] obsD = ref.forward(Surveys.model(grid, 1800, 3000, 5), Progress.NONE);
		final float[][] obs = new float[obsD.length][];
		for (int i = 0; i < obs.length; i++) obs[i] = Surveys.toFloat(obsD[i]);
		for (final Kernel k : Surveys.kernels()) {
			final String what = k.name() + ", order " + order + ", cpml " + cpml + ", fs " + fs + ", nx " + nx + ": ";
			final Propagator rm = rowMajor(s, Propagator.DEFAULT_GRADIENT_MEMORY, k);
			final Propagator lane = new Propagator(s, Propagator.DEFAULT_GRADIENT_MEMORY, true, k, false);
			final double[] g = rm.adjoint(v, wf, null, 1, Progress.NONE);
			// <J dv, w> = <dv, J^T w>: row-major Born against the row-major adjoint, both in float, relative to
			// sum |dv_i (J^T w)_i| (the sums cancel to 1e-2 of it or less, which would blow float rounding up). Measured
			// at most 1.4e-7 (6e-7 against the lane-transposed Born); dropping the adjoint of Px (or of Zz in tau) gave
			// 3e-4 to 1e-1 on every configuration with CPML.
			final float[][] born = rm.born(v, dv, 1, Progress.NONE);
			assertTrue(maxDiff(born, bornRef) < 1e-4 * maxAbs(bornRef), what + "row-major Born vs reference: " + maxDiff(born, bornRef) /
				maxAbs(bornRef));
			final double lhs = dot(born, w), rhs = Surveys.dot(dv, g);
			double scale = 0;
			for (int i = 0; i < g.length; i++) scale += Math.abs(dv[i] * g[i]);
			assertTrue(Math.abs(lhs - rhs) < 1e-5 * scale, what + "<J dv, w> = " + lhs + ", <dv, J^T w> = " + rhs + ", mismatch " +
				Math.abs(lhs - rhs) / scale);
			assertTrue(relDiff(g, gRef) < 1e-4, what + "row-major adjoint vs reference: " + relDiff(g, gRef));
			// The misfit gradient (residuals as the adjoint source) against the lane layout, and recomputed from
			// checkpoints only (no stored stencil terms): the same bits.
			final double[] gm = new double[grid.size()], gml = new double[grid.size()], gcp = new double[grid.size()];
			final double f = rm.misfitGradient(v, obs, gm, 1, Progress.NONE), fl = lane.misfitGradient(v, obs, gml, 1, Progress.NONE);
			assertEquals(fl, f, 1e-5 * fl, what + "misfit");
			assertTrue(relDiff(gm, gml) < 1e-5, what + "row-major vs lane-transposed misfit gradient: " + relDiff(gm, gml));
			final Propagator cp = rowMajor(s, 0, k);
			assertEquals(0, cp.storedSteps(1));
			assertTrue(cp.misfitGradient(v, obs, gcp, 1, Progress.NONE) == f, what + "misfit from checkpoints");
			assertArrayEquals(gm, gcp, what + "gradient from checkpoints");
		}
	}

	@Test
	void rowMajorGradientAndBornAreBitwiseIdenticalForOneAndTwoThreadsAndAnyGradientMemory() throws Exception {
		// Two shots side by side on two threads, and one larger shot whose rows two threads split (both with a free
		// surface), as in PropagatorTest, in pure Java (PropagatorTest's checkThreadCounts runs the default propagator,
		// which with the module is this row-major gradient on the vector kernel).
		final WaveSetup two = Surveys.small(new Grid2D(160, 120, 10), 8, 10, true, 90, 1e-3, 20, 3000);
		final Grid2D grid = new Grid2D(200, 150, 10);
		final WaveSetup one = new WaveSetup(grid, new Acquisition(new double[] { 523 }, new double[] { 207 }, new double[] { 0, 610, 1990 },
			new double[] { 15, 0, 1170 }), Wavelet.ricker(20, Wavelet.defaultDelay(20), 1e-3, 90), WaveSettings.DEFAULT.withCpml(10)
				.withFreeSurface(true), 1000, 3000, Progress.NONE);
		final Kernel k = Kernel.JAVA;
		for (final WaveSetup s : new WaveSetup[] { two, one }) {
			final Propagator p = rowMajor(s, Propagator.DEFAULT_GRADIENT_MEMORY, k);
			assertEquals(2, p.plan(2)[1] * p.plan(2)[2], "two threads in use");
			final double[] v = Surveys.model(s.grid(), 1800, 3000, 11);
			final float[][] obs = p.forward(Surveys.model(s.grid(), 1800, 3000, 12), 1, Progress.NONE);
			final double[] g1 = new double[s.grid().size()], g2 = new double[g1.length];
			final double f1 = p.misfitGradient(v, obs, g1, 1, Progress.NONE);
			assertTrue(p.misfitGradient(v, obs, g2, 2, Progress.NONE) == f1);
			assertArrayEquals(g1, g2, k.name());
			// All segments recomputed from checkpoints, or only the early ones (the last steps stored), on two threads.
			assertEquals(s.steps(), p.storedSteps(1));
			final Propagator cp = rowMajor(s, 0, k), half = rowMajor(s, p.gradientBytes(2) - 1, k);
			assertTrue(half.storedSteps(2) > 0 && half.storedSteps(2) < s.steps(), "partly stored: " + half.storedSteps(2));
			assertTrue(half.gradientBytes(2) <= half.gradientMemory(), "the budget holds: " + half.gradientBytes(2));
			for (final Propagator q : new Propagator[] { cp, half }) {
				final double[] g3 = new double[g1.length];
				assertTrue(q.misfitGradient(v, obs, g3, 2, Progress.NONE) == f1);
				assertArrayEquals(g1, g3, k.name());
			}
			final double[] dv = Surveys.random(g1.length, 13);
			final float[][] b1 = p.born(v, dv, 1, Progress.NONE), b2 = p.born(v, dv, 2, Progress.NONE);
			for (int i = 0; i < b1.length; i++) assertArrayEquals(b1[i], b2[i], "Born");
		}
	}

	/** A gradient memory with which one thread stores some of the steps but not all (found by halving the shortfall). */
	private static long partlyStored(final WaveSetup s, final Kernel k, final boolean rowMajor) {
		final long full = new Propagator(s, Propagator.DEFAULT_GRADIENT_MEMORY, true, k, rowMajor).gradientBytes(1);
		for (long m = full - 1; m > 0; m = full - 2 * (full - m)) {
			final int stored = new Propagator(s, m, true, k, rowMajor).storedSteps(1);
			if (stored > 0 && stored < s.steps()) return m;
		}
		throw new AssertionError("no memory stores part of the steps");
	}

	@ParameterizedTest
	@CsvSource({ "8, 6, false, 23", "8, 5, true, 90", "4, 4, false, 23", "2, 4, true, 5", "8, 0, false, 23" })
	void aGradientReusesTheStoredTermsOfTheLastAndGivesAFreshPropagatorsBits(final int order, final int cpml, final boolean fs,
		final int nx) throws Exception {
		// The terms a gradient stores are kept for the next gradient of the same propagator and overwritten, not
		// cleared: a gradient after one at another model (and after one whose batches did not fit them) must give the
		// bits of a fresh propagator, in both layouts, with all terms stored and with the early segments recomputed.
		final Grid2D grid = new Grid2D(nx, 19, 10);
		final WaveSetup s = Surveys.small(grid, order, cpml, fs, 400, 1e-3, 20, 3000);
		final double[] v1 = Surveys.model(grid, 1800, 3000, 3), v2 = Surveys.model(grid, 1700, 3100, 7);
		final float[][] obs = new Propagator(s).forward(Surveys.model(grid, 1800, 3000, 5), 1, Progress.NONE);
		for (final Kernel k : Surveys.kernels())
			for (final boolean rowMajor : new boolean[] { true, false })
				for (final boolean whole : new boolean[] { true, false }) {
					final String what = k.name() + (rowMajor ? ", row-major" : ", lanes") + (whole ? ", all stored" : ", partly stored") + ", order " +
						order + ", nx " + nx + ": ";
					final long memory = whole ? Propagator.DEFAULT_GRADIENT_MEMORY : partlyStored(s, k, rowMajor);
					final Propagator fresh = new Propagator(s, memory, true, k, rowMajor), p = new Propagator(s, memory, true, k, rowMajor);
					if (!whole) assertTrue(p.storedSteps(1) > 0 && p.storedSteps(1) < s.steps(), what + "stored " + p.storedSteps(1));
					final double[] expected = new double[grid.size()], g = new double[grid.size()];
					final double f = fresh.misfitGradient(v2, obs, expected, 1, Progress.NONE);
					p.misfitGradient(v1, obs, g, 1, Progress.NONE);
					final float[][] kept = p.spareLevels();
					assertNotNull(kept, what + "terms kept");
					assertTrue(p.misfitGradient(v2, obs, g, 1, Progress.NONE) == f, what + "misfit");
					assertArrayEquals(expected, g, what + "gradient after one at another model");
					assertSame(kept, p.spareLevels(), what + "the same arrays used again");
					// Two threads (two batches of one shot where the plan splits the shots: other sizes, new arrays), then one again.
					p.misfitGradient(v1, obs, g, 2, Progress.NONE);
					assertTrue(p.misfitGradient(v2, obs, g, 1, Progress.NONE) == f, what + "misfit after two threads");
					assertArrayEquals(expected, g, what + "gradient after two threads");
				}
	}

	@Test
	void keptTermsServeBatchesOfUnequalSizeAndTeamsWithAFreshPropagatorsBits() throws Exception {
		// Three shots (with one thread, batches of unequal size: the terms of the one that fits the first batch are
		// kept), and one shot whose rows two threads split (a team), in both layouts; each gradient after one at
		// another model gives a fresh propagator's bits, for 1 and 2 threads.
		// 330 columns + CPML and halo: two shots per batch (1,024 columns), so batches of 2 and 1 shots.
		final Grid2D g3 = new Grid2D(330, 30, 10);
		final WaveSetup three = new WaveSetup(g3, new Acquisition(new double[] { 300, 1600, 3000 }, new double[] { 20, 20, 20 },
			new double[] { 0, 1100, 2200, 3290 }, new double[] { 10, 10, 10, 10 }), Wavelet.ricker(20, Wavelet.defaultDelay(20), 1e-3, 120),
			WaveSettings.DEFAULT.withCpml(8), 1000, 3000, Progress.NONE);
		final Grid2D g1 = new Grid2D(200, 150, 10);
		final WaveSetup team = new WaveSetup(g1, new Acquisition(new double[] { 523 }, new double[] { 207 }, new double[] { 0, 610, 1990 },
			new double[] { 15, 0, 1170 }), Wavelet.ricker(20, Wavelet.defaultDelay(20), 1e-3, 90), WaveSettings.DEFAULT.withCpml(10)
				.withFreeSurface(true), 1000, 3000, Progress.NONE);
		for (final WaveSetup s : new WaveSetup[] { three, team }) {
			final double[] v1 = Surveys.model(s.grid(), 1800, 3000, 21), v2 = Surveys.model(s.grid(), 1700, 3100, 22);
			final float[][] obs = new Propagator(s).forward(Surveys.model(s.grid(), 1800, 3000, 23), 1, Progress.NONE);
			for (final Kernel k : Surveys.kernels())
				for (final boolean rowMajor : new boolean[] { true, false }) {
					final String what = k.name() + (rowMajor ? ", row-major" : ", lanes") + ", " + s.acquisition().sources() + " shot(s): ";
					final Propagator fresh = new Propagator(s, Propagator.DEFAULT_GRADIENT_MEMORY, true, k, rowMajor);
					final double[] expected = new double[s.grid().size()], g = new double[expected.length];
					final double f = fresh.misfitGradient(v2, obs, expected, 1, Progress.NONE);
					if (s == three) assertEquals(2, fresh.plan(1)[0], what + "batches of up to 2 shots");
					else assertEquals(2, fresh.plan(2)[2], what + "a team of 2");
					final Propagator p = new Propagator(s, Propagator.DEFAULT_GRADIENT_MEMORY, true, k, rowMajor);
					for (final int threads : new int[] { 1, 2, 2, 1 }) {
						p.misfitGradient(v1, obs, g, threads, Progress.NONE);
						final float[][] kept = p.spareLevels();
						assertNotNull(kept, what + "terms kept");
						assertTrue(p.misfitGradient(v2, obs, g, threads, Progress.NONE) == f, what + threads + " thread(s), misfit");
						assertArrayEquals(expected, g, what + threads + " thread(s), gradient after one at another model");
						assertSame(kept, p.spareLevels(), what + threads + " thread(s): the same arrays used again");
					}
				}
		}
	}

	@Test
	void keptTermsAreDroppedWhenAJobDoesNotFit() {
		// Terms kept only to save time must never make a memory check refuse a job: a check that fails drops them.
		final WaveSetup s = Surveys.small(new Grid2D(23, 19, 10), 8, 6, false, 150, 1e-3, 20, 3000);
		final Propagator p = new Propagator(s);
		final double[] v = Surveys.model(s.grid(), 1800, 3000, 3), g = new double[v.length];
		p.misfitGradient(v, p.forward(Surveys.model(s.grid(), 1800, 3000, 5), 1, Progress.NONE), g, 1, Progress.NONE);
		assertNotNull(p.spareLevels());
		assertThrows(IllegalArgumentException.class, () -> Memory.require(Long.MAX_VALUE, "a job too large", "none"));
		assertNull(p.spareLevels());
	}
}
