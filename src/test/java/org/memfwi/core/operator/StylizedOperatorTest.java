package org.memfwi.core.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.memfwi.core.util.Seeds;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** The stylized operators' values and exact Jacobians against the formulas and central finite differences. */
class StylizedOperatorTest {

	@Test
	void valuesFollowThePaperFormulas() {
		assertEquals(2 + 0.3 * 8, StylizedOperator.cubic().apply(new double[] { 2 }, null)[0], 1e-15);
		final double[] f = StylizedOperator.coupled().apply(new double[] { 1.4, -0.5 }, null);
		assertEquals(1.4 + 0.3 * 1.4 * -0.5, f[0], 1e-15);
		assertEquals(-0.5 + 0.2 * 1.4 * 1.4, f[1], 1e-15);
	}

	@Test
	void jacobiansMatchCentralFiniteDifferences() {
		final SplittableRandom r = Seeds.stream(3, 0);
		for (final StylizedOperator op : new StylizedOperator[] { StylizedOperator.cubic(), StylizedOperator.coupled() })
			for (int trial = 0; trial < 20; trial++) {
				final int d = op.modelSize();
				final double[] x = new double[d];
				for (int i = 0; i < d; i++) x[i] = 3 * (2 * r.nextDouble() - 1);
				final DMatrixRMaj jac = op.linearize(x).jacobian();
				final double h = 1e-5;
				for (int j = 0; j < d; j++) {
					final double[] xp = x.clone(), xm = x.clone();
					xp[j] += h;
					xm[j] -= h;
					final double[] fp = op.apply(xp, null), fm = op.apply(xm, null);
					for (int i = 0; i < d; i++) {
						final double fd = (fp[i] - fm[i]) / (2 * h);
						// Central differences of a cubic: error h^2 |F'''| / 6 <= 1e-10 * 1.8 / 6.
						assertEquals(fd, jac.get(i, j), 1e-9, op + " dF" + i + "/dx" + j + " at " + Arrays.toString(x));
					}
				}
			}
	}

	@Test
	void productsAgreeWithTheDenseJacobianAndPassTheDotProductTest() {
		final SplittableRandom r = Seeds.stream(4, 0);
		final StylizedOperator op = StylizedOperator.coupled();
		final Linearization lin = op.linearize(new double[] { 0.7, -1.3 });
		final double[] v = { Seeds.gaussian(r), Seeds.gaussian(r) }, w = { Seeds.gaussian(r), Seeds.gaussian(r) };
		final double[] jv = lin.jacobianTimes(v, null), jtw = lin.adjointTimes(w, null);
		assertEquals(jv[0] * w[0] + jv[1] * w[1], v[0] * jtw[0] + v[1] * jtw[1], 1e-14);
		// The interface's default dense Jacobian (built from J e_j) equals the closed form.
		final Linearization byProducts = new Linearization() {
			@Override public double[] model() { return lin.model(); }
			@Override public double[] value() { return lin.value(); }
			@Override public double[] jacobianTimes(final double[] a, final double[] o) { return lin.jacobianTimes(a, o); }
			@Override public double[] adjointTimes(final double[] a, final double[] o) { return lin.adjointTimes(a, o); }
		};
		final DMatrixRMaj a = lin.jacobian(), b = byProducts.jacobian();
		for (int i = 0; i < 4; i++) assertEquals(a.get(i), b.get(i), 0);
		assertEquals(1 + 0.3 * -1.3, a.get(0, 0), 1e-15);
		assertEquals(0.4 * 0.7, a.get(1, 0), 1e-15);
	}

	@Test
	void affineOperatorIsItsOwnLinearization() {
		final DMatrixRMaj m = new DMatrixRMaj(new double[][] { { 1, 2, 3 }, { -1, 0.5, 4 } });
		final AffineOperator op = new AffineOperator(m, new double[] { 0.5, -1 });
		final double[] f = op.apply(new double[] { 1, 1, 1 }, null);
		assertEquals(6.5, f[0], 1e-15);
		assertEquals(2.5, f[1], 1e-15);
		final DMatrixRMaj j = op.linearize(new double[] { 5, 6, 7 }).jacobian();
		for (int i = 0; i < 6; i++) assertEquals(m.get(i), j.get(i), 0);
		assertEquals(3, op.modelSize());
		assertEquals(2, op.dataSize());
	}

	@Test
	void wrongSizesAreRejectedByName() {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> StylizedOperator.coupled().apply(new double[3], null));
		assertEquals("model x has 3 values, expected 2", e.getMessage());
		assertTrue(assertThrows(IllegalArgumentException.class, () -> StylizedOperator.ofDimension(3)).getMessage().contains("1D or 2D"));
	}
}
