package org.memfwi.core.born;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.memfwi.core.grid.Grid2D;
import org.memfwi.core.operator.Linearization;
import org.memfwi.core.posterior.Likelihood;
import org.memfwi.core.posterior.LinearizedPosterior;
import org.memfwi.core.prior.TrainingSet;
import org.memfwi.core.progress.Progress;
import org.memfwi.core.util.Seeds;
import org.memfwi.core.wave.Acquisition;
import org.memfwi.core.wave.TimeDomainOperator;
import org.memfwi.core.wave.WaveSettings;
import org.memfwi.core.wave.WaveSetup;
import org.memfwi.core.wave.Wavelet;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;
import org.junit.jupiter.api.Test;

/** The Born operator over reflectivity: adjoint, linearity, and the exact Gaussian-mixture posterior against dense algebra. */
class BornOperatorTest {

	private static final Grid2D GRID = new Grid2D(12, 12, 10);

	private static BornOperator operator() {
		final double w = 110, d = 110;
		final Acquisition acq = new Acquisition(new double[] { 0.25 * w, 0.75 * w }, new double[] { 10, 10 },
			new double[] { 0, 0.2 * w, 0.4 * w, 0.6 * w, 0.8 * w, w }, new double[] { 10, 10, 10, 10, 10, 10 });
		final WaveSetup setup = new WaveSetup(GRID, acq, Wavelet.ricker(30, Wavelet.defaultDelay(30), 1.5e-3, 24),
			WaveSettings.DEFAULT.withOrder(4).withCpml(4).withFreeSurface(false), 1500, 3000, Progress.NONE);
		final double[] v0 = new double[GRID.size()];
		for (int iz = 0; iz < 12; iz++)
			for (int ix = 0; ix < 12; ix++) v0[ix + 12 * iz] = 2000 + 40 * iz + 5 * ix;
		return new BornOperator(new TimeDomainOperator(setup, TimeDomainOperator.Precision.DOUBLE, 1), v0);
	}

	private static double[] random(final int n, final double scale, final long seed) {
		final SplittableRandom r = new SplittableRandom(seed);
		final double[] x = new double[n];
		for (int i = 0; i < n; i++) x[i] = scale * Seeds.gaussian(r);
		return x;
	}

	private static double dot(final double[] a, final double[] b) {
		double s = 0;
		for (int i = 0; i < a.length; i++) s += a[i] * b[i];
		return s;
	}

	@Test
	void adjointPassesTheDotProductTest() {
		final BornOperator b = operator();
		final double[] r = random(b.modelSize(), 0.05, 1), w = random(b.dataSize(), 1, 2);
		final double lhs = dot(b.apply(r, null), w), rhs = dot(r, b.adjoint(w, null));
		assertEquals(lhs, rhs, 1e-12 * Math.abs(lhs));
		// and the reflectivity -> velocity map alone
		final double[] gv = random(b.modelSize(), 1, 3);
		assertEquals(dot(b.velocityPerturbation(r, null), gv), dot(r, b.velocityPerturbationTranspose(gv, null)),
			1e-12 * Math.abs(dot(r, b.velocityPerturbationTranspose(gv, null))));
	}

	@Test
	void reflectivityOfAStepIsItsReflectionCoefficient() {
		final Grid2D g = new Grid2D(3, 6, 10);
		final float[] v = new float[18];
		for (int i = 0; i < 18; i++) v[i] = i / 3 < 3 ? 2000 : 3000;
		final double[] r = Reflectivity.fromVelocity(g, v, 0, null);
		// the exact coefficient (I2 - I1) / (I2 + I1) = 0.2; half the log jump is its first-order form
		assertEquals(0.5 * Math.log(1.5), r[1 + 3 * 3], 1e-15);
		assertEquals(0.2, r[1 + 3 * 3], 0.003);
		assertEquals(0, r[1 + 3 * 4]);
		// band-limited: a zero-mean wavelet keeps the spike's position and removes the column mean
		final double[] bl = Reflectivity.fromVelocity(g, v, 2, null);
		assertEquals(0.5 * Math.log(1.5), bl[1 + 3 * 3], 1e-15);
	}

	@Test
	void linearizedPosteriorIsTheExactClosedForm() {
		final BornOperator b = operator();
		final int d = b.modelSize(), m = b.dataSize(), n = 4;
		final double sigma = 0.02;
		final double[][] x = new double[n][];
		final double[] base = random(d, 0.05, 9);
		for (int k = 0; k < n; k++) {
			x[k] = random(d, 0.004, 10 + k);
			for (int i = 0; i < d; i++) x[k][i] += base[i];
		}
		final double[] y = b.apply(base, null);
		final double[] noise = random(m, 1, 20);
		double scale = 0;
		for (final double v : y) scale = Math.max(scale, Math.abs(v));
		final double gamma = 0.05 * scale;
		for (int i = 0; i < m; i++) y[i] += gamma * noise[i];
		// dense J by columns
		final DMatrixRMaj j;
		try (Linearization lin = b.linearize(new double[d])) {
			j = lin.jacobian();
		}
		// closed form: S = (I / sigma^2 + J^T J / gamma^2)^-1, mu_n = S (x_n / sigma^2 + J^T y / gamma^2),
		// log w_n = log N(y; J x_n, gamma^2 I + sigma^2 J J^T)
		final DMatrixRMaj p = new DMatrixRMaj(d, d);
		CommonOps_DDRM.multTransA(1 / (gamma * gamma), j, j, p);
		for (int i = 0; i < d; i++) p.add(i, i, 1 / (sigma * sigma));
		final DMatrixRMaj s = new DMatrixRMaj(d, d);
		CommonOps_DDRM.invert(p, s);
		final DMatrixRMaj c = new DMatrixRMaj(m, m);
		CommonOps_DDRM.multTransB(sigma * sigma, j, j, c);
		for (int i = 0; i < m; i++) c.add(i, i, gamma * gamma);
		final LinearSolverDense<DMatrixRMaj> chol = LinearSolverFactory_DDRM.chol(m);
		assertTrue(chol.setA(c.copy()));
		final DMatrixRMaj yv = new DMatrixRMaj(m, 1, true, y), jty = new DMatrixRMaj(d, 1);
		CommonOps_DDRM.multTransA(j, yv, jty);
		final double[] lw = new double[n];
		final double[][] mu = new double[n][d];
		for (int k = 0; k < n; k++) {
			final DMatrixRMaj xk = new DMatrixRMaj(d, 1, true, x[k]), r = new DMatrixRMaj(m, 1), sol = new DMatrixRMaj(m, 1);
			CommonOps_DDRM.mult(j, xk, r);
			for (int i = 0; i < m; i++) r.set(i, 0, y[i] - r.get(i, 0));
			chol.solve(r, sol);
			lw[k] = -0.5 * dot(r.data, sol.data);
			final DMatrixRMaj rhs = new DMatrixRMaj(d, 1), out = new DMatrixRMaj(d, 1);
			for (int i = 0; i < d; i++) rhs.set(i, 0, x[k][i] / (sigma * sigma) + jty.get(i, 0) / (gamma * gamma));
			CommonOps_DDRM.mult(s, rhs, out);
			mu[k] = out.data;
		}
		double max = Double.NEGATIVE_INFINITY, z = 0;
		for (final double l : lw) max = Math.max(max, l);
		for (final double l : lw) z += Math.exp(l - max);
		final double[] w = new double[n], mean = new double[d], var = new double[d];
		for (int k = 0; k < n; k++) w[k] = Math.exp(lw[k] - max) / z;
		for (int k = 0; k < n; k++) for (int i = 0; i < d; i++) mean[i] += w[k] * mu[k][i];
		for (int k = 0; k < n; k++)
			for (int i = 0; i < d; i++) var[i] += w[k] * (s.get(i, i) + (mu[k][i] - mean[i]) * (mu[k][i] - mean[i]));

		final LinearizedPosterior.Result res = LinearizedPosterior.compute(new Likelihood(b, y, gamma), TrainingSet.of(x),
			LinearizedPosterior.Settings.of(sigma).withThreads(2).validate(), Progress.NONE);
		double spread = 0;
		for (int k = 0; k < n; k++) {
			assertEquals(w[k], res.weights()[k], 1e-10, "weight " + k);
			spread = Math.max(spread, w[k]);
		}
		assertTrue(spread < 1 - 1e-6, "the test needs more than one component with weight: " + Arrays.toString(w));
		for (int i = 0; i < d; i++) {
			assertEquals(mean[i], res.mean()[i], 1e-10 * 0.05, "mean " + i);
			assertEquals(var[i], res.variance()[i], 1e-10 * sigma * sigma, "variance " + i);
		}
	}
}
