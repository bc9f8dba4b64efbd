package org.memfwi.io.array;

import java.io.IOException;

/**
 * How the arrays of other codes are laid out, and how MemFWI picks its planes out of them. Velocity models: (nz, nx),
 * (N, nz, nx), or OpenFWI's (N, 1, nz, nx) with z first. Shot gathers: one (nt, R) gather, one data set (S, nt, R), or
 * OpenFWI's (N, S, nt, R) = [model][source][time][receiver]. {@code index=} ({@link Indices}) picks models, or the one
 * data set of N.
 */
public final class ArrayLayouts {

	private ArrayLayouts() {}

	/** The number of models the array holds, with its grid: {n, nz, nx}. */
	public static int[] modelShape(final ArraySource src) {
		final int[] s = src.shape();
		switch (s.length) {
			case 2: return new int[] { 1, s[0], s[1] };
			case 3: return new int[] { s[0], s[1], s[2] };
			case 4:
				if (s[1] != 1) throw new IllegalArgumentException(src.name() + " has shape " + FloatArray.shapeString(s) + ", the layout of " +
					"shot gathers (N, S, nt, R), not of velocity models (N, 1, nz, nx); read it as data (kind=gathers)");
				return new int[] { s[0], s[2], s[3] };
			default:
				throw new IllegalArgumentException(src.name() + " has shape " + FloatArray.shapeString(s) + "; velocity models must be " +
					"(nz, nx), (N, nz, nx) or (N, 1, nz, nx)");
		}
	}

	/**
	 * Reads velocity models (width nx, height nz, x fastest).
	 *
	 * @param index the {@code index=} specification: which of the N models, all when blank
	 */
	public static Planes models(final ArraySource src, final String index) throws IOException {
		final int[] s = modelShape(src);
		final int[] pick = Indices.parse(index, s[0], src.name());
		final float[][] planes = new float[pick.length][];
		final String[] labels = new String[pick.length];
		final int rank = src.shape().length;
		for (int k = 0; k < pick.length; k++) {
			planes[k] = rank == 2 ? readAll(src) : src.readEntry(pick[k], null);
			labels[k] = s[0] == 1 ? src.name() : "model " + pick[k] + " of " + src.name();
		}
		return new Planes(s[2], s[1], planes, labels);
	}

	/**
	 * Reads one data set of shot gathers: one plane per source, width receivers, height time samples.
	 *
	 * @param index which data set of the N in an (N, S, nt, R) array (0-based; required when N > 1)
	 */
	public static Planes gathers(final ArraySource src, final String index) throws IOException {
		final int[] s = src.shape();
		final String name = src.name();
		if (s.length == 2) {
			Indices.parse(index, 1, name);
			return new Planes(s[1], s[0], new float[][] { readAll(src) }, new String[] { "shot 1 of " + name });
		}
		if (s.length == 3) {
			Indices.parse(index, 1, name);
			final float[][] shots = new float[s[0]][];
			final String[] labels = new String[s[0]];
			for (int k = 0; k < s[0]; k++) {
				shots[k] = src.readEntry(k, null);
				labels[k] = "shot " + (k + 1) + " of " + name;
			}
			return new Planes(s[2], s[1], shots, labels);
		}
		if (s.length != 4) throw new IllegalArgumentException(name + " has shape " + FloatArray.shapeString(s) + "; shot gathers must be " +
			"(nt, R), (S, nt, R) or (N, S, nt, R) = [model][source][time][receiver]");
		final int[] pick = Indices.parse(index, s[0], name);
		if (pick.length != 1) {
			if (index == null || index.trim().isEmpty()) throw new IllegalArgumentException(name + " holds " + s[0] + " data sets " +
				FloatArray.shapeString(s) + "; pick one with index= (0 to " + (s[0] - 1) + ")");
			throw new IllegalArgumentException("index=" + index + " picks " + pick.length + " data sets of " + name + "; observed data " +
				"are one data set: give one index");
		}
		final float[] all = src.readEntry(pick[0], null);
		final int per = s[2] * s[3];
		final float[][] shots = new float[s[1]][];
		final String[] labels = new String[s[1]];
		for (int k = 0; k < s[1]; k++) {
			shots[k] = new float[per];
			System.arraycopy(all, k * per, shots[k], 0, per);
			labels[k] = "shot " + (k + 1) + " of data set " + pick[0] + " of " + name;
		}
		return new Planes(s[3], s[2], shots, labels);
	}

	private static float[] readAll(final ArraySource src) throws IOException {
		final int[] s = src.shape();
		final int per = s[1];
		final float[] all = new float[s[0] * per];
		final float[] row = new float[per];
		for (int i = 0; i < s[0]; i++) {
			src.readEntry(i, row);
			System.arraycopy(row, 0, all, i * per, per);
		}
		return all;
	}
}
