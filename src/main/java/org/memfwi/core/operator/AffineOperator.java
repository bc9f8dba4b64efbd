package org.memfwi.core.operator;

import org.ejml.data.DMatrixRMaj;

/**
 * A linear (affine) forward operator {@code F(x) = A x + b} with a dense m x d matrix A: linear tomography,
 * a model reduced to a few basis coefficients, or an exactly solvable test problem (with it the linearized
 * Gaussian-mixture posterior is the exact posterior of the memorized diffusion prior). Thread-safe.
 */
public final class AffineOperator implements ForwardOperator {

	private final double[] a;
	private final double[] b;
	private final int m, d;

	/**
	 * @param matrix A, m x d, copied
	 * @param offset b, m values, copied; null for zero
	 */
	public AffineOperator(final DMatrixRMaj matrix, final double[] offset) {
		m = matrix.numRows;
		d = matrix.numCols;
		if (m < 1 || d < 1) throw new IllegalArgumentException("matrix A must have at least one row and one column, got " + m + " x " + d);
		a = new double[m * d];
		for (int i = 0; i < m; i++)
			for (int j = 0; j < d; j++) {
				a[i * d + j] = matrix.get(i, j);
				if (!Double.isFinite(a[i * d + j]))
					throw new IllegalArgumentException("matrix A has a non-finite entry " + a[i * d + j] + " at (" + i + ", " + j + ")");
			}
		b = offset == null ? new double[m] : offset.clone();
		Operators.checkLength(b, m, "offset b");
	}

	@Override
	public int modelSize() { return d; }

	@Override
	public int dataSize() { return m; }

	@Override
	public double[] apply(final double[] x, final double[] out) {
		Operators.checkLength(x, d, "model x");
		final double[] o = out != null ? out : new double[m];
		for (int i = 0; i < m; i++) {
			double s = b[i];
			for (int j = 0; j < d; j++) s += a[i * d + j] * x[j];
			o[i] = s;
		}
		return o;
	}

	@Override
	public Linearization linearize(final double[] x) {
		return new DenseLinearization(x, apply(x, null), a); // A is never modified: shared, not copied
	}
}
