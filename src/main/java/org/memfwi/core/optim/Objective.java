package org.memfwi.core.optim;

/** A differentiable function to minimize: value and gradient at a point. */
public interface Objective {

	/**
	 * f(x) and its gradient.
	 *
	 * @param x the point, not modified
	 * @param gradient filled with df/dx (same length as x)
	 * @return f(x)
	 */
	double evaluate(double[] x, double[] gradient);
}
