package org.memfwi.core.wave;

/**
 * Shots [first, first + count) side by side: batch column x = j W + (array column of shot j), x in [0, width),
 * width = count * W. A row is stored lane-transposed: the columns are cut into 16 lanes of m consecutive columns
 * and column x = l m + q (lane l) sits at index 16 (4 + q) + l of a row array of span 16 (m + 8), so that the
 * x-neighbours of every cell are 16, 32, 48 and 64 floats away and a pass over indices [x0, x1) = [64, 64 + 16 m)
 * updates 16 cells per vector. Each lane has 4 ghost columns on each side (indices below x0 and from x1 on)
 * that repeat the neighbouring lanes' edge columns ({@link RowKernels#ghosts}); beyond the first and last lane
 * they stay 0, like the block halos between shots (C = 0 there).
 * <p>
 * The x strips are K = sides * count blocks of sw columns; in column form, block k holds array rows
 * [k H, (k + 1) H) of every column array, so that the column passes run over all blocks at once.
 */
final class Batch {

	final WaveSetup g;
	/** Width of an x strip (0 without CPML). */
	final int sw;
	final int first, count, width;
	/** Columns per lane and row array length. */
	final int m, span;
	/** The loop range over a row array. */
	final int x0, x1;
	/** Strip blocks and column length K H. */
	final int blocks, colLength;
	/** Row-array index of patch column q (q in [4, patchEnd)) and of strip column c, per strip block. */
	final int[][] patchAt, stripAt;
	/** Patch columns [4, patchEnd) hold the field; the others are the zero halo. */
	final int patchEnd;

	Batch(final Layout l, final int first, final int count) {
		g = l.g;
		sw = l.sw;
		final int sides = l.sides, layerEnd = l.layerEnd;
		this.first = first;
		this.count = count;
		width = count * g.W;
		m = Math.max(4, (width + 15) / 16);
		span = 16 * (m + 8);
		x0 = 64;
		x1 = 64 + 16 * m;
		blocks = sides * count;
		colLength = blocks * g.H;
		patchEnd = Math.min(layerEnd + 8, g.nxp + 4);
		patchAt = new int[blocks][patchEnd];
		stripAt = new int[blocks][sw];
		for (int k = 0; k < blocks; k++) {
			final int j = k / sides;
			final boolean right = k % sides == 1;
			final int origin = j * g.W + (right ? g.col1 - 1 : g.col0), dir = right ? -1 : 1;
			for (int q = 4; q < patchEnd; q++) patchAt[k][q] = at(origin + dir * (q - 4));
			for (int c = 0; c < sw; c++) stripAt[k][c] = at(origin + dir * c);
		}
	}

	/** Row-array index of batch column x. */
	int at(final int x) {
		return 16 * (4 + x % m) + x / m;
	}

	/** Adds v to batch column x of a row and to its ghost copies. */
	void addAt(final float[] row, final int x, final float v) {
		final int q = x % m, l = x / m;
		row[16 * (4 + q) + l] += v;
		if (q < 4 && l > 0) row[16 * (4 + m + q) + l - 1] += v;
		if (q >= m - 4 && l < 15) row[16 * (4 + q - m) + l + 1] += v;
	}

	float[][] rows() {
		return new float[g.H][span];
	}

	/** One array per strip column, of K H values (block by block, z fastest). */
	float[][] columns() {
		return new float[sw][colLength];
	}

	/** Row and batch column of a flat setup index for shot-in-batch j. */
	int z(final int flat) { return flat / g.W; }

	int x(final int flat, final int j) { return flat % g.W + j * g.W; }

	/** C replicated into every block. */
	float[][] coefficients(final double[] flat) {
		final float[][] c = rows();
		for (int z = 0; z < g.H; z++)
			for (int x = 0; x < g.W; x++) {
				final float v = (float) flat[x + g.W * z];
				for (int j = 0; j < count; j++) c[z][at(x + j * g.W)] = v;
			}
		return c;
	}
}
