package org.memfwi.core.posterior;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.memfwi.core.progress.Progress;

class EffectiveModesTest {

	/** Independent reference: Z_n by composite Simpson in t = (x - x_n) / sigma over [-12, 12], in log space. */
	private static double logMass(final double xn, final double sigma, final double y, final double gamma) {
		final int m = 100000;
		final double h = 24.0 / m;
		final double[] v = new double[m + 1];
		double max = Double.NEGATIVE_INFINITY;
		for (int i = 0; i <= m; i++) {
			final double t = -12 + i * h, x = xn + sigma * t, r = x + 0.3 * x * x * x - y;
			v[i] = -0.5 * t * t - r * r / (2 * gamma * gamma);
			max = Math.max(max, v[i]);
		}
		double s = 0;
		for (int i = 0; i <= m; i++) s += (i == 0 || i == m ? 1 : i % 2 == 1 ? 4 : 2) * Math.exp(v[i] - max);
		return max + Math.log(s * h / 3);
	}

	private static double referenceModes(final double[] x, final double sigma) {
		final double[] lw = new double[x.length];
		for (int i = 0; i < x.length; i++) lw[i] = logMass(x[i], sigma, 0, 0.3);
		double mx = Double.NEGATIVE_INFINITY;
		for (final double l : lw) mx = Math.max(mx, l);
		double z = 0;
		for (final double l : lw) z += Math.exp(l - mx);
		double h = 0;
		for (final double l : lw) {
			final double w = Math.exp(l - mx) / z;
			if (w > 0) h -= w * Math.log(w);
		}
		return Math.exp(h);
	}

	@Test
	void thePapersSetUp() {
		assertArrayEquals(new int[] { 0, 24, 49, 74, 99 }, EffectiveModes.indices(5, 100));
		assertArrayEquals(new int[] { 0, 49, 99 }, EffectiveModes.indices(3, 100));
		final double[] s = EffectiveModes.paperSigmas();
		assertEquals(70, s.length);
		assertEquals(0.01, s[0], 1e-17);
		assertEquals(5, s[69], 1e-14);
		assertEquals(Math.pow(10, -2 + 35 * (Math.log10(5) + 2) / 69), s[35], 1e-15);
		final double[] pool = EffectiveModes.paperPool();
		assertEquals(-3 + 6.0 * 49 / 99, pool[49], 1e-15);
		final EffectiveModes f = EffectiveModes.paper();
		final double x1 = pool[49];
		assertEquals(Math.sqrt(3 * 0.3 / ((1 + 0.9 * 9 + 1 + 0.9 * x1 * x1 + 1 + 0.9 * 9) / 3)), f.sigmaCrit(3), 1e-15);
	}

	@Test
	void exactModesMatchAnIndependentQuadrature() {
		final double[] sigmas = { 0.01, 5 };
		final EffectiveModes f = new EffectiveModes(EffectiveModes.paperPool(), new int[] { 3, 20 }, sigmas, 0, 0.3);
		final EffectiveModes.Result r = f.run(1500, 2, Progress.NONE);
		for (int s = 0; s < 2; s++)
			for (int j = 0; j < sigmas.length; j++) {
				final double ref = referenceModes(f.points(r.sizes()[s]), sigmas[j]);
				assertEquals(ref, r.modes()[s][j], 1e-8 * ref, "N = " + r.sizes()[s] + ", sigma = " + sigmas[j]);
			}
		for (int s = 0; s < 2; s++) {
			final double ref = referenceModes(f.points(r.sizes()[s]), r.sigmaCrit()[s]);
			assertEquals(ref, r.modesAtCrit()[s], 1e-8 * ref, "at sigma_crit, N = " + r.sizes()[s]);
		}
		// collapse: at sigma = 0.01 fewer modes than at 5, and N = 20 keeps more than N = 3 at large sigma
		assertTrue(r.modes()[1][0] < r.modes()[1][1]);
		assertTrue(r.modes()[1][1] > r.modes()[0][1]);
	}

	@Test
	void interpolationIsNumpys() {
		assertEquals(2.5, EffectiveModes.interpolate(new double[] { 1, 2, 4 }, new double[] { 0, 2, 3 }, 3), 1e-15);
		assertTrue(Double.isNaN(EffectiveModes.interpolate(new double[] { 1, 2 }, new double[] { 0, 1 }, 5)));
	}
}
