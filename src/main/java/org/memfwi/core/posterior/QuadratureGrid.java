package org.memfwi.core.posterior;

import java.util.Locale;

/**
 * A regular grid of cell centres on a box in one or two dimensions, for midpoint-rule quadrature of smooth densities
 * (spectrally accurate for densities that decay well inside the box). Point {@code (i0, i1)} is
 * {@code (lo_0 + (i0 + 1/2) h_0, lo_1 + (i1 + 1/2) h_1)}, flat index {@code i0 + n_0 i1} (first axis fastest, as
 * images).
 */
public final class QuadratureGrid {

	private final double[] lo, step;
	private final int[] count;

	/**
	 * @param lo lower corner of the box
	 * @param hi upper corner of the box
	 * @param counts cells per axis
	 * @throws IllegalArgumentException unless 1 or 2 axes with hi > lo and at least 2 cells each
	 */
	public QuadratureGrid(final double[] lo, final double[] hi, final int[] counts) {
		final int d = lo.length;
		if (d < 1 || d > 2) throw new IllegalArgumentException("quadrature grids are 1D or 2D, not " + d + "D");
		if (hi.length != d || counts.length != d) throw new IllegalArgumentException("box corners and counts must have " + d + " values");
		this.lo = lo.clone();
		this.count = counts.clone();
		step = new double[d];
		long total = 1;
		for (int a = 0; a < d; a++) {
			if (!(hi[a] > lo[a]) || !Double.isFinite(lo[a]) || !Double.isFinite(hi[a]))
				throw new IllegalArgumentException("axis " + a + ": the box [" + lo[a] + ", " + hi[a] + "] is empty");
			if (counts[a] < 2) throw new IllegalArgumentException("axis " + a + " needs at least 2 cells, got " + counts[a]);
			step[a] = (hi[a] - lo[a]) / counts[a];
			total *= counts[a];
		}
		if (total > 50_000_000L) throw new IllegalArgumentException("a quadrature grid of " + total + " cells is too large");
	}

	/** Number of axes, 1 or 2. */
	public int dimension() { return lo.length; }

	/** Cells along axis a. */
	public int count(final int a) { return count[a]; }

	/** Cell size along axis a. */
	public double step(final int a) { return step[a]; }

	/** Lower bound of axis a. */
	public double lo(final int a) { return lo[a]; }

	/** Upper bound of axis a. */
	public double hi(final int a) { return lo[a] + count[a] * step[a]; }

	/** Coordinate of cell centre i along axis a. */
	public double coordinate(final int a, final int i) { return lo[a] + (i + 0.5) * step[a]; }

	/** Total number of cells. */
	public int size() {
		int s = 1;
		for (final int c : count) s *= c;
		return s;
	}

	/** Volume (length or area) of one cell. */
	public double cellVolume() {
		double v = 1;
		for (final double h : step) v *= h;
		return v;
	}

	/** The centre of cell {@code index} into out (d values). */
	public double[] point(final int index, final double[] out) {
		out[0] = coordinate(0, index % count[0]);
		if (lo.length == 2) out[1] = coordinate(1, index / count[0]);
		return out;
	}

	/** True if the other grid has the same cells (to 1e-12 relative). */
	public boolean sameAs(final QuadratureGrid o) {
		if (o.lo.length != lo.length) return false;
		for (int a = 0; a < lo.length; a++) {
			if (o.count[a] != count[a]) return false;
			final double tol = 1e-12 * Math.max(Math.abs(hi(a)) + Math.abs(lo[a]), 1);
			if (Math.abs(o.lo[a] - lo[a]) > tol || Math.abs(o.step[a] - step[a]) > tol) return false;
		}
		return true;
	}

	@Override
	public String toString() {
		final StringBuilder sb = new StringBuilder();
		for (int a = 0; a < lo.length; a++) {
			if (a > 0) sb.append(" x ");
			sb.append(String.format(Locale.ROOT, "[%.4g, %.4g] in %d cells", lo[a], hi(a), count[a]));
		}
		return sb.toString();
	}
}
