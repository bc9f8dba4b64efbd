package org.memfwi.core.operator;

import java.util.Arrays;

import org.ejml.data.DMatrixRMaj;

/**
 * A linearization whose Jacobian is a small dense matrix known in closed form: products are plain matrix-vector
 * products. Used by the stylized and affine operators.
 */
final class DenseLinearization implements Linearization {

	private final double[] model;
	private final double[] value;
	/** m x d, row-major. */
	private final double[] jac;
	private final int m, d;

	/**
	 * @param model copied
	 * @param value taken (not copied)
	 * @param jac m x d row-major, taken (not copied; never modified here, so it may be shared)
	 */
	DenseLinearization(final double[] model, final double[] value, final double[] jac) {
		this.model = model.clone();
		this.value = value;
		this.jac = jac;
		d = model.length;
		m = value.length;
		if (jac.length != m * d) throw new IllegalStateException("Jacobian has " + jac.length + " entries, expected " + m + " x " + d);
	}

	@Override
	public double[] model() { return model; }

	@Override
	public double[] value() { return value; }

	@Override
	public double[] jacobianTimes(final double[] v, final double[] out) {
		Operators.checkLength(v, d, "model perturbation v");
		final double[] o = out != null ? out : new double[m];
		for (int i = 0; i < m; i++) {
			double s = 0;
			for (int j = 0; j < d; j++) s += jac[i * d + j] * v[j];
			o[i] = s;
		}
		return o;
	}

	@Override
	public double[] adjointTimes(final double[] w, final double[] out) {
		Operators.checkLength(w, m, "data-space vector w");
		final double[] o = out != null ? out : new double[d];
		Arrays.fill(o, 0, d, 0);
		for (int i = 0; i < m; i++) {
			final double wi = w[i];
			for (int j = 0; j < d; j++) o[j] += jac[i * d + j] * wi;
		}
		return o;
	}

	@Override
	public DMatrixRMaj jacobian() {
		return new DMatrixRMaj(m, d, true, jac); // copies
	}
}
