package org.memfwi.core.posterior;

import org.memfwi.core.util.LogSpace;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;

/**
 * A Gaussian-mixture density {@code sum_n w_n N(x; mu_n, C_n)} in a few dimensions, with dense covariances: log
 * density (by log-sum-exp over components, through each covariance's Cholesky factor), mean and covariance. Used to
 * evaluate linearized posteriors on quadrature grids. Immutable and thread-safe; {@link #logDensity} allocates
 * nothing.
 */
public final class GaussianMixture implements LogDensity {

	private final int n, d;
	private final double[] logWeights;
	private final double[][] means;
	/** Inverse Cholesky factors, lower triangular, d x d row-major. */
	private final double[][] invChol;
	/** {@code log w_n - 1/2 log det(2 pi C_n)}. */
	private final double[] logConst;
	private final DMatrixRMaj[] covariances;

	/**
	 * @param logWeights unnormalized log weights, N values
	 * @param means N means of d values (copied)
	 * @param covariances N symmetric positive-definite d x d covariances (copied)
	 * @throws IllegalArgumentException if sizes disagree or a covariance is not positive definite
	 */
	public GaussianMixture(final double[] logWeights, final double[][] means, final DMatrixRMaj[] covariances) {
		n = logWeights.length;
		if (n == 0) throw new IllegalArgumentException("a Gaussian mixture needs at least one component");
		if (means.length != n || covariances.length != n)
			throw new IllegalArgumentException(n + " weights but " + means.length + " means and " + covariances.length + " covariances");
		d = means[0].length;
		this.logWeights = LogSpace.normalizeLog(logWeights, null);
		this.means = new double[n][];
		invChol = new double[n][];
		logConst = new double[n];
		this.covariances = new DMatrixRMaj[n];
		for (int c = 0; c < n; c++) {
			if (means[c].length != d || covariances[c].numRows != d || covariances[c].numCols != d)
				throw new IllegalArgumentException("component " + (c + 1) + " does not have dimension " + d);
			this.means[c] = means[c].clone();
			this.covariances[c] = covariances[c].copy();
			final CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(d, true);
			final DMatrixRMaj a = covariances[c].copy();
			if (!chol.decompose(a)) throw new IllegalArgumentException("covariance " + (c + 1) + " is not positive definite");
			final DMatrixRMaj l = chol.getT(null);
			double logDet = 0;
			for (int i = 0; i < d; i++) {
				final double li = l.get(i, i);
				if (!(li > 0)) throw new IllegalArgumentException("covariance " + (c + 1) + " is not positive definite");
				logDet += 2 * Math.log(li);
			}
			// Inverse of the lower-triangular factor by forward substitution, column by column.
			final double[] inv = new double[d * d];
			for (int col = 0; col < d; col++)
				for (int i = col; i < d; i++) {
					double s = i == col ? 1 : 0;
					for (int j = col; j < i; j++) s -= l.get(i, j) * inv[j * d + col];
					inv[i * d + col] = s / l.get(i, i);
				}
			invChol[c] = inv;
			logConst[c] = this.logWeights[c] - 0.5 * (logDet + d * Math.log(2 * Math.PI));
		}
	}

	@Override
	public int dimension() { return d; }

	/** Number of components. */
	public int size() { return n; }

	/** Normalized weight of component c. */
	public double weight(final int c) { return Math.exp(logWeights[c]); }

	/** Mean of component c (do not modify). */
	public double[] mean(final int c) { return means[c]; }

	/** Covariance of component c (a copy). */
	public DMatrixRMaj covariance(final int c) { return covariances[c].copy(); }

	/** Log of component c's weighted density {@code log(w_c N(x; mu_c, C_c))}. */
	public double componentLogDensity(final int c, final double[] x) {
		final double[] mu = means[c], inv = invChol[c];
		double q = 0;
		for (int i = 0; i < d; i++) {
			double t = 0;
			for (int j = 0; j <= i; j++) t += inv[i * d + j] * (x[j] - mu[j]);
			q += t * t;
		}
		return logConst[c] - 0.5 * q;
	}

	@Override
	public double logDensity(final double[] x) {
		double max = Double.NEGATIVE_INFINITY;
		for (int c = 0; c < n; c++) max = Math.max(max, componentLogDensity(c, x));
		if (max == Double.NEGATIVE_INFINITY) return max;
		double s = 0;
		for (int c = 0; c < n; c++) s += Math.exp(componentLogDensity(c, x) - max);
		return max + Math.log(s);
	}

	/** The mixture mean {@code sum w_c mu_c}. */
	public double[] mixtureMean() {
		final double[] m = new double[d];
		for (int c = 0; c < n; c++)
			for (int i = 0; i < d; i++) m[i] += weight(c) * means[c][i];
		return m;
	}

	/** The mixture covariance {@code sum w_c (C_c + mu_c mu_c^T) - mean mean^T}, d x d row-major. */
	public double[] mixtureCovariance() {
		final double[] m = mixtureMean();
		final double[] cov = new double[d * d];
		for (int c = 0; c < n; c++) {
			final double w = weight(c);
			for (int i = 0; i < d; i++)
				for (int j = 0; j < d; j++)
					cov[i * d + j] += w * (covariances[c].get(i, j) + (means[c][i] - m[i]) * (means[c][j] - m[j]));
		}
		return cov;
	}
}
