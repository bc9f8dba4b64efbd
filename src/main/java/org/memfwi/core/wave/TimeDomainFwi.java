package org.memfwi.core.wave;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.memfwi.core.fwi.DataMisfit;
import org.memfwi.core.fwi.StagedFwi;
import org.memfwi.core.fwi.Taper;
import org.memfwi.core.fwi.Unknowns;
import org.memfwi.core.grid.Grid2D;
import org.memfwi.core.optim.SmoothingPenalty;
import org.memfwi.core.progress.Progress;
import org.memfwi.core.signal.LowPass;
import org.memfwi.core.util.Table;

/**
 * Time-domain full-waveform inversion: the stages of {@link StagedFwi} over {@link TimeDomainOperator}, band by band
 * (multiscale): for a band with cutoff fc the observed traces and the source wavelet are filtered by the same causal
 * Butterworth low-pass (so they stay consistent), and each band starts from the model the previous one reached. The
 * unknowns are the velocity pixels (m/s) inside {@code vmin..vmax}.
 */
public final class TimeDomainFwi {

	/**
	 * Inversion settings: the bands, the threads and the staged driver's settings. Immutable:
	 * {@link Settings#of(StagedFwi.Settings)}, {@code with...} copies, {@link Settings#validate()}.
	 */
	public static final class Settings {
		/** Low-pass cutoffs in Hz, lowest first; 0 or a value at or above Nyquist means the unfiltered data. */
		public final double[] bands;
		/** Worker threads, 0 = all processors. */
		public final int threads;
		/** The driver's settings (iterations, bounds, regularization, preconditioning, taper). */
		public final StagedFwi.Settings fwi;

		private Settings(final double[] bands, final int threads, final StagedFwi.Settings fwi) {
			this.bands = bands.clone();
			this.threads = threads;
			this.fwi = fwi;
		}

		/** One band of the unfiltered data, all processors, and the given driver settings. */
		public static Settings of(final StagedFwi.Settings fwi) {
			return new Settings(new double[] { 0 }, 0, fwi);
		}

		/** A copy with these low-pass cutoffs (Hz, lowest first; 0 = the unfiltered data). */
		public Settings withBands(final double... v) {
			return new Settings(v, threads, fwi);
		}

		/** A copy with v worker threads (0 = all processors). */
		public Settings withThreads(final int v) {
			return new Settings(bands, v, fwi);
		}

		/** A copy with these driver settings. */
		public Settings withFwi(final StagedFwi.Settings v) {
			return new Settings(bands, threads, v);
		}

		/**
		 * Checks every value (the driver's settings too).
		 *
		 * @return these settings
		 * @throws IllegalArgumentException naming the bad value and the fix
		 */
		public Settings validate() {
			if (bands.length == 0) throw new IllegalArgumentException("bands: give at least one band (0 = the full data)");
			for (final double b : bands) if (!(b >= 0) || Double.isInfinite(b))
				throw new IllegalArgumentException("bands: cutoff frequencies must be positive numbers of Hz (or 0 for the full band), got " + b);
			if (threads < 0) throw new IllegalArgumentException("threads must be at least 0 (0 = all processors), got " + threads);
			if (fwi == null) throw new IllegalArgumentException("give the driver's settings (StagedFwi.Settings.of(iterations, vmin, vmax))");
			fwi.validate();
			return this;
		}
	}

	/** The outcome: the model reached, the misfit history, and whether it was stopped early. */
	public static final class Result {
		private final double[] model;
		private final Table history;
		private final boolean stoppedEarly;
		private final double initialMisfit, finalMisfit;
		private final StagedFwi.Result staged;

		Result(final StagedFwi.Result r) {
			this.model = r.velocity();
			this.history = r.history();
			this.stoppedEarly = r.stoppedEarly();
			this.initialMisfit = r.initialMisfit();
			this.finalMisfit = r.finalMisfit();
			this.staged = r;
		}

		/** The model reached, nx * nz velocities in m/s. */
		public double[] model() { return model; }

		/** Columns as {@link StagedFwi.Result#history()}. */
		public Table history() { return history; }

		/** Whether the run was canceled or stopped before its last band. */
		public boolean stoppedEarly() { return stoppedEarly; }

		/** Data misfit of the start and final models on the unfiltered data (final: the last finite one if stopped). */
		public double initialMisfit() { return initialMisfit; }

		/** Data misfit of the start and final models on the unfiltered data (final: the last finite one if stopped). */
		public double finalMisfit() { return finalMisfit; }

		/** Everything the driver reports (bound hits, weight, ...). */
		public StagedFwi.Result staged() { return staged; }
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
	 * The automatic bands: low-pass cutoffs that start low enough for the model size and rise by factors of 2 to the
	 * full band. The first cutoff is the lower of f0 / 3 and the frequency whose wavelength at the starting model's
	 * lowest velocity is half the model's larger side (so that the starting model is within half a cycle of the data
	 * for velocity errors up to about 25 %), but not below f0 / 5 (where a Ricker wavelet has almost no energy).
	 *
	 * @param f0 the wavelet's peak frequency, Hz
	 * @param vlow the starting model's lowest velocity, m/s
	 */
	public static double[] autoBands(final Grid2D grid, final double f0, final double vlow) {
		final double size = Math.max(grid.width(), grid.depth());
		final double first = Math.max(f0 / 5, Math.min(f0 / 3, vlow / (0.5 * size)));
		final List<Double> b = new ArrayList<>();
		for (double f = first; f < f0; f *= 2) b.add(f);
		final double[] out = new double[b.size() + 1];
		for (int i = 0; i < b.size(); i++) out[i] = b.get(i);
		return out;
	}

	/**
	 * Inverts observed shot gathers.
	 *
	 * @param observed per shot nt x receivers samples at the wavelet's dt (not modified)
	 * @param start the starting model, nx * nz velocities in m/s (not modified; clipped into the bounds)
	 */
	public static Result invert(final Grid2D grid, final Acquisition acq, final Wavelet wavelet, final WaveSettings ws,
		final float[][] observed, final double[] start, final Settings s, final Progress progress) {
		return invert(grid, acq, wavelet, ws, observed, start, s, DataMisfit.LEAST_SQUARES, progress);
	}

	/** {@link #invert(Grid2D, Acquisition, Wavelet, WaveSettings, float[][], double[], Settings, Progress)} with another data misfit. */
	public static Result invert(final Grid2D grid, final Acquisition acq, final Wavelet wavelet, final WaveSettings ws,
		final float[][] observed, final double[] start, final Settings s, final DataMisfit misfit, final Progress progress) {
		s.validate();
		final StagedFwi.Settings fs = s.fwi;
		final Unknowns u = Unknowns.velocity(grid, start, fs.vmin(), fs.vmax());
		final int nr = acq.receivers();
		// Every band sees the same absorbing layer: fix its frequency from the unfiltered wavelet.
		final WaveSettings wsf = ws.pmlFrequency() > 0 ? ws : ws.withPmlFrequency(wavelet.isRicker() ? wavelet.f0() :
			wavelet.highestFrequency() / 2.5);
		double lowest = fs.vmax();
		for (final double x : u.start()) lowest = Math.min(lowest, x);
		final WaveSetup fullSetup = new WaveSetup(grid, acq, wavelet, wsf, lowest, fs.vmax(), progress);
		for (final float[] o : observed) if (o.length != fullSetup.gatherSize())
			throw new IllegalArgumentException("observed data have " + o.length + " samples per shot, expected nt x receivers = " +
				fullSetup.gatherSize());
		if (observed.length != acq.sources()) throw new IllegalArgumentException("observed data have " + observed.length +
			" shots but the acquisition has " + acq.sources() + " sources");
		final TimeDomainOperator fullOp = new TimeDomainOperator(fullSetup, TimeDomainOperator.Precision.FLOAT, s.threads);
		final double[] fullObs = fullOp.flatten(observed, null);
		final StagedFwi.Stage full = bandStage(fullOp, fullObs, 0, "full band");
		final double nyquist = 0.5 / wavelet.dt();
		final StagedFwi.Stages stages = new StagedFwi.Stages() {
			@Override public int count() { return s.bands.length; }

			@Override public StagedFwi.Stage full() { return full; }

			@Override public StagedFwi.Stage stage(final int k) {
				final double fc = s.bands[k];
				if (!(fc > 0 && fc < nyquist)) return full;
				final LowPass lp = new LowPass(fc, wavelet.dt(), 4);
				final float[][] ob = new float[observed.length][];
				for (int i = 0; i < ob.length; i++) ob[i] = observed[i].clone();
				filter(ob, nr, lp);
				final WaveSetup setup = new WaveSetup(grid, acq, filter(wavelet, lp), wsf, fs.vmin(), fs.vmax(), Progress.NONE);
				final TimeDomainOperator op = new TimeDomainOperator(setup, TimeDomainOperator.Precision.FLOAT, s.threads);
				return bandStage(op, op.flatten(ob, null), fc, String.format(Locale.ROOT, "<= %s Hz", Acquisition.num(fc)));
			}
		};
		final double[] taper = fs.taperRadius() > 0 ? Taper.weights(grid, concat(acq.sourceXs(), acq.receiverXs()),
			concat(acq.sourceZs(), acq.receiverZs()), fs.taperRadius()) : null;
		return new Result(StagedFwi.invert(stages, u, taper, fs, misfit, progress));
	}

	private static StagedFwi.Stage bandStage(final TimeDomainOperator op, final double[] obs, final double cutoff, final String label) {
		return new StagedFwi.Stage() {
			@Override public TimeDomainOperator operator() { return op; }
			@Override public double[] observed() { return obs; }
			@Override public double cutoff() { return cutoff; }
			@Override public String label() { return label; }
		};
	}

	static double[] concat(final double[] a, final double[] b) {
		final double[] c = Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, c, a.length, b.length);
		return c;
	}

	/**
	 * The smoothing penalty {@code w/2 sum over horizontal and vertical neighbour pairs (v_i - v_j)^2}; adds its
	 * gradient to grad when not null.
	 */
	static double smoothing(final Grid2D grid, final double[] v, final double[] grad, final double w) {
		return SmoothingPenalty.value(grid, v, grad, w);
	}
}
