package org.memfwi.core.helmholtz;

import java.util.concurrent.atomic.AtomicInteger;

import org.memfwi.core.grid.Grid2D;
import org.memfwi.core.progress.Progress;
import org.memfwi.core.util.Memory;
import org.memfwi.core.util.Parallel;

/**
 * Frequency-domain forward modelling of a stack of velocity models, with optional complex Gaussian noise: the
 * workflow behind {@code forward physics=helmholtz}, callable from scripts without any image. The PML damping is set
 * for the stack's highest velocity; relative noise is a fraction of the largest |d| over the whole stack, and the noise
 * of model i comes from its own random stream (i) of the seed.
 */
public final class HelmholtzForward {

	private HelmholtzForward() {}

	/** The data of a stack of models, the configuration they were made with and the noise added to them. */
	public static final class Result {
		private final double[][] data;
		private final HelmholtzConfig config;
		private final double noise;

		Result(final double[][] data, final HelmholtzConfig config, final double noise) {
			this.data = data;
			this.config = config;
			this.noise = noise;
		}

		/** Per model {@code 2 * frequencies * sources * receivers} values in {@link HelmholtzOperator}'s order. */
		public double[][] data() { return data; }

		/** The configuration with its PML damping resolved for the stack. */
		public HelmholtzConfig config() { return config; }

		/** Standard deviation of the noise added to every value, data units (0 for clean data). */
		public double noise() { return noise; }
	}

	/**
	 * Models frequency-domain data for every model.
	 *
	 * @param models velocity models (m/s) on {@code grid}, x fastest; not modified
	 * @param config frequencies, PML and stencil (the damping is resolved here for the highest velocity)
	 * @param noise standard deviation: data units, or a fraction of the largest |d| when {@code relative}; 0 for none
	 * @param threads worker threads (0 = all processors)
	 * @throws IllegalArgumentException naming the bad setting, or when the job does not fit in memory
	 */
	public static Result model(final float[][] models, final Grid2D grid, final HelmholtzAcquisition acq, final HelmholtzConfig config,
		final double noise, final boolean relative, final long seed, final int threads, final Progress progress) {
		double vmax = 0;
		for (final float[] m : models) for (final float v : m) vmax = Math.max(vmax, v);
		final HelmholtzConfig cfg = config.validate().resolve(vmax, grid.dx());
		if (!(noise >= 0)) throw new IllegalArgumentException("noise must be >= 0, got " + noise);
		final int n = models.length, workers = Math.min(n, Parallel.threads(threads));
		final int perWorker = Math.max(1, Parallel.threads(threads) / workers);
		final HelmholtzSolver solver = new HelmholtzSolver(grid, acq, cfg.withThreads(perWorker));
		// Every frequency in progress holds its factors and the wavefields of every source; all data are kept.
		final long inFlight = (long) workers * Math.min(perWorker, cfg.frequencyCount());
		Memory.require(inFlight * (solver.analysis().factorBytes() + 32L * acq.sources() * solver.unknowns()) +
			16L * n * cfg.frequencyCount() * acq.sources() * acq.receivers(), "Helmholtz modelling of " + n + " model(s) on " +
				solver.extendedNx() + " x " + solver.extendedNz() + " cells (" + inFlight + " frequencies at a time)",
			"use fewer threads, fewer models or a coarser grid");
		final double[][] data = new double[n][];
		final AtomicInteger done = new AtomicInteger();
		progress.status("Helmholtz forward modelling: " + n + " model(s), " + cfg.frequencyCount() + " frequencies, " +
			acq.sources() + " sources");
		// One operator for all models (thread-safe): it warns once about the sampling of the slowest velocity. A single
		// model shows the operator's own progress per frequency.
		final HelmholtzOperator op = new HelmholtzOperator(solver, new VelocityPixels(grid), n == 1 ? progress : progress.quiet());
		Parallel.forEach(n, workers, m -> {
			progress.checkCanceled();
			final double[] v = new double[grid.size()];
			for (int i = 0; i < v.length; i++) v[i] = models[m][i];
			data[m] = op.apply(v, null);
			progress.fraction(done.incrementAndGet() / (double) n);
		});
		double std = noise;
		if (relative && noise > 0) {
			double max = 0;
			for (final double[] d : data) max = Math.max(max, HelmholtzNoise.maxModulus(d, acq.sources() * acq.receivers()));
			std = noise * max;
		}
		for (int m = 0; m < n; m++) HelmholtzNoise.addGaussian(data[m], std, seed, m);
		return new Result(data, cfg, std);
	}
}
