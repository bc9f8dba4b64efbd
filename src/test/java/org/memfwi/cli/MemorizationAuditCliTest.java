package org.memfwi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.io.Opener;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;

class MemorizationAuditCliTest {

	@Test
	void auditsSamplesAgainstTrainingModels(@TempDir final Path dir) throws Exception {
		assertEquals(0, new MainTest.Run("generate-models", "n=12", "seed=1", "out=" + dir.resolve("train"), "--quiet").code);
		// Samples: 3 training models themselves plus 2 new models of the same family.
		assertEquals(0, new MainTest.Run("generate-models", "n=3", "seed=1", "out=" + dir.resolve("copies"), "--quiet").code);
		final MainTest.Run r = new MainTest.Run("memorization-audit", "training=" + dir.resolve("train/models.tif"),
			"samples=" + dir.resolve("copies/models.tif"), "out=" + dir.resolve("audit"), "--quiet");
		assertEquals(0, r.code, r.err);
		final List<String> audit = Files.readAllLines(dir.resolve("audit/audit.csv"), StandardCharsets.UTF_8);
		assertEquals("sample,nearest,d1,d2,ratio,ratio12,memorized", audit.get(0));
		for (int i = 1; i <= 3; i++) {
			final String[] f = audit.get(i).split(",");
			assertEquals(Integer.toString(i), f[1], "copy of training model " + i + " matched to " + f[1]);
			assertEquals(0, Double.parseDouble(f[2]), 0, "distance of an exact copy");
			assertEquals("1", f[6]);
		}
		final String summary = new String(Files.readAllBytes(dir.resolve("audit/summary.csv")), StandardCharsets.UTF_8);
		assertTrue(summary.startsWith("metric,value\nmemorized_fraction,1\n"), summary);
		final ImagePlus montage = new Opener().openTiff(dir.resolve("audit") + File.separator, "nearest-montage.tif");
		assertEquals(3, montage.getStackSize());
		assertEquals(2 * 70 + 2, montage.getWidth());
		assertTrue(Files.size(dir.resolve("audit/memorization-histogram.png")) > 1000);
	}

	@Test
	void rejectsMismatchedOneSliceAndRgbStacks(@TempDir final Path dir) throws Exception {
		assertEquals(0, new MainTest.Run("generate-models", "n=4", "out=" + dir.resolve("a"), "--quiet").code);
		assertEquals(0, new MainTest.Run("generate-models", "n=4", "nx=40", "out=" + dir.resolve("b"), "--quiet").code);
		assertEquals(0, new MainTest.Run("generate-models", "n=1", "out=" + dir.resolve("one"), "--quiet").code);
		final ImagePlus rgb = IJ.createImage("rgb", "RGB ramp", 70, 70, 2);
		new FileSaver(rgb).saveAsTiffStack(dir.resolve("rgb.tif").toString());
		final String a = dir.resolve("a/models.tif").toString();
		final String[][] cases = {
			{ "samples=" + dir.resolve("b/models.tif"), "samples are 40 x 70 but training models are 70 x 70" },
			{ "samples=" + dir.resolve("rgb.tif"), "is a RGB image; use a grayscale stack" },
			{ "samples=" + dir.resolve("missing.tif"), "samples: file not found" } };
		for (final String[] c : cases) {
			final MainTest.Run r = new MainTest.Run("memorization-audit", "training=" + a, c[0], "out=" + dir.resolve("x"));
			assertEquals(1, r.code);
			assertTrue(r.err.contains(c[1]), r.err);
			assertFalse(dir.resolve("x").toFile().exists());
		}
		final MainTest.Run one = new MainTest.Run("memorization-audit", "training=" + dir.resolve("one/models.tif"),
			"samples=" + a, "out=" + dir.resolve("x"));
		assertTrue(one.err.contains("needs at least 2 training models; got 1"), one.err);
		final MainTest.Run missing = new MainTest.Run("memorization-audit", "samples=" + a, "out=" + dir.resolve("x"));
		assertTrue(missing.err.contains("training is required ('Training models (stack)')"), missing.err);
	}

	/** Samples of a user's own generative model are often normalized and uncalibrated, or 8-bit: audited all the same. */
	@Test
	void auditsNormalizedUncalibratedAnd8BitStacks(@TempDir final Path dir) throws Exception {
		assertEquals(0, new MainTest.Run("generate-models", "n=6", "seed=4", "nx=24", "nz=20", "out=" + dir.resolve("t"), "--quiet").code);
		final ImagePlus models = IJ.openImage(dir.resolve("t/models.tif").toString());
		final ImageStack norm = new ImageStack(24, 20), eight = new ImageStack(24, 20);
		for (int s = 1; s <= models.getStackSize(); s++) {
			final float[] v = (float[]) models.getStack().getPixels(s), n = new float[v.length];
			final byte[] b = new byte[v.length];
			for (int i = 0; i < v.length; i++) {
				n[i] = (v[i] - 3000) / 1500; // negative values included
				b[i] = (byte) Math.round((v[i] - 1500) / 3000 * 255);
			}
			norm.addSlice(new FloatProcessor(24, 20, n));
			eight.addSlice(new ByteProcessor(24, 20, b));
		}
		final String normPath = dir.resolve("norm.tif").toString(), eightPath = dir.resolve("eight.tif").toString();
		new FileSaver(new ImagePlus("norm", norm)).saveAsTiffStack(normPath); // no calibration at all
		new FileSaver(new ImagePlus("eight", eight)).saveAsTiffStack(eightPath);
		for (final String p : new String[] { normPath, eightPath }) {
			final Path out = dir.resolve("audit-" + p.hashCode());
			final MainTest.Run r = new MainTest.Run("memorization-audit", "training=" + p, "samples=" + p, "out=" + out, "--quiet");
			assertEquals(0, r.code, r.err);
			final List<String> audit = Files.readAllLines(out.resolve("audit.csv"), StandardCharsets.UTF_8);
			for (int i = 1; i <= 6; i++) {
				final String[] f = audit.get(i).split(",");
				assertEquals(Integer.toString(i), f[1], p + ": sample " + i + " matched to " + f[1]);
				assertEquals(0, Double.parseDouble(f[2]), 0);
			}
		}
	}
}
