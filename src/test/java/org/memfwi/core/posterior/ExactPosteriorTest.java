package org.memfwi.core.posterior;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.memfwi.core.operator.AffineOperator;
import org.memfwi.core.prior.TrainingSet;
import org.memfwi.core.util.LogSpace;

/** The quadrature reference itself: normalization, a linear-Gaussian case in closed form, decomposition, refinement. */
class ExactPosteriorTest {

	@Test
	void correlatedGaussianIntegratesToItsClosedForm() {
		final DMatrixRMaj cov = new DMatrixRMaj(new double[][] { { 0.5, 0.3 }, { 0.3, 0.4 } });
		final GaussianMixture g = new GaussianMixture(new double[] { 0 }, new double[][] { { 0.2, -0.1 } }, new DMatrixRMaj[] { cov });
		final QuadratureGrid grid = new QuadratureGrid(new double[] { -6, -6 }, new double[] { 6, 6 }, new int[] { 400, 400 });
		final GridDensity p = GridDensity.of(grid, g, 0);
		assertEquals(0, p.logIntegral(), 1e-12); // a normalized density
		assertEquals(1, p.integral(), 1e-12);
		assertArrayEquals(new double[] { 0.2, -0.1 }, p.mean(), 1e-12);
		assertArrayEquals(new double[] { 0.5, 0.3, 0.3, 0.4 }, p.covariance(), 1e-12);
		assertArrayEquals(new double[] { 0.2, -0.1 }, g.mixtureMean(), 0);
		// An unnormalized Gaussian exp(-x^2 / 2): log integral = log sqrt(2 pi).
		final GridDensity u = GridDensity.of(new QuadratureGrid(new double[] { -10 }, new double[] { 10 }, new int[] { 300 }),
			new LogDensity() {
				@Override public int dimension() { return 1; }
				@Override public double logDensity(final double[] x) { return -0.5 * x[0] * x[0] - 1e5; }
			}, 1);
		assertEquals(0.5 * Math.log(2 * Math.PI) - 1e5, u.logIntegral(), 1e-9);
	}

	@Test
	void linearGaussianPosteriorAndEvidenceMatchTheirClosedForms() {
		// One training point x0, F(x) = a x + b: the posterior is N(mu, s2) with 1/s2 = 1/sigma^2 + a^2/gamma^2,
		// mu = x0 + s2 a r / gamma^2, and the evidence is N(r; 0, gamma^2 + sigma^2 a^2).
		final double a = 1.7, b = 0.2, x0 = 0.5, y = 2.1, sigma = 0.6, gamma = 0.3;
		final Likelihood lik = new Likelihood(new AffineOperator(new DMatrixRMaj(new double[][] { { a } }), new double[] { b }),
			new double[] { y }, gamma);
		final ExactPosterior ex = new ExactPosterior(lik, TrainingSet.of(new double[] { x0 }), sigma, 4000, 0);
		final double r = y - a * x0 - b;
		final double s2 = 1 / (1 / (sigma * sigma) + a * a / (gamma * gamma));
		final double mu = x0 + s2 * a * r / (gamma * gamma);
		final GridDensity post = ex.posterior();
		assertEquals(mu, post.mean()[0], 1e-12);
		assertEquals(s2, post.covariance()[0], 1e-12);
		final GridDensity closed = GridDensity.of(ex.grid(), new GaussianMixture(new double[] { 0 }, new double[][] { { mu } },
			new DMatrixRMaj[] { new DMatrixRMaj(new double[][] { { s2 } }) }), 0);
		assertEquals(0, post.l1(closed), 1e-12);
		// Evidence: integral N(x; x0, sigma^2) exp(-(F(x) - y)^2 / (2 gamma^2)) dx = sqrt(2 pi) gamma N(r; 0, gamma^2 + sigma^2 a^2).
		final double c = gamma * gamma + sigma * sigma * a * a;
		final double logZ = 0.5 * Math.log(2 * Math.PI) + Math.log(gamma) - 0.5 * r * r / c - 0.5 * Math.log(2 * Math.PI * c);
		assertEquals(logZ, ex.componentLogMasses(1)[0], 1e-12);
	}

	@Test
	void componentMassesDecomposeThePosteriorAndRefiningTheGridChangesNothing() {
		final StylizedProblem p = StylizedProblem.of("2d");
		final Likelihood lik = p.likelihood();
		final TrainingSet t = p.paperTraining();
		final double sigma = 0.3;
		final ExactPosterior coarse = new ExactPosterior(lik, t, sigma, 2000, 0);
		final double[] logZ = coarse.componentLogMasses(0);
		// sum_n (2 pi sigma^2)^(d/2) Z_n = integral of sum_n exp(-|x - x_n|^2 / (2 sigma^2)) L(x).
		assertEquals(coarse.posterior().logIntegral(), LogSpace.logSumExp(logZ) + Math.log(2 * Math.PI * sigma * sigma), 1e-10);
		final QuadratureGrid g = coarse.grid();
		final QuadratureGrid fine = new QuadratureGrid(new double[] { g.lo(0), g.lo(1) }, new double[] { g.hi(0), g.hi(1) },
			new int[] { 2 * g.count(0), 2 * g.count(1) });
		final ExactPosterior refined = new ExactPosterior(lik, t, sigma, fine, 0);
		assertArrayEquals(coarse.componentWeights(0), refined.componentWeights(0), 1e-10);
		assertArrayEquals(coarse.posterior().mean(), refined.posterior().mean(), 1e-10);
		assertArrayEquals(coarse.posterior().covariance(), refined.posterior().covariance(), 1e-10);
		assertEquals(coarse.posterior().logIntegral(), refined.posterior().logIntegral(), 1e-10);
	}

	@Test
	void atTinySigmaTheWindowsMatchTheLinearGaussianClosedForm() {
		// Two training points 2.5 apart at sigma = 1e-5: no global grid of 20,000 cells resolves sigma, the windows do.
		// F(x) = a x + b is linear, so each component n is exactly N(mu_n, s2) with mass sqrt(2 pi) gamma N(r_n; 0, c).
		final double a = 1.7, b = 0.2, y = 2.1, sigma = 1e-5, gamma = 0.3;
		final double[] x0 = { 0.5, 3.0 };
		final Likelihood lik = new Likelihood(new AffineOperator(new DMatrixRMaj(new double[][] { { a } }), new double[] { b }),
			new double[] { y }, gamma);
		final ExactPosterior ex = new ExactPosterior(lik, TrainingSet.of(new double[] { x0[0] }, new double[] { x0[1] }), sigma,
			20000, 0);
		assertTrue(!ex.gridResolves() && ex.resolved());
		final double s2 = 1 / (1 / (sigma * sigma) + a * a / (gamma * gamma)), c = gamma * gamma + sigma * sigma * a * a;
		final double[] mu = new double[2], logZ = new double[2];
		final DMatrixRMaj[] cov = new DMatrixRMaj[2];
		for (int n = 0; n < 2; n++) {
			final double r = y - a * x0[n] - b;
			mu[n] = x0[n] + s2 * a * r / (gamma * gamma);
			logZ[n] = 0.5 * Math.log(2 * Math.PI) + Math.log(gamma) - 0.5 * r * r / c - 0.5 * Math.log(2 * Math.PI * c);
			cov[n] = new DMatrixRMaj(new double[][] { { s2 } });
		}
		assertArrayEquals(logZ, ex.componentLogMasses(0), 1e-9);
		final GaussianMixture closed = new GaussianMixture(LogSpace.normalizeLog(logZ.clone(), null),
			new double[][] { { mu[0] }, { mu[1] } }, cov);
		final ExactPosterior.Summary sum = ex.summarize(0, closed);
		assertEquals(closed.mixtureMean()[0], sum.mean()[0], 1e-12);
		assertEquals(closed.mixtureCovariance()[0], sum.covariance()[0], 1e-9 * closed.mixtureCovariance()[0]);
		assertEquals(0, sum.l1()[0], 1e-9);
		// The global grid alone is far too coarse here: its L1 distance to the same closed form says nothing useful.
		final GridDensity onGrid = ex.posterior();
		assertTrue(onGrid.grid().step(0) > sigma);
	}

	@Test
	void componentsPulledFarFromTheirTrainingModelsAreStillCovered() {
		// F(x) = x, training {0, 1}, y = 0.505, gamma = sigma = 1/60: each component's mode sits ~15 sigma from its
		// training model, outside x_n +- 10 sigma. Both the automatic grid and the windows must follow it.
		final double y = 0.505, gamma = 0.5 / 30, sigma = gamma;
		final Likelihood lik = new Likelihood(new AffineOperator(new DMatrixRMaj(new double[][] { { 1 } }), null),
			new double[] { y }, gamma);
		final TrainingSet t = TrainingSet.of(new double[] { 0 }, new double[] { 1 });
		final double s2 = 1 / (1 / (sigma * sigma) + 1 / (gamma * gamma)), c = gamma * gamma + sigma * sigma;
		final double[] x0 = { 0, 1 }, mu = new double[2], logZ = new double[2];
		final DMatrixRMaj[] cov = new DMatrixRMaj[2];
		for (int n = 0; n < 2; n++) {
			final double r = y - x0[n];
			mu[n] = x0[n] + s2 * r / (gamma * gamma);
			logZ[n] = 0.5 * Math.log(2 * Math.PI) + Math.log(gamma) - 0.5 * r * r / c - 0.5 * Math.log(2 * Math.PI * c);
			cov[n] = new DMatrixRMaj(new double[][] { { s2 } });
		}
		final GaussianMixture closed = new GaussianMixture(LogSpace.normalizeLog(logZ.clone(), null),
			new double[][] { { mu[0] }, { mu[1] } }, cov);
		final ExactPosterior onGrid = new ExactPosterior(lik, t, sigma, 20000, 0);
		final ExactPosterior windows = new ExactPosterior(lik, t, sigma, new QuadratureGrid(new double[] { -1 }, new double[] { 2 },
			new int[] { 30 }), 0);
		assertTrue(onGrid.gridResolves() && !windows.gridResolves() && windows.resolved());
		assertEquals(mu[0], windows.mode(0)[0], 1e-12);
		for (final ExactPosterior ex : new ExactPosterior[] { onGrid, windows }) {
			assertArrayEquals(logZ, ex.componentLogMasses(0), 1e-9);
			final ExactPosterior.Summary sum = ex.summarize(0, closed);
			assertTrue(sum.resolved());
			assertEquals(closed.mixtureMean()[0], sum.mean()[0], 1e-9);
			assertEquals(closed.mixtureCovariance()[0], sum.covariance()[0], 1e-9);
			assertEquals(0, sum.l1()[0], 1e-6);
		}
	}

	@Test
	void windowsAgreeWithTheGridWhereBothResolve() {
		final StylizedProblem p = StylizedProblem.of("2d");
		final Likelihood lik = p.likelihood();
		final TrainingSet t = p.paperTraining();
		final double sigma = 0.05;
		final ExactPosterior grid = new ExactPosterior(lik, t, sigma, 1500, 0);
		assertTrue(grid.gridResolves());
		final QuadratureGrid g = grid.grid();
		final ExactPosterior windows = new ExactPosterior(lik, t, sigma, new QuadratureGrid(new double[] { g.lo(0), g.lo(1) },
			new double[] { g.hi(0), g.hi(1) }, new int[] { 40, 40 }), 0);
		assertTrue(!windows.gridResolves() && windows.resolved());
		assertArrayEquals(grid.componentWeights(0), windows.componentWeights(0), 1e-10);
		// A mixture to measure L1 against: the prior's components, reweighted by the exact weights and shifted.
		final double[] lw = LogSpace.normalizeLog(grid.componentLogMasses(0), null);
		final double[][] means = new double[t.size()][];
		final DMatrixRMaj[] covs = new DMatrixRMaj[t.size()];
		for (int n = 0; n < t.size(); n++) {
			means[n] = t.copy(n, null);
			means[n][0] += 0.01;
			covs[n] = new DMatrixRMaj(new double[][] { { sigma * sigma / 4, 0 }, { 0, sigma * sigma / 9 } });
		}
		final GaussianMixture q = new GaussianMixture(lw, means, covs);
		final ExactPosterior.Summary a = grid.summarize(0, q), b = windows.summarize(0, q);
		assertArrayEquals(a.mean(), b.mean(), 1e-10);
		assertArrayEquals(a.covariance(), b.covariance(), 1e-10);
		// |p - q| has kinks where p = q, so the midpoint rule is only second order there: both grids agree to ~1e-3.
		assertEquals(a.l1()[0], b.l1()[0], 3e-3 * a.l1()[0]);
		assertTrue(a.l1()[0] > 0.1, "a distance that means something: " + a.l1()[0]);
	}

	@Test
	void onlyForOneOrTwoDimensions() {
		final AffineOperator op = new AffineOperator(new DMatrixRMaj(3, 3), null);
		final Likelihood lik = new Likelihood(op, new double[3], 1);
		assertTrue(assertThrows(IllegalArgumentException.class, () -> new ExactPosterior(lik, TrainingSet.of(new double[3]), 1, 10, 1))
			.getMessage().startsWith("exact quadrature is for models of 1 or 2 values"));
	}
}
