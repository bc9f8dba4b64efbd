package org.memfwi.core.grid;

/**
 * A regular 2D grid of square cells: {@code nx} columns (x, to the right), {@code nz} rows (z, pointing down),
 * cell size {@code dx} metres. Data on the grid are flat arrays, x fastest: index {@code ix + nx * iz}, the order of
 * ImageJ's FloatProcessor and of an imglib2 ArrayImg of dimensions (nx, nz).
 */
public final class Grid2D {

	private final int nx;
	private final int nz;
	private final double dx;

	/**
	 * @param nx number of cells along x (width), at least 1
	 * @param nz number of cells along z (height), at least 1
	 * @param dx cell size in metres, positive and finite
	 * @throws IllegalArgumentException naming the bad value
	 */
	public Grid2D(final int nx, final int nz, final double dx) {
		if (nx < 1) throw new IllegalArgumentException("nx (grid width) must be at least 1 cell, got " + nx);
		if (nz < 1) throw new IllegalArgumentException("nz (grid height) must be at least 1 cell, got " + nz);
		if (!(dx > 0) || Double.isInfinite(dx))
			throw new IllegalArgumentException("dx (cell size) must be a positive number of metres, got " + dx);
		if ((long) nx * nz > Integer.MAX_VALUE - 8)
			throw new IllegalArgumentException("grid " + nx + " x " + nz + " has more cells than a Java array can hold");
		this.nx = nx;
		this.nz = nz;
		this.dx = dx;
	}

	public int nx() { return nx; }

	public int nz() { return nz; }

	/** Cell size in metres. */
	public double dx() { return dx; }

	/** Number of cells, {@code nx * nz}. */
	public int size() { return nx * nz; }

	/** Flat index of cell (ix, iz). */
	public int index(final int ix, final int iz) { return ix + nx * iz; }

	/** Width of the grid in metres, {@code nx * dx}. */
	public double width() { return nx * dx; }

	/** Depth extent of the grid in metres, {@code nz * dx}. */
	public double depth() { return nz * dx; }

	/** True if the other grid has the same shape and cell size (to 1e-9 relative). */
	public boolean sameAs(final Grid2D o) {
		return o != null && o.nx == nx && o.nz == nz && Math.abs(o.dx - dx) <= 1e-9 * Math.max(dx, o.dx);
	}

	/** Throws if {@code data.length != size()}. */
	public void checkLength(final float[] data, final String what) {
		if (data.length != size()) throw new IllegalArgumentException(what + " has " + data.length + " values but the grid " +
			this + " has " + size() + " cells");
	}

	@Override
	public String toString() {
		return nx + " x " + nz + " cells of " + dx + " m";
	}

	@Override
	public boolean equals(final Object o) {
		return o instanceof Grid2D && ((Grid2D) o).nx == nx && ((Grid2D) o).nz == nz && ((Grid2D) o).dx == dx;
	}

	@Override
	public int hashCode() {
		return 31 * (31 * nx + nz) + Double.hashCode(dx);
	}
}
