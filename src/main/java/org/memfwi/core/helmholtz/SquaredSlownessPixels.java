package org.memfwi.core.helmholtz;

import org.memfwi.core.grid.Grid2D;

/** The model is the squared slowness of every pixel, {@code m = 1 / v^2} in s^2/m^2 (the paper's parameterization). */
public final class SquaredSlownessPixels extends PixelParameterization {

	public SquaredSlownessPixels(final Grid2D grid) {
		super(grid);
	}

	@Override public String unit() { return "s^2/m^2"; }

	@Override double slowness(final double x) { return x; }

	@Override double derivative(final double x) { return 1; }

	@Override String quantity() { return "squared slowness"; }

	@Override String remedy() { return "squared slowness is 1 / velocity^2"; }
}
