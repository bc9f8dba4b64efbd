package org.memfwi.core.wave;

import org.memfwi.core.util.Memory;

/**
 * How the gradient of the fast propagator shares its memory: per batch, the stencil terms of how many of the last
 * steps it stores and the bytes of stored terms, checkpoints and work space.
 */
final class GradientPlan {

	private final WaveSetup g;
	private final long gradientMemory;
	private final int interval, zRows, sw;
	/** The row-major layout of the gradient, or null for the lane-transposed one. */
	private final RowMajor rm;
	private final int rmZRows;

	/** @param rm the row-major step when the gradient runs in that layout, else null */
	GradientPlan(final Layout l, final long gradientMemory, final RowMajor rm) {
		g = l.g;
		this.gradientMemory = gradientMemory;
		interval = l.interval;
		zRows = l.zRows;
		sw = l.sw;
		this.rm = rm;
		int n = 0;
		for (int z = 0; z < g.H && rm != null; z++) if (rm.absorbs(z)) n++;
		rmZRows = n;
	}

	/** Columns of a batch's stored K(n): its lane-transposed row range, or the row-major batch columns [col0, (count - 1) W + col1). */
	int levelWidth(final Batch b) {
		return rm != null ? (b.count - 1) * g.W + g.col1 - g.col0 : b.x1 - b.x0;
	}

	/**
	 * How the gradient of a call with the given thread count keeps the forward wavefield of each batch: the stencil
	 * term K(n) of the last {@code steps - from} steps is stored, the earlier segments are recomputed once from
	 * checkpoints (every {@link Propagator#checkpointInterval()} steps). {@code from} is 0 (everything stored) when it fits
	 * the batch's share of {@link Propagator#gradientMemory()} (or of half the free heap, if less), a multiple of the interval
	 * otherwise. Results do not depend on it.
	 */
	int[] storedFrom(final Batch[] batches, final int concurrent) {
		return storedFrom(batches, concurrent, 0);
	}

	/** {@link #storedFrom(Batch[], int)} with held bytes in use that the call may take (counted as free). */
	int[] storedFrom(final Batch[] batches, final int concurrent, final long held) {
		long widths = 0;
		for (int i = 0; i < Math.min(concurrent, batches.length); i++) widths += levelWidth(batches[i]);
		final long memory = Math.min(gradientMemory, (Memory.available() + held) / 2);
		final int[] from = new int[batches.length];
		for (int i = 0; i < batches.length; i++) {
			final Batch b = batches[i];
			final long budget = (long) (memory * ((double) levelWidth(b) / widths));
			final long level = levelBytes(b);
			if (g.steps * level <= budget) continue;
			final long n = Math.max(0, (budget - checkpointBytes(b, g.steps)) / level);
			from[i] = Math.min(g.steps, (int) ((g.steps - Math.min(n, g.steps) + interval - 1) / interval * interval));
		}
		return from;
	}

	/** Bytes of one stored K(n) of a batch. */
	long levelBytes(final Batch b) {
		return 4L * (g.row1 - g.row0) * levelWidth(b);
	}

	/** Bytes of the checkpoints of steps below from and of the recomputed segment. */
	long checkpointBytes(final Batch b, final int from) {
		if (from == 0) return 0;
		if (rm != null) {
			final long span = (long) b.count * g.W;
			return (long) ((from - 1) / interval + 1) * 4L * GradientStore.RowCheckpoints.floats(g, (int) span, rmZRows, rm.segmentColumns(
				b.count)) + interval * levelBytes(b);
		}
		final long field = 4L * g.H * b.span;
		final long pml = 4L * (2L * zRows * b.span + 2L * sw * b.colLength);
		return (long) ((from - 1) / interval + 1) * (2 * field + pml) + interval * field;
	}

	/** Bytes of a batch's gradient work space beyond stored terms and checkpoints (fields, adjoint, columns). */
	long workBytes(final Batch b) {
		// Row-major: fields and memory variables (8), adjoint (10), C and the float sum (4 bytes each), the double sum.
		if (rm != null) return 4L * g.H * b.count * g.W * 20 + 8L * g.H * b.count * g.W;
		return 4L * g.H * b.span * 20 + 8L * g.H * b.span + 4L * b.colLength * (4 * sw + 12);
	}
}
