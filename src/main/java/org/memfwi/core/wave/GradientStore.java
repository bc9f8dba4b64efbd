package org.memfwi.core.wave;

import java.util.Arrays;

import org.memfwi.core.wave.WaveState.Fields;

/**
 * What the gradient keeps of a batch's forward pass: the stencil terms K(n) of the last steps ({@link Levels}) and
 * the state every {@link Layout#interval} steps before them ({@link Checkpoints}, or {@link RowCheckpoints} for the
 * row-major layout), from which the backward pass recomputes each earlier segment once.
 */
final class GradientStore {

	private GradientStore() {}

	static void clear(final float[][] rows) {
		for (final float[] r : rows) Arrays.fill(r, 0);
	}

	/**
	 * Checkpoints of one batch: u(n), u(n-1) and the CPML variables every interval steps, for the segments below
	 * limit.
	 */
	static final class Checkpoints {
		private final WaveSetup g;
		private final int interval, zRows, sw;
		private final int[] zRank;
		final Batch b;
		final int limit;
		/** Per checkpoint: u, u(n-1) (H rows each), Pz, Zz (z-layer rows), Px, Zx (strip columns). */
		final float[][] buf;

		Checkpoints(final Layout l, final Batch b, final int limit) {
			g = l.g;
			interval = l.interval;
			zRows = l.zRows;
			sw = l.sw;
			zRank = l.zRank;
			this.b = b;
			this.limit = limit;
			buf = new float[(limit - 1) / interval + 1][];
			for (int j = 1; j < buf.length; j++) buf[j] = new float[(2 * g.H + 2 * zRows) * b.span + 2 * sw * b.colLength];
		}

		/** Saves the state at step j * interval: each thread of the team its own rows (the first and last also the halo). */
		void save(final int j, final Fields f, final Team team, final int t) {
			move(j, f, t == 0 ? 0 : team.bandStart(t, g.row0, g.row1), t == team.size() - 1 ? g.H : team.bandStart(t + 1, g.row0, g.row1),
				true);
		}

		void restore(final int j, final Fields f) {
			if (j > 0) {
				move(j, f, 0, g.H, false);
				return;
			}
			clear(f.u);
			clear(f.up);
			if (g.p > 0) {
				clear(f.pz);
				clear(f.zz);
				clear(f.pxT);
				clear(f.zxT);
			}
		}

		/** Copies rows [za, zb) of the state to (save) or from checkpoint j. */
		private void move(final int j, final Fields f, final int za, final int zb, final boolean save) {
			final float[] to = buf[j];
			final int span = b.span, zo = 2 * g.H * span, co = (2 * g.H + 2 * zRows) * span;
			for (int z = za; z < zb; z++) {
				copy(f.u[z], 0, to, z * span, span, save);
				copy(f.up[z], 0, to, (g.H + z) * span, span, save);
				if (g.p > 0 && zRank[z] >= 0) {
					copy(f.pz[z], 0, to, zo + zRank[z] * span, span, save);
					copy(f.zz[z], 0, to, zo + (zRows + zRank[z]) * span, span, save);
				}
			}
			for (int c = 0; c < sw && g.p > 0; c++)
				for (int k = 0; k < b.blocks; k++) {
					final int i = k * g.H + za;
					copy(f.pxT[c], i, to, co + c * b.colLength + i, zb - za, save);
					copy(f.zxT[c], i, to, co + (sw + c) * b.colLength + i, zb - za, save);
				}
		}
	}

	/**
	 * Checkpoints of one row-major batch ({@link RowMajor}): u(n), u(n-1) (all rows), Pz and Zz (the absorbing rows)
	 * and Px and Zx (the x-layer segments of every row) every interval steps, for the segments below limit.
	 */
	static final class RowCheckpoints {
		private final WaveSetup g;
		private final RowMajor rm;
		private final int interval, span, zRows, segColumns;
		private final int[] zRank, seg;
		final int limit;
		final float[][] buf;
		/** The live rows of each checkpoint ({@link RowMajor.Fields#live}), null for fields stepped row by row. */
		private final boolean[][] live;

		RowCheckpoints(final Layout l, final RowMajor rm, final int count, final int limit) {
			g = l.g;
			this.rm = rm;
			interval = l.interval;
			span = count * g.W;
			seg = rm.xSegments(count);
			segColumns = rm.segmentColumns(count);
			zRank = new int[g.H];
			int n = 0;
			for (int z = 0; z < g.H; z++) zRank[z] = rm.absorbs(z) ? n++ : -1;
			zRows = n;
			this.limit = limit;
			buf = new float[(limit - 1) / interval + 1][];
			for (int j = 1; j < buf.length; j++) buf[j] = new float[floats(g, span, zRows, segColumns)];
			live = new boolean[buf.length][];
		}

		/** Floats of one checkpoint. */
		static int floats(final WaveSetup g, final int span, final int zRows, final int segColumns) {
			return (2 * g.H + 2 * zRows) * span + 2 * g.H * segColumns;
		}

		/** Saves the state at step j * interval: each thread of the team its own rows (the first and last also the halo). */
		void save(final int j, final RowMajor.Fields f, final Team team, final int t) {
			// live is not written before the next step's end (the team writes liveNext meanwhile).
			if (t == 0) live[j] = f.live == null ? null : f.live.clone();
			move(j, f, t == 0 ? 0 : team.bandStart(t, g.row0, g.row1), t == team.size() - 1 ? g.H : team.bandStart(t + 1, g.row0, g.row1),
				true);
		}

		/**
		 * The state at step j * interval into f, with its live rows when they were tracked (the buffers of the next
		 * memory variables are cleared then, since rows left alone must hold 0 there).
		 */
		void restore(final int j, final RowMajor.Fields f) {
			if (j > 0) {
				move(j, f, 0, g.H, false);
				if (live[j] == null) {
					f.untrack();
					return;
				}
				f.live = live[j].clone();
				f.liveNext = live[j].clone();
				if (g.p > 0) {
					clear(f.pzn);
					clear(f.pxn);
				}
				return;
			}
			clear(f.u);
			clear(f.up);
			if (g.p > 0) {
				clear(f.pz);
				clear(f.zz);
				clear(f.px);
				clear(f.zx);
				clear(f.pzn);
				clear(f.pxn);
			}
			rm.track(f);
		}

		/** Copies rows [za, zb) of the state to (save) or from checkpoint j. */
		private void move(final int j, final RowMajor.Fields f, final int za, final int zb, final boolean save) {
			final float[] to = buf[j];
			final int zo = 2 * g.H * span, xo = zo + 2 * zRows * span;
			for (int z = za; z < zb; z++) {
				copy(f.u[z], 0, to, z * span, span, save);
				copy(f.up[z], 0, to, (g.H + z) * span, span, save);
				if (g.p == 0) continue;
				if (zRank[z] >= 0) {
					copy(f.pz[z], 0, to, zo + zRank[z] * span, span, save);
					copy(f.zz[z], 0, to, zo + (zRows + zRank[z]) * span, span, save);
				}
				int o = xo + z * segColumns, q = xo + (g.H + z) * segColumns;
				for (int i = 0; i < seg.length; i += 2) {
					final int n = seg[i + 1] - seg[i];
					o = copy(f.px[z], seg[i], to, o, n, save);
					q = copy(f.zx[z], seg[i], to, q, n, save);
				}
			}
		}
	}

	private static int copy(final float[] row, final int at, final float[] buf, final int o, final int n, final boolean save) {
		if (save) System.arraycopy(row, at, buf, o, n);
		else System.arraycopy(buf, o, row, at, n);
		return o + n;
	}

	/**
	 * The stencil terms K(first..steps-1) of a batch, rows [row0, row1), in a few large arrays (which the garbage
	 * collector allocates outside the young generation and never copies).
	 */
	static final class Levels {
		private static final int CHUNK = 1 << 23;
		private final WaveSetup g;
		final int first, from, width, levelSize, perChunk;
		final float[][] chunks;

		Levels(final Batch b, final int first, final float[][] spare) {
			this(b.g, first, b.x0, b.x1 - b.x0, spare);
		}

		/**
		 * The terms of the row columns [from, from + width) (a row-major batch: its batch columns), in the arrays spare
		 * when they are {@link #fits those of such levels} (the forward pass overwrites every term before the backward
		 * pass reads it, so they need not be cleared), else in new ones.
		 */
		Levels(final WaveSetup g, final int first, final int from, final int width, final float[][] spare) {
			this.g = g;
			this.first = first;
			this.from = from;
			this.width = width;
			levelSize = (g.row1 - g.row0) * width;
			perChunk = Math.max(1, CHUNK / levelSize);
			if (fits(spare, g, first, width)) chunks = spare;
			else {
				final int count = g.steps - first;
				chunks = new float[(count + perChunk - 1) / perChunk][];
				for (int i = 0; i < chunks.length; i++) chunks[i] = new float[Math.min(perChunk, count - i * perChunk) * levelSize];
			}
		}

		/** Whether the arrays a (may be null) have the sizes of the arrays of levels from step first of width columns. */
		static boolean fits(final float[][] a, final WaveSetup g, final int first, final int width) {
			final int count = g.steps - first, levelSize = (g.row1 - g.row0) * width, perChunk = Math.max(1, CHUNK / levelSize);
			if (a == null || count <= 0 || a.length != (count + perChunk - 1) / perChunk) return false;
			for (int i = 0; i < a.length; i++) if (a[i] == null || a[i].length != Math.min(perChunk, count - i * perChunk) * levelSize) return false;
			return true;
		}

		/** The array holding K(n). */
		float[] chunk(final int n) {
			return chunks[(n - first) / perChunk];
		}

		/** Where K(n) starts in {@link #chunk}: row row0 at column from; row z, column x at base + (z - row0) width + x - from. */
		int base(final int n) {
			return ((n - first) % perChunk) * levelSize;
		}

		/** Copies rows [z0, z1) of field into K(n). */
		void save(final int n, final float[][] field, final int z0, final int z1) {
			final int level = n - first;
			final float[] ch = chunks[level / perChunk];
			final int o = (level % perChunk) * levelSize - g.row0 * width;
			for (int z = z0; z < z1; z++) System.arraycopy(field[z], from, ch, o + z * width, width);
		}

		/** Copies rows [z0, z1) of K(n) into field. */
		void load(final int n, final float[][] field, final int z0, final int z1) {
			final int level = n - first;
			final float[] ch = chunks[level / perChunk];
			final int o = (level % perChunk) * levelSize - g.row0 * width;
			for (int z = z0; z < z1; z++) System.arraycopy(ch, o + z * width, field[z], from, width);
		}
	}
}
