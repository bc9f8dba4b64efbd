package org.memfwi.core.helmholtz;

/**
 * How a model vector x (d values) maps to the squared slowness m (s^2/m^2) on the model grid that the Helmholtz
 * operator uses, with the derivatives needed for Jacobian products: {@code dm = (dm/dx) v} and
 * {@code g_x = (dm/dx)^T g_m}. Implementations: {@link SquaredSlownessPixels}, {@link VelocityPixels},
 * {@link KarhunenLoeveModel}. Thread-safe.
 */
public interface Parameterization {

	/** Number of model parameters, d. */
	int size();

	/** Number of grid cells, {@code nx * nz}. */
	int cells();

	/** Unit of the parameters, e.g. "m/s", "s^2/m^2", "1" (coefficients). */
	String unit();

	/**
	 * Squared slowness of model x.
	 *
	 * @param x d values, not modified
	 * @param m {@code cells()} values, filled and returned (allocated when null)
	 * @throws IllegalArgumentException when x gives a non-positive or non-finite velocity, naming where
	 */
	double[] slowness(double[] x, double[] m);

	/** {@code dm = (dm/dx)(x) v}: a perturbation of the parameters mapped to squared slowness. */
	double[] pushforward(double[] x, double[] v, double[] dm);

	/** {@code g = (dm/dx)(x)^T gm}: a squared-slowness gradient mapped to the parameters. */
	double[] pullback(double[] x, double[] gm, double[] g);

	/** Checks that an array has the right length for this parameterization. */
	default void checkSize(final double[] x, final String what) {
		if (x.length != size()) throw new IllegalArgumentException(what + " has " + x.length + " values, the " + getClass()
			.getSimpleName() + " parameterization has " + size());
	}
}
