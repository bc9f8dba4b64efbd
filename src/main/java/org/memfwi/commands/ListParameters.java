package org.memfwi.commands;

import java.util.Locale;

/** Comma-separated lists in text parameters (e.g. {@code sizes=5,10,50}), parsed with messages naming the key. */
public final class ListParameters {

	private ListParameters() {}

	private static String[] items(final String text, final String key, final String example) {
		final String t = text == null ? "" : text.trim();
		if (t.isEmpty()) throw new IllegalArgumentException(key + " is empty; give comma-separated values, e.g. " + key + "=" + example);
		return t.split("\\s*,\\s*", -1);
	}

	/**
	 * Numbers separated by commas (NaN and infinities are parsed, for the core to reject by name).
	 *
	 * @throws IllegalArgumentException naming the key and the bad item
	 */
	public static double[] doubles(final String text, final String key, final String example) {
		final String[] it = items(text, key, example);
		final double[] v = new double[it.length];
		for (int i = 0; i < it.length; i++) {
			try {
				v[i] = Double.parseDouble(it[i]);
			}
			catch (final NumberFormatException e) {
				throw new IllegalArgumentException(key + ": '" + it[i] + "' is not a number; give comma-separated numbers, e.g. " + key +
					"=" + example);
			}
		}
		return v;
	}

	/**
	 * Whole numbers separated by commas.
	 *
	 * @throws IllegalArgumentException naming the key and the bad item
	 */
	public static int[] ints(final String text, final String key, final String example) {
		final String[] it = items(text, key, example);
		final int[] v = new int[it.length];
		for (int i = 0; i < it.length; i++) {
			try {
				v[i] = Integer.parseInt(it[i]);
			}
			catch (final NumberFormatException e) {
				throw new IllegalArgumentException(key + ": '" + it[i] + "' is not a whole number; give comma-separated whole numbers, " +
					"e.g. " + key + "=" + example);
			}
		}
		return v;
	}

	/** Values joined by commas, shortest form. */
	public static String join(final double[] v) {
		final StringBuilder sb = new StringBuilder();
		for (final double x : v) {
			if (sb.length() > 0) sb.append(',');
			sb.append(String.format(Locale.ROOT, "%s", org.memfwi.core.util.Table.format(x)));
		}
		return sb.toString();
	}
}
