package org.memfwi.core.wave;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.memfwi.core.fwi.StagedFwi;
import org.memfwi.core.grid.Grid2D;
import org.memfwi.core.progress.Progress;
import org.memfwi.core.signal.LowPass;
import org.memfwi.testing.Figures;

import org.junit.jupiter.api.Test;

class TimeDomainFwiTest {

	private static final Grid2D GRID = new Grid2D(30, 26, 10);

	/** Background 2,000 m/s with a Gaussian anomaly of +200 m/s in the middle. */
	private static double[] truth() {
		final double[] v = new double[GRID.size()];
		for (int iz = 0; iz < GRID.nz(); iz++)
			for (int ix = 0; ix < GRID.nx(); ix++) {
				final double r2 = Math.pow(ix - 14.5, 2) + Math.pow(iz - 12.5, 2);
				v[GRID.index(ix, iz)] = 2000 + 200 * Math.exp(-r2 / (2 * 3.0 * 3.0));
			}
		return v;
	}

	/** Sources down the left edge and on the surface, receivers along the right edge and the surface. */
	private static Acquisition crosswell() {
		final double w = (GRID.nx() - 1) * GRID.dx(), d = (GRID.nz() - 1) * GRID.dx();
		final double[] sx = { 0, 0, 0, 0.5 * w }, sz = { 0.2 * d, 0.5 * d, 0.8 * d, 0 };
		final int nr = 24;
		final double[] rx = new double[nr], rz = new double[nr];
		for (int i = 0; i < 12; i++) {
			rx[i] = w;
			rz[i] = d * i / 11;
			rx[12 + i] = w * i / 11;
			rz[12 + i] = d;
		}
		return new Acquisition(sx, sz, rx, rz);
	}

	private static double rms(final double[] a, final double[] b) {
		double s = 0;
		for (int i = 0; i < a.length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
		return Math.sqrt(s / a.length);
	}

	@Test
	void smallAnomalyIsRecoveredAndTheMisfitFallsHundredfold(final Figures figures) {
		final Wavelet w = Wavelet.ricker(25, Wavelet.defaultDelay(25), 1e-3, 400);
		final WaveSettings ws = WaveSettings.DEFAULT.withCpml(10);
		final double[] truth = truth();
		final float[][] observed = new Propagator(new WaveSetup(GRID, crosswell(), w, ws, 1500, 3000, Progress.NONE))
			.forward(truth, 0, Progress.NONE);
		final double[] start = new double[GRID.size()];
		Arrays.fill(start, 2000);
		final TimeDomainFwi.Result r = TimeDomainFwi.invert(GRID, crosswell(), w, ws, observed, start,
			TimeDomainFwi.Settings.of(StagedFwi.Settings.of(12, 1500, 3000)).withBands(15, 0), Progress.NONE);
		final double e0 = rms(start, truth), e1 = rms(r.model(), truth);
		figures.report("FWI: misfit " + r.initialMisfit() + " -> " + r.finalMisfit() + " (" + r.initialMisfit() / r.finalMisfit() +
			"x), model rms error " + e0 + " -> " + e1 + " m/s, " + r.history().rowCount() + " rows");
		assertTrue(r.finalMisfit() * 100 <= r.initialMisfit(), "misfit only fell by " + r.initialMisfit() / r.finalMisfit() + "x");
		assertTrue(e1 < 0.5 * e0, "model error " + e0 + " -> " + e1);
		assertFalse(r.stoppedEarly());
		assertEquals(1, r.history().number(0, "band"), 0);
		for (final double v : r.model()) assertTrue(v >= 1500 && v <= 3000);
	}

	@Test
	void filteringTheWaveletFiltersTheData() {
		// The causal low-pass commutes with propagation: F(filtered wavelet) = filtered F(wavelet) to float rounding.
		final Wavelet w = Wavelet.ricker(25, Wavelet.defaultDelay(25), 1e-3, 300);
		final WaveSettings ws = WaveSettings.DEFAULT.withCpml(10).withPmlFrequency(25);
		final LowPass lp = new LowPass(12, 1e-3, 4);
		final double[] v = truth();
		final float[][] d = new Propagator(new WaveSetup(GRID, crosswell(), w, ws, 1500, 3000, Progress.NONE)).forward(v, 1, Progress.NONE);
		TimeDomainFwi.filter(d, crosswell().receivers(), lp);
		final float[][] df = new Propagator(new WaveSetup(GRID, crosswell(), TimeDomainFwi.filter(w, lp), ws, 1500, 3000, Progress.NONE))
			.forward(v, 1, Progress.NONE);
		double diff = 0, max = 0;
		for (int s = 0; s < d.length; s++)
			for (int i = 0; i < d[s].length; i++) {
				diff = Math.max(diff, Math.abs(d[s][i] - df[s][i]));
				max = Math.max(max, Math.abs(d[s][i]));
			}
		assertTrue(diff < 1e-4 * max, "filter and propagation do not commute: " + diff / max);
	}

	@Test
	void smoothingPenaltyGradientMatchesFiniteDifferences() {
		final double[] v = Surveys.model(GRID, 1800, 3000, 51);
		final double[] g = new double[v.length];
		final double w = 0.37;
		final double f = TimeDomainFwi.smoothing(GRID, v, g, w);
		assertTrue(f > 0);
		for (final int i : new int[] { 0, GRID.nx() - 1, GRID.size() - 1, GRID.index(7, 9) }) {
			final double h = 1e-3, keep = v[i];
			v[i] = keep + h;
			final double fp = TimeDomainFwi.smoothing(GRID, v, null, w);
			v[i] = keep - h;
			final double fm = TimeDomainFwi.smoothing(GRID, v, null, w);
			v[i] = keep;
			assertEquals((fp - fm) / (2 * h), g[i], 1e-6 * Math.abs(g[i]) + 1e-9);
		}
		final double[] flat = new double[GRID.size()];
		Arrays.fill(flat, 2500);
		assertEquals(0, TimeDomainFwi.smoothing(GRID, flat, null, w), 0);
	}
}
