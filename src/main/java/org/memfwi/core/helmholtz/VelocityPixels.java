package org.memfwi.core.helmholtz;

import org.memfwi.core.grid.Grid2D;

/** The model is the velocity of every pixel in m/s; {@code m = 1 / v^2}, {@code dm/dv = -2 / v^3}. */
public final class VelocityPixels implements Parameterization {

	private final Grid2D grid;

	public VelocityPixels(final Grid2D grid) {
		this.grid = grid;
	}

	@Override public int size() { return grid.size(); }

	@Override public int cells() { return grid.size(); }

	@Override public String unit() { return "m/s"; }

	@Override
	public double[] slowness(final double[] x, double[] m) {
		checkSize(x, "model");
		if (m == null) m = new double[x.length];
		for (int i = 0; i < x.length; i++) {
			final double v = x[i];
			if (!(v > 0) || Double.isInfinite(v)) throw new IllegalArgumentException("velocity " + v + " m/s at pixel (x=" +
				i % grid.nx() + ", z=" + i / grid.nx() + ") is not positive and finite; velocities must be > 0 m/s");
			m[i] = 1 / (v * v);
		}
		return m;
	}

	@Override
	public double[] pushforward(final double[] x, final double[] v, double[] dm) {
		checkSize(v, "perturbation");
		if (dm == null) dm = new double[v.length];
		for (int i = 0; i < v.length; i++) dm[i] = -2 * v[i] / (x[i] * x[i] * x[i]);
		return dm;
	}

	@Override
	public double[] pullback(final double[] x, final double[] gm, double[] g) {
		if (g == null) g = new double[gm.length];
		for (int i = 0; i < gm.length; i++) g[i] = -2 * gm[i] / (x[i] * x[i] * x[i]);
		return g;
	}
}
