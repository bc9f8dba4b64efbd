package org.memfwi.core.operator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.memfwi.core.posterior.Likelihood;
import org.memfwi.core.posterior.ReweightedPosterior;
import org.memfwi.core.prior.TrainingSet;
import org.memfwi.core.progress.Progress;
import org.memfwi.core.util.Parallel;

/**
 * The memoized operator returns the wrapped operator's data bit for bit, evaluates each distinct model once across
 * operators sharing a store (also from parallel callers), keeps at most its capacity, and leaves the Jacobian alone.
 */
class MemoizedForwardOperatorTest {

	/** Counts the wrapped operator's evaluations. */
	private static ForwardOperator counting(final ForwardOperator op, final AtomicInteger calls) {
		return new ForwardOperator() {
			@Override public int modelSize() { return op.modelSize(); }
			@Override public int dataSize() { return op.dataSize(); }
			@Override public double[] apply(final double[] x, final double[] out) {
				calls.incrementAndGet();
				return op.apply(x, out);
			}
			@Override public Linearization linearize(final double[] x) { return op.linearize(x); }
		};
	}

	private static double[][] models(final int n, final int d) {
		final double[][] x = new double[n][d];
		for (int k = 0; k < n; k++)
			for (int j = 0; j < d; j++) x[k][j] = Math.sin(1.7 * k + 0.3 * j) + 0.01 * k * j;
		return x;
	}

	@Test
	void sameDataAndOneEvaluationPerModelAcrossOperatorsSharingAStore() {
		final ForwardOperator plain = TestOperators.smooth(12, 9, 5);
		final AtomicInteger calls = new AtomicInteger();
		final MemoizedForwardOperator.Store store = new MemoizedForwardOperator.Store(100);
		final MemoizedForwardOperator first = new MemoizedForwardOperator(counting(plain, calls), store);
		final MemoizedForwardOperator second = new MemoizedForwardOperator(counting(plain, calls), store);
		final double[][] x = models(20, 12);
		for (final double[] m : x) assertArrayEquals(plain.apply(m, null), first.apply(m, null), 0);
		assertEquals(20, calls.get());
		for (final double[] m : x) {
			final double[] out = new double[9];
			assertArrayEquals(plain.apply(m, null), second.apply(m, out), 0);
		}
		assertEquals(20, calls.get(), "the second operator evaluated models the first had evaluated");
		assertEquals(20, store.hits());
		assertEquals(20, store.misses());
		// a changed model is a new model; the caller's array is copied, so changing it afterwards changes nothing
		final double[] m = x[3].clone();
		final double[] before = first.apply(m, null);
		m[0] += 1e-12;
		first.apply(m, null);
		assertEquals(21, store.misses());
		assertEquals(21, calls.get());
		final double[] again = first.apply(x[3], null);
		assertArrayEquals(before, again, 0);
		assertNotSame(again, first.apply(x[3], null), "each call returns its own array");
	}

	@Test
	void reweightedPosteriorFromRememberedDataIsIdentical() {
		final ForwardOperator plain = TestOperators.smooth(10, 8, 2);
		final double[][] x = models(30, 10);
		final TrainingSet set = TrainingSet.of(x);
		final double[] data = plain.apply(x[7], null);
		final AtomicInteger calls = new AtomicInteger();
		final MemoizedForwardOperator.Store store = new MemoizedForwardOperator.Store(64);
		final double[] direct = ReweightedPosterior.logLikelihoods(new Likelihood(plain, data, 0.1), set, 2, Progress.NONE);
		final double[] once = ReweightedPosterior.logLikelihoods(new Likelihood(new MemoizedForwardOperator(counting(plain, calls),
			store), data, 0.1), set, Parallel.threads(2), Progress.NONE);
		final double[] twice = ReweightedPosterior.logLikelihoods(new Likelihood(new MemoizedForwardOperator(counting(plain, calls),
			store), data, 0.1), set, 2, Progress.NONE);
		assertArrayEquals(direct, once, 0);
		assertArrayEquals(direct, twice, 0);
		assertEquals(30, calls.get());
	}

	@Test
	void keepsAtMostItsCapacityAndPassesTheJacobianThrough() {
		final ForwardOperator plain = TestOperators.smooth(6, 4, 9);
		final AtomicInteger calls = new AtomicInteger();
		final MemoizedForwardOperator op = new MemoizedForwardOperator(counting(plain, calls), new MemoizedForwardOperator.Store(3));
		final double[][] x = models(5, 6);
		for (final double[] m : x) op.apply(m, null);
		assertEquals(3, op.store().size());
		op.apply(x[0], null); // dropped: evaluated again
		assertEquals(6, calls.get());
		op.apply(x[4], null); // still held
		assertEquals(6, calls.get());
		final double[] v = { 1, -2, 0.5, 0, 3, 1 };
		assertArrayEquals(plain.linearize(x[1]).jacobianTimes(v, null), op.linearize(x[1]).jacobianTimes(v, null), 0);
		assertThrows(IllegalArgumentException.class, () -> new MemoizedForwardOperator.Store(0));
	}

	@Test
	void refusesAStoreHoldingAnotherOperatorsData() {
		final MemoizedForwardOperator.Store store = new MemoizedForwardOperator.Store(8);
		final double[] m = models(1, 6)[0];
		new MemoizedForwardOperator(TestOperators.smooth(6, 4, 1), store).apply(m, null);
		assertThrows(IllegalStateException.class, () -> new MemoizedForwardOperator(TestOperators.smooth(6, 5, 1), store).apply(m, null));
	}
}
