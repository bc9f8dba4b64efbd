package org.memfwi.core.fwi;

/**
 * An optional capability of a forward operator: the least-squares misfit {@code 1/2 ||F(x) - d||^2} and its gradient
 * in one fused pass (the time-domain propagator forms the residual of each shot as soon as its forward pass ends,
 * instead of running the forward pass twice). Must equal the value and {@code J^T (F(x) - d)} of the operator's
 * linearization.
 */
public interface LeastSquaresGradient {

	/**
	 * @param x the model, not modified
	 * @param observed d, the operator's data size, not modified
	 * @param gradient filled with {@code J^T (F(x) - d)}
	 * @return {@code 1/2 ||F(x) - d||^2}
	 */
	double misfitGradient(double[] x, double[] observed, double[] gradient);
}
