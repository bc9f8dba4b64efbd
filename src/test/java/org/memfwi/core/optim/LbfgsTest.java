package org.memfwi.core.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.memfwi.core.progress.CanceledException;
import org.memfwi.core.progress.Progress;

class LbfgsTest {

	/** The Rosenbrock function in n dimensions, minimum 0 at (1, ..., 1). */
	private static final Objective ROSENBROCK = (x, g) -> {
		double f = 0;
		Arrays.fill(g, 0);
		for (int i = 0; i + 1 < x.length; i++) {
			final double a = x[i + 1] - x[i] * x[i], b = 1 - x[i];
			f += 100 * a * a + b * b;
			g[i] += -400 * a * x[i] - 2 * b;
			g[i + 1] += 200 * a;
		}
		return f;
	};

	@Test
	void findsTheRosenbrockMinimum() {
		final double[] x0 = new double[10];
		Arrays.fill(x0, -1.2);
		final Lbfgs.Result r = Lbfgs.minimize(ROSENBROCK, x0, null, null, Lbfgs.Settings.of(8, 500).withRelativeDecrease(0),
			null, Progress.NONE);
		for (final double v : r.x()) assertEquals(1, v, 1e-5, Arrays.toString(r.x()) + " after " + r.iterations() + " iterations: " + r.reason());
		assertTrue(r.f() < 1e-10);
	}

	@Test
	void boundsAreHonouredAndTheConstrainedMinimumIsFound() {
		// f = sum w_i (x_i - c_i)^2 with c outside the box for some i: the minimum is c clipped into the box.
		final double[] c = { -3, 0.5, 7, 2, -0.2 }, w = { 1, 10, 100, 0.1, 3 };
		final double[] lo = { -1, -1, -1, -1, 0 }, hi = { 1, 1, 1, 1, 1 };
		final Objective f = (x, g) -> {
			double s = 0;
			for (int i = 0; i < x.length; i++) {
				s += w[i] * (x[i] - c[i]) * (x[i] - c[i]);
				g[i] = 2 * w[i] * (x[i] - c[i]);
			}
			return s;
		};
		final Lbfgs.Result r = Lbfgs.minimize(f, new double[] { 0.3, 0.3, 0.3, 0.3, 0.3 }, lo, hi,
			Lbfgs.Settings.of(5, 100).withFirstStep(0.5).withRelativeDecrease(0), null, Progress.NONE);
		final double[] expect = { -1, 0.5, 1, 1, 0 };
		for (int i = 0; i < c.length; i++) assertEquals(expect[i], r.x()[i], 1e-8, Arrays.toString(r.x()));
	}

	@Test
	void cancelReturnsTheBestPointSoFar() {
		final int[] calls = { 0 };
		final Objective f = (x, g) -> {
			if (++calls[0] > 6) throw new CanceledException();
			return ROSENBROCK.evaluate(x, g);
		};
		final double[] x0 = { -1.2, 1 };
		final double f0 = ROSENBROCK.evaluate(x0, new double[2]);
		final Lbfgs.Result r = Lbfgs.minimize(f, x0, null, null, Lbfgs.Settings.of(5, 100).withFirstStep(0.1), null, Progress.NONE);
		assertTrue(r.canceled());
		assertTrue(r.f() < f0, "the point returned is the last accepted one: " + r.f() + " vs start " + f0);
		assertEquals(r.f(), ROSENBROCK.evaluate(r.x(), new double[2]), 0);
	}
}
