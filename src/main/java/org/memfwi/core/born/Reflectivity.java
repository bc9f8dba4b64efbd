package org.memfwi.core.born;

import org.memfwi.core.grid.Grid2D;

/**
 * Reflectivity images from velocity models (constant density): the reflection coefficient at the top of cell iz,
 * {@code r(ix, iz) = (ln v(ix, iz) - ln v(ix, iz - 1)) / 2} (half the vertical difference of log-impedance; 0 on the
 * top row), band-limited in depth by a zero-phase Ricker wavelet, and a smooth background velocity for the Born
 * operator. A stand-in for the paper's Parihaka broadband reflectivity (not redistributable): the velocity families
 * give reflectors with the same role.
 */
public final class Reflectivity {

	private Reflectivity() {}

	/**
	 * The reflectivity of a velocity model (m/s), dimensionless, convolved in depth with a Ricker wavelet of peak
	 * wavelength {@code wavelength} cells (0 = no band-limiting), normalized to a unit peak.
	 *
	 * @param v nx * nz velocities, x fastest, positive
	 * @param out filled and returned (allocated when null)
	 */
	public static double[] fromVelocity(final Grid2D grid, final float[] v, final double wavelength, double[] out) {
		final int nx = grid.nx(), nz = grid.nz();
		if (v.length != grid.size()) throw new IllegalArgumentException("velocity model has " + v.length + " values, the grid has " +
			grid.size());
		if (!(wavelength >= 0) || Double.isInfinite(wavelength)) throw new IllegalArgumentException("wavelength (band limit, cells) " +
			"must be >= 0, got " + wavelength);
		final double[] raw = new double[v.length];
		for (int ix = 0; ix < nx; ix++)
			for (int iz = 1; iz < nz; iz++) {
				final double a = v[ix + nx * (iz - 1)], b = v[ix + nx * iz];
				if (!(a > 0) || !(b > 0)) throw new IllegalArgumentException("velocity must be positive to take its log, got " + Math.min(a, b) +
					" in column " + ix);
				raw[ix + nx * iz] = 0.5 * Math.log(b / a);
			}
		if (out == null) out = new double[v.length];
		if (wavelength == 0) {
			System.arraycopy(raw, 0, out, 0, raw.length);
			return out;
		}
		final double[] w = ricker(wavelength);
		final int h = w.length / 2;
		for (int ix = 0; ix < nx; ix++)
			for (int iz = 0; iz < nz; iz++) {
				double acc = 0;
				for (int k = -h; k <= h; k++) {
					final int z = iz - k;
					if (z >= 0 && z < nz) acc += w[k + h] * raw[ix + nx * z];
				}
				out[ix + nx * iz] = acc;
			}
		return out;
	}

	/** A zero-phase Ricker wavelet of peak wavelength {@code lambda} cells, unit peak, +-1.5 lambda long. */
	static double[] ricker(final double lambda) {
		final int h = (int) Math.ceil(1.5 * lambda);
		final double[] w = new double[2 * h + 1];
		for (int k = -h; k <= h; k++) {
			final double a = Math.PI * k / lambda, a2 = a * a;
			w[k + h] = (1 - 2 * a2) * Math.exp(-a2);
		}
		return w;
	}

	/**
	 * A smooth background: the velocity (m/s) smoothed by a moving average of {@code radius} cells in each direction
	 * (edges replicated), e.g. the mean of a training set smoothed.
	 */
	public static double[] smooth(final Grid2D grid, final double[] v, final int radius) {
		final int nx = grid.nx(), nz = grid.nz();
		double[] a = v.clone(), b = new double[v.length];
		for (int pass = 0; pass < 2; pass++) {
			for (int iz = 0; iz < nz; iz++)
				for (int ix = 0; ix < nx; ix++) {
					double s = 0;
					for (int k = -radius; k <= radius; k++) {
						final int x = pass == 0 ? Math.max(0, Math.min(nx - 1, ix + k)) : ix;
						final int z = pass == 1 ? Math.max(0, Math.min(nz - 1, iz + k)) : iz;
						s += a[x + nx * z];
					}
					b[ix + nx * iz] = s / (2 * radius + 1);
				}
			final double[] t = a;
			a = b;
			b = t;
		}
		return a;
	}
}
