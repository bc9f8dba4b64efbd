package org.memfwi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;

import org.memfwi.core.grid.Grid2D;
import org.memfwi.io.Images;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.io.Opener;

/** forward and fwi (physics=time) on the command line. */
class TimeDomainCliTest {

	private static File saveModel(final Path dir, final String name, final int nx, final int nz, final float block) {
		final Grid2D g = new Grid2D(nx, nz, 10);
		final float[] v = new float[g.size()];
		for (int iz = 0; iz < nz; iz++)
			for (int ix = 0; ix < nx; ix++) v[g.index(ix, iz)] = 2000 + 50 * iz + (Math.abs(ix - nx / 2) < 4 && Math.abs(iz - nz / 2) < 4 ? block : 0);
		final File f = dir.resolve(name).toFile();
		assertTrue(new FileSaver(Images.velocityStack(name, g, new float[][] { v }, null)).saveAsTiff(f.getPath()));
		return f;
	}

	@Test
	void forwardWithEverythingDefaultedThenFwi(@TempDir final Path dir) {
		final File truth = saveModel(dir, "truth.tif", 28, 22, 200), start = saveModel(dir, "start.tif", 28, 22, 0);
		final File data = dir.resolve("data").toFile();
		final MainTest.Run f = new MainTest.Run("forward", "physics=time", "model=" + truth, "out=" + data, "--quiet");
		assertEquals(0, f.code, f.err);
		final ImagePlus d = new Opener().openTiff(data.getPath() + File.separator, "data.tif");
		assertEquals(28, d.getWidth());
		assertEquals(400, d.getHeight());
		assertEquals(2, d.getStackSize());
		assertEquals("28", d.getProp("memfwi.nx"));
		final File inv = dir.resolve("inv").toFile();
		final MainTest.Run r = new MainTest.Run("fwi", "data=" + new File(data, "data.tif"), "model=" + start, "iterations=3", "bands=0",
			"out=" + inv, "--quiet");
		assertEquals(0, r.code, r.err);
		for (final String n : new String[] { "inverted-model.tif", "misfit.csv", "misfit.png", "summary.csv" })
			assertTrue(new File(inv, n).isFile(), n);
	}

	@Test
	void helpAndBadInput(@TempDir final Path dir) {
		final MainTest.Run h = new MainTest.Run("forward", "--help");
		assertEquals(0, h.code);
		for (final String key : new String[] { "physics", "model", "sources", "f0", "dt", "nt", "order", "cpml", "freesurface", "noise",
			"noisemode", "seed" })
			assertTrue(h.out.contains("\n  " + key), "help lacks " + key + ":\n" + h.out);
		final File model = saveModel(dir, "m.tif", 20, 16, 0);
		final String[][] bad = {
			{ "order=3", "order (spatial accuracy) must be 2, 4 or 8, got 3" },
			{ "sourcex=500", "source 1 at (x = 500 m, z = 10 m) is outside the model" },
			{ "stencil=9", "stencil applies to physics=helmholtz only; for physics=time set order" },
			{ "dt=0.2", "dt = 0.2 s is unstable for vmax = 2750 m/s, dx = 10 m and order 8; the largest stable dt is 0.002016 s and " +
				"sub-stepping would need 100 steps per sample (at most 64)" } };
		for (final String[] b : bad) {
			final File out = dir.resolve("out-" + b[0].replace('=', '_')).toFile();
			final MainTest.Run r = new MainTest.Run("forward", "model=" + model, b[0], "out=" + out);
			assertEquals(1, r.code, b[0] + ": " + r.err);
			assertEquals(1, r.err.trim().split("\n").length, "one line: " + r.err);
			assertTrue(r.err.startsWith("error: " + b[1]), b[0] + " -> " + r.err);
			assertFalse(out.exists(), "nothing written for " + b[0]);
		}
	}
}
