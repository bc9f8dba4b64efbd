package org.memfwi.core.posterior;

/** A log density (possibly unnormalized) on R^d. Implementations are thread-safe. */
public interface LogDensity {

	/** Model dimension d. */
	int dimension();

	/** {@code log p(x)}; x has d values and is not modified. */
	double logDensity(double[] x);
}
