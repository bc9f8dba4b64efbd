package org.memfwi.io.npy;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.memfwi.io.array.FloatArray;

/**
 * Writes single-precision arrays as NumPy {@code .npy} files (format 1.0, little-endian float32, C order), readable by
 * {@code numpy.load}: e.g. a (nz, nx) model, an (N, nz, nx) stack or an (S, nt, R) set of shot gathers.
 */
public final class NpyWriter {

	private NpyWriter() {}

	/** Writes {@code array} to {@code path}, replacing it. */
	public static void write(final Path path, final FloatArray array) throws IOException {
		write(path, array.values(), header(array.shape(), "<f4"));
	}

	/**
	 * Writes a complex64 ({@code <c8}) array of the given shape, C order, from its interleaved parts: value k of the
	 * array is {@code pairs[2k] + i pairs[2k + 1]} (numpy reads it as {@code np.load(f)}, dtype complex64).
	 *
	 * @param pairs {@code 2 * prod(shape)} values, real and imaginary part of each element in turn
	 */
	public static void writeComplex(final Path path, final int[] shape, final float[] pairs) throws IOException {
		if (pairs.length != 2 * FloatArray.count(shape)) throw new IllegalArgumentException(pairs.length + " values are not the real " +
			"and imaginary parts of " + FloatArray.shapeString(shape));
		write(path, pairs, header(shape, "<c8"));
	}

	private static void write(final Path path, final float[] v, final byte[] header) throws IOException {
		try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16)) {
			os.write(header);
			final ByteBuffer b = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
			for (final float x : v) {
				if (!b.hasRemaining()) {
					os.write(b.array(), 0, b.position());
					b.clear();
				}
				b.putFloat(x);
			}
			os.write(b.array(), 0, b.position());
		}
	}

	/** Writes planes of equal size as one (N, height, width) array, or (height, width) when there is one plane and {@code squeeze}. */
	public static void writePlanes(final Path path, final int width, final int height, final float[][] planes, final boolean squeeze)
		throws IOException {
		final int n = planes.length;
		final float[] all = new float[n * width * height];
		for (int k = 0; k < n; k++) {
			if (planes[k].length != width * height) throw new IllegalArgumentException("plane " + (k + 1) + " has " + planes[k].length +
				" values, not " + width + " x " + height);
			System.arraycopy(planes[k], 0, all, k * width * height, width * height);
		}
		write(path, new FloatArray(squeeze && n == 1 ? new int[] { height, width } : new int[] { n, height, width }, all));
	}

	/** The .npy 1.0 header for a little-endian float32 C-order array, padded to a multiple of 64 bytes as numpy does. */
	static byte[] header(final int[] shape) throws IOException {
		return header(shape, "<f4");
	}

	private static byte[] header(final int[] shape, final String descr) throws IOException {
		String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + FloatArray.shapeString(shape) + ", }";
		final int unpadded = 10 + dict.length() + 1;
		final int pad = (64 - unpadded % 64) % 64;
		final StringBuilder b = new StringBuilder(dict);
		for (int i = 0; i < pad; i++) b.append(' ');
		b.append('\n');
		dict = b.toString();
		if (dict.length() > 65535) throw new IllegalArgumentException("shape " + FloatArray.shapeString(shape) + " is too long for a .npy header");
		final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		final DataOutputStream out = new DataOutputStream(bytes);
		out.write(new byte[] { (byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0 });
		out.write(dict.length() & 0xff);
		out.write(dict.length() >>> 8);
		out.write(dict.getBytes(StandardCharsets.ISO_8859_1));
		return bytes.toByteArray();
	}
}
