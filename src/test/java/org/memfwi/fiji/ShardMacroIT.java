package org.memfwi.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.memfwi.commands.PosteriorFixtures;

import ij.ImagePlus;

/** Shards of the reweighted posterior and their merge from an ImageJ macro in a real ImageJ 1. */
class ShardMacroIT {

	@Test
	void twoShardsAndTheirMergeEqualOneRun(@TempDir final Path dir) throws Exception {
		final ImagePlus t = PosteriorFixtures.training(6, 1);
		final Path training = PosteriorFixtures.save(t, dir.resolve("training.tif"));
		final Path data = PosteriorFixtures.save(PosteriorFixtures.timeData(PosteriorFixtures.slice(t, 2), 0.01, 3), dir.resolve("data.tif"));
		final String cmd = "Memorized Posterior (Reweighted Training Set)...", in = "training=training.tif data=data.tif best=2 ";
		final ImageJ1.Outcome o = new ImageJ1(dir.resolve("ij")).runMacro(
			"open(" + ImageJ1.quote(training) + ");\n" +
			"open(" + ImageJ1.quote(data) + ");\n" +
			"run(\"" + cmd + "\", \"" + in + "out=[" + dir.resolve("one") + "]\");\n" +
			"run(\"" + cmd + "\", \"" + in + "shard=0/2 out=[" + dir.resolve("s0") + "]\");\n" +
			"run(\"" + cmd + "\", \"" + in + "shard=1/2 out=[" + dir.resolve("s1") + "]\");\n" +
			"run(\"Merge Posterior Shards...\", \"parts=[" + dir.resolve("s0") + "," + dir.resolve("s1") + "] out=[" + dir.resolve("merged") + "]\");\n" +
			"print(\"merged\");\n" +
			"run(\"Merge Posterior Shards...\", \"parts=[" + dir.resolve("s0") + "] out=[" + dir.resolve("never") + "]\");\n" +
			"print(\"macro went on\");\n");
		assertTrue(o.output.contains("merged"), o.output);
		assertTrue(o.output.contains("shard 1/2 is missing"), o.output);
		assertFalse(o.output.contains("macro went on"), o.output);
		assertFalse(Files.exists(dir.resolve("never")));
		for (final String f : new String[] { "weights.csv", "summary.csv" })
			assertEquals(Files.readAllLines(dir.resolve("one").resolve(f)), Files.readAllLines(dir.resolve("merged").resolve(f)), f);
	}
}
