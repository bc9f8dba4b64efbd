package org.memfwi.io.hdf5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.memfwi.io.array.ArrayLayouts;
import org.memfwi.io.array.FloatArray;
import org.memfwi.io.array.Planes;

/** HDF5 datasets written by jhdf and read back entry by entry; missing paths named with what the file holds. */
class Hdf5Test {

	@TempDir
	Path dir;

	@Test
	void datasetSelectedByPathAndReadOneModelAtATime() throws IOException {
		final float[] v = new float[4 * 3 * 5];
		for (int i = 0; i < v.length; i++) v[i] = 1500 + i;
		final Map<String, FloatArray> m = new LinkedHashMap<>();
		m.put("broadband_dm", new FloatArray(new int[] { 4, 3, 5 }, v));
		m.put("other", new FloatArray(new int[] { 2, 2 }, new float[] { 1, 2, 3, 4 }));
		final Path p = dir.resolve("archive.h5");
		Hdf5Writer.write(p, m);
		try (Hdf5Dataset d = Hdf5Dataset.open(p, "broadband_dm")) {
			assertArrayEquals(new int[] { 4, 3, 5 }, d.shape());
			assertEquals(m.get("broadband_dm"), d.readAll());
			final Planes two = ArrayLayouts.models(d, "2");
			assertEquals(5, two.width);
			assertEquals(3, two.height);
			assertEquals(1500 + 30 + 7, two.planes[0][7]);
		}
		assertEquals("archive.h5 has no dataset 'missing'; it holds [broadband_dm, other]: give one of them with dataset=",
			assertThrows(IllegalArgumentException.class, () -> Hdf5Dataset.open(p, "missing")).getMessage());
		assertEquals("archive.h5 holds 2 datasets [broadband_dm, other]; name one with dataset=",
			assertThrows(IllegalArgumentException.class, () -> Hdf5Dataset.open(p, "")).getMessage());
	}
}
