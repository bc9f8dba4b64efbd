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
	 * {@code F(x)} computed in stages where the operator can (the time-domain operator: every 32 time steps), telling
	 * {@code watch} after each stage which values are new and stopping as soon as it says so. A caller that only needs
	 * to know whether a misfit exceeds a bound can thus stop a simulation early. Operators that compute their data in
	 * one piece report them all at the end, which is this default.
	 *
	 * @param x the model, d values, not modified
	 * @param out m values, filled where computed
	 * @param watch told of every computed range; asked after each stage whether to go on
	 * @return true if all of F(x) was computed, false if the watch stopped it
	 */
	default boolean apply(final double[] x, final double[] out, final Watch watch) {
		final double[] y = apply(x, out);
		if (y != out) System.arraycopy(y, 0, out, 0, out.length);
		watch.computed(out, 0, out.length);
		watch.proceed();
		return true;
	}

	/** Follows a staged {@link ForwardOperator#apply(double[], double[], Watch)}; called from one thread at a time. */
	interface Watch {

		/** The values {@code out[from, to)} are now computed (each value is reported once). */
		void computed(double[] out, int from, int to);

		/** Whether to compute the next stage; asked after each stage's values have been reported. */
		boolean proceed();
	}

	/**
	 * Linearizes the operator at {@code x}: {@code F(x)} together with whatever the solver keeps (wavefields,
	 * factorizations, checkpoints) to apply the Jacobian {@code J = dF/dx (x)} and its transpose many times.
	 *
	 * @param x the model, d values, copied (the caller may change it afterwards)
	 */
	Linearization linearize(double[] x);
}
