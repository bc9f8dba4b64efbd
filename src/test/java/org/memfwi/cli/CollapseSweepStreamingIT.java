package org.memfwi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.memfwi.io.array.FloatArray;
import org.memfwi.io.npy.NpyWriter;

import ij.IJ;
import ij.ImagePlus;

/**
 * collapse-sweep problem=fwi over a training set read from files (a glob of .npy files, streamed one model at a time)
 * gives the same table as over the same models in one TIFF stack in memory (about 25 s on a loaded machine: integration
 * phase).
 */
class CollapseSweepStreamingIT {

	@Test
	void fileBackedTrainingGivesTheInMemoryTable(@TempDir final Path dir) throws Exception {
		assertEquals(0, new MainTest.Run("generate-models", "n=7", "seed=3", "nx=24", "nz=20", "out=" + dir.resolve("t"), "--quiet").code);
		assertEquals(0, new MainTest.Run("generate-models", "n=1", "seed=11", "nx=24", "nz=20", "out=" + dir.resolve("truth"),
			"--quiet").code);
		final ImagePlus models = IJ.openImage(dir.resolve("t/models.tif").toString());
		// the same 7 models in three .npy files of OpenFWI's layout (N, 1, nz, nx), 3 + 3 + 1
		Files.createDirectories(dir.resolve("model"));
		final int plane = 24 * 20;
		for (int f = 0, first = 0; first < 7; f++, first += 3) {
			final int n = Math.min(3, 7 - first);
			final float[] v = new float[n * plane];
			for (int k = 0; k < n; k++) System.arraycopy((float[]) models.getStack().getPixels(first + k + 1), 0, v, k * plane, plane);
			NpyWriter.write(dir.resolve("model/model" + (f + 1) + ".npy"), new FloatArray(new int[] { n, 1, 20, 24 }, v));
		}
		final MainTest.Run fw = new MainTest.Run("forward", "physics=helmholtz", "model=" + dir.resolve("truth/models.tif"),
			"frequencies=3,5", "sources=3", "noise=0.01", "out=" + dir.resolve("fw"), "--quiet");
		assertEquals(0, fw.code, fw.err);
		final String[] common = { "collapse-sweep", "problem=fwi", "data=" + dir.resolve("fw/data.tif"), "sizes=3,7", "rank=3",
			"sigmamin=1", "sigmamax=300", "steps=3" };
		final String[] tables = new String[2];
		final String[] training = { dir.resolve("t/models.tif").toString(), dir.resolve("model").toString() + "/*.npy" };
		for (int i = 0; i < 2; i++) {
			final String[] args = new String[common.length + 2];
			System.arraycopy(common, 0, args, 0, common.length);
			args[common.length] = "training=" + training[i];
			args[common.length + 1] = "out=" + dir.resolve("sweep" + i);
			final MainTest.Run r = new MainTest.Run(args);
			assertEquals(0, r.code, r.err);
			assertEquals(i == 1, (r.out + r.err).contains("; the first 7 streamed from "), r.out + r.err);
			tables[i] = new String(Files.readAllBytes(dir.resolve("sweep" + i + "/collapse-sweep.csv")));
		}
		final List<String> rows = List.of(tables[0].split("\n"));
		assertEquals(1 + 2 * 3, rows.size(), tables[0]);
		assertTrue(Double.parseDouble(rows.get(1).split(",")[2]) >= 1, tables[0]);
		assertEquals(tables[0], tables[1], "the streamed run reads the same models, builds the same operator (velocity range of all " +
			"7) and linearizes in the same order");
	}
}
