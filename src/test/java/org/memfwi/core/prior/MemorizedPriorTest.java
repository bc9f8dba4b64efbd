package org.memfwi.core.prior;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;

import org.memfwi.core.util.Seeds;

import org.junit.jupiter.api.Test;

import com.sun.management.ThreadMXBean;

/** The closed-form memorized diffusion prior against direct formulas and finite differences. */
class MemorizedPriorTest {

	private static double[][] randomSet(final int n, final int d, final long seed) {
		final SplittableRandom r = Seeds.stream(seed, 0);
		final double[][] x = new double[n][d];
		for (final double[] m : x)
			for (int i = 0; i < d; i++) m[i] = Seeds.gaussian(r);
		return x;
	}

	private static double[] randomVector(final int d, final SplittableRandom r, final double scale) {
		final double[] v = new double[d];
		for (int i = 0; i < d; i++) v[i] = scale * Seeds.gaussian(r);
		return v;
	}

	@Test
	void logDensityAndDenoiserEqualTheDirectSums() {
		final double[][] x = randomSet(4, 3, 1);
		final MemorizedPrior p = new MemorizedPrior(TrainingSet.of(x));
		final MemorizedPrior.Workspace ws = p.workspace();
		final double sigma = 0.7;
		final double[] at = { 0.3, -0.2, 0.5 };
		double dens = 0;
		final double[] num = new double[3];
		for (final double[] m : x) {
			double q = 0;
			for (int i = 0; i < 3; i++) q += (at[i] - m[i]) * (at[i] - m[i]);
			final double g = Math.exp(-q / (2 * sigma * sigma)) / Math.pow(2 * Math.PI * sigma * sigma, 1.5);
			dens += g / 4;
			for (int i = 0; i < 3; i++) num[i] += g / 4 * m[i];
		}
		assertEquals(Math.log(dens), p.logDensity(at, sigma, ws), 1e-13);
		final double[] dn = p.denoise(at, sigma, new double[3], ws);
		for (int i = 0; i < 3; i++) assertEquals(num[i] / dens, dn[i], 1e-14);
		double total = 0;
		for (final double pi : ws.responsibilities()) total += pi;
		assertEquals(1, total, 1e-15);
	}

	@Test
	void densityIntegratesToOneIn1D() {
		final MemorizedPrior p = new MemorizedPrior(TrainingSet.of(new double[] { -1.5 }, new double[] { 0.4 }, new double[] { 2.5 }));
		final MemorizedPrior.Workspace ws = p.workspace();
		final double h = 1e-3;
		double s = 0;
		for (double x = -8; x < 9; x += h) s += Math.exp(p.logDensity(new double[] { x + h / 2 }, 0.3, ws)) * h;
		assertEquals(1, s, 1e-10);
	}

	@Test
	void scoreIsTheGradientOfTheLogDensity() {
		final SplittableRandom r = Seeds.stream(2, 1);
		final MemorizedPrior p = new MemorizedPrior(TrainingSet.of(randomSet(7, 5, 2)));
		final MemorizedPrior.Workspace ws = p.workspace();
		for (final double sigma : new double[] { 0.3, 1, 2.5 }) {
			final double[] x = randomVector(5, r, 1);
			final double[] score = p.score(x, sigma, new double[5], ws);
			final double h = 1e-5 * sigma;
			for (int i = 0; i < 5; i++) {
				final double[] xp = x.clone(), xm = x.clone();
				xp[i] += h;
				xm[i] -= h;
				final double fd = (p.logDensity(xp, sigma, ws) - p.logDensity(xm, sigma, ws)) / (2 * h);
				assertEquals(fd, score[i], 1e-6 * Math.max(1, Math.abs(fd)), "sigma " + sigma + " component " + i);
			}
		}
	}

	@Test
	void denoiserVjpMatchesFiniteDifferencesAndIsSymmetric() {
		final SplittableRandom r = Seeds.stream(3, 1);
		final int d = 6;
		final MemorizedPrior p = new MemorizedPrior(TrainingSet.of(randomSet(9, d, 3)));
		final MemorizedPrior.Workspace ws = p.workspace();
		for (final double sigma : new double[] { 0.4, 1.2 }) {
			final double[] x = randomVector(d, r, 1), u = randomVector(d, r, 1), v = randomVector(d, r, 1);
			final double[] vjp = p.denoiserVjp(x, sigma, v, new double[d], ws);
			final double h = 1e-6;
			final double[] xp = x.clone(), xm = x.clone();
			for (int i = 0; i < d; i++) {
				xp[i] += h * u[i];
				xm[i] -= h * u[i];
			}
			final double[] dp = p.denoise(xp, sigma, new double[d], ws), dm = p.denoise(xm, sigma, new double[d], ws);
			double fd = 0, an = 0;
			for (int i = 0; i < d; i++) {
				fd += v[i] * (dp[i] - dm[i]) / (2 * h);
				an += u[i] * vjp[i];
			}
			assertEquals(fd, an, 1e-7 * Math.max(1, Math.abs(fd)), "v . (dD/dx) u at sigma " + sigma);
			// The Jacobian is symmetric: u . J^T v = v . J^T u.
			final double[] vjpU = p.denoiserVjp(x, sigma, u, new double[d], ws);
			double other = 0;
			for (int i = 0; i < d; i++) other += v[i] * vjpU[i];
			assertEquals(an, other, 1e-12 * Math.max(1, Math.abs(an)));
			// The cached form (after denoise at the same point) gives the same product.
			p.denoise(x, sigma, new double[d], ws);
			assertArrayEquals(vjp, p.denoiserVjp(v, new double[d], ws), 0);
		}
	}

	@Test
	void imagesFarFromEveryTrainingModelDenoiseToTheNearestOne() {
		// 50 float "images" of 70 x 70 around 3000 m/s; sigma = 1 m/s makes every exp(-||x - x_n||^2 / 2 sigma^2) underflow.
		final int n = 50, d = 70 * 70;
		final SplittableRandom r = Seeds.stream(4, 0);
		final float[][] imgs = new float[n][d];
		for (final float[] m : imgs)
			for (int i = 0; i < d; i++) m[i] = (float) (3000 + 200 * Seeds.gaussian(r));
		final MemorizedPrior p = new MemorizedPrior(TrainingSet.ofFloats(imgs));
		final MemorizedPrior.Workspace ws = p.workspace();
		final double[] x = new double[d];
		for (int i = 0; i < d; i++) x[i] = imgs[17][i] + 30 * Seeds.gaussian(r);
		final double[] dn = p.denoise(x, 1.0, new double[d], ws);
		for (int i = 0; i < d; i++) assertEquals(imgs[17][i], dn[i], 0);
		assertEquals(1.0, ws.responsibilities()[17], 0);
		final double lp = p.logDensity(x, 1.0, ws);
		assertTrue(Double.isFinite(lp) && lp < -1e5, "log density " + lp);
		final double[] s = p.score(x, 1.0, new double[d], ws);
		for (int i = 0; i < d; i++) assertEquals(imgs[17][i] - x[i], s[i], 1e-9);
		// The VJP vanishes where one responsibility is 1: D is locally constant.
		final double[] vjp = p.denoiserVjp(x, 1.0, x, new double[d], ws);
		for (final double v : vjp) assertEquals(0, v, 0);
	}

	@Test
	void callsAllocateNothing() {
		final Object mx = ManagementFactory.getThreadMXBean();
		if (!(mx instanceof ThreadMXBean)) return; // not measurable on this JVM (no per-thread allocation counter)
		final ThreadMXBean bean = (ThreadMXBean) mx;
		final int d = 400;
		final MemorizedPrior p = new MemorizedPrior(TrainingSet.of(randomSet(30, d, 5)));
		final MemorizedPrior.Workspace ws = p.workspace();
		final double[] x = randomVector(d, Seeds.stream(5, 1), 1), v = randomVector(d, Seeds.stream(5, 2), 1);
		final double[] out = new double[d];
		double sink = 0;
		for (int i = 0; i < 3000; i++) sink += run(p, ws, x, v, out); // warm up and compile
		final long tid = Thread.currentThread().getId();
		final long before = bean.getThreadAllocatedBytes(tid);
		for (int i = 0; i < 500; i++) sink += run(p, ws, x, v, out);
		final long allocated = bean.getThreadAllocatedBytes(tid) - before;
		assertTrue(Double.isFinite(sink));
		// One d-array would be 3.2 KB per call, 1.6 MB over 500 calls: allow only measurement noise.
		assertTrue(allocated < 4096, "allocated " + allocated + " bytes in 500 calls");
	}

	private static double run(final MemorizedPrior p, final MemorizedPrior.Workspace ws, final double[] x, final double[] v,
		final double[] out) {
		double s = p.logDensity(x, 0.8, ws);
		s += p.denoise(x, 0.8, out, ws)[0];
		s += p.score(x, 0.8, out, ws)[1];
		s += p.denoiserVjp(x, 0.8, v, out, ws)[2];
		return s + p.denoiserVjp(v, out, ws)[3];
	}

	@Test
	void badInputNamesTheParameter() {
		final MemorizedPrior p = new MemorizedPrior(TrainingSet.of(new double[] { 1, 2 }));
		final MemorizedPrior.Workspace ws = p.workspace();
		for (final double s : new double[] { 0, -1, Double.NaN, Double.POSITIVE_INFINITY }) {
			final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.score(new double[2], s, new double[2], ws));
			assertTrue(e.getMessage().startsWith("sigma (noise level of the memorized prior) must be positive and finite, got " + s),
				e.getMessage());
		}
		assertEquals("x has the non-finite value NaN at index 1",
			assertThrows(IllegalArgumentException.class, () -> p.denoise(new double[] { 0, Double.NaN }, 1, new double[2], ws)).getMessage());
		assertEquals("x has 3 values but the training models have 2",
			assertThrows(IllegalArgumentException.class, () -> p.denoise(new double[3], 1, new double[3], ws)).getMessage());
		assertEquals("the training set is empty; give at least one training model",
			assertThrows(IllegalArgumentException.class, () -> TrainingSet.of()).getMessage());
		assertEquals("training model 2 has the non-finite value NaN at index 0; remove or repair that model",
			assertThrows(IllegalArgumentException.class, () -> TrainingSet.ofFloats(new float[] { 1 }, new float[] { Float.NaN })).getMessage());
		assertEquals("training model 2 has 1 values but model 1 has 2; all training models must have the same size",
			assertThrows(IllegalArgumentException.class, () -> TrainingSet.of(new double[2], new double[1])).getMessage());
		assertThrows(IllegalStateException.class, () -> {
			p.logDensity(new double[2], 1, ws);
			p.denoiserVjp(new double[2], new double[2], ws);
		});
	}
}
