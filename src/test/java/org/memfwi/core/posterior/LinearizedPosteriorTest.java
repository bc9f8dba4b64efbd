package org.memfwi.core.posterior;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.memfwi.core.operator.AffineOperator;
import org.memfwi.core.operator.ForwardOperator;
import org.memfwi.core.operator.Linearization;
import org.memfwi.core.operator.TestOperators;
import org.memfwi.core.prior.TrainingSet;
import org.memfwi.core.progress.CanceledException;
import org.memfwi.core.progress.Progress;
import org.memfwi.core.util.LogSpace;
import org.memfwi.core.util.Seeds;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;
import org.junit.jupiter.api.Test;

/** The linearized Gaussian-mixture posterior against independent references: limits, data-space formulas, quadrature. */
class LinearizedPosteriorTest {

	private static LinearizedPosterior.Result dense(final Likelihood lik, final TrainingSet t, final double sigma) {
		return LinearizedPosterior.compute(lik, t, LinearizedPosterior.Settings.of(sigma).withKeep(t.size()).validate(), Progress.NONE);
	}

	/** The linearized mixture as a density (dense covariances), for quadrature. */
	static GaussianMixture mixture(final LinearizedComponent[] c, final double sigma) {
		final double[] lw = new double[c.length];
		final double[][] mu = new double[c.length][];
		final DMatrixRMaj[] cov = new DMatrixRMaj[c.length];
		for (int i = 0; i < c.length; i++) {
			lw[i] = c[i].logWeight(sigma);
			mu[i] = c[i].mean(sigma, null);
			cov[i] = c[i].covariance(sigma);
		}
		return new GaussianMixture(lw, mu, cov);
	}

	@Test
	void reducesToTheReweightedTrainingSetAsSigmaShrinks() {
		for (final String key : new String[] { "1d", "2d" }) {
			final StylizedProblem p = StylizedProblem.of(key);
			final TrainingSet t = p.paperTraining();
			final ReweightedPosterior rw = ReweightedPosterior.compute(p.likelihood(), t, 1, Progress.NONE);
			final LinearizedPosterior.Result lin = dense(p.likelihood(), t, 1e-6);
			assertArrayEquals(rw.weights(), lin.weights(), 1e-9, key);
			assertArrayEquals(rw.mean(), lin.mean(), 1e-9, key);
			assertArrayEquals(rw.variance(), lin.variance(), 1e-9, key);
			assertEquals(rw.effectiveModes(), lin.effectiveModes(), 1e-9, key);
			assertArrayEquals(rw.weights(), LogSpaceTestSupport.exp(lin.reweightedLogWeights()), 1e-15);
		}
		// Every log-likelihood below -1e5: the weights are still exact and still converge.
		final StylizedProblem far = StylizedProblem.of("2d").withData(new double[] { 150, -200 });
		final TrainingSet t = far.paperTraining();
		final ReweightedPosterior rw = ReweightedPosterior.compute(far.likelihood(), t, 1, Progress.NONE);
		for (final double l : rw.logLikelihoods()) assertTrue(l < -1e5, "log-likelihood " + l);
		final LinearizedPosterior.Result lin = dense(far.likelihood(), t, 1e-9);
		assertArrayEquals(rw.weights(), lin.weights(), 1e-9);
		double sum = 0;
		for (final double w : lin.weights()) sum += w;
		assertEquals(1, sum, 1e-14);
		// At a finite sigma the weights remain finite and normalized although every likelihood underflows.
		final LinearizedPosterior.Result at = dense(far.likelihood(), t, 0.3);
		for (final double w : at.weights()) assertTrue(w >= 0 && w <= 1);
		assertTrue(at.effectiveModes() >= 1);
	}

	@Test
	void denseComponentsMatchTheDataSpaceFormulas() {
		// log N(r; 0, C), C = gamma^2 I + sigma^2 J J^T; mu = x + sigma^2 J^T C^-1 r; S = sigma^2 I - sigma^4 J^T C^-1 J.
		final StylizedProblem p = StylizedProblem.of("2d");
		final Likelihood lik = p.likelihood();
		final TrainingSet t = p.training(12, 5);
		final LinearizedComponent[] comps = LinearizedPosterior.components(lik, t, LinearizedPosterior.Settings.of(1).validate(),
			Progress.NONE);
		for (final double sigma : new double[] { 0.05, 0.3, 1.5 }) {
			double ref0 = 0, ours0 = 0;
			for (int n = 0; n < comps.length; n++) {
				final double[] x = t.copy(n, null);
				final Linearization l = lik.operator().linearize(x);
				final DMatrixRMaj j = l.jacobian();
				final DMatrixRMaj r = new DMatrixRMaj(2, 1, true, lik.residual(l.value(), null));
				final DMatrixRMaj c = new DMatrixRMaj(2, 2);
				CommonOps_DDRM.multTransB(sigma * sigma, j, j, c);
				c.add(0, 0, 0.09);
				c.add(1, 1, 0.09);
				final DMatrixRMaj cInv = new DMatrixRMaj(2, 2);
				CommonOps_DDRM.invert(c, cInv);
				final DMatrixRMaj cr = new DMatrixRMaj(2, 1);
				CommonOps_DDRM.mult(cInv, r, cr);
				final double ref = -0.5 * (CommonOps_DDRM.dot(r, cr) + Math.log(CommonOps_DDRM.det(c)));
				final double ours = comps[n].logWeight(sigma);
				if (n == 0) {
					ref0 = ref;
					ours0 = ours;
				}
				else assertEquals(ref - ref0, ours - ours0, 1e-11, "log-weight difference, sigma " + sigma + " component " + n);
				final DMatrixRMaj jtcr = new DMatrixRMaj(2, 1);
				CommonOps_DDRM.multTransA(j, cr, jtcr);
				final double[] mu = comps[n].mean(sigma, null);
				for (int i = 0; i < 2; i++) assertEquals(x[i] + sigma * sigma * jtcr.get(i), mu[i], 1e-12, "mean");
				final DMatrixRMaj cj = new DMatrixRMaj(2, 2), s = new DMatrixRMaj(2, 2);
				CommonOps_DDRM.mult(cInv, j, cj);
				CommonOps_DDRM.multTransA(j, cj, s);
				final DMatrixRMaj cov = comps[n].covariance(sigma);
				final double[] diag = comps[n].covarianceDiagonal(sigma, null);
				for (int a = 0; a < 2; a++) {
					for (int b = 0; b < 2; b++)
						assertEquals((a == b ? sigma * sigma : 0) - Math.pow(sigma, 4) * s.get(a, b), cov.get(a, b), 1e-12 * sigma * sigma);
					assertEquals(cov.get(a, a), diag[a], 1e-15);
				}
			}
		}
	}

	@Test
	void linearizedMixtureIsTheExactPosteriorForAnAffineOperator() {
		final AffineOperator op = new AffineOperator(new DMatrixRMaj(new double[][] { { 1, 0.5 }, { 0.2, 1.5 } }), new double[] { 0.1, 0 });
		final Likelihood lik = new Likelihood(op, new double[] { 0.8, 0.3 }, 0.3);
		final TrainingSet t = TrainingSet.of(new double[] { 1, 0 }, new double[] { -0.5, 0.8 }, new double[] { 0.2, -1 });
		final double sigma = 0.4;
		final ExactPosterior exact = new ExactPosterior(lik, t, sigma, 800, 0);
		final LinearizedComponent[] comps = LinearizedPosterior.components(lik, t, LinearizedPosterior.Settings.of(sigma).validate(),
			Progress.NONE);
		final GridDensity ex = exact.posterior();
		final GridDensity gm = GridDensity.of(exact.grid(), mixture(comps, sigma), 0);
		assertEquals(0, ex.l1(gm), 1e-9);
		final LinearizedPosterior.Result r = LinearizedPosterior.combine(comps, sigma, 0, 0, 1);
		assertArrayEquals(exact.componentWeights(0), r.weights(), 1e-11);
		final double[] m = ex.mean(), c = ex.covariance();
		assertArrayEquals(m, r.mean(), 1e-10);
		assertEquals(c[0], r.variance()[0], 1e-10);
		assertEquals(c[3], r.variance()[1], 1e-10);
	}

	@Test
	void logDeterminantTermIsNeededWhenJacobiansDiffer() {
		// Affine pieces with slopes 0.5, 3 and 8 around training points -3, 0, 3 (boundaries 12.5 sigma away): the
		// linearized mixture is exact, and only the log-determinant term accounts for the different slopes.
		final double[] centres = { -3, 0, 3 };
		final ForwardOperator op = TestOperators.piecewiseLinear(centres, new double[] { 0.5, 3, 8 }, new double[] { 0.2, -0.1, 0.05 });
		final Likelihood lik = new Likelihood(op, new double[] { 0 }, 0.3);
		final TrainingSet t = TrainingSet.of(new double[] { -3 }, new double[] { 0 }, new double[] { 3 });
		final double sigma = 0.12;
		final double[] exact = new ExactPosterior(lik, t, sigma, 200_000, 0).componentWeights(0);
		final LinearizedComponent[] comps = LinearizedPosterior.components(lik, t, LinearizedPosterior.Settings.of(sigma).validate(),
			Progress.NONE);
		final LinearizedPosterior.Result r = LinearizedPosterior.combine(comps, sigma, 0, 0, 1);
		assertArrayEquals(exact, r.weights(), 1e-10);
		// Without the log-determinant the weights are badly off.
		final double[] noLogDet = new double[3];
		for (int n = 0; n < 3; n++) {
			final WeightSpectrum s = comps[n].spectrum();
			noLogDet[n] = comps[n].logWeight(sigma) + 0.5 * Math.log1p(sigma * sigma * s.eigenvalue(0));
		}
		final double[] wrong = LogSpace.softmax(noLogDet, null);
		double err = 0;
		for (int n = 0; n < 3; n++) err = Math.max(err, Math.abs(wrong[n] - exact[n]));
		assertTrue(err > 0.05, "dropping the log-determinant changes the weights by only " + err);
	}

	@Test
	void denseAndMatrixFreePathsAgree() {
		final int d = 30, m = 6;
		final ForwardOperator op = TestOperators.smooth(d, m, 11);
		final SplittableRandom rnd = Seeds.stream(12, 0);
		final double[][] xs = new double[8][d];
		for (final double[] x : xs)
			for (int i = 0; i < d; i++) x[i] = Seeds.gaussian(rnd);
		final double[] truth = new double[d];
		for (int i = 0; i < d; i++) truth[i] = 0.5 * xs[0][i] + 0.5 * Seeds.gaussian(rnd);
		final Likelihood lik = new Likelihood(op, op.apply(truth, null), 0.5);
		final TrainingSet t = TrainingSet.of(xs);
		final double sigma = 0.4;
		final LinearizedPosterior.Result dense = LinearizedPosterior.compute(lik, t,
			LinearizedPosterior.Settings.of(sigma).validate(), Progress.NONE);
		// J^T J has rank m = 6 <= k = 8: the matrix-free path is exact up to rounding.
		final LinearizedPosterior.Result free = LinearizedPosterior.compute(lik, t,
			LinearizedPosterior.Settings.of(sigma).withRank(8).withOversampling(4).withPower(1).validate(), Progress.NONE);
		assertTrue(dense.effectiveModes() > 1.5, "a test with several components: " + dense.effectiveModes());
		assertArrayEquals(dense.weights(), free.weights(), 1e-10);
		assertArrayEquals(dense.mean(), free.mean(), 1e-10);
		assertArrayEquals(dense.variance(), free.variance(), 1e-10);
		assertArrayEquals(dense.withinVariance(), free.withinVariance(), 1e-10);
		// Truncated below the rank: directions left out keep the prior variance, so the variance can only grow.
		final LinearizedPosterior.Result trunc = LinearizedPosterior.compute(lik, t,
			LinearizedPosterior.Settings.of(sigma).withRank(3).validate(), Progress.NONE);
		for (int i = 0; i < d; i++) assertTrue(trunc.withinVariance()[i] >= dense.withinVariance()[i] - 1e-12, "pixel " + i);
	}

	@Test
	void streamingIsDeterministicAndEqualsTheFullCombination() {
		final ForwardOperator op = TestOperators.smooth(12, 9, 21);
		final SplittableRandom rnd = Seeds.stream(22, 0);
		final double[][] xs = new double[23][12];
		for (final double[] x : xs)
			for (int i = 0; i < 12; i++) x[i] = Seeds.gaussian(rnd);
		final Likelihood lik = new Likelihood(op, op.apply(xs[4], null), 0.8);
		final TrainingSet t = TrainingSet.of(xs);
		final LinearizedPosterior.Result[] r = new LinearizedPosterior.Result[3];
		for (int i = 0; i < 3; i++)
			r[i] = LinearizedPosterior.compute(lik, t, LinearizedPosterior.Settings.of(0.5).withRank(4).withKeep(5).withSamples(3)
				.withThreads(new int[] { 1, 3, 2 }[i]).withSeed(9).validate(), Progress.NONE);
		for (int i = 1; i < 3; i++) {
			assertArrayEquals(r[0].weights(), r[i].weights(), 0);
			assertArrayEquals(r[0].mean(), r[i].mean(), 0);
			assertArrayEquals(r[0].variance(), r[i].variance(), 0);
			for (int s = 0; s < 3; s++) assertArrayEquals(r[0].samples()[s], r[i].samples()[s], 0);
		}
		final LinearizedPosterior.Result all = LinearizedPosterior.combine(LinearizedPosterior.components(lik, t,
			LinearizedPosterior.Settings.of(0.5).withRank(4).withSeed(9).validate(), Progress.NONE), 0.5, 5, 3, 9);
		assertArrayEquals(all.weights(), r[0].weights(), 1e-15);
		assertArrayEquals(all.mean(), r[0].mean(), 1e-13);
		assertArrayEquals(all.variance(), r[0].variance(), 1e-13);
		final int[] rank = r[0].ranking();
		assertEquals(5, r[0].leading().size());
		for (int i = 0; i < 5; i++) {
			final LinearizedComponent c = r[0].leading().get(i);
			assertEquals(rank[i], c.index());
			final double[] mu = c.mean(0.5, null), shift = c.shift(0.5, null);
			for (int j = 0; j < 12; j++) assertEquals(mu[j] - xs[c.index()][j], shift[j], 1e-14);
		}
		// Two-pass reference for the moments: sum w mu and sum w (diag S + mu^2) - mean^2.
		final LinearizedComponent[] c = LinearizedPosterior.components(lik, t, LinearizedPosterior.Settings.of(0.5).withRank(4).withSeed(9).validate(),
			Progress.NONE);
		final double[] mean = new double[12], second = new double[12];
		for (int n = 0; n < c.length; n++) {
			final double[] mu = c[n].mean(0.5, null), dg = c[n].covarianceDiagonal(0.5, null);
			for (int i = 0; i < 12; i++) {
				mean[i] += r[0].weights()[n] * mu[i];
				second[i] += r[0].weights()[n] * (dg[i] + mu[i] * mu[i]);
			}
		}
		for (int i = 0; i < 12; i++) {
			assertEquals(mean[i], r[0].mean()[i], 1e-12);
			assertEquals(second[i] - mean[i] * mean[i], r[0].variance()[i], 1e-10);
		}
	}

	@Test
	void linearizingOnlyTheBestModelsKeepsTheOthersAsReweightedPointMasses() {
		final ForwardOperator op = TestOperators.smooth(10, 7, 31);
		final SplittableRandom rnd = Seeds.stream(32, 0);
		final double[][] xs = new double[17][10];
		for (final double[] x : xs)
			for (int i = 0; i < 10; i++) x[i] = Seeds.gaussian(rnd);
		final Likelihood lik = new Likelihood(op, op.apply(xs[6], null), 0.7);
		final TrainingSet t = TrainingSet.of(xs);
		final double sigma = 0.4;
		final int best = 5;
		final LinearizedPosterior.Result[] r = new LinearizedPosterior.Result[2];
		for (int i = 0; i < 2; i++)
			r[i] = LinearizedPosterior.compute(lik, t, LinearizedPosterior.Settings.of(sigma).withLinearize(best).withKeep(3).withSamples(4)
				.withThreads(i + 1).validate(), Progress.NONE);
		assertEquals(best, r[0].linearizedCount());
		for (int s = 0; s < 4; s++) assertArrayEquals(r[0].samples()[s], r[1].samples()[s], 0);
		assertArrayEquals(r[0].mean(), r[1].mean(), 0);
		// Reference: the five smallest misfits linearized (dense), the rest point masses at x_n with weight -misfit / 2.
		final ReweightedPosterior rw = ReweightedPosterior.compute(lik, t, 1, Progress.NONE);
		final int[] order = rw.ranking();
		final LinearizedComponent[] all = LinearizedPosterior.components(lik, t, LinearizedPosterior.Settings.of(sigma).validate(),
			Progress.NONE);
		final LinearizedComponent[] mixed = new LinearizedComponent[xs.length];
		for (int n = 0; n < xs.length; n++) mixed[n] = LinearizedComponent.point(n, xs[n], -2 * rw.logLikelihoods()[n]);
		for (int i = 0; i < best; i++) mixed[order[i]] = all[order[i]];
		for (int n = 0; n < xs.length; n++) assertEquals(n == order[0] || n == order[1] || n == order[2] || n == order[3] ||
			n == order[4], r[0].isLinearized(n), "model " + n);
		final LinearizedPosterior.Result ref = LinearizedPosterior.combine(mixed, sigma, 3, 0, 1);
		assertArrayEquals(ref.weights(), r[0].weights(), 1e-14);
		assertArrayEquals(ref.mean(), r[0].mean(), 1e-12);
		assertArrayEquals(ref.variance(), r[0].variance(), 1e-10);
		// A point mass: mean x_n, no covariance, the reweighted log weight at every sigma; so as sigma -> 0 the partial
		// mixture, like the full one, becomes the reweighted training set.
		final LinearizedComponent p = mixed[order[best]];
		assertArrayEquals(xs[order[best]], p.mean(sigma, null), 0);
		assertArrayEquals(new double[10], p.covarianceDiagonal(sigma, null), 0);
		assertEquals(rw.logLikelihoods()[order[best]], p.logWeight(sigma), 1e-12);
		assertEquals(0, p.rank());
		final LinearizedPosterior.Result tiny = LinearizedPosterior.compute(lik, t, LinearizedPosterior.Settings.of(1e-7)
			.withLinearize(best).validate(), Progress.NONE);
		assertArrayEquals(rw.weights(), tiny.weights(), 1e-9);
		assertArrayEquals(rw.mean(), tiny.mean(), 1e-8);
		// linearize = N (or more) linearizes every model.
		assertEquals(xs.length, LinearizedPosterior.compute(lik, t, LinearizedPosterior.Settings.of(sigma).withLinearize(99).validate(),
			Progress.NONE).linearizedCount());
	}

	@Test
	void warnsWhenTheRankLeavesOutConstrainedDirections() {
		final ForwardOperator op = TestOperators.smooth(10, 10, 31);
		final Likelihood lik = new Likelihood(op, new double[10], 0.1);
		final TrainingSet t = TrainingSet.of(new double[10], new double[10]);
		final List<String> warnings = new ArrayList<>();
		final Progress p = new Progress() {
			@Override public void fraction(final double done) {}
			@Override public void status(final String message) {}
			@Override public synchronized void warn(final String message) { warnings.add(message); }
			@Override public boolean isCanceled() { return false; }
		};
		LinearizedPosterior.compute(lik, t, LinearizedPosterior.Settings.of(1).withRank(2).validate(), p);
		assertEquals(1, warnings.size(), warnings.toString());
		assertTrue(warnings.get(0).startsWith("rank 2 may be too small"), warnings.get(0));
		warnings.clear();
		LinearizedPosterior.compute(lik, t, LinearizedPosterior.Settings.of(1).withRank(10).validate(), p);
		assertTrue(warnings.isEmpty(), warnings.toString());
	}

	@Test
	void cancelStopsTheComputation() {
		final StylizedProblem sp = StylizedProblem.of("2d");
		final Progress canceled = new Progress() {
			@Override public void fraction(final double done) {}
			@Override public void status(final String message) {}
			@Override public void warn(final String message) {}
			@Override public boolean isCanceled() { return true; }
		};
		assertThrows(CanceledException.class, () -> LinearizedPosterior.compute(sp.likelihood(),
			sp.paperTraining(), LinearizedPosterior.Settings.of(0.3).withRank(1).validate(), canceled));
	}

	@Test
	void samplesFollowTheMixture() {
		final StylizedProblem p = StylizedProblem.of("1d");
		final int ns = 20000;
		final LinearizedPosterior.Result r = LinearizedPosterior.compute(p.likelihood(), p.paperTraining(),
			LinearizedPosterior.Settings.of(0.3).withSamples(ns).withSeed(5).validate(), Progress.NONE);
		double m = 0, m2 = 0;
		for (final double[] s : r.samples()) {
			m += s[0];
			m2 += s[0] * s[0];
		}
		m /= ns;
		final double var = m2 / ns - m * m;
		final double sd = Math.sqrt(r.variance()[0]);
		assertEquals(r.mean()[0], m, 5 * sd / Math.sqrt(ns), "sample mean");
		assertEquals(r.variance()[0], var, 0.05 * r.variance()[0], "sample variance");
	}

	@Test
	void l1DistanceToTheExactPosteriorShrinksWithSigma() {
		// Measured: 1D 0.238, 0.0750, 0.00359; 2D 0.136, 0.0570, 0.00404 at sigma = 0.5, 0.3, 0.05.
		final double[][] bounds = { { 0.30, 0.10, 4e-3 }, { 0.16, 0.07, 4.5e-3 } };
		final double[] sigmas = { 0.5, 0.3, 0.05 };
		for (int k = 0; k < 2; k++) {
			final StylizedProblem p = StylizedProblem.of(k == 0 ? "1d" : "2d");
			final Likelihood lik = p.likelihood();
			final TrainingSet t = p.paperTraining();
			final LinearizedComponent[] comps = LinearizedPosterior.components(lik, t, LinearizedPosterior.Settings.of(1).validate(),
				Progress.NONE);
			double last = 2;
			for (int i = 0; i < sigmas.length; i++) {
				final ExactPosterior ex = new ExactPosterior(lik, t, sigmas[i], 1000, 0);
				final double l1 = ex.posterior().l1(GridDensity.of(ex.grid(), mixture(comps, sigmas[i]), 0));
				assertTrue(l1 < bounds[k][i], p.key() + " sigma " + sigmas[i] + ": L1 = " + l1);
				assertTrue(l1 < last, p.key() + ": L1 does not shrink at sigma " + sigmas[i]);
				last = l1;
			}
		}
	}

	@Test
	void badSettingsAreNamed() {
		assertTrue(assertThrows(IllegalArgumentException.class, () -> LinearizedPosterior.Settings.of(0).validate()).getMessage()
			.startsWith("sigma (noise level of the memorized prior) must be positive and finite, got 0.0"));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> LinearizedPosterior.Settings.of(1).withRank(-1).validate())
			.getMessage().startsWith("rank must be 0"));
		assertEquals("no components: the training set is empty; give at least one training model",
			assertThrows(IllegalArgumentException.class, () -> LinearizedPosterior.combine(new LinearizedComponent[0], 1, 0, 0, 1))
				.getMessage());
	}
}
