package org.memfwi.core.fwi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.memfwi.core.grid.Grid2D;
import org.memfwi.core.operator.AffineOperator;
import org.memfwi.core.operator.ForwardOperator;
import org.memfwi.core.operator.Linearization;
import org.memfwi.core.progress.Progress;

/**
 * The staged driver's remedies on small linear problems with known answers: regularization gradients (Taylor test),
 * taper, illumination preconditioning (exact on a diagonal operator), the discrepancy principle, bound hits.
 */
class StagedFwiTest {

	private static final Grid2D GRID = new Grid2D(8, 6, 10);

	/** Both regularizations: the remainder of the first-order Taylor expansion falls as h^2. */
	@Test
	void regularizationGradientsPassTheTaylorTest() {
		final Random rnd = new Random(3);
		final double[] v = new double[GRID.size()], dv = new double[GRID.size()];
		for (int i = 0; i < v.length; i++) {
			v[i] = 2000 + 500 * (i % 3) + 50 * rnd.nextDouble();
			dv[i] = 100 * (rnd.nextDouble() - 0.5);
		}
		for (final Regularization r : new Regularization[] { Regularization.TIKHONOV, Regularization.TV }) {
			final double[] g = new double[v.length];
			final double f0 = r.value(GRID, v, g, 0.7, 3000);
			assertTrue(f0 > 0, r.label());
			double gdv = 0;
			for (int i = 0; i < v.length; i++) gdv += g[i] * dv[i];
			double prev = Double.NaN;
			for (final double h : new double[] { 1e-1, 5e-2, 2.5e-2 }) {
				final double[] vh = v.clone();
				for (int i = 0; i < v.length; i++) vh[i] += h * dv[i];
				final double rem = Math.abs(r.value(GRID, vh, null, 0.7, 3000) - f0 - h * gdv);
				if (!Double.isNaN(prev)) {
					final double slope = Math.log(prev / rem) / Math.log(2);
					assertEquals(2, slope, 0.1, r.label() + " Taylor remainder slope");
				}
				prev = rem;
			}
		}
		assertEquals(0, Regularization.NONE.value(GRID, v, null, 1, 3000), 0);
		assertEquals("regularization 'l1' is unknown; use none, tikhonov or tv",
			assertThrows(IllegalArgumentException.class, () -> Regularization.fromLabel("l1")).getMessage());
	}

	/** TV of a step is the jump times its length (over vref), Tikhonov half its square. */
	@Test
	void regularizationOfAStep() {
		final double[] v = new double[GRID.size()];
		for (int i = 0; i < v.length; i++) v[i] = i % GRID.nx() < 4 ? 2000 : 2600;
		// One jump of 600 m/s per row, 6 rows, vref 3000.
		assertEquals(6 * (Math.sqrt(0.04 + 1e-6) - 1e-3), Regularization.TV.value(GRID, v, null, 1, 3000), 1e-12);
		assertEquals(6 * 0.5 * 0.04, Regularization.TIKHONOV.value(GRID, v, null, 1, 3000), 1e-12);
	}

	/** The taper is 0 at every source and receiver, 1 from the radius on, in between sin^2. */
	@Test
	void taperIsZeroAtSourcesAndReceivers() {
		final double[] w = Taper.weights(GRID, new double[] { 20, 70 }, new double[] { 0, 50 }, 25);
		assertEquals(0, w[GRID.index(2, 0)], 0);
		assertEquals(0, w[GRID.index(7, 5)], 0);
		assertEquals(Math.pow(Math.sin(0.5 * Math.PI * 10 / 25), 2), w[GRID.index(3, 0)], 1e-12);
		assertEquals(1, w[GRID.index(2, 3)], 0);
		for (final double a : w) assertTrue(a >= 0 && a <= 1);
		for (final double a : Taper.weights(GRID, new double[] { 20 }, new double[] { 0 }, 0)) assertEquals(1, a, 0);
	}

	/** Rademacher probing of a diagonal Jacobian is exact; of a dense one, within Monte Carlo error. */
	@Test
	void illuminationIsTheHessianDiagonal() {
		final int d = 5, m = 7;
		final DMatrixRMaj a = new DMatrixRMaj(m, d);
		final Random rnd = new Random(9);
		for (int i = 0; i < m; i++) for (int j = 0; j < d; j++) a.set(i, j, rnd.nextGaussian() * (j + 1));
		final AffineOperator op = new AffineOperator(a, null);
		try (Linearization lin = op.linearize(new double[d])) {
			final double[] h = Illumination.diagonal(lin, 4000, null, 0, 1);
			for (int j = 0; j < d; j++) {
				double exact = 0;
				for (int i = 0; i < m; i++) exact += a.get(i, j) * a.get(i, j);
				assertEquals(exact, h[j], 0.1 * exact, "column " + j);
			}
		}
		final double[] p = Illumination.inverse(new double[] { 4, 1, 0, 9 }, 0.1);
		// 1 / (h + 0.9) scaled to a largest value of 1 (at h = 0).
		assertEquals(0.9 / 1.9, p[1], 1e-12);
		assertEquals(1, p[2], 0);
		for (final double x : p) assertTrue(x > 0 && x <= 1);
	}

	/** F(x) = diag(d) (x - 2000): badly scaled columns. */
	private static ForwardOperator diagonal(final double[] d) {
		final DMatrixRMaj a = new DMatrixRMaj(d.length, d.length);
		final double[] b = new double[d.length];
		for (int i = 0; i < d.length; i++) {
			a.set(i, i, d[i]);
			b[i] = -2000 * d[i];
		}
		return new AffineOperator(a, b);
	}

	private static StagedFwi.Stages oneStage(final ForwardOperator op, final double[] obs) {
		final StagedFwi.Stage st = new StagedFwi.Stage() {
			@Override public ForwardOperator operator() { return op; }
			@Override public double[] observed() { return obs; }
			@Override public double cutoff() { return 0; }
			@Override public String label() { return "all"; }
		};
		return new StagedFwi.Stages() {
			@Override public int count() { return 1; }
			@Override public StagedFwi.Stage stage(final int k) { return st; }
			@Override public StagedFwi.Stage full() { return st; }
		};
	}

	/**
	 * With illumination preconditioning the diagonal problem is perfectly conditioned (probing a diagonal Jacobian is
	 * exact): L-BFGS solves it in a few iterations, without it not.
	 */
	@Test
	void preconditioningIsAppliedAsTheInverseIllumination() {
		final double[] d = new double[GRID.size()], truth = new double[GRID.size()], start = new double[GRID.size()];
		for (int i = 0; i < d.length; i++) {
			d[i] = Math.pow(10, -2 * (double) i / (d.length - 1));
			truth[i] = 2500 + 300 * Math.sin(i);
			start[i] = 2500;
		}
		final ForwardOperator op = diagonal(d);
		final double[] obs = op.apply(truth, null);
		final Unknowns u = Unknowns.velocity(GRID, start, 1500, 4500);
		final StagedFwi.Settings plain = StagedFwi.Settings.of(4, 1500, 4500);
		final StagedFwi.Result a = StagedFwi.invert(oneStage(op, obs), u, null, plain, DataMisfit.LEAST_SQUARES, Progress.NONE);
		final StagedFwi.Result b = StagedFwi.invert(oneStage(op, obs), u, null, plain.withPreconditioning(true, 1, 0, 1e-12),
			DataMisfit.LEAST_SQUARES, Progress.NONE);
		assertTrue(b.finalMisfit() < 1e-12 * b.initialMisfit(), "preconditioned: " + b.finalMisfit() / b.initialMisfit());
		assertTrue(a.finalMisfit() > 1e-6 * a.initialMisfit(), "plain: " + a.finalMisfit() / a.initialMisfit());
		assertTrue(b.finalMisfit() < 1e-6 * a.finalMisfit());
	}

	/** Pixels where the taper is 0 keep their starting value. */
	@Test
	void taperedPixelsStayAtTheStart() {
		final double[] d = new double[GRID.size()], truth = new double[GRID.size()], start = new double[GRID.size()];
		for (int i = 0; i < d.length; i++) {
			d[i] = 1;
			truth[i] = 2600;
			start[i] = 2500;
		}
		final ForwardOperator op = diagonal(d);
		final double[] taper = Taper.weights(GRID, new double[] { 30 }, new double[] { 0 }, 25);
		final StagedFwi.Result r = StagedFwi.invert(oneStage(op, op.apply(truth, null)), Unknowns.velocity(GRID, start, 1500, 4500), taper,
			StagedFwi.Settings.of(10, 1500, 4500).withPreconditioning(true, 2, 1, 0.05), DataMisfit.LEAST_SQUARES, Progress.NONE);
		final double[] v = r.velocity();
		assertEquals(2500, v[GRID.index(3, 0)], 0);
		assertEquals(2600, v[GRID.index(3, 5)], 1e-3);
	}

	/**
	 * Weight auto: the discrepancy principle stops with the data misfit at the noise level 1/2 m sigma^2 (between half
	 * of it and it), not at the much smaller misfit of an unregularized fit.
	 */
	@Test
	void discrepancyPrincipleFitsDataToTheNoiseLevel() {
		// A smoothing (blurring) operator: every datum averages a 3 x 3 window; ill-posed at high wavenumbers.
		final int n = GRID.size();
		final DMatrixRMaj a = new DMatrixRMaj(n, n);
		for (int iz = 0; iz < GRID.nz(); iz++)
			for (int ix = 0; ix < GRID.nx(); ix++)
				for (int jz = Math.max(0, iz - 1); jz <= Math.min(GRID.nz() - 1, iz + 1); jz++)
					for (int jx = Math.max(0, ix - 1); jx <= Math.min(GRID.nx() - 1, ix + 1); jx++)
						a.set(GRID.index(ix, iz), GRID.index(jx, jz), 1e-3 / 9);
		final ForwardOperator op = new AffineOperator(a, null);
		final double[] truth = new double[n], start = new double[n];
		for (int i = 0; i < n; i++) {
			truth[i] = i % GRID.nx() < 4 ? 2200 : 2800;
			start[i] = 2500;
		}
		final double sigma = 0.02;
		final double[] obs = op.apply(truth, null);
		final Random rnd = new Random(4);
		for (int i = 0; i < n; i++) obs[i] += sigma * rnd.nextGaussian();
		final double target = 0.5 * n * sigma * sigma;
		for (final Regularization reg : new Regularization[] { Regularization.TIKHONOV, Regularization.TV }) {
			final StagedFwi.Result r = StagedFwi.invert(oneStage(op, obs), Unknowns.velocity(GRID, start, 1500, 4500), null,
				StagedFwi.Settings.of(200, 1500, 4500).withRegularization(reg, Double.NaN).withNoise(sigma), DataMisfit.LEAST_SQUARES,
				Progress.NONE);
			assertEquals(target, r.targetMisfit(), 1e-12);
			assertTrue(r.finalMisfit() <= target && r.finalMisfit() >= 0.5 * target, reg.label() + ": misfit " + r.finalMisfit() +
				", noise level " + target + ", weight " + r.weight());
			assertTrue(r.weight() < StagedFwi.AUTO_WEIGHT_START && r.weight() > 0);
		}
		assertTrue(assertThrows(IllegalArgumentException.class, () -> StagedFwi.invert(oneStage(op, obs), Unknowns.velocity(GRID, start,
			1500, 4500), null, StagedFwi.Settings.of(5, 1500, 4500).withRegularization(Regularization.TV, Double.NaN), DataMisfit.LEAST_SQUARES,
			Progress.NONE)).getMessage().startsWith("weight=auto (discrepancy principle) needs the noise level"));
	}

	/**
	 * Weight auto cools by the misfit's distance from the noise level: on a budget where a fixed factor 3 per round ends
	 * far above the noise level (alpha 100 / 3^4 after 5 rounds), the last stage reaches it; the factor is E / T within
	 * [3, 30].
	 */
	@Test
	void discrepancyPrincipleReachesTheNoiseLevelOnASmallBudget() {
		assertEquals(StagedFwi.AUTO_WEIGHT_COOLING, StagedFwi.coolingFactor(1.5, 1), 0);
		assertEquals(7, StagedFwi.coolingFactor(7, 1), 0);
		assertEquals(StagedFwi.AUTO_WEIGHT_MAX_COOLING, StagedFwi.coolingFactor(1e6, 1), 0);
		final int n = GRID.size();
		final DMatrixRMaj a = new DMatrixRMaj(n, n);
		for (int iz = 0; iz < GRID.nz(); iz++)
			for (int ix = 0; ix < GRID.nx(); ix++)
				for (int jz = Math.max(0, iz - 1); jz <= Math.min(GRID.nz() - 1, iz + 1); jz++)
					for (int jx = Math.max(0, ix - 1); jx <= Math.min(GRID.nx() - 1, ix + 1); jx++)
						a.set(GRID.index(ix, iz), GRID.index(jx, jz), 1e-3 / 9);
		final ForwardOperator op = new AffineOperator(a, null);
		final double[] truth = new double[n], start = new double[n];
		for (int i = 0; i < n; i++) {
			truth[i] = i % GRID.nx() < 4 ? 2200 : 2800;
			start[i] = 2500;
		}
		final double sigma = 0.005;
		final double[] obs = op.apply(truth, null);
		final Random rnd = new Random(5);
		for (int i = 0; i < n; i++) obs[i] += sigma * rnd.nextGaussian();
		final double target = 0.5 * n * sigma * sigma;
		for (final Regularization reg : new Regularization[] { Regularization.TIKHONOV, Regularization.TV }) {
			final StagedFwi.Result r = StagedFwi.invert(oneStage(op, obs), Unknowns.velocity(GRID, start, 1500, 4500), null,
				StagedFwi.Settings.of(50, 1500, 4500).withRegularization(reg, Double.NaN).withNoise(sigma), DataMisfit.LEAST_SQUARES,
				Progress.NONE);
			assertTrue(r.finalMisfit() <= target && r.finalMisfit() >= 0.3 * target, reg.label() + ": misfit " + r.finalMisfit() +
				", noise level " + target + ", weight " + r.weight());
		}
	}

	/** A truth outside the bounds leaves the pixels at the bounds, counted and marked. */
	@Test
	void boundHitsAreCountedAndMarked() {
		final double[] d = new double[GRID.size()], truth = new double[GRID.size()], start = new double[GRID.size()];
		for (int i = 0; i < d.length; i++) {
			d[i] = 1;
			truth[i] = i < 5 ? 1000 : i < 8 ? 5000 : 2600;
			start[i] = 2500;
		}
		final ForwardOperator op = diagonal(d);
		final StagedFwi.Result r = StagedFwi.invert(oneStage(op, op.apply(truth, null)), Unknowns.velocity(GRID, start, 1500, 4500), null,
			StagedFwi.Settings.of(20, 1500, 4500), DataMisfit.LEAST_SQUARES, Progress.NONE);
		assertEquals(5, r.lowerBoundHits());
		assertEquals(3, r.upperBoundHits());
		assertEquals(8, r.boundHits());
		final byte[] mask = r.boundMask();
		for (int i = 0; i < mask.length; i++) assertEquals(i < 5 ? -1 : i < 8 ? 1 : 0, mask[i], "pixel " + i);
	}
}
