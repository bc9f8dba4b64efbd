package org.memfwi.core.posterior;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.memfwi.core.progress.Progress;
import org.memfwi.core.util.Seeds;

import org.junit.jupiter.api.Test;

/** The randomized eigensolver on operators of known spectrum. */
class RandomizedEigensolverTest {

	/** H = Q diag(values) Q^T with a seeded random orthonormal Q (rows of q). */
	private static double[][] basis(final int d, final long seed) {
		final double[][] q = new double[d][d];
		final SplittableRandom r = Seeds.stream(seed, 0);
		for (final double[] row : q)
			for (int i = 0; i < d; i++) row[i] = Seeds.gaussian(r);
		RandomizedEigensolver.orthonormalize(q, r);
		return q;
	}

	private static RandomizedEigensolver.SymmetricOperator op(final double[][] q, final double[] values) {
		return (v, out) -> {
			Arrays.fill(out, 0);
			for (int i = 0; i < q.length; i++) {
				final double c = values[i] * RandomizedEigensolver.dot(q[i], v);
				for (int j = 0; j < out.length; j++) out[j] += c * q[i][j];
			}
		};
	}

	private static void assertPairs(final double[][] q, final double[] values, final RandomizedEigensolver.Eigenpairs e,
		final double tol) {
		final int d = q.length;
		for (int i = 0; i < e.k(); i++) {
			assertEquals(values[i], e.values()[i], tol * values[0], "eigenvalue " + i);
			if (values[i] == 0) continue; // any direction of the null space will do
			final double[] v = Arrays.copyOfRange(e.vectors(), i * d, (i + 1) * d);
			assertEquals(1, Math.abs(RandomizedEigensolver.dot(v, q[i])), tol, "eigenvector " + i);
		}
	}

	@Test
	void exactWhenTheRankIsAtMostKPlusOversampling() {
		final int d = 40;
		final double[][] q = basis(d, 1);
		final double[] values = new double[d];
		for (int i = 0; i < 6; i++) values[i] = 10 - i; // rank 6
		final RandomizedEigensolver.Eigenpairs e = RandomizedEigensolver.topEigenpairs(op(q, values), d, 8, 4, 0, 7, Progress.NONE);
		assertPairs(q, values, e, 1e-12);
		assertEquals(0, e.values()[6], 1e-12);
		assertEquals(0, e.values()[7], 1e-12);
		// Orthonormal vectors even in the null space.
		for (int i = 0; i < 8; i++)
			for (int j = 0; j < 8; j++)
				assertEquals(i == j ? 1 : 0, RandomizedEigensolver.dot(Arrays.copyOfRange(e.vectors(), i * d, i * d + d),
					Arrays.copyOfRange(e.vectors(), j * d, j * d + d)), 1e-12);
	}

	@Test
	void accurateForADecayingSpectrumWithPowerIterations() {
		final int d = 60;
		final double[][] q = basis(d, 2);
		final double[] values = new double[d];
		for (int i = 0; i < d; i++) values[i] = Math.pow(10, -i / 4.0);
		final RandomizedEigensolver.Eigenpairs e = RandomizedEigensolver.topEigenpairs(op(q, values), d, 6, 10, 2, 3, Progress.NONE);
		assertPairs(q, values, e, 1e-9);
	}

	@Test
	void wholeSpaceIsExactAndDeterministic() {
		final int d = 7;
		final double[][] q = basis(d, 3);
		final double[] values = { 5, 4, 3, 2, 1, 0.5, 0.25 };
		final RandomizedEigensolver.Eigenpairs e = RandomizedEigensolver.topEigenpairs(op(q, values), d, 5, 10, 1, 1, Progress.NONE);
		assertPairs(q, values, e, 1e-13);
		final double[] values2 = new double[30];
		for (int i = 0; i < 30; i++) values2[i] = 1.0 / (1 + i * i);
		final RandomizedEigensolver.Eigenpairs a = RandomizedEigensolver.topEigenpairs(op(basis(30, 4), values2), 30, 3, 2, 1, 9,
			Progress.NONE);
		final RandomizedEigensolver.Eigenpairs b = RandomizedEigensolver.topEigenpairs(op(basis(30, 4), values2), 30, 3, 2, 1, 9,
			Progress.NONE);
		assertArrayEquals(a.values(), b.values(), 0);
		assertArrayEquals(a.vectors(), b.vectors(), 0);
	}
}
