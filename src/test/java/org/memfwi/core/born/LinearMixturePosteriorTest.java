package org.memfwi.core.born;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.SplittableRandom;

import org.memfwi.core.grid.Grid2D;
import org.memfwi.core.operator.Linearization;
import org.memfwi.core.posterior.LinearMixturePosterior;
import org.memfwi.core.posterior.LinearizedComponent;
import org.memfwi.core.posterior.LinearizedPosterior;
import org.memfwi.core.prior.TrainingSet;
import org.memfwi.core.progress.Progress;
import org.memfwi.core.util.Seeds;
import org.memfwi.core.wave.Acquisition;
import org.memfwi.core.wave.TimeDomainOperator;
import org.memfwi.core.wave.WaveSettings;
import org.memfwi.core.wave.WaveSetup;
import org.memfwi.core.wave.Wavelet;
import org.memfwi.testing.Figures;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;
import org.junit.jupiter.api.Test;

/**
 * The shared-Hessian posterior of a linear operator against the closed form from the dense double-precision Born
 * matrix: exact in double precision, and within the float propagator's rounding with the fast (float) operator.
 */
class LinearMixturePosteriorTest {

	private static final Grid2D GRID = new Grid2D(8, 8, 10);
	/** The closed form of the double-precision problem, computed once. */
	private static Problem problem;
	private static final double SIGMA = 0.02;
	private static final int N = 4;

	private static BornOperator operator(final TimeDomainOperator.Precision precision) {
		final double w = 70;
		final Acquisition acq = new Acquisition(new double[] { 0.25 * w, 0.75 * w }, new double[] { 10, 10 },
			new double[] { 0, 0.2 * w, 0.4 * w, 0.6 * w, 0.8 * w, w }, new double[] { 10, 10, 10, 10, 10, 10 });
		final WaveSetup setup = new WaveSetup(GRID, acq, Wavelet.ricker(30, Wavelet.defaultDelay(30), 1.5e-3, 24),
			WaveSettings.DEFAULT.withOrder(4).withCpml(4).withFreeSurface(false), 1500, 3000, Progress.NONE);
		final double[] v0 = new double[GRID.size()];
		for (int iz = 0; iz < 8; iz++)
			for (int ix = 0; ix < 8; ix++) v0[ix + 8 * iz] = 2000 + 60 * iz + 8 * ix;
		return new BornOperator(new TimeDomainOperator(setup, precision, 1), v0);
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

	/** The problem: training models, data (double-precision Born data of a base model plus 5 % noise), noise level. */
	private static final class Problem {
		final double[][] x = new double[N][];
		final double[] y;
		final double gamma;
		/** Closed form: weights, mean, variance. */
		final double[] w = new double[N], mean, var;

		Problem(final BornOperator b) {
			final int d = b.modelSize(), m = b.dataSize();
			final double[] base = random(d, 0.05, 9);
			for (int k = 0; k < N; k++) {
				x[k] = random(d, 0.004, 10 + k);
				for (int i = 0; i < d; i++) x[k][i] += base[i];
			}
			y = b.apply(base, null);
			final double[] noise = random(m, 1, 20);
			double scale = 0;
			for (final double v : y) scale = Math.max(scale, Math.abs(v));
			gamma = 0.05 * scale;
			for (int i = 0; i < m; i++) y[i] += gamma * noise[i];
			final DMatrixRMaj j;
			try (Linearization lin = b.linearize(new double[d])) {
				j = lin.jacobian();
			}
			// S = (I / sigma^2 + J^T J / gamma^2)^-1, mu_n = S (x_n / sigma^2 + J^T y / gamma^2),
			// log w_n = log N(y; J x_n, gamma^2 I + sigma^2 J J^T)
			final DMatrixRMaj p = new DMatrixRMaj(d, d);
			CommonOps_DDRM.multTransA(1 / (gamma * gamma), j, j, p);
			for (int i = 0; i < d; i++) p.add(i, i, 1 / (SIGMA * SIGMA));
			final DMatrixRMaj s = new DMatrixRMaj(d, d);
			CommonOps_DDRM.invert(p, s);
			final DMatrixRMaj c = new DMatrixRMaj(m, m);
			CommonOps_DDRM.multTransB(SIGMA * SIGMA, j, j, c);
			for (int i = 0; i < m; i++) c.add(i, i, gamma * gamma);
			final LinearSolverDense<DMatrixRMaj> chol = LinearSolverFactory_DDRM.chol(m);
			assertTrue(chol.setA(c.copy()));
			final DMatrixRMaj yv = new DMatrixRMaj(m, 1, true, y), jty = new DMatrixRMaj(d, 1);
			CommonOps_DDRM.multTransA(j, yv, jty);
			final double[] lw = new double[N];
			final double[][] mu = new double[N][d];
			for (int k = 0; k < N; k++) {
				final DMatrixRMaj xk = new DMatrixRMaj(d, 1, true, x[k]), r = new DMatrixRMaj(m, 1), sol = new DMatrixRMaj(m, 1);
				CommonOps_DDRM.mult(j, xk, r);
				for (int i = 0; i < m; i++) r.set(i, 0, y[i] - r.get(i, 0));
				chol.solve(r, sol);
				lw[k] = -0.5 * dot(r.data, sol.data);
				final DMatrixRMaj rhs = new DMatrixRMaj(d, 1), out = new DMatrixRMaj(d, 1);
				for (int i = 0; i < d; i++) rhs.set(i, 0, x[k][i] / (SIGMA * SIGMA) + jty.get(i, 0) / (gamma * gamma));
				CommonOps_DDRM.mult(s, rhs, out);
				mu[k] = out.data;
			}
			double max = Double.NEGATIVE_INFINITY, z = 0;
			for (final double l : lw) max = Math.max(max, l);
			for (final double l : lw) z += Math.exp(l - max);
			mean = new double[d];
			var = new double[d];
			for (int k = 0; k < N; k++) w[k] = Math.exp(lw[k] - max) / z;
			for (int k = 0; k < N; k++) for (int i = 0; i < d; i++) mean[i] += w[k] * mu[k][i];
			for (int k = 0; k < N; k++)
				for (int i = 0; i < d; i++) var[i] += w[k] * (s.get(i, i) + (mu[k][i] - mean[i]) * (mu[k][i] - mean[i]));
			double spread = 0;
			for (final double v : w) spread = Math.max(spread, v);
			assertTrue(spread < 1 - 1e-6, "the test needs more than one component with weight");
		}
	}

	private static synchronized Problem problem() {
		if (problem == null) problem = new Problem(operator(TimeDomainOperator.Precision.DOUBLE));
		return problem;
	}

	private static LinearizedPosterior.Result run(final BornOperator op, final Problem pb, final int rank) {
		return LinearMixturePosterior.compute(op, pb.y, pb.gamma, TrainingSet.of(pb.x),
			LinearizedPosterior.Settings.of(SIGMA).withRank(rank).validate(), 2, Progress.NONE);
	}

	@Test
	void denseSharedHessianIsTheClosedFormInDoublePrecision() {
		final LinearizedPosterior.Result r = run(operator(TimeDomainOperator.Precision.DOUBLE), problem(), 0);
		final Problem pb = problem();
		for (int k = 0; k < N; k++) assertEquals(pb.w[k], r.weights()[k], 1e-10, "weight " + k);
		for (int i = 0; i < GRID.size(); i++) {
			assertEquals(pb.mean[i], r.mean()[i], 1e-10 * 0.05, "mean " + i);
			assertEquals(pb.var[i], r.variance()[i], 1e-10 * SIGMA * SIGMA, "variance " + i);
		}
	}

	@Test
	void fastFloatOperatorIsWithinItsRoundingOfTheClosedForm(final Figures figures) {
		final Problem pb = problem();
		final LinearizedPosterior.Result r = run(operator(TimeDomainOperator.Precision.FLOAT), pb, 0);
		double dw = 0, dm = 0, dv = 0;
		for (int k = 0; k < N; k++) dw = Math.max(dw, Math.abs(pb.w[k] - r.weights()[k]));
		for (int i = 0; i < GRID.size(); i++) {
			dm = Math.max(dm, Math.abs(pb.mean[i] - r.mean()[i]));
			dv = Math.max(dv, Math.abs(pb.var[i] - r.variance()[i]) / pb.var[i]);
		}
		figures.report(String.format(Locale.ROOT, "float propagator vs the double closed form: weights %.2g, mean %.2g " +
			"(reflectivity), variance %.2g relative", dw, dm, dv));
		// measured (12 x 12 and 8 x 8): weights 5e-7, mean 1e-8 of reflectivity ~0.05, variance 4e-7 relative
		assertTrue(dw < 5e-6, "weights differ by " + dw);
		assertTrue(dm < 1e-7, "means differ by " + dm);
		assertTrue(dv < 5e-6, "variances differ by " + dv + " relative");
	}

	@Test
	void randomizedRankKeepsTheLeadingEigenpairsAndIsNotExact() {
		final BornOperator b = operator(TimeDomainOperator.Precision.FLOAT);
		final Problem pb = problem();
		final LinearMixturePosterior.Shared sh = LinearMixturePosterior.shared(b, pb.y, pb.gamma, 20, 10, 1, 1, 1, Progress.NONE);
		assertEquals(20, sh.rank());
		assertFalse(sh.isExact());
		final LinearMixturePosterior.Shared dense = LinearMixturePosterior.shared(b, pb.y, pb.gamma, 0, 10, 1, 1, 2, Progress.NONE);
		assertTrue(dense.isExact());
		// the leading eigenvalues of the randomized solver are those of the dense H (one power iteration, 10 extra directions)
		for (int i = 0; i < 4; i++)
			assertEquals(dense.eigenvalues()[i], sh.eigenvalues()[i], 1e-4 * dense.eigenvalues()[i], "eigenvalue " + i);
	}

	@Test
	void componentsFromMisfitsEqualThoseFromWaveRuns(final Figures figures) {
		final BornOperator b = operator(TimeDomainOperator.Precision.FLOAT);
		final Problem pb = problem();
		final LinearMixturePosterior.Shared sh = LinearMixturePosterior.shared(b, pb.y, pb.gamma, 0, 10, 1, 1, 2, Progress.NONE);
		final TrainingSet t = TrainingSet.of(pb.x);
		final LinearizedComponent[] runs = sh.components(t, N, 2, Progress.NONE);
		final double[] misfits = new double[N];
		for (int k = 0; k < N; k++) misfits[k] = runs[k].spectrum().misfit();
		final LinearizedComponent[] algebra = sh.components(t, N, misfits, 2, Progress.NONE);
		double dl = 0, dm = 0;
		for (int k = 0; k < N; k++) {
			dl = Math.max(dl, Math.abs(runs[k].logWeight(SIGMA) - algebra[k].logWeight(SIGMA)) / Math.abs(runs[k].logWeight(SIGMA)));
			final double[] m1 = runs[k].mean(SIGMA, null), m2 = algebra[k].mean(SIGMA, null);
			for (int i = 0; i < m1.length; i++) dm = Math.max(dm, Math.abs(m1[i] - m2[i]));
		}
		figures.report(String.format(Locale.ROOT, "components from misfits (g = c - H x) vs wave runs, float: log weights %.2g " +
			"relative, means %.2g (reflectivity)", dl, dm));
		// both are float-propagator rounding of the same quantities (g = B^T r / gamma^2 with r = y - B x, or c - H x)
		assertTrue(dl < 1e-6, "log weights differ by " + dl + " relative");
		assertTrue(dm < 1e-6, "means differ by " + dm);
		// and the posterior from them is within the float tolerances of the double closed form
		final LinearizedPosterior.Result r = LinearizedPosterior.combine(algebra, SIGMA, 0, 0, 1);
		for (int k = 0; k < N; k++) assertEquals(pb.w[k], r.weights()[k], 5e-6, "weight " + k);
		for (int i = 0; i < GRID.size(); i++) assertEquals(pb.mean[i], r.mean()[i], 1e-6, "mean " + i);
	}
}
