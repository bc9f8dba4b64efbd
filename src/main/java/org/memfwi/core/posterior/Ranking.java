package org.memfwi.core.posterior;

import java.util.Arrays;

/**
 * Orderings of weight vectors: the one ranking of training models used by the posteriors, their partials' merge and
 * the linearized shards' choice of candidates (ties broken by index, so every path ranks alike).
 */
public final class Ranking {

	private Ranking() {}

	/** Indices of {@code v} by decreasing value, ties by increasing index. */
	public static int[] byDecreasing(final double[] v) {
		final Integer[] idx = new Integer[v.length];
		for (int i = 0; i < idx.length; i++) idx[i] = i;
		Arrays.sort(idx, (a, b) -> {
			final int c = Double.compare(v[b], v[a]);
			return c != 0 ? c : Integer.compare(a, b);
		});
		final int[] out = new int[idx.length];
		for (int i = 0; i < out.length; i++) out[i] = idx[i];
		return out;
	}
}
