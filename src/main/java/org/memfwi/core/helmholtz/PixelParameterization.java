package org.memfwi.core.helmholtz;

import org.memfwi.core.grid.Grid2D;

/** A parameterization with one value per pixel of the model grid, mapped to squared slowness pixel by pixel. */
abstract class PixelParameterization implements Parameterization {

	protected final Grid2D grid;

	PixelParameterization(final Grid2D grid) {
		this.grid = grid;
	}

	@Override public int size() { return grid.size(); }

	@Override public int cells() { return grid.size(); }

	/** Squared slowness of one pixel value (already checked). */
	abstract double slowness(double x);

	/** {@code dm/dx} at one pixel value. */
	abstract double derivative(double x);

	/** What the pixel values are, for messages, e.g. "velocity". */
	abstract String quantity();

	/** The fix to suggest for a bad value. */
	abstract String remedy();

	@Override
	public double[] slowness(final double[] x, double[] m) {
		checkSize(x, "model");
		if (m == null) m = new double[x.length];
		for (int i = 0; i < x.length; i++) {
			final double v = x[i];
			if (!(v > 0) || Double.isInfinite(v)) throw new IllegalArgumentException(quantity() + " " + v + " " + unit() +
				" at pixel (x=" + i % grid.nx() + ", z=" + i / grid.nx() + ") is not positive and finite; " + remedy());
			m[i] = slowness(v);
		}
		return m;
	}

	@Override
	public double[] pushforward(final double[] x, final double[] v, double[] dm) {
		checkSize(v, "perturbation");
		if (dm == null) dm = new double[v.length];
		for (int i = 0; i < v.length; i++) dm[i] = derivative(x[i]) * v[i];
		return dm;
	}

	@Override
	public double[] pullback(final double[] x, final double[] gm, double[] g) {
		if (g == null) g = new double[gm.length];
		for (int i = 0; i < gm.length; i++) g[i] = derivative(x[i]) * gm[i];
		return g;
	}
}
