package org.memfwi.core.posterior;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.memfwi.core.progress.Progress;
import org.memfwi.core.util.Seeds;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The leading eigenpairs of a symmetric positive semi-definite d x d operator known only through products
 * {@code v -> H v} (e.g. a Gauss-Newton Hessian {@code J^T J / gamma^2} from one Jacobian and one adjoint product),
 * by the randomized range finder with power iterations and a Rayleigh-Ritz step (Halko, Martinsson and Tropp, 2011,
 * Algorithms 4.4 and 5.3): {@code (q + 2) l} products with {@code l = min(k + p, d)} (rank k, oversampling p, q power
 * iterations). Exact (to rounding) when H has rank at most l, and when {@code l = d} (then the unit vectors are used,
 * with no randomness). Memory: 2 l d doubles.
 */
public final class RandomizedEigensolver {

	/** A symmetric positive semi-definite operator on R^d. */
	public interface SymmetricOperator {
		/** {@code out = H v}; v not modified; out has d values and is not v. */
		void apply(double[] v, double[] out);
	}

	/** Eigenpairs by decreasing eigenvalue. */
	public static final class Eigenpairs {
		private final double[] values;
		private final double[] vectors;
		private final int k, d;

		Eigenpairs(final double[] values, final double[] vectors, final int d) {
			this.values = values;
			this.vectors = vectors;
			this.k = values.length;
			this.d = d;
		}

		/** k eigenvalues, decreasing, non-negative. */
		public double[] values() { return values; }

		/** k orthonormal eigenvectors, row i = vector i (k x d, row-major). */
		public double[] vectors() { return vectors; }

		public int k() { return k; }

		public int d() { return d; }
	}

	private RandomizedEigensolver() {}

	/**
	 * The top-{@code k} eigenpairs of H.
	 *
	 * @param h the operator (called {@code (power + 2) * min(k + oversampling, d)} times)
	 * @param d its dimension
	 * @param k number of eigenpairs, 1..d (larger values are reduced to d)
	 * @param oversampling extra random directions p (e.g. 10)
	 * @param power power iterations q (e.g. 1; more for slowly decaying spectra)
	 * @param seed random seed (the same seed gives the same result)
	 * @param progress cancel checked between products; may be {@link Progress#NONE}
	 */
	public static Eigenpairs topEigenpairs(final SymmetricOperator h, final int d, final int k, final int oversampling,
		final int power, final long seed, final Progress progress) {
		if (d < 1) throw new IllegalArgumentException("dimension d must be at least 1, got " + d);
		if (k < 1) throw new IllegalArgumentException("rank k must be at least 1, got " + k);
		if (oversampling < 0) throw new IllegalArgumentException("oversampling must not be negative, got " + oversampling);
		if (power < 0) throw new IllegalArgumentException("power iterations must not be negative, got " + power);
		final int kk = Math.min(k, d);
		final int l = (int) Math.min((long) kk + oversampling, d);
		final SplittableRandom rnd = Seeds.stream(seed, 0x5EEDL);
		double[][] q = new double[l][d];
		double[][] z = new double[l][d];
		if (l == d) {
			for (int j = 0; j < d; j++) q[j][j] = 1; // the whole space: exact Rayleigh-Ritz
		}
		else {
			for (int j = 0; j < l; j++) {
				for (int i = 0; i < d; i++) z[j][i] = Seeds.gaussian(rnd);
				progress.checkCanceled();
				h.apply(z[j], q[j]);
			}
			for (int it = 0; it < power; it++) {
				orthonormalize(q, rnd);
				for (int j = 0; j < l; j++) {
					progress.checkCanceled();
					h.apply(q[j], z[j]);
				}
				final double[][] t = q;
				q = z;
				z = t;
			}
			orthonormalize(q, rnd);
		}
		for (int j = 0; j < l; j++) {
			progress.checkCanceled();
			h.apply(q[j], z[j]);
		}
		// Rayleigh-Ritz: B = Q^T H Q, symmetrized.
		final DMatrixRMaj b = new DMatrixRMaj(l, l);
		for (int i = 0; i < l; i++)
			for (int j = 0; j <= i; j++) {
				final double v = 0.5 * (dot(q[i], z[j]) + dot(q[j], z[i]));
				b.unsafe_set(i, j, v);
				b.unsafe_set(j, i, v);
			}
		final Eigenpairs small = symmetric(b, kk, "the projected Hessian");
		final double[] vectors = new double[kk * d];
		for (int r = 0; r < kk; r++)
			for (int j = 0; j < l; j++) {
				final double c = small.vectors[r * l + j];
				if (c == 0) continue;
				final double[] qj = q[j];
				for (int x = 0; x < d; x++) vectors[r * d + x] += c * qj[x];
			}
		final double[] values = small.values;
		return new Eigenpairs(values, vectors, d);
	}

	/**
	 * The top-k eigenpairs of a dense symmetric positive semi-definite matrix by EJML, eigenvalues decreasing and
	 * clipped at 0, eigenvectors normalized (rows of a k x n array).
	 *
	 * @param a n x n, symmetric; overwritten
	 * @param what names the matrix in the error message
	 */
	static Eigenpairs symmetric(final DMatrixRMaj a, final int k, final String what) {
		final int n = a.numRows;
		final EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, true, true);
		if (!eig.decompose(a)) throw new IllegalStateException("the eigen-decomposition of " + what + " failed");
		final Integer[] order = new Integer[n];
		final double[] ev = new double[n];
		for (int i = 0; i < n; i++) {
			order[i] = i;
			ev[i] = eig.getEigenvalue(i).getReal();
		}
		Arrays.sort(order, (x, y) -> Double.compare(ev[y], ev[x]));
		final double[] values = new double[k], vectors = new double[k * n];
		for (int r = 0; r < k; r++) {
			values[r] = Math.max(0, ev[order[r]]);
			final DMatrixRMaj u = eig.getEigenVector(order[r]);
			double norm = 0;
			for (int j = 0; j < n; j++) norm += u.get(j) * u.get(j);
			norm = Math.sqrt(norm);
			for (int j = 0; j < n; j++) vectors[r * n + j] = u.get(j) / norm;
		}
		return new Eigenpairs(values, vectors, n);
	}

	/**
	 * Orthonormalizes the rows in place by Gram-Schmidt applied twice; a row that is (numerically) dependent on the
	 * previous ones is replaced by a random direction.
	 */
	static void orthonormalize(final double[][] rows, final SplittableRandom rnd) {
		final int d = rows[0].length;
		for (int j = 0; j < rows.length; j++) {
			final double[] v = rows[j];
			double before = Math.sqrt(dot(v, v));
			for (int attempt = 0; ; attempt++) {
				for (int pass = 0; pass < 2; pass++)
					for (int i = 0; i < j; i++) {
						final double c = dot(rows[i], v);
						final double[] qi = rows[i];
						for (int x = 0; x < d; x++) v[x] -= c * qi[x];
					}
				final double norm = Math.sqrt(dot(v, v));
				if (norm > 1e-10 * before && norm > 0) {
					for (int x = 0; x < d; x++) v[x] /= norm;
					break;
				}
				if (attempt > 10) throw new IllegalStateException("cannot find " + rows.length + " independent directions in R^" + d);
				for (int x = 0; x < d; x++) v[x] = Seeds.gaussian(rnd);
				before = Math.sqrt(dot(v, v));
			}
		}
	}

	static double dot(final double[] a, final double[] b) {
		double s = 0;
		for (int i = 0; i < a.length; i++) s += a[i] * b[i];
		return s;
	}
}
