package org.memfwi.cli.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.memfwi.core.grid.Grid2D;
import org.memfwi.core.progress.Progress;
import org.memfwi.core.util.Memory;
import org.memfwi.core.wave.Acquisition;
import org.memfwi.core.wave.Propagator;
import org.memfwi.core.wave.WaveSettings;
import org.memfwi.core.wave.WaveSetup;
import org.memfwi.core.wave.Wavelet;

import com.sun.management.OperatingSystemMXBean;

/**
 * Throughput of the time-domain acoustic propagator on the two cases of the issue: A (70 x 70 cells of 10 m, 5
 * shots, 1 s) and B (300 x 300, 1 shot, 2 s), both order 8 with a 20-cell CPML on every side, 15 Hz Ricker,
 * dt = 1 ms (stable: the order-8 limit for 4,500 m/s at 10 m is 1.23 ms), a layered OpenFWI-like model from 1,500 to
 * 4,500 m/s. Cell updates count the CPML cells: (nx + 40) (nz + 40) x internal steps x shots. After a warm-up of both
 * cases (forward and gradient, so that the JIT has compiled every path), each figure is the best of 3 to 12
 * interleaved runs (more for the shorter case: {@link #repeats}) by wall clock (and separately by CPU time), with the
 * rate per CPU-second next to it (one thread: CPU time of the calling thread; more threads: CPU time of the whole
 * process), which is less sensitive to other processes on a shared machine, and the one-minute load average before
 * the run. Each line says how the threads were used (batches of shots side by side
 * on separate threads, or the rows of one batch split among a team). Peak heap is sampled every millisecond above
 * the level before the run (garbage included); the gradient keeps the stencil terms of as many time steps as fit in
 * {@link Propagator#gradientMemory()} and recomputes the others from checkpoints.
 * <p>
 * Two C references, one thread each: stencil8.c (order 8 without absorbing layer: the plain kernel) and, per case,
 * cpml8.c ({@link CpmlReference}: the same row-major step with the same CPML, fed the case by
 * {@link org.memfwi.core.wave.RowMajorExport}), whose traces are compared with the Java forward's before the Java
 * forward's ratio to it is printed.
 * <p>
 * The Java steps leave alone the rows whose fields are still exactly 0; the C programs step every row. So with one
 * thread the bench also runs the forward stepping every row ({@link Propagator#everyRow}), which is the one compared
 * like for like with the C port (and, without the flush, shows what subnormals cost), and prints the share of row
 * steps left alone. The "x C" of every line is its rate over the plain stencil's (no CPML, every cell), the figure of
 * the targets, whatever work the line does.
 */
public final class TimeDomainBench implements Bench.Suite {

	@Override
	public String name() { return "time"; }

	@Override
	public String description() { return "time-domain acoustic propagator: forward and forward+gradient, cases A and B"; }

	/** A layered model, 1,500 m/s at the top to 4,500 m/s at the bottom in 6 flat layers. */
	static double[] layered(final Grid2D grid) {
		final double[] v = new double[grid.size()];
		for (int iz = 0; iz < grid.nz(); iz++) {
			final int layer = Math.min(5, iz * 6 / grid.nz());
			for (int ix = 0; ix < grid.nx(); ix++) v[grid.index(ix, iz)] = 1500 + 600 * layer;
		}
		return v;
	}

	static WaveSetup setup(final int n, final int shots, final int nt) {
		final Grid2D grid = new Grid2D(n, n, 10);
		return new WaveSetup(grid, Acquisition.surface(grid, shots, 10), Wavelet.ricker(15, Wavelet.defaultDelay(15), 1e-3, nt),
			WaveSettings.DEFAULT, 1500, 4500, Progress.NONE);
	}

	/** Samples the used heap every millisecond while a job runs; returns the peak above the level before it. */
	private static final class HeapWatch implements AutoCloseable {
		private final AtomicBoolean run = new AtomicBoolean(true);
		private final AtomicLong peak = new AtomicLong();
		private final long base;
		private final Thread thread;

		HeapWatch() {
			System.gc();
			base = Bench.usedHeap();
			thread = new Thread(() -> {
				while (run.get()) {
					peak.accumulateAndGet(Bench.usedHeap(), Math::max);
					try {
						Thread.sleep(1);
					}
					catch (final InterruptedException e) {
						return;
					}
				}
			});
			thread.setDaemon(true);
			thread.start();
		}

		long peakAboveBase() { return Math.max(0, peak.get() - base); }

		@Override
		public void close() throws InterruptedException {
			run.set(false);
			thread.join();
		}
	}

	@Override
	public void run(final PrintStream out, final int maxThreads) throws Exception {
		out.println("processor: " + processor() + "; heap: " + (Runtime.getRuntime().maxMemory() >> 20) + " MB max; load average " +
			String.format(Locale.ROOT, "%.2f", loadAverage()));
		final String kernel = Propagator.kernel();
		out.println("kernel: " + kernel + "; flush below " + Propagator.FLUSH_BELOW + ": " + (Propagator.FLUSH_DEFAULT_ON ? "on" : "off"));
		final CReference cref = CReference.compile();
		out.println(cref.note());
		final CpmlReference cpml = CpmlReference.compile();
		out.println(cpml.note());
		final int[] threadCounts = maxThreads > 1 ? new int[] { 1, maxThreads } : new int[] { 1 };
		final WaveSetup a = setup(70, 5, 1000), b = setup(300, 1, 2001);
		warmUp(a, 3);
		warmUp(setup(300, 1, 301), 2);
		// After the warm-up: run first, the interior line measured whichever code the JIT compiled first for a
		// forward-only profile, 0.32x to 1.34x C in six runs of the same jar (8 or 16 floats; AMD EPYC, 12-04).
		kernelRate(out, kernel, cref);
		boundaryError(out);
		for (final Object[] c : new Object[][] { { "A", a }, { "B", b } }) {
			final WaveSetup s = (WaveSetup) c[1];
			final Propagator p = new Propagator(s);
			final double[] v = layered(s.grid());
			final long cells = s.cellsPerStep() * s.steps() * s.acquisition().sources();
			out.println(String.format(Locale.ROOT, "case %s: %d x %d cells of 10 m + 20-cell CPML (%d cells per step), %d shot(s), %d steps " +
				"of %.3g ms, order 8; gradient memory %s: checkpoint every %d steps", c[0], s.grid().nx(), s.grid().nz(), s.cellsPerStep(),
				s.acquisition().sources(), s.steps(), 1e3 * s.internalDt(), Memory.mb(p.gradientMemory()), p.checkpointInterval()));
			// The C kernel on the padded grid of the case, run now so that the ratio compares like with like.
			final int padded = s.grid().nx() + 2 * s.settings().cpml();
			final double cLoad = loadAverage();
			final double[] cRate = cref.rate(padded, Math.min(s.steps(), 1000), true);
			if (cref.available()) {
				final double[] cNoFtz = cref.rate(padded, Math.min(s.steps(), 1000), false);
				out.println(String.format(Locale.ROOT, "  %s C reference      threads=1 kernel=C (%d x %d, no CPML, load %.2f)  %6.0f Mcell/s (%4.0f per " +
					"CPU-second) with FTZ; %.0f (%.0f) without", c[0], padded, padded, cLoad, cRate[0], cRate[1], cNoFtz[0], cNoFtz[1]));
			}
			// Without the flush fewer rows stay exactly 0, so the forward without it is compared with the one stepping
			// every row (what subnormals cost, like for like).
			final Propagator raw = Propagator.everyRow(s, p.gradientMemory(), false), every = Propagator.everyRow(s, p.gradientMemory(),
				p.flushes());
			final double[] census = raw.subnormalFractions(v, Math.min(500, s.steps()));
			out.println(String.format(Locale.ROOT, "  %s subnormal floats after %d steps without flush: %.1f %% of the wavefield, %.1f %% of the " +
				"CPML variables", c[0], Math.min(500, s.steps()), 100 * census[0], 100 * census[1]));
			final float[][] obs = p.forward(v, 0, Progress.NONE);
			// The C port with the same CPML: its traces must be the Java forward's to float rounding before its rate is
			// compared (run here and again after the one-thread jobs, best of both, for a shared machine).
			final Path stepFile = cpml.export(s, v, p.flushes(), "case" + c[0]);
			final double cpmlLoad = loadAverage();
			final CpmlReference.Run cpmlFirst = cpml.run(s, stepFile, 5, true);
			final double agreement = cpmlFirst == null ? Double.NaN : CpmlReference.maxRelativeDifference(obs, cpmlFirst.traces);
			final double[] v0 = v.clone();
			for (int i = 0; i < v0.length; i++) v0[i] *= 0.98;
			for (final int t : threadCounts) {
				final double[] grad = new double[v.length];
				// job 0: forward, 1: forward+gradient, 2: forward without the flush stepping every row (what subnormals cost,
				// against job 3), 3: forward stepping every row (like the C programs); the repeats are interleaved (every job
				// once, then again) so that a slow spell of a shared machine does not hit one job only.
				final int jobs = t == 1 ? 4 : 2, reps = repeats(cells);
				final double[] best = new double[jobs], bestCpu = new double[jobs], load = new double[jobs];
				final long[] mem = new long[jobs];
				Arrays.fill(best, Double.MAX_VALUE);
				Arrays.fill(bestCpu, Double.MAX_VALUE);
				Arrays.fill(mem, Long.MAX_VALUE);
				for (int rep = 0; rep < reps; rep++)
					for (int job = 0; job < jobs; job++) {
						final Propagator q = job == 2 ? raw : job == 3 ? every : p;
						if (rep == 0) load[job] = loadAverage();
						try (HeapWatch h = new HeapWatch()) {
							final long t0 = System.nanoTime(), c0 = cpu(t);
							if (job != 1) q.forward(v, t, Progress.NONE);
							else q.misfitGradient(v0, obs, grad, t, Progress.NONE);
							best[job] = Math.min(best[job], (System.nanoTime() - t0) * 1e-9);
							bestCpu[job] = Math.min(bestCpu[job], (cpu(t) - c0) * 1e-9);
							// The least of the repeats: a job's first call also counts the garbage of code not yet compiled (the
							// Vector API allocates every vector in the interpreter: +200-470 MB seen on the first forward without
							// the flush), and the gradient's first call its stored terms, which it keeps (printed as "kept").
							mem[job] = Math.min(mem[job], h.peakAboveBase());
						}
					}
				for (int job = 0; job < jobs; job++) {
					final Propagator q = job == 2 ? raw : job == 3 ? every : p;
					final int[] plan = q.plan(t);
					final String how = plan[1] > 1 ? plan[1] + " batches of up to " + plan[0] + " shots at once" : plan[2] > 1 ? "rows split " +
						plan[2] + " ways" : "1 thread";
					final String kept = job != 1 ? "" : q.storedSteps(t) == s.steps() ? ", K stored for all steps" : ", K stored for " +
						q.storedSteps(t) + " steps, the rest recomputed";
					final double rate = cells / best[job] * 1e-6, cpuRate = cells / bestCpu[job] * 1e-6;
					out.println(String.format(Locale.ROOT, "  %s %-17s threads=%d kernel=%s (%s, load %.2f)  %7.3f s  %6.0f Mcell/s (%4.0f per " +
						"CPU-second)%s  peak heap +%s%s", c[0], job == 0 ? "forward" : job == 1 ? "forward+gradient" : job == 2 ? "no flush, every row" :
							"forward, every row", t, kernel,
						how, load[job], best[job], rate, cpuRate, cref.available() ? String.format(Locale.ROOT, "  %.2fx C (%.2fx per CPU-second)",
							rate / cRate[0], cpuRate / cRate[1]) : "",
						Memory.mb(mem[job]), job != 1 ? "" : " (kept " + Memory.mb(q.gradientBytes(t)) + kept + ")"));
				}
				if (t == 1) {
					// The share of row steps left alone, from propagators of their own: one forward, one forward+gradient.
					final Propagator pf = new Propagator(s, p.gradientMemory()), pg = new Propagator(s, p.gradientMemory());
					pf.forward(v, 1, Progress.NONE);
					pg.misfitGradient(v0, obs, grad, 1, Progress.NONE);
					out.println(String.format(Locale.ROOT, "  %s rows left alone (every field still 0): %.1f %% of the forward's row steps, %.1f %% " +
						"of forward+gradient's; forward %.2fx the forward stepping every row", c[0], 100 * pf.rowsLeftAlone(), 100 * pg.rowsLeftAlone(),
						best[3] / best[0]));
				}
				if (t == 1 && cpml.available()) cpmlLine(out, (String) c[0], s, cpml, stepFile, cpmlFirst, cpmlLoad, agreement, cells / best[3] * 1e-6,
					cells / bestCpu[3] * 1e-6, cells / best[0] * 1e-6);
			}
		}
	}

	/**
	 * Repeats of each job of a case of the given cell updates: 3 to 12, about 2 x 10^9 cell updates in all. Case A's
	 * jobs take 40-200 ms: with 3 repeats its forward with 2 threads gave 860, 1,203 and 1,468 Mcell/s in three bench
	 * runs of one jar, the best repeats coming late (AMD EPYC, 12-04); with 12, 1,220-1,510.
	 */
	static int repeats(final long cells) {
		return (int) Math.max(3, Math.min(12, 2_000_000_000L / Math.max(1, cells)));
	}

	/** Largest C-versus-Java trace difference (relative to the peak) at which the C rate is a fair reference. */
	static final double AGREEMENT = 1e-5;

	/**
	 * The line of the C port with the same CPML (cpml8.c) for a case: its rate with flush-to-zero (best of the run
	 * before the one-thread jobs and one after) and without, the Java forward's ratio to it (stepping every row like the
	 * C, and leaving the zero rows alone), and how closely its traces agree with the Java forward's; no ratio when they
	 * do not agree to float rounding.
	 */
	private static void cpmlLine(final PrintStream out, final String name, final WaveSetup s, final CpmlReference cpml, final Path stepFile,
		final CpmlReference.Run first, final double load, final double agreement, final double javaRate, final double javaCpuRate,
		final double skippingRate) throws IOException {
		final CpmlReference.Run again = cpml.run(s, stepFile, 5, true), noFtz = cpml.run(s, stepFile, 5, false);
		if (first == null || again == null) {
			out.println("  " + name + " C with the same CPML: the C program failed");
			return;
		}
		final double rate = Math.max(first.rate, again.rate), cpuRate = Math.max(first.cpuRate, again.cpuRate);
		final double agreeAgain = CpmlReference.maxRelativeDifference(first.traces, again.traces);
		final boolean agrees = agreement <= AGREEMENT && agreeAgain == 0;
		final long cells = s.cellsPerStep() * s.steps() * s.acquisition().sources();
		out.println(String.format(Locale.ROOT, "  %s C with the same CPML threads=1 kernel=C (%d x %d padded, %d shot(s), load %.2f)  %7.3f s  %6.0f " +
			"Mcell/s (%4.0f per CPU-second) with FTZ; %.0f (%.0f) without; traces vs the Java forward: max difference %.2e of the " +
			"peak%s", name, s.grid().nx() + 2 * s.settings().cpml(), s.grid().nz() + 2 * s.settings().cpml(), s.acquisition().sources(), load,
			cells / rate * 1e-6, rate, cpuRate, noFtz == null ? Double.NaN : noFtz.rate, noFtz == null ? Double.NaN : noFtz.cpuRate,
			agreement, agrees ? String.format(Locale.ROOT, "; Java forward stepping every row (1 thread) %.2fx it (%.2fx per CPU-second); " +
				"leaving zero rows alone %.2fx", javaRate / rate, javaCpuRate / cpuRate, skippingRate / rate) : agreeAgain != 0 ?
					"; C runs differ among themselves, no ratio" : "; above " + AGREEMENT + ": the port disagrees, no ratio"));
	}

	/**
	 * The CPML's boundary-only error on case A's geometry: one shot at x = 0 and the farthest receiver (690 m), both
	 * at 10 m depth, in the layered model, against the same survey on a model padded by 230 cells on every side
	 * (edge-replicated like the CPML), from which no boundary echo returns within the 1 s recorded (2 x 2,300 m at
	 * 4,500 m/s). Printed as the largest difference over the trace relative to its peak.
	 */
	private static void boundaryError(final PrintStream out) {
		final int n = 70, pad = 230;
		final Wavelet w = Wavelet.ricker(15, Wavelet.defaultDelay(15), 1e-3, 1001);
		final Grid2D g = new Grid2D(n, n, 10), gp = new Grid2D(n + 2 * pad, n + 2 * pad, 10);
		final Acquisition acq = new Acquisition(new double[] { 0 }, new double[] { 10 }, new double[] { 690 }, new double[] { 10 });
		final Acquisition acqp = new Acquisition(new double[] { 10 * pad }, new double[] { 10 + 10 * pad }, new double[] { 690 + 10 * pad },
			new double[] { 10 + 10 * pad });
		final float[] t = new Propagator(new WaveSetup(g, acq, w, WaveSettings.DEFAULT, 1500, 4500, Progress.NONE)).forward(layered(g), 0,
			Progress.NONE)[0];
		final double[] vp = new double[gp.size()];
		for (int iz = 0; iz < gp.nz(); iz++) {
			final int layer = Math.min(5, Math.max(0, Math.min(n - 1, iz - pad)) * 6 / n);
			for (int ix = 0; ix < gp.nx(); ix++) vp[gp.index(ix, iz)] = 1500 + 600 * layer;
		}
		final float[] tp = new Propagator(new WaveSetup(gp, acqp, w, WaveSettings.DEFAULT, 1500, 4500, Progress.NONE)).forward(vp, 0,
			Progress.NONE)[0];
		double peak = 0, err = 0;
		int at = 0;
		for (int i = 0; i < t.length; i++) {
			peak = Math.max(peak, Math.abs(tp[i]));
			if (Math.abs(t[i] - tp[i]) > err) {
				err = Math.abs(t[i] - tp[i]);
				at = i;
			}
		}
		out.println(String.format(Locale.ROOT, "CPML (%d cells) boundary-only error, case A geometry, offset 690 m: %.2e of the trace peak " +
			"(largest at %.3f s; vs a model padded by %d cells)", WaveSettings.DEFAULT.cpml(), err / peak, at * 1e-3, pad));
	}

	/** The processor's model name (Linux), or the JVM's architecture name. */
	private static String processor() {
		try {
			for (final String line : Files.readAllLines(Paths.get("/proc/cpuinfo")))
				if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).trim() + (flags().isEmpty() ? "" : " (" + flags() + ")");
		}
		catch (final IOException | RuntimeException e) {
			// not Linux
		}
		return System.getProperty("os.arch");
	}

	/** The widest x86 vector extensions the processor reports (Linux). */
	private static String flags() {
		try {
			for (final String line : Files.readAllLines(Paths.get("/proc/cpuinfo")))
				if (line.startsWith("flags")) {
					final List<String> f = Arrays.asList(line.substring(line.indexOf(':') + 1).trim().split(" "));
					return f.contains("avx512f") ? "AVX-512" : f.contains("avx2") ? "AVX2, no AVX-512" : f.contains("avx") ? "AVX" : "no AVX";
				}
		}
		catch (final IOException | RuntimeException e) {
			// not Linux
		}
		return "";
	}

	/** CPU time in ns: of the calling thread for one thread (the work happens on it), else of the whole process. */
	private static long cpu(final int threads) {
		if (threads > 1 && ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean)
			return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
		return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
	}

	private static double loadAverage() {
		return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
	}

	/** Runs forward and gradient of a case a few times (one and all threads) so that the figures measure compiled code. */
	private static void warmUp(final WaveSetup a, final int rounds) {
		final Propagator p = new Propagator(a);
		final double[] v = layered(a.grid());
		final float[][] obs = p.forward(v, 1, Progress.NONE);
		final double[] g = new double[v.length];
		for (int i = 0; i < rounds; i++) {
			p.forward(v, i % 2 == 0 ? 1 : 0, Progress.NONE);
			p.misfitGradient(v, obs, g, i % 2 == 0 ? 1 : 0, Progress.NONE);
		}
	}

	/**
	 * The interior kernel alone on a 348 x 348 array (340 x 340 cells, no CPML: what the C reference computes), with the
	 * C reference run right after it: the ratio of the kernel without the absorbing layers.
	 */
	private static void kernelRate(final PrintStream out, final String kernel, final CReference cref) {
		final double load = loadAverage();
		final double rate = Propagator.interiorKernelRate(340, 400);
		final double[] c = cref.rate(340, 400, true);
		out.println(String.format(Locale.ROOT, "forward without CPML (order 8, 340 x 340, 1 thread, kernel=%s, load %.2f): %.0f Mcell/s%s", kernel,
			load, rate, cref.available() ? String.format(Locale.ROOT, "; C reference %.0f: %.2fx C", c[0], rate / c[0]) : ""));
	}
}
