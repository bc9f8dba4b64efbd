package org.memfwi.io.npy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.memfwi.io.array.ArraySource;
import org.memfwi.io.array.FloatArray;

/**
 * A NumPy {@code .npy} file (format versions 1, 2 and 3) of float32 or float64 values (and, when opened with
 * {@link #openComplexAsPairs}, complex64 or complex128 values as [real, imaginary] pairs), either byte order, C or Fortran
 * order: its header, and its values read as single precision, whole or one entry of the first axis at a time (so that a
 * file of 500 models is never held in memory at once). Only the header is read on opening; the file is opened again
 * for every read, so an instance holds no file handle and is safe to share between threads.
 */
public final class NpyFile implements ArraySource {

	private static final byte[] MAGIC = { (byte) 0x93, 'N', 'U', 'M', 'P', 'Y' };
	private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
	private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
	private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

	private final Path path;
	private final int[] shape;
	private final String descr;
	private final int itemSize;
	private final ByteOrder order;
	private final boolean fortran;
	private final long dataOffset;
	/** Complex values, read as [real, imaginary] pairs along a trailing axis of 2 ({@link #openComplexAsPairs}). */
	private final boolean complex;

	private NpyFile(final Path path, final int[] shape, final String descr, final int itemSize, final ByteOrder order,
		final boolean fortran, final long dataOffset, final boolean complex) {
		this.path = path;
		this.complex = complex;
		if (complex) {
			this.shape = Arrays.copyOf(shape, shape.length + 1);
			this.shape[shape.length] = 2;
		}
		else this.shape = shape;
		this.descr = descr;
		this.itemSize = itemSize;
		this.order = order;
		this.fortran = fortran;
		this.dataOffset = dataOffset;
	}

	/**
	 * Reads and checks the header of a {@code .npy} file.
	 *
	 * @throws IllegalArgumentException naming the file and the fix: not a .npy file, an unsupported dtype (complex,
	 *         integers, objects), a 0-d or empty array, or a file shorter than its header says (truncated)
	 * @throws IOException if the file cannot be read
	 */
	public static NpyFile open(final Path path) throws IOException {
		return open(path, false);
	}

	/**
	 * Reads and checks the header of a {@code .npy} file that may also hold complex values (complex64 {@code <c8} or
	 * complex128 {@code <c16}, either byte order, C or Fortran order): such a file reads as a real array of its shape
	 * with a trailing axis of 2, [real part, imaginary part] (numpy's {@code np.stack([a.real, a.imag], -1)}), in
	 * single precision like every other file. Real files read as by {@link #open(Path)}.
	 *
	 * @throws IllegalArgumentException as {@link #open(Path)}
	 * @throws IOException if the file cannot be read
	 */
	public static NpyFile openComplexAsPairs(final Path path) throws IOException {
		return open(path, true);
	}

	private static NpyFile open(final Path path, final boolean allowComplex) throws IOException {
		final String name = path.getFileName().toString();
		try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
			final long size = ch.size();
			final ByteBuffer pre = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
			readFully(ch, pre, 0);
			pre.flip();
			final byte[] magic = new byte[6];
			if (pre.remaining() >= 6) pre.get(magic);
			for (int i = 0; i < 6; i++)
				if (magic[i] != MAGIC[i]) throw new IllegalArgumentException(name + " is not a NumPy .npy file (it does not start with " +
					"\\x93NUMPY); save arrays with numpy.save");
			if (pre.remaining() < 4) throw truncatedHeader(name);
			final int major = pre.get() & 0xff;
			pre.get();
			final long headerLen;
			final int prefix;
			if (major == 1) {
				headerLen = pre.getShort() & 0xffff;
				prefix = 10;
			}
			else if (major == 2 || major == 3) {
				if (pre.remaining() < 4) throw truncatedHeader(name);
				headerLen = pre.getInt() & 0xffffffffL;
				prefix = 12;
			}
			else throw new IllegalArgumentException(name + " is a .npy file of format version " + major + ", which MemFWI does not know " +
				"(it reads versions 1 to 3); save it again with numpy.save");
			if (prefix + headerLen > size) throw truncatedHeader(name);
			final ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
			readFully(ch, hb, prefix);
			final String header = new String(hb.array(), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
			final Matcher d = DESCR.matcher(header), f = FORTRAN.matcher(header), s = SHAPE.matcher(header);
			if (!d.find() || !f.find() || !s.find()) throw new IllegalArgumentException(name + " has a .npy header MemFWI cannot " +
				"read (" + header.trim() + "); save a plain numeric array with numpy.save");
			final String descr = d.group(1);
			final int[] shape = parseShape(s.group(1), name);
			final ByteOrder order;
			final int item;
			final boolean complex = allowComplex && descr.length() > 2 && descr.charAt(1) == 'c' && descr.substring(2).matches("\\d+");
			switch (complex ? descr.charAt(0) + "f" + Integer.parseInt(descr.substring(2)) / 2 : descr) {
				case "<f4": order = ByteOrder.LITTLE_ENDIAN; item = 4; break;
				case ">f4": order = ByteOrder.BIG_ENDIAN; item = 4; break;
				case "<f8": order = ByteOrder.LITTLE_ENDIAN; item = 8; break;
				case ">f8": order = ByteOrder.BIG_ENDIAN; item = 8; break;
				default: throw unsupported(name, descr);
			}
			final long n = FloatArray.count(shape) * (complex ? 2 : 1);
			final long need = prefix + headerLen + n * item;
			if (size < need) throw new IllegalArgumentException(name + " is truncated: its header says " + FloatArray.shapeString(shape) +
				" " + (complex ? (item == 4 ? "complex64" : "complex128") : item == 4 ? "float32" : "float64") + ", " + (n * item) +
				" bytes of data, but only " + (size - prefix - headerLen) + " bytes follow the header; copy or save the file again");
			return new NpyFile(path, shape, descr, item, order, "True".equals(f.group(1)), prefix + headerLen, complex);
		}
		catch (final NoSuchFileException e) {
			throw new IllegalArgumentException(path + " does not exist; check the file name");
		}
	}

	private static IllegalArgumentException truncatedHeader(final String name) {
		return new IllegalArgumentException(name + " is truncated: it ends inside its .npy header; copy or save the file again");
	}

	private static IllegalArgumentException unsupported(final String name, final String descr) {
		final char kind = descr.length() > 1 ? descr.charAt(1) : '?';
		final String bytes = descr.length() > 2 ? descr.substring(2) : "";
		final String what;
		switch (kind) {
			case 'c': what = "complex" + (bytes.isEmpty() ? "" : Integer.parseInt(bytes) * 8); break;
			case 'i': what = "int" + (bytes.matches("\\d+") ? Integer.parseInt(bytes) * 8 : ""); break;
			case 'u': what = "uint" + (bytes.matches("\\d+") ? Integer.parseInt(bytes) * 8 : ""); break;
			case 'f': what = "float" + (bytes.matches("\\d+") ? Integer.parseInt(bytes) * 8 : ""); break;
			case 'b': what = "boolean"; break;
			default: what = "non-numeric";
		}
		final String fix = kind == 'c' ? "complex arrays are frequency-domain data (import kind=frequency-data reads complex64 and " +
			"complex128); for models or gathers save the real part, e.g. numpy.save(f, a.real.astype(numpy.float32))"
			: "convert it with numpy.save(f, a.astype(numpy.float32))";
		return new IllegalArgumentException(name + " holds " + what + " values (dtype '" + descr + "'); MemFWI reads float32 and " +
			"float64 .npy files: " + fix);
	}

	private static int[] parseShape(final String text, final String name) {
		final String[] parts = text.split(",");
		int count = 0;
		for (final String p : parts)
			if (!p.trim().isEmpty()) count++;
		if (count == 0) throw new IllegalArgumentException(name + " holds a single number (shape ()); MemFWI needs an array of at " +
			"least two axes");
		final int[] shape = new int[count];
		int k = 0;
		for (final String p : parts) {
			final String t = p.trim();
			if (t.isEmpty()) continue;
			final long v = Long.parseLong(t.endsWith("L") ? t.substring(0, t.length() - 1) : t);
			if (v < 1) throw new IllegalArgumentException(name + " is an empty array (shape (" + text.trim() + ")); save a non-empty array");
			if (v > Integer.MAX_VALUE) throw new IllegalArgumentException(name + " has an axis of " + v + " entries, more than " +
				"MemFWI can index; split the array into several files");
			shape[k++] = (int) v;
		}
		return shape;
	}

	private static void readFully(final FileChannel ch, final ByteBuffer b, final long pos) throws IOException {
		long p = pos;
		while (b.hasRemaining()) {
			final int r = ch.read(b, p);
			if (r < 0) break;
			p += r;
		}
	}

	/** The file. */
	public Path path() { return path; }

	@Override
	public String name() { return path.getFileName().toString(); }

	/** The array's shape, slowest axis first (a copy). */
	@Override
	public int[] shape() { return shape.clone(); }

	/** Number of axes. */
	public int rank() { return shape.length; }

	/** numpy's type string, e.g. {@code <f4}. */
	public String dtype() { return descr; }

	/** True if the file holds complex values, read as a trailing axis of 2 (real, imaginary). */
	public boolean isComplex() { return complex; }

	/** True if the values are stored in Fortran order (first axis fastest). */
	public boolean fortranOrder() { return fortran; }

	/** Values per entry of the first axis: the product of every other extent. */
	public int entrySize() {
		final long n = FloatArray.count(shape) / shape[0];
		if (n > Integer.MAX_VALUE) throw new IllegalArgumentException(path.getFileName() + ": one entry of shape " +
			FloatArray.shapeString(shape) + " has " + n + " values, more than one Java array holds");
		return (int) n;
	}

	/**
	 * The whole array in single precision, C order.
	 *
	 * @throws IllegalArgumentException if it has more values than one Java array holds
	 */
	public FloatArray readAll() throws IOException {
		final long n = FloatArray.count(shape);
		if (n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException(path.getFileName() + " has " + n + " values, more than " +
			"MemFWI reads at once; pick entries with index=");
		final float[] out = new float[(int) n];
		for (int i = 0; i < shape[0]; i++) {
			final float[] e = readEntry(i, null);
			System.arraycopy(e, 0, out, i * e.length, e.length);
		}
		return new FloatArray(shape, out);
	}

	/**
	 * Entry {@code i} of the first axis (e.g. model i of (N, 1, nz, nx), data set i of (N, S, nt, R)) in single
	 * precision, its remaining axes in C order.
	 *
	 * @param out {@link #entrySize()} values, filled and returned; allocated when null
	 */
	@Override
	public float[] readEntry(final int i, final float[] out) throws IOException {
		if (i < 0 || i >= shape[0]) throw new IllegalArgumentException("entry " + i + " is beyond " + path.getFileName() + ", which holds " +
			shape[0]);
		final int m = entrySize();
		final float[] o = out != null ? out : new float[m];
		try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
			if (!fortran || shape[0] == 1 && shape.length - (complex ? 1 : 0) <= 2) {
				final ByteBuffer b = ByteBuffer.allocate(m * itemSize).order(order);
				readFully(ch, b, dataOffset + (long) i * m * itemSize);
				b.flip();
				decode(b, o, 0, m);
			}
			else readFortranEntry(ch, i, o);
		}
		return o;
	}

	private void decode(final ByteBuffer b, final float[] o, final int from, final int count) {
		if (itemSize == 4) b.asFloatBuffer().get(o, from, count);
		else for (int k = 0; k < count; k++) o[from + k] = (float) b.getDouble();
	}

	/**
	 * Fortran order: value (i, j) of the rest in Fortran index f(j) lies at {@code i + N f(j)} (complex: its real and
	 * imaginary parts at twice that and the next); gathered from a mapping.
	 */
	private void readFortranEntry(final FileChannel ch, final int i, final float[] o) throws IOException {
		final int parts = complex ? 2 : 1;
		final long bytes = FloatArray.count(shape) * itemSize;
		if (bytes > Integer.MAX_VALUE) throw new IllegalArgumentException(path.getFileName() + " is stored in Fortran order and " +
			"larger than 2 GB; save it in C order (numpy.save(f, numpy.ascontiguousarray(a)))");
		final MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, dataOffset, bytes);
		map.order(order);
		final int rank = shape.length - (complex ? 1 : 0);
		final int[] idx = new int[rank];
		final long[] strideF = new long[rank];
		strideF[0] = 1;
		for (int a = 1; a < rank; a++) strideF[a] = strideF[a - 1] * shape[a - 1];
		for (int k = 0; k < o.length; k += parts) {
			long f = i;
			for (int a = 1; a < rank; a++) f += idx[a] * strideF[a];
			for (int c = 0; c < parts; c++) {
				final long at = f * parts + c;
				o[k + c] = itemSize == 4 ? map.getFloat((int) (at * 4)) : (float) map.getDouble((int) (at * 8));
			}
			for (int a = rank - 1; a >= 1; a--) {
				if (++idx[a] < shape[a]) break;
				idx[a] = 0;
			}
		}
	}
}
