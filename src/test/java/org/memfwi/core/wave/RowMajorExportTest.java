package org.memfwi.core.wave;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.memfwi.core.grid.Grid2D;

/** The bench's step file (read back field by field as cpml8.c reads it) and the traces file. */
class RowMajorExportTest {

	@Test
	void stepFileHoldsTheSetupAsTheRowMajorStepUsesIt(@TempDir final Path dir) throws IOException {
		for (final boolean fs : new boolean[] { false, true }) {
			final Grid2D grid = new Grid2D(30, 24, 10);
			final WaveSetup g = Surveys.small(grid, 8, 10, fs, 50, 1e-3, 15, 3000);
			final double[] v = new double[grid.size()];
			for (int i = 0; i < v.length; i++) v[i] = 2000 + i % 7 * 100;
			final Path f = dir.resolve("step" + fs + ".bin");
			RowMajorExport.write(g, v, true, f);
			final ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
			final byte[] magic = new byte[8];
			b.get(magic);
			assertArrayEquals(RowMajorExport.MAGIC, magic);
			final Layout l = new Layout(g);
			final RowMajor rm = new RowMajor(l, Kernel.JAVA, true);
			final Batch[] batches = l.batches(l.batchSize);
			final int[] header = new int[17];
			for (int i = 0; i < header.length; i++) header[i] = b.getInt();
			assertArrayEquals(new int[] { g.W, g.H, g.row0, g.row1, g.col0, g.col1, rm.ls, rm.rs, 1, fs ? 1 : 0, 1, g.steps, g.m, g.nt,
				g.recIdx.length, g.srcIdx.length, batches.length }, header);
			assertEquals(g.cellsPerStep(), b.getLong());
			assertArrayEquals(l.k, floats(b, 9));
			assertArrayEquals(l.az, floats(b, g.H));
			assertArrayEquals(l.bz, floats(b, g.H));
			final float[] ax = floats(b, g.W), bx = floats(b, g.W);
			for (int x = 0; x < g.W; x++) {
				assertEquals((float) g.ax[x], ax[x]);
				assertEquals((float) g.bx[x], bx[x]);
			}
			for (int z = 0; z < g.H; z++) assertEquals(rm.zAbsorbs[z] ? 1 : 0, b.get());
			for (int z = 0; z < g.H; z++) assertEquals(rm.zTerms[z] ? 1 : 0, b.get());
			final double[] c = g.coefficients(v);
			final float[] cf = floats(b, g.W * g.H);
			for (int i = 0; i < c.length; i++) assertEquals((float) c[i], cf[i]);
			for (int n = 0; n < g.steps; n++) assertEquals(g.source[n], b.getDouble());
			points(b, g.srcIdx, g.srcW);
			points(b, g.recIdx, g.recW);
			for (final Batch bt : batches) {
				assertEquals(bt.first, b.getInt());
				assertEquals(bt.count, b.getInt());
			}
			assertEquals(RowMajorExport.END, b.getInt());
			assertEquals(0, b.remaining());
		}
	}

	@Test
	void tracesFileReadsBackShotByShot(@TempDir final Path dir) throws IOException {
		final Grid2D grid = new Grid2D(20, 20, 10);
		final WaveSetup g = Surveys.small(grid, 8, 10, false, 30, 1e-3, 15, 3000);
		final float[][] t = new float[g.srcIdx.length][g.gatherSize()];
		final ByteBuffer b = ByteBuffer.allocate(4 * t.length * t[0].length).order(ByteOrder.LITTLE_ENDIAN);
		for (int s = 0; s < t.length; s++)
			for (int i = 0; i < t[s].length; i++) b.putFloat(t[s][i] = s * 1000 + i * 0.5f);
		final Path f = dir.resolve("traces.bin");
		Files.write(f, b.array());
		final float[][] r = RowMajorExport.readTraces(g, f);
		for (int s = 0; s < t.length; s++) assertArrayEquals(t[s], r[s]);
		Files.write(f, Arrays.copyOf(b.array(), b.capacity() - 4));
		try {
			RowMajorExport.readTraces(g, f);
			throw new AssertionError("a short traces file was accepted");
		}
		catch (final IOException e) {
			// expected
		}
	}

	private static float[] floats(final ByteBuffer b, final int n) {
		final float[] f = new float[n];
		for (int i = 0; i < n; i++) f[i] = b.getFloat();
		return f;
	}

	private static void points(final ByteBuffer b, final int[][] idx, final double[][] w) {
		for (int i = 0; i < idx.length; i++) {
			assertEquals(idx[i].length, b.getInt());
			for (final int x : idx[i]) assertEquals(x, b.getInt());
			for (final double x : w[i]) assertEquals(x, b.getDouble());
		}
	}
}
