package org.memfwi.core.wave;

import org.memfwi.core.grid.Grid2D;
import org.memfwi.core.progress.Progress;
import org.memfwi.core.util.Memory;

/**
 * Time-domain forward modelling of a stack of velocity models: shot gathers for every model and shot, with optional
 * Gaussian noise. The workflow behind {@code forward physics=time}, callable from scripts without any image:
 * <pre>{@code
 * ForwardModelling.Result r = ForwardModelling.model(models, grid, acquisition, Wavelet.ricker(15, 0.1, 1e-3, 1000),
 *     WaveSettings.DEFAULT, 0.01, true, 1, 0, Progress.NONE);
 * float[][][] gathers = r.data(); // [model][shot][nt x receivers], receivers fastest
 * }</pre>
 */
public final class ForwardModelling {

	private ForwardModelling() {}

	/** Shot gathers of a stack of models and the standard deviation of the noise added to them. */
	public static final class Result {
		private final float[][][] data;
		private final double noise;

		Result(final float[][][] data, final double noise) {
			this.data = data;
			this.noise = noise;
		}

		/** [model][shot][nt x receivers], receivers fastest. */
		public float[][][] data() { return data; }

		/** Standard deviation of the noise added, data units (0 for clean data). */
		public double noise() { return noise; }
	}

	/**
	 * Bytes needed to model {@code models} models: the gathers kept plus the wavefields of every thread.
	 *
	 * @param threads worker threads (at least 1 is assumed)
	 */
	public static long bytes(final Grid2D grid, final Acquisition acq, final Wavelet w, final WaveSettings ws, final int models,
		final int threads) {
		return 4L * models * acq.sources() * w.nt() * acq.receivers() +
			40L * (grid.nx() + 2L * ws.cpml() + 8) * (grid.nz() + 2L * ws.cpml() + 8) * Math.max(1, threads);
	}

	/**
	 * Models shot gathers for every model and adds Gaussian noise.
	 *
	 * @param models velocity models (m/s) on {@code grid}, x fastest; not modified
	 * @param noise standard deviation of the noise: data units, or a fraction of the largest |value| of all gathers when
	 *        {@code relative}; 0 for none
	 * @param seed seed of the noise
	 * @param threads worker threads (0 = all processors)
	 * @throws IllegalArgumentException naming the bad setting, or when the gathers do not fit in memory
	 */
	public static Result model(final float[][] models, final Grid2D grid, final Acquisition acq, final Wavelet w,
		final WaveSettings ws, final double noise, final boolean relative, final long seed, final int threads, final Progress progress) {
		if (!(noise >= 0)) throw new IllegalArgumentException("noise must be >= 0, got " + noise);
		acq.validate(grid);
		double vmin = Double.POSITIVE_INFINITY, vmax = 0;
		for (final float[] m : models)
			for (final float v : m) {
				vmin = Math.min(vmin, v);
				vmax = Math.max(vmax, v);
			}
		Memory.require(bytes(grid, acq, w, ws, models.length, threads), "the shot gathers (" + models.length + " model(s) x " +
			acq.sources() + " shots x " + w.nt() + " samples x " + acq.receivers() + " receivers)",
			"use fewer models, shots, receivers or samples");
		final WaveSetup setup = new WaveSetup(grid, acq, w, ws, vmin, vmax, progress);
		final Propagator p = new Propagator(setup);
		final float[][][] data = new float[models.length][][];
		for (int m = 0; m < models.length; m++) {
			progress.status("Forward modelling: model " + (m + 1) + " of " + models.length + ", " + acq.sources() + " shots, " +
				setup.steps() + " steps");
			final double[] v = new double[grid.size()];
			for (int i = 0; i < v.length; i++) v[i] = models[m][i];
			data[m] = p.forward(v, threads, progress.range((double) m / models.length, (m + 1.0) / models.length));
		}
		double std = noise;
		if (relative && noise > 0) {
			double max = 0;
			for (final float[][] d : data) for (final float[] g : d) for (final float x : g) max = Math.max(max, Math.abs(x));
			std = noise * max;
		}
		SurveyDefaults.addNoise(data, std, seed);
		return new Result(data, std);
	}
}
