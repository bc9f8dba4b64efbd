package org.memfwi.core.posterior;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;

import org.memfwi.core.operator.AffineOperator;
import org.memfwi.core.prior.TrainingSet;
import org.memfwi.core.progress.Progress;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/** The affine pushforward of a Gaussian mixture against dense matrix products (EJML) and the law of total variance. */
class AffinePushforwardTest {

	@Test
	void pixelMomentsMatchDenseMatrixProducts() {
		final Random r = new Random(5);
		final int d = 4, p = 7, n = 3;
		final double[] f0 = new double[p];
		final double[][] cols = new double[d][p];
		final DMatrixRMaj phi = new DMatrixRMaj(p, d);
		for (int i = 0; i < p; i++) {
			f0[i] = r.nextDouble();
			for (int j = 0; j < d; j++) phi.set(i, j, cols[j][i] = r.nextGaussian());
		}
		final AffinePushforward map = new AffinePushforward(f0, cols);
		// A linear-Gaussian problem: each component is exact, with a dense covariance.
		final DMatrixRMaj a = new DMatrixRMaj(5, d);
		for (int i = 0; i < a.getNumElements(); i++) a.set(i, r.nextGaussian());
		final Likelihood lik = new Likelihood(new AffineOperator(a, null), new double[] { 0.3, -0.2, 0.1, 0.5, 0 }, 0.7);
		final double[][] xs = new double[n][d];
		for (final double[] x : xs) for (int j = 0; j < d; j++) x[j] = r.nextGaussian();
		final double sigma = 0.8;
		final LinearizedComponent[] comps = LinearizedPosterior.components(lik, TrainingSet.of(xs),
			LinearizedPosterior.Settings.of(sigma).withRank(0).validate(), Progress.NONE);
		final LinearizedPosterior.Result res = LinearizedPosterior.combine(comps, sigma, n, 0, 1);
		final AffinePushforward.Moments m = map.moments(Arrays.asList(comps), res.weights(), sigma);

		final double[] mean = new double[p], second = new double[p], within = new double[p];
		for (final LinearizedComponent c : comps) {
			final double w = res.weights()[c.index()];
			final DMatrixRMaj mu = new DMatrixRMaj(d, 1, true, c.mean(sigma, null)), img = new DMatrixRMaj(p, 1);
			CommonOps_DDRM.mult(phi, mu, img);
			final DMatrixRMaj tmp = new DMatrixRMaj(p, d), cov = new DMatrixRMaj(p, p);
			CommonOps_DDRM.mult(phi, c.covariance(sigma), tmp);
			CommonOps_DDRM.multTransB(tmp, phi, cov);
			for (int i = 0; i < p; i++) {
				mean[i] += w * (f0[i] + img.get(i));
				within[i] += w * cov.get(i, i);
				second[i] += w * (f0[i] + img.get(i)) * (f0[i] + img.get(i));
			}
		}
		final double[] variance = new double[p];
		for (int i = 0; i < p; i++) variance[i] = within[i] + second[i] - mean[i] * mean[i];
		assertArrayEquals(mean, m.mean, 1e-12);
		assertArrayEquals(within, m.within, 1e-12);
		assertArrayEquals(variance, m.variance, 1e-10);
		assertEquals(d, map.dimension());
	}
}
