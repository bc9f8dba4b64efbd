package org.memfwi.cli.bench;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.memfwi.core.grid.Grid2D;
import org.memfwi.core.progress.Progress;
import org.memfwi.core.wave.Acquisition;
import org.memfwi.core.wave.Propagator;
import org.memfwi.core.wave.WaveSettings;
import org.memfwi.core.wave.WaveSetup;
import org.memfwi.core.wave.Wavelet;

/**
 * Throughput of the time-domain acoustic propagator on the two cases of the issue: A (70 x 70 cells of 10 m, 5
 * shots, 1 s) and B (300 x 300, 1 shot, 2 s), both order 8 with a 20-cell CPML on every side, 15 Hz Ricker,
 * dt = 1 ms (stable: the order-8 limit for 4,500 m/s at 10 m is 1.23 ms), a layered OpenFWI-like model from 1,500 to
 * 4,500 m/s. Cell updates count the CPML cells: (nx + 40) (nz + 40) x internal steps x shots. Each figure is the best
 * of 2-3 runs by wall clock, with the rate per CPU-second next to it (one thread: CPU time of the calling thread; more
 * threads: CPU time of the whole process), which is less sensitive to other processes on a shared machine, and the
 * one-minute load average before the run. Each line says how the threads were used (batches of shots side by side
 * on separate threads, or the rows of one batch split among a team). Peak heap is sampled every millisecond above
 * the level before the run (garbage included); the gradient keeps the stencil terms of as many time steps as fit in
 * {@link Propagator#gradientMemory()} and recomputes the others from checkpoints.
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
		out.println("heap: " + (Runtime.getRuntime().maxMemory() >> 20) + " MB max; load average " +
			String.format(Locale.ROOT, "%.2f", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
		kernelRate(out);
		final int[] threadCounts = maxThreads > 1 ? new int[] { 1, maxThreads } : new int[] { 1 };
		final WaveSetup a = setup(70, 5, 1000), b = setup(300, 1, 2001);
		warmUp(a);
		for (final Object[] c : new Object[][] { { "A", a }, { "B", b } }) {
			final WaveSetup s = (WaveSetup) c[1];
			final Propagator p = new Propagator(s);
			final double[] v = layered(s.grid());
			final long cells = s.cellsPerStep() * s.steps() * s.acquisition().sources();
			out.println(String.format(Locale.ROOT, "case %s: %d x %d cells of 10 m + 20-cell CPML (%d cells per step), %d shot(s), %d steps " +
				"of %.3g ms, order 8; gradient memory %s: checkpoint every %d steps", c[0], s.grid().nx(), s.grid().nz(), s.cellsPerStep(),
				s.acquisition().sources(), s.steps(), 1e3 * s.internalDt(), org.memfwi.core.util.Memory.mb(p.gradientMemory()),
				p.checkpointInterval()));
			final float[][] obs = p.forward(v, 0, Progress.NONE);
			final double[] v0 = v.clone();
			for (int i = 0; i < v0.length; i++) v0[i] *= 0.98;
			for (final int t : threadCounts) {
				final double[] grad = new double[v.length];
				for (int job = 0; job < 2; job++) {
					double best = Double.MAX_VALUE, bestCpu = Double.MAX_VALUE;
					long mem = 0;
					final double load = loadAverage();
					for (int rep = 0; rep < 3 - job; rep++) {
						try (HeapWatch h = new HeapWatch()) {
							final long t0 = System.nanoTime(), c0 = cpu(t);
							if (job == 0) p.forward(v, t, Progress.NONE);
							else p.misfitGradient(v0, obs, grad, t, Progress.NONE);
							best = Math.min(best, (System.nanoTime() - t0) * 1e-9);
							bestCpu = Math.min(bestCpu, (cpu(t) - c0) * 1e-9);
							mem = Math.max(mem, h.peakAboveBase());
						}
					}
					final int[] plan = p.plan(t);
					final String how = plan[1] > 1 ? plan[1] + " batches of up to " + plan[0] + " shots at once" : plan[2] > 1 ? "rows split " +
						plan[2] + " ways" : "1 thread";
					final String kept = job == 0 ? "" : p.storedSteps(t) == s.steps() ? ", K stored for all steps" : ", K stored for " +
						p.storedSteps(t) + " steps, the rest recomputed";
					out.println(String.format(Locale.ROOT, "  %s %-17s threads=%d (%s, load %.2f)  %7.3f s  %6.0f Mcell/s (%4.0f per CPU-second)  " +
						"peak heap +%s%s", c[0], job == 0 ? "forward" : "forward+gradient", t, how, load, best, cells / best * 1e-6,
						cells / bestCpu * 1e-6, org.memfwi.core.util.Memory.mb(mem), job == 0 ? "" : " (kept " +
							org.memfwi.core.util.Memory.mb(p.gradientBytes(t)) + kept + ")"));
				}
			}
		}
	}

	/** CPU time in ns: of the calling thread for one thread (the work happens on it), else of the whole process. */
	private static long cpu(final int threads) {
		if (threads > 1 && java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean)
			return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
		return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
	}

	private static double loadAverage() {
		return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
	}

	private static void warmUp(final WaveSetup a) {
		final Propagator p = new Propagator(a);
		final double[] v = layered(a.grid());
		final float[][] obs = p.forward(v, 1, Progress.NONE);
		final double[] g = new double[v.length];
		for (int i = 0; i < 2; i++) {
			p.forward(v, 0, Progress.NONE);
			p.misfitGradient(v, obs, g, 1, Progress.NONE);
		}
	}

	/** The interior kernel alone on a 348 x 348 array: shows whether HotSpot vectorized it. */
	private static void kernelRate(final PrintStream out) {
		final double rate = Propagator.interiorKernelRate(340, 400);
		out.println(String.format(Locale.ROOT, "forward without CPML (order 8, 340 x 340, 1 thread): %.0f Mcell/s", rate));
	}
}
