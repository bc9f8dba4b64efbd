package org.memfwi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training set larger than the heap: 20,000 models of 70 x 70 (40 .npy files of 500, written by numpy; 392 MB of
 * floats) streamed by posterior-reweighted in a JVM limited to -Xmx256m (the brief asks for 512 MB; 392 MB of floats
 * would nearly fit there, so the test uses a heap that cannot hold them). The data are the
 * gathers of model 123 of file 27, so the posterior must find index 26 * 500 + 124. posterior-dps, which needs the
 * models in memory, refuses with its memory estimate instead of running out of memory.
 */
class StreamingTrainingIT {

	@TempDir
	Path dir;

	private static String jar() {
		final String j = System.getProperty("memfwi.cliJar");
		assertTrue(j != null && new File(j).isFile(), "the CLI jar (memfwi.cliJar) is missing: run after mvn package");
		return j;
	}

	/** Runs a process in the temporary folder; returns its exit code and output. */
	private Object[] run(final List<String> cmd, final long minutes) throws IOException, InterruptedException {
		final Path log = dir.resolve("log-" + System.nanoTime() + ".txt");
		final Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
			p.destroyForcibly();
			throw new AssertionError(cmd + " timed out after " + minutes + " min:\n" + new String(Files.readAllBytes(log), StandardCharsets.UTF_8));
		}
		return new Object[] { p.exitValue(), new String(Files.readAllBytes(log), StandardCharsets.UTF_8) };
	}

	private static List<String> memfwi(final String... args) {
		final List<String> c = new ArrayList<>(Arrays.asList("java", "-Xmx256m", "-jar", jar()));
		c.addAll(Arrays.asList(args));
		return c;
	}

	@Test
	void twentyThousandModelsStreamUnder512MegabytesOfHeap() throws Exception {
		Object[] r = run(Arrays.asList("/usr/bin/python3", "-c", "import numpy as np, os\n" +
			"os.makedirs('model')\n" +
			"rng = np.random.default_rng(7)\n" +
			"z = np.arange(70)[None, None, :, None]\n" +
			"for f in range(40):\n" +
			"    b = rng.integers(10, 60, size=(500, 1, 1, 1))\n" +
			"    v1 = rng.uniform(1500, 2500, size=(500, 1, 1, 1)); v2 = rng.uniform(2600, 4500, size=(500, 1, 1, 1))\n" +
			"    m = (np.where(z < b, v1, v2) * np.ones((1, 1, 70, 70))).astype(np.float32)\n" +
			"    np.save('model/model%d.npy' % (f + 1), m)\n" +
			"    if f == 26: np.save('truth.npy', m[123, 0])\n"), 10);
		assertEquals(0, r[0], (String) r[1]);
		r = run(memfwi("forward", "model=truth.npy?dx=10", "nt=60", "sources=1", "receivers=10", "out=fw", "-q"), 5);
		assertEquals(0, r[0], (String) r[1]);
		r = run(memfwi("posterior-reweighted", "training=model/*.npy", "data=fw/data.tif", "noise=1e-14", "out=post", "-q"), 60);
		assertEquals(0, r[0], (String) r[1]);
		final List<String> summary = Files.readAllLines(dir.resolve("post/summary.csv"));
		assertTrue(summary.contains("n_training,20000"), summary.toString());
		assertTrue(summary.contains("best_index," + (26 * 500 + 124)), summary.toString());
		double best = 0;
		for (final String l : summary) if (l.startsWith("best_weight,")) best = Double.parseDouble(l.substring(12));
		assertTrue(best > 0.5, "the true model dominates: " + summary);
		assertEquals(20001, Files.readAllLines(dir.resolve("post/weights.csv")).size());
		// collapse-sweep problem=fwi streams too: one scan of the 20,000 models, then the first max(N) linearized
		r = run(memfwi("collapse-sweep", "problem=fwi", "training=model/*.npy", "data=fw/data.tif", "noise=1e-3", "sizes=2,3",
			"rank=2", "steps=2", "sigmamin=1", "sigmamax=100", "out=sweep", "-q"), 60);
		assertEquals(0, r[0], (String) r[1]);
		assertEquals(1 + 2 * 2, Files.readAllLines(dir.resolve("sweep/collapse-sweep.csv")).size());
		// posterior-dps needs the 392 MB in memory: refused with its estimate, nothing written
		r = run(memfwi("posterior-dps", "training=model/*.npy", "data=fw/data.tif", "noise=1e-14", "out=dps", "-q"), 5);
		assertEquals(1, r[0], (String) r[1]);
		assertTrue(((String) r[1]).contains("20000 models read from files) in memory needs about"), (String) r[1]);
		assertFalse(Files.exists(dir.resolve("dps/summary.csv")));
		// posterior-linearized streams with samples=0 and weights=exact; samples need the set in memory: refused naming the fix
		r = run(memfwi("posterior-linearized", "training=model/*.npy", "data=fw/data.tif", "noise=1e-3", "samples=2", "out=lin", "-q"), 5);
		assertEquals(1, r[0], (String) r[1]);
		assertTrue(((String) r[1]).contains("20000 models read from files) in memory for samples=2 needs about"), (String) r[1]);
		assertTrue(((String) r[1]).contains("parameterization=velocity with weights=exact and samples=0 streams the models"), (String) r[1]);
		assertFalse(Files.exists(dir.resolve("lin")));
	}
}
