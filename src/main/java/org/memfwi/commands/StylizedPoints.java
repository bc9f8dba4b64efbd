package org.memfwi.commands;

import org.memfwi.core.posterior.EffectiveModes;

/** The {@code points=} parameter of the stylized problems: custom training points, or the paper's pool. */
final class StylizedPoints {

	private StylizedPoints() {}

	/**
	 * Training points of a stylized problem: 1-D numbers separated by commas, 2-D {@code x1:x2} pairs separated by
	 * commas, or {@code paper-pool} (1-D: the effective-modes figure's pool, {@code linspace(-3, 3, 100)}).
	 *
	 * @throws IllegalArgumentException naming points=, the bad item and the form expected
	 */
	public static double[][] parse(final String text, final int dim) {
		final String t = text == null ? "" : text.trim();
		if (t.equalsIgnoreCase("paper-pool")) {
			if (dim != 1) throw new IllegalArgumentException("points=paper-pool is the 1d pool of the effective-modes figure; give 2d " +
				"points as x1:x2 pairs, e.g. points=2:0,-1:1.5");
			final double[] pool = EffectiveModes.paperPool();
			final double[][] out = new double[pool.length][];
			for (int i = 0; i < pool.length; i++) out[i] = new double[] { pool[i] };
			return out;
		}
		final String example = dim == 1 ? "-1.5,-0.4,0.4,1.2,2.5" : "2:0,-1:1.5,0.5:-2";
		if (t.isEmpty()) throw new IllegalArgumentException("points is empty; give comma-separated values, e.g. points=" + example);
		final String[] it = t.split("\\s*,\\s*", -1);
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
}
