package org.memfwi.io.hdf5;

import java.io.Closeable;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.memfwi.io.array.ArraySource;
import org.memfwi.io.array.FloatArray;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import io.jhdf.object.datatype.CompoundDataType;
import io.jhdf.object.datatype.FloatingPoint;

/**
 * A floating-point dataset of an HDF5 file, read through jhdf (pure Java) one entry of its first axis at a time: e.g.
 * the paper code's reflectivity archive {@code broadband_dm} of shape (N, nz, nx); with {@link #openComplexAsPairs}
 * also h5py's complex datasets, as [real, imaginary] pairs. Keeps the file open until closed.
 */
public final class Hdf5Dataset implements ArraySource, Closeable {

	static {
		QuietLogging.ensure();
	}

	private final HdfFile file;
	private final Dataset dataset;
	private final String name;
	private final int[] shape;
	/** A complex dataset (h5py's compound of members r and i) read whole as [real, imaginary] pairs; null otherwise. */
	private final float[] pairs;

	private Hdf5Dataset(final HdfFile file, final Dataset dataset, final String name) {
		this.file = file;
		this.dataset = dataset;
		this.name = name;
		this.shape = dataset.getDimensions();
		this.pairs = null;
	}

	private Hdf5Dataset(final HdfFile file, final Dataset dataset, final String name, final float[] pairs) {
		this.file = file;
		this.dataset = dataset;
		this.name = name;
		final int[] dims = dataset.getDimensions();
		this.shape = Arrays.copyOf(dims, dims.length + 1);
		this.shape[dims.length] = 2;
		this.pairs = pairs;
	}

	/**
	 * Opens dataset {@code key} of an HDF5 file.
	 *
	 * @param key the dataset's path in the file (e.g. {@code broadband_dm} or {@code /models/vp}); may be blank when the
	 *        file holds exactly one dataset
	 * @throws IllegalArgumentException naming the file and the datasets it holds: no such path, a group, a dataset that
	 *         is not of floats, a scalar or empty dataset, or a file that is not HDF5
	 */
	public static Hdf5Dataset open(final Path path, final String key) throws IOException {
		return open(path, key, false);
	}

	/**
	 * Opens dataset {@code key} of an HDF5 file that may also hold complex values, as h5py writes them (a compound of
	 * float32 or float64 members {@code r} and {@code i}): such a dataset reads as a real array of its shape with a
	 * trailing axis of 2, [real part, imaginary part], in single precision; it is read whole on opening (frequency-domain
	 * data are small). Real datasets open as by {@link #open(Path, String)}.
	 *
	 * @throws IllegalArgumentException as {@link #open(Path, String)}
	 */
	public static Hdf5Dataset openComplexAsPairs(final Path path, final String key) throws IOException {
		return open(path, key, true);
	}

	private static Hdf5Dataset open(final Path path, final String key, final boolean allowComplex) throws IOException {
		final String fname = path.getFileName().toString();
		if (!Files.exists(path)) throw new IllegalArgumentException(path + " does not exist; check the file name");
		final HdfFile f;
		try {
			f = new HdfFile(path);
		}
		catch (final HdfException e) {
			throw new IllegalArgumentException(fname + " is not an HDF5 file MemFWI can read (" + e.getMessage() + ")");
		}
		try {
			final List<String> all = datasets(f);
			String k = key == null ? "" : key.trim();
			if (k.isEmpty()) {
				if (all.size() != 1) {
					f.close();
					throw new IllegalArgumentException(fname + " holds " + all.size() + " datasets " + all + "; name one with dataset=");
				}
				k = all.get(0);
			}
			final Node n;
			try {
				n = f.getByPath(k);
			}
			catch (final HdfException e) {
				throw new IllegalArgumentException(fname + " has no dataset '" + k + "'; it holds " + all + ": give one of them with dataset=");
			}
			if (!(n instanceof Dataset)) throw new IllegalArgumentException(fname + ": '" + k + "' is a group, not a dataset; it holds " +
				all + ": give one of them with dataset=");
			final Dataset d = (Dataset) n;
			final Class<?> type = d.getJavaType();
			final boolean complex = d.getDataType() instanceof CompoundDataType && isComplex((CompoundDataType) d.getDataType());
			if (complex && !allowComplex) throw new IllegalArgumentException(fname + ": dataset '" + k + "' holds complex values; " +
				"complex arrays are frequency-domain data (import kind=frequency-data reads them); for models or gathers store the " +
				"real part (h5py: f.create_dataset(name, data=a.real.astype('float32')))");
			if (complex) {
				if (d.isScalar() || d.isEmpty() || d.getDimensions().length == 0) throw new IllegalArgumentException(fname + ": dataset '" +
					k + "' is " + (d.isEmpty() ? "empty" : "a single number") + "; MemFWI needs an array");
				@SuppressWarnings("unchecked")
				final Map<String, Object> parts = (Map<String, Object>) d.getData();
				final long count = FloatArray.count(d.getDimensions());
				if (2 * count > Integer.MAX_VALUE - 8) throw new IllegalArgumentException(fname + ": dataset '" + k + "' has " + count +
					" complex values, more than MemFWI reads at once");
				final float[] re = new float[(int) count], im = new float[(int) count];
				flatten(parts.get("r"), re, 0);
				flatten(parts.get("i"), im, 0);
				final float[] pairs = new float[2 * (int) count];
				for (int j = 0; j < count; j++) {
					pairs[2 * j] = re[j];
					pairs[2 * j + 1] = im[j];
				}
				return new Hdf5Dataset(f, d, fname + ":" + k, pairs);
			}
			if (type != float.class && type != double.class) throw new IllegalArgumentException(fname + ": dataset '" + k + "' holds " +
				type.getSimpleName() + " values; MemFWI reads float32 and float64 datasets (convert with h5py: " +
				"f.create_dataset(name, data=a.astype('float32')))");
			if (d.isScalar() || d.isEmpty() || d.getDimensions().length == 0) throw new IllegalArgumentException(fname + ": dataset '" + k +
				"' is " + (d.isEmpty() ? "empty" : "a single number") + "; MemFWI needs an array of at least two axes");
			return new Hdf5Dataset(f, d, fname + ":" + k);
		}
		catch (final RuntimeException e) {
			f.close();
			throw e;
		}
	}

	/** h5py's complex numbers: a compound of exactly the float members r and i. */
	private static boolean isComplex(final CompoundDataType t) {
		final List<CompoundDataType.CompoundDataMember> m = t.getMembers();
		if (m.size() != 2) return false;
		for (final CompoundDataType.CompoundDataMember x : m)
			if (!(x.getName().equals("r") || x.getName().equals("i")) || !(x.getDataType() instanceof FloatingPoint)) return false;
		return !m.get(0).getName().equals(m.get(1).getName());
	}

	/** The paths of every dataset in the file, sorted. */
	public static List<String> datasets(final Group g) {
		final List<String> out = collect(g);
		Collections.sort(out);
		return out;
	}

	private static List<String> collect(final Group g) {
		final List<String> out = new ArrayList<>();
		for (final Node n : g) {
			if (n instanceof Dataset) out.add(n.getPath().startsWith("/") ? n.getPath().substring(1) : n.getPath());
			else if (n instanceof Group) out.addAll(collect((Group) n));
		}
		return out;
	}

	@Override
	public String name() { return name; }

	@Override
	public int[] shape() { return shape.clone(); }

	/** The whole dataset in single precision, C order. */
	public FloatArray readAll() {
		final long n = FloatArray.count(shape);
		if (n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException(name + " has " + n + " values, more than MemFWI reads at " +
			"once; pick entries with index=");
		final float[] out = new float[(int) n];
		if (pairs != null) System.arraycopy(pairs, 0, out, 0, out.length);
		else flatten(dataset.getDataFlat(), out, 0);
		return new FloatArray(shape, out);
	}

	@Override
	public float[] readEntry(final int i, final float[] out) {
		if (i < 0 || i >= shape[0]) throw new IllegalArgumentException("entry " + i + " is beyond " + name + ", which holds " + shape[0]);
		final int[] count = shape.clone();
		count[0] = 1;
		final long[] offset = new long[shape.length];
		offset[0] = i;
		final int m = (int) (FloatArray.count(shape) / shape[0]);
		final float[] o = out != null ? out : new float[m];
		if (pairs != null) {
			System.arraycopy(pairs, i * m, o, 0, m);
			return o;
		}
		final int filled = flatten(dataset.getData(offset, count), o, 0);
		if (filled != m) throw new IllegalStateException(name + ": entry " + i + " gave " + filled + " values, expected " + m);
		return o;
	}

	/** Copies a (possibly nested) float or double array into {@code out} from {@code at}; returns the next position. */
	private static int flatten(final Object a, final float[] out, final int at) {
		if (a instanceof float[]) {
			final float[] f = (float[]) a;
			System.arraycopy(f, 0, out, at, f.length);
			return at + f.length;
		}
		if (a instanceof double[]) {
			final double[] d = (double[]) a;
			for (int i = 0; i < d.length; i++) out[at + i] = (float) d[i];
			return at + d.length;
		}
		int p = at;
		final int n = Array.getLength(a);
		for (int i = 0; i < n; i++) p = flatten(Array.get(a, i), out, p);
		return p;
	}

	@Override
	public void close() {
		file.close();
	}
}
