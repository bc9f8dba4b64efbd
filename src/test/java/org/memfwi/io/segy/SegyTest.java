package org.memfwi.io.segy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SEG-Y round trips in every format and byte order, IBM floats against hand-decoded values, grouping and bad files. */
class SegyTest {

	@TempDir
	Path dir;

	@Test
	void ibmFloatsOfKnownBits() {
		// the example of the SEG-Y standard: -118.625 = 0xC276A000
		assertEquals(-118.625f, IbmFloat.toFloat(0xC276A000));
		assertEquals(0xC276A000, IbmFloat.toBits(-118.625f));
		assertEquals(100f, IbmFloat.toFloat(0x42640000));
		assertEquals(1f, IbmFloat.toFloat(0x41100000));
		assertEquals(0x41100000, IbmFloat.toBits(1f));
		assertEquals(0, IbmFloat.toBits(0f));
		final Random rnd = new Random(3);
		for (int i = 0; i < 10000; i++) {
			final float v = (float) (rnd.nextGaussian() * Math.pow(10, rnd.nextInt(20) - 10));
			assertEquals(v, IbmFloat.toFloat(IbmFloat.toBits(v)), Math.abs(v) * Math.scalb(1.0, -21), "round trip of " + v);
		}
	}

	private static float[][] gathers(final int s, final int nt, final int r) {
		final float[][] g = new float[s][nt * r];
		for (int k = 0; k < s; k++)
			for (int i = 0; i < nt * r; i++) g[k][i] = (float) Math.sin(0.37 * i + k) * (k + 1) * 1e-3f;
		return g;
	}

	@Test
	void gathersRoundTripInEveryFormatAndByteOrder() throws IOException {
		final float[][] g = gathers(3, 50, 7);
		final double[] sx = { 0, 170, 340.25 }, sz = { 10, 10, 10 };
		final double[] rx = new double[7], rz = new double[7];
		for (int i = 0; i < 7; i++) {
			rx[i] = 10 * i + 5;
			rz[i] = 10;
		}
		for (final ByteOrder o : new ByteOrder[] { ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN })
			for (final boolean ibm : new boolean[] { false, true }) {
				final Path p = dir.resolve("g.sgy");
				final SegyWriter w = ibm ? SegyWriter.ieee().withOrder(o).withIbm() : SegyWriter.ieee().withOrder(o);
				w.writeGathers(p, g, 50, 1e-3, sx, sz, rx, rz);
				assertEquals(3600 + 21 * (240 + 200), Files.size(p));
				final SegyFile f = SegyFile.read(p);
				assertEquals(o, f.order);
				assertEquals(ibm ? 1 : 5, f.format);
				assertEquals(50, f.ns);
				assertEquals(1e-3, f.interval, 1e-15);
				final SegyLayouts.Gathers back = SegyLayouts.gathers(f, SegyLayouts.Grouping.AUTO, Double.NaN);
				assertArrayEquals(sx, back.sourceX, 1e-9);
				assertArrayEquals(sz, back.sourceZ, 1e-9);
				assertArrayEquals(rx, back.receiverX, 1e-9);
				assertArrayEquals(rz, back.receiverZ, 1e-9);
				assertEquals(3, back.shots.size());
				assertEquals(7, back.shots.width);
				for (int k = 0; k < 3; k++)
					for (int i = 0; i < g[k].length; i++)
						assertEquals(g[k][i], back.shots.planes[k][i], ibm ? Math.abs(g[k][i]) * 1e-6 : 0, "shot " + k + " value " + i);
				final SegyLayouts.Gathers bySource = SegyLayouts.gathers(f, SegyLayouts.Grouping.SOURCE, Double.NaN);
				assertArrayEquals(back.shots.planes[2], bySource.shots.planes[2]);
			}
	}

	@Test
	void modelsOneTracePerColumnWithCellSizeFromCdpX() throws IOException {
		final float[] m = new float[6 * 4];
		for (int i = 0; i < m.length; i++) m[i] = 1500 + 10 * i;
		final Path p = dir.resolve("m.segy");
		SegyWriter.ieee().writeModels(p, new float[][] { m }, 6, 4, 12.5);
		final SegyFile f = SegyFile.read(p);
		assertEquals(6, f.size());
		final SegyLayouts.Model back = SegyLayouts.model(f, Double.NaN, Double.NaN);
		assertEquals(12.5, back.dx, 1e-12);
		assertArrayEquals(m, back.model.planes[0]);
		assertEquals(6, back.model.width);
		assertEquals(20, SegyLayouts.model(f, 20, Double.NaN).dx);
		assertEquals(f.name + ": cells of dx = 12.5 m by dz = 5.0 m are not square, and MemFWI's grids are; resample the model to " +
			"square cells first", assertThrows(IllegalArgumentException.class, () -> SegyLayouts.model(f, Double.NaN, 5)).getMessage());
	}

	@Test
	void inconsistentTraceLengthsAndZeroIntervalNamed() throws IOException {
		final Path p = dir.resolve("bad.sgy");
		SegyWriter.ieee().writeGathers(p, gathers(2, 10, 3), 10, 2e-3, new double[] { 0, 50 }, new double[] { 0, 0 },
			new double[] { 0, 10, 20 }, new double[] { 0, 0, 0 });
		final byte[] ok = Files.readAllBytes(p);
		Files.write(p, Arrays.copyOf(ok, ok.length - 4));
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SegyFile.read(p));
		assertEquals("bad.sgy does not hold a whole number of traces of 10 samples (1676 bytes after the headers, 280 per trace): its " +
			"traces have inconsistent lengths or it is truncated; MemFWI reads fixed-length traces only", e.getMessage());
		// trace 2 says 9 samples
		final byte[] b = ok.clone();
		ByteBuffer.wrap(b).putShort(3600 + 280 + 114, (short) 9);
		Files.write(p, b);
		assertEquals("bad.sgy: trace 2 has 9 samples but the binary header says 10; the traces have inconsistent lengths, and MemFWI " +
			"reads fixed-length traces only (resample or pad them to one length)",
			assertThrows(IllegalArgumentException.class, () -> SegyFile.read(p)).getMessage());
		// zero interval in the binary header and every trace header
		final ByteBuffer z = ByteBuffer.wrap(ok.clone());
		z.putShort(3216, (short) 0);
		for (int k = 0; k < 6; k++) z.putShort(3600 + k * 280 + 116, (short) 0);
		Files.write(p, z.array());
		final SegyFile f = SegyFile.read(p);
		assertEquals("bad.sgy has a zero sample interval in its binary and trace headers; give the time step with dt= (s)",
			assertThrows(IllegalArgumentException.class, () -> SegyLayouts.gathers(f, SegyLayouts.Grouping.AUTO, Double.NaN)).getMessage());
		assertEquals(2e-3, SegyLayouts.gathers(f, SegyLayouts.Grouping.AUTO, 2e-3).dt);
		Files.write(p, new byte[100]);
		assertTrue(assertThrows(IllegalArgumentException.class, () -> SegyFile.read(p)).getMessage().contains("fewer than the 3600"));
	}

	@Test
	void movingSpreadRefused() throws IOException {
		final Path p = dir.resolve("spread.sgy");
		SegyWriter.ieee().writeGathers(p, gathers(2, 4, 3), 4, 1e-3, new double[] { 0, 50 }, new double[] { 0, 0 },
			new double[] { 0, 10, 20 }, new double[] { 0, 0, 0 });
		final byte[] b = Files.readAllBytes(p);
		ByteBuffer.wrap(b).putInt(3600 + 4 * (240 + 16) + 80, 3000); // shot 2, receiver 2 at 30 m
		Files.write(p, b);
		final SegyFile f = SegyFile.read(p);
		assertEquals("spread.sgy: shot 2 (field record 2) has receiver 2 at x = 30.0 m but shot 1 at x = 10.0 m; MemFWI needs one fixed " +
			"receiver line for all shots", assertThrows(IllegalArgumentException.class,
				() -> SegyLayouts.gathers(f, SegyLayouts.Grouping.AUTO, Double.NaN)).getMessage());
	}
}
