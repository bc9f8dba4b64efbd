package org.memfwi.core.helmholtz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.memfwi.core.grid.Grid2D;
import org.memfwi.core.operator.Linearization;
import org.memfwi.core.prior.MempostKlBasis;
import org.memfwi.core.util.Seeds;

/** The paper's KL parameterization inside the Helmholtz operator: adjoint and a Taylor test in the coefficients. */
class MempostKlModelTest {

	private static double dot(final double[] a, final double[] b) {
		double s = 0;
		for (int i = 0; i < a.length; i++) s += a[i] * b[i];
		return s;
	}

	@Test
	void jacobianAndAdjointAgreeAndLinearizeTheOperator() {
		final Grid2D grid = new Grid2D(16, 16, 125);
		final MempostKlModel param = new MempostKlModel(MempostKlBasis.paper(16, 16));
		final HelmholtzAcquisition acq = HelmholtzAcquisition.evenlySpaced(grid, 3, 8, 1);
		final HelmholtzOperator op = new HelmholtzOperator(new HelmholtzSolver(grid, acq, HelmholtzConfig.defaults().withPml(6)
			.withSigmaMax(100)), param);
		final SplittableRandom r = new SplittableRandom(5);
		final double[] z = new double[100], v = new double[100], w = new double[op.dataSize()];
		for (int i = 0; i < z.length; i++) z[i] = Seeds.gaussian(r);
		for (int i = 0; i < v.length; i++) v[i] = Seeds.gaussian(r);
		for (int i = 0; i < w.length; i++) w[i] = Seeds.gaussian(r);
		try (Linearization lin = op.linearize(z)) {
			final double[] jv = lin.jacobianTimes(v, null), jtw = lin.adjointTimes(w, null);
			assertEquals(dot(jv, w), dot(v, jtw), 1e-10 * Math.abs(dot(jv, w)));
			// second-order Taylor remainder: halving h quarters it
			final double[] f0 = lin.value();
			double prev = 0;
			for (int k = 0; k < 3; k++) {
				final double h = 0.5 / (1 << k);
				final double[] zh = z.clone();
				for (int i = 0; i < zh.length; i++) zh[i] += h * v[i];
				final double[] fh = op.apply(zh, null);
				double rem = 0;
				for (int i = 0; i < fh.length; i++) rem += Math.pow(fh[i] - f0[i] - h * jv[i], 2);
				rem = Math.sqrt(rem);
				if (k > 0) assertEquals(4, prev / rem, 0.4, "remainder ratio at h = " + h);
				prev = rem;
			}
		}
	}
}
