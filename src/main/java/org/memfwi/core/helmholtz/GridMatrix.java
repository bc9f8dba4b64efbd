package org.memfwi.core.helmholtz;

import java.util.Arrays;

/**
 * A complex symmetric sparse matrix on an {@code nx x nz} grid ({@code A^T = A}, not Hermitian) whose couplings
 * reach the 4 edge neighbours of a cell (5-point pattern) or all 8 neighbours (9-point pattern). Unknowns are the
 * grid cells in flat order {@code ix + nx * iz}. Only half of the stencil is stored: the diagonal and the couplings
 * to the neighbours at the offsets {@link #offsetX}/{@link #offsetZ} (those with {@code dz > 0}, or {@code dz = 0}
 * and {@code dx > 0}); the other half follows by symmetry. Real and imaginary parts are kept in separate arrays.
 */
public final class GridMatrix {

	private static final int[] OX5 = { 0, 1, 0 }, OZ5 = { 0, 0, 1 };
	private static final int[] OX9 = { 0, 1, -1, 0, 1 }, OZ9 = { 0, 0, 1, 1, 1 };

	private final int nx;
	private final int nz;
	private final boolean corners;
	private final int[] ox;
	private final int[] oz;
	/** re[o][cell], im[o][cell]: coupling between cell and cell + offset o (o = 0: the diagonal). */
	final double[][] re;
	final double[][] im;

	/**
	 * An all-zero matrix.
	 *
	 * @param corners true for the 9-point pattern (diagonal neighbours coupled)
	 */
	public GridMatrix(final int nx, final int nz, final boolean corners) {
		if (nx < 1 || nz < 1) throw new IllegalArgumentException("grid must have at least 1 x 1 cells, got " + nx + " x " + nz);
		this.nx = nx;
		this.nz = nz;
		this.corners = corners;
		ox = corners ? OX9 : OX5;
		oz = corners ? OZ9 : OZ5;
		re = new double[ox.length][nx * nz];
		im = new double[ox.length][nx * nz];
	}

	public int nx() { return nx; }

	public int nz() { return nz; }

	/** Number of unknowns, {@code nx * nz}. */
	public int size() { return nx * nz; }

	/** True for the 9-point pattern. */
	public boolean corners() { return corners; }

	/** Number of stored offsets (the diagonal included): 3 (5-point) or 5 (9-point). */
	public int offsets() { return ox.length; }

	/** x offset of stored coupling {@code o}. */
	public int offsetX(final int o) { return ox[o]; }

	/** z offset of stored coupling {@code o}. */
	public int offsetZ(final int o) { return oz[o]; }

	/** True if cell (ix, iz) + offset o lies on the grid. */
	public boolean hasNeighbour(final int ix, final int iz, final int o) {
		final int jx = ix + ox[o], jz = iz + oz[o];
		return jx >= 0 && jx < nx && jz < nz;
	}

	/** Adds {@code (vr + i vi)} to the coupling between cell (ix, iz) and its neighbour at stored offset o. */
	public void add(final int ix, final int iz, final int o, final double vr, final double vi) {
		if (!hasNeighbour(ix, iz, o)) throw new IllegalArgumentException("cell (" + ix + ", " + iz + ") has no neighbour at (" +
			ox[o] + ", " + oz[o] + ") on the " + nx + " x " + nz + " grid");
		re[o][ix + nx * iz] += vr;
		im[o][ix + nx * iz] += vi;
	}

	/** Real part of the coupling between cell {@code c} and {@code c + offset o}. */
	public double re(final int o, final int cell) { return re[o][cell]; }

	/** Imaginary part of the coupling between cell {@code c} and {@code c + offset o}. */
	public double im(final int o, final int cell) { return im[o][cell]; }

	/**
	 * {@code y = A x} for complex vectors in split form.
	 *
	 * @param xr real parts of x, {@code size()} values, not modified
	 * @param xi imaginary parts of x
	 * @param yr real parts of y, filled (must not alias x)
	 * @param yi imaginary parts of y, filled
	 */
	public void multiply(final double[] xr, final double[] xi, final double[] yr, final double[] yi) {
		final int n = size();
		for (int c = 0; c < n; c++) {
			yr[c] = re[0][c] * xr[c] - im[0][c] * xi[c];
			yi[c] = re[0][c] * xi[c] + im[0][c] * xr[c];
		}
		for (int o = 1; o < ox.length; o++) {
			final double[] ar = re[o], ai = im[o];
			for (int c = 0; c < n; c++) {
				final int d = neighbour(c, o);
				if (d < 0) continue;
				final double vr = ar[c], vi = ai[c];
				yr[c] += vr * xr[d] - vi * xi[d];
				yi[c] += vr * xi[d] + vi * xr[d];
				yr[d] += vr * xr[c] - vi * xi[c];
				yi[d] += vr * xi[c] + vi * xr[c];
			}
		}
	}

	/** The cell at stored offset o from cell c, or -1 if it is off the grid. */
	public int neighbour(final int c, final int o) {
		final int jx = c % nx + ox[o], jz = c / nx + oz[o];
		return jx < 0 || jx >= nx || jz >= nz ? -1 : jx + nx * jz;
	}

	/**
	 * The normwise backward error of an approximate solution of {@code A x = b},
	 * {@code ||b - A x||_inf / (||A||_inf ||x||_inf + ||b||_inf)} (moduli of complex entries).
	 *
	 * @param xr real parts of x, {@code size()} values from offset {@code off}, not modified
	 * @param br real parts of b, same layout
	 */
	public double backwardError(final double[] xr, final double[] xi, final double[] br, final double[] bi, final int off) {
		final int n = size();
		final double[] ur = Arrays.copyOfRange(xr, off, off + n), ui = Arrays.copyOfRange(xi, off, off + n);
		final double[] yr = new double[n], yi = new double[n];
		multiply(ur, ui, yr, yi);
		double res = 0, xn = 0, bn = 0;
		for (int i = 0; i < n; i++) {
			res = Math.max(res, Math.hypot(yr[i] - br[off + i], yi[i] - bi[off + i]));
			xn = Math.max(xn, Math.hypot(ur[i], ui[i]));
			bn = Math.max(bn, Math.hypot(br[off + i], bi[off + i]));
		}
		return res / (normInf() * xn + bn);
	}

	/** The largest absolute row sum, {@code ||A||_inf} (modulus of each entry). */
	public double normInf() {
		final int n = size();
		final double[] rows = new double[n];
		for (int c = 0; c < n; c++) rows[c] = Math.hypot(re[0][c], im[0][c]);
		for (int o = 1; o < ox.length; o++)
			for (int c = 0; c < n; c++) {
				final int d = neighbour(c, o);
				if (d < 0) continue;
				final double a = Math.hypot(re[o][c], im[o][c]);
				rows[c] += a;
				rows[d] += a;
			}
		double m = 0;
		for (final double r : rows) m = Math.max(m, r);
		return m;
	}
}
