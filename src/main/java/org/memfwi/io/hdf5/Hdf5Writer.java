package org.memfwi.io.hdf5;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import org.memfwi.io.array.FloatArray;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;

/** Writes float32 datasets into a new HDF5 file through jhdf, readable by h5py: e.g. an (N, nz, nx) stack of models. */
public final class Hdf5Writer {

	static {
		QuietLogging.ensure();
	}

	private Hdf5Writer() {}

	/** Writes each array as a dataset at the root of a new file (replacing {@code path}). Arrays of rank 1 to 4. */
	public static void write(final Path path, final Map<String, FloatArray> datasets) throws IOException {
		try (WritableHdfFile f = HdfFile.write(path)) {
			for (final Map.Entry<String, FloatArray> e : datasets.entrySet())
				f.putDataset(e.getKey(), nested(e.getValue()));
		}
	}

	/** The array as a nested Java array ({@code float[][][]} for rank 3), as jhdf writes it. */
	static Object nested(final FloatArray a) {
		final int[] s = a.shape();
		final float[] v = a.values();
		switch (s.length) {
			case 1: return v.clone();
			case 2: {
				final float[][] o = new float[s[0]][s[1]];
				for (int i = 0; i < s[0]; i++) System.arraycopy(v, i * s[1], o[i], 0, s[1]);
				return o;
			}
			case 3: {
				final float[][][] o = new float[s[0]][s[1]][s[2]];
				for (int i = 0; i < s[0]; i++)
					for (int j = 0; j < s[1]; j++) System.arraycopy(v, (i * s[1] + j) * s[2], o[i][j], 0, s[2]);
				return o;
			}
			case 4: {
				final float[][][][] o = new float[s[0]][s[1]][s[2]][s[3]];
				for (int i = 0; i < s[0]; i++)
					for (int j = 0; j < s[1]; j++)
						for (int k = 0; k < s[2]; k++) System.arraycopy(v, ((i * s[1] + j) * s[2] + k) * s[3], o[i][j][k], 0, s[3]);
				return o;
			}
			default: throw new IllegalArgumentException("MemFWI writes HDF5 datasets of 1 to 4 axes, not " + s.length);
		}
	}
}
