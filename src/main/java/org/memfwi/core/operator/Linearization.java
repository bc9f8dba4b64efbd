package org.memfwi.core.operator;

import org.ejml.data.DMatrixRMaj;

/**
 * A forward operator linearized at a model {@code x}: the value {@code F(x)}, Jacobian-vector products
 * {@code J v} (Born modelling for wave solvers) and adjoint products {@code J^T w} (adjoint-state method). Not
 * necessarily thread-safe: use one per thread. {@link #close()} releases solver memory early.
 */
public interface Linearization extends AutoCloseable {

	/** The model this is linearized at (d values; do not modify). */
	double[] model();

	/** {@code F(x)} (m values; do not modify). */
	double[] value();

	/**
	 * {@code J v}.
	 *
	 * @param v a model perturbation, d values, not modified
	 * @param out m values, filled and returned; allocated when null
	 */
	double[] jacobianTimes(double[] v, double[] out);

	/**
	 * {@code J^T w}.
	 *
	 * @param w a data-space vector, m values, not modified
	 * @param out d values, filled and returned; allocated when null
	 */
	double[] adjointTimes(double[] w, double[] out);

	/**
	 * The dense Jacobian, m x d, by d Jacobian-vector products (override when it is cheaper in closed form). Only for
	 * small d.
	 */
	default DMatrixRMaj jacobian() {
		final int d = model().length, m = value().length;
		final DMatrixRMaj jac = new DMatrixRMaj(m, d);
		final double[] e = new double[d];
		final double[] col = new double[m];
		for (int j = 0; j < d; j++) {
			e[j] = 1;
			jacobianTimes(e, col);
			e[j] = 0;
			for (int i = 0; i < m; i++) jac.unsafe_set(i, j, col[i]);
		}
		return jac;
	}

	/** Releases solver memory; further calls are not allowed. The default does nothing. */
	@Override
	default void close() {}
}
