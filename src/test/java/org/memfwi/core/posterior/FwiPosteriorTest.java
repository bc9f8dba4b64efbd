package org.memfwi.core.posterior;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.memfwi.core.grid.Grid2D;
import org.memfwi.core.helmholtz.HelmholtzAcquisition;
import org.memfwi.core.helmholtz.HelmholtzConfig;
import org.memfwi.core.helmholtz.HelmholtzOperator;
import org.memfwi.core.helmholtz.HelmholtzSolver;
import org.memfwi.core.helmholtz.VelocityPixels;
import org.memfwi.core.operator.ForwardOperator;
import org.memfwi.core.prior.GeneratorSettings;
import org.memfwi.core.prior.ModelFamily;
import org.memfwi.core.prior.ModelGenerator;
import org.memfwi.core.prior.TrainingSet;
import org.memfwi.core.progress.Progress;
import org.memfwi.core.util.Seeds;
import org.memfwi.core.wave.Acquisition;
import org.memfwi.core.wave.TimeDomainOperator;
import org.memfwi.core.wave.WaveSettings;
import org.memfwi.core.wave.WaveSetup;
import org.memfwi.core.wave.Wavelet;

import org.junit.jupiter.api.Test;

/**
 * The posterior engine on FWI problems (tiny grids, both wave solvers): the linearized mixture tends to the reweighted
 * training set as sigma -> 0, and its dense and matrix-free paths agree.
 */
class FwiPosteriorTest {

	private static float[][] models(final Grid2D g, final int n, final long seed) {
		final GeneratorSettings s = GeneratorSettings.of().withFamily(ModelFamily.fromKey("flat")).withN(n).withSeed(seed)
			.withSize(g.nx(), g.nz()).withDx(g.dx()).withVelocityRange(1500, 2500).withLayers(2, 4).validate();
		return ModelGenerator.generate(s, 1, Progress.NONE);
	}

	private static double[] noisy(final ForwardOperator op, final float[] model, final double relative, final long seed) {
		final double[] x = new double[model.length];
		for (int i = 0; i < x.length; i++) x[i] = model[i];
		final double[] y = op.apply(x, null);
		double max = 0;
		for (final double v : y) max = Math.max(max, Math.abs(v));
		final SplittableRandom r = Seeds.stream(seed, 0);
		for (int i = 0; i < y.length; i++) y[i] += relative * max * Seeds.gaussian(r);
		return y;
	}

	/** Time domain: 10 x 8 cells of 10 m, 1 shot, 80 samples of 1 ms, 10 Hz Ricker, 10-cell CPML. */
	private static TimeDomainOperator timeOperator(final Grid2D g) {
		final Acquisition acq = Acquisition.surface(g, 1, 10);
		final Wavelet w = Wavelet.ricker(10, Wavelet.defaultDelay(10), 1e-3, 80);
		return new TimeDomainOperator(new WaveSetup(g, acq, w, WaveSettings.DEFAULT.withCpml(10), 1500, 2500, Progress.NONE),
			TimeDomainOperator.Precision.FLOAT, 1);
	}

	/** Helmholtz: 8 x 8 cells of 10 m, 8 Hz, 2 sources, 8 receivers: m = 32 data, d = 64 pixels. */
	private static HelmholtzOperator helmholtzOperator(final Grid2D g) {
		final HelmholtzConfig cfg = HelmholtzConfig.defaults().withFrequencies(8).withPml(8).resolve(2500, g.dx());
		return new HelmholtzOperator(new HelmholtzSolver(g, HelmholtzAcquisition.evenlySpaced(g, 2, 8, 1), cfg),
			new VelocityPixels(g));
	}

	@Test
	void linearizedTendsToTheReweightedTrainingSetOnATimeDomainProblem() {
		final Grid2D g = new Grid2D(10, 8, 10);
		final TimeDomainOperator op = timeOperator(g);
		final float[][] m = models(g, 6, 3);
		final TrainingSet t = TrainingSet.ofFloats(m);
		// Data of a blend of two training models, noisy enough that both keep weight: a test with several components.
		final float[] blend = new float[g.size()];
		for (int i = 0; i < blend.length; i++) blend[i] = 0.5f * (m[1][i] + m[4][i]);
		final double[] y = noisy(op, blend, 0.05, 1);
		final Likelihood lik = new Likelihood(op, y, 0.3 * maxAbs(y));
		final ReweightedPosterior rw = ReweightedPosterior.compute(lik, t, 2, Progress.NONE);
		assertTrue(rw.effectiveModes() > 1.2, "effective modes " + rw.effectiveModes());
		double last = Double.POSITIVE_INFINITY;
		for (final double sigma : new double[] { 10, 1, 1e-3 }) {
			final LinearizedPosterior.Result lin = LinearizedPosterior.compute(lik, t, LinearizedPosterior.Settings.of(sigma).withRank(4)
				.withOversampling(4).withThreads(2).validate(), Progress.NONE);
			double err = 0;
			for (int n = 0; n < 6; n++) err = Math.max(err, Math.abs(lin.weights()[n] - rw.weights()[n]));
			assertTrue(err < last, "weights do not approach the reweighted ones at sigma " + sigma + ": " + err);
			last = err;
			if (sigma == 1e-3) {
				// Measured: 7.6e-12 (weights), 2e-9 m/s (mean), 1.8e-6 (m/s)^2 of 1.7e4 (variance); the errors shrink as
				// sigma^2 (7.6e-4, 7.6e-6, 7.6e-12 for the weights at sigma = 10, 1, 0.001 m/s).
				assertArrayEquals(rw.weights(), lin.weights(), 1e-10);
				assertArrayEquals(rw.mean(), lin.mean(), 1e-7);
				assertArrayEquals(rw.variance(), lin.variance(), 1e-4);
			}
		}
	}

	@Test
	void denseAndMatrixFreePathsAgreeOnAHelmholtzProblem() {
		final Grid2D g = new Grid2D(8, 8, 10);
		final HelmholtzOperator op = helmholtzOperator(g);
		final float[][] m = models(g, 5, 4);
		final TrainingSet t = TrainingSet.ofFloats(m);
		final float[] blend = new float[g.size()];
		for (int i = 0; i < blend.length; i++) blend[i] = 0.7f * m[2][i] + 0.3f * m[0][i];
		final double[] y = noisy(op, blend, 0.02, 2);
		final Likelihood lik = new Likelihood(op, y, 0.05 * maxAbs(y));
		final double sigma = 300; // sigma^2 lambda_max = 2.7 at model 1: the data inform the components
		final LinearizedPosterior.Result dense = LinearizedPosterior.compute(lik, t, LinearizedPosterior.Settings.of(sigma).validate(),
			Progress.NONE);
		// J^T J has rank at most m = 32 < k = 40 <= d = 64: the randomized eigensolver captures all of it.
		final LinearizedPosterior.Result free = LinearizedPosterior.compute(lik, t, LinearizedPosterior.Settings.of(sigma).withRank(40)
			.withOversampling(8).withPower(2).validate(), Progress.NONE);
		assertTrue(dense.effectiveModes() > 1.1, "effective modes " + dense.effectiveModes());
		// Measured: 6e-16 (weights), 9e-13 m/s of 2,200 (mean), 1.2e-10 (m/s)^2 of 1.4e5 (variance).
		assertArrayEquals(dense.weights(), free.weights(), 1e-12);
		assertArrayEquals(dense.mean(), free.mean(), 1e-12 * max(dense.mean()));
		assertArrayEquals(dense.variance(), free.variance(), 1e-12 * max(dense.variance()));
		// The posterior is tighter than the prior wherever the data constrain the model.
		double least = Double.POSITIVE_INFINITY;
		for (final double v : dense.withinVariance()) least = Math.min(least, v);
		assertTrue(least < sigma * sigma, "within-component variance " + least + " vs prior " + sigma * sigma);
		assertEquals(5, dense.linearizedCount());
	}

	private static double maxAbs(final double[] v) {
		double m = 0;
		for (final double x : v) m = Math.max(m, Math.abs(x));
		return m;
	}

	private static double max(final double[] v) {
		double m = 0;
		for (final double x : v) m = Math.max(m, x);
		return m;
	}
}
