package org.memfwi.core.posterior;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.memfwi.core.operator.Linearization;
import org.memfwi.core.prior.MemorizedPrior;
import org.memfwi.core.progress.Progress;
import org.memfwi.core.util.Memory;
import org.memfwi.core.util.Seeds;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * One component of the linearized Gaussian-mixture posterior (DESIGN.md section 1, the paper's Eq. 7): the forward
 * operator linearized at a training model {@code x_n}, with {@code J = dF/dx(x_n)}, {@code r = y - F(x_n)},
 * {@code H = J^T J / gamma^2 = V diag(lambda) V^T} and {@code g = J^T r / gamma^2}. At any prior noise level sigma the
 * component is {@code N(mu, S)} with {@code S = (I / sigma^2 + H)^-1 = sigma^2 (I - V V^T) + V diag(sigma^2 /
 * (1 + sigma^2 lambda)) V^T}, {@code mu = x_n + S g}, and unnormalized log weight {@link WeightSpectrum#logWeight}.
 * <p>
 * The eigenpairs come either from the dense Jacobian ({@code rank = 0}: all d pairs, exact, EJML; for small d) or
 * matrix-free from Jacobian and adjoint products ({@code rank = k}: the top k pairs by a randomized eigensolver;
 * directions outside them keep the prior variance sigma^2, so the covariance is exact when H has rank at most k and
 * otherwise too large in the directions left out). Memory: (k + 2) d doubles.
 */
public final class LinearizedComponent {

	private final WeightSpectrum spectrum;
	private final double[] x;
	private final double[] g;
	/** k x d row-major orthonormal eigenvectors. */
	private final double[] v;
	private final int d, k;
	/** True when the eigenvectors span R^d (then {@code I - V V^T = 0} exactly). */
	private final boolean complete;
	/** True for a component that was not linearized: a point mass at x_n (the sigma -> 0 limit), see {@link #point}. */
	private final boolean point;

	private LinearizedComponent(final WeightSpectrum spectrum, final double[] x, final double[] g, final double[] v,
		final boolean complete, final boolean point) {
		this.spectrum = spectrum;
		this.x = x;
		this.g = g;
		this.v = v;
		this.d = x.length;
		this.k = spectrum.lambda.length;
		this.complete = complete;
		this.point = point;
	}

	/**
	 * A training model that is not linearized: the component is a point mass at {@code x_n} with the log weight of the
	 * reweighted training set, {@code -misfit / 2}, at every sigma (its sigma -> 0 limit, on the same scale as the
	 * linearized components' weights). Used for the training models far from the data when only the best ones are
	 * linearized.
	 *
	 * @param x the training model, d values, copied
	 * @param misfit {@code ||y - F(x_n)||^2 / gamma^2}
	 */
	public static LinearizedComponent point(final int index, final double[] x, final double misfit) {
		if (!(misfit >= 0)) throw new IllegalArgumentException("the misfit of training model " + (index + 1) + " is " + misfit);
		return new LinearizedComponent(new WeightSpectrum(index, misfit, new double[0], new double[0], 0), x.clone(), null,
			new double[0], false, true);
	}

	/**
	 * Linearizes the forward operator at a training model and computes the Hessian's eigenpairs.
	 *
	 * @param lik operator, data and noise level
	 * @param x the training model x_n, d values, copied
	 * @param index its training index (0-based), kept for reference and seeding
	 * @param rank 0 for the dense exact path; k > 0 for the top-k eigenpairs from Jacobian and adjoint products
	 * @param oversampling extra random directions of the randomized eigensolver (rank > 0)
	 * @param power power iterations of the randomized eigensolver (rank > 0)
	 * @param seed random seed; component n uses the stream (seed, n), so results do not depend on threads
	 * @param progress cancel is checked between operator products
	 */
	public static LinearizedComponent linearize(final Likelihood lik, final double[] x, final int index, final int rank,
		final int oversampling, final int power, final long seed, final Progress progress) {
		final int d = lik.modelSize(), m = lik.dataSize();
		if (x.length != d) throw new IllegalArgumentException("training model " + (index + 1) + " has " + x.length +
			" values but the forward operator expects " + d);
		if (rank < 0) throw new IllegalArgumentException("rank must be 0 (dense) or a positive number of eigenpairs, got " + rank);
		final double gamma2 = lik.gamma() * lik.gamma();
		try (Linearization lin = lik.operator().linearize(x)) {
			final double[] r = lik.residual(lin.value(), null);
			final double misfit = lik.misfit(lin.value());
			final double[] g = lin.adjointTimes(r, null);
			for (int i = 0; i < d; i++) g[i] /= gamma2;
			final double[] lambda, vec;
			if (rank == 0) {
				Memory.require(8L * (3L * d * d + (long) m * d), "the dense linearized posterior (d = " + d + ")",
					"use the matrix-free path (rank = a few tens)");
				final DMatrixRMaj jac = lin.jacobian();
				final DMatrixRMaj h = new DMatrixRMaj(d, d);
				CommonOps_DDRM.multTransA(jac, jac, h);
				CommonOps_DDRM.divide(h, gamma2);
				final RandomizedEigensolver.Eigenpairs e = RandomizedEigensolver.symmetric(h, d, "J^T J at training model " + (index + 1));
				lambda = e.values();
				vec = e.vectors();
			}
			else {
				final double[] tmp = new double[m];
				final RandomizedEigensolver.Eigenpairs e = RandomizedEigensolver.topEigenpairs((in, out) -> {
					lin.jacobianTimes(in, tmp);
					lin.adjointTimes(tmp, out);
					for (int i = 0; i < out.length; i++) out[i] /= gamma2;
				}, d, rank, oversampling, power, Seeds.stream(seed, index).nextLong(), progress);
				lambda = e.values();
				vec = e.vectors();
			}
			final int kk = lambda.length;
			final double[] proj = new double[kk];
			double p2 = 0;
			for (int i = 0; i < kk; i++) {
				double s = 0;
				for (int j = 0; j < d; j++) s += vec[i * d + j] * g[j];
				proj[i] = s;
				p2 += s * s;
			}
			final boolean complete = kk == d;
			final double gPerp2 = complete ? 0 : RandomizedEigensolver.dot(g, g) - p2;
			return new LinearizedComponent(new WeightSpectrum(index, misfit, lambda, proj, gPerp2), x.clone(), g, vec, complete, false);
		}
	}

	/**
	 * A component from eigenpairs computed elsewhere, e.g. shared by every component of a linear operator
	 * ({@link LinearMixturePosterior}): the arrays are kept, not copied (memory (2 + k/N) d per component).
	 *
	 * @param x the training model x_n, d values, kept
	 * @param misfit {@code ||y - F(x_n)||^2 / gamma^2}
	 * @param g {@code J^T (y - F(x_n)) / gamma^2}, d values, kept
	 * @param lambda the k eigenvalues of {@code J^T J / gamma^2}, decreasing, kept
	 * @param vectors their orthonormal eigenvectors, k x d row-major, kept
	 */
	public static LinearizedComponent withEigenpairs(final int index, final double[] x, final double misfit, final double[] g,
		final double[] lambda, final double[] vectors) {
		final int d = x.length, kk = lambda.length;
		if (g.length != d || vectors.length != (long) kk * d) throw new IllegalArgumentException("component " + (index + 1) + ": " +
			"the gradient has " + g.length + " values and the eigenvectors " + vectors.length + ", expected " + d + " and " + kk + " x " + d);
		final double[] proj = new double[kk];
		double p2 = 0;
		for (int i = 0; i < kk; i++) {
			double s = 0;
			for (int j = 0; j < d; j++) s += vectors[i * d + j] * g[j];
			proj[i] = s;
			p2 += s * s;
		}
		final boolean complete = kk == d;
		final double gPerp2 = complete ? 0 : Math.max(0, RandomizedEigensolver.dot(g, g) - p2);
		return new LinearizedComponent(new WeightSpectrum(index, misfit, lambda, proj, gPerp2), x, g, vectors, complete, false);
	}

	/** The sigma-independent numbers that give this component's weight at any sigma. */
	public WeightSpectrum spectrum() { return spectrum; }

	/** Training index (0-based). */
	public int index() { return spectrum.index(); }

	/** The training model x_n (d values; do not modify). */
	public double[] model() { return x; }

	/** Model dimension d. */
	public int dimension() { return d; }

	/** Number of eigenpairs k (d for the dense path, 0 for a {@link #point}). */
	public int rank() { return k; }

	/** False for a {@link #point} component, which was not linearized. */
	public boolean isLinearized() { return !point; }

	/** The unnormalized log weight at noise level sigma, with the log-determinant term. */
	public double logWeight(final double sigma) {
		return spectrum.logWeight(sigma);
	}

	/**
	 * {@code out = S u} at noise level sigma.
	 *
	 * @param u d values, not modified
	 * @param out d values, filled and returned; allocated when null; not u
	 */
	public double[] covarianceTimes(final double sigma, final double[] u, final double[] out) {
		MemorizedPrior.checkSigma(sigma);
		final double s2 = sigma * sigma;
		final double[] o = out != null ? out : new double[d];
		if (point) {
			Arrays.fill(o, 0, d, 0);
			return o;
		}
		if (complete) Arrays.fill(o, 0, d, 0);
		else for (int j = 0; j < d; j++) o[j] = s2 * u[j];
		for (int i = 0; i < k; i++) {
			double c = 0;
			for (int j = 0; j < d; j++) c += v[i * d + j] * u[j];
			// complete: add sigma^2 e_i c v_i; otherwise replace the prior part sigma^2 c v_i by it.
			final double e = s2 / (1 + s2 * spectrum.lambda[i]);
			final double a = complete ? e * c : (e - s2) * c;
			for (int j = 0; j < d; j++) o[j] += a * v[i * d + j];
		}
		return o;
	}

	/** The component mean {@code mu = x_n + S g} (d values, model units), filled into out (allocated when null). */
	public double[] mean(final double sigma, final double[] out) {
		final double[] o = covarianceTimes(sigma, g, out);
		for (int j = 0; j < d; j++) o[j] += x[j];
		return o;
	}

	/**
	 * The shift {@code mu - x_n = S g} of the component mean from its training model (d values, model units): what the
	 * data move the training model by, e.g. shown as an image for the leading components.
	 */
	public double[] shift(final double sigma, final double[] out) {
		return covarianceTimes(sigma, g, out);
	}

	/** The diagonal of S (d values, model units squared), filled into out (allocated when null). */
	public double[] covarianceDiagonal(final double sigma, final double[] out) {
		MemorizedPrior.checkSigma(sigma);
		final double s2 = sigma * sigma;
		final double[] o = out != null ? out : new double[d];
		Arrays.fill(o, 0, d, 0);
		if (point) return o;
		final double[] vv = complete ? null : new double[d];
		for (int i = 0; i < k; i++) {
			final double e = s2 / (1 + s2 * spectrum.lambda[i]);
			for (int j = 0; j < d; j++) {
				final double t = v[i * d + j] * v[i * d + j];
				o[j] += e * t;
				if (vv != null) vv[j] += t;
			}
		}
		if (vv != null) for (int j = 0; j < d; j++) o[j] += s2 * Math.max(0, 1 - vv[j]);
		return o;
	}

	/** The dense covariance S, d x d (for small d only). */
	public DMatrixRMaj covariance(final double sigma) {
		Memory.require(8L * d * d, "a dense " + d + " x " + d + " covariance", "use covarianceDiagonal for large models");
		final DMatrixRMaj s = new DMatrixRMaj(d, d);
		final double[] u = new double[d], col = new double[d];
		for (int j = 0; j < d; j++) {
			u[j] = 1;
			covarianceTimes(sigma, u, col);
			u[j] = 0;
			for (int i = 0; i < d; i++) s.unsafe_set(i, j, col[i]);
		}
		// Symmetrize rounding.
		for (int i = 0; i < d; i++)
			for (int j = 0; j < i; j++) {
				final double a = 0.5 * (s.unsafe_get(i, j) + s.unsafe_get(j, i));
				s.unsafe_set(i, j, a);
				s.unsafe_set(j, i, a);
			}
		return s;
	}

	/**
	 * A draw from {@code N(mu, S)}: {@code mu + S^(1/2) z} with z standard normal from {@code rnd}.
	 *
	 * @param out d values, filled and returned; allocated when null
	 */
	public double[] sample(final double sigma, final SplittableRandom rnd, final double[] out) {
		final double[] o = mean(sigma, out);
		if (point) return o;
		final double[] z = new double[d];
		for (int j = 0; j < d; j++) z[j] = Seeds.gaussian(rnd);
		// S^(1/2) z = sigma z - sum_i sigma (1 - 1/sqrt(1 + sigma^2 lambda_i)) (v_i . z) v_i.
		for (int j = 0; j < d; j++) o[j] += sigma * z[j];
		for (int i = 0; i < k; i++) {
			double c = 0;
			for (int j = 0; j < d; j++) c += v[i * d + j] * z[j];
			final double a = sigma * (1 - 1 / Math.sqrt(1 + sigma * sigma * spectrum.lambda[i])) * c;
			for (int j = 0; j < d; j++) o[j] -= a * v[i * d + j];
		}
		return o;
	}
}
