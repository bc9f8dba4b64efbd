package org.memfwi.core.helmholtz;

import org.memfwi.core.grid.Grid2D;

/** The model is the velocity of every pixel in m/s; {@code m = 1 / v^2}, {@code dm/dv = -2 / v^3}. */
public final class VelocityPixels extends PixelParameterization {

	public VelocityPixels(final Grid2D grid) {
		super(grid);
	}

	@Override public String unit() { return "m/s"; }

	@Override double slowness(final double v) { return 1 / (v * v); }

	@Override double derivative(final double v) { return -2 / (v * v * v); }

	@Override String quantity() { return "velocity"; }

	@Override String remedy() { return "velocities must be > 0 m/s"; }
}
