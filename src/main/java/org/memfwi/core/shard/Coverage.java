package org.memfwi.core.shard;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * Checks that a set of partials covers every training model exactly once, and names the shards (and folders) that are
 * missing or duplicated when it does not.
 */
final class Coverage {

	private Coverage() {}

	/**
	 * @param names where each partial came from (e.g. its folder), for the messages
	 * @param shards shard index i of each partial
	 * @param counts shard count K of each partial
	 * @param indices covered model indices of each partial
	 * @param total size N of the training set
	 * @throws IllegalArgumentException naming duplicated and missing shards and models
	 */
	static void check(final List<String> names, final int[] shards, final int[] counts, final List<int[]> indices, final int total) {
		final int[] owner = new int[total];
		Arrays.fill(owner, -1);
		final List<String> problems = new ArrayList<>();
		// Duplicated shards first: the same i/K twice.
		final TreeMap<String, Integer> seen = new TreeMap<>();
		for (int p = 0; p < names.size(); p++) {
			final String key = shards[p] + "/" + counts[p];
			final Integer before = seen.putIfAbsent(key, p);
			if (before != null) problems.add("shard " + key + " is given twice: " + names.get(before) + " and " + names.get(p));
		}
		int duplicates = 0;
		String firstDuplicate = null;
		for (int p = 0; p < names.size(); p++)
			for (final int k : indices.get(p)) {
				if (owner[k] >= 0) {
					duplicates++;
					if (firstDuplicate == null && !(shards[owner[k]] == shards[p] && counts[owner[k]] == counts[p]))
						firstDuplicate = "model " + (k + 1) + " is in both " + names.get(owner[k]) + " (shard " + shards[owner[k]] + "/" +
							counts[owner[k]] + ") and " + names.get(p) + " (shard " + shards[p] + "/" + counts[p] + ")";
				}
				else owner[k] = p;
			}
		if (firstDuplicate != null) problems.add(firstDuplicate + (duplicates > 1 ? " (" + duplicates + " models twice in all)" : ""));
		final List<Integer> missing = new ArrayList<>();
		for (int k = 0; k < total; k++) if (owner[k] < 0) missing.add(k);
		if (!missing.isEmpty()) {
			// Name whole shards when every partial has the same K.
			boolean sameK = true;
			for (final int c : counts) sameK &= c == counts[0];
			final StringBuilder m = new StringBuilder();
			if (sameK && counts.length > 0) {
				final int kk = counts[0];
				final List<String> gone = new ArrayList<>();
				for (int i = 0; i < kk; i++) {
					final int ii = i;
					if (!seen.containsKey(i + "/" + kk)) gone.add(i + "/" + kk);
					else {
						// present, but incomplete (an interrupted run)
						int have = 0;
						final Shard s = Shard.of(ii, kk);
						for (int j = 0; j < s.size(total); j++) if (owner[s.model(j)] >= 0) have++;
						if (have < s.size(total)) gone.add(i + "/" + kk + " (incomplete: " + have + " of " + s.size(total) +
							" models, in " + names.get(seen.get(i + "/" + kk)) + "; run it again with resume=true)");
					}
				}
				if (!gone.isEmpty()) m.append("shard").append(gone.size() > 1 ? "s " : " ").append(String.join(", ", gone))
					.append(gone.size() > 1 ? " are" : " is").append(" missing");
			}
			if (m.length() == 0) m.append("no partial covers ").append(missing.size()).append(" of the ").append(total)
				.append(" training models");
			m.append(String.format(Locale.ROOT, " (models %s%s)", list(missing), missing.size() > 5 ? ", ..." : ""));
			problems.add(m.toString());
		}
		if (!problems.isEmpty()) throw new IllegalArgumentException("parts: the partials do not cover every training model " +
			"exactly once: " + String.join("; ", problems));
	}

	private static String list(final List<Integer> models) {
		final StringBuilder b = new StringBuilder();
		for (int i = 0; i < Math.min(5, models.size()); i++) {
			if (i > 0) b.append(", ");
			b.append(models.get(i) + 1);
		}
		return b.toString();
	}
}
