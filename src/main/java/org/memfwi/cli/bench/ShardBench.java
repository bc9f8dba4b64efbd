package org.memfwi.cli.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import com.sun.management.OperatingSystemMXBean;


/**
 * {@code bench shards}: the cost of sharding a reweighted posterior of 1,000 time-domain models (32 x 24 cells of 10 m,
 * 2 shots, 300 steps): one run against K = 8 shard runs plus their merge, all through the command line's code with the
 * same threads, so the difference is what sharding adds (reading the inputs 8 times, writing 8 partials, merging). The
 * comparison runs in {@link #ROUNDS} interleaved rounds and reports the median of the rounds' ratios with each round's
 * figure (the spread), so that a change of the machine's load shows as spread instead of passing for overhead; the
 * fixed cost of one shard run is also measured directly (shards of one model). When Spark is on the class path (see
 * README, "Apache Spark"), the Spark job in local[2] against the command line with 2 threads on the same work. Also the
 * per-model cost that the README's "scaling on paper" table projects, and the shard overhead for models of that size
 * (K = 8 shards of 4 OpenFWI-size models), whose work per shard is representative. The system load average is printed
 * at the start and the end.
 */
final class ShardBench implements Bench.Suite {

	private final CommandLine commandLine;

	/** @param commandLine the command line's entry point, through which every step runs as a user would run it */
	ShardBench(final CommandLine commandLine) {
		this.commandLine = commandLine;
	}

	@Override
	public String name() { return "shards"; }

	@Override
	public String description() { return "shard overhead (K = 8 shards of 1,000 models + merge vs one run) and Spark local[2] vs the CLI"; }

	@Override
	public void run(final PrintStream out, final int maxThreads) throws Exception {
		final Path dir = Files.createTempDirectory("memfwi-bench-shards");
		try {
			final int n = 1000, k = 8, threads = Math.min(2, maxThreads);
			final double load0 = load();
			cli("generate-models", "family=flat", "n=" + n, "seed=3", "nx=32", "nz=24", "dx=10", "vmin=1500", "vmax=3500",
				"out=" + dir.resolve("train"));
			cli("generate-models", "family=flat", "n=1", "seed=8", "nx=32", "nz=24", "dx=10", "vmin=1500", "vmax=3500",
				"out=" + dir.resolve("truth"));
			cli("forward", "physics=time", "model=" + dir.resolve("truth/models.tif"), "sources=2", "f0=10", "nt=300", "dt=0.001",
				"cpml=10", "noise=0.05", "out=" + dir.resolve("data"));
			final String[] keys = { "posterior-reweighted", "training=" + dir.resolve("train/models.tif"),
				"data=" + dir.resolve("data/data.tif"), "threads=" + threads };
			cli(concat(keys, "out=" + dir.resolve("warm"), "shard=0/40")); // JIT warm-up
			final Timing t = timeShards(keys, dir, "", k, ROUNDS);
			out.println(String.format(Locale.ROOT, "shards: reweighted posterior of N = %d time-domain models (32 x 24 cells, 2 shots, " +
				"300 steps), %d threads, %d interleaved rounds: one run %.2f s (%.1f ms per model); %d shards %.2f s + merge %.3f s " +
				"(medians) = overhead %+.1f %% (median of the rounds' ratios; rounds %s; best against best %+.1f %%; weights.csv %s)", n,
				threads, t.rounds(), t.single(), 1e3 * t.single() * threads / n, k, t.shards(), t.merge(), t.overhead(), t.spread(),
				t.bestOverhead(), t.same ? "identical" : "DIFFERENT"));
			out.println("shards: the same in " + t.cpu() + " (K shards + merge against one run; JVM-wide, JIT and GC included)");
			fixedCost(out, keys, dir, n, k, t.single(), median(t.cpuSingle), threads);
			spark(out, keys, dir, t.single(), threads);
			perModel(out, dir);
			representative(out, dir, threads);
			out.println(String.format(Locale.ROOT, "shards: system load average %.2f at the start, %.2f at the end (%d processors)", load0,
				load(), Runtime.getRuntime().availableProcessors()));
		}
		finally {
			try (Stream<Path> s = Files.walk(dir)) {
				for (final Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) Files.deleteIfExists(p);
			}
		}
	}

	/** Rounds of (one run, K shards + merge), interleaved so that a change of load falls on both sides of a round. */
	static final int ROUNDS = 3;

	/** The 1-minute system load average, or NaN where the system does not tell. */
	private static double load() {
		final double l = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
		return l < 0 ? Double.NaN : l;
	}

	/**
	 * The fixed cost of one shard run measured directly: shards of one model each (shard=i/N), the median of 9 runs,
	 * less one model's work on one thread (the one run's time {@code single} (s) x threads / N); and the same in CPU
	 * time (less the one run's CPU time {@code cpuSingle} (s) / N).
	 */
	private void fixedCost(final PrintStream out, final String[] keys, final Path dir, final int n, final int k, final double single,
		final double cpuSingle, final int threads) throws IOException {
		final double perModel = single * threads / n;
		final double[] t = new double[9], c = new double[t.length];
		for (int r = 0; r < t.length; r++) {
			final double c0 = cpu();
			final long t0 = System.nanoTime();
			cli(concat(keys, "shard=" + (97 * r % n) + "/" + n, "out=" + dir.resolve("one-" + r)));
			t[r] = (System.nanoTime() - t0) * 1e-9;
			c[r] = cpu() - c0;
		}
		final double run = median(t);
		out.println(String.format(Locale.ROOT, "shards: fixed cost of one shard run (a shard of 1 model, median of %d: %.1f ms, " +
			"less one model's work %.1f ms): %.1f ms (range of the runs %.1f-%.1f ms); %d shards add %d of them: %.1f %% of the one run", t.length,
			1e3 * run, 1e3 * perModel, 1e3 * (run - perModel), 1e3 * min(t), 1e3 * max(t), k, k - 1,
			100 * (k - 1) * (run - perModel) / single));
		out.println(String.format(Locale.ROOT, "shards: the same in CPU time: %.1f ms less %.1f ms = %.1f ms; %d of them: %.1f %% of the one " +
			"run's CPU time", 1e3 * median(c), 1e3 * cpuSingle / n, 1e3 * (median(c) - cpuSingle / n), k - 1,
			100 * (k - 1) * (median(c) - cpuSingle / n) / cpuSingle));
	}

	private void spark(final PrintStream out, final String[] keys, final Path dir, final double cli, final int threads)
		throws Exception {
		final Method job;
		try {
			Class.forName("org.apache.spark.SparkConf");
			job = Class.forName("org.memfwi.cli.spark.PosteriorJob").getMethod("runLocal", String[].class, String.class);
		}
		catch (final ClassNotFoundException | NoSuchMethodException e) {
			out.println("spark: skipped (Spark is not on the class path; run the bench as the README's \"Apache Spark\" section shows)");
			return;
		}
		// warm-up: Spark's classes loaded and compiled on a small job, so the figure is the job, not the first start
		cli("generate-models", "family=flat", "n=16", "seed=3", "nx=32", "nz=24", "dx=10", "vmin=1500", "vmax=3500",
			"out=" + dir.resolve("small"));
		job.invoke(null, new String[] { keys[0], "training=" + dir.resolve("small/models.tif"), keys[2], "threads=1", "partitions=2",
			"out=" + dir.resolve("spark-warm") }, "local[2]");
		final List<String> a = new ArrayList<>(Arrays.asList(keys));
		a.remove("threads=" + threads);
		a.add("threads=1");
		a.add("partitions=8");
		a.add("out=" + dir.resolve("spark"));
		final long t = System.nanoTime();
		final int code = (Integer) job.invoke(null, a.toArray(new String[0]), "local[2]");
		final double s = (System.nanoTime() - t) * 1e-9;
		if (code != 0) throw new IllegalStateException("the Spark job failed (exit code " + code + ")");
		final boolean same = Arrays.equals(Files.readAllBytes(dir.resolve("single/weights.csv")),
			Files.readAllBytes(dir.resolve("spark/weights.csv")));
		out.println(String.format(Locale.ROOT, "spark: local[2], 8 partitions of 1 thread: %.2f s against the command line with %d " +
			"threads %.2f s = overhead %+.1f %% (after a warm-up job; context start-up included; weights.csv %s)", s, threads, cli, 100 * (s - cli) / cli,
			same ? "identical" : "DIFFERENT"));
	}

	/**
	 * Shards of OpenFWI-size models, whose work per model (about 0.33 s on one thread) is what real shards do: N = 32
	 * models in K = 8 shards of 4 against one run, same threads. The fixed cost of a shard (reading and fingerprinting
	 * the whole training set, building the operator, writing the partial; some tens of ms) is then small beside its work.
	 */
	private void representative(final PrintStream out, final Path dir, final int threads) throws IOException {
		final int n = 32, k = 8;
		cli("generate-models", "family=flat", "n=" + n, "seed=5", "nx=70", "nz=70", "dx=10", "vmin=1500", "vmax=4500",
			"out=" + dir.resolve("openfwi-32"));
		final String[] keys = { "posterior-reweighted", "training=" + dir.resolve("openfwi-32/models.tif"),
			"data=" + dir.resolve("openfwi-data/data.tif"), "threads=" + threads };
		final Timing t = timeShards(keys, dir, "openfwi-", k, ROUNDS);
		out.println(String.format(Locale.ROOT, "shards, OpenFWI size: reweighted posterior of N = %d models (70 x 70, 5 shots, 1,000 " +
			"steps), %d threads, %d interleaved rounds: one run %.2f s; %d shards of %d %.2f s + merge %.3f s (medians) = overhead " +
			"%+.1f %% (rounds %s; best against best %+.1f %%; weights.csv %s)", n, threads, t.rounds(), t.single(), k, n / k, t.shards(),
			t.merge(), t.overhead(), t.spread(), t.bestOverhead(), t.same ? "identical" : "DIFFERENT"));
		out.println("shards, OpenFWI size: the same in " + t.cpu());
	}

	/**
	 * Wall times (s) of R rounds of one run, K shard runs one after another and their merge; and whether weights.csv
	 * agree. The figure is the median of the rounds' own ratios (each round's shards against that round's run, so a
	 * slow drift of the machine's load cancels), with their range as the spread.
	 */
	private static final class Timing {
		final double[] single, shards, merge;
		/** CPU time (s) of the one run and of the K shards + merge: what other processes on the machine disturb least. */
		final double[] cpuSingle, cpuSharded;
		boolean same = true;

		Timing(final int rounds) {
			single = new double[rounds];
			shards = new double[rounds];
			merge = new double[rounds];
			cpuSingle = new double[rounds];
			cpuSharded = new double[rounds];
		}

		/** The CPU-time overhead of each round (%), and their median, e.g. "+1.0 % (rounds +0.8 %, +1.0 %, +1.3 %)". */
		String cpu() {
			final double[] o = new double[rounds()];
			final StringBuilder b = new StringBuilder();
			for (int r = 0; r < o.length; r++) {
				o[r] = 100 * (cpuSharded[r] - cpuSingle[r]) / cpuSingle[r];
				b.append(r > 0 ? ", " : "").append(String.format(Locale.ROOT, "%+.1f %%", o[r]));
			}
			return String.format(Locale.ROOT, "CPU time %.2f s against %.2f s: %+.1f %% (rounds %s)", median(cpuSharded), median(cpuSingle),
				median(o), b);
		}

		int rounds() { return single.length; }

		double single() { return median(single); }

		double shards() { return median(shards); }

		double merge() { return median(merge); }

		/** The overhead of round r, %. */
		double overhead(final int r) { return 100 * (shards[r] + merge[r] - single[r]) / single[r]; }

		/** The median of the rounds' overheads, %. */
		double overhead() {
			final double[] o = new double[rounds()];
			for (int r = 0; r < o.length; r++) o[r] = overhead(r);
			return median(o);
		}

		/** The fastest shards + merge against the fastest one run, %. */
		double bestOverhead() {
			double b = Double.POSITIVE_INFINITY;
			for (int r = 0; r < rounds(); r++) b = Math.min(b, shards[r] + merge[r]);
			return 100 * (b - min(single)) / min(single);
		}

		/** Each round's overhead, e.g. "+1.2 %, -0.4 %, +2.0 %". */
		String spread() {
			final StringBuilder b = new StringBuilder();
			for (int r = 0; r < rounds(); r++) b.append(r > 0 ? ", " : "").append(String.format(Locale.ROOT, "%+.1f %%", overhead(r)));
			return b.toString();
		}
	}

	/**
	 * Runs {@code keys} once whole and as K shards one after another followed by their merge, {@code rounds} times,
	 * alternating which comes first; output folders are named {@code prefix} + single, shard-i and merged in {@code dir}.
	 */
	private Timing timeShards(final String[] keys, final Path dir, final String prefix, final int k, final int rounds) throws IOException {
		final Timing r = new Timing(rounds);
		for (int round = 0; round < rounds; round++) {
			if (round % 2 == 0) {
				timeSingle(keys, dir.resolve(prefix + "single"), r, round);
				timeSharded(keys, dir, prefix, k, r, round);
			}
			else {
				timeSharded(keys, dir, prefix, k, r, round);
				timeSingle(keys, dir.resolve(prefix + "single"), r, round);
			}
			r.same &= Arrays.equals(Files.readAllBytes(dir.resolve(prefix + "single/weights.csv")),
				Files.readAllBytes(dir.resolve(prefix + "merged/weights.csv")));
		}
		return r;
	}

	private void timeSingle(final String[] keys, final Path out, final Timing r, final int round) throws IOException {
		final double c0 = cpu();
		final long t0 = System.nanoTime();
		cli(concat(keys, "out=" + out));
		r.single[round] = (System.nanoTime() - t0) * 1e-9;
		r.cpuSingle[round] = cpu() - c0;
	}

	/** The CPU time of this JVM so far (s, every thread: the work, the JIT, the GC), or NaN where the JVM does not tell. */
	private static double cpu() {
		final Object os = ManagementFactory.getOperatingSystemMXBean();
		return os instanceof OperatingSystemMXBean ? ((OperatingSystemMXBean) os).getProcessCpuTime() * 1e-9 : Double.NaN;
	}

	private void timeSharded(final String[] keys, final Path dir, final String prefix, final int k, final Timing r, final int round)
		throws IOException {
		final StringBuilder parts = new StringBuilder();
		final double c0 = cpu();
		for (int i = 0; i < k; i++) {
			final Path o = dir.resolve(prefix + "shard-" + i);
			final long t = System.nanoTime();
			cli(concat(keys, "shard=" + i + "/" + k, "out=" + o));
			r.shards[round] += (System.nanoTime() - t) * 1e-9;
			parts.append(i > 0 ? "," : "").append(o);
		}
		final long tm = System.nanoTime();
		cli("merge", "parts=" + parts, "out=" + dir.resolve(prefix + "merged"));
		r.merge[round] = (System.nanoTime() - tm) * 1e-9;
		r.cpuSharded[round] = cpu() - c0;
	}

	private static double median(final double[] v) {
		final double[] s = v.clone();
		Arrays.sort(s);
		return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
	}

	private static double min(final double[] v) {
		return Arrays.stream(v).min().getAsDouble();
	}

	private static double max(final double[] v) {
		return Arrays.stream(v).max().getAsDouble();
	}

	/** The per-model cost of an OpenFWI-size time-domain forward solve, for the README's scaling table (s, 1 thread). */
	private double perModel(final PrintStream out, final Path dir) throws IOException {
		final int n = 4;
		cli("generate-models", "family=flat", "n=" + n, "seed=3", "nx=70", "nz=70", "dx=10", "vmin=1500", "vmax=4500",
			"out=" + dir.resolve("openfwi"));
		cli("generate-models", "family=flat", "n=1", "seed=8", "nx=70", "nz=70", "dx=10", "vmin=1500", "vmax=4500",
			"out=" + dir.resolve("openfwi-truth"));
		cli("forward", "physics=time", "model=" + dir.resolve("openfwi-truth/models.tif"), "sources=5", "f0=15", "nt=1000", "dt=0.001",
			"cpml=20", "noise=0.05", "out=" + dir.resolve("openfwi-data"));
		final long t = System.nanoTime();
		cli("posterior-reweighted", "training=" + dir.resolve("openfwi/models.tif"), "data=" + dir.resolve("openfwi-data/data.tif"),
			"threads=1", "out=" + dir.resolve("openfwi-rw"));
		final double s = (System.nanoTime() - t) * 1e-9 / n;
		out.println(String.format(Locale.ROOT, "per model, OpenFWI size (70 x 70 cells of 10 m, 5 shots, 1,000 steps of 1 ms, 20-cell " +
			"CPML), posterior-reweighted, 1 thread: %.3f s; projected N = 60,000: %.2f h on 1 core, %.1f min on 64, %.2f min on 512",
			s, 60000 * s / 3600, 60000 * s / 64 / 60, 60000 * s / 512 / 60));
		return s;
	}

	private static String[] concat(final String[] a, final String... b) {
		final String[] c = Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, c, a.length, b.length);
		return c;
	}

	/** Runs a command through the command line's entry point, as a user would; its output is dropped. */
	private void cli(final String... args) throws IOException {
		final ByteArrayOutputStream err = new ByteArrayOutputStream();
		final int code = commandLine.run(concat(args, "--quiet"), new PrintStream(new ByteArrayOutputStream(), true),
			new PrintStream(err, true));
		if (code != 0) throw new IOException(String.join(" ", args) + ": " + err);
	}
}
