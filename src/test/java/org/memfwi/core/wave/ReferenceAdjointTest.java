package org.memfwi.core.wave;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.memfwi.core.grid.Grid2D;
import org.memfwi.core.progress.Progress;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The double-precision scheme: Born modelling and its adjoint are transposes (dot-product test), and the adjoint
 * gradient is the derivative of the misfit on every pixel, edges included (Taylor test).
 */
class ReferenceAdjointTest {

	@ParameterizedTest
	@CsvSource({ "8, 5, false", "8, 4, true", "4, 3, false", "2, 3, true" })
	void bornAndAdjointAreTransposes(final int order, final int cpml, final boolean fs) {
		final Grid2D grid = new Grid2D(13, 11, 10);
		final WaveSetup s = Surveys.small(grid, order, cpml, fs, 70, 1.5e-3, 25, 3000);
		final ReferenceStepper ref = new ReferenceStepper(s);
		final double[] v = Surveys.model(grid, 1800, 3000, 1);
		final double[] dv = Surveys.random(grid.size(), 2);
		final double[][] w = new double[s.acquisition.sources()][];
		for (int i = 0; i < w.length; i++) w[i] = Surveys.random(s.gatherSize(), 10 + i);
		final double lhs = Surveys.dot(ref.born(v, dv, Progress.NONE), w);
		final double rhs = Surveys.dot(dv, ref.adjoint(v, w, Progress.NONE));
		final double rel = Math.abs(lhs - rhs) / Math.max(Math.abs(lhs), Math.abs(rhs));
		assertTrue(rel < 1e-10, "<J dv, w> = " + lhs + ", <dv, J^T w> = " + rhs + ", relative mismatch " + rel);
		assertTrue(Math.abs(lhs) > 0);
	}

	/** Misfit 1/2 ||F(v) - d||^2. */
	private static double misfit(final ReferenceStepper ref, final double[] v, final double[][] d) {
		final double[][] f = ref.forward(v, Progress.NONE);
		double s = 0;
		for (int i = 0; i < f.length; i++) for (int j = 0; j < f[i].length; j++) s += 0.5 * (f[i][j] - d[i][j]) * (f[i][j] - d[i][j]);
		return s;
	}

	@ParameterizedTest
	@CsvSource({ "false", "true" })
	void taylorRemainderIsSecondOrderOnEveryPixel(final boolean fs) {
		final Grid2D grid = new Grid2D(7, 6, 10);
		final WaveSetup s = Surveys.small(grid, 8, 3, fs, 100, 1.5e-3, 25, 3200);
		final ReferenceStepper ref = new ReferenceStepper(s);
		final double[] truth = Surveys.model(grid, 1800, 3000, 5);
		final double[][] d = ref.forward(truth, Progress.NONE);
		final double[] v = Surveys.model(grid, 1900, 2900, 6);
		final double f0 = misfit(ref, v, d);
		final double[][] res = ref.forward(v, Progress.NONE);
		for (int i = 0; i < res.length; i++) for (int j = 0; j < res[i].length; j++) res[i][j] -= d[i][j];
		final double[] g = ref.adjoint(v, res, Progress.NONE);
		final double[] hs = { 10, 5, 2.5 };
		for (int k = 0; k < grid.size(); k++) {
			final double[] rem = new double[hs.length];
			for (int j = 0; j < hs.length; j++) {
				final double keep = v[k];
				v[k] = keep + hs[j];
				rem[j] = Math.abs(misfit(ref, v, d) - f0 - hs[j] * g[k]);
				v[k] = keep;
			}
			final double slope1 = Math.log(rem[0] / rem[1]) / Math.log(2), slope2 = Math.log(rem[1] / rem[2]) / Math.log(2);
			final String where = "pixel (" + k % grid.nx() + ", " + k / grid.nx() + "): remainders " + Arrays.toString(rem) +
				", gradient " + g[k];
			if (fs && k < grid.nx()) {
				// The free-surface row is pinned to zero: its velocity has no effect at all.
				assertTrue(g[k] == 0 && rem[0] == 0, "free-surface row must have no sensitivity: " + where);
				continue;
			}
			// An error e in the gradient leaves a remainder h e (slope 1); an exact one leaves second and, on pixels of
			// small sensitivity, visible third-order terms (slopes between 2 and 3).
			assertTrue(slope1 > 1.8 && slope1 < 3.2 && slope2 > 1.9 && slope2 < 3.1, "slopes " + slope1 + ", " + slope2 + " at " + where);
		}
	}
}
