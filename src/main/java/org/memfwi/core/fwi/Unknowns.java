package org.memfwi.core.fwi;

import java.util.Arrays;

import org.memfwi.core.grid.Grid2D;

/**
 * What a staged FWI inverts for: parameters x (velocity pixels, squared-slowness pixels, basis coefficients, ...),
 * their start and box, and the map to the velocity field (m/s) that bounds, regularization and the result are stated
 * in.
 */
public interface Unknowns {

	/** The velocity grid. */
	Grid2D grid();

	/** The starting parameters (inside the box). */
	double[] start();

	/** Lower and upper bounds of the parameters, or null for none. */
	double[] lower();

	double[] upper();

	/** The largest change of any parameter in a stage's first step (in the parameters' units). */
	double firstStep();

	/** The velocity field (m/s, {@code nx * nz}) of parameters x; a new array. */
	double[] velocity(double[] x);

	/**
	 * Adds to gradX the gradient with respect to x of a function whose gradient with respect to the velocity field
	 * {@code v = velocity(x)} is gv.
	 */
	void pullback(double[] x, double[] v, double[] gv, double[] gradX);

	/** True when parameter i belongs to pixel i of the grid (so that a taper around sources applies to it). */
	boolean pixels();

	/** Whether the velocity field lies inside the bounds where the box alone does not ensure it (default: true). */
	default boolean feasible(final double[] v) { return true; }

	/** Velocity pixels (m/s) in {@code vmin..vmax}, starting at the given model (clipped into the bounds). */
	static Unknowns velocity(final Grid2D grid, final double[] start, final double vmin, final double vmax) {
		if (start.length != grid.size()) throw new IllegalArgumentException("starting model has " + start.length + " pixels, the grid " +
			grid + " has " + grid.size());
		final double[] lo = new double[grid.size()], hi = new double[grid.size()];
		Arrays.fill(lo, vmin);
		Arrays.fill(hi, vmax);
		final double[] x0 = start.clone();
		for (int i = 0; i < x0.length; i++) x0[i] = Math.max(vmin, Math.min(vmax, x0[i]));
		return new Unknowns() {
			@Override public Grid2D grid() { return grid; }
			@Override public double[] start() { return x0.clone(); }
			@Override public double[] lower() { return lo; }
			@Override public double[] upper() { return hi; }
			@Override public double firstStep() { return 0.02 * (vmax - vmin); }
			@Override public double[] velocity(final double[] x) { return x.clone(); }
			@Override public void pullback(final double[] x, final double[] v, final double[] gv, final double[] gradX) {
				for (int i = 0; i < gv.length; i++) gradX[i] += gv[i];
			}
			@Override public boolean pixels() { return true; }
		};
	}
}
