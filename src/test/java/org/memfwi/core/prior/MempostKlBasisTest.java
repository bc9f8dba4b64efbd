package org.memfwi.core.prior;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.memfwi.core.util.Seeds;

/**
 * Pins {@link MempostKlBasis} to the paper code. Reference numbers: mempost's {@code VelocityKLPrior(K=10,
 * grid_size=16, v_background=2.0, sigma_m=0.02)} (mempost/utils/kl_prior.py) evaluated with numpy in double precision:
 * its {@code eigenvalues}, {@code m_background + einsum(sigma_m * eigenvalues * z, phi)} for
 * {@code z_p = cos(0.3 p + 0.1)}, and {@code lstsq(G, m - m_background)} for
 * {@code m[a, b] = 0.25 + 0.01 sin(0.7 (16 a + b))} (paper units: km, s; SI here, so squared slowness x 1e-6).
 */
class MempostKlBasisTest {

	@Test
	void eigenvaluesMatchThePaperCode() {
		final MempostKlBasis kl = MempostKlBasis.paper(16, 16);
		final int[] p = { 0, 1, 10, 37, 99 };
		final double[] ref = { 0.12412757114635681, 0.0874892575198495, 0.0874892575198495, 0.023537329496836835,
			0.014596892627951047 };
		for (int i = 0; i < p.length; i++) assertEquals(ref[i], kl.eigenvalue(p[i]), 1e-12 * ref[i], "eigenvalue " + p[i]);
		// index order: p = (i1 - 1) K + (i2 - 1) with i1 along x: p = 37 is (i1, i2) = (4, 8)
		final double x1 = 5.5 / 16, x2 = 9.5 / 16;
		assertEquals(2 * Math.cos(Math.PI * 4.5 * x1) * Math.cos(Math.PI * 8.5 * x2), kl.phi(37, 5, 9), 1e-14);
	}

	@Test
	void reconstructionMatchesThePaperCode() {
		final MempostKlBasis kl = MempostKlBasis.paper(16, 16);
		final double[] z = new double[100];
		for (int q = 0; q < z.length; q++) z[q] = Math.cos(0.3 * q + 0.1);
		final double[] m = kl.reconstruct(z, null);
		final int[][] at = { { 0, 0 }, { 3, 11 }, { 15, 2 }, { 7, 7 } };
		final double[] ref = { 0.2542424817455969, 0.2487920472429757, 0.2564867885215945, 0.25021108235240186 };
		for (int i = 0; i < at.length; i++)
			assertEquals(ref[i] * 1e-6, m[at[i][0] + 16 * at[i][1]], 1e-12 * ref[i] * 1e-6, "cell " + at[i][0] + "," + at[i][1]);
	}

	@Test
	void projectionIsThePaperLeastSquares() {
		final MempostKlBasis kl = MempostKlBasis.paper(16, 16);
		final double[] m = new double[256];
		for (int a = 0; a < 16; a++)
			for (int b = 0; b < 16; b++) m[a + 16 * b] = 1e-6 * (0.25 + 0.01 * Math.sin(0.7 * (16 * a + b)));
		final double[] z = kl.project(m, null);
		final int[] p = { 0, 5, 42, 99 };
		final double[] ref = { 0.0006465283305410715, -0.04872514438184178, -2.3015772172079614, 0.21786293081995922 };
		for (int i = 0; i < p.length; i++) assertEquals(ref[i], z[p[i]], 1e-10 * Math.abs(ref[i]) + 1e-13, "coefficient " + p[i]);
	}

	@Test
	void projectInvertsReconstructAndTransposeIsAdjoint() {
		final MempostKlBasis kl = new MempostKlBasis(5, 13, 9, 2500, 3e-8, 0.5, 1.3, 2);
		final SplittableRandom r = new SplittableRandom(3);
		final double[] z = new double[25], g = new double[13 * 9];
		for (int i = 0; i < z.length; i++) z[i] = Seeds.gaussian(r);
		for (int i = 0; i < g.length; i++) g[i] = Seeds.gaussian(r);
		final double[] back = kl.project(kl.reconstruct(z, null), null);
		for (int i = 0; i < z.length; i++) assertEquals(z[i], back[i], 1e-11, "coefficient " + i);
		final double[] pz = kl.perturbation(z, null), tg = kl.perturbationTranspose(g, null);
		double lhs = 0, rhs = 0;
		for (int i = 0; i < g.length; i++) lhs += pz[i] * g[i];
		for (int i = 0; i < z.length; i++) rhs += z[i] * tg[i];
		assertEquals(lhs, rhs, 1e-12 * Math.abs(lhs));
	}

	@Test
	void tooManyModesAreRefused() {
		assertThrows(IllegalArgumentException.class, () -> MempostKlBasis.paper(10, 10));
	}
}
