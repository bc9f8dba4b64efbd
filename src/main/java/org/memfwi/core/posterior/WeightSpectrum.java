package org.memfwi.core.posterior;

/**
 * What the marginal-likelihood weight of one linearized component needs, for any prior noise level sigma: the
 * scaled misfit {@code ||r||^2 / gamma^2}, the eigenvalues {@code lambda_i} of the Gauss-Newton Hessian
 * {@code H = J^T J / gamma^2} (1/units^2), the projections {@code p_i = v_i . g} of {@code g = J^T r / gamma^2} on its
 * eigenvectors and the squared norm of the rest of g. O(k) numbers: a sweep over sigma and N keeps only these.
 * <p>
 * {@code log w~(sigma) = -1/2 [ ||r||^2/gamma^2 - g^T S g + sum_i log(1 + sigma^2 lambda_i) ]} with
 * {@code g^T S g = sigma^2 ||g_perp||^2 + sum_i sigma^2 p_i^2 / (1 + sigma^2 lambda_i)}, which is
 * {@code log N(r; 0, gamma^2 I + sigma^2 J J^T)} up to a constant common to all components (DESIGN.md section 1).
 */
public final class WeightSpectrum {

	private final int index;
	private final double misfit;
	final double[] lambda;
	final double[] proj;
	/** {@code ||g||^2 - sum p_i^2}, clipped at 0 (0 when the eigenvectors span the range of H). */
	final double gPerp2;

	WeightSpectrum(final int index, final double misfit, final double[] lambda, final double[] proj, final double gPerp2) {
		this.index = index;
		this.misfit = misfit;
		this.lambda = lambda;
		this.proj = proj;
		this.gPerp2 = Math.max(0, gPerp2);
	}

	/** Training index (0-based). */
	public int index() { return index; }

	/** {@code ||y - F(x_n)||^2 / gamma^2}. */
	public double misfit() { return misfit; }

	/** The unnormalized log weight at noise level sigma (sigma in model units). */
	public double logWeight(final double sigma) {
		final double s2 = sigma * sigma;
		double gsg = s2 * gPerp2, logdet = 0;
		for (int i = 0; i < lambda.length; i++) {
			final double t = s2 * lambda[i];
			gsg += s2 * proj[i] * proj[i] / (1 + t);
			logdet += Math.log1p(t);
		}
		return -0.5 * (misfit - gsg + logdet);
	}

	/**
	 * The paper code's log weight at noise level sigma (mempost {@code linearized_posterior_components}):
	 * {@code -1/2 r^T (gamma^2 I + sigma^2 J J^T)^-1 r = -1/2 [ ||r||^2/gamma^2 - g^T S g ]}, without the log-determinant
	 * term of the marginal likelihood. It differs from {@link #logWeight} wherever the Jacobians differ between components.
	 */
	public double logWeightWithoutDeterminant(final double sigma) {
		final double s2 = sigma * sigma;
		double gsg = s2 * gPerp2;
		for (int i = 0; i < lambda.length; i++) gsg += s2 * proj[i] * proj[i] / (1 + s2 * lambda[i]);
		return -0.5 * (misfit - gsg);
	}

	/** The log weight of the reweighted training set (the limit sigma -> 0): {@code -misfit / 2}. */
	public double reweightedLogWeight() {
		return -0.5 * misfit;
	}

	/** Number of eigenpairs kept, k. */
	public int rank() { return lambda.length; }

	/** Eigenvalue i of {@code J^T J / gamma^2}, decreasing. */
	public double eigenvalue(final int i) { return lambda[i]; }
}
