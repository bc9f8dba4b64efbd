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

	/**
	 * Training points of a stylized problem: 1-D numbers separated by commas, 2-D {@code x1:x2} pairs separated by
	 * commas, or {@code paper-pool} (1-D: the effective-modes figure's pool, {@code linspace(-3, 3, 100)}).
	 *
	 * @throws IllegalArgumentException naming points=, the bad item and the form expected
	 */
	public static double[][] points(final String text, final int dim) {
		final String t = text == null ? "" : text.trim();
		if (t.equalsIgnoreCase("paper-pool")) {
			if (dim != 1) throw new IllegalArgumentException("points=paper-pool is the 1d pool of the effective-modes figure; give 2d " +
				"points as x1:x2 pairs, e.g. points=2:0,-1:1.5");
			final double[] pool = org.memfwi.core.posterior.EffectiveModes.paperPool();
			final double[][] out = new double[pool.length][];
			for (int i = 0; i < pool.length; i++) out[i] = new double[] { pool[i] };
			return out;
		}
		final String example = dim == 1 ? "-1.5,-0.4,0.4,1.2,2.5" : "2:0,-1:1.5,0.5:-2";
		final String[] it = items(t, "points", example);
		final double[][] out = new double[it.length][];
		for (int i = 0; i < it.length; i++) {
			final String[] c = it[i].split("\\s*:\\s*", -1);
			if (c.length != dim) throw new IllegalArgumentException("points: '" + it[i] + "' has " + c.length + " coordinate" +
				(c.length > 1 ? "s" : "") + ", the " + dim + "d problem needs " + dim + (dim == 2 ? " (x1:x2)" : "") + "; e.g. points=" + example);
			out[i] = new double[dim];
			for (int a = 0; a < dim; a++) {
				try {
					out[i][a] = Double.parseDouble(c[a]);
				}
				catch (final NumberFormatException e) {
					throw new IllegalArgumentException("points: '" + c[a] + "' in '" + it[i] + "' is not a number; e.g. points=" + example);
				}
			}
		}
		return out;
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
