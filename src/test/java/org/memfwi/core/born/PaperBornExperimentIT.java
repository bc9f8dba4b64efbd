package org.memfwi.core.born;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.memfwi.core.posterior.PaperHelmholtzExperiment;
import org.memfwi.core.progress.Progress;

import org.junit.jupiter.api.Test;

/**
 * The Born track with its linearized (exact) posterior, small (16 x 16, N = 3 and 4, 2 samples of 2 steps): one
 * linearized method per N with a positive std everywhere (every component's covariance is positive definite), its
 * samples, and weights that are a distribution sorted decreasing. An IT: the dense Hessian takes 2 x 256 wave runs.
 */
class PaperBornExperimentIT {

	@Test
	void linearizedPosteriorPerTrainingSetSize() {
		final PaperBornExperiment.Result r = new PaperBornExperiment(PaperBornExperiment.Settings.of().withSize(16)
			.withSizes(new int[] { 3, 4 }).withSamples(2).withSteps(2).withThreads(2)).run(Progress.NONE);
		assertTrue(r.sigma() > 0 && Double.isFinite(r.sigma()), "sigma " + r.sigma());
		final List<PaperHelmholtzExperiment.Method> lin = new ArrayList<>();
		for (final PaperHelmholtzExperiment.Method m : r.methods()) if (m.name().equals("linearized")) lin.add(m);
		assertEquals(2, lin.size());
		assertEquals(3, lin.get(0).n());
		assertEquals(4, lin.get(1).n());
		for (final PaperHelmholtzExperiment.Method m : lin) {
			assertTrue(Double.isFinite(m.rmse()) && m.rmse() > 0, "rmse " + m.rmse());
			double smin = Double.POSITIVE_INFINITY;
			for (final double s : m.std()) smin = Math.min(smin, s);
			assertTrue(smin > 0 && Double.isFinite(smin), "smallest std " + smin);
			assertEquals(2, m.samples().length);
		}
		final double[] w3 = r.sortedLinearizedWeights().get(0), w4 = r.sortedLinearizedWeights().get(1);
		assertEquals(1, sum(w3), 1e-12);
		assertEquals(1, sum(w4), 1e-12);
		assertTrue(w3[0] >= w3[2] && w4[0] >= w4[3], "sorted decreasing");
	}

	private static double sum(final double[] w) {
		double s = 0;
		for (final double v : w) s += v;
		return s;
	}
}
