package org.memfwi.core.prior;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Pins {@link MempostRandomField} to the paper's GRF package. The reference numbers were computed by
 * {@code GaussianRandomField(2, size=8, alpha=3, tau=5, bounds=(1/3000**2, 1/1500**2))} of github.com/luqigroup/grf
 * (grf_with_score.py) with numpy, the field as {@code ifftn(sqrt_eig * xi).real * std_scale + mean} for
 * {@code xi[i, j] = sin(1 + i + 3 j)}.
 */
class MempostRandomFieldTest {

	private static double[] xi(final int n) {
		final double[] xi = new double[n * n];
		for (int i = 0; i < n; i++)
			for (int j = 0; j < n; j++) xi[i * n + j] = Math.sin(1 + i + 3 * j);
		return xi;
	}

	@Test
	void scalingAndEigenvaluesMatchThePaperPackage() {
		final MempostRandomField f = MempostRandomField.training(8);
		assertEquals(2.7777777777777776e-07, f.mean(), 1e-12 * 2.8e-7);
		assertEquals(5.555555555555556e-08, f.std(), 1e-12 * 5.6e-8);
		assertEquals(3.4930135566769027e-07, f.stdScale(), 1e-12 * 3.5e-7);
		assertEquals(5.679531414830245e-14, f.eigenvalue(1, 2), 1e-12 * 5.7e-14);
		assertEquals(1.5693685432336481e-15, f.eigenvalue(5, 3), 1e-12 * 1.6e-15);
		assertEquals(2.921527735589368e-16, f.eigenvalue(4, 4), 1e-12 * 2.9e-16);
		assertEquals(0, f.eigenvalue(0, 0));
		final MempostRandomField ood = new MempostRandomField(6, 1.5, 1, 1500, 3000);
		assertEquals(2.3519977971044556e-07, ood.stdScale(), 1e-12 * 2.4e-7);
		assertEquals(5.1312396216224245e-14, ood.eigenvalue(2, 5), 1e-12 * 5.1e-14);
	}

	@Test
	void fieldOfGivenCoefficientsMatchesThePaperPackage() {
		final double[] m = MempostRandomField.training(8).field(xi(8), null);
		final int[][] at = { { 0, 0 }, { 3, 5 }, { 7, 1 }, { 4, 4 } };
		final double[] ref = { 2.7710792875954665e-07, 2.373172369249056e-07, 2.831446163962596e-07, 2.1441601647780764e-07 };
		for (int p = 0; p < at.length; p++)
			assertEquals(ref[p], m[at[p][0] + 8 * at[p][1]], 1e-12 * ref[p], "cell " + at[p][0] + "," + at[p][1]);
	}

	@Test
	void samplesHaveTheFieldsCovariance() {
		final int n = 8, count = 4000;
		final MempostRandomField f = MempostRandomField.training(n);
		// Exact: the variance at the origin is the target std^2; elsewhere the real part keeps about half of it.
		assertEquals(f.std() * f.std(), f.covariance(0, 0, 0, 0), 1e-12 * f.std() * f.std());
		final double[] sum = new double[n * n];
		double s00 = 0, s12 = 0, s00x10 = 0;
		final double[] m = new double[n * n];
		for (int k = 0; k < count; k++) {
			f.sample(7, k, m);
			for (int c = 0; c < m.length; c++) sum[c] += m[c];
			final double a = m[0] - f.mean(), b = m[1 + n * 2] - f.mean(), c = m[1] - f.mean();
			s00 += a * a;
			s12 += b * b;
			s00x10 += a * c;
		}
		final double v00 = f.covariance(0, 0, 0, 0), v12 = f.covariance(1, 2, 1, 2), c01 = f.covariance(0, 0, 1, 0);
		assertTrue(v12 < 0.75 * v00, "off-axis variance " + v12 + " should be well below " + v00);
		// Five standard errors: var(s^2) = 2 v^2 / count; var of the cross product = (v00 v10 + c^2) / count.
		assertEquals(v00, s00 / count, 5 * v00 * Math.sqrt(2.0 / count));
		assertEquals(v12, s12 / count, 5 * v12 * Math.sqrt(2.0 / count));
		final double v10 = f.covariance(1, 0, 1, 0);
		assertEquals(c01, s00x10 / count, 5 * Math.sqrt((v00 * v10 + c01 * c01) / count));
		for (int c = 0; c < sum.length; c++) {
			final double se = Math.sqrt(f.covariance(c % n, c / n, c % n, c / n) / count);
			assertEquals(f.mean(), sum[c] / count, 5 * se, "mean at cell " + c);
		}
	}

	@Test
	void oddOrTinyGridsAreRefusedWithTheFix() {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MempostRandomField.training(9));
		assertTrue(e.getMessage().contains("even"), e.getMessage());
	}
}
