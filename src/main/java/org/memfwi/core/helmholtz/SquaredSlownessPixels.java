package org.memfwi.core.helmholtz;

import org.memfwi.core.grid.Grid2D;

/** The model is the squared slowness of every pixel, {@code m = 1 / v^2} in s^2/m^2 (the paper's parameterization). */
public final class SquaredSlownessPixels implements Parameterization {

	private final Grid2D grid;

	public SquaredSlownessPixels(final Grid2D grid) {
		this.grid = grid;
	}

	@Override public int size() { return grid.size(); }

	@Override public int cells() { return grid.size(); }

	@Override public String unit() { return "s^2/m^2"; }

	@Override
	public double[] slowness(final double[] x, double[] m) {
		checkSize(x, "model");
		if (m == null) m = new double[x.length];
		for (int i = 0; i < x.length; i++) {
			final double v = x[i];
			if (!(v > 0) || Double.isInfinite(v)) throw new IllegalArgumentException("squared slowness " + v + " s^2/m^2 at pixel (x=" +
				i % grid.nx() + ", z=" + i / grid.nx() + ") is not positive and finite; squared slowness is 1 / velocity^2");
			m[i] = v;
		}
		return m;
	}

	@Override
	public double[] pushforward(final double[] x, final double[] v, double[] dm) {
		checkSize(v, "perturbation");
		if (dm == null) dm = new double[v.length];
		System.arraycopy(v, 0, dm, 0, v.length);
		return dm;
	}

	@Override
	public double[] pullback(final double[] x, final double[] gm, double[] g) {
		if (g == null) g = new double[gm.length];
		System.arraycopy(gm, 0, g, 0, gm.length);
		return g;
	}
}
