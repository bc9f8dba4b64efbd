package org.memfwi.core.wave;

import java.util.Locale;

import org.memfwi.core.grid.Grid2D;
import org.memfwi.core.optim.Lbfgs;
import org.memfwi.core.optim.Objective;
import org.memfwi.core.optim.SmoothingPenalty;
import org.memfwi.core.progress.Progress;
import org.memfwi.core.signal.LowPass;
import org.memfwi.core.util.Table;

/**
 * Time-domain full-waveform inversion: minimizes {@code 1/2 sum ||F(v) - d||^2 + smoothing penalty} over the velocity
 * pixels with {@link Lbfgs} inside velocity bounds, band by band (multiscale): for a band with cutoff fc the observed
 * traces and the source wavelet are filtered by the same causal Butterworth low-pass (so they stay consistent), and
 * each band starts from the model the previous one reached.
 * <p>
 * Smoothing penalty: {@code alpha E0 / (2 N) sum over neighbour pairs ((v_i - v_j) / vref)^2}, with alpha the user's
 * weight, E0 the band's data misfit at its starting model, N the pixel count and vref = (vmin + vmax) / 2, so that
 * alpha is dimensionless and independent of the data amplitude.
 */
public final class TimeDomainFwi {

	/** Inversion settings. */
	public static final class Settings {
		/** Low-pass cutoffs in Hz, lowest first; 0 or a value at or above Nyquist means the unfiltered data. */
		public final double[] bands;
		public final int iterations;
		public final double vmin, vmax;
		public final double smoothing;
		public final int threads;
		/** The largest velocity change of a band's first step, m/s. */
		public final double firstStep;

		public Settings(final double[] bands, final int iterations, final double vmin, final double vmax, final double smoothing,
			final int threads) {
			if (bands.length == 0) throw new IllegalArgumentException("bands: give at least one band (0 = the full data)");
			for (final double b : bands) if (!(b >= 0) || Double.isInfinite(b))
				throw new IllegalArgumentException("bands: cutoff frequencies must be positive numbers of Hz (or 0 for the full band), got " + b);
			if (iterations < 1) throw new IllegalArgumentException("iterations must be at least 1, got " + iterations);
			if (!(vmin > 0) || !(vmax > vmin) || Double.isInfinite(vmax))
				throw new IllegalArgumentException("velocity bounds must satisfy 0 < vmin < vmax, got vmin = " + vmin + ", vmax = " + vmax);
			if (!(smoothing >= 0)) throw new IllegalArgumentException("smoothing must be at least 0, got " + smoothing);
			this.bands = bands.clone();
			this.iterations = iterations;
			this.vmin = vmin;
			this.vmax = vmax;
			this.smoothing = smoothing;
			this.threads = threads;
			this.firstStep = 0.02 * (vmax - vmin);
		}
	}

	/** The outcome: the model reached, the misfit history, and whether it was stopped early. */
	public static final class Result {
		public final double[] model;
		/** Columns: iteration, band, cutoff_hz, band_iteration, misfit, smoothing_penalty, gradient_norm, step, evaluations. */
		public final Table history;
		public final boolean stoppedEarly;
		/** Data misfit of the start and final models on the unfiltered data. */
		public final double initialMisfit, finalMisfit;

		Result(final double[] model, final Table history, final boolean stoppedEarly, final double initialMisfit, final double finalMisfit) {
			this.model = model;
			this.history = history;
			this.stoppedEarly = stoppedEarly;
			this.initialMisfit = initialMisfit;
			this.finalMisfit = finalMisfit;
		}
	}

	private TimeDomainFwi() {}

	/** Filters a wavelet's samples with a low-pass (returns a sampled wavelet). */
	public static Wavelet filter(final Wavelet w, final LowPass lp) {
		final double[] s = w.samples();
		lp.apply(s, 0, 1, s.length);
		return Wavelet.sampled(s, w.dt());
	}

	/** Filters every trace of shot gathers (nt x receivers per shot) in place. */
	public static void filter(final float[][] gathers, final int receivers, final LowPass lp) {
		for (final float[] g : gathers) {
			final int nt = g.length / receivers;
			for (int q = 0; q < receivers; q++) lp.apply(g, q, receivers, nt);
		}
	}

	/**
	 * Inverts observed shot gathers.
	 *
	 * @param observed per shot nt x receivers samples at the wavelet's dt (not modified)
	 * @param start the starting model, nx * nz velocities in m/s (not modified; clipped into the bounds)
	 */
	public static Result invert(final Grid2D grid, final Acquisition acq, final Wavelet wavelet, final WaveSettings ws,
		final float[][] observed, final double[] start, final Settings s, final Progress progress) {
		if (start.length != grid.size()) throw new IllegalArgumentException("starting model has " + start.length + " pixels, the grid " +
			grid + " has " + grid.size());
		final int nr = acq.receivers();
		final Table table = new Table("iteration", "band", "cutoff_hz", "band_iteration", "misfit", "smoothing_penalty", "gradient_norm",
			"step", "evaluations");
		final double[] lo = new double[grid.size()], hi = new double[grid.size()];
		java.util.Arrays.fill(lo, s.vmin);
		java.util.Arrays.fill(hi, s.vmax);
		double[] v = start.clone();
		Lbfgs.project(v, lo, hi);
		// Every band sees the same absorbing layer: fix its frequency from the unfiltered wavelet.
		final WaveSettings wsf = ws.pmlFrequency() > 0 ? ws : ws.withPmlFrequency(wavelet.isRicker() ? wavelet.f0() :
			wavelet.highestFrequency() / 2.5);
		double lowest = s.vmax;
		for (final double x : v) lowest = Math.min(lowest, x);
		final WaveSetup full = new WaveSetup(grid, acq, wavelet, wsf, lowest, s.vmax, progress);
		for (final float[] o : observed) if (o.length != full.gatherSize())
			throw new IllegalArgumentException("observed data have " + o.length + " samples per shot, expected nt x receivers = " +
				full.gatherSize());
		if (observed.length != acq.sources()) throw new IllegalArgumentException("observed data have " + observed.length +
			" shots but the acquisition has " + acq.sources() + " sources");
		final double initialMisfit = new Propagator(full).misfitGradient(v, observed, new double[grid.size()], s.threads, Progress.NONE);
		final int[] global = { 0 };
		boolean stopped = false;
		final double nyquist = 0.5 / wavelet.dt();
		for (int b = 0; b < s.bands.length && !stopped; b++) {
			final double fc = s.bands[b];
			final boolean filtered = fc > 0 && fc < nyquist;
			final Progress bp = progress.range((double) b / s.bands.length, (double) (b + 1) / s.bands.length);
			final Wavelet wb;
			final float[][] ob = new float[observed.length][];
			for (int i = 0; i < ob.length; i++) ob[i] = observed[i].clone();
			if (filtered) {
				final LowPass lp = new LowPass(fc, wavelet.dt(), 4);
				wb = filter(wavelet, lp);
				filter(ob, nr, lp);
			}
			else wb = wavelet;
			final WaveSetup setup = filtered ? new WaveSetup(grid, acq, wb, wsf, s.vmin, s.vmax, Progress.NONE) : full;
			final Propagator p = new Propagator(setup);
			final String label = filtered ? String.format(Locale.ROOT, "<= %s Hz", Acquisition.num(fc)) : "full band";
			final double[] e0 = { Double.NaN };
			final double vref = 0.5 * (s.vmin + s.vmax);
			final int bandNo = b + 1;
			final Objective obj = (x, grad) -> {
				final double f = p.misfitGradient(x, ob, grad, s.threads, Progress.NONE);
				progress.checkCanceled();
				if (Double.isNaN(e0[0])) e0[0] = f;
				return f + smoothing(grid, x, grad, s.smoothing * e0[0] / (grid.size() * vref * vref));
			};
			final Lbfgs.Settings ls = new Lbfgs.Settings(8, s.iterations, s.firstStep).withRelativeDecrease(1e-7);
			final Lbfgs.Result r = Lbfgs.minimize(obj, v, lo, hi, ls, (it, f, pg, step, evals, x) -> {
				final double pen = smoothing(grid, x, null, s.smoothing * e0[0] / (grid.size() * vref * vref));
				if (it > 0 || bandNo == 1) {
					if (it > 0) global[0]++;
					table.add(global[0], bandNo, filtered ? fc : 0.0, it, f - pen, pen, pg, step, evals);
				}
				bp.fraction((double) it / s.iterations);
				bp.status(String.format(Locale.ROOT, "FWI band %d/%d (%s): iteration %d/%d, misfit %.4g", bandNo, s.bands.length, label, it,
					s.iterations, f - pen));
			}, progress);
			v = r.x;
			stopped = r.canceled;
		}
		double finalMisfit = Double.NaN;
		if (!stopped) {
			try {
				finalMisfit = new Propagator(full).misfitGradient(v, observed, new double[grid.size()], s.threads, progress);
			}
			catch (final org.memfwi.core.progress.CanceledException e) {
				stopped = true;
			}
		}
		progress.fraction(1);
		return new Result(v, table, stopped, initialMisfit, finalMisfit);
	}

	/**
	 * The smoothing penalty {@code w/2 sum over horizontal and vertical neighbour pairs (v_i - v_j)^2}; adds its
	 * gradient to grad when not null.
	 */
	static double smoothing(final Grid2D grid, final double[] v, final double[] grad, final double w) {
		return SmoothingPenalty.value(grid, v, grad, w);
	}
}
