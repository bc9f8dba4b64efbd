package org.memfwi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import org.memfwi.core.grid.Grid2D;
import org.memfwi.io.Images;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.io.Opener;

/** forward and fwi with physics=helmholtz on the command line. */
class HelmholtzCliTest {

	private static File saveModel(final Path dir, final String name, final int nx, final int nz, final float block) {
		final Grid2D g = new Grid2D(nx, nz, 10);
		final float[] v = new float[g.size()];
		for (int iz = 0; iz < nz; iz++)
			for (int ix = 0; ix < nx; ix++) v[g.index(ix, iz)] = 2000 + 20 * iz + (Math.abs(ix - nx / 2) < 5 && Math.abs(iz - nz / 2) < 4 ? block : 0);
		final File f = dir.resolve(name).toFile();
		assertTrue(new FileSaver(Images.velocityStack(name, g, new float[][] { v }, null)).saveAsTiff(f.getPath()));
		return f;
	}

	@Test
	void forwardWithEverythingDefaultedThenFwi(@TempDir final Path dir) throws Exception {
		final File truth = saveModel(dir, "truth.tif", 48, 30, 200), start = saveModel(dir, "start.tif", 48, 30, 0);
		final File data = dir.resolve("data").toFile();
		final MainTest.Run f = new MainTest.Run("forward", "physics=helmholtz", "model=" + truth, "out=" + data, "--quiet");
		assertEquals(0, f.code, f.err);
		final ImagePlus d = new Opener().openTiff(data.getPath() + File.separator, "data.tif");
		assertEquals(40, d.getWidth());
		assertEquals(5, d.getHeight());
		assertEquals(2, d.getStackSize());
		assertEquals("4", d.getProp("memfwi.frequencies"));
		assertEquals("48", d.getProp("memfwi.nx"));
		final File inv = dir.resolve("inv").toFile();
		final MainTest.Run r = new MainTest.Run("fwi", "physics=helmholtz", "data=" + new File(data, "data.tif"), "model=" + start,
			"iterations=4", "out=" + inv, "--quiet");
		assertEquals(0, r.code, r.err);
		for (final String n : new String[] { "inverted-model.tif", "misfit.csv", "misfit.png", "summary.csv" })
			assertTrue(new File(inv, n).isFile(), n);
		final String summary = new String(Files.readAllBytes(new File(inv, "summary.csv").toPath()));
		assertTrue(Double.parseDouble(summary.split("misfit_reduction,")[1].split("\n")[0]) > 2, summary);
	}

	@Test
	void helpAndBadInput(@TempDir final Path dir) {
		final MainTest.Run h = new MainTest.Run("forward", "--help");
		assertEquals(0, h.code);
		for (final String key : new String[] { "physics", "receivers", "frequencies", "stencil", "cpml", "noise", "noisemode", "seed" })
			assertTrue(h.out.contains("\n  " + key), "help lacks " + key + ":\n" + h.out);
		final MainTest.Run hf = new MainTest.Run("fwi", "--help");
		for (final String key : new String[] { "parameterization", "modes", "alpha", "smoothness", "bands" })
			assertTrue(hf.out.contains("\n  " + key), "help lacks " + key + ":\n" + hf.out);
		final File model = saveModel(dir, "m.tif", 20, 16, 0), other = saveModel(dir, "o.tif", 21, 16, 0);
		final String[][] bad = {
			{ "frequencies=0", "frequencies: every frequency must be > 0 Hz, got 0 (in 0)" },
			{ "stencil=7", "stencil must be 5 (the paper's 5-point operator) or 9 (optimal 9-point), got 7" },
			{ "sourcex=500", "source 1 at (x = 500.0 m, z = 20.0 m) is outside the model grid, which spans x = 0..190.0 m and " +
				"z = 0..150.0 m; move it inside the model" },
			{ "dt=0.001", "dt applies to physics=time only; leave it at 0 for physics=helmholtz" } };
		for (final String[] b : bad) {
			final File out = dir.resolve("out-" + b[0].replace('=', '_')).toFile();
			final MainTest.Run r = new MainTest.Run("forward", "physics=helmholtz", "model=" + model, b[0], "out=" + out);
			assertEquals(1, r.code, b[0] + ": " + r.err);
			assertEquals(1, r.err.trim().split("\n").length, "one line: " + r.err);
			assertEquals("error: " + b[1], r.err.trim(), b[0]);
			assertFalse(out.exists(), "nothing written for " + b[0]);
		}
		final File data = dir.resolve("data").toFile();
		assertEquals(0, new MainTest.Run("forward", "physics=helmholtz", "model=" + model, "frequencies=8", "out=" + data, "--quiet").code);
		final File out = dir.resolve("fwi-out").toFile();
		final MainTest.Run r = new MainTest.Run("fwi", "physics=helmholtz", "data=" + new File(data, "data.tif"), "model=" + other,
			"out=" + out);
		assertEquals(1, r.code, r.err);
		assertEquals("error: data: memfwi.nx = 20 but model is 21 cells wide; use data made on the grid of model", r.err.trim());
		assertFalse(out.exists());
	}
}
