package org.memfwi.core.posterior;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.memfwi.core.operator.StylizedOperator;
import org.memfwi.core.prior.TrainingSet;
import org.memfwi.core.progress.Progress;

import org.junit.jupiter.api.Test;

class ReweightedPosteriorTest {

	@Test
	void weightsMomentsAndDiagnosticsOfTheStylized1DProblem() {
		final StylizedProblem p = StylizedProblem.of("1d");
		final TrainingSet t = p.paperTraining();
		final ReweightedPosterior r = ReweightedPosterior.compute(p.likelihood(), t, 1, Progress.NONE);
		// Direct: w_n ∝ exp(-F(x_n)^2 / (2 gamma^2)).
		final double[] xs = { -1.5, -0.4, 0.4, 1.2, 2.5 };
		final double[] w = new double[5];
		double z = 0;
		for (int i = 0; i < 5; i++) {
			final double f = xs[i] + 0.3 * xs[i] * xs[i] * xs[i];
			z += (w[i] = Math.exp(-f * f / (2 * 0.09)));
		}
		double mean = 0, ess = 0;
		for (int i = 0; i < 5; i++) {
			w[i] /= z;
			mean += w[i] * xs[i];
			ess += w[i] * w[i];
		}
		double var = 0, h = 0;
		for (int i = 0; i < 5; i++) {
			var += w[i] * (xs[i] - mean) * (xs[i] - mean);
			if (w[i] > 0) h -= w[i] * Math.log(w[i]);
		}
		assertArrayEquals(w, r.weights(), 1e-15);
		assertEquals(mean, r.mean()[0], 1e-15);
		assertEquals(var, r.variance()[0], 1e-15);
		assertEquals(1 / ess, r.effectiveSampleSize(), 1e-12);
		assertEquals(Math.exp(h), r.effectiveModes(), 1e-12);
		// -0.4 and 0.4 are symmetric about the solution x = 0 of F(x) = 0: two equal leading weights.
		assertEquals(r.weights()[1], r.weights()[2], 1e-15);
		assertArrayEquals(new int[] { 1, 2 }, Arrays.copyOf(r.ranking(), 2));
	}

	@Test
	void weightsStayExactWhenEveryLogLikelihoodIsBelowMinus1e5() {
		// y = 300 is far from every F(x_n) <= 7.2: every l_n = -||F(x_n) - y||^2 / (2 gamma^2) is below -4e5.
		final StylizedProblem p = StylizedProblem.of("1d").withData(new double[] { 300 });
		final TrainingSet t = p.paperTraining();
		final ReweightedPosterior r = ReweightedPosterior.compute(p.likelihood(), t, 2, Progress.NONE);
		for (final double l : r.logLikelihoods()) assertTrue(l < -1e5, "log-likelihood " + l);
		// Reference from differences of residuals, never forming the huge l_n: l_n - l_4 = -(r_n - r_4)(r_n + r_4) / (2 gamma^2).
		final StylizedOperator f = StylizedOperator.cubic();
		final double r4 = 300 - f.apply(new double[] { 2.5 }, null)[0];
		final double[] ref = new double[5];
		double z = 0;
		for (int i = 0; i < 5; i++) {
			final double ri = 300 - f.apply(new double[] { t.value(i, 0) }, null)[0];
			z += (ref[i] = Math.exp(-(ri - r4) * (ri + r4) / (2 * 0.09)));
		}
		for (int i = 0; i < 5; i++) assertEquals(ref[i] / z, r.weights()[i], 1e-9 * Math.max(ref[i] / z, 1e-300));
		assertEquals(1, r.weights()[4], 1e-12);
		assertEquals(2.5, r.mean()[0], 1e-12);
		assertTrue(Double.isFinite(r.effectiveModes()) && r.effectiveModes() >= 1);
	}

	@Test
	void sameResultForAnyThreadCount() {
		final StylizedProblem p = StylizedProblem.of("2d");
		final TrainingSet t = p.training(200, 3);
		final ReweightedPosterior a = ReweightedPosterior.compute(p.likelihood(), t, 1, Progress.NONE);
		final ReweightedPosterior b = ReweightedPosterior.compute(p.likelihood(), t, 3, Progress.NONE);
		assertArrayEquals(a.weights(), b.weights(), 0);
		assertArrayEquals(a.mean(), b.mean(), 0);
		assertArrayEquals(a.variance(), b.variance(), 0);
	}

	@Test
	void badInputIsNamed() {
		final StylizedProblem p = StylizedProblem.of("1d");
		assertEquals("the data have the non-finite value NaN at index 0; remove or repair it before computing a posterior",
			assertThrows(IllegalArgumentException.class, () -> p.withData(new double[] { Double.NaN }).likelihood()).getMessage());
		for (final double g : new double[] { 0, -0.3, Double.NaN })
			assertTrue(assertThrows(IllegalArgumentException.class, () -> p.withGamma(g).likelihood()).getMessage()
				.startsWith("gamma (noise standard deviation of the data) must be positive and finite, got " + g));
		assertEquals("the training set is empty (N = 0); use at least one training point",
			assertThrows(IllegalArgumentException.class, () -> p.training(0, 1)).getMessage());
		assertEquals("the training models have 2 values but the forward operator expects models of 1",
			assertThrows(IllegalArgumentException.class, () -> ReweightedPosterior.compute(p.likelihood(),
				TrainingSet.of(new double[2]), 1, Progress.NONE)).getMessage());
	}
}
