package org.memfwi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.memfwi.io.array.FloatArray;
import org.memfwi.io.npy.NpyWriter;

import ij.IJ;
import ij.ImagePlus;

/**
 * posterior-reweighted with shard=i/K for K = 1, 3 and 7, then merge: the single run's files (weights and summary
 * byte for byte, images to a float's rounding), and the merge's one-line errors for missing, duplicated and foreign shards.
 */
class ShardCliIT {

	@TempDir
	static Path dir;
	private static String training, data, truth;

	@BeforeAll
	static void makeInputs() throws Exception {
		assertEquals(0, new MainTest.Run("generate-models", "family=flat", "n=11", "seed=4", "nx=12", "nz=10", "dx=10", "vmin=1500",
			"vmax=2500", "minlayers=2", "maxlayers=4", "out=" + dir.resolve("train"), "--quiet").code);
		training = dir.resolve("train/models.tif").toString();
		assertEquals(0, new MainTest.Run("generate-models", "family=flat", "n=1", "seed=9", "nx=12", "nz=10", "dx=10", "vmin=1500",
			"vmax=2500", "minlayers=2", "maxlayers=4", "out=" + dir.resolve("truth"), "--quiet").code);
		truth = dir.resolve("truth/models.tif").toString();
		final MainTest.Run f = new MainTest.Run("forward", "physics=time", "model=" + truth, "sources=2", "f0=10", "nt=100",
			"dt=0.001", "cpml=10", "noise=0.05", "out=" + dir.resolve("data"), "--quiet");
		assertEquals(0, f.code, f.err);
		try (Stream<Path> s = Files.list(dir.resolve("data"))) {
			data = s.filter(p -> p.toString().endsWith(".tif")).findFirst().get().toString();
		}
	}

	private static MainTest.Run reweighted(final Path out, final String... more) {
		final List<String> a = new ArrayList<>(List.of("posterior-reweighted", "training=" + training, "data=" + data, "truth=" + truth,
			"best=4", "threads=2", "out=" + out, "--quiet"));
		a.addAll(List.of(more));
		return new MainTest.Run(a.toArray(new String[0]));
	}

	private static float[] pixels(final Path tif) {
		final ImagePlus imp = IJ.openImage(tif.toString());
		return (float[]) imp.getProcessor().getPixels();
	}

	@Test
	void shardsMergeIntoTheSingleRun() throws Exception {
		final Path single = dir.resolve("single");
		final MainTest.Run s = reweighted(single);
		assertEquals(0, s.code, s.err);
		assertFalse(Files.exists(single.resolve("partial.bin")), "a finished whole run leaves no checkpoint");
		for (final int k : new int[] { 1, 3, 7 }) {
			final StringBuilder parts = new StringBuilder();
			for (int i = 0; i < k; i++) {
				final Path o = dir.resolve("k" + k + "/shard-" + i);
				final MainTest.Run r = reweighted(o, "shard=" + i + "/" + k);
				assertEquals(0, r.code, r.err);
				assertTrue(Files.isRegularFile(o.resolve("partial.bin")));
				assertFalse(Files.exists(o.resolve("posterior-mean.tif")));
				if (i > 0) parts.append(',');
				parts.append(o);
			}
			final Path merged = dir.resolve("merged-" + k);
			// K = 3 by a glob, the others by a list
			final String p = k == 3 ? dir.resolve("k3/shard-*").toString() : parts.toString();
			final MainTest.Run m = new MainTest.Run("merge", "parts=" + p, "out=" + merged, "--quiet");
			assertEquals(0, m.code, m.err);
			for (final String f : new String[] { "weights.csv", "summary.csv" })
				assertEquals(Files.readAllLines(single.resolve(f)), Files.readAllLines(merged.resolve(f)), "K = " + k + ": " + f);
			for (final String f : new String[] { "posterior-mean.tif", "posterior-variance.tif", "best-matches.tif" }) {
				final float[] a = pixels(single.resolve(f)), b = pixels(merged.resolve(f));
				for (int i = 0; i < a.length; i++) assertEquals(a[i], b[i], Math.ulp(a[i]), "K = " + k + ": " + f + " pixel " + i);
			}
		}
		final List<String> summary = Files.readAllLines(single.resolve("summary.csv"));
		assertTrue(summary.stream().anyMatch(l -> l.startsWith("rmse_vs_truth,")), summary.toString());
	}

	@Test
	void linearizedShardsMergeIntoTheSingleRun() throws Exception {
		for (final String lin : new String[] { "linearize=3", "linearize=0" }) {
			final String[] keys = { "posterior-linearized", "training=" + training, "data=" + data, "truth=" + truth, "sigma=20", "rank=2",
				"oversampling=2", "power=0", "keep=3", lin, "threads=2", "--quiet" };
			final Path single = dir.resolve("lin-single-" + lin);
			final MainTest.Run s = new MainTest.Run(concat(keys, "out=" + single));
			assertEquals(0, s.code, s.err);
			for (final int k : new int[] { 1, 3 }) {
				final StringBuilder parts = new StringBuilder();
				for (int i = 0; i < k; i++) {
					final Path o = dir.resolve("lin-" + lin + "-k" + k + "/shard-" + i);
					final MainTest.Run r = new MainTest.Run(concat(keys, "shard=" + i + "/" + k, "out=" + o));
					assertEquals(0, r.code, r.err);
					parts.append(i > 0 ? "," : "").append(o);
				}
				final Path merged = dir.resolve("lin-merged-" + lin + "-" + k);
				final MainTest.Run m = new MainTest.Run("merge", "parts=" + parts, "out=" + merged, "--quiet");
				assertEquals(0, m.code, m.err);
				assertEquals(Files.readAllLines(single.resolve("components.csv")), Files.readAllLines(merged.resolve("components.csv")),
					lin + ", K = " + k);
				final List<String> a = new ArrayList<>(Files.readAllLines(single.resolve("summary.csv"))),
					b = Files.readAllLines(merged.resolve("summary.csv"));
				assertTrue(b.stream().anyMatch(l -> l.startsWith("mass_outside_training_range,")), b.toString());
				assertEquals(a.size(), b.size(), b.toString());
				for (int i = 0; i < a.size(); i++) {
					final String[] x = a.get(i).split(","), y = b.get(i).split(",");
					assertEquals(x[0], y[0]);
					try {
						assertEquals(Double.parseDouble(x[1]), Double.parseDouble(y[1]), 1e-9 * Math.abs(Double.parseDouble(x[1])), a.get(i));
					}
					catch (final NumberFormatException e) {
						assertEquals(x[1], y[1]);
					}
				}
				for (final String f : new String[] { "posterior-mean.tif", "posterior-variance.tif", "posterior-within-variance.tif",
					"component-shifts.tif" }) {
					final float[] u = pixels(single.resolve(f)), w = pixels(merged.resolve(f));
					for (int i = 0; i < u.length; i++) assertEquals(u[i], w[i], 2 * Math.ulp(u[i]), lin + ", K = " + k + ": " + f + " pixel " + i);
				}
			}
		}
		final MainTest.Run bad = new MainTest.Run("posterior-linearized", "training=" + training, "data=" + data, "samples=2",
			"shard=0/2", "out=" + dir.resolve("lin-bad"));
		assertTrue(bad.err.contains("cannot be drawn by shards"), bad.err);
	}

	private static String[] concat(final String[] a, final String... b) {
		final String[] c = Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, c, a.length, b.length);
		return c;
	}

	@Test
	void auditShardsMergeIntoTheSingleRunByteForByte() throws Exception {
		assertEquals(0, new MainTest.Run("generate-models", "family=flat", "n=4", "seed=4", "nx=12", "nz=10", "dx=10", "vmin=1500",
			"vmax=2500", "minlayers=2", "maxlayers=4", "out=" + dir.resolve("gen"), "--quiet").code);
		final String samples = dir.resolve("gen/models.tif").toString();
		final Path single = dir.resolve("audit-single");
		final MainTest.Run s = new MainTest.Run("memorization-audit", "training=" + training, "samples=" + samples, "k=5",
			"out=" + single, "--quiet");
		assertEquals(0, s.code, s.err);
		final StringBuilder parts = new StringBuilder();
		for (int i = 0; i < 3; i++) {
			final Path o = dir.resolve("audit-k3/shard-" + i);
			final MainTest.Run r = new MainTest.Run("memorization-audit", "training=" + training, "samples=" + samples, "k=5",
				"shard=" + i + "/3", "threads=2", "out=" + o, "--quiet");
			assertEquals(0, r.code, r.err);
			parts.append(i > 0 ? "," : "").append(o);
		}
		final Path merged = dir.resolve("audit-merged");
		final MainTest.Run m = new MainTest.Run("merge", "parts=" + parts, "out=" + merged, "--quiet");
		assertEquals(0, m.code, m.err);
		for (final String f : new String[] { "audit.csv", "summary.csv" })
			assertEquals(Files.readAllLines(single.resolve(f)), Files.readAllLines(merged.resolve(f)), f);
		// the first four training models of seed 4 are the samples: memorized, ratio 0
		assertTrue(Files.readAllLines(single.resolve("summary.csv")).contains("memorized_fraction,1"));
		final ImagePlus a = IJ.openImage(single.resolve("nearest-montage.tif").toString()), b = IJ.openImage(merged.resolve("nearest-montage.tif").toString());
		for (int z = 1; z <= a.getStackSize(); z++)
			Assertions.assertArrayEquals((float[]) a.getStack().getPixels(z), (float[]) b.getStack().getPixels(z));
	}

	@Test
	void shardsAndResumeOverTrainingFilesEqualTheInMemoryRun() throws Exception {
		// the 11 training models as three .npy files (4 + 4 + 3, natural order), streamed through a glob
		final ImagePlus t = IJ.openImage(training);
		final int nx = t.getWidth(), nz = t.getHeight();
		Files.createDirectories(dir.resolve("npy"));
		for (int f = 0, first = 0; first < t.getStackSize(); f++, first += 4) {
			final int n = Math.min(4, t.getStackSize() - first);
			final float[] a = new float[n * nx * nz];
			for (int k = 0; k < n; k++) System.arraycopy((float[]) t.getStack().getPixels(first + k + 1), 0, a, k * nx * nz, nx * nz);
			NpyWriter.write(dir.resolve("npy/model" + (f + 1) + ".npy"), new FloatArray(new int[] { n, 1, nz, nx }, a));
		}
		final String glob = dir.resolve("npy") + "/model*.npy";
		final Path memory = dir.resolve("files-memory"), streamed = dir.resolve("files-streamed");
		assertEquals(0, reweighted(memory).code);
		final MainTest.Run s = new MainTest.Run("posterior-reweighted", "training=" + glob, "data=" + data, "truth=" + truth, "best=4",
			"threads=2", "out=" + streamed, "--quiet");
		assertEquals(0, s.code, s.err);
		final StringBuilder parts = new StringBuilder();
		for (int i = 0; i < 3; i++) {
			final Path o = dir.resolve("files-k3/shard-" + i);
			final MainTest.Run r = new MainTest.Run("posterior-reweighted", "training=" + glob, "data=" + data, "truth=" + truth, "best=4",
				"threads=2", "shard=" + i + "/3", "out=" + o, "--quiet");
			assertEquals(0, r.code, r.err);
			parts.append(i > 0 ? "," : "").append(o);
		}
		// a requeued shard resumes from its finished partial: nothing to do, the same partial
		final Path again = dir.resolve("files-k3/shard-1");
		final byte[] before = Files.readAllBytes(again.resolve("partial.bin"));
		final MainTest.Run r = new MainTest.Run("posterior-reweighted", "training=" + glob, "data=" + data, "truth=" + truth, "best=4",
			"threads=2", "shard=1/3", "resume=true", "out=" + again, "--quiet");
		assertEquals(0, r.code, r.err);
		Assertions.assertArrayEquals(before, Files.readAllBytes(again.resolve("partial.bin")));
		final Path merged = dir.resolve("files-merged");
		final MainTest.Run m = new MainTest.Run("merge", "parts=" + parts, "out=" + merged, "--quiet");
		assertEquals(0, m.code, m.err);
		for (final Path o : new Path[] { streamed, merged }) {
			for (final String f : new String[] { "weights.csv", "summary.csv" })
				assertEquals(Files.readAllLines(memory.resolve(f)), Files.readAllLines(o.resolve(f)), o + ": " + f);
			for (final String f : new String[] { "posterior-mean.tif", "posterior-variance.tif", "best-matches.tif" })
				Assertions.assertArrayEquals(pixels(memory.resolve(f)), pixels(o.resolve(f)), o + ": " + f);
		}
		// memorization-audit streams the files too, whole and in shards
		final Path auditMemory = dir.resolve("files-audit-memory"), auditFiles = dir.resolve("files-audit");
		assertEquals(0, new MainTest.Run("memorization-audit", "training=" + training, "samples=" + truth, "k=5", "out=" + auditMemory,
			"--quiet").code);
		final MainTest.Run a = new MainTest.Run("memorization-audit", "training=" + glob, "samples=" + truth, "k=5", "out=" + auditFiles,
			"--quiet");
		assertEquals(0, a.code, a.err);
		final StringBuilder auditParts = new StringBuilder();
		for (int i = 0; i < 2; i++) {
			final Path o = dir.resolve("files-audit-k2/shard-" + i);
			final MainTest.Run r2 = new MainTest.Run("memorization-audit", "training=" + glob, "samples=" + truth, "k=5", "shard=" + i + "/2",
				"out=" + o, "--quiet");
			assertEquals(0, r2.code, r2.err);
			auditParts.append(i > 0 ? "," : "").append(o);
		}
		final Path auditMerged = dir.resolve("files-audit-merged");
		assertEquals(0, new MainTest.Run("merge", "parts=" + auditParts, "out=" + auditMerged, "--quiet").code);
		for (final Path o : new Path[] { auditFiles, auditMerged })
			assertEquals(Files.readAllLines(auditMemory.resolve("audit.csv")), Files.readAllLines(o.resolve("audit.csv")), o.toString());
	}

	@Test
	void mergeNamesTheMissingShardAndForeignPartials() throws Exception {
		for (int i = 0; i < 2; i++) assertEquals(0, reweighted(dir.resolve("e/s" + i), "shard=" + i + "/3").code);
		MainTest.Run m = new MainTest.Run("merge", "parts=" + dir.resolve("e/s0") + "," + dir.resolve("e/s1"), "out=" + dir.resolve("em"));
		assertEquals(1, m.code);
		assertTrue(m.err.contains("shard 2/3 is missing (models 3, 6, 9)"), m.err);
		assertFalse(Files.exists(dir.resolve("em/posterior-mean.tif")));
		assertEquals(0, reweighted(dir.resolve("e/other"), "shard=2/3", "noise=0.5").code);
		m = new MainTest.Run("merge", "parts=" + dir.resolve("e/s0") + "," + dir.resolve("e/s1") + "," + dir.resolve("e/other"),
			"out=" + dir.resolve("em"));
		assertEquals(1, m.code);
		assertTrue(m.err.contains("was computed with other data, noise, sigma or settings than"), m.err);
		m = new MainTest.Run("merge", "parts=" + dir.resolve("e/none-*"), "out=" + dir.resolve("em"));
		assertTrue(m.err.contains("matches no folder holding partial.bin"), m.err);
		final MainTest.Run bad = reweighted(dir.resolve("e/bad"), "shard=3/3");
		assertEquals(1, bad.code);
		assertTrue(bad.err.contains("shard index i = 3 must be between 0 and K-1 = 2"), bad.err);
		final MainTest.Run noCheckpoint = reweighted(dir.resolve("e/fresh"), "resume=true");
		assertTrue(noCheckpoint.err.contains("holds no checkpoint (partial.bin); run without resume=true"), noCheckpoint.err);
	}
}
