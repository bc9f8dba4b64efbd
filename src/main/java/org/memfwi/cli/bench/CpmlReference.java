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

import org.memfwi.core.wave.RowMajorExport;
import org.memfwi.core.wave.WaveSetup;

/**
 * The like-for-like C reference of the time-domain bench (src/bench/c/cpml8.c, bundled in the jar): a plain C port of
 * the row-major forward step with the same CPML, the same segments and the same float operations, one thread,
 * compiled here with {@code cc -O3 -march=native -ffp-contract=off} (no contraction beyond the fma calls, as in the
 * Java). It reads a case's setup from a file {@link RowMajorExport} writes and returns its traces, so that the bench
 * can check that it computed the same thing as the Java forward before it prints a ratio against it.
 */
final class CpmlReference {

	private static final Pattern RATE = Pattern.compile("mcells=([0-9.]+) cpumcells=([0-9.]+)");

	/** The flags: as stencil8.c's, and no contraction of a * b + c into an fma beyond the fmaf calls (as Java). */
	static final List<String> FLAGS = Arrays.asList("-O3", "-march=native", "-ffp-contract=off");

	private final Path dir, binary;
	private final String note;

	/** One run: Mcell/s by wall clock and per CPU-second (best of the program's repeats), and the traces. */
	static final class Run {
		final double rate, cpuRate;
		final float[][] traces;

		Run(final double rate, final double cpuRate, final float[][] traces) {
			this.rate = rate;
			this.cpuRate = cpuRate;
			this.traces = traces;
		}
	}

	private CpmlReference(final Path dir, final Path binary, final String note) {
		this.dir = dir;
		this.binary = binary;
		this.note = note;
	}

	/** Compiles cpml8.c into a temporary directory; without a C compiler (or if it fails) the reference is absent. */
	static CpmlReference compile() {
		final String cc = System.getenv().getOrDefault("CC", "cc");
		try {
			final Path dir = Files.createTempDirectory("memfwi-bench-cpml");
			dir.toFile().deleteOnExit();
			final Path src = dir.resolve("cpml8.c"), bin = dir.resolve("cpml8");
			try (InputStream in = CpmlReference.class.getResourceAsStream("cpml8.c")) {
				if (in == null) return new CpmlReference(null, null, "C reference with CPML skipped: cpml8.c is not in the jar");
				Files.copy(in, src, StandardCopyOption.REPLACE_EXISTING);
			}
			src.toFile().deleteOnExit();
			final List<String> cmd = new ArrayList<>();
			cmd.add(cc);
			cmd.addAll(FLAGS);
			cmd.addAll(Arrays.asList("-o", bin.toString(), src.toString(), "-lm"));
			final String out = CReference.exec(cmd, 60);
			if (out != null || !Files.isExecutable(bin))
				return new CpmlReference(null, null, "C reference with CPML skipped: '" + cc + " " + String.join(" ", FLAGS) + "' failed" +
					(out == null ? "" : ": " + CReference.firstLine(out)));
			bin.toFile().deleteOnExit();
			return new CpmlReference(dir, bin, "C reference with CPML: src/bench/c/cpml8.c, " + cc + " " + String.join(" ", FLAGS) +
				", a port of the row-major forward step (same segments, memory variables, fma order and flush), 1 thread");
		}
		catch (final IOException e) {
			return new CpmlReference(null, null, "C reference with CPML skipped: no C compiler ('" + cc + "': " + e.getMessage() + ")");
		}
	}

	boolean available() { return binary != null; }

	String note() { return note; }

	/** Writes the step file of a case (model v) for {@link #run}; null when the reference is absent. */
	Path export(final WaveSetup s, final double[] v, final boolean flush, final String name) throws IOException {
		if (binary == null) return null;
		final Path f = dir.resolve(name + ".bin");
		RowMajorExport.write(s, v, flush, f);
		f.toFile().deleteOnExit();
		return f;
	}

	/** Runs the C forward of an exported case (best of repeats inside the program); null when absent or failing. */
	Run run(final WaveSetup s, final Path input, final int repeats, final boolean ftz) throws IOException {
		if (binary == null || input == null) return null;
		final Path traces = Files.createTempFile(dir, "traces", ".bin");
		traces.toFile().deleteOnExit();
		final List<String> cmd = new ArrayList<>(Arrays.asList(binary.toString(), input.toString(), traces.toString(), Integer.toString(repeats)));
		if (!ftz) cmd.add("noftz");
		try {
			final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
			final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) return null;
			final Matcher m = RATE.matcher(out);
			if (!m.find()) return null;
			return new Run(Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)), RowMajorExport.readTraces(s, traces));
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			return null;
		}
		finally {
			Files.deleteIfExists(traces);
		}
	}

	/** The largest difference between two sets of traces, relative to the peak of each shot's reference gather. */
	static double maxRelativeDifference(final float[][] ref, final float[][] other) {
		double worst = 0;
		for (int s = 0; s < ref.length; s++) {
			double peak = 0, diff = 0;
			for (int i = 0; i < ref[s].length; i++) {
				peak = Math.max(peak, Math.abs(ref[s][i]));
				diff = Math.max(diff, Math.abs((double) ref[s][i] - other[s][i]));
			}
			worst = Math.max(worst, peak > 0 ? diff / peak : diff == 0 ? 0 : Double.POSITIVE_INFINITY);
		}
		return worst;
	}
}
