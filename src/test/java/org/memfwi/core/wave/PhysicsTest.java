package org.memfwi.core.wave;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.memfwi.core.grid.Grid2D;
import org.memfwi.core.progress.Progress;
import org.memfwi.testing.Figures;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The propagator against physics: the analytic 2D Green's function, CPML absorption and reciprocity. */
class PhysicsTest {

	/**
	 * The analytic trace u(r, t) = int G(r, s) f(t - s) ds with G = H(s - r/v) / (2 pi v^2 sqrt(s^2 - r^2/v^2)).
	 * Substituting s = r/v + sigma^2 removes the singularity: u = int_0^sqrt(t - r/v) f(t - s) / (pi v^2 sqrt(s + r/v))
	 * dsigma, integrated with composite Gauss-Legendre (4 points on 400 panels).
	 */
	static double analytic(final Wavelet w, final double v, final double r, final double t) {
		final double t0 = r / v;
		if (t <= t0) return 0;
		final double top = Math.sqrt(t - t0);
		final int panels = 400;
		final double[] xg = { -0.8611363115940526, -0.3399810435848563, 0.3399810435848563, 0.8611363115940526 };
		final double[] wg = { 0.3478548451374538, 0.6521451548625461, 0.6521451548625461, 0.3478548451374538 };
		double sum = 0;
		final double h = top / panels;
		for (int p = 0; p < panels; p++)
			for (int q = 0; q < 4; q++) {
				final double sig = (p + 0.5 + 0.5 * xg[q]) * h;
				final double s = t0 + sig * sig;
				sum += 0.5 * h * wg[q] * w.at(t - s) / (Math.PI * v * v * Math.sqrt(s + t0));
			}
		return sum;
	}

	@ParameterizedTest
	@CsvSource({ "8, 1.5e-3", "4, 4e-3", "2, 0.15" })
	void homogeneousMediumMatchesTheAnalyticGreensFunction(final int order, final double budget, final Figures figures) {
		final double v = 2000, dx = 5, f0 = 15, dt = 2e-4;
		final Grid2D grid = new Grid2D(121, 61, dx);
		final double sx = 100, sz = 150, rx = 500, rz = 150;
		final int nt = 1501;
		final Wavelet w = Wavelet.ricker(f0, Wavelet.defaultDelay(f0), dt, nt);
		final WaveSetup s = new WaveSetup(grid, new Acquisition(new double[] { sx }, new double[] { sz }, new double[] { rx },
			new double[] { rz }), w, WaveSettings.DEFAULT.withOrder(order).withCpml(30), v, v, Progress.NONE);
		final double[] model = new double[grid.size()];
		Arrays.fill(model, v);
		final float[] trace = new Propagator(s).forward(model, 1, Progress.NONE)[0];
		double err = 0, norm = 0;
		for (int j = 0; j < nt; j++) {
			final double a = analytic(w, v, Math.hypot(rx - sx, rz - sz), j * dt);
			err += (trace[j] - a) * (trace[j] - a);
			norm += a * a;
		}
		final double rel = Math.sqrt(err / norm);
		figures.report("order " + order + ": relative L2 error vs analytic Green's function " + rel);
		assertTrue(rel < budget, "order " + order + ": relative L2 error " + rel + " above the budget " + budget);
	}

	@Test
	void cpmlAbsorbsTheWave(final Figures figures) {
		final Grid2D grid = new Grid2D(60, 50, 10);
		final WaveSetup s = new WaveSetup(grid, new Acquisition(new double[] { 300 }, new double[] { 240 }, new double[] { 300 },
			new double[] { 240 }), Wavelet.ricker(15, 0.1, 1e-3, 1201), WaveSettings.DEFAULT, 2000, 3000, Progress.NONE);
		final double[] v = Surveys.model(grid, 2000, 3000, 9);
		final double[] e = new Propagator(s).energyHistory(v, 0);
		double peak = 0;
		for (final double x : e) peak = Math.max(peak, x);
		final double last = e[e.length - 1];
		figures.report("CPML: final energy / peak = " + last / peak);
		assertTrue(last < 1e-4 * peak, "energy left after 1.2 s: " + last / peak + " of its peak");
		final double[] fsE = new Propagator(new WaveSetup(grid, s.acquisition, s.wavelet, s.settings.withFreeSurface(true), 2000, 3000,
			Progress.NONE)).energyHistory(v, 0);
		double fsPeak = 0;
		for (final double x : fsE) fsPeak = Math.max(fsPeak, x);
		assertTrue(fsE[fsE.length - 1] < 1e-4 * fsPeak, "free surface: energy left " + fsE[fsE.length - 1] / fsPeak);
	}

	@ParameterizedTest
	@CsvSource({ "false", "true" })
	void swappingSourceAndReceiverGivesTheSameTrace(final boolean fs, final Figures figures) {
		final Grid2D grid = new Grid2D(50, 40, 10);
		final double[] v = Surveys.model(grid, 1800, 3000, 11);
		final double ax = 120, az = 70, bx = 380, bz = 290;
		final Wavelet w = Wavelet.ricker(15, 0.1, 1e-3, 700);
		final WaveSettings set = WaveSettings.DEFAULT.withFreeSurface(fs);
		final float[] ab = new Propagator(new WaveSetup(grid, new Acquisition(new double[] { ax }, new double[] { az }, new double[] { bx },
			new double[] { bz }), w, set, 1800, 3000, Progress.NONE)).forward(v, 1, Progress.NONE)[0];
		final float[] ba = new Propagator(new WaveSetup(grid, new Acquisition(new double[] { bx }, new double[] { bz }, new double[] { ax },
			new double[] { az }), w, set, 1800, 3000, Progress.NONE)).forward(v, 1, Progress.NONE)[0];
		// u_ab v(a)^2 = u_ba v(b)^2: the source term enters u_tt = v^2 Lap u + f without the v^2 factor.
		final double va = v[grid.index(12, 7)], vb = v[grid.index(38, 29)];
		double diff = 0, max = 0;
		for (int j = 0; j < ab.length; j++) {
			diff = Math.max(diff, Math.abs(ab[j] * va * va - ba[j] * vb * vb));
			max = Math.max(max, Math.abs(ab[j] * va * va));
		}
		figures.report("reciprocity (free surface " + fs + "): max difference / max = " + diff / max);
		assertTrue(diff < 1e-4 * max, "reciprocity mismatch " + diff / max);
	}
}
