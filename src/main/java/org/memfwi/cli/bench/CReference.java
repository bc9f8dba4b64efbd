package org.memfwi.cli.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The C reference kernel of the time-domain bench (src/bench/c/stencil8.c, bundled in the jar): an order-8 leapfrog
 * update without absorbing layer, one thread, compiled here with {@code cc -O3 -march=native}, run with
 * flush-to-zero on (and off, to show what subnormal floats cost). Its cell rate is what the Java propagator's rates
 * are divided by, so that ratios measured in one run on a shared machine can be compared across machines.
 */
final class CReference {

	private static final Pattern RATE = Pattern.compile("mcells=([0-9.]+) cpumcells=([0-9.]+)");

	private final Path binary;
	private final String note;

	private CReference(final Path binary, final String note) {
		this.binary = binary;
		this.note = note;
	}

	/** Compiles the kernel into a temporary directory; without a C compiler (or if it fails) the reference is absent. */
	static CReference compile() {
		final String cc = System.getenv().getOrDefault("CC", "cc");
		Path dir = null;
		try {
			dir = Files.createTempDirectory("memfwi-bench-c");
			dir.toFile().deleteOnExit();
			final Path src = dir.resolve("stencil8.c"), bin = dir.resolve("stencil8");
			try (InputStream in = CReference.class.getResourceAsStream("stencil8.c")) {
				if (in == null) return new CReference(null, "C reference skipped: stencil8.c is not in the jar");
				Files.copy(in, src, StandardCopyOption.REPLACE_EXISTING);
			}
			src.toFile().deleteOnExit();
			final String out = exec(Arrays.asList(cc, "-O3", "-march=native", "-o", bin.toString(), src.toString(), "-lm"), 60);
			if (out != null || !Files.isExecutable(bin))
				return new CReference(null, "C reference skipped: '" + cc + " -O3 -march=native' failed" + (out == null ? "" : ": " +
					firstLine(out)));
			bin.toFile().deleteOnExit();
			return new CReference(bin, "C reference: src/bench/c/stencil8.c, " + cc + " -O3 -march=native, order 8, no CPML, 1 thread");
		}
		catch (final IOException e) {
			return new CReference(null, "C reference skipped: no C compiler ('" + cc + "': " + e.getMessage() + ")");
		}
	}

	boolean available() { return binary != null; }

	/** One line saying what the reference is, or why it is skipped. */
	String note() { return note; }

	/**
	 * Mcell/s of the C kernel on an n x n grid for the given steps (best of 5 runs inside the program), flush-to-zero
	 * on or off: {@code {by wall clock, per CPU-second}}; NaNs when the reference is absent or fails.
	 */
	double[] rate(final int n, final int steps, final boolean ftz) {
		final double[] none = { Double.NaN, Double.NaN };
		if (binary == null) return none;
		final List<String> cmd = new ArrayList<>(Arrays.asList(binary.toString(), Integer.toString(n), Integer.toString(steps)));
		if (!ftz) cmd.add("noftz");
		try {
			final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
			final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) return none;
			final Matcher m = RATE.matcher(out);
			return m.find() ? new double[] { Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)) } : none;
		}
		catch (final IOException e) {
			return none;
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			return none;
		}
	}

	/** Runs a command; returns null on success, else its output (or the reason). */
	static String exec(final List<String> cmd, final int seconds) throws IOException {
		final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
		final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		try {
			if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
				p.destroyForcibly();
				return "timed out";
			}
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			return "interrupted";
		}
		return p.exitValue() == 0 ? null : out.isEmpty() ? "exit " + p.exitValue() : out;
	}

	static String firstLine(final String s) {
		final int i = s.indexOf('\n');
		return (i < 0 ? s : s.substring(0, i)).trim();
	}
}
