package org.memfwi.core.helmholtz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.memfwi.core.grid.Grid2D;
import org.memfwi.core.prior.KarhunenLoeveBasis;
import org.memfwi.core.progress.Progress;
import org.memfwi.core.util.Seeds;
import org.memfwi.testing.Figures;

class HelmholtzFwiTest {

	private static final Grid2D GRID = new Grid2D(24, 20, 10);
	private static final double[] FREQUENCIES = { 8, 12, 16 };

	/** Background 2,000 m/s increasing with depth, with a Gaussian anomaly of +150 m/s in the middle. */
	static double[] truth() {
		final double[] v = background();
		for (int iz = 0; iz < GRID.nz(); iz++)
			for (int ix = 0; ix < GRID.nx(); ix++) {
				final double r2 = Math.pow(ix - 11.5, 2) + Math.pow(iz - 9.5, 2);
				v[GRID.index(ix, iz)] += 150 * Math.exp(-r2 / (2 * 2.5 * 2.5));
			}
		return v;
	}

	static double[] background() {
		final double[] v = new double[GRID.size()];
		for (int i = 0; i < v.length; i++) v[i] = 2000 + 10 * (i / GRID.nx());
		return v;
	}

	/** Sources along the top and down the left edge, receivers along the top, the right edge and the bottom. */
	private static HelmholtzSolver solver(final int threads) {
		final double w = (GRID.nx() - 1) * GRID.dx(), d = (GRID.nz() - 1) * GRID.dx();
		final double[] sx = { 20, 0.5 * w, w - 20, 0, 0 }, sz = { 20, 20, 20, 0.4 * d, 0.8 * d };
		final int nr = 30;
		final double[] rx = new double[nr], rz = new double[nr];
		for (int i = 0; i < 10; i++) {
			rx[i] = w * i / 9;
			rz[i] = 10;
			rx[10 + i] = w;
			rz[10 + i] = d * i / 9;
			rx[20 + i] = w * i / 9;
			rz[20 + i] = d;
		}
		return new HelmholtzSolver(GRID, new HelmholtzAcquisition(sx, sz, rx, rz), HelmholtzConfig.defaults()
			.withFrequencies(FREQUENCIES).withPml(10).withThreads(threads).resolve(2400, GRID.dx()));
	}

	private static double rms(final double[] a, final double[] b) {
		double s = 0;
		for (int i = 0; i < a.length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
		return Math.sqrt(s / a.length);
	}

	private static double[] observed(final double[] v) {
		return new HelmholtzOperator(solver(1), new VelocityPixels(GRID)).apply(v, null);
	}

	@Test
	void stagesAddFrequenciesLowestFirst() {
		final double[] f = { 12, 4, 8 };
		assertEquals("[[4.0], [4.0, 8.0], [4.0, 8.0, 12.0]]", Arrays.deepToString(HelmholtzFwi.stages(f, new double[0])));
		assertEquals("[[4.0, 8.0], [4.0, 8.0, 12.0]]", Arrays.deepToString(HelmholtzFwi.stages(f, new double[] { 9, 0 })));
		assertEquals("[[4.0], [4.0, 8.0, 12.0]]", Arrays.deepToString(HelmholtzFwi.stages(f, new double[] { 4, 100 })));
		assertEquals("bands: no data frequency is at or below 3 Hz (the data have 4, 8, 12 Hz); raise the cutoff or use bands=auto",
			assertThrows(IllegalArgumentException.class, () -> HelmholtzFwi.stages(f, new double[] { 3, 0 })).getMessage());
		assertEquals("bands must increase (lowest first, 0 = every frequency last), got 8, 5", assertThrows(
			IllegalArgumentException.class, () -> HelmholtzFwi.Settings.of(3, 1500, 4500).withCutoffs(8, 5).validate()).getMessage());
		assertEquals("parameterization 'pixels' is unknown; use velocity, slowness or kl", assertThrows(IllegalArgumentException.class,
			() -> HelmholtzFwi.Model.fromLabel("pixels")).getMessage());
	}

	/** Velocity pixels: the misfit falls at least 100-fold and the model moves towards the truth. */
	@Test
	void smallAnomalyWithVelocityPixels(final Figures figures) {
		final double[] truth = truth(), start = background();
		final HelmholtzFwi.Result r = HelmholtzFwi.invert(solver(1), observed(truth), start,
			HelmholtzFwi.Settings.of(15, 1500, 3000), Progress.NONE);
		final double e0 = rms(start, truth), e1 = rms(r.velocity(), truth);
		figures.report("Helmholtz FWI (velocity): misfit " + r.initialMisfit() + " -> " + r.finalMisfit() + " (" + r.initialMisfit() /
			r.finalMisfit() + "x), model rms error " + e0 + " -> " + e1 + " m/s, " + r.history().rowCount() + " rows");
		assertFalse(r.stoppedEarly());
		assertEquals(3, r.stages().length);
		assertTrue(r.initialMisfit() / r.finalMisfit() >= 100, r.initialMisfit() + " -> " + r.finalMisfit());
		assertTrue(e1 < 0.5 * e0, e0 + " -> " + e1);
		assertEquals(r.finalMisfit(), HelmholtzFwi.misfit(observed(r.velocity()), observed(truth)), 1e-9 * r.finalMisfit());
		// The history: stage 1 starts at iteration 0, the stage cutoffs are the stage's highest frequencies.
		assertEquals(0, r.history().number(0, "iteration"), 0);
		assertEquals(8, r.history().number(0, "cutoff_hz"), 0);
		assertEquals(16, r.history().number(r.history().rowCount() - 1, "cutoff_hz"), 0);
	}

	/** Squared-slowness pixels within the same bounds: the same 100-fold fall. */
	@Test
	void smallAnomalyWithSquaredSlowness(final Figures figures) {
		final double[] truth = truth(), start = background();
		final HelmholtzFwi.Result r = HelmholtzFwi.invert(solver(1), observed(truth), start,
			HelmholtzFwi.Settings.of(15, 1500, 3000).withCutoffs(12, 0).withModel(HelmholtzFwi.Model.SLOWNESS), Progress.NONE);
		final double e0 = rms(start, truth), e1 = rms(r.velocity(), truth);
		figures.report("Helmholtz FWI (slowness): misfit " + r.initialMisfit() + " -> " + r.finalMisfit() + " (" + r.initialMisfit() /
			r.finalMisfit() + "x), model rms error " + e0 + " -> " + e1 + " m/s");
		assertTrue(r.initialMisfit() / r.finalMisfit() >= 100, r.initialMisfit() + " -> " + r.finalMisfit());
		assertTrue(e1 < 0.5 * e0, e0 + " -> " + e1);
		for (int i = 0; i < r.parameters().length; i++) assertEquals(1 / Math.sqrt(r.parameters()[i]), r.velocity()[i], 1e-9 * r.velocity()[i]);
	}

	/**
	 * KL coefficients: a truth that is the start plus a KL field is found again (misfit 100-fold lower, model error
	 * lower); the output is the synthesized field, smooth by construction.
	 */
	@Test
	void klParameterizationRecoversAFieldOfItsSpan(final Figures figures) {
		final double[] start = background();
		final KarhunenLoeveBasis basis = new KarhunenLoeveBasis(4, GRID.nx(), GRID.nz(), 1, 2);
		final SplittableRandom rnd = new SplittableRandom(3);
		final double[] c = new double[basis.size()];
		for (int i = 0; i < c.length; i++) c[i] = Seeds.gaussian(rnd);
		final double[] field = basis.synthesize(scaled(basis, c), null);
		double peak = 0;
		for (final double a : field) peak = Math.max(peak, Math.abs(a));
		final double[] truth = start.clone();
		for (int i = 0; i < truth.length; i++) truth[i] += 120 * field[i] / peak;
		final HelmholtzFwi.Result r = HelmholtzFwi.invert(solver(1), observed(truth), start,
			HelmholtzFwi.Settings.of(15, 1500, 3000).withModel(HelmholtzFwi.Model.KL).withKl(4, 1, 2), Progress.NONE);
		final double e0 = rms(start, truth), e1 = rms(r.velocity(), truth);
		figures.report("Helmholtz FWI (KL, 16 coefficients): misfit " + r.initialMisfit() + " -> " + r.finalMisfit() + " (" +
			r.initialMisfit() / r.finalMisfit() + "x), model rms error " + e0 + " -> " + e1 + " m/s");
		assertEquals(16, r.parameters().length);
		assertTrue(r.initialMisfit() / r.finalMisfit() >= 100, r.initialMisfit() + " -> " + r.finalMisfit());
		assertTrue(e1 < 0.3 * e0, e0 + " -> " + e1);
		// The output is start + a field of the basis: its projection reproduces it.
		final double[] update = new double[truth.length];
		for (int i = 0; i < update.length; i++) update[i] = r.velocity()[i] - start[i];
		final double[] back = basis.synthesize(basis.project(update, null), null);
		for (int i = 0; i < update.length; i++) assertEquals(update[i], back[i], 1e-9 * 150);
	}

	private static double[] scaled(final KarhunenLoeveBasis b, final double[] c) {
		final double[] s = new double[c.length];
		for (int i = 0; i < c.length; i++) s[i] = c[i] * Math.sqrt(b.eigenvalue(i));
		return s;
	}

	/** Tight bounds are honoured by every parameterization, including KL (whose box is not a box in its coefficients). */
	@Test
	void velocityBoundsHold() {
		final double[] truth = truth(), start = background();
		final double vmax = 2150;
		for (final HelmholtzFwi.Model m : HelmholtzFwi.Model.values()) {
			final HelmholtzFwi.Result r = HelmholtzFwi.invert(solver(1), observed(truth), start,
				HelmholtzFwi.Settings.of(6, 1900, vmax).withCutoffs(0).withModel(m), Progress.NONE);
			double hi = 0, lo = Double.POSITIVE_INFINITY;
			for (final double v : r.velocity()) {
				hi = Math.max(hi, v);
				lo = Math.min(lo, v);
			}
			assertTrue(hi <= vmax * (1 + 1e-12) && lo >= 1900 * (1 - 1e-12), m + ": " + lo + ".." + hi);
			assertTrue(r.finalMisfit() < r.initialMisfit(), m.label());
		}
	}

	/** The smoothing penalty's gradient in every parameterization matches central differences. */
	@Test
	void smoothingPenaltyGradientInEveryParameterization() {
		final double[] v0 = truth();
		for (final HelmholtzFwi.Model m : HelmholtzFwi.Model.values()) {
			final HelmholtzFwi.Settings s = HelmholtzFwi.Settings.of(1, 1500, 3000).withModel(m).withKl(4, 1, 2);
			final HelmholtzFwi.ParameterizedUnknowns u = new HelmholtzFwi.ParameterizedUnknowns(GRID, v0, s);
			final double[] x = u.x0.clone();
			if (m == HelmholtzFwi.Model.KL) for (int i = 0; i < x.length; i++) x[i] = 0.3 * Math.sin(i + 1.0);
			final double w = 0.7;
			final double[] g = new double[x.length];
			final double p = u.penalty(x, u.velocity(x), g, w);
			assertTrue(p > 0, m.label());
			for (final int i : new int[] { 0, 7, x.length - 1 }) {
				final double h = 1e-5 * (Math.abs(x[i]) + 1e-3 * (m == HelmholtzFwi.Model.KL ? 1 : 0)), keep = x[i];
				x[i] = keep + h;
				final double fp = u.penalty(x, u.velocity(x), null, w);
				x[i] = keep - h;
				final double fm = u.penalty(x, u.velocity(x), null, w);
				x[i] = keep;
				assertEquals((fp - fm) / (2 * h), g[i], 1e-7 * Math.abs(g[i]) + 1e-14 * Math.abs(p) / h, m.label() + " parameter " + i);
			}
		}
	}

	/** A smoothing weight leaves a smoother model; results are identical for 1 and 2 threads. */
	@Test
	void smoothingAndThreads() {
		final double[] obs = observed(truth()), start = background();
		final HelmholtzFwi.Settings plain = HelmholtzFwi.Settings.of(5, 1500, 3000).withCutoffs(0);
		final HelmholtzFwi.Result a = HelmholtzFwi.invert(solver(1), obs, start, plain, Progress.NONE);
		final HelmholtzFwi.Result b = HelmholtzFwi.invert(solver(2), obs, start, plain, Progress.NONE);
		assertArrayEquals(a.velocity(), b.velocity(), 0);
		final HelmholtzFwi.Result c = HelmholtzFwi.invert(solver(1), obs, start,
			HelmholtzFwi.Settings.of(5, 1500, 3000).withCutoffs(0).withSmoothing(10), Progress.NONE);
		assertTrue(roughness(c.velocity()) < roughness(a.velocity()), roughness(c.velocity()) + " vs " + roughness(a.velocity()));
	}

	private static double roughness(final double[] v) {
		double s = 0;
		for (int iz = 0; iz < GRID.nz(); iz++)
			for (int ix = 0; ix + 1 < GRID.nx(); ix++) s += Math.pow(v[GRID.index(ix + 1, iz)] - v[GRID.index(ix, iz)], 2);
		return s;
	}

	/** Cancel keeps the model reached so far, says so, and reports the last finite misfit (not NaN). */
	@Test
	void cancelKeepsTheModelReachedSoFar() {
		final double[] truth = truth(), start = background();
		final int[] calls = { 0 };
		final HelmholtzFwi.Result r = HelmholtzFwi.invert(solver(1), observed(truth), start,
			HelmholtzFwi.Settings.of(30, 1500, 3000), new Progress() {
				@Override public void fraction(final double done) { calls[0]++; }
				@Override public void status(final String message) {}
				@Override public void warn(final String message) {}
				@Override public boolean isCanceled() { return calls[0] > 4; }
			});
		assertTrue(r.stoppedEarly());
		assertEquals(r.history().number(r.history().rowCount() - 1, "misfit"), r.finalMisfit(), 0);
		assertTrue(r.finalMisfit() > 0 && r.finalMisfit() < r.initialMisfit(), "final misfit " + r.finalMisfit());
		assertFalse(r.staged().finalMisfitOnFullData());
		assertTrue(rms(r.velocity(), truth) < rms(start, truth));
		assertTrue(r.history().rowCount() >= 2 && r.history().rowCount() < 10, "rows " + r.history().rowCount());
	}
}
