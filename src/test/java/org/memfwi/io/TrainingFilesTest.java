package org.memfwi.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.memfwi.core.progress.Progress;
import org.memfwi.io.array.FloatArray;
import org.memfwi.io.hdf5.Hdf5Writer;
import org.memfwi.io.npy.NpyWriter;
import org.memfwi.testing.RecordingProgress;

import ij.ImagePlus;

/** Training sets over folders, globs and multi-dataset HDF5 files, read through the lazily loaded cell image. */
class TrainingFilesTest {

	@TempDir
	Path dir;

	/** Model value: file f, model k, pixel i. */
	private static float v(final int f, final int k, final int i) { return 1000 * f + 10 * k + i + 0.5f; }

	private void npy(final Path p, final int f, final int n, final int nz, final int nx) throws IOException {
		final float[] a = new float[n * nz * nx];
		for (int k = 0; k < n; k++)
			for (int i = 0; i < nz * nx; i++) a[k * nz * nx + i] = v(f, k, i);
		NpyWriter.write(p, new FloatArray(new int[] { n, 1, nz, nx }, a));
	}

	@Test
	void globInNaturalOrderThroughTheCellImage() throws IOException {
		Files.createDirectories(dir.resolve("model"));
		npy(dir.resolve("model/model10.npy"), 10, 2, 3, 4);
		npy(dir.resolve("model/model2.npy"), 2, 3, 3, 4);
		npy(dir.resolve("model/model1.npy"), 1, 1, 3, 4);
		Files.write(dir.resolve("model/readme.txt"), new byte[] { 1 });
		final TrainingFiles t = TrainingFiles.open(dir.resolve("model") + "/model*.npy", Progress.NONE);
		assertEquals(6, t.size());
		assertEquals(3, t.files());
		assertEquals(4, t.nx());
		assertArrayEquals(new long[] { 4, 3, 6 }, t.image().dimensionsAsLongArray());
		final int[][] expect = { { 1, 0 }, { 2, 0 }, { 2, 1 }, { 2, 2 }, { 10, 0 }, { 10, 1 } };
		for (int k = 0; k < 6; k++)
			for (int i = 0; i < 12; i++) assertEquals(v(expect[k][0], expect[k][1], i), t.read(k, null)[i], "model " + k);
		assertEquals("model 1 of model2.npy", t.label(2));
		// the same through the folder (the text file is skipped) and through ImageJ's virtual stack
		final TrainingFiles folder = TrainingFiles.open(dir.resolve("model").toString(), Progress.NONE);
		assertEquals(6, folder.size());
		final ImagePlus imp = LazyModelStack.image("training", folder, 10);
		assertEquals(6, imp.getStackSize());
		assertEquals(v(10, 1, 7), ((float[]) imp.getStack().getProcessor(6).getPixels())[7]);
		assertEquals(10, imp.getCalibration().pixelWidth);
		// the command that streams the set gets one status line per file, in pass order
		final RecordingProgress p = new RecordingProgress();
		final TrainingFiles streamed = TrainingFiles.open(dir.resolve("model").toString(), Progress.NONE).reportTo(p);
		for (int k = 0; k < 6; k++) streamed.read(k, null);
		assertEquals(Arrays.asList("Reading model1.npy (file 1 of 3, models 1-1 of 6)", "Reading model2.npy (file 2 of 3, models 2-4 of 6)",
			"Reading model10.npy (file 3 of 3, models 5-6 of 6)"), p.statuses());
	}

	@Test
	void multiDatasetHdf5() throws IOException {
		final Map<String, FloatArray> m = new LinkedHashMap<>();
		final float[] a = new float[2 * 12], b = new float[3 * 12];
		for (int i = 0; i < a.length; i++) a[i] = i;
		for (int i = 0; i < b.length; i++) b[i] = 100 + i;
		m.put("a", new FloatArray(new int[] { 2, 3, 4 }, a));
		m.put("b", new FloatArray(new int[] { 3, 1, 3, 4 }, b));
		final Path h = dir.resolve("set.h5");
		Hdf5Writer.write(h, m);
		final TrainingFiles t = TrainingFiles.open(h.toString(), Progress.NONE);
		assertEquals(5, t.size());
		assertEquals(100 + 12 + 5, t.read(3, null)[5]);
		assertTrue(TrainingFiles.isMultiFile(h.toString()));
	}

	@Test
	void errorsForNoMatchAndMixedGrids() throws IOException {
		final IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
			() -> TrainingFiles.open(dir + "/nothing*.npy", Progress.NONE));
		assertEquals("training=" + dir + "/nothing*.npy matches no file in " + dir.toAbsolutePath().normalize() +
			"; check the folder and the pattern (quote it so that the shell does not expand it)", none.getMessage());
		npy(dir.resolve("m1.npy"), 1, 2, 3, 4);
		npy(dir.resolve("m2.npy"), 2, 2, 4, 4);
		assertEquals("training=" + dir + "/m*.npy: m2.npy holds models of 4 x 4 cells but m1.npy of 4 x 3; a training set needs one " +
			"grid size (move the other files elsewhere or narrow the pattern)",
			assertThrows(IllegalArgumentException.class, () -> TrainingFiles.open(dir + "/m*.npy", Progress.NONE)).getMessage());
	}
}
