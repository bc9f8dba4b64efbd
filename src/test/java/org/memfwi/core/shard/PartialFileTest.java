package org.memfwi.core.shard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartialFileTest {

	@TempDir
	Path dir;

	@Test
	void roundTripKeepsEveryBitAndTheLayoutIsTheDocumentedOne() throws IOException {
		final double[] a = { 1.5, -0.0, Double.MIN_VALUE, Double.NEGATIVE_INFINITY, Math.PI };
		final int[] b = { 7, -1 };
		final Path f = dir.resolve("partial.bin");
		new PartialFile().put("kind", "x").put("note", "two\nlines and a \\ backslash").array("a", a).array("b", b).write(f);
		final PartialFile r = PartialFile.read(f);
		assertEquals(1, r.version());
		assertEquals("two\nlines and a \\ backslash", r.get("note"));
		assertArrayEquals(a, r.doubles("a"), 0);
		assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(r.doubles("a")[1]));
		assertArrayEquals(b, r.ints("b"));
		// Independent reader of the documented layout: header lines, an empty line, then raw little-endian values.
		final byte[] all = Files.readAllBytes(f);
		final String text = new String(all, StandardCharsets.ISO_8859_1);
		final int end = text.indexOf("\n\n") + 2;
		assertTrue(text.startsWith("MEMFWI-PARTIAL 1\nkind=x\n"), text.substring(0, end));
		assertTrue(text.substring(0, end).contains("array.a=f64:5\narray.b=i32:2\ncrc32="));
		final ByteBuffer buf = ByteBuffer.wrap(all, end, all.length - end).order(ByteOrder.LITTLE_ENDIAN);
		for (final double v : a) assertEquals(Double.doubleToRawLongBits(v), Double.doubleToRawLongBits(buf.getDouble()));
		assertEquals(7, buf.getInt());
		assertEquals(-1, buf.getInt());
		assertEquals(0, buf.remaining());
	}

	@Test
	void unknownKeysAndArraysOfALaterMinorVersionAreSkipped() throws IOException {
		final Path f = dir.resolve("partial.bin");
		new PartialFile().put("kind", "x").put("future.key", "1").array("future", new float[] { 1, 2 }).array("a", new double[] { 3 })
			.write(f);
		assertArrayEquals(new double[] { 3 }, PartialFile.read(f).doubles("a"), 0);
	}

	@Test
	void newerVersionsDamagedAndForeignFilesAreRefusedByName() throws IOException {
		final Path f = dir.resolve("partial.bin");
		new PartialFile().put("kind", "x").array("a", new double[] { 1, 2, 3 }).write(f);
		final byte[] all = Files.readAllBytes(f);
		all[all.length - 1] ^= 1;
		Files.write(f, all);
		assertTrue(assertThrows(IllegalArgumentException.class, () -> PartialFile.read(f)).getMessage()
			.endsWith("is damaged (checksum mismatch); run that shard again"));
		Files.write(f, "MEMFWI-PARTIAL 2\ncrc32=0\n\n".getBytes(StandardCharsets.UTF_8));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> PartialFile.read(f)).getMessage()
			.contains("is a partial of format version 2 but this MemFWI reads versions 1 to 1"));
		Files.write(f, "hello".getBytes(StandardCharsets.UTF_8));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> PartialFile.read(f)).getMessage().contains("is not a MemFWI partial"));
	}

	@Test
	void settingsHashChangesWithEveryValue() {
		final String h = new SettingsHash().add("data", new double[] { 1, 2 }).add("noise", 0.1).hex();
		assertEquals(64, h.length());
		assertEquals(h, new SettingsHash().add("data", new double[] { 1, 2 }).add("noise", 0.1).hex());
		assertTrue(!h.equals(new SettingsHash().add("data", new double[] { 1, 2 }).add("noise", Math.nextUp(0.1)).hex()));
		assertTrue(!h.equals(new SettingsHash().add("data", new double[] { 2, 1 }).add("noise", 0.1).hex()));
	}
}
