package org.memfwi.core.wave;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.memfwi.core.grid.Grid2D;
import org.memfwi.core.progress.Progress;
import org.memfwi.testing.Figures;

/**
 * Rows left alone while every field there is still exactly 0 ({@link RowMajor#skip}): forward gathers, the misfit
 * gradient (with stored terms, recomputed from checkpoints, and a mix) and the adjoint of Born are the floats of a
 * propagator that steps every row, bit for bit, with 1 thread and with a team of 2 (whose bands follow the rows that
 * run); and rows were in fact left alone, so that the comparison tests something.
 */
class ZeroRowsTest {

	/**
	 * A grid deep enough that the first waves do not reach its bottom within the steps: sources and receivers at the
	 * surface, or (spread) sources at two depths and receivers at two others, so that the live rows are not one band.
	 */
	private static WaveSetup setup(final int order, final int cpml, final boolean fs, final double dt, final boolean spread,
		final int nx, final int shots) {
		final Grid2D grid = new Grid2D(nx, 100, 10);
		final double w = (nx - 1) * 10.0;
		final Acquisition acq = spread ? new Acquisition(new double[] { 0.2 * w, 0.5 * w, 0.9 * w }, new double[] { 30, 620, 30 },
			new double[] { 0, 0.4 * w, w }, new double[] { 20, 650, 20 }) : Acquisition.surface(grid, shots, 10);
		return new WaveSetup(grid, acq, Wavelet.ricker(15, Wavelet.defaultDelay(15), dt, (int) Math.round(0.25 / dt)),
			WaveSettings.DEFAULT.withOrder(order).withCpml(cpml).withFreeSurface(fs), 1500, 3000, Progress.NONE);
	}

	private static void assertSame(final float[][] expected, final float[][] actual, final String what) {
		assertEquals(expected.length, actual.length);
		for (int i = 0; i < expected.length; i++) assertArrayEquals(expected[i], actual[i], what + ", shot " + i);
	}

	@ParameterizedTest
	@CsvSource({ "8, 10, false, 1.0e-3, false, 80, 2", "8, 10, true, 1.0e-3, false, 440, 3", "8, 10, false, 2.5e-3, false, 80, 2",
		"4, 6, false, 1.0e-3, true, 90, 2", "8, 10, true, 1.0e-3, true, 80, 2", "8, 0, false, 1.0e-3, false, 120, 2",
		"2, 5, false, 1.0e-3, false, 6, 2" })
	void rowsLeftAloneChangeNoFloat(final int order, final int cpml, final boolean fs, final double dt, final boolean spread,
		final int nx, final int teams, final Figures figures) throws Exception {
		// Surface survey, free surface (with teams of 2 and 3: the middle band may be narrower than 8 rows), sub-stepping
		// (dt = 2.5 ms: 2 internal steps), order 4 and live rows in two bands, both, no CPML, and a grid too narrow for an
		// interior segment.
		// One shot, 440 columns wide, for teams of 3 (3 shots would run as 3 batches; a team needs 16,384 cells a thread).
		final WaveSetup s = setup(order, cpml, fs, dt, spread, nx, teams == 3 ? 1 : 3);
		final Grid2D grid = s.grid();
		final double[] v = Surveys.model(grid, 1500, 3000, 3), v0 = Surveys.model(grid, 1600, 2900, 4);
		final float[][] w = new float[s.acquisition().sources()][];
		for (int i = 0; i < w.length; i++) w[i] = Surveys.toFloat(Surveys.random(s.gatherSize(), 20 + i));
		// The vector kernel when it loads, else pure Java (the build runs this class with and without the module): the
		// rows left alone are chosen above the kernels.
		final Kernel k = Kernel.vectorModulePresent() ? Kernel.vector() : Kernel.JAVA;
		final String what = k.name() + ", order " + order + ", cpml " + cpml + ", fs " + fs + ", dt " + dt + ", spread " + spread +
			", nx " + nx;
		final Propagator every = new Propagator(s, Propagator.DEFAULT_GRADIENT_MEMORY, true, k, true, false);
		final float[][] obs = every.forward(v, 1, Progress.NONE);
		final double[] gEvery = new double[grid.size()];
		final double fEvery = every.misfitGradient(v0, obs, gEvery, 1, Progress.NONE);
		final double[] aEvery = every.adjoint(v0, w, null, 1, Progress.NONE);
		assertEquals(0, every.rowsLeftAlone(), what);
		// Stored terms for every step (1 thread), for some steps, the rest recomputed from checkpoints (2 threads), for
		// none (the team).
		final long full = every.gradientBytes(1);
		final long[][] runs = { { Propagator.DEFAULT_GRADIENT_MEMORY, 1 }, { full / 3, 2 }, { 0, teams } };
		for (final long[] run : runs) {
			final long memory = run[0];
			final int threads = (int) run[1];
			final String how = what + ", gradient memory " + memory + ", threads " + threads;
			final Propagator p = new Propagator(s, memory, true, k, true, true);
			if (threads > 1 && nx > 6) assertEquals(threads, p.plan(threads)[2], how + ": a team runs the batch");
			assertSame(obs, p.forward(v, threads, Progress.NONE), how + ": gathers");
			final double[] g = new double[grid.size()];
			assertTrue(p.misfitGradient(v0, obs, g, threads, Progress.NONE) == fEvery, how + ": misfit");
			assertArrayEquals(gEvery, g, how + ": gradient");
			assertArrayEquals(aEvery, p.adjoint(v0, w, null, threads, Progress.NONE), how + ": adjoint");
			// Rows were left alone: the waves of 0.25 s at up to 3,000 m/s do not cross 1 km of grid (measured 35-46 %
			// of the row steps with a surface survey, 3-5 % with the spread one).
			assertTrue(p.rowsLeftAlone() > (spread ? 0.01 : 0.2), how + ": rows left alone " + p.rowsLeftAlone());
			figures.report(how + ": " + String.format(Locale.ROOT, "%.1f %%", 100 * p.rowsLeftAlone()) + " of the row steps left alone");
		}
	}
}
