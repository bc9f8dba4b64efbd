package org.memfwi.core.fwi;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.memfwi.core.grid.Grid2D;
import org.memfwi.core.operator.Linearization;

/**
 * The illumination of the model by the acquisition, as the diagonal of the Gauss-Newton Hessian {@code J^T J}
 * (source and receiver sides together: the pseudo-Hessian of Shin et al. 2001 with the receivers' Green's functions),
 * estimated matrix-free by random probing: for Rademacher vectors z in data space, {@code E[(J^T z)_i^2] =
 * (J^T J)_ii}. Pixel estimates are averaged over a small window (illumination varies on the scale of a wavelength),
 * which also tames the probing noise. Its inverse, with a water level, preconditions the FWI gradient.
 */
public final class Illumination {

	private Illumination() {}

	/**
	 * The estimated diagonal of {@code J^T J}.
	 *
	 * @param lin the linearization at the current model
	 * @param probes number of random probes, at least 1 (each costs one adjoint application)
	 * @param grid the pixel grid when the parameters are pixels (the estimate is then averaged over a window of
	 *        {@code 2 smooth + 1} pixels), or null
	 * @param seed the seed of the probes
	 * @return one non-negative value per parameter
	 */
	public static double[] diagonal(final Linearization lin, final int probes, final Grid2D grid, final int smooth, final long seed) {
		if (probes < 1) throw new IllegalArgumentException("probes must be at least 1, got " + probes);
		final SplittableRandom rnd = new SplittableRandom(seed);
		final int m = lin.value().length;
		final int n = lin.model().length;
		final double[] z = new double[m], g = new double[n], h = new double[n];
		for (int p = 0; p < probes; p++) {
			for (int i = 0; i < m; i++) z[i] = rnd.nextBoolean() ? 1 : -1;
			lin.adjointTimes(z, g);
			for (int i = 0; i < n; i++) h[i] += g[i] * g[i] / probes;
		}
		return grid == null || smooth == 0 ? h : boxAverage(grid, h, smooth);
	}

	/** The mean over the (2r + 1)^2 window around each pixel, cut at the edges. */
	static double[] boxAverage(final Grid2D grid, final double[] a, final int r) {
		final int nx = grid.nx(), nz = grid.nz();
		final double[] t = new double[a.length], out = new double[a.length];
		for (int iz = 0; iz < nz; iz++)
			for (int ix = 0; ix < nx; ix++) {
				double s = 0;
				int c = 0;
				for (int j = Math.max(0, ix - r); j <= Math.min(nx - 1, ix + r); j++, c++) s += a[j + nx * iz];
				t[ix + nx * iz] = s / c;
			}
		for (int iz = 0; iz < nz; iz++)
			for (int ix = 0; ix < nx; ix++) {
				double s = 0;
				int c = 0;
				for (int j = Math.max(0, iz - r); j <= Math.min(nz - 1, iz + r); j++, c++) s += t[ix + nx * j];
				out[ix + nx * iz] = s / c;
			}
		return out;
	}

	/**
	 * The diagonal preconditioner {@code 1 / (h + eps max h)} scaled to a largest value of 1 (all ones when h is
	 * zero everywhere).
	 *
	 * @param waterLevel eps, relative to the largest h, > 0
	 */
	public static double[] inverse(final double[] h, final double waterLevel) {
		double max = 0;
		for (final double a : h) max = Math.max(max, a);
		final double[] p = new double[h.length];
		if (!(max > 0)) {
			Arrays.fill(p, 1);
			return p;
		}
		final double eps = waterLevel * max;
		double pmax = 0;
		for (int i = 0; i < p.length; i++) pmax = Math.max(pmax, p[i] = 1 / (Math.max(0, h[i]) + eps));
		for (int i = 0; i < p.length; i++) p[i] /= pmax;
		return p;
	}
}
