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
import ij.io.FileSaver;
import ij.io.Opener;

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
	void rejectsMismatchedOneSliceAnd8BitStacks(@TempDir final Path dir) throws Exception {
		assertEquals(0, new MainTest.Run("generate-models", "n=4", "out=" + dir.resolve("a"), "--quiet").code);
		assertEquals(0, new MainTest.Run("generate-models", "n=4", "nx=40", "out=" + dir.resolve("b"), "--quiet").code);
		assertEquals(0, new MainTest.Run("generate-models", "n=1", "out=" + dir.resolve("one"), "--quiet").code);
		final ImagePlus eight = IJ.createImage("eight", "8-bit ramp", 70, 70, 2);
		new FileSaver(eight).saveAsTiffStack(dir.resolve("eight.tif").toString());
		final String a = dir.resolve("a/models.tif").toString();
		final String[][] cases = {
			{ "samples=" + dir.resolve("b/models.tif"), "samples are 40 x 70 but training models are 70 x 70" },
			{ "samples=" + dir.resolve("eight.tif"), "is a 8-bit image; velocity models must be 32-bit" },
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
}
