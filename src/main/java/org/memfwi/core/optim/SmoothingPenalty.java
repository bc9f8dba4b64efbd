package org.memfwi.core.optim;

import org.memfwi.core.grid.Grid2D;

/**
 * The roughness penalty of a field on a grid, {@code w/2 sum over horizontal and vertical neighbour pairs
 * (v_i - v_j)^2}, and its gradient: the smoothing regularization of FWI (time and frequency domain alike). Units: w
 * times the square of the field's unit.
 */
public final class SmoothingPenalty {

	private SmoothingPenalty() {}

	/**
	 * The penalty of field v; adds its gradient {@code w (L v)} (L the graph Laplacian of the 4-neighbour grid) to
	 * grad when grad is not null.
	 *
	 * @param v {@code nx * nz} values, x fastest, not modified
	 * @param grad {@code nx * nz} values, accumulated, or null
	 * @param w the weight, >= 0 (0 returns 0 and leaves grad alone)
	 */
	public static double value(final Grid2D grid, final double[] v, final double[] grad, final double w) {
		if (w == 0) return 0;
		double s = 0;
		final int nx = grid.nx(), nz = grid.nz();
		for (int iz = 0; iz < nz; iz++)
			for (int ix = 0; ix < nx; ix++) {
				final int i = ix + nx * iz;
				if (ix + 1 < nx) {
					final double d = v[i + 1] - v[i];
					s += d * d;
					if (grad != null) {
						grad[i + 1] += w * d;
						grad[i] -= w * d;
					}
				}
				if (iz + 1 < nz) {
					final double d = v[i + nx] - v[i];
					s += d * d;
					if (grad != null) {
						grad[i + nx] += w * d;
						grad[i] -= w * d;
					}
				}
			}
		return 0.5 * w * s;
	}
}
