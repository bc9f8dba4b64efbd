package org.memfwi.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.memfwi.io.array.FloatArray;
import org.memfwi.io.npy.NpyFile;
import org.memfwi.io.segy.SegyFile;
import org.memfwi.io.segy.SegyLayouts;

import ij.ImagePlus;
import ij.io.Opener;

/** format=tif,npy,segy writes .npy and SEG-Y copies next to the TIFFs, equal to them; a bad format is named. */
class FormatCliTest {

	private static int run(final ByteArrayOutputStream err, final String... args) {
		return Main.run(args, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true));
	}

	@Test
	void modelsAndGathersCopiedAsNpyAndSegy(@TempDir final Path dir) throws Exception {
		final ByteArrayOutputStream err = new ByteArrayOutputStream();
		final File models = dir.resolve("m").toFile(), data = dir.resolve("d").toFile();
		assertEquals(0, run(err, "generate-models", "n=2", "nx=16", "nz=12", "dx=10", "format=tif,npy,segy", "out=" + models, "-q"),
			err.toString());
		final ImagePlus tif = new Opener().openTiff(models + File.separator, "models.tif");
		final FloatArray npy = NpyFile.open(models.toPath().resolve("models.npy")).readAll();
		assertArrayEquals(new int[] { 2, 12, 16 }, npy.shape());
		assertEquals(((float[]) tif.getStack().getPixels(2))[37], npy.values()[16 * 12 + 37]);
		final SegyFile sm = SegyFile.read(models.toPath().resolve("models.sgy"));
		assertEquals(32, sm.size());
		assertEquals(((float[]) tif.getStack().getPixels(1))[5 + 16 * 7], sm.traces[5][7]);

		final File one = new File(models, "models.tif");
		assertEquals(0, run(err, "forward", "model=" + one, "nt=50", "format=segy", "out=" + data, "-q"), err.toString());
		assertFalse(new File(data, "data.npy").exists());
		final ImagePlus g = new Opener().openTiff(data + File.separator, "data.tif");
		final SegyLayouts.Gathers back = SegyLayouts.gathers(SegyFile.read(data.toPath().resolve("data.sgy")), SegyLayouts.Grouping.AUTO,
			Double.NaN);
		assertEquals(g.getStackSize(), back.shots.size(), "both models' shots, one field record each");
		assertEquals(Double.parseDouble(g.getProp("memfwi.dt")), back.dt, 1e-9);
		assertArrayEquals((float[]) g.getStack().getPixels(1), back.shots.planes[0]);

		final ByteArrayOutputStream bad = new ByteArrayOutputStream();
		assertEquals(1, run(bad, "generate-models", "n=2", "format=tif,png", "out=" + dir.resolve("x"), "-q"));
		assertTrue(bad.toString(StandardCharsets.UTF_8.name()).contains("format=tif,png: 'png' is not an image format"), bad.toString());
		assertFalse(dir.resolve("x").toFile().exists());
	}
}
