package org.memfwi.core.fwi;

import java.util.Arrays;

import org.memfwi.core.grid.Grid2D;

/**
 * A gradient taper around sources and receivers: the weight of each pixel, 0 at every source and receiver position
 * and rising as {@code sin^2(pi d / (2 radius))} with the distance d to the nearest of them, 1 from the radius on.
 * Multiplying the FWI update by it removes the near-field footprint of the acquisition (the gradient's singular peaks
 * at the sources and receivers).
 */
public final class Taper {

	private Taper() {}

	/**
	 * The taper weights.
	 *
	 * @param x positions (m) of every source and receiver, pixel (ix, iz) being at (ix dx, iz dx)
	 * @param z their depths (m)
	 * @param radius metres; 0 returns all ones
	 * @return {@code nx * nz} weights in [0, 1]
	 */
	public static double[] weights(final Grid2D grid, final double[] x, final double[] z, final double radius) {
		if (!(radius >= 0) || Double.isInfinite(radius))
			throw new IllegalArgumentException("taper radius must be at least 0 m, got " + radius);
		final double[] w = new double[grid.size()];
		Arrays.fill(w, 1);
		if (radius == 0) return w;
		for (int iz = 0; iz < grid.nz(); iz++)
			for (int ix = 0; ix < grid.nx(); ix++) {
				double d2 = Double.POSITIVE_INFINITY;
				for (int k = 0; k < x.length; k++) {
					final double ex = ix * grid.dx() - x[k], ez = iz * grid.dx() - z[k];
					d2 = Math.min(d2, ex * ex + ez * ez);
				}
				final double d = Math.sqrt(d2);
				if (d < radius) {
					final double s = Math.sin(0.5 * Math.PI * d / radius);
					w[grid.index(ix, iz)] = s * s;
				}
			}
		return w;
	}
}
