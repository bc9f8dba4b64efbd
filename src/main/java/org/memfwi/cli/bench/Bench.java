package org.memfwi.cli.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * {@code java -jar memfwi.jar bench [suite ...] [threads=N]}: throughput of the solvers, for performance work.
 * Figures are printed, never asserted: speed is measured here, not in unit tests. Each solver family registers one
 * {@link Suite}.
 */
public final class Bench {

	/** One family of benchmark cases (e.g. the time-domain propagator). */
	public interface Suite {
		/** Short name used to select it, e.g. "time". */
		String name();

		/** What it measures, one line. */
		String description();

		/** Runs every case and prints one line per figure. */
		void run(PrintStream out, int maxThreads) throws Exception;
	}

	private Bench() {}

	/** Every suite, in the order they run; those that run whole commands do so through {@code cli}. */
	public static List<Suite> suites(final CommandLine cli) {
		final List<Suite> s = new ArrayList<>();
		s.add(new HelmholtzBench());
		// Each solver family adds its suite here.
		s.add(new PosteriorBench());
		s.add(new TimeDomainBench());
		s.add(new PosteriorFwiBench());
		s.add(new ShardBench(cli));
		return Collections.unmodifiableList(s);
	}

	/**
	 * Runs the suites named in {@code args} (all when none is named); returns an exit code.
	 *
	 * @param cli the command line's entry point, for the suites that time whole commands
	 */
	public static int run(final String[] args, final PrintStream out, final PrintStream err, final CommandLine cli) {
		final List<Suite> suites = suites(cli);
		int maxThreads = Runtime.getRuntime().availableProcessors();
		final List<String> names = new ArrayList<>();
		for (final String a : args) {
			if (a.equals("--help") || a.equals("-h")) {
				out.println("bench [suite ...] [threads=N]: solver throughput (command line only)");
				for (final Suite s : suites) out.println(String.format(Locale.ROOT, "  %-12s %s", s.name(), s.description()));
				return 0;
			}
			if (a.startsWith("threads=")) {
				try {
					maxThreads = Integer.parseInt(a.substring(8));
				}
				catch (final NumberFormatException e) {
					err.println("error: threads must be a whole number, got '" + a.substring(8) + "'");
					return 2;
				}
				if (maxThreads < 1) {
					err.println("error: threads must be at least 1, got " + maxThreads);
					return 2;
				}
			}
			else names.add(a);
		}
		for (final String n : names)
			if (suites.stream().noneMatch(s -> s.name().equals(n))) {
				err.println("error: unknown bench suite '" + n + "'; suites: " +
					String.join(", ", suites.stream().map(Suite::name).toArray(String[]::new)));
				return 2;
			}
		out.println(String.format(Locale.ROOT, "MemFWI bench: %d processors, Java %s, max heap %d MB",
			Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
			Runtime.getRuntime().maxMemory() >> 20));
		for (final Suite s : suites) {
			if (!names.isEmpty() && !names.contains(s.name())) continue;
			out.println();
			out.println("== " + s.name() + ": " + s.description());
			try {
				s.run(out, maxThreads);
			}
			catch (final Exception e) {
				err.println("error: bench " + s.name() + " failed: " + e);
				return 1;
			}
		}
		return 0;
	}

	/** Peak of used heap observed by sampling, a helper for suites that report memory. */
	public static long usedHeap() {
		final Runtime rt = Runtime.getRuntime();
		return rt.totalMemory() - rt.freeMemory();
	}
}
