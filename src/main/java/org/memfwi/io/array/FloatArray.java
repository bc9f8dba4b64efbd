package org.memfwi.io.array;

import java.util.Arrays;

/**
 * An n-dimensional array of single-precision values read from or written to a file, in C order (last axis fastest):
 * a (nz, nx) velocity model is a flat array with x fastest, the order of the core and of ImageJ's FloatProcessor; a
 * (nt, R) shot gather has receivers fastest. Holds its values without copying.
 */
public final class FloatArray {

	private final int[] shape;
	private final float[] values;

	/**
	 * @param shape the extent of every axis, slowest first
	 * @param values prod(shape) values in C order, not copied
	 * @throws IllegalArgumentException if the shape is empty, has an extent below 1 or does not match the values
	 */
	public FloatArray(final int[] shape, final float[] values) {
		if (shape == null || shape.length == 0) throw new IllegalArgumentException("an array needs at least one axis");
		final long n = count(shape);
		if (values.length != n) throw new IllegalArgumentException("shape " + shapeString(shape) + " holds " + n +
			" values but " + values.length + " were given");
		this.shape = shape.clone();
		this.values = values;
	}

	/** The number of values of an array of this shape; throws if an extent is below 1. */
	public static long count(final int[] shape) {
		long n = 1;
		for (final int s : shape) {
			if (s < 1) throw new IllegalArgumentException("shape " + shapeString(shape) + " has an empty axis");
			n *= s;
		}
		return n;
	}

	/** The shape as numpy prints it, e.g. {@code (500, 1, 70, 70)}. */
	public static String shapeString(final int[] shape) {
		final StringBuilder b = new StringBuilder("(");
		for (int i = 0; i < shape.length; i++) {
			if (i > 0) b.append(", ");
			b.append(shape[i]);
		}
		if (shape.length == 1) b.append(',');
		return b.append(')').toString();
	}

	/** The extent of every axis, slowest first (a copy). */
	public int[] shape() { return shape.clone(); }

	/** Number of axes. */
	public int rank() { return shape.length; }

	/** Extent of axis {@code a}. */
	public int size(final int a) { return shape[a]; }

	/** The values in C order (not a copy; do not modify unless you own the array). */
	public float[] values() { return values; }

	@Override
	public String toString() { return "float array " + shapeString(shape); }

	@Override
	public boolean equals(final Object o) {
		return o instanceof FloatArray && Arrays.equals(shape, ((FloatArray) o).shape) && Arrays.equals(values, ((FloatArray) o).values);
	}

	@Override
	public int hashCode() { return 31 * Arrays.hashCode(shape) + Arrays.hashCode(values); }
}
