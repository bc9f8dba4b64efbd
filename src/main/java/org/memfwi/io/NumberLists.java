package org.memfwi.io;

import org.memfwi.core.util.Table;

/**
 * Comma-separated lists of numbers, in parameters ({@code sizes=5,10,50}) and in {@code memfwi.*} image properties
 * ({@code memfwi.src_x}): the one parser, refusing non-finite values with a message naming where the list came from.
 */
public final class NumberLists {

	private NumberLists() {}

	private static String[] items(final String text, final String what, final String example) {
		final String t = text == null ? "" : text.trim();
		if (t.isEmpty()) throw new IllegalArgumentException(what + " is empty; give comma-separated values" +
			(example == null ? "" : ", e.g. " + what + "=" + example));
		return t.split("\\s*,\\s*", -1);
	}

	/**
	 * Finite numbers separated by commas.
	 *
	 * @param what the key or property, named in messages
	 * @param example an example value for the message, or null
	 * @throws IllegalArgumentException naming {@code what} and the bad item
	 */
	public static double[] doubles(final String text, final String what, final String example) {
		final String[] it = items(text, what, example);
		final double[] v = new double[it.length];
		for (int i = 0; i < it.length; i++) {
			try {
				v[i] = Double.parseDouble(it[i]);
			}
			catch (final NumberFormatException e) {
				throw new IllegalArgumentException(what + ": '" + it[i] + "' is not a number; give comma-separated numbers" +
					(example == null ? "" : ", e.g. " + what + "=" + example));
			}
			if (!Double.isFinite(v[i])) throw new IllegalArgumentException(what + ": '" + it[i] + "' is not a finite number; give " +
				"comma-separated numbers" + (example == null ? "" : ", e.g. " + what + "=" + example));
		}
		return v;
	}

	/** Finite numbers separated by commas, without an example in messages (see {@link #doubles(String, String, String)}). */
	public static double[] doubles(final String text, final String what) {
		return doubles(text, what, null);
	}

	/**
	 * Whole numbers separated by commas.
	 *
	 * @throws IllegalArgumentException naming {@code what} and the bad item
	 */
	public static int[] ints(final String text, final String what, final String example) {
		final String[] it = items(text, what, example);
		final int[] v = new int[it.length];
		for (int i = 0; i < it.length; i++) {
			try {
				v[i] = Integer.parseInt(it[i]);
			}
			catch (final NumberFormatException e) {
				throw new IllegalArgumentException(what + ": '" + it[i] + "' is not a whole number; give comma-separated whole numbers" +
					(example == null ? "" : ", e.g. " + what + "=" + example));
			}
		}
		return v;
	}

	/** Values joined by commas, each in its shortest exact form ({@link Table#format}). */
	public static String join(final double[] v) {
		final StringBuilder sb = new StringBuilder();
		for (final double x : v) {
			if (sb.length() > 0) sb.append(',');
			sb.append(Table.format(x));
		}
		return sb.toString();
	}
}
