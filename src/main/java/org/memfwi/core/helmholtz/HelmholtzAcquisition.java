package org.memfwi.core.helmholtz;

import java.util.Arrays;

import org.memfwi.core.grid.Grid2D;

/**
 * Source and receiver positions of a frequency-domain survey, in metres: pixel (ix, iz) of a model is the grid point
 * {@code x = ix dx, z = iz dx}, so positions must lie in {@code [0, (nx-1) dx] x [0, (nz-1) dx]}. A position between
 * grid points is injected and sampled with bilinear weights (the same weights for both, so reciprocity holds
 * exactly). Every source fires with unit amplitude: the wavefield it excites approximates the Green's function
 * {@code (i/4) H0^(1)(k r)} of a unit point source.
 */
public final class HelmholtzAcquisition {

	private final double[] srcX;
	private final double[] srcZ;
	private final double[] recX;
	private final double[] recZ;

	/**
	 * @param srcX source x positions (m), one per source
	 * @param srcZ source depths (m)
	 * @param recX receiver x positions (m), one per receiver, shared by all sources
	 * @param recZ receiver depths (m)
	 */
	public HelmholtzAcquisition(final double[] srcX, final double[] srcZ, final double[] recX, final double[] recZ) {
		if (srcX.length != srcZ.length) throw new IllegalArgumentException("sources: " + srcX.length + " x positions but " +
			srcZ.length + " depths; give one of each per source");
		if (recX.length != recZ.length) throw new IllegalArgumentException("receivers: " + recX.length + " x positions but " +
			recZ.length + " depths; give one of each per receiver");
		if (srcX.length == 0) throw new IllegalArgumentException("sources: at least one source is needed");
		if (recX.length == 0) throw new IllegalArgumentException("receivers: at least one receiver is needed");
		this.srcX = srcX.clone();
		this.srcZ = srcZ.clone();
		this.recX = recX.clone();
		this.recZ = recZ.clone();
	}

	/** The paper's survey on a grid: 5 sources and 40 receivers along the top at a depth of 2 cells. */
	public static HelmholtzAcquisition defaults(final Grid2D grid) {
		return evenlySpaced(grid, 5, 40, 2);
	}

	/**
	 * Sources and receivers spread evenly along a line at a depth of {@code depthCells} cells: item i of n sits at
	 * {@code x = (i + 1/2) (nx - 1) dx / n}, rounded to the nearest grid point (so no interpolation is needed).
	 */
	public static HelmholtzAcquisition evenlySpaced(final Grid2D grid, final int sources, final int receivers,
		final int depthCells)
	{
		final double z = Math.min(Math.max(depthCells, 0), grid.nz() - 1) * grid.dx();
		return new HelmholtzAcquisition(spread(grid, sources, "sources"), fill(sources, z), spread(grid, receivers, "receivers"),
			fill(receivers, z));
	}

	/**
	 * The x positions (m) of n items spread evenly along a line as in {@link #evenlySpaced}: item i at
	 * {@code (i + 1/2) (nx - 1) dx / n}, rounded to the nearest grid point.
	 *
	 * @param what the parameter named when n < 1, e.g. "sources"
	 */
	public static double[] spread(final Grid2D grid, final int n, final String what) {
		if (n < 1) throw new IllegalArgumentException(what + " must be at least 1, got " + n);
		final double[] x = new double[n];
		for (int i = 0; i < n; i++) x[i] = Math.round((i + 0.5) * (grid.nx() - 1) / n) * grid.dx();
		return x;
	}

	private static double[] fill(final int n, final double v) {
		final double[] a = new double[n];
		Arrays.fill(a, v);
		return a;
	}

	public int sources() { return srcX.length; }

	public int receivers() { return recX.length; }

	/** Source x positions in m (a copy). */
	public double[] sourceX() { return srcX.clone(); }

	/** Source depths in m (a copy). */
	public double[] sourceZ() { return srcZ.clone(); }

	/** Receiver x positions in m (a copy). */
	public double[] receiverX() { return recX.clone(); }

	/** Receiver depths in m (a copy). */
	public double[] receiverZ() { return recZ.clone(); }

	/**
	 * Checks that every position is finite and inside the model.
	 *
	 * @throws IllegalArgumentException naming the source or receiver, its position and the model's extent
	 */
	public HelmholtzAcquisition validate(final Grid2D grid) {
		check(grid, srcX, srcZ, "source");
		check(grid, recX, recZ, "receiver");
		return this;
	}

	private static void check(final Grid2D grid, final double[] x, final double[] z, final String what) {
		final double xmax = (grid.nx() - 1) * grid.dx(), zmax = (grid.nz() - 1) * grid.dx();
		final double tol = 1e-9 * grid.dx();
		for (int i = 0; i < x.length; i++) {
			if (!(x[i] >= -tol && x[i] <= xmax + tol && z[i] >= -tol && z[i] <= zmax + tol))
				throw new IllegalArgumentException(what + " " + (i + 1) + " at (x = " + x[i] + " m, z = " + z[i] +
					" m) is outside the model grid, which spans x = 0.." + xmax + " m and z = 0.." + zmax +
					" m; move it inside the model");
		}
	}
}
