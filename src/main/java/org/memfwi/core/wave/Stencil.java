package org.memfwi.core.wave;

/**
 * Central finite-difference stencils of spatial order 2, 4 or 8 on a unit grid: second-derivative coefficients
 * {@code c[0..r]} ({@code D2 u(i) = c0 u(i) + sum_k ck (u(i+k) + u(i-k))}) and first-derivative coefficients
 * {@code d[1..r]} ({@code D1 u(i) = sum_k dk (u(i+k) - u(i-k))}), r = order / 2. Divide by dx^2 (dx) for metres.
 */
public final class Stencil {

	/** The largest half-width of any stencil; the fast kernels always use this many halo cells. */
	public static final int MAX_RADIUS = 4;

	private final int order;
	private final double[] c;
	private final double[] d;

	private Stencil(final int order, final double[] c, final double[] d) {
		this.order = order;
		this.c = c;
		this.d = d;
	}

	/**
	 * The stencil of the given spatial order.
	 *
	 * @throws IllegalArgumentException unless order is 2, 4 or 8
	 */
	public static Stencil of(final int order) {
		switch (order) {
			case 2: return new Stencil(2, new double[] { -2, 1 }, new double[] { 0, 0.5 });
			case 4: return new Stencil(4, new double[] { -5.0 / 2, 4.0 / 3, -1.0 / 12 }, new double[] { 0, 2.0 / 3, -1.0 / 12 });
			case 8: return new Stencil(8, new double[] { -205.0 / 72, 8.0 / 5, -1.0 / 5, 8.0 / 315, -1.0 / 560 },
				new double[] { 0, 4.0 / 5, -1.0 / 5, 4.0 / 105, -1.0 / 280 });
			default: throw new IllegalArgumentException("order (spatial accuracy) must be 2, 4 or 8, got " + order);
		}
	}

	public int order() { return order; }

	/** Half-width r = order / 2. */
	public int radius() { return order / 2; }

	/** Second-derivative coefficient c_k, k = 0..r (0 beyond r). */
	public double c(final int k) { return k < c.length ? c[k] : 0; }

	/** First-derivative coefficient d_k, k = 1..r (0 beyond r). */
	public double d(final int k) { return k < d.length ? d[k] : 0; }

	/**
	 * The largest |symbol| of the 1D second-derivative stencil over all wavenumbers, i.e. the spectral radius of
	 * -D2 (4 for order 2).
	 */
	public double spectralRadius() {
		double best = 0;
		for (int j = 0; j <= 2000; j++) {
			final double th = Math.PI * j / 2000;
			double s = c[0];
			for (int k = 1; k < c.length; k++) s += 2 * c[k] * Math.cos(k * th);
			best = Math.max(best, Math.abs(s));
		}
		return best;
	}

	/**
	 * The Courant number limit of the 2D leapfrog scheme: stable when {@code v dt / dx <= courantLimit()}
	 * (von Neumann: {@code (v dt / dx)^2 * 2 * spectralRadius <= 4}).
	 */
	public double courantLimit() {
		return 2 / Math.sqrt(2 * spectralRadius());
	}
}
