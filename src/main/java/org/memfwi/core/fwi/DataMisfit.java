package org.memfwi.core.fwi;

/**
 * The data misfit of an inversion: its value for predicted and observed data and its derivative with respect to the
 * predicted data (the adjoint source that the operator's adjoint maps to a model gradient). The one place where a
 * staged FWI turns a residual into a number; another misfit (e.g. with a per-shot source scalar estimated by
 * variable projection) replaces {@link #LEAST_SQUARES} here.
 */
public interface DataMisfit {

	/** {@code 1/2 ||p - d||^2} with adjoint source {@code p - d}. */
	DataMisfit LEAST_SQUARES = new DataMisfit() {
		@Override
		public double evaluate(final double[] predicted, final double[] observed, final double[] adjointSource) {
			double s = 0;
			for (int i = 0; i < predicted.length; i++) {
				final double r = predicted[i] - observed[i];
				if (adjointSource != null) adjointSource[i] = r;
				s += r * r;
			}
			return 0.5 * s;
		}

		@Override
		public boolean isLeastSquares() { return true; }
	};

	/**
	 * The misfit of predicted data against observed data.
	 *
	 * @param predicted F(x), m values, not modified
	 * @param observed d, m values, not modified
	 * @param adjointSource filled with the derivative of the misfit with respect to the predicted data (m values), or
	 *        null when only the value is wanted
	 * @return the misfit (data units squared)
	 */
	double evaluate(double[] predicted, double[] observed, double[] adjointSource);

	/**
	 * True when this is the plain least-squares misfit {@code 1/2 ||p - d||^2}, so that an operator that computes
	 * misfit and gradient in one fused pass ({@link LeastSquaresGradient}) may be used instead.
	 */
	default boolean isLeastSquares() { return false; }
}
