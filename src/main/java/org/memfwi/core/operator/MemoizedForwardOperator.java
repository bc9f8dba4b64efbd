package org.memfwi.core.operator;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A forward operator that remembers {@code F(x)} for the models it has been applied to, so that a pipeline that
 * evaluates the same models several times (the demo's reweighted, linearized and DPS posteriors all start by applying
 * F to the same N training models) solves the wave equation once per model. The data returned are the wrapped
 * operator's, bit for bit; the Jacobian ({@link #linearize}) is not cached. A model is recognized by its exact values.
 * <p>
 * Thread-safe like the wrapped operator: concurrent calls may both miss and evaluate the same model (the second result
 * is the same and replaces the first). The results live in a {@link Store}, which several operators may share.
 */
public final class MemoizedForwardOperator implements ForwardOperator {

	/**
	 * The remembered results, shareable between operators that compute the same {@code F} (e.g. the same solver built
	 * with different thread counts): at most {@code capacity} models, the least recently used dropped.
	 */
	public static final class Store {
		private final Map<Key, double[]> cache;
		private long hits, misses;

		/**
		 * An empty store for at most {@code capacity} results.
		 *
		 * @throws IllegalArgumentException if capacity is below 1
		 */
		public Store(final int capacity) {
			if (capacity < 1) throw new IllegalArgumentException("capacity must be at least 1 model, got " + capacity);
			cache = new LinkedHashMap<Key, double[]>(16, 0.75f, true) {
				private static final long serialVersionUID = 1L;

				@Override
				protected boolean removeEldestEntry(final Map.Entry<Key, double[]> eldest) {
					return size() > capacity;
				}
			};
		}

		synchronized double[] get(final Key k) {
			final double[] fx = cache.get(k);
			if (fx != null) hits++;
			else misses++;
			return fx;
		}

		synchronized void put(final Key k, final double[] fx) {
			cache.put(k, fx);
		}

		/** Number of evaluations answered from memory. */
		public synchronized long hits() { return hits; }

		/** Number of evaluations of the wrapped operators. */
		public synchronized long misses() { return misses; }

		/** Number of results held. */
		public synchronized int size() { return cache.size(); }
	}

	private final ForwardOperator op;
	private final Store store;

	/** Wraps {@code op}, remembering its results in {@code store} (which must only hold results of the same F). */
	public MemoizedForwardOperator(final ForwardOperator op, final Store store) {
		this.op = op;
		this.store = store;
	}

	/** The operator whose results are remembered. */
	public ForwardOperator wrapped() { return op; }

	/** Where the results are remembered. */
	public Store store() { return store; }

	@Override
	public int modelSize() { return op.modelSize(); }

	@Override
	public int dataSize() { return op.dataSize(); }

	@Override
	public double[] apply(final double[] x, final double[] out) {
		final Key k = new Key(x);
		double[] fx = store.get(k);
		if (fx == null) {
			fx = op.apply(x, null).clone();
			if (fx.length != op.dataSize()) throw new IllegalStateException("the wrapped operator returned " + fx.length +
				" data values, not " + op.dataSize());
			store.put(k, fx);
		}
		else if (fx.length != op.dataSize()) throw new IllegalStateException("the store holds results of another operator (" +
			fx.length + " data values, not " + op.dataSize() + "); share a store only between operators computing the same F");
		final double[] o = out != null ? out : new double[fx.length];
		System.arraycopy(fx, 0, o, 0, fx.length);
		return o;
	}

	@Override
	public Linearization linearize(final double[] x) {
		return op.linearize(x);
	}

	/** A model's exact values (copied), compared element by element. */
	static final class Key {
		private final double[] x;
		private final int hash;

		Key(final double[] x) {
			this.x = x.clone();
			this.hash = Arrays.hashCode(this.x);
		}

		@Override
		public int hashCode() { return hash; }

		@Override
		public boolean equals(final Object o) {
			return o instanceof Key && ((Key) o).hash == hash && Arrays.equals(((Key) o).x, x);
		}
	}
}
