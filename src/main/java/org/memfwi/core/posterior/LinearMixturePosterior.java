package org.memfwi.core.posterior;

import java.util.concurrent.atomic.AtomicInteger;

import org.memfwi.core.operator.ForwardOperator;
import org.memfwi.core.operator.Linearization;
import org.memfwi.core.prior.TrainingSet;
import org.memfwi.core.progress.Progress;
import org.memfwi.core.util.Memory;
import org.memfwi.core.util.Parallel;

import org.ejml.data.DMatrixRMaj;

/**
 * The Gaussian-mixture posterior of a memorized prior under a linear (or affine) forward operator
 * {@code F(x) = F(0) + B x}, e.g. the Born operator over reflectivity: every component has the same Hessian
 * {@code H = B^T B / gamma^2}, so its eigenpairs are computed once for the whole training set and shared, and each
 * component costs one product B x_n (its misfit) and one adjoint B^T r_n (its gradient), never a dense Jacobian. The
 * mixture is the exact posterior (to the operator's rounding) when all d eigenpairs are kept: {@code rank = 0} builds H
 * column by column from d products {@code B^T B e_j} (memory d^2 doubles, no m x d matrix) and decomposes it densely;
 * {@code rank = k} keeps the top k from a randomized eigensolver ({@code 4 (k + oversampling)} products with one power
 * iteration), directions beyond them keeping the prior variance, as {@link LinearizedComponent} documents. The
 * components are those of {@link LinearizedPosterior} (same weights, means and covariances); only their cost differs.
 */
public final class LinearMixturePosterior {

	/** The shared part: the operator's linearization, the data, and the eigenpairs of {@code B^T B / gamma^2}. */
	public static final class Shared {
		private final Linearization lin;
		private final double[] y;
		private final double gamma;
		private final double[] lambda, vectors;
		private final int d;

		private Shared(final Linearization lin, final double[] y, final double gamma, final double[] lambda, final double[] vectors,
			final int d) {
			this.lin = lin;
			this.y = y;
			this.gamma = gamma;
			this.lambda = lambda;
			this.vectors = vectors;
			this.d = d;
		}

		/** Number of eigenpairs kept (d when exact). */
		public int rank() { return lambda.length; }

		/** True when every eigenpair is kept, so the mixture is the exact posterior. */
		public boolean isExact() { return lambda.length == d; }

		/** The eigenvalues of {@code B^T B / gamma^2}, decreasing (do not modify). */
		public double[] eigenvalues() { return lambda; }

		/**
		 * The components of the training models {@code 0..n-1} (training order), each from one product and one adjoint.
		 *
		 * @param threads training models at a time (0 = all processors)
		 * @param progress fraction over the models; cancel checked per model
		 */
		public LinearizedComponent[] components(final TrainingSet training, final int n, final int threads, final Progress progress) {
			if (training.dimension() != d) throw new IllegalArgumentException("the training models have " + training.dimension() +
				" values but the operator expects " + d);
			if (n < 1 || n > training.size()) throw new IllegalArgumentException("n = " + n + " training models asked, the set has " +
				training.size());
			Memory.require(16L * n * d, n + " components of " + d + " unknowns (model and gradient each)", "use fewer training models");
			final LinearizedComponent[] out = new LinearizedComponent[n];
			final double gamma2 = gamma * gamma;
			final double[] f0 = lin.value();
			final AtomicInteger done = new AtomicInteger();
			Parallel.forEach(n, threads, j -> {
				progress.checkCanceled();
				final double[] x = training.copy(j, null);
				final double[] r = lin.jacobianTimes(x, null);
				double misfit = 0;
				for (int i = 0; i < r.length; i++) {
					r[i] = y[i] - f0[i] - r[i];
					misfit += r[i] * r[i];
				}
				final double[] g = lin.adjointTimes(r, null);
				for (int i = 0; i < d; i++) g[i] /= gamma2;
				out[j] = LinearizedComponent.withEigenpairs(j, x, misfit / gamma2, g, lambda, vectors);
				progress.fraction(done.incrementAndGet() / (double) n);
			});
			return out;
		}

		/**
		 * The components without any wave run, for the exact (complete) eigenbasis and misfits known already (e.g. from
		 * the reweighted posterior's forward runs): {@code g_n = c - H x_n} with {@code c = B^T (y - F(0)) / gamma^2} (one
		 * adjoint, on first call) and {@code H = V diag(lambda) V^T}, O(d^2) per model. Equal to {@link #components} up
		 * to the rounding of H (LinearMixturePosteriorTest).
		 *
		 * @param misfits {@code ||y - F(x_n)||^2 / gamma^2} of the training models 0..n-1 (at least n values)
		 * @throws IllegalStateException if the eigenbasis is not complete (rank < d)
		 */
		public LinearizedComponent[] components(final TrainingSet training, final int n, final double[] misfits, final int threads,
			final Progress progress) {
			if (!isExact()) throw new IllegalStateException("components from misfits need all " + d + " eigenpairs, not " + rank());
			if (training.dimension() != d || n < 1 || n > training.size() || misfits.length < n) throw new IllegalArgumentException(
				"need " + n + " training models of " + d + " values and their misfits; got " + training.size() + " of " +
					training.dimension() + " and " + misfits.length + " misfits");
			final double[] c = dataGradient();
			final LinearizedComponent[] out = new LinearizedComponent[n];
			final int k = lambda.length;
			Parallel.forEach(n, threads, j -> {
				progress.checkCanceled();
				final double[] x = training.copy(j, null);
				final double[] g = c.clone();
				for (int i = 0; i < k; i++) {
					double a = 0;
					for (int q = 0; q < d; q++) a += vectors[i * d + q] * x[q];
					a *= lambda[i];
					for (int q = 0; q < d; q++) g[q] -= a * vectors[i * d + q];
				}
				out[j] = LinearizedComponent.withEigenpairs(j, x, misfits[j], g, lambda, vectors);
			});
			return out;
		}

		private double[] dataGradient;

		/** {@code B^T (y - F(0)) / gamma^2}, computed once. */
		private synchronized double[] dataGradient() {
			if (dataGradient == null) {
				final double[] f0 = lin.value(), r = new double[y.length];
				for (int i = 0; i < r.length; i++) r[i] = y[i] - f0[i];
				dataGradient = lin.adjointTimes(r, null);
				for (int i = 0; i < d; i++) dataGradient[i] /= gamma * gamma;
			}
			return dataGradient;
		}
	}

	private LinearMixturePosterior() {}

	/**
	 * Linearizes the operator once (at zero) and computes the eigenpairs of {@code B^T B / gamma^2}.
	 *
	 * @param op a linear or affine operator (its Jacobian must not depend on the model)
	 * @param y observed data, not copied (do not modify while in use)
	 * @param gamma data noise standard deviation, data units
	 * @param rank 0 = all d eigenpairs from the dense H (exact); k > 0 = the top k, randomized
	 * @param threads products at a time for the dense H (0 = all); the randomized eigensolver calls one at a time
	 * @param progress fraction over the products; cancel checked between them
	 */
	public static Shared shared(final ForwardOperator op, final double[] y, final double gamma, final int rank, final int oversampling,
		final int power, final long seed, final int threads, final Progress progress) {
		final int d = op.modelSize();
		if (y.length != op.dataSize()) throw new IllegalArgumentException("the data have " + y.length + " values, the operator " +
			op.dataSize());
		if (!(gamma > 0) || Double.isInfinite(gamma)) throw new IllegalArgumentException("noise (gamma) must be positive, got " + gamma);
		if (rank < 0) throw new IllegalArgumentException("rank must be 0 (dense, exact) or a positive number of eigenpairs, got " + rank);
		final double gamma2 = gamma * gamma;
		final Linearization lin = op.linearize(new double[d]);
		final RandomizedEigensolver.Eigenpairs e;
		if (rank == 0 || rank >= d) {
			Memory.require(8L * 3 * d * d, "the dense " + d + " x " + d + " Hessian B^T B and its eigenvectors", "give rank=k " +
				"(the top k eigenpairs, randomized) or use a smaller grid");
			final DMatrixRMaj h = new DMatrixRMaj(d, d);
			final AtomicInteger done = new AtomicInteger();
			Parallel.forEach(d, threads, j -> {
				progress.checkCanceled();
				final double[] u = new double[d];
				u[j] = 1;
				final double[] col = lin.adjointTimes(lin.jacobianTimes(u, null), null);
				for (int i = 0; i < d; i++) h.unsafe_set(i, j, col[i] / gamma2);
				progress.fraction(done.incrementAndGet() / (double) d);
			});
			for (int i = 0; i < d; i++)
				for (int j = 0; j < i; j++) {
					final double a = 0.5 * (h.unsafe_get(i, j) + h.unsafe_get(j, i));
					h.unsafe_set(i, j, a);
					h.unsafe_set(j, i, a);
				}
			e = RandomizedEigensolver.symmetric(h, d, "B^T B");
		}
		else {
			final double[] tmp = new double[op.dataSize()];
			e = RandomizedEigensolver.topEigenpairs((in, out) -> {
				lin.jacobianTimes(in, tmp);
				lin.adjointTimes(tmp, out);
				for (int i = 0; i < out.length; i++) out[i] /= gamma2;
			}, d, rank, oversampling, power, seed, progress);
		}
		return new Shared(lin, y, gamma, e.values(), e.vectors(), d);
	}

	/**
	 * The whole posterior: {@link #shared}, then every training model's component, combined by
	 * {@link LinearizedPosterior#combine} ({@code s.linearize} is not used: with a shared Hessian every component is cheap).
	 *
	 * @param threads products at a time (0 = all)
	 */
	public static LinearizedPosterior.Result compute(final ForwardOperator op, final double[] y, final double gamma,
		final TrainingSet training, final LinearizedPosterior.Settings s, final int threads, final Progress progress) {
		s.validate();
		final int d = op.modelSize();
		progress.status(s.rank == 0 || s.rank >= d ? "Linear posterior: the dense Hessian B^T B (" + d + " products)" :
			"Linear posterior: the top " + s.rank + " eigenpairs of B^T B (randomized)");
		final Shared sh = shared(op, y, gamma, s.rank, s.oversampling, s.power, s.seed, threads, progress.range(0, 0.6));
		progress.status("Linear posterior: " + training.size() + " components (one product and one adjoint each)");
		final LinearizedComponent[] c = sh.components(training, training.size(), threads, progress.range(0.6, 1));
		return LinearizedPosterior.combine(c, s.sigma, s.keep, s.samples, s.seed, s.weights);
	}
}
