package org.memfwi.core.wave;

import java.util.SplittableRandom;

import org.memfwi.core.grid.Grid2D;
import org.memfwi.core.util.Seeds;

/**
 * Default acquisition and sampling for a model grid, following OpenFWI for 70 x 70 cells of 10 m (5 sources, a
 * receiver on every column, both 10 m deep, 15 Hz Ricker, dt = 1 ms, 1,000 samples) and scaled for other grids so
 * that the same physics is resolved: one source per 14 columns, source and receiver depth one cell, peak frequency
 * 150 / dx Hz (same cells per wavelength), dt = dx / 10,000 s (same Courant number), and a record length growing
 * with the larger side (1,000 samples per 70 cells).
 */
public final class SurveyDefaults {

	private SurveyDefaults() {}

	public static int sources(final Grid2D g) {
		return Math.max(1, (int) Math.round(g.nx() / 14.0));
	}

	/** Source and receiver depth in m: one cell below the top (10 m for OpenFWI). */
	public static double depth(final Grid2D g) {
		return Math.min(g.dx(), (g.nz() - 1) * g.dx());
	}

	/** Ricker peak frequency in Hz. */
	public static double f0(final Grid2D g) {
		return 150 / g.dx();
	}

	/** Recording interval in s. */
	public static double dt(final Grid2D g) {
		return 1e-4 * g.dx();
	}

	/** Number of time samples. */
	public static int nt(final Grid2D g) {
		return (int) Math.round(1000 * Math.max(g.nx(), g.nz()) / 70.0);
	}

	/**
	 * Adds seeded Gaussian noise of standard deviation std to every sample, in place; gather (model m, shot s) draws
	 * from its own stream, so the result does not depend on the order of work.
	 */
	public static void addNoise(final float[][][] data, final double std, final long seed) {
		if (std == 0) return;
		for (int m = 0; m < data.length; m++)
			for (int s = 0; s < data[m].length; s++) {
				final SplittableRandom r = Seeds.stream(seed, (long) m * data[m].length + s);
				final float[] d = data[m][s];
				for (int i = 0; i < d.length; i++) d[i] += (float) (std * Seeds.gaussian(r));
			}
	}
}
