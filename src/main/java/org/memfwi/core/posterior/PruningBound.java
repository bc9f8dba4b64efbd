package org.memfwi.core.posterior;

import java.util.Arrays;

/**
 * When a training model may be dropped from the reweighted posterior before its misfit is known: once a lower bound
 * on its scaled misfit (the misfit of the part of the data simulated so far) exceeds both the k-th smallest complete
 * misfit so far and the smallest plus {@link #MARGIN}. The first makes sure that the k models of smallest misfit (the
 * best matches shown) are evaluated completely; the second that the dropped model's weight
 * {@code exp(-(M - M_best) / 2) < e^-800} is exactly zero in double precision (exp underflows to 0 below -745.2), so
 * that the posterior mean, variance, weights and effective sample size are those of a complete evaluation. (The
 * running fold of the moments in model order sees the bound instead of the exact log weight while no better model
 * has been folded; the contribution is then scaled by exp(-800) = 0 once the best model arrives, and with the
 * float-valued models of a training stack the running mean returns to the same bits: tested, not proven.) Both
 * thresholds only fall as models complete, and every model is compared with models that were themselves evaluated
 * completely, so the rule holds whatever order the models are evaluated in. Thread-safe.
 */
public final class PruningBound {

	/** The misfit gap beyond which a weight is zero in double precision: log-weight gap 800, beyond exp's 745.2. */
	public static final double MARGIN = 1600;

	private final double[] smallest;
	private int count;
	private volatile double limit = Double.POSITIVE_INFINITY;

	/**
	 * @param keep how many models of smallest misfit must be evaluated completely, at least 1
	 * @throws IllegalArgumentException if keep is below 1
	 */
	public PruningBound(final int keep) {
		if (keep < 1) throw new IllegalArgumentException("keep must be at least 1, got " + keep);
		smallest = new double[keep];
	}

	/** Records the exact misfit of a completely evaluated model (NaN is ignored). */
	public synchronized void complete(final double misfit) {
		if (Double.isNaN(misfit)) return;
		if (count < smallest.length) smallest[count++] = misfit;
		else if (misfit < smallest[count - 1]) smallest[count - 1] = misfit;
		else return;
		Arrays.sort(smallest, 0, count);
		if (count == smallest.length) limit = Math.max(smallest[count - 1], smallest[0] + MARGIN);
	}

	/**
	 * The misfit beyond which a model may be dropped: +infinity until keep models are complete. A partial misfit
	 * strictly above it is a lower bound above it, so the model's weight is zero and it is not among the keep best.
	 */
	public double limit() { return limit; }
}
