package org.memfwi.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.memfwi.io.HelmholtzData;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.io.Opener;

/** set-acquisition on the command line: a plain TIFF of frequency-domain planes gets its acquisition; bad keys one line, nothing written. */
class SetAcquisitionCliTest {

	/** 2 frequencies x (real, imaginary) planes of 4 receivers x 2 sources, value 1000 f + 100 part + 10 s + r. */
	private static File plainTiff(final Path dir) {
		final ImageStack st = new ImageStack(4, 2);
		for (int f = 0; f < 2; f++)
			for (int part = 0; part < 2; part++) {
				final float[] px = new float[8];
				for (int i = 0; i < 8; i++) px[i] = 1000 * f + 100 * part + 10 * (i / 4) + i % 4;
				st.addSlice("", px);
			}
		final File f = dir.resolve("plain.tif").toFile();
		assertTrue(new FileSaver(new ImagePlus("plain", st)).saveAsTiffStack(f.getPath()));
		return f;
	}

	@Test
	void plainTiffOfFrequencyPlanesBecomesHelmholtzData(@TempDir final Path dir) {
		final File plain = plainTiff(dir), out = dir.resolve("out").toFile();
		final MainTest.Run r = new MainTest.Run("set-acquisition", "data=" + plain, "frequencies=3,5", "nx=20", "nz=10", "dx=10",
			"sourcex=50,150", "receiverx=20,80,120,180", "pmldamping=100", "cpml=6", "out=" + out, "--quiet");
		assertEquals(0, r.code, r.err);
		final HelmholtzData.Dataset d = HelmholtzData.read(new Opener().openTiff(out.getPath() + File.separator, "imported.tif"), "data");
		assertArrayEquals(new double[] { 3, 5 }, d.config.frequencies());
		assertArrayEquals(new double[] { 20, 80, 120, 180 }, d.acquisition.receiverX());
		assertArrayEquals(new double[] { 10, 10 }, d.acquisition.sourceZ(), "one cell deep");
		assertEquals(6, d.config.pml());
		assertEquals(100, d.config.sigmaMax());
		// frequency 2, imaginary part, source 2, receiver 3
		assertEquals(1000 + 100 + 10 + 2, d.data[3 * 8 + 4 + 2]);
	}

	@Test
	void badKeysOneLineNothingWritten(@TempDir final Path dir) {
		final File plain = plainTiff(dir);
		final String[][] bad = {
			{ "frequencies=3,4,5", "frequencies: plain.tif has 4 planes, not a multiple of 2 x 3 frequencies (a real and an " +
				"imaginary plane per frequency and model); give one frequency per pair of planes" },
			{ "pmldamping=0", "pmldamping: give the PML maximum damping (1/s) for inverting these data, e.g. pmldamping=100 as the " +
				"paper's 64 x 64 runs; a file of another code does not record it, and the automatic value needs the model's highest " +
				"velocity" },
			{ "preset=openfwi", "preset: describes shot gathers, not frequency-domain data; frequency-domain data take nx, nz, dx, " +
				"frequencies, sourcex, receiverx, cpml (PML width), pmldamping and stencil: drop preset" } };
		for (final String[] b : bad) {
			final File out = dir.resolve("out-" + b[0].replace('=', '_')).toFile();
			final List<String> args = new ArrayList<>(Arrays.asList("set-acquisition", "data=" + plain, "frequencies=3,5", "nx=20",
				"nz=10", "dx=10", "sourcex=50,150", "receiverx=20,80,120,180", "pmldamping=100", "out=" + out));
			args.removeIf(a -> a.startsWith(b[0].split("=")[0] + "="));
			args.add(b[0]);
			final MainTest.Run r = new MainTest.Run(args.toArray(new String[0]));
			assertEquals(1, r.code, b[0] + ": " + r.err);
			assertEquals("error: " + b[1], r.err.trim(), b[0]);
			assertFalse(out.exists(), "nothing written for " + b[0]);
		}
	}
}
