package org.memfwi.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same inputs and seed give byte-identical outputs with 1 thread or 2: every file of the whole pipeline (FWI,
 * the three posteriors, summaries, report) on a smaller training set.
 */
class DeterminismIT {

	@Test
	void thePipelineIsByteIdenticalForOneAndTwoThreads(@TempDir final Path dir) throws Exception {
		assertEquals(0, new MainTest.Run("generate-models", "family=curvedfault", "n=24", "seed=11", "nx=48", "nz=48",
			"out=" + dir.resolve("train"), "--quiet").code);
		final String[] args = { "demo", "training=" + dir.resolve("train/models.tif"), "iterations=2", "rank=4",
			"linearize=3", "samples=3", "steps=6", "--quiet" };
		for (final String t : new String[] { "1", "2" }) {
			final String[] a = Arrays.copyOf(args, args.length + 2);
			a[args.length] = "threads=" + t;
			a[args.length + 1] = "out=" + dir.resolve("run" + t);
			final MainTest.Run r = new MainTest.Run(a);
			assertEquals(0, r.code, r.err);
		}
		final List<Path> files;
		try (Stream<Path> s = Files.walk(dir.resolve("run1"))) {
			files = s.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
		}
		assertTrue(files.size() >= 20, "only " + files.size() + " files");
		for (final Path f : files) {
			final Path other = dir.resolve("run2").resolve(dir.resolve("run1").relativize(f));
			assertTrue(Files.isRegularFile(other), "missing with 2 threads: " + other);
			assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(other), "differs between 1 and 2 threads: " + f.getFileName());
		}
	}
}
