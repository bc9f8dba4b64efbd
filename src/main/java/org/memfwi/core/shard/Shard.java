package org.memfwi.core.shard;

/**
 * A shard {@code i/K} of a training set: the models {@code i, i + K, i + 2K, ...} (0-based), so that K shards
 * {@code 0/K .. (K-1)/K} cover every model exactly once and each gets a mix of the whole set. A SLURM job array
 * {@code --array=0-(K-1)} passes {@code $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT}.
 */
public final class Shard {

	/** The whole set, as one shard. */
	public static final Shard ALL = new Shard(0, 1);

	/** Shard index i (0-based) and count K. */
	public final int index, count;

	private Shard(final int index, final int count) {
		this.index = index;
		this.count = count;
	}

	/** Shard i of K. */
	public static Shard of(final int index, final int count) {
		check(index, count);
		return new Shard(index, count);
	}

	/**
	 * Parses {@code i/K}; an empty text is the whole set.
	 *
	 * @throws IllegalArgumentException naming the key {@code shard} and the form expected
	 */
	public static Shard parse(final String text) {
		if (text == null || text.trim().isEmpty()) return ALL;
		final String t = text.trim();
		final int slash = t.indexOf('/');
		try {
			if (slash < 1) throw new NumberFormatException();
			return of(Integer.parseInt(t.substring(0, slash).trim()), Integer.parseInt(t.substring(slash + 1).trim()));
		}
		catch (final NumberFormatException e) {
			throw new IllegalArgumentException("shard = '" + text + "' is not of the form i/K (e.g. shard=0/8 for the first of 8 " +
				"shards; i runs from 0 to K-1)");
		}
	}

	static void check(final int i, final int k) {
		if (k < 1) throw new IllegalArgumentException("shard count K = " + k + " must be at least 1 (shard=i/K)");
		if (i < 0 || i >= k) throw new IllegalArgumentException("shard index i = " + i + " must be between 0 and K-1 = " + (k - 1) +
			" (shard=i/K; SLURM: --array=0-" + (k - 1) + ")");
	}

	/** Whether this is the whole set. */
	public boolean isAll() { return count == 1; }

	/** Whether model k (0-based) belongs to this shard. */
	public boolean contains(final int k) { return k % count == index; }

	/** The number of models of a set of {@code total} that belong to this shard. */
	public int size(final int total) {
		return total <= index ? 0 : (total - 1 - index) / count + 1;
	}

	/** The j-th model (0-based) of this shard. */
	public int model(final int j) { return index + j * count; }

	@Override
	public String toString() { return index + "/" + count; }
}
