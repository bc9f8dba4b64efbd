package org.memfwi.core.wave;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * For the bench only: writes everything one run of the row-major forward ({@link RowMajor#step}, one thread, the
 * batches {@link Propagator#forward} forms with one thread) needs to a little-endian file, so that a C port of the
 * step (src/bench/c/cpml8.c) can run the same computation without knowing how a {@link WaveSetup} is built.
 * <p>
 * Format: the 8 bytes "MFCPML01"; int32 W, H, row0, row1, col0, col1, ls, rs (the interior segment of a shot's
 * columns), cpml (0/1), free surface (0/1), flush (0/1), internal steps, sub-steps per sample m, samples nt,
 * receivers, shots, batches; int64 cells per step; float32 k[9] (k[0..4] second derivative, k[5..8] first);
 * float32 az[H], bz[H], ax[W], bx[W]; uint8 zAbsorbs[H], zTerms[H]; float32 C[H][W] (one shot's columns); float64
 * source[steps] (already scaled by dt^2 / dx^2); per shot int32 n, int32 index[n], float64 weight[n] (array index z W +
 * x); the same per receiver; per batch int32 first shot, count; int32 0x21444e45 ("END!").
 */
public final class RowMajorExport {

	static final byte[] MAGIC = { 'M', 'F', 'C', 'P', 'M', 'L', '0', '1' };
	static final int END = 0x21444e45;

	private RowMajorExport() {}

	/** Writes the step file of the forward of setup for velocity model v (m/s) with or without the flush. */
	public static void write(final WaveSetup g, final double[] v, final boolean flush, final Path file) throws IOException {
		final Layout l = new Layout(g);
		final RowMajor rm = new RowMajor(l, Kernel.JAVA, flush);
		final Batch[] batches = l.batches(l.batchSize); // as Propagator#plan(1)
		final double[] c = g.coefficients(v);
		try (OutputStream os = Files.newOutputStream(file); DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os, 1 << 16))) {
			final Le le = new Le(out);
			out.write(MAGIC);
			for (final int x : new int[] { g.W, g.H, g.row0, g.row1, g.col0, g.col1, rm.ls, rm.rs, g.p > 0 ? 1 : 0, g.fs ? 1 : 0, flush ? 1 : 0,
				g.steps, g.m, g.nt, g.recIdx.length, g.srcIdx.length, batches.length })
				le.i(x);
			le.l(g.cellsPerStep());
			for (final float x : l.k) le.f(x);
			for (final float x : l.az) le.f(x);
			for (final float x : l.bz) le.f(x);
			for (final double x : g.ax) le.f((float) x);
			for (final double x : g.bx) le.f((float) x);
			for (final boolean b : rm.zAbsorbs) out.writeByte(b ? 1 : 0);
			for (final boolean b : rm.zTerms) out.writeByte(b ? 1 : 0);
			for (final double x : c) le.f((float) x);
			for (int n = 0; n < g.steps; n++) le.d(g.source[n]);
			points(le, g.srcIdx, g.srcW);
			points(le, g.recIdx, g.recW);
			for (final Batch b : batches) {
				le.i(b.first);
				le.i(b.count);
			}
			le.i(END);
		}
	}

	private static void points(final Le le, final int[][] idx, final double[][] w) throws IOException {
		for (int i = 0; i < idx.length; i++) {
			le.i(idx[i].length);
			for (final int x : idx[i]) le.i(x);
			for (final double x : w[i]) le.d(x);
		}
	}

	/** Little-endian writes on a data stream. */
	private static final class Le {
		private final DataOutputStream out;
		private final ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);

		Le(final DataOutputStream out) {
			this.out = out;
		}

		void i(final int x) throws IOException {
			out.write(b.clear().putInt(x).array(), 0, 4);
		}

		void l(final long x) throws IOException {
			out.write(b.clear().putLong(x).array(), 0, 8);
		}

		void f(final float x) throws IOException {
			out.write(b.clear().putFloat(x).array(), 0, 4);
		}

		void d(final double x) throws IOException {
			out.write(b.clear().putDouble(x).array(), 0, 8);
		}
	}

	/** Reads the traces cpml8 wrote (float32 little-endian, shot by shot, nt x receivers each). */
	public static float[][] readTraces(final WaveSetup g, final Path file) throws IOException {
		final ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
		final int shots = g.srcIdx.length, size = g.gatherSize();
		if (b.remaining() != 4L * shots * size) throw new IOException(file + " has " + b.remaining() + " bytes, expected " + 4L * shots * size);
		final float[][] t = new float[shots][size];
		for (int s = 0; s < shots; s++)
			for (int i = 0; i < size; i++) t[s][i] = b.getFloat();
		return t;
	}
}
