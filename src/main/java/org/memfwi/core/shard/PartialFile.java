package org.memfwi.core.shard;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * The on-disk container of a partial posterior ({@code partial.bin}): a text header of {@code key=value} lines and
 * named arrays of raw little-endian numbers. Layout, version 1:
 * <pre>
 * MEMFWI-PARTIAL 1\n                      magic and format version
 * key=value\n ...                         metadata (UTF-8; in values a backslash is written \\ and a newline \n)
 * array.NAME=TYPE:LENGTH\n ...            one line per array, in storage order; TYPE is f64, f32, i32 or i64
 * crc32=HEX\n                             CRC-32 of the binary part
 * \n                                      an empty line ends the header
 * binary part                             the arrays' values, little-endian, one after another, no padding
 * </pre>
 * A reader skips metadata keys and arrays it does not know, so later versions may add both; a change that an older
 * reader would misread raises the version, and {@link #read} refuses versions above {@link #VERSION}. Files are written
 * to a temporary name and moved into place, so a crash never leaves a half-written partial.
 */
public final class PartialFile {

	/** The format version this code writes and the newest it reads. */
	public static final int VERSION = 1;

	/** The file name in a run's output folder. */
	public static final String NAME = "partial.bin";

	private static final String MAGIC = "MEMFWI-PARTIAL";

	private final Map<String, String> meta = new LinkedHashMap<>();
	private final Map<String, Object> arrays = new LinkedHashMap<>();
	private int version = VERSION;

	/** An empty container. */
	public PartialFile() {}

	/** Sets a metadata value (no '=' restrictions: values are escaped). */
	public PartialFile put(final String key, final Object value) {
		checkKey(key);
		meta.put(key, String.valueOf(value));
		return this;
	}

	/** Stores an array (not copied): double[], float[], int[] or long[]. */
	public PartialFile array(final String name, final Object values) {
		checkKey(name);
		if (!(values instanceof double[] || values instanceof float[] || values instanceof int[] || values instanceof long[]))
			throw new IllegalArgumentException("array " + name + " must be double[], float[], int[] or long[]");
		arrays.put(name, values);
		return this;
	}

	private static void checkKey(final String key) {
		if (key.isEmpty() || !key.matches("[A-Za-z0-9_.-]+")) throw new IllegalArgumentException("bad key '" + key + "'");
	}

	/** The format version of the file read (VERSION for a new container). */
	public int version() { return version; }

	/** The metadata, in order (unmodifiable). */
	public Map<String, String> meta() { return Collections.unmodifiableMap(meta); }

	/** A metadata value, or null. */
	public String get(final String key) { return meta.get(key); }

	/** A required metadata value. */
	public String require(final String key) {
		final String v = meta.get(key);
		if (v == null) throw new IllegalArgumentException("the partial has no '" + key + "'; it was not written by MemFWI or is damaged");
		return v;
	}

	public int requireInt(final String key) {
		try {
			return Integer.parseInt(require(key));
		}
		catch (final NumberFormatException e) {
			throw new IllegalArgumentException("the partial's '" + key + "' is not a whole number: " + meta.get(key));
		}
	}

	public double requireDouble(final String key) {
		try {
			return Double.parseDouble(require(key));
		}
		catch (final NumberFormatException e) {
			throw new IllegalArgumentException("the partial's '" + key + "' is not a number: " + meta.get(key));
		}
	}

	/** The array names, in storage order. */
	public Set<String> arrayNames() { return Collections.unmodifiableSet(arrays.keySet()); }

	/** Whether the array is present. */
	public boolean has(final String name) { return arrays.containsKey(name); }

	public double[] doubles(final String name) { return typed(name, double[].class); }

	public float[] floats(final String name) { return typed(name, float[].class); }

	public int[] ints(final String name) { return typed(name, int[].class); }

	public long[] longs(final String name) { return typed(name, long[].class); }

	private <T> T typed(final String name, final Class<T> type) {
		final Object a = arrays.get(name);
		if (a == null) throw new IllegalArgumentException("the partial has no array '" + name + "'; it was not written by MemFWI " +
			"or is damaged");
		if (!type.isInstance(a)) throw new IllegalArgumentException("the partial's array '" + name + "' is not of type " +
			type.getSimpleName());
		return type.cast(a);
	}

	/** Writes the container atomically (temporary file in the same folder, then a move). */
	public void write(final Path file) throws IOException {
		final ByteArrayOutputStream body = new ByteArrayOutputStream();
		final StringBuilder head = new StringBuilder(MAGIC).append(' ').append(VERSION).append('\n');
		for (final Map.Entry<String, String> e : meta.entrySet())
			head.append(e.getKey()).append('=').append(escape(e.getValue())).append('\n');
		for (final Map.Entry<String, Object> e : arrays.entrySet()) {
			final Object a = e.getValue();
			final byte[] bytes = encode(a);
			head.append("array.").append(e.getKey()).append('=').append(typeOf(a)).append(':').append(lengthOf(a)).append('\n');
			body.write(bytes, 0, bytes.length);
		}
		final byte[] data = body.toByteArray();
		final CRC32 crc = new CRC32();
		crc.update(data, 0, data.length);
		head.append("crc32=").append(Long.toHexString(crc.getValue())).append("\n\n");
		final Path dir = file.toAbsolutePath().getParent();
		Files.createDirectories(dir);
		final Path tmp = Files.createTempFile(dir, ".partial-", ".tmp");
		try {
			final byte[] h = head.toString().getBytes(StandardCharsets.UTF_8);
			final byte[] all = new byte[h.length + data.length];
			System.arraycopy(h, 0, all, 0, h.length);
			System.arraycopy(data, 0, all, h.length, data.length);
			Files.write(tmp, all);
			try {
				Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			}
			catch (final AtomicMoveNotSupportedException e) {
				Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
			}
		}
		finally {
			Files.deleteIfExists(tmp);
		}
	}

	/**
	 * Reads a container.
	 *
	 * @throws IllegalArgumentException naming the file if it is not a partial, is damaged or comes from a newer version
	 */
	public static PartialFile read(final Path file) throws IOException {
		final byte[] all = Files.readAllBytes(file);
		final PartialFile p = new PartialFile();
		int pos = 0;
		final String first = line(all, pos, file);
		pos += first.getBytes(StandardCharsets.UTF_8).length + 1;
		if (!first.startsWith(MAGIC + " ")) throw new IllegalArgumentException(file + " is not a MemFWI partial (no '" + MAGIC +
			"' header)");
		try {
			p.version = Integer.parseInt(first.substring(MAGIC.length() + 1).trim());
		}
		catch (final NumberFormatException e) {
			throw new IllegalArgumentException(file + " has a bad format version: " + first);
		}
		if (p.version > VERSION || p.version < 1) throw new IllegalArgumentException(file + " is a partial of format version " +
			p.version + " but this MemFWI reads versions 1 to " + VERSION + "; merge with the MemFWI that wrote it or a newer one");
		final Map<String, String> arrayTypes = new LinkedHashMap<>();
		String crc = null;
		while (true) {
			final String l = line(all, pos, file);
			pos += l.getBytes(StandardCharsets.UTF_8).length + 1;
			if (l.isEmpty()) break;
			final int eq = l.indexOf('=');
			if (eq < 1) throw new IllegalArgumentException(file + " has a damaged header line: " + l);
			final String k = l.substring(0, eq), v = unescape(l.substring(eq + 1));
			if (k.startsWith("array.")) arrayTypes.put(k.substring(6), v);
			else if (k.equals("crc32")) crc = v;
			else p.meta.put(k, v);
		}
		final CRC32 c = new CRC32();
		c.update(all, pos, all.length - pos);
		if (crc == null || !Long.toHexString(c.getValue()).equals(crc)) throw new IllegalArgumentException(file +
			" is damaged (checksum mismatch); run that shard again");
		final ByteBuffer buf = ByteBuffer.wrap(all, pos, all.length - pos).order(ByteOrder.LITTLE_ENDIAN);
		for (final Map.Entry<String, String> e : arrayTypes.entrySet()) {
			final String[] tl = e.getValue().split(":");
			final int n;
			try {
				n = Integer.parseInt(tl[1]);
			}
			catch (final RuntimeException ex) {
				throw new IllegalArgumentException(file + " has a damaged array line: " + e.getValue());
			}
			final int size = tl[0].equals("f64") || tl[0].equals("i64") ? 8 : 4;
			if (buf.remaining() < (long) n * size) throw new IllegalArgumentException(file + " is truncated in array " + e.getKey());
			switch (tl[0]) {
				case "f64": { final double[] a = new double[n]; buf.asDoubleBuffer().get(a); p.arrays.put(e.getKey(), a); break; }
				case "f32": { final float[] a = new float[n]; buf.asFloatBuffer().get(a); p.arrays.put(e.getKey(), a); break; }
				case "i32": { final int[] a = new int[n]; buf.asIntBuffer().get(a); p.arrays.put(e.getKey(), a); break; }
				case "i64": { final long[] a = new long[n]; buf.asLongBuffer().get(a); p.arrays.put(e.getKey(), a); break; }
				default: throw new IllegalArgumentException(file + " has an array of unknown type " + tl[0]);
			}
			buf.position(buf.position() + n * size);
		}
		return p;
	}

	private static String line(final byte[] all, final int from, final Path file) {
		for (int i = from; i < all.length; i++)
			if (all[i] == '\n') return new String(all, from, i - from, StandardCharsets.UTF_8);
		throw new IllegalArgumentException(file + " is not a MemFWI partial or is truncated (header not terminated)");
	}

	private static String typeOf(final Object a) {
		return a instanceof double[] ? "f64" : a instanceof float[] ? "f32" : a instanceof int[] ? "i32" : "i64";
	}

	private static int lengthOf(final Object a) {
		return a instanceof double[] ? ((double[]) a).length : a instanceof float[] ? ((float[]) a).length :
			a instanceof int[] ? ((int[]) a).length : ((long[]) a).length;
	}

	private static byte[] encode(final Object a) {
		final int n = lengthOf(a);
		final ByteBuffer b = ByteBuffer.allocate(n * (a instanceof double[] || a instanceof long[] ? 8 : 4)).order(ByteOrder.LITTLE_ENDIAN);
		if (a instanceof double[]) b.asDoubleBuffer().put((double[]) a);
		else if (a instanceof float[]) b.asFloatBuffer().put((float[]) a);
		else if (a instanceof int[]) b.asIntBuffer().put((int[]) a);
		else b.asLongBuffer().put((long[]) a);
		return b.array();
	}

	private static String escape(final String s) {
		return s.replace("\\", "\\\\").replace("\n", "\\n");
	}

	private static String unescape(final String s) {
		final StringBuilder b = new StringBuilder(s.length());
		for (int i = 0; i < s.length(); i++) {
			final char c = s.charAt(i);
			if (c == '\\' && i + 1 < s.length()) {
				final char n = s.charAt(++i);
				b.append(n == 'n' ? '\n' : n);
			}
			else b.append(c);
		}
		return b.toString();
	}
}
