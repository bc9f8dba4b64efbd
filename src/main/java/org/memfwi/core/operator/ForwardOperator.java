package org.memfwi.core.operator;

/**
 * A differentiable forward operator {@code F: R^d -> R^m} from a model (velocity pixels, squared slowness, basis
 * coefficients, ...) to data (traces, frequency-domain receiver values, ...), in double precision at this interface.
 * Wave solvers, the stylized operators of the paper and any user operator implement it; the posterior engine and the
 * optimizers see nothing else.
 * <p>
 * Implementations are thread-safe for concurrent calls with different arguments (each call allocates or borrows its
 * own work space), so that callers can evaluate many models in parallel.
 */
public interface ForwardOperator {

	/** Number of model parameters, d. */
	int modelSize();

	/** Number of data values, m. */
	int dataSize();

	/**
	 * {@code F(x)}.
	 *
	 * @param x the model, d values, not modified
	 * @param out m values, filled and returned; allocated when null
	 */
	double[] apply(double[] x, double[] out);

	/**
	 * Linearizes the operator at {@code x}: {@code F(x)} together with whatever the solver keeps (wavefields,
	 * factorizations, checkpoints) to apply the Jacobian {@code J = dF/dx (x)} and its transpose many times.
	 *
	 * @param x the model, d values, copied (the caller may change it afterwards)
	 */
	Linearization linearize(double[] x);
}
