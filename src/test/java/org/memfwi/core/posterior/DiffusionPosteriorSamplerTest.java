package org.memfwi.core.posterior;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

import org.memfwi.core.operator.AffineOperator;
import org.memfwi.core.operator.ForwardOperator;
import org.memfwi.core.operator.Linearization;
import org.memfwi.core.prior.KarhunenLoeveBasis;
import org.memfwi.core.prior.MemorizedPrior;
import org.memfwi.core.prior.TrainingSet;
import org.memfwi.core.progress.Progress;
import org.memfwi.core.util.Seeds;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class DiffusionPosteriorSamplerTest {

	private static double[][] randomPoints(final int n, final int d, final long seed) {
		final SplittableRandom r = new SplittableRandom(seed);
		final double[][] p = new double[n][d];
		for (final double[] x : p) for (int i = 0; i < d; i++) x[i] = Seeds.gaussian(r);
		return p;
	}

	private static AffineOperator identity(final int d) {
		final DMatrixRMaj a = new DMatrixRMaj(d, d);
		for (int i = 0; i < d; i++) a.set(i, i, 1);
		return new AffineOperator(a, null);
	}

	private static int nearest(final TrainingSet t, final double[] x) {
		int best = 0;
		for (int k = 1; k < t.size(); k++) if (t.squaredDistance(k, x) < t.squaredDistance(best, x)) best = k;
		return best;
	}

	@Test
	void withoutDataInformationTheMemorizedPriorIsSampledUniformly() {
		// Huge data noise: the likelihood score vanishes and the sampler draws from the memorized prior, i.e. one of
		// the N training models with probability 1/N each. Pearson chi-square, 4 degrees of freedom.
		final int n = 5, draws = 1500;
		final TrainingSet t = TrainingSet.of(randomPoints(n, 3, 1));
		final DiffusionPosteriorSampler.Settings s = DiffusionPosteriorSampler.Settings.of()
			.withSamples(draws)
			.withSteps(60)
			.withGuidance(DiffusionPosteriorSampler.Guidance.SCORE)
			.withNoise(1e12)
			.withSeed(3);
		final DiffusionPosteriorSampler.Result r = DiffusionPosteriorSampler.sample(new MemorizedPrior(t), identity(3),
			new double[] { 10, -7, 3 }, s, Progress.NONE);
		final int[] count = new int[n];
		for (final double[] x : r.samples()) {
			final int k = nearest(t, x);
			assertTrue(Math.sqrt(t.squaredDistance(k, x)) < 1e-6, "a sample is not a training model");
			count[k]++;
		}
		double chi2 = 0;
		for (final int c : count) chi2 += (c - draws / (double) n) * (c - draws / (double) n) / (draws / (double) n);
		// 18.47 is the 0.999 quantile of chi-square with 4 degrees of freedom.
		assertTrue(chi2 < 18.47, "chi-square " + chi2 + " for counts " + Arrays.toString(count));
	}

	@Test
	void informativeDataPickTheTrainingModelThatFitsThem() {
		final double[][] pts = randomPoints(8, 4, 2);
		final TrainingSet t = TrainingSet.of(pts);
		final DiffusionPosteriorSampler.Settings s = DiffusionPosteriorSampler.Settings.of()
			.withSamples(40)
			.withZeta(0.5);
		final double[] y = pts[5].clone();
		final DiffusionPosteriorSampler.Result r = DiffusionPosteriorSampler.sample(new MemorizedPrior(t), identity(4), y, s, Progress.NONE);
		int hits = 0;
		for (final double[] x : r.samples()) if (nearest(t, x) == 5) hits++;
		assertTrue(hits >= 36, hits + " of 40 samples chose the model that fits the data");
	}

	@Test
	void samplesDoNotDependOnTheThreadCount() {
		final TrainingSet t = TrainingSet.of(randomPoints(6, 5, 4));
		DiffusionPosteriorSampler.Settings s = DiffusionPosteriorSampler.Settings.of()
			.withSamples(5)
			.withSteps(20)
			.withThreads(1);
		final double[] y = { 0.1, 0.2, -0.3, 0.4, 0 };
		final DiffusionPosteriorSampler.Result a = DiffusionPosteriorSampler.sample(new MemorizedPrior(t), identity(5), y, s, Progress.NONE);
		s = s.withThreads(2);
		final DiffusionPosteriorSampler.Result b = DiffusionPosteriorSampler.sample(new MemorizedPrior(t), identity(5), y, s, Progress.NONE);
		for (int k = 0; k < 5; k++) assertArrayEquals(a.samples()[k], b.samples()[k], 0);
	}

	@Test
	void relativeZetaCountsInCauchySteps() {
		// F(x) = 2 x: J^T rho = 2 rho, J J^T rho = 4 rho, so the reference is ||rho|| / 4, and the DPS update with it,
		// (||rho|| / 4) 2 rho / ||rho|| = rho / 2, takes the mean exactly onto the data: the line-search step.
		final int d = 3;
		final DMatrixRMaj a = new DMatrixRMaj(d, d);
		for (int i = 0; i < d; i++) a.set(i, i, 2);
		final AffineOperator op = new AffineOperator(a, null);
		final double[][] pts = randomPoints(4, d, 8);
		final TrainingSet t = TrainingSet.of(pts);
		final double[] y = { 1, -2, 0.5 };
		final double[] mean = new double[d], rho = new double[d];
		for (final double[] p : pts) for (int i = 0; i < d; i++) mean[i] += p[i] / pts.length;
		double rr = 0;
		for (int i = 0; i < d; i++) {
			rho[i] = 2 * mean[i] - y[i];
			rr += rho[i] * rho[i];
		}
		final double ref = DiffusionPosteriorSampler.referenceStep(t, op, y);
		assertEquals(Math.sqrt(rr) / 4, ref, 1e-14);
		for (int i = 0; i < d; i++) assertEquals(y[i], 2 * (mean[i] - ref * 2 * rho[i] / Math.sqrt(rr)), 1e-13);
		// The sampler uses zeta times the reference with relative zeta (DPS guidance), zeta itself otherwise.
		DiffusionPosteriorSampler.Settings s = DiffusionPosteriorSampler.Settings.of()
			.withSamples(1)
			.withSteps(3)
			.withZeta(0.5)
			.withRelativeZeta(true);
		assertEquals(0.5 * ref, DiffusionPosteriorSampler.sample(new MemorizedPrior(t), op, y, s, Progress.NONE).zeta(), 1e-15);
		s = s.withGuidance(DiffusionPosteriorSampler.Guidance.SCORE);
		assertEquals(0.5, DiffusionPosteriorSampler.sample(new MemorizedPrior(t), op, y, s, Progress.NONE).zeta(), 0);
	}

	@Test
	void samplesOutsideTheOperatorsDomainAreKeptWithANaNResidual() {
		// An operator defined for positive models only (as a wave operator for positive velocities); a strong pull
		// towards negative data makes the last guidance step leave that domain.
		final AffineOperator id = identity(2);
		final ForwardOperator positive = new ForwardOperator() {
			@Override public int modelSize() { return 2; }
			@Override public int dataSize() { return 2; }
			@Override public double[] apply(final double[] x, final double[] out) {
				if (x[0] <= 0 || x[1] <= 0) throw new IllegalArgumentException("velocity " + Math.min(x[0], x[1]) + " is not positive");
				return id.apply(x, out);
			}
			@Override public Linearization linearize(final double[] x) { return id.linearize(x); }
		};
		final TrainingSet t = TrainingSet.of(new double[][] { { 1, 1 }, { 2, 2 }, { 1.5, 3 } });
		final DiffusionPosteriorSampler.Settings s = DiffusionPosteriorSampler.Settings.of()
			.withSamples(6)
			.withSteps(10)
			.withSigmaMax(20)
			.withSigmaMin(3)
			.withZeta(1000);
		final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
		final Progress p = new Progress() {
			@Override public void fraction(final double done) {}
			@Override public void status(final String message) {}
			@Override public void warn(final String message) { warnings.add(message); }
			@Override public boolean isCanceled() { return false; }
		};
		final DiffusionPosteriorSampler.Result r = DiffusionPosteriorSampler.sample(new MemorizedPrior(t), positive,
			new double[] { -100, -100 }, s, p);
		int outside = 0;
		for (int k = 0; k < s.samples; k++) {
			final boolean out = r.samples()[k][0] <= 0 || r.samples()[k][1] <= 0;
			assertEquals(out, Double.isNaN(r.residual()[k]), "sample " + k);
			if (out) outside++;
		}
		assertTrue(outside > 0, "no sample left the domain");
		assertEquals(outside, warnings.size());
		assertTrue(warnings.get(0).contains("is outside the forward operator's domain (velocity"), warnings.get(0));
	}

	@Test
	void badSettingsNameTheParameter() {
		DiffusionPosteriorSampler.Settings s = DiffusionPosteriorSampler.Settings.of()
			.withSteps(1);
		assertMessage("steps (diffusion steps T) must be at least 2", s::validate);
		s = s.withSteps(10);
		s = s.withNoise(0);
		assertMessage("noise (data noise std gamma) must be positive", s::validate);
		s = s.withNoise(1);
		s = s.withSigmaMax(1);
		s = s.withSigmaMin(2);
		assertMessage("sigmamin (2.0) must be smaller than sigmamax (1.0)", s::validate);
	}

	private static void assertMessage(final String expected, final Executable ex) {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, ex);
		assertTrue(e.getMessage().contains(expected), e.getMessage());
	}

	/**
	 * With informative data about a model that is not in the training set, a sparse training set (N = 50) makes DPS
	 * return copies of training models, while a dense one (N = 1000) lets the denoiser blend neighbours: the
	 * memorization ratio falls below 0.5 far more often with N = 50 (measured: 100 % against 15 %).
	 */
	@Test
	void sparseTrainingSetsAreMemorizedMoreOftenThanDenseOnes() {
		final int side = 8, d = side * side;
		final KarhunenLoeveBasis kl = new KarhunenLoeveBasis(4, side, side, 1, 2);
		final double[][] fields = new double[1001][];
		final SplittableRandom r = new SplittableRandom(7);
		for (int k = 0; k < fields.length; k++) {
			final double[] c = new double[kl.size()];
			for (int i = 0; i < c.length; i++) c[i] = Math.sqrt(kl.eigenvalue(i)) * Seeds.gaussian(r);
			fields[k] = kl.synthesize(c, null);
		}
		final double[] truth = fields[1000];
		// Informative linear data: every other pixel.
		final DMatrixRMaj a = new DMatrixRMaj(d / 2, d);
		for (int i = 0; i < d / 2; i++) a.set(i, 2 * i, 1);
		final AffineOperator op = new AffineOperator(a, null);
		final double[] y = op.apply(truth, null);
		final double sparse = memorizedFraction(Arrays.copyOf(fields, 50), op, y);
		final double dense = memorizedFraction(Arrays.copyOf(fields, 1000), op, y);
		assertTrue(sparse > dense + 0.4, "memorized fraction N = 50: " + sparse + ", N = 1000: " + dense);
	}

	private static double memorizedFraction(final double[][] training, final AffineOperator op, final double[] y) {
		final TrainingSet t = TrainingSet.of(training);
		DiffusionPosteriorSampler.Settings s = DiffusionPosteriorSampler.Settings.of()
			.withSamples(20)
			.withSteps(40)
			.withZeta(1);
		// The smallest noise level is comparable to the spacing of the dense set (nearest neighbours ~3 apart here):
		// there the memorized denoiser can still blend neighbours of a dense set, not of a sparse one.
		s = s.withSigmaMin(1);
		final DiffusionPosteriorSampler.Result r = DiffusionPosteriorSampler.sample(new MemorizedPrior(t), op, y, s, Progress.NONE);
		final float[][] tf = new float[training.length][];
		for (int k = 0; k < training.length; k++) {
			tf[k] = new float[training[k].length];
			for (int i = 0; i < tf[k].length; i++) tf[k][i] = (float) training[k][i];
		}
		int memorized = 0;
		for (final double[] x : r.samples()) if (MemorizationMetrics.of(x, tf, 50, null).memorized(0.5)) memorized++;
		return memorized / (double) r.samples().length;
	}
}
