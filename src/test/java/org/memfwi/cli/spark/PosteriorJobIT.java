package org.memfwi.cli.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.memfwi.cli.Main;
import org.memfwi.commands.PosteriorFixtures;

import ij.IJ;
import ij.ImagePlus;

/**
 * The Spark job in local[2] mode, in a JVM started as spark-submit would start it on Java 17 (the --add-opens list of
 * the README): equals the command line's single run; a task that fails once and is retried by Spark (local[2,2])
 * leaves the result unchanged.
 */
class PosteriorJobIT {

	/** The JVM options Spark 3.5 needs on Java 17 (spark-submit adds them itself; README "Apache Spark"). */
	static final List<String> OPENS = Arrays.asList("-XX:+IgnoreUnrecognizedVMOptions", "--add-opens=java.base/java.lang=ALL-UNNAMED",
		"--add-opens=java.base/java.lang.invoke=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
		"--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.net=ALL-UNNAMED",
		"--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED",
		"--add-opens=java.base/java.util.concurrent=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
		"--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
		"--add-opens=java.base/sun.nio.cs=ALL-UNNAMED", "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
		"--add-opens=java.base/sun.util.calendar=ALL-UNNAMED", "-Djdk.reflect.useDirectMethodHandle=false");

	@TempDir
	static Path dir;
	private static Path training, data, single;

	@BeforeAll
	static void inputs() {
		final ImagePlus t = PosteriorFixtures.training(24, 5);
		training = PosteriorFixtures.save(t, dir.resolve("training.tif"));
		data = PosteriorFixtures.save(PosteriorFixtures.timeData(PosteriorFixtures.slice(t, 5), 0.02, 3), dir.resolve("data.tif"));
		single = dir.resolve("cli");
		assertEquals(0, Main.run(new String[] { "posterior-reweighted", "training=" + training, "data=" + data, "threads=2", "best=3",
			"out=" + single, "--quiet" }, new PrintStream(new ByteArrayOutputStream(), true),
			new PrintStream(new ByteArrayOutputStream(), true)));
	}

	private static int spark(final Path out, final Path log, final String master, final String... more) throws Exception {
		final List<String> cmd = new ArrayList<>(Arrays.asList("java", "-Xmx1g"));
		cmd.addAll(OPENS);
		cmd.add("-Dspark.master=" + master);
		cmd.add("-Dspark.ui.enabled=false");
		cmd.addAll(Arrays.asList(more));
		cmd.addAll(Arrays.asList("-cp", System.getProperty("java.class.path"), PosteriorJob.class.getName(), "posterior-reweighted",
			"training=" + training, "data=" + data, "threads=1", "best=3", "partitions=3", "out=" + out));
		return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start().waitFor();
	}

	private static void sameAsTheCli(final Path out) throws Exception {
		for (final String f : new String[] { "weights.csv", "summary.csv" })
			assertEquals(Files.readAllLines(single.resolve(f)), Files.readAllLines(out.resolve(f)), f);
		for (final String f : new String[] { "posterior-mean.tif", "posterior-variance.tif" }) {
			final float[] a = (float[]) IJ.openImage(single.resolve(f).toString()).getProcessor().getPixels();
			final float[] b = (float[]) IJ.openImage(out.resolve(f).toString()).getProcessor().getPixels();
			for (int i = 0; i < a.length; i++) assertEquals(a[i], b[i], Math.ulp(a[i]), f + " pixel " + i);
		}
		assertFalse(Files.exists(out.resolve(".spark-partials")), "the partials are removed after the merge");
	}

	@Test
	void localModeEqualsTheCommandLine() throws Exception {
		final Path out = dir.resolve("spark"), log = dir.resolve("spark.log");
		assertEquals(0, spark(out, log, "local[2]"), new String(Files.readAllBytes(log)));
		sameAsTheCli(out);
	}

	@Test
	void aTaskThatFailsOnceIsRetriedAndTheResultIsUnchanged() throws Exception {
		final Path out = dir.resolve("retry"), log = dir.resolve("retry.log");
		assertEquals(0, spark(out, log, "local[2,2]", "-Dspark.memfwi.failFirstAttempt=true"), new String(Files.readAllBytes(log)));
		final String text = new String(Files.readAllBytes(log));
		assertTrue(text.contains("simulated executor failure in shard 1/3"), "the failure happened:\n" + text);
		sameAsTheCli(out);
		// without retries (local[2]: one attempt per task) the same failure fails the job
		final Path never = dir.resolve("never"), log2 = dir.resolve("never.log");
		assertEquals(1, spark(never, log2, "local[2]", "-Dspark.memfwi.failFirstAttempt=true"));
		assertFalse(Files.exists(never.resolve("weights.csv")));
	}
}
