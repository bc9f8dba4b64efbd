package org.memfwi.cli.spark;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.memfwi.cli.Main;
import org.memfwi.core.shard.PartialFile;

/**
 * Runs a sharded command (posterior-reweighted, posterior-linearized or memorization-audit) on Apache Spark:
 * {@code spark-submit --class org.memfwi.cli.spark.PosteriorJob target/memfwi.jar COMMAND key=value ... out=DIR [partitions=K]}
 * with the command line's keys. The training models are split into K shards ({@code shard=i/K}, K = partitions, default
 * Spark's default parallelism), one Spark partition each; every task runs the command-line code on its shard in a
 * local temporary folder and returns the bytes of its {@code partial.bin} (a few numbers per model, not per-model
 * images; posterior-linearized adds its shard's moments and, with linearize = M, its M candidate components); the driver writes the K partials under {@code DIR/.spark-partials} and merges them with the {@code merge}
 * command into the single-run files in DIR. A failed task is run again by Spark ({@code spark.task.maxFailures}); a
 * shard's result depends only on its index, so a retried task gives the same partial. The input paths must be readable
 * by every executor (a shared file system).
 */
public final class PosteriorJob {

	/** Commands that take shard=i/K and whose partials merge. */
	static final List<String> COMMANDS = Arrays.asList("posterior-reweighted", "posterior-linearized",
		"memorization-audit");

	private PosteriorJob() {}

	public static void main(final String[] args) {
		final int code = run(args, null);
		if (code != 0) System.exit(code);
	}

	/** Runs the job with the given master (e.g. local[2]), for the bench; returns the exit code. */
	public static int runLocal(final String[] args, final String master) {
		return run(args, new SparkConf().setAppName("MemFWI bench").setMaster(master).set("spark.ui.enabled", "false"));
	}

	/**
	 * Runs the job; returns the exit code (0 = success). With a non-null {@code conf} it is used as is (tests), else the
	 * master comes from spark-submit, or local[*].
	 */
	static int run(final String[] args, final SparkConf conf) {
		if (args.length == 0 || !COMMANDS.contains(args[0])) {
			System.err.println("usage: spark-submit --class " + PosteriorJob.class.getName() + " memfwi.jar " + String.join("|", COMMANDS) +
				" key=value ... out=DIR [partitions=K]");
			return 2;
		}
		final List<String> keys = new ArrayList<>();
		String out = null;
		int partitions = 0;
		for (int i = 1; i < args.length; i++) {
			final String a = args[i];
			if (a.startsWith("out=")) out = a.substring(4);
			else if (a.startsWith("partitions=")) {
				try {
					partitions = Integer.parseInt(a.substring(11));
				}
				catch (final NumberFormatException e) {
					partitions = -1;
				}
				if (partitions < 1) {
					System.err.println("partitions = " + a.substring(11) + " must be a whole number of at least 1 (the number of shards)");
					return 1;
				}
			}
			else if (a.startsWith("shard=") || a.startsWith("resume=")) {
				System.err.println(a.substring(0, a.indexOf('=')) + " is set by the Spark job itself; remove it");
				return 1;
			}
			else keys.add(a);
		}
		if (out == null) {
			System.err.println("out: give the output folder, out=DIR");
			return 1;
		}
		final SparkConf c = conf != null ? conf : new SparkConf().setAppName("MemFWI " + args[0]).setIfMissing("spark.master", "local[*]");
		final boolean failOnce = Boolean.parseBoolean(c.get("spark.memfwi.failFirstAttempt", "false"));
		final String command = args[0];
		try (JavaSparkContext sc = new JavaSparkContext(c)) {
			final int k = partitions > 0 ? partitions : Math.max(1, sc.defaultParallelism());
			final List<Integer> shards = new ArrayList<>();
			for (int i = 0; i < k; i++) shards.add(i);
			final String[] base = keys.toArray(new String[0]);
			// One task per shard; each returns its partial's bytes.
			final List<byte[]> parts = sc.parallelize(shards, k).map(i -> shardPartial(command, base, i, k, failOnce)).collect();
			final Path dir = Paths.get(out).toAbsolutePath();
			final Path partials = dir.resolve(".spark-partials");
			deleteTree(partials);
			final StringBuilder list = new StringBuilder();
			for (int i = 0; i < parts.size(); i++) {
				final Path f = Files.createDirectories(partials.resolve("shard-" + i)).resolve(PartialFile.NAME);
				Files.write(f, parts.get(i));
				list.append(i > 0 ? "," : "").append(f.getParent());
			}
			final int code = Main.run(new String[] { "merge", "parts=" + list, "out=" + dir, "--quiet" }, System.out, System.err);
			if (code == 0) deleteTree(partials);
			return code;
		}
		catch (final IOException e) {
			System.err.println("out: " + e.getMessage());
			return 1;
		}
		catch (final RuntimeException e) {
			System.err.println(rootMessage(e));
			return 1;
		}
	}

	/** Runs the command on shard i of k in a temporary folder (on the executor) and returns its partial's bytes. */
	static byte[] shardPartial(final String command, final String[] keys, final int i, final int k, final boolean failOnce)
		throws IOException {
		final TaskContext task = TaskContext.get();
		if (failOnce && i == Math.min(1, k - 1) && task != null && task.attemptNumber() == 0)
			throw new IllegalStateException("simulated executor failure in shard " + i + "/" + k + " (spark.memfwi.failFirstAttempt)");
		final Path tmp = Files.createTempDirectory("memfwi-shard-" + i + "-");
		try {
			final String[] a = Arrays.copyOf(keys, keys.length + 5);
			a[keys.length] = command;
			System.arraycopy(keys, 0, a, 1, keys.length);
			a[0] = command;
			a[keys.length + 1] = "shard=" + i + "/" + k;
			a[keys.length + 2] = "out=" + tmp;
			a[keys.length + 3] = "checkpoint=0";
			a[keys.length + 4] = "--quiet";
			final ByteArrayOutputStream err = new ByteArrayOutputStream();
			final int code = Main.run(a, new PrintStream(new ByteArrayOutputStream(), true), new PrintStream(err, true));
			if (code != 0) throw new IllegalArgumentException(command + " shard " + i + "/" + k + ": " +
				new String(err.toByteArray(), StandardCharsets.UTF_8).trim());
			return Files.readAllBytes(tmp.resolve(PartialFile.NAME));
		}
		finally {
			deleteTree(tmp);
		}
	}

	private static String rootMessage(final Throwable e) {
		Throwable t = e;
		while (t.getCause() != null) t = t.getCause();
		final String m = t.getMessage();
		// Spark wraps a task's exception in its own text; keep the task's line
		if (m != null && m.contains("IllegalArgumentException: ")) return m.substring(m.indexOf("IllegalArgumentException: ") + 26)
			.split("\n")[0];
		return m == null ? t.toString() : m.split("\n")[0];
	}

	private static void deleteTree(final Path p) throws IOException {
		if (!Files.exists(p)) return;
		try (Stream<Path> s = Files.walk(p)) {
			for (final Path q : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) Files.delete(q);
		}
	}
}
