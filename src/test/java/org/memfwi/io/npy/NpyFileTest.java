package org.memfwi.io.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.memfwi.io.array.ArrayLayouts;
import org.memfwi.io.array.FloatArray;
import org.memfwi.io.array.Planes;

/** .npy files written byte by byte here (every dtype, byte order and memory order), and round trips through the writer. */
class NpyFileTest {

	@TempDir
	Path dir;

	/** Value of element (multi-index) in the test arrays: distinct for every element. */
	private static double value(final int[] idx) {
		double v = 0;
		for (final int i : idx) v = v * 10 + i + 1;
		return v + 0.25;
	}

	/** A .npy file of the given dtype and order whose element (i, j, ...) is {@link #value}, written without NpyWriter. */
	private Path write(final String name, final String descr, final boolean fortran, final int... shape) throws IOException {
		final boolean complex = descr.charAt(1) == 'c';
		final int item = descr.endsWith("f8") || descr.endsWith("c16") ? 8 : 4;
		final ByteOrder order = descr.startsWith(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
		final int n = (int) FloatArray.count(shape);
		final ByteBuffer b = ByteBuffer.allocate(n * item * (complex ? 2 : 1)).order(order);
		final int[] idx = new int[shape.length];
		for (int k = 0; k < n; k++) {
			// linear position k in the file's order -> multi-index
			int r = k;
			if (fortran) for (int a = 0; a < shape.length; a++) { idx[a] = r % shape[a]; r /= shape[a]; }
			else for (int a = shape.length - 1; a >= 0; a--) { idx[a] = r % shape[a]; r /= shape[a]; }
			if (item == 4) b.putFloat((float) value(idx));
			else b.putDouble(value(idx));
			// the imaginary part of a complex element: minus half its real part
			if (complex && item == 4) b.putFloat((float) (-value(idx) / 2));
			else if (complex) b.putDouble(-value(idx) / 2);
		}
		final String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': " +
			FloatArray.shapeString(shape) + ", }\n";
		final ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(new byte[] { (byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) dict.length(), 0 });
		out.write(dict.getBytes(StandardCharsets.ISO_8859_1));
		out.write(b.array());
		final Path p = dir.resolve(name);
		Files.write(p, out.toByteArray());
		return p;
	}

	private static float expected(final int... idx) { return (float) value(idx); }

	@Test
	void readsEveryDtypeByteOrderAndMemoryOrder() throws IOException {
		for (final String descr : new String[] { "<f4", ">f4", "<f8", ">f8" })
			for (final boolean fortran : new boolean[] { false, true }) {
				final NpyFile f = NpyFile.open(write("a.npy", descr, fortran, 3, 4, 5));
				assertArrayEquals(new int[] { 3, 4, 5 }, f.shape());
				assertEquals(fortran, f.fortranOrder());
				final FloatArray a = f.readAll();
				for (int i = 0; i < 3; i++)
					for (int j = 0; j < 4; j++)
						for (int k = 0; k < 5; k++)
							assertEquals(expected(i, j, k), a.values()[k + 5 * (j + 4 * i)], descr + " fortran=" + fortran + " at " + i + "," + j + "," + k);
				final float[] e = f.readEntry(2, null);
				assertEquals(expected(2, 3, 1), e[1 + 5 * 3], descr);
			}
	}

	/** Complex64 and complex128, both byte orders, C and Fortran order: a trailing axis of (real, imaginary), entry by entry too. */
	@Test
	void complexReadAsRealImaginaryPairsOnlyWhenAsked() throws IOException {
		for (final String descr : new String[] { "<c8", ">c8", "<c16", ">c16" })
			for (final boolean fortran : new boolean[] { false, true }) {
				final Path p = write("c.npy", descr, fortran, 3, 4, 5);
				final NpyFile f = NpyFile.openComplexAsPairs(p);
				assertTrue(f.isComplex());
				assertArrayEquals(new int[] { 3, 4, 5, 2 }, f.shape());
				final FloatArray a = f.readAll();
				for (int i = 0; i < 3; i++)
					for (int j = 0; j < 4; j++)
						for (int k = 0; k < 5; k++) {
							final int at = 2 * (k + 5 * (j + 4 * i));
							final String where = descr + " fortran=" + fortran + " at " + i + "," + j + "," + k;
							assertEquals(expected(i, j, k), a.values()[at], where);
							assertEquals((float) (-value(new int[] { i, j, k }) / 2), a.values()[at + 1], where);
						}
				final float[] e = f.readEntry(1, null);
				assertEquals(40, e.length);
				assertEquals(expected(1, 3, 2), e[2 * (2 + 5 * 3)], descr);
				final IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> NpyFile.open(p));
				assertTrue(x.getMessage().startsWith("c.npy holds complex" + (descr.endsWith("16") ? "128" : "64") + " values (dtype '" +
					descr + "'); MemFWI reads float32 and float64 .npy files: complex arrays are frequency-domain data (import " +
					"kind=frequency-data"), x.getMessage());
			}
		assertFalse(NpyFile.openComplexAsPairs(write("r.npy", "<f4", false, 2, 3)).isComplex());
	}

	/** Fortran order with one entry of three axes or more is not C order within the entry. */
	@Test
	void fortranOrderWithOneEntry() throws IOException {
		final FloatArray a = NpyFile.open(write("one.npy", "<f4", true, 1, 3, 4)).readAll();
		for (int j = 0; j < 3; j++)
			for (int k = 0; k < 4; k++) assertEquals(expected(0, j, k), a.values()[k + 4 * j], j + "," + k);
	}

	@Test
	void openFwiModelsPickedByIndexListAndRange() throws IOException {
		final NpyFile f = NpyFile.open(write("model1.npy", "<f4", false, 6, 1, 3, 4));
		final Planes p = ArrayLayouts.models(f, "4,0-1");
		assertEquals(3, p.size());
		assertEquals(4, p.width);
		assertEquals(3, p.height);
		assertEquals(expected(4, 0, 2, 3), p.planes[0][3 + 4 * 2]);
		assertEquals(expected(0, 0, 1, 0), p.planes[1][4]);
		assertEquals(expected(1, 0, 0, 0), p.planes[2][0]);
		assertEquals("model 4 of model1.npy", p.labels[0]);
		assertEquals(6, ArrayLayouts.models(f, "").size());
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ArrayLayouts.models(f, "6"));
		assertEquals("index=6 is beyond model1.npy, which holds 6 entries; give 0-based indices from 0 to 5", e.getMessage());
	}

	@Test
	void plainModelArrays() throws IOException {
		final Planes one = ArrayLayouts.models(NpyFile.open(write("m.npy", ">f8", true, 3, 4)), null);
		assertEquals(1, one.size());
		assertEquals(expected(2, 1), one.planes[0][1 + 4 * 2]);
		final Planes many = ArrayLayouts.models(NpyFile.open(write("s.npy", "<f4", false, 2, 3, 4)), "1");
		assertEquals(expected(1, 2, 3), many.planes[0][11]);
	}

	@Test
	void openFwiGathers() throws IOException {
		final NpyFile f = NpyFile.open(write("data1.npy", "<f4", false, 3, 2, 5, 4));
		final Planes g = ArrayLayouts.gathers(f, "2");
		assertEquals(2, g.size());
		assertEquals(4, g.width);
		assertEquals(5, g.height);
		assertEquals(expected(2, 1, 3, 2), g.planes[1][2 + 4 * 3]);
		assertEquals("data1.npy holds 3 data sets (3, 2, 5, 4); pick one with index= (0 to 2)",
			assertThrows(IllegalArgumentException.class, () -> ArrayLayouts.gathers(f, null)).getMessage());
		assertTrue(assertThrows(IllegalArgumentException.class, () -> ArrayLayouts.models(f, "0")).getMessage()
			.contains("the layout of shot gathers (N, S, nt, R)"));
		final Planes s = ArrayLayouts.gathers(NpyFile.open(write("shots.npy", "<f4", false, 2, 5, 4)), null);
		assertEquals(2, s.size());
		assertEquals(expected(1, 4, 3), s.planes[1][19]);
	}

	@Test
	void truncatedFileNamed() throws IOException {
		final Path p = write("t.npy", "<f4", false, 10, 7);
		final byte[] all = Files.readAllBytes(p);
		Files.write(p, Arrays.copyOf(all, all.length - 9));
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NpyFile.open(p));
		assertEquals("t.npy is truncated: its header says (10, 7) float32, 280 bytes of data, but only 271 bytes follow the header; " +
			"copy or save the file again", e.getMessage());
		Files.write(p, Arrays.copyOf(all, 20));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> NpyFile.open(p)).getMessage().contains("ends inside its .npy header"));
	}

	@Test
	void unsupportedDtypesNamed() throws IOException {
		final Path c = write("c.npy", "<f8", false, 2, 2);
		Files.write(c, new String(Files.readAllBytes(c), StandardCharsets.ISO_8859_1).replace("'<f8'", "'<c8'").getBytes(StandardCharsets.ISO_8859_1));
		assertEquals("c.npy holds complex64 values (dtype '<c8'); MemFWI reads float32 and float64 .npy files: complex arrays are " +
			"frequency-domain data (import kind=frequency-data reads complex64 and complex128); for models or gathers save the real " +
			"part, e.g. numpy.save(f, a.real.astype(numpy.float32))",
			assertThrows(IllegalArgumentException.class, () -> NpyFile.open(c)).getMessage());
		Files.write(c, new String(Files.readAllBytes(c), StandardCharsets.ISO_8859_1).replace("'<c8'", "'<i8'").getBytes(StandardCharsets.ISO_8859_1));
		assertEquals("c.npy holds int64 values (dtype '<i8'); MemFWI reads float32 and float64 .npy files: convert it with " +
			"numpy.save(f, a.astype(numpy.float32))", assertThrows(IllegalArgumentException.class, () -> NpyFile.open(c)).getMessage());
		final Path t = dir.resolve("x.npy");
		Files.write(t, "hello world, not numpy".getBytes(StandardCharsets.US_ASCII));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> NpyFile.open(t)).getMessage().startsWith("x.npy is not a NumPy .npy file"));
	}

	@Test
	void writerRoundTripAndHeaderAlignment() throws IOException {
		final float[] v = new float[2 * 3 * 5];
		for (int i = 0; i < v.length; i++) v[i] = i * 1.5f - 7;
		final Path p = dir.resolve("w.npy");
		NpyWriter.write(p, new FloatArray(new int[] { 2, 3, 5 }, v));
		final NpyFile f = NpyFile.open(p);
		assertEquals("<f4", f.dtype());
		assertEquals(new FloatArray(new int[] { 2, 3, 5 }, v), f.readAll());
		assertEquals(0, (Files.size(p) - 4L * v.length) % 64, "numpy pads the header to 64 bytes");
	}
}
