package org.memfwi.core.wave;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.memfwi.core.grid.Grid2D;
import org.memfwi.core.operator.Linearization;

/** The solver behind the ForwardOperator interface: shapes, transposition in double, float against double. */
class TimeDomainOperatorTest {

	private static final Grid2D GRID = new Grid2D(11, 9, 10);

	private static WaveSetup setup() {
		return Surveys.small(GRID, 8, 4, true, 80, 1.5e-3, 25, 3000);
	}

	@Test
	void linearizationIsExactlyTransposedInDouble() {
		final TimeDomainOperator op = new TimeDomainOperator(setup(), TimeDomainOperator.Precision.DOUBLE, 1);
		assertEquals(GRID.size(), op.modelSize());
		assertEquals(2 * 80 * 5, op.dataSize());
		final double[] v = Surveys.model(GRID, 1800, 3000, 21);
		try (Linearization lin = op.linearize(v)) {
			final double[] dv = Surveys.random(op.modelSize(), 22), w = Surveys.random(op.dataSize(), 23);
			final double lhs = Surveys.dot(lin.jacobianTimes(dv, null), w), rhs = Surveys.dot(dv, lin.adjointTimes(w, null));
			assertTrue(Math.abs(lhs - rhs) < 1e-10 * Math.abs(lhs), "dot test: " + lhs + " vs " + rhs);
			// The Jacobian is the derivative of apply: central difference of F along dv.
			final double h = 1e-3;
			final double[] vp = v.clone(), vm = v.clone();
			for (int i = 0; i < v.length; i++) {
				vp[i] += h * dv[i];
				vm[i] -= h * dv[i];
			}
			final double[] fp = op.apply(vp, null), fm = op.apply(vm, null), jv = lin.jacobianTimes(dv, null);
			double err = 0, norm = 0;
			for (int i = 0; i < jv.length; i++) {
				final double fd = (fp[i] - fm[i]) / (2 * h);
				err = Math.max(err, Math.abs(fd - jv[i]));
				norm = Math.max(norm, Math.abs(jv[i]));
			}
			assertTrue(err < 1e-6 * norm, "J v vs central difference: " + err / norm);
		}
	}

	@Test
	void floatPathAgreesWithTheDoublePath() {
		final TimeDomainOperator d = new TimeDomainOperator(setup(), TimeDomainOperator.Precision.DOUBLE, 1);
		final TimeDomainOperator f = new TimeDomainOperator(setup(), TimeDomainOperator.Precision.FLOAT, 2);
		final double[] v = Surveys.model(GRID, 1800, 3000, 31);
		final double[] dv = Surveys.random(GRID.size(), 32), w = Surveys.random(d.dataSize(), 33);
		try (Linearization ld = d.linearize(v); Linearization lf = f.linearize(v)) {
			assertClose(ld.value(), lf.value(), 2e-5, "F(v)");
			assertClose(ld.jacobianTimes(dv, null), lf.jacobianTimes(dv, null), 1e-4, "J dv");
			assertClose(ld.adjointTimes(w, null), lf.adjointTimes(w, null), 1e-4, "J^T w");
		}
	}

	@Test
	void squaredSlownessGradientFollowsTheChainRule() {
		final TimeDomainOperator op = new TimeDomainOperator(setup(), TimeDomainOperator.Precision.DOUBLE, 1);
		final double[] v = Surveys.model(GRID, 1800, 3000, 41);
		final double[] w = Surveys.random(op.dataSize(), 42);
		final double[] gv;
		try (Linearization lin = op.linearize(v)) {
			gv = lin.adjointTimes(w, null);
		}
		final double[] gm = TimeDomainOperator.squaredSlownessGradient(gv, v, null);
		// d/dm <w, F(v(m))> along a random squared-slowness direction, by central differences.
		final double[] dm = Surveys.random(v.length, 43);
		final double h = 1e-5;
		final double[] vp = new double[v.length], vm = new double[v.length];
		for (int i = 0; i < v.length; i++) {
			final double m = 1 / (v[i] * v[i]);
			vp[i] = 1 / Math.sqrt(m + h * dm[i] * m);
			vm[i] = 1 / Math.sqrt(m - h * dm[i] * m);
			dm[i] *= m;
		}
		final double fd = (Surveys.dot(op.apply(vp, null), w) - Surveys.dot(op.apply(vm, null), w)) / (2 * h);
		final double an = Surveys.dot(gm, dm);
		assertEquals(fd, an, 1e-7 * Math.abs(an));
	}

	private static void assertClose(final double[] a, final double[] b, final double rel, final String what) {
		double diff = 0, max = 0;
		for (int i = 0; i < a.length; i++) {
			diff = Math.max(diff, Math.abs(a[i] - b[i]));
			max = Math.max(max, Math.abs(a[i]));
		}
		assertTrue(max > 0 && diff <= rel * max, what + ": float vs double differ by " + diff / max + " of the largest value");
	}

	/** The fused least-squares pass FWI uses equals value and adjoint of the linearization. */
	@Test
	void fusedMisfitGradientEqualsTheLinearization() {
		final TimeDomainOperator f = new TimeDomainOperator(setup(), TimeDomainOperator.Precision.FLOAT, 1);
		final double[] v = Surveys.model(GRID, 1800, 3000, 41), obs = f.apply(Surveys.model(GRID, 1800, 3000, 42), null);
		final double[] g = new double[GRID.size()];
		final double fused = f.misfitGradient(v, obs, g);
		try (Linearization lin = f.linearize(v)) {
			final double[] r = lin.value().clone();
			double ls = 0;
			for (int i = 0; i < r.length; i++) {
				r[i] -= obs[i];
				ls += 0.5 * r[i] * r[i];
			}
			assertEquals(ls, fused, 1e-6 * ls);
			assertClose(lin.adjointTimes(r, null), g, 1e-5, "J^T r");
		}
	}

	/** Automatic bands start low enough for the model size (half the larger side per wavelength), then double. */
	@Test
	void autoBandsStartLowEnoughForTheModel() {
		// 480 m, 2000 m/s: 2 v / L = 8.3 Hz, below f0 / 3 = 10 Hz.
		final double[] b = TimeDomainFwi.autoBands(new Grid2D(48, 48, 10), 30, 2000);
		assertEquals(2000 / 240.0, b[0], 1e-12);
		assertEquals(2 * b[0], b[1], 1e-12);
		assertEquals(0, b[b.length - 1], 0);
		assertTrue(b[b.length - 2] < 30 && 2 * b[b.length - 2] >= 30);
		// A small model: f0 / 3 already has a long enough wavelength.
		assertEquals(5, TimeDomainFwi.autoBands(new Grid2D(20, 20, 10), 15, 2000)[0], 1e-12);
		// A huge model: not below f0 / 5.
		assertEquals(3, TimeDomainFwi.autoBands(new Grid2D(500, 200, 20), 15, 1500)[0], 1e-12);
	}
}
