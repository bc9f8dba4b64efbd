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
import ij.ImageStack;

/**
 * The Spark job in local[2] mode, in a JVM started as spark-submit would start it on Java 17 (the --add-opens list of
 * the README): equals the command line's single run (posterior-reweighted: byte for byte; posterior-linearized: its
 * components byte for byte, its summary to 1e-12 relative, its images to a float's rounding); a task that fails once
 * and is retried by Spark (local[2,2]) leaves the result unchanged.
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
		return job(log, master, Arrays.asList(more), "posterior-reweighted", "training=" + training, "data=" + data, "threads=1", "best=3",
			"partitions=3", "out=" + out);
	}

	/** Runs the job in a new JVM with the README's options, the system properties {@code props} and the job's arguments. */
	private static int job(final Path log, final String master, final List<String> props, final String... args) throws Exception {
		final List<String> cmd = new ArrayList<>(Arrays.asList("java", "-Xmx1g"));
		cmd.addAll(OPENS);
		cmd.add("-Dspark.master=" + master);
		cmd.add("-Dspark.ui.enabled=false");
		cmd.addAll(props);
		cmd.addAll(Arrays.asList("-cp", System.getProperty("java.class.path"), PosteriorJob.class.getName()));
		cmd.addAll(Arrays.asList(args));
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

	/**
	 * posterior-linearized with linearize = 4 of 24 models over 3 partitions: each task linearizes its shard's 4
	 * best-fitting models and the merge keeps the 4 best of the whole set, as the single run chooses them.
	 */
	@Test
	void linearizedInLocalModeEqualsTheCommandLine() throws Exception {
		final String[] keys = { "training=" + training, "data=" + data, "sigma=20", "rank=2", "oversampling=2", "power=0", "keep=3",
			"linearize=4" };
		final Path cli = dir.resolve("lin-cli"), out = dir.resolve("lin-spark"), log = dir.resolve("lin-spark.log");
		final List<String> a = new ArrayList<>(Arrays.asList("posterior-linearized"));
		a.addAll(Arrays.asList(keys));
		a.addAll(Arrays.asList("threads=2", "out=" + cli, "--quiet"));
		final ByteArrayOutputStream err = new ByteArrayOutputStream();
		assertEquals(0, Main.run(a.toArray(new String[0]), new PrintStream(new ByteArrayOutputStream(), true), new PrintStream(err, true)),
			err.toString());
		final List<String> b = new ArrayList<>(Arrays.asList("posterior-linearized"));
		b.addAll(Arrays.asList(keys));
		b.addAll(Arrays.asList("threads=1", "partitions=3", "out=" + out));
		assertEquals(0, job(log, "local[2]", new ArrayList<>(), b.toArray(new String[0])), new String(Files.readAllBytes(log)));
		assertEquals(Files.readAllLines(cli.resolve("components.csv")), Files.readAllLines(out.resolve("components.csv")));
		final List<String> s = Files.readAllLines(cli.resolve("summary.csv")), t = Files.readAllLines(out.resolve("summary.csv"));
		assertEquals(s.size(), t.size(), t.toString());
		assertTrue(t.stream().anyMatch(l -> l.equals("linearized,4")), t.toString());
		for (int i = 0; i < s.size(); i++) {
			final String[] x = s.get(i).split(","), y = t.get(i).split(",");
			assertEquals(x[0], y[0]);
			try {
				final double u = Double.parseDouble(x[1]);
				assertEquals(u, Double.parseDouble(y[1]), 1e-12 * Math.abs(u), s.get(i));
			}
			catch (final NumberFormatException e) {
				assertEquals(x[1], y[1], s.get(i));
			}
		}
		for (final String f : new String[] { "posterior-mean.tif", "posterior-variance.tif", "posterior-within-variance.tif",
			"component-shifts.tif" }) {
			final ImageStack u = IJ.openImage(cli.resolve(f).toString()).getStack(), w = IJ.openImage(out.resolve(f).toString()).getStack();
			assertEquals(u.getSize(), w.getSize(), f);
			for (int z = 1; z <= u.getSize(); z++) {
				final float[] p = (float[]) u.getPixels(z), q = (float[]) w.getPixels(z);
				for (int i = 0; i < p.length; i++) assertEquals(p[i], q[i], 2 * Math.ulp(p[i]), f + " slice " + z + " pixel " + i);
			}
		}
		assertFalse(Files.exists(out.resolve(".spark-partials")), "the partials are removed after the merge");
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
