package org.memfwi.io.array;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code index=} key: which of the N models or data sets of a file to read, 0-based as in numpy. Accepts one index
 * ({@code 7}), a list ({@code 0,3,9}), an inclusive range ({@code 0-99}) or a mix ({@code 0-4,10}); empty means all.
 */
public final class Indices {

	private Indices() {}

	/**
	 * The indices a specification selects out of {@code n}, in the order given.
	 *
	 * @param spec the {@code index=} value; null or blank selects all n
	 * @param n how many the file holds
	 * @param file the file name, for messages
	 * @throws IllegalArgumentException naming the index and n when the specification is malformed or out of range
	 */
	public static int[] parse(final String spec, final int n, final String file) {
		if (spec == null || spec.trim().isEmpty()) {
			final int[] all = new int[n];
			for (int i = 0; i < n; i++) all[i] = i;
			return all;
		}
		final List<Integer> out = new ArrayList<>();
		for (final String part : spec.split(",")) {
			final String p = part.trim();
			final int dash = p.indexOf('-', 1);
			try {
				if (dash > 0) {
					final int a = Integer.parseInt(p.substring(0, dash).trim()), b = Integer.parseInt(p.substring(dash + 1).trim());
					if (b < a) throw new IllegalArgumentException("index=" + spec + ": the range " + p + " runs backwards; write it as " +
						b + "-" + a);
					check(a, n, file, spec);
					check(b, n, file, spec);
					for (int i = a; i <= b; i++) out.add(i);
				}
				else {
					final int a = Integer.parseInt(p);
					check(a, n, file, spec);
					out.add(a);
				}
			}
			catch (final NumberFormatException e) {
				throw new IllegalArgumentException("index=" + spec + " is not an index list; give 0-based indices such as index=0, " +
					"index=0,3,9 or index=0-99");
			}
		}
		final int[] r = new int[out.size()];
		for (int i = 0; i < r.length; i++) r[i] = out.get(i);
		return r;
	}

	private static void check(final int i, final int n, final String file, final String spec) {
		if (i < 0 || i >= n) throw new IllegalArgumentException("index=" + spec + " is beyond " + file + ", which holds " + n +
			(n == 1 ? " entry" : " entries") + "; give 0-based indices from 0 to " + (n - 1));
	}
}
