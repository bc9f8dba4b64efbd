package org.memfwi.core.operator;


/**
 * The forward operator of the variable-projection problem: {@code F~(x) = A(x) F(x)}, each shot (or source and
 * frequency) of the prediction scaled by the least-squares source scalar fitted to the observed data y
 * ({@link SourceScaling}). Its misfit {@code ||F~(x) - y||^2} is the projected misfit, and its linearization applies
 * {@code A J} and {@code J^T A^T} with the scalars of the linearization point (Kaufman's approximation), so that
 * {@code J~^T (F~(x) - y)} is the exact gradient of the projected misfit (the derivative through A vanishes at the
 * optimum). Any posterior or optimizer that sees only a ForwardOperator thereby estimates the source scaling.
 * Thread-safe if the wrapped operator is.
 */
public final class SourceScaledOperator implements ForwardOperator {

	private final ForwardOperator op;
	private final SourceScaling scaling;
	private final double[] data;

	/**
	 * @param data the observed data the scalars are fitted to (copied)
	 * @throws IllegalArgumentException if the scaling or the data do not match the operator's data size
	 */
	public SourceScaledOperator(final ForwardOperator op, final SourceScaling scaling, final double[] data) {
		if (data.length != op.dataSize()) throw new IllegalArgumentException("the data have " + data.length +
			" values but the forward operator produces " + op.dataSize());
		scaling.check(op.dataSize());
		this.op = op;
		this.scaling = scaling;
		this.data = data.clone();
	}

	@Override
	public int modelSize() { return op.modelSize(); }

	@Override
	public int dataSize() { return op.dataSize(); }

	/** The block layout of the scalars. */
	public SourceScaling scaling() { return scaling; }

	/** The fitted scalars at x (see {@link SourceScaling#scalars}). */
	public double[] scalars(final double[] x) {
		return scaling.scalars(op.apply(x, null), data, null);
	}

	@Override
	public double[] apply(final double[] x, final double[] out) {
		final double[] p = op.apply(x, null);
		return scaling.scale(p, scaling.scalars(p, data, null), out);
	}

	@Override
	public Linearization linearize(final double[] x) {
		final Linearization lin = op.linearize(x);
		final double[] p = lin.value();
		final double[] alpha = scaling.scalars(p, data, null);
		final double[] value = scaling.scale(p, alpha, null);
		final double[] conj = conjugate(alpha);
		return new Linearization() {
			@Override public double[] model() { return lin.model(); }
			@Override public double[] value() { return value; }

			@Override
			public double[] jacobianTimes(final double[] v, final double[] out) {
				return scaling.scale(lin.jacobianTimes(v, null), alpha, out);
			}

			@Override
			public double[] adjointTimes(final double[] w, final double[] out) {
				return lin.adjointTimes(scaling.scale(w, conj, null), out);
			}

			@Override public void close() { lin.close(); }
		};
	}

	/** A^T: real scalars are their own transpose; complex ones are conjugated. */
	private double[] conjugate(final double[] alpha) {
		if (!scaling.isComplex()) return alpha;
		final double[] c = alpha.clone();
		for (int b = 1; b < c.length; b += 2) c[b] = -c[b];
		return c;
	}
}
