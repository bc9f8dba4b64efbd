package org.memfwi.core.operator;

/**
 * The stylized forward operators of the paper, with exact Jacobians: in 1D {@code F(x) = x + 0.3 x^3} and in 2D
 * {@code F(x) = [x1 + 0.3 x1 x2, x2 + 0.2 x1^2]}. Dimensionless; model and data have the same size. Thread-safe
 * (stateless).
 */
public final class StylizedOperator implements ForwardOperator {

	private final int dim;

	private StylizedOperator(final int dim) {
		this.dim = dim;
	}

	/** The 1D operator {@code F(x) = x + 0.3 x^3}, strictly increasing, {@code F'(x) = 1 + 0.9 x^2}. */
	public static StylizedOperator cubic() {
		return new StylizedOperator(1);
	}

	/**
	 * The 2D operator {@code F(x) = [x1 + 0.3 x1 x2, x2 + 0.2 x1^2]}, Jacobian
	 * {@code [[1 + 0.3 x2, 0.3 x1], [0.4 x1, 1]]}.
	 */
	public static StylizedOperator coupled() {
		return new StylizedOperator(2);
	}

	/** The operator for a dimension: 1 ({@link #cubic()}) or 2 ({@link #coupled()}). */
	public static StylizedOperator ofDimension(final int d) {
		if (d != 1 && d != 2) throw new IllegalArgumentException("the stylized problems are 1D or 2D, not " + d + "D");
		return new StylizedOperator(d);
	}

	@Override
	public int modelSize() { return dim; }

	@Override
	public int dataSize() { return dim; }

	@Override
	public double[] apply(final double[] x, final double[] out) {
		Operators.checkLength(x, dim, "model x");
		final double[] o = out != null ? out : new double[dim];
		if (dim == 1) o[0] = x[0] + 0.3 * x[0] * x[0] * x[0];
		else {
			final double x1 = x[0], x2 = x[1];
			o[0] = x1 + 0.3 * x1 * x2;
			o[1] = x2 + 0.2 * x1 * x1;
		}
		return o;
	}

	/** The exact Jacobian at {@code x}, row-major (dim x dim). */
	public double[] jacobianAt(final double[] x) {
		Operators.checkLength(x, dim, "model x");
		if (dim == 1) return new double[] { 1 + 0.9 * x[0] * x[0] };
		return new double[] { 1 + 0.3 * x[1], 0.3 * x[0], 0.4 * x[0], 1 };
	}

	@Override
	public Linearization linearize(final double[] x) {
		return new DenseLinearization(x, apply(x, null), jacobianAt(x));
	}

	@Override
	public String toString() {
		return dim == 1 ? "F(x) = x + 0.3 x^3" : "F(x) = [x1 + 0.3 x1 x2, x2 + 0.2 x1^2]";
	}
}
