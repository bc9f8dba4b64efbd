package org.memfwi.core.wave;

import java.util.Locale;

import org.memfwi.core.grid.Grid2D;

/**
 * Source and receiver positions in metres (x to the right, z down, pixel (ix, iz) at x = ix dx, z = iz dx). Every
 * source is one shot; all shots record on the same receivers. Points between grid nodes are injected and recorded
 * by bilinear interpolation over the four surrounding nodes.
 */
public final class Acquisition {

	private final double[] srcX, srcZ, recX, recZ;

	/** Positions in metres, copied; sources and receivers each need equal-length x and z arrays. */
	public Acquisition(final double[] srcX, final double[] srcZ, final double[] recX, final double[] recZ) {
		if (srcX.length != srcZ.length) throw new IllegalArgumentException("source x and z lists differ in length (" + srcX.length +
			" vs " + srcZ.length + ")");
		if (recX.length != recZ.length) throw new IllegalArgumentException("receiver x and z lists differ in length (" + recX.length +
			" vs " + recZ.length + ")");
		if (srcX.length == 0) throw new IllegalArgumentException("at least one source is needed");
		if (recX.length == 0) throw new IllegalArgumentException("at least one receiver is needed");
		this.srcX = srcX.clone();
		this.srcZ = srcZ.clone();
		this.recX = recX.clone();
		this.recZ = recZ.clone();
	}

	/**
	 * The OpenFWI-like default for a grid: {@code nsrc} sources evenly spread over the width (first and last
	 * column included) and a receiver at every column, all at depth {@code depth} metres.
	 */
	public static Acquisition surface(final Grid2D grid, final int nsrc, final double depth) {
		if (nsrc < 1) throw new IllegalArgumentException("the number of sources must be at least 1, got " + nsrc);
		final double width = (grid.nx() - 1) * grid.dx();
		final double[] sx = new double[nsrc], sz = new double[nsrc];
		for (int s = 0; s < nsrc; s++) {
			sx[s] = nsrc == 1 ? width / 2 : width * s / (nsrc - 1);
			sz[s] = depth;
		}
		final double[] rx = new double[grid.nx()], rz = new double[grid.nx()];
		for (int i = 0; i < grid.nx(); i++) {
			rx[i] = i * grid.dx();
			rz[i] = depth;
		}
		return new Acquisition(sx, sz, rx, rz);
	}

	public int sources() { return srcX.length; }

	public int receivers() { return recX.length; }

	public double sourceX(final int s) { return srcX[s]; }

	public double sourceZ(final int s) { return srcZ[s]; }

	public double receiverX(final int r) { return recX[r]; }

	public double receiverZ(final int r) { return recZ[r]; }

	public double[] sourceXs() { return srcX.clone(); }

	public double[] sourceZs() { return srcZ.clone(); }

	public double[] receiverXs() { return recX.clone(); }

	public double[] receiverZs() { return recZ.clone(); }

	/**
	 * Checks that every point lies inside the model, 0..(nx-1) dx by 0..(nz-1) dx.
	 *
	 * @throws IllegalArgumentException naming the first point outside and the allowed range
	 */
	public void validate(final Grid2D grid) {
		check("source", srcX, srcZ, grid);
		check("receiver", recX, recZ, grid);
	}

	private static void check(final String what, final double[] xs, final double[] zs, final Grid2D grid) {
		final double xmax = (grid.nx() - 1) * grid.dx(), zmax = (grid.nz() - 1) * grid.dx();
		final double tol = 1e-9 * grid.dx();
		for (int i = 0; i < xs.length; i++) {
			if (!(xs[i] >= -tol && xs[i] <= xmax + tol) || !(zs[i] >= -tol && zs[i] <= zmax + tol))
				throw new IllegalArgumentException(String.format(Locale.ROOT,
					"%s %d at (x = %s m, z = %s m) is outside the model; positions must lie in x = 0..%s m, z = 0..%s m " +
						"(pixel (ix, iz) is at x = ix dx, z = iz dx)", what, i + 1, num(xs[i]), num(zs[i]), num(xmax), num(zmax)));
		}
	}

	/** A number with at most 4 significant digits, trailing zeros dropped (e.g. 0.001849, 0.005). */
	static String sig(final double v) {
		final String s = String.format(Locale.ROOT, "%.4g", v);
		if (s.contains("e")) return s.replaceFirst("\\.?0+e", "e");
		return s.contains(".") ? s.replaceFirst("\\.?0+$", "") : s;
	}

	static String num(final double v) {
		return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.6g", v);
	}
}
