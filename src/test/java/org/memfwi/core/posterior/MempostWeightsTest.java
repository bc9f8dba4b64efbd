package org.memfwi.core.posterior;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.memfwi.core.operator.StylizedOperator;
import org.memfwi.core.prior.TrainingSet;
import org.memfwi.core.progress.Progress;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/** weights=mempost: the paper code's linearized weights (no log-determinant), against its formula with dense matrices. */
class MempostWeightsTest {

	/** mempost gmm.linearized_posterior_components: log w = -1/2 r^T (J sigma^2 J^T + gamma^2 I)^-1 r, then softmax. */
	private static double[] paperWeights(final StylizedOperator op, final double[][] x, final double[] y, final double sigma,
		final double gamma, final boolean withDet)
	{
		final int n = x.length, m = y.length;
		final double[] lw = new double[n];
		for (int k = 0; k < n; k++) {
			final double[] fx = op.apply(x[k], null);
			final DMatrixRMaj j = new DMatrixRMaj(m, x[k].length, true, op.jacobianAt(x[k]));
			final DMatrixRMaj c = new DMatrixRMaj(m, m);
			CommonOps_DDRM.multTransB(sigma * sigma, j, j, c);
			for (int i = 0; i < m; i++) c.add(i, i, gamma * gamma);
			final double det = CommonOps_DDRM.det(c);
			CommonOps_DDRM.invert(c);
			double q = 0;
			for (int a = 0; a < m; a++)
				for (int b = 0; b < m; b++) q += (y[a] - fx[a]) * c.get(a, b) * (y[b] - fx[b]);
			lw[k] = -0.5 * q - (withDet ? 0.5 * Math.log(det) : 0);
		}
		double max = Double.NEGATIVE_INFINITY, z = 0;
		for (final double l : lw) max = Math.max(max, l);
		for (final double l : lw) z += Math.exp(l - max);
		for (int k = 0; k < n; k++) lw[k] = Math.exp(lw[k] - max) / z;
		return lw;
	}

	private static void check(final String key, final double sigma) {
		final StylizedProblem p = StylizedProblem.of(key);
		final TrainingSet t = p.paperTraining();
		final double[][] x = new double[t.size()][];
		for (int k = 0; k < x.length; k++) x[k] = t.copy(k, null);
		final LinearizedComponent[] comps = LinearizedPosterior.components(p.likelihood(), t,
			LinearizedPosterior.Settings.of(sigma).validate(), Progress.NONE);
		final double[] mempost = LinearizedPosterior.combine(comps, sigma, 0, 0, 1, WeightFormula.MEMPOST).weights();
		final double[] exact = LinearizedPosterior.combine(comps, sigma, 0, 0, 1, WeightFormula.EXACT).weights();
		final double[] refM = paperWeights(p.operator(), x, p.data(), sigma, p.gamma(), false);
		final double[] refE = paperWeights(p.operator(), x, p.data(), sigma, p.gamma(), true);
		double diff = 0;
		for (int k = 0; k < x.length; k++) {
			assertEquals(refM[k], mempost[k], 1e-12, key + " mempost weight " + k);
			assertEquals(refE[k], exact[k], 1e-12, key + " exact weight " + k);
			diff += Math.abs(mempost[k] - exact[k]);
		}
		assertTrue(diff > 1e-3, key + ": the log-determinant should matter at sigma = " + sigma + ", L1 " + diff);
	}

	@Test
	void oneDimensional() {
		check("1d", 0.5);
		check("1d", 0.3);
	}

	@Test
	void twoDimensional() {
		check("2d", 0.5);
	}

	@Test
	void stylizedComparisonReportsBoth() {
		final StylizedComparison c = StylizedComparison.run(StylizedProblem.of("1d"), 0.3, 1, Progress.NONE);
		assertEquals(5, c.mempostWeights().length);
		double s = 0;
		for (final double w : c.mempostWeights()) s += w;
		assertEquals(1, s, 1e-12);
	}

	@Test
	void customPointsReachTheComparison() {
		final StylizedProblem p = StylizedProblem.of("1d").withPoints(new double[][] { { -1 }, { 0.5 }, { 2 } });
		final StylizedComparison c = StylizedComparison.run(p, 0.3, 1, Progress.NONE);
		assertEquals(3, c.training().size());
		assertEquals(0.5, c.training().value(1, 0));
	}
}
