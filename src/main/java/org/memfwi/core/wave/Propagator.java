package org.memfwi.core.wave;

import java.lang.ref.SoftReference;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntUnaryOperator;

import org.memfwi.core.grid.Grid2D;
import org.memfwi.core.progress.Progress;
import org.memfwi.core.util.Memory;
import org.memfwi.core.util.Parallel;
import org.memfwi.core.wave.GradientStore.Checkpoints;
import org.memfwi.core.wave.GradientStore.Levels;
import org.memfwi.core.wave.GradientStore.RowCheckpoints;
import org.memfwi.core.wave.WaveState.Adjoint;
import org.memfwi.core.wave.WaveState.Columns;
import org.memfwi.core.wave.WaveState.Fields;
import org.memfwi.core.wave.WaveState.Scratch;

/**
 * The fast float implementation of the scheme of {@link WaveSetup}: forward modelling, Born modelling and the
 * adjoint-state gradient.
 * <p>
 * Layout (see {@link RowKernels} for what HotSpot C2 vectorizes): fields are arrays of rows, {@code field[z][i]}.
 * Several shots run side by side in one wide row (a <em>batch</em>: shot j of the batch occupies batch columns
 * [j W, (j + 1) W), each block with its own zero halo, which stays zero because C = 0 there). Each row is stored
 * lane-transposed ({@link Batch}): cut into 16 lanes of consecutive columns, column q of every lane side by side, so
 * that the x-neighbours of a cell sit 16 k floats away and every stencil is a few vectorized passes along the row,
 * the z-neighbours being the other row arrays. Rows of the z layers get vectorized CPML passes. The x-layer memory
 * variables are stored by column, the strips of every shot and both sides (the right side mirrored) one after the
 * other in long column arrays: each step copies the strip columns of the wavefield into such a patch, runs the
 * x-CPML terms as vectorized passes along it and adds the resulting corrections into the rows' stencil terms.
 * <p>
 * Threads: with at least two shots, batches of shots run on separate threads; a single shot splits its rows among a
 * team whose threads meet at a spinning barrier once per time step. Every cell is computed by the same code whatever
 * the thread count and per-shot gradients are summed in shot order, so results are bitwise identical for any number
 * of threads.
 * <p>
 * Gradient: with mu = C lambda and K(n) the stencil term of step n (u(n+1) = 2 u(n) - u(n-1) + C K(n) + s(n)), the
 * gradient with respect to C is {@code sum_n mu(n+1) K(n) / C}, accumulated in float within a segment of
 * {@code k ~ sqrt(3 N)} steps and in double across segments. The forward pass stores K(n) of the last steps, as many
 * as fit in the gradient memory (all of them for small surveys), and the state every k steps before them (the
 * wavefield, the previous one and the CPML variables); the backward pass recomputes each earlier segment once from
 * its checkpoint. Born modelling uses the same K(n) of the background as its source.
 * <p>
 * With the vector kernel, forward modelling and the gradient run in a plain row-major layout instead
 * ({@link RowMajor}: x layers as row segments, no transposition; its adjoint step {@link RowMajor#adjoint} is the exact
 * adjoint of its forward step), with the same checkpointing and stored K(n), and Born modelling likewise.
 * <p>
 * Parts: {@link Layout} (coefficients, CPML strips, interval, batch size), {@link Batch} (the lane layout of a batch
 * of shots), {@link WaveState} (fields, adjoint fields, work columns, scratch), {@link Stepper} (one step of a band
 * of rows, forward and adjoint, on a {@link Kernel}), {@link GradientPlan} (how the gradient memory is shared),
 * {@link GradientStore} (stored stencil terms and checkpoints); this class holds the drivers: forward, gradient,
 * adjoint, Born.
 */
public final class Propagator {

	/**
	 * The idle fraction of the threads above which shots that fit one batch run as one batch split by a team rather
	 * than as batches side by side ({@link #plan}).
	 */
	static final double IDLE_FOR_TEAM = 0.15;

	/** A thread of a team gets at least this many cells per step, or the team is smaller (barrier cost). */
	private static final int MIN_CELLS_PER_THREAD = 16384;

	/**
	 * Default memory for the forward wavefields kept by the gradient: 256 MB (the 5 shots of a 70 x 70 OpenFWI model
	 * with 1,000 steps need about 250 MB to be stored whole), or the system property {@code memfwi.gradient.memory}
	 * in MB.
	 */
	public static final long DEFAULT_GRADIENT_MEMORY = Long.getLong("memfwi.gradient.memory", 256) << 20;

	/**
	 * Magnitude below which updated wavefield and CPML values are set to 0 when flushing: far below anything a
	 * float trace resolves (sources are of order dt^2 / dx^2 ~ 1e-8), and above the subnormal floats (below
	 * 1.2e-38) that x86 processors compute many times slower.
	 */
	public static final float FLUSH_BELOW = 1e-30f;

	/**
	 * Whether forward modelling with the vector kernel runs in the row-major layout ({@link RowMajor}; system property
	 * {@code memfwi.rowmajor}, default true; false keeps the lane-transposed one, for measurements).
	 */
	static final boolean ROW_MAJOR = !"false".equals(System.getProperty("memfwi.rowmajor"));

	/** Whether new propagators flush (system property {@code memfwi.flush}, default true). */
	public static final boolean FLUSH_DEFAULT_ON = !"false".equals(System.getProperty("memfwi.flush"));

	private final WaveSetup g;
	private final long gradientMemory;
	/** Checkpoint interval in steps. */
	private final int interval;
	private final int batchSize;
	private final Layout layout;
	private final Stepper st;
	/** The row-major forward step (forward modelling), and whether forward modelling uses it. */
	private final RowMajor rm;
	private final boolean rowMajor;
	private final GradientPlan memoryPlan;
	/** Set |value| < {@link #FLUSH_BELOW} to 0 in every updated field and memory variable. */
	private final boolean flush;
	/** The row loops: pure Java or the Vector API. */
	private final Kernel kernel;
	/**
	 * The stored stencil terms of the last gradient ({@link Levels#chunks}), kept for the next one of this propagator
	 * (an FWI or a sampler calls it again and again): new arrays of that size (up to {@link #gradientMemory}) cost
	 * zeroing and page faults, measured 1.07x on case A of the bench. Soft, so the collector frees them before
	 * running out of memory, and released when a job does not fit ({@link Memory#releaseOnShortage}); taken by one
	 * gradient at a time.
	 */
	private final AtomicReference<SoftReference<float[][]>> spareLevels = new AtomicReference<>();
	/** Drops {@link #spareLevels} (registered with {@link Memory#releaseOnShortage}, which holds it weakly). */
	private final Runnable dropSpareLevels = () -> spareLevels.set(null);

	/** A propagator whose gradient keeps its forward wavefields within {@link #DEFAULT_GRADIENT_MEMORY}. */
	public Propagator(final WaveSetup setup) {
		this(setup, DEFAULT_GRADIENT_MEMORY);
	}

	/**
	 * @param gradientMemory bytes the gradient may use to keep the forward wavefields: the stencil terms of as many
	 *        time steps as fit are stored, the others recomputed once from checkpoints (0 = checkpoints only, which
	 *        always takes the memory they need); results do not depend on it
	 */
	public Propagator(final WaveSetup setup, final long gradientMemory) {
		this(setup, gradientMemory, FLUSH_DEFAULT_ON);
	}

	/**
	 * @param flush set values of magnitude below {@link #FLUSH_BELOW} to 0 after every update of the wavefields
	 *        (forward, adjoint, Born) and of the CPML memory variables, which keeps subnormal floats, slow on x86,
	 *        out of the computation and changes no value above the threshold by more than float rounding; the
	 *        default is true unless the system property {@code memfwi.flush} is false
	 */
	public Propagator(final WaveSetup setup, final long gradientMemory, final boolean flush) {
		this(setup, gradientMemory, flush, Kernel.DEFAULT);
	}

	/**
	 * A propagator with the given row kernel (for the tests that compare kernels); its forward modelling runs in the
	 * row-major layout with the vector kernel, in the lane-transposed one with pure Java (which HotSpot vectorizes
	 * there, not in the row-major loops).
	 */
	Propagator(final WaveSetup setup, final long gradientMemory, final boolean flush, final Kernel kernel) {
		this(setup, gradientMemory, flush, kernel, kernel != Kernel.JAVA && ROW_MAJOR);
	}

	/**
	 * A propagator that steps every row of the grid at every step, for comparisons with code that does (the results
	 * are the same floats): by default the row-major steps leave alone the rows whose fields are still exactly 0,
	 * those the first waves (and the numerical precursor ahead of them, until flushed) have not reached, unless the
	 * system property {@code memfwi.skipzero} is false.
	 */
	public static Propagator everyRow(final WaveSetup setup, final long gradientMemory, final boolean flush) {
		return new Propagator(setup, gradientMemory, flush, Kernel.DEFAULT, Kernel.DEFAULT != Kernel.JAVA && ROW_MAJOR, false);
	}

	/** A propagator with the given row kernel and forward layout (for the tests). */
	Propagator(final WaveSetup setup, final long gradientMemory, final boolean flush, final Kernel kernel, final boolean rowMajor) {
		this(setup, gradientMemory, flush, kernel, rowMajor, RowMajor.SKIP_DEFAULT);
	}

	/** A propagator with the given row kernel and forward layout, skipping zero rows or not (for the tests). */
	Propagator(final WaveSetup setup, final long gradientMemory, final boolean flush, final Kernel kernel, final boolean rowMajor,
		final boolean skip) {
		this.rowMajor = rowMajor;
		this.flush = flush;
		this.kernel = kernel;
		if (gradientMemory < 0) throw new IllegalArgumentException("gradient memory must be at least 0 bytes, got " + gradientMemory);
		this.gradientMemory = gradientMemory;
layout = new Layout(setup);
		g = setup;
		interval = layout.interval;
		batchSize = layout.batchSize;
		st = new Stepper(layout, kernel, flush);
		rm = new RowMajor(layout, kernel, flush, skip);
		memoryPlan = new GradientPlan(layout, gradientMemory, rowMajor ? rm : null);
		Memory.releaseOnShortage(dropSpareLevels);
	}

	public WaveSetup setup() { return g; }

	/**
	 * The fraction of the row steps of this propagator's row-major forward modelling and gradients (forward and
	 * adjoint passes; not Born modelling, which steps every row) so far that were left alone because every field of the
	 * row was still exactly 0 (see {@link #everyRow}); 0 before any.
	 */
	public double rowsLeftAlone() {
		final double run = rm.rowsRun.sum(), left = rm.rowsLeft.sum();
		return run + left == 0 ? 0 : left / (run + left);
	}

	/**
	 * The name of the row kernel new propagators use: "java" (pure Java, vectorized by HotSpot where it can) or
	 * "vector (N floats)" (the Vector API, when the JVM runs with {@code --add-modules jdk.incubator.vector}).
	 */
	public static String kernel() { return Kernel.DEFAULT.name(); }

	/** True if values below {@link #FLUSH_BELOW} are set to 0 after each update. */
	public boolean flushes() { return flush; }

	/** Steps between checkpoints of the gradient computation. */
	public int checkpointInterval() { return interval; }

	/** Shots computed side by side in one batch. */
	public int batchSize() { return batchSize; }

	/**
	 * How a call with the given thread count (0 = all) is run: {@code {shots per batch, batches at once, threads
	 * per batch}}. With at least two shots and two threads, batches of shots run side by side on separate threads
	 * (no synchronisation per time step); a single shot splits its rows among a team of threads, and so do shots
	 * that fit one batch when batches would leave the threads idle more than {@link #IDLE_FOR_TEAM} of the time and
	 * the team can use them all. 5 shots on 2 threads (batches of 3 and 2, idle a sixth of the time), case A of the
	 * bench: the team measured 0.97-1.13x forward and 1.02-1.14x forward+gradient, medians of four runs of 24-80
	 * interleaved pairs, 1.11-1.18x by the best run of each; 9 shots of 48 x 48 (the demo; idle a tenth): 1.02x and
	 * 1.01x, while the team's spinning barrier costs CPU time, so batches stay there. The lane-transposed layout (the
	 * pure-Java kernel) does not take that rule: its team scales badly, and on case A with 2 threads the team ran the
	 * forward at 164 Mcell/s, batches at 568 (1 thread: 369; AMD EPYC, 12-04). With more threads than shots a thread
	 * may then stay idle (5 shots on 4 threads: batches of 2, 2 and 1, where the rule gave one batch on a team of 4;
	 * measured on 2 cores only). Every shot is computed by the same code either way, so results do not depend on the
	 * plan.
	 */
	public int[] plan(final int threads) {
		final int t = Parallel.threads(threads), shots = g.srcIdx.length;
		if (t <= 1 || shots == 1) return new int[] { batchSize, 1, teamSize(t, batchSize) };
		final int rounds = (shots + t - 1) / t;
		if (rowMajor && shots <= batchSize && 1 - shots / (double) (t * rounds) > IDLE_FOR_TEAM && teamSize(t, shots) == t)
			return new int[] { shots, 1, t };
		final int lanes = Math.min(t, shots);
		final int groups = lanes * ((shots + lanes * batchSize - 1) / (lanes * batchSize));
		final int size = (shots + groups - 1) / groups;
		final int concurrent = Math.min(lanes, (shots + size - 1) / size);
		return new int[] { size, concurrent, teamSize(t / concurrent, size) };
	}

	/** The memory (bytes) the gradient may use for stored stencil terms and checkpoints. */
	public long gradientMemory() { return gradientMemory; }

	/**
	 * Bytes the gradient of a call with the given thread count keeps for the forward wavefields (stored stencil
	 * terms and checkpoints), over the batches that run at once.
	 */
	public long gradientBytes(final int threads) {
		final int[] plan = plan(threads);
		final Batch[] batches = layout.batches(plan[0]);
		final int[] from = storedFrom(batches, plan[1], spareLevels());
		long sum = 0;
		for (int i = 0; i < Math.min(plan[1], batches.length); i++)
			sum += (g.steps - from[i]) * memoryPlan.levelBytes(batches[i]) + memoryPlan.checkpointBytes(batches[i], from[i]);
		return sum;
	}

	/** Time steps whose stencil term the gradient stores (no recomputation) in the first batch of a call. */
	public int storedSteps(final int threads) {
		final int[] plan = plan(threads);
		return g.steps - storedFrom(layout.batches(plan[0]), plan[1], spareLevels())[0];
	}

	/**
	 * The team size for a batch: the requested threads, fewer when each would get too little work per step or a
	 * band of fewer than 8 rows.
	 */
	public int teamSize(final int threads, final int shotsInBatch) {
		final long cells = (long) shotsInBatch * g.cellsPerStep();
		return (int) Math.max(1, Math.min(Math.min(Parallel.threads(threads), cells / MIN_CELLS_PER_THREAD), (g.row1 - g.row0) / 8));
	}

	/** Reports progress and checks for cancel; called by thread 0 every 32 steps. */
	private static void tick(final Progress progress, final AtomicLong done, final long total, final int steps) {
		progress.fraction((double) done.addAndGet(steps) / total);
		progress.checkCanceled();
	}

	// -- forward --

	/**
	 * Shot gathers for velocity model v (m/s, nx * nz): per shot nt x receivers values (time-major).
	 *
	 * @param threads 0 = all processors
	 */
	public float[][] forward(final double[] v, final int threads, final Progress progress) {
		return forward(v, threads, progress, null);
	}

	/**
	 * Shot gathers as {@link #forward(double[], int, Progress)} computes them, told to monitor (when not null) every 32
	 * time steps of each batch of shots. When it answers false, that batch stops after one more step, the batches
	 * running beside it at their next 32-step mark, and batches not yet started do not start; the gathers are then
	 * final only up to the samples reported so far.
	 *
	 * @param threads 0 = all processors
	 */
	public float[][] forward(final double[] v, final int threads, final Progress progress, final Monitor monitor) {
		Kernel.announce(progress);
		final double[] cflat = g.coefficients(v);
		final float[][] out = new float[g.srcIdx.length][g.gatherSize()];
		final int[] plan = plan(threads);
		final Batch[] batches = layout.batches(plan[0]);
		final AtomicLong done = new AtomicLong();
		final long total = (long) batches.length * g.steps;
		final AtomicBoolean stopped = new AtomicBoolean();
		if (rowMajor) Parallel.forEach(batches.length, plan[1], i -> forwardRows(batches[i], cflat, out, new Team(plan[2]), progress, done,
			total, monitor == null ? null : new Halt(monitor, stopped, batches[i])));
		else Parallel.forEach(batches.length, plan[1], i -> forwardBatch(batches[i], batches[i].coefficients(cflat), out, null, null,
			new Team(plan[2]), progress, done, total, monitor == null ? null : new Halt(monitor, stopped, batches[i])));
		progress.fraction(1);
		return out;
	}

	/** Follows a forward run batch by batch (see {@link Propagator#forward(double[], int, Progress, Monitor)}). */
	public interface Monitor {

		/**
		 * Shots {@code [first, first + count)} have samples {@code [0, samples)} of every receiver recorded in their
		 * gathers. Called by one thread at a time.
		 *
		 * @return whether to go on; false stops every batch of the run
		 */
		boolean recorded(float[][] gathers, int first, int count, int samples);
	}

	/**
	 * A batch's link to the monitor. Thread 0 of the team asks it after every 32nd step n; on a stop it sets
	 * {@code leaveAfter = n + 1}, which the other threads see after the next step's barrier, so that the whole team
	 * leaves the step loop after the same step.
	 */
	private static final class Halt {
		final Monitor monitor;
		final AtomicBoolean stopped;
		final int first, count;
		volatile int leaveAfter = Integer.MAX_VALUE;

		Halt(final Monitor monitor, final AtomicBoolean stopped, final Batch b) {
			this.monitor = monitor;
			this.stopped = stopped;
			first = b.first;
			count = b.count;
		}

		/** Thread 0, after step n has been recorded; samples = samples recorded so far. */
		void after(final int n, final float[][] traces, final int samples) {
			if ((n & 31) != 31 || leaveAfter != Integer.MAX_VALUE) return;
			boolean go = !stopped.get();
			if (go) synchronized (monitor) {
				go = !stopped.get() && monitor.recorded(traces, first, count, samples);
			}
			if (!go) {
				stopped.set(true);
				leaveAfter = n + 1;
			}
		}

		/** Every thread, at the end of step n. */
		boolean leave(final int n) { return n >= leaveAfter; }
	}

	/** One batch forward in the row-major layout ({@link RowMajor}), recording into traces. */
	private void forwardRows(final Batch b, final double[] cflat, final float[][] traces, final Team team, final Progress progress,
		final AtomicLong done, final long total, final Halt halt) {
		if (halt != null && halt.stopped.get()) return;
		final RowMajor.Fields f = new RowMajor.Fields(g, b.first, b.count);
		rm.track(f);
		final float[][] c = f.coefficients(g, cflat);
		rm.record(f, f.u, traces, 0);
		runRows(f, c, 0, g.steps, traces, null, null, null, team, progress, done, total, halt);
	}

	/**
	 * Steps the row-major fields f from u(ns) to u(ne) on the team: records into traces (when not null), saves
	 * checkpoints (cp), stores K(n) into levels or into kSeg[n - ns] (when not null; in the layout of levels), written
	 * there directly by the kernels. Leaves early when halt (not null) says so.
	 */
	private void runRows(final RowMajor.Fields f, final float[][] c, final int ns, final int ne, final float[][] traces,
		final RowCheckpoints cp, final Levels levels, final float[][] kSeg, final Team team, final Progress progress, final AtomicLong done,
		final long total, final Halt halt) {
		team.run(t -> {
			final RowMajor.Fields v = new RowMajor.Fields(f);
			for (int n = ns; n < ne; n++) {
				// This step's rows of the thread (they follow the rows that can change: see RowMajor.band).
				final long band = rm.band(v.live, v.act(g.H), team, t);
				final int z0 = (int) (band >>> 32), z1 = (int) band;
				final boolean level = levels != null && n >= levels.first;
				final float[] kOut = kSeg != null ? kSeg[n - ns] : level ? levels.chunk(n) : null;
				rm.step(v, c, team, z0, z1, kOut, kSeg == null && level ? levels.base(n) : 0);
				rm.inject(v, v.up, n, z0, z1);
				team.await();
				v.swap();
				if (t == 0) {
					// Only this thread's rows read the rows above a free surface (bands have at least 4 rows).
					st.mirror(v.u);
					if (traces != null && (n + 1) % g.m == 0) rm.record(v, v.u, traces, (n + 1) / g.m);
					if ((n & 31) == 31) tick(progress, done, total, 32);
					if (halt != null) halt.after(n, traces, (n + 1) / g.m + 1);
				}
				if (cp != null && (n + 1) % interval == 0 && n + 1 < cp.limit) {
					cp.save((n + 1) / interval, v, team, t);
					// Each thread saves the rows of its fixed band, which the next step's bands may not keep to.
					if (v.live != null) team.await();
				}
				if (halt != null && halt.leave(n)) break;
			}
			if (t == 0) f.set(v);
		});
	}

	/** One batch forward; records into traces; saves checkpoints when cp is not null and every K(n) when levels is not null. */
	private void forwardBatch(final Batch b, final float[][] c, final float[][] traces, final Checkpoints cp, final Levels levels,
		final Team team, final Progress progress, final AtomicLong done, final long total, final Halt halt) {
		if (halt != null && halt.stopped.get()) return;
		final Fields f = new Fields(b);
		st.record(b, f.u, traces, 0);
		run(b, c, f, 0, g.steps, traces, cp, levels, null, layout.columns(b, false), team, progress, done, total, halt);
	}

	/**
	 * Steps f from u(ns) to u(ne) on the team: records into traces (when not null), saves checkpoints (cp), stores
	 * K(n) into levels or into the rows of kSeg[n - ns] (when not null). Leaves early when halt (not null) says so.
	 */
	private void run(final Batch b, final float[][] c, final Fields f, final int ns, final int ne, final float[][] traces,
		final Checkpoints cp, final Levels levels, final float[][][] kSeg, final Columns w, final Team team, final Progress progress,
		final AtomicLong done, final long total, final Halt halt) {
		final float[][] kRows = levels != null ? b.rows() : null;
		team.run(t -> {
			final int z0 = team.bandStart(t, g.row0, g.row1), z1 = team.bandStart(t + 1, g.row0, g.row1);
			final Scratch s = new Scratch(b.span, b.colLength, g.H);
			final Fields v = new Fields(f);
			for (int n = ns; n < ne; n++) {
				final float[][] kOut = kSeg != null ? kSeg[n - ns] : kRows;
				st.stepRows(b, v, c, team, t, s, w, kOut);
				st.inject(b, v.up, n, z0, z1);
				if (levels != null && n >= levels.first) levels.save(n, kOut, z0, z1);
				team.await();
				v.swap();
				if (t == 0) {
					// Only this thread's rows read the rows above a free surface (bands have at least 4 rows).
					st.mirror(v.u);
					if (traces != null && (n + 1) % g.m == 0) st.record(b, v.u, traces, (n + 1) / g.m);
					if ((n & 31) == 31) tick(progress, done, total, 32);
					if (halt != null) halt.after(n, traces, (n + 1) / g.m + 1);
				}
				if (cp != null && (n + 1) % interval == 0 && n + 1 < cp.limit) cp.save((n + 1) / interval, v, team, t);
				if (halt != null && halt.leave(n)) break;
			}
			if (t == 0) f.set(v);
		});
	}

	// -- gradient --

	/**
	 * The misfit {@code 1/2 sum ||F(v) - observed||^2} and its gradient with respect to the velocities.
	 *
	 * @param observed per shot nt x receivers values
	 * @param gradient nx * nz values (m/s), filled
	 * @return the misfit
	 */
	public double misfitGradient(final double[] v, final float[][] observed, final double[] gradient, final int threads,
		final Progress progress) {
		return gradient(v, observed, null, gradient, threads, progress);
	}

	/**
	 * The adjoint of Born modelling: {@code J^T w} for data-space weights w (per shot nt x receivers values),
	 * i.e. the gradient with respect to the velocities of {@code <w, F(v)>}.
	 */
	public double[] adjoint(final double[] v, final float[][] w, final double[] out, final int threads, final Progress progress) {
		final double[] g2 = out == null ? new double[g.grid.size()] : out;
		gradient(v, null, w, g2, threads, progress);
		return g2;
	}

	/** Shared forward + backward pass. Either observed (residual = F(v) - observed) or w (given weights) is set. */
	private double gradient(final double[] v, final float[][] observed, final float[][] w, final double[] gradient, final int threads,
		final Progress progress) {
		Kernel.announce(progress);
		final double[] cflat = g.coefficients(v);
		final int shots = g.srcIdx.length;
		final int[] plan = plan(threads);
		final Batch[] batches = layout.batches(plan[0]);
		// The last gradient's stored terms (held: the plan may count them as free), for the first batch that can use
		// them; dropped when none can (the soft reference cleared too), so that the collector may take them back.
		final SoftReference<float[][]> kept = spareLevels.getAndSet(null);
		final AtomicReference<float[][]> spare = new AtomicReference<>(kept == null ? null : kept.get());
		final int[] from = storedFrom(batches, plan[1], spare.get());
		final int width0 = memoryPlan.levelWidth(batches[0]);
		final long held = from[0] < g.steps && Levels.fits(spare.get(), g, from[0], width0) ? bytes(spare.get()) : 0;
		if (held == 0) {
			spare.set(null);
			if (kept != null) kept.clear();
		}
		// Stored terms of a finished batch that fit the first batch's: kept for the next gradient.
		final AtomicReference<float[][]> keep = new AtomicReference<>();
		long bytes = 0, steps = 0;
		for (int i = 0; i < batches.length; i++) {
			if (i < plan[1]) bytes += (g.steps - from[i]) * memoryPlan.levelBytes(batches[i]) + memoryPlan.checkpointBytes(batches[i],
				from[i]) + memoryPlan.workBytes(batches[i]);
			steps += 2L * g.steps + from[i];
		}
		// What the kept terms hold is not needed again.
		bytes -= held;
		Memory.require(bytes, "the gradient (" + Math.min(shots, plan[0] * plan[1]) + " shot(s) at once, " + g.steps + " steps on " + g.W +
			" x " + g.H + " cells)", "use a smaller model or fewer time steps");
		final double[][] perShot = new double[shots][];
		final double[] misfit = new double[shots];
		final AtomicLong done = new AtomicLong();
		final long total = steps;
		final float[][] traces = new float[shots][g.gatherSize()];
		final float[][] res = observed != null ? new float[shots][] : w;
		Parallel.forEach(batches.length, plan[1], bi -> {
			final Batch b = batches[bi];
			final Team team = new Team(plan[2]);
			if (rowMajor) {
				final RowMajor.Fields f = new RowMajor.Fields(g, b.first, b.count);
				rm.track(f);
				final float[][] c = f.coefficients(g, cflat);
				final RowCheckpoints cp = from[bi] > 0 ? new RowCheckpoints(layout, rm, b.count, from[bi]) : null;
				final Levels levels = from[bi] < g.steps ? new Levels(g, from[bi], g.col0, memoryPlan.levelWidth(b), takeIfFits(spare, from[bi],
					memoryPlan.levelWidth(b))) : null;
				rm.record(f, f.u, traces, 0);
				runRows(f, c, 0, g.steps, traces, cp, levels, null, team, progress, done, total, null);
				if (observed != null) residuals(b, traces, observed, res, misfit);
				final float[][] gC = backwardRows(f, c, cp, levels, res, team, progress, done, total);
				for (int j = 0; j < b.count; j++) perShot[b.first + j] = shotGradient(gC, c, v, j, x -> x);
				release(levels, spare, keep, from[0], width0);
				return;
			}
			final float[][] c = b.coefficients(cflat);
			final Checkpoints cp = from[bi] > 0 ? new Checkpoints(layout, b, from[bi]) : null;
			final Levels levels = from[bi] < g.steps ? new Levels(b, from[bi], takeIfFits(spare, from[bi], memoryPlan.levelWidth(b))) : null;
			forwardBatch(b, c, traces, cp, levels, team, progress, done, total, null);
			if (observed != null) residuals(b, traces, observed, res, misfit);
			final float[][] gC = backwardBatch(b, c, cp, levels, res, team, progress, done, total);
			for (int j = 0; j < b.count; j++) perShot[b.first + j] = shotGradient(gC, c, v, j, b::at);
			release(levels, spare, keep, from[0], width0);
		});
		if (keep.get() != null) spareLevels.set(new SoftReference<>(keep.get()));
		Arrays.fill(gradient, 0);
		double f = 0;
		for (int s = 0; s < shots; s++) {
			for (int i = 0; i < gradient.length; i++) gradient[i] += perShot[s][i];
			f += misfit[s];
		}
		progress.fraction(1);
		return f;
	}

	/** The stored terms kept from the last gradient for the next one, or null (for the tests). */
	float[][] spareLevels() {
		final SoftReference<float[][]> r = spareLevels.get();
		return r == null ? null : r.get();
	}

	/**
	 * The first stored step of each batch ({@link GradientPlan#storedFrom}), counting the kept terms spare (may be
	 * null) as free memory when they fit the first batch's terms of that plan.
	 */
	private int[] storedFrom(final Batch[] batches, final int concurrent, final float[][] spare) {
		final long held = bytes(spare);
		if (held > 0) {
			final int[] planned = memoryPlan.storedFrom(batches, concurrent, held);
			if (planned[0] < g.steps && Levels.fits(spare, g, planned[0], memoryPlan.levelWidth(batches[0]))) return planned;
		}
		return memoryPlan.storedFrom(batches, concurrent);
	}

	/** Bytes of the arrays a (0 for null). */
	private static long bytes(final float[][] a) {
		long n = 0;
		if (a != null) for (final float[] r : a) n += 4L * r.length;
		return n;
	}

	/**
	 * A batch's stored terms once its gradient is done: offered to the batches of the call not yet started (spare),
	 * and kept for the next call (keep) when they fit the first batch's (from step first0, width0 columns).
	 */
	private void release(final Levels levels, final AtomicReference<float[][]> spare, final AtomicReference<float[][]> keep,
		final int first0, final int width0) {
		if (levels == null) return;
		if (Levels.fits(levels.chunks, g, first0, width0)) keep.set(levels.chunks);
		spare.compareAndSet(null, levels.chunks);
	}

	/** The arrays in spare (then empty) if they fit levels from step first of width columns, else null. */
	private float[][] takeIfFits(final AtomicReference<float[][]> spare, final int first, final int width) {
		final float[][] a = spare.get();
		return a != null && Levels.fits(a, g, first, width) && spare.compareAndSet(a, null) ? a : null;
	}

	/**
	 * Shot j's velocity gradient from a batch's sum of mu(n+1) K(n): divided by C cell by cell (cells where the sum is
	 * 0 stay 0) and folded onto the model grid. at maps a batch column (x + j W) to the array column of the layout.
	 */
	private double[] shotGradient(final float[][] gC, final float[][] c, final double[] v, final int j, final IntUnaryOperator at) {
		final double[] flat = new double[g.size()];
		for (int z = g.row0; z < g.row1; z++)
			for (int x = g.col0; x < g.col1; x++) {
				final int i = at.applyAsInt(x + j * g.W);
				final float val = gC[z][i];
				if (val == 0) continue;
				flat[x + g.W * z] = val / (double) c[z][i];
			}
		return g.fold(flat, v, null);
	}

	/**
	 * Adds a segment's float sums gacc into the double sums gC over the rows [z0, z1) and columns [x0, x1), and zeroes
	 * gacc for the next segment.
	 */
	private static void drain(final float[][] gacc, final double[][] gC, final int z0, final int z1, final int x0, final int x1) {
		for (int z = z0; z < z1; z++) {
			final float[] gr = gacc[z];
			final double[] gd = gC[z];
			for (int x = x0; x < x1; x++) {
				gd[x] += gr[x];
				gr[x] = 0;
			}
		}
	}

	/** The residuals traces - observed of the batch's shots into res, and their misfits 1/2 ||r||^2. */
	private void residuals(final Batch b, final float[][] traces, final float[][] observed, final float[][] res, final double[] misfit) {
		for (int shot = b.first; shot < b.first + b.count; shot++) {
			final float[] r = new float[g.gatherSize()];
			double s = 0;
			for (int i = 0; i < r.length; i++) {
				r[i] = traces[shot][i] - observed[shot][i];
				s += 0.5 * (double) r[i] * r[i];
			}
			res[shot] = r;
			misfit[shot] = s;
		}
	}

	/**
	 * Backward pass of one batch in the row-major layout ({@link RowMajor#adjoint}), as {@link #backwardBatch}: returns
	 * sum_n mu(n+1) K(n) per batch cell (to be divided by C). The forward fields f are reused to recompute the
	 * segments before levels.first from their checkpoints.
	 */
	private float[][] backwardRows(final RowMajor.Fields f, final float[][] c, final RowCheckpoints cp, final Levels levels,
		final float[][] res, final Team team, final Progress progress, final AtomicLong done, final long total) {
		final int n1 = g.steps, kseg = interval, span = f.span, xa = g.col0, xb = (f.count - 1) * g.W + g.col1, width = xb - xa;
		final float[][] store = new float[cp != null ? kseg : 0][(g.row1 - g.row0) * width];
		final RowMajor.Adjoint a = new RowMajor.Adjoint(g, f, rm.skip);
		final float[][] gacc = new float[g.H][span];
		final double[][] gC = new double[g.H][span];
		rm.injectAdjoint(a, a.m, c, res, g.nt - 1, 0, g.H);
		st.mirror(a.m);
		final int segments = (n1 + kseg - 1) / kseg;
		for (int seg = segments - 1; seg >= 0; seg--) {
			final int ns = seg * kseg, ne = Math.min(ns + kseg, n1);
			final boolean stored = levels != null && ns >= levels.first;
			if (!stored) {
				cp.restore(seg, f);
				runRows(f, c, ns, ne, null, null, null, store, team, progress, done, total, null);
			}
			team.run(t -> {
				final RowMajor.AdjointScratch s = new RowMajor.AdjointScratch(g.H, span);
				final RowMajor.Adjoint v = new RowMajor.Adjoint(a);
				for (int n = ne - 1; n >= ns; n--) {
					final long band = rm.band(v.live, s.act(g.H), team, t);
					final int z0 = (int) (band >>> 32), z1 = (int) band;
					final float[] kn = stored ? levels.chunk(n) : store[n - ns];
					final int base = (stored ? levels.base(n) : 0) - g.row0 * width - xa;
					final float[][] m = v.m;
					// mu(n+1) is 0 on the rows where it has not been live.
					final boolean[] live = v.live;
					for (int z = z0; z < z1; z++)
						if (live == null || live[z]) kernel.rmAccumulate(gacc[z], m[z], kn, base + z * width, xa, xb);
					rm.adjoint(v, c, z0, z1, s);
					if (n % g.m == 0) rm.injectAdjoint(v, v.mp, c, res, n / g.m, z0, z1);
					team.await();
					v.swap();
					if (t == 0) {
						st.mirror(v.m);
						if ((n & 31) == 0) tick(progress, done, total, 32);
					}
				}
				if (t == 0) a.set(v);
			});
			drain(gacc, gC, g.row0, g.row1, xa, xb);
		}
		final float[][] out = new float[g.H][span];
		for (int z = 0; z < g.H; z++) for (int x = 0; x < span; x++) out[z][x] = (float) gC[z][x];
		return out;
	}

	/**
	 * Backward pass of one batch; returns sum_n mu(n+1) K(n) per cell (to be divided by C), summed in double across
	 * segments of {@link #interval} steps and rounded to float. K(n) comes from levels (stored by the forward pass)
	 * for n from levels.first on, and from recomputing each earlier segment once from its checkpoint.
	 */
	private float[][] backwardBatch(final Batch b, final float[][] c, final Checkpoints cp, final Levels levels, final float[][] res,
		final Team team, final Progress progress, final AtomicLong done, final long total) {
		final int n1 = g.steps, kseg = interval;
		// K(n) of a recomputed segment, and a field that stored K(n) are loaded into.
		final float[][][] store = new float[cp != null ? kseg : 0][][];
		for (int j = 0; j < store.length; j++) store[j] = b.rows();
		final float[][] loaded = levels != null ? b.rows() : null;
		final Fields f = cp != null ? new Fields(b) : null;
		final Adjoint a = new Adjoint(b);
		final Columns w = layout.columns(b, true);
		final float[][] gacc = b.rows();
		final double[][] gC = new double[g.H][b.span];
		st.injectAdjoint(b, a.m, c, res, g.nt - 1, 0, g.H);
		st.mirror(a.m);
		final int segments = (n1 + kseg - 1) / kseg;
		final int x0 = b.x0, x1 = b.x1;
		for (int seg = segments - 1; seg >= 0; seg--) {
			final int ns = seg * kseg, ne = Math.min(ns + kseg, n1);
			final boolean stored = levels != null && ns >= levels.first;
			if (!stored) {
				cp.restore(seg, f);
				run(b, c, f, ns, ne, null, null, null, store, w, team, progress, done, total, null);
			}
			team.run(t -> {
				final int z0 = team.bandStart(t, g.row0, g.row1), z1 = team.bandStart(t + 1, g.row0, g.row1);
				final Scratch s = new Scratch(b.span, b.colLength, g.H);
				final Adjoint v = new Adjoint(a);
				// Adjoint from ne-1 down to ns.
				for (int n = ne - 1; n >= ns; n--) {
					final float[][] kn;
					if (stored) {
						kn = loaded;
						levels.load(n, kn, z0, z1);
					}
					else kn = store[n - ns];
					final float[][] m = v.m;
					for (int z = z0; z < z1; z++) RowKernels.accumulate(gacc[z], m[z], kn[z], x0, x1);
					st.adjointRows(b, v, c, team, t, s, w);
					if (n % g.m == 0) st.injectAdjoint(b, v.mp, c, res, n / g.m, z0, z1);
					team.await();
					v.swap();
					if (t == 0) {
						st.mirror(v.m);
						if ((n & 31) == 0) tick(progress, done, total, 32);
					}
				}
				if (t == 0) a.set(v);
			});
			drain(gacc, gC, g.row0, g.row1, x0, x1);
		}
		final float[][] out = b.rows();
		for (int z = 0; z < g.H; z++) for (int x = 0; x < b.span; x++) out[z][x] = (float) gC[z][x];
		return out;
	}

	// -- Born --

	/**
	 * Born modelling: the Jacobian of {@link #forward} at v applied to a velocity perturbation dv (m/s), per shot
	 * nt x receivers values.
	 */
	public float[][] born(final double[] v, final double[] dv, final int threads, final Progress progress) {
		Kernel.announce(progress);
		final double[] cflat = g.coefficients(v);
		final double[] dc = g.coefficientPerturbation(v, dv);
		final float[][] out = new float[g.srcIdx.length][g.gatherSize()];
		final int[] plan = plan(threads);
		final Batch[] batches = layout.batches(plan[0]);
		final AtomicLong done = new AtomicLong();
		final long total = (long) batches.length * g.steps;
		Parallel.forEach(batches.length, plan[1], bi -> {
			final Batch b = batches[bi];
			final Team team = new Team(plan[2]);
			if (rowMajor) {
				bornRows(b, cflat, dc, out, team, progress, done, total);
				return;
			}
			final float[][] c = b.coefficients(cflat), q = b.coefficients(dc);
			final Fields bg = new Fields(b), d = new Fields(b);
			final float[][] k = b.rows();
			final Columns wb = layout.columns(b, false), wd = layout.columns(b, false);
			team.run(t -> {
				final int z0 = team.bandStart(t, g.row0, g.row1), z1 = team.bandStart(t + 1, g.row0, g.row1);
				final Scratch s = new Scratch(b.span, b.colLength, g.H);
				final Fields vb = new Fields(bg), vd = new Fields(d);
				for (int n = 0; n < g.steps; n++) {
					// Background u(n+1) and its stencil term K(n); then du(n+1) with the source dC K(n).
					st.stepRows(b, vb, c, team, t, s, wb, k);
					st.inject(b, vb.up, n, z0, z1);
					st.stepRows(b, vd, c, team, t, s, wd, null);
					for (int z = z0; z < z1; z++) {
						RowKernels.bornSource(vd.up[z], q[z], k[z], b.x0, b.x1);
						if (flush) RowKernels.flush(vd.up[z], b.x0, b.x1);
						RowKernels.ghosts(vd.up[z], b.m);
					}
					team.await();
					vb.swap();
					vd.swap();
					if (t == 0) {
						st.mirror(vb.u);
						st.mirror(vd.u);
						if ((n + 1) % g.m == 0) st.record(b, vd.u, out, (n + 1) / g.m);
						if ((n & 31) == 31) tick(progress, done, total, 32);
					}
				}
			});
		});
		progress.fraction(1);
		return out;
	}

	/**
	 * One batch of Born modelling in the row-major layout: the background steps with K(n) into one level, then the
	 * perturbation du steps with the source dC K(n) (added as {@link RowMajorKernels#accumulate} adds, then flushed),
	 * recording du into out.
	 */
	private void bornRows(final Batch b, final double[] cflat, final double[] dc, final float[][] out, final Team team,
		final Progress progress, final AtomicLong done, final long total) {
		final RowMajor.Fields bg = new RowMajor.Fields(g, b.first, b.count), d = new RowMajor.Fields(g, b.first, b.count);
		final float[][] c = bg.coefficients(g, cflat), q = bg.coefficients(g, dc);
		final int xa = g.col0, xb = (b.count - 1) * g.W + g.col1, width = xb - xa;
		final float[] k = new float[(g.row1 - g.row0) * width];
		team.run(t -> {
			final int z0 = team.bandStart(t, g.row0, g.row1), z1 = team.bandStart(t + 1, g.row0, g.row1);
			final RowMajor.Fields vb = new RowMajor.Fields(bg), vd = new RowMajor.Fields(d);
			for (int n = 0; n < g.steps; n++) {
				rm.step(vb, c, team, z0, z1, k, 0);
				rm.inject(vb, vb.up, n, z0, z1);
				rm.step(vd, c, team, z0, z1, null, 0);
				for (int z = z0; z < z1; z++) {
					kernel.rmAccumulate(vd.up[z], q[z], k, (z - g.row0) * width - xa, xa, xb);
					if (flush) RowKernels.flush(vd.up[z], xa, xb);
				}
				team.await();
				vb.swap();
				vd.swap();
				if (t == 0) {
					st.mirror(vb.u);
					st.mirror(vd.u);
					if ((n + 1) % g.m == 0) rm.record(vd, vd.u, out, (n + 1) / g.m);
					if ((n & 31) == 31) tick(progress, done, total, 32);
				}
			}
		});
	}

	/**
	 * The wavefield energy (sum of u^2 over the model cells, CPML excluded) after every internal step of one shot,
	 * single-threaded: for absorbing-boundary checks.
	 */
	public double[] energyHistory(final double[] v, final int shot) {
		final Batch b = new Batch(layout, shot, 1);
		final float[][] c = b.coefficients(g.coefficients(v));
		final Fields f = new Fields(b);
		final Scratch s = new Scratch(b.span, b.colLength, g.H);
		final Columns w = layout.columns(b, false);
		final Team one = new Team(1);
		final double[] e = new double[g.steps];
		for (int n = 0; n < g.steps; n++) {
			st.stepRows(b, f, c, one, 0, s, w, null);
			st.inject(b, f.up, n, 0, g.H);
			f.swap();
			st.mirror(f.u);
			double sum = 0;
			for (int iz = 0; iz < g.grid.nz(); iz++)
				for (int ix = 0; ix < g.grid.nx(); ix++) {
					final float u = f.u[iz + g.zt + g.r][b.at(ix + g.p + g.r)];
					sum += (double) u * u;
				}
			e[n] = sum;
		}
		return e;
	}

	/**
	 * The share of subnormal floats (0 < |value| < {@link Float#MIN_NORMAL}) in the wavefield u and in the CPML memory
	 * variables after the given number of internal steps of shot 0 (one thread, as configured: flushing or not),
	 * {@code {in u, in the CPML variables}}; for the bench. Subnormals are what a flush to zero removes.
	 */
	public double[] subnormalFractions(final double[] v, final int steps) {
		if (steps < 0 || steps > g.steps) throw new IllegalArgumentException("steps must be in [0, " + g.steps + "], got " + steps);
		final Batch b = new Batch(layout, 0, 1);
		final float[][] c = b.coefficients(g.coefficients(v));
		final Fields f = new Fields(b);
		final Scratch s = new Scratch(b.span, b.colLength, g.H);
		final Columns w = layout.columns(b, false);
		final Team one = new Team(1);
		for (int n = 0; n < steps; n++) {
			st.stepRows(b, f, c, one, 0, s, w, null);
			st.inject(b, f.up, n, 0, g.H);
			f.swap();
			st.mirror(f.u);
		}
		final long[] field = new long[2], pml = new long[2];
		for (int z = g.row0; z < g.row1; z++) {
			census(f.u[z], b.x0, b.x1, field);
			if (g.p > 0 && layout.zStrip[z]) {
				census(f.pz[z], b.x0, b.x1, pml);
				census(f.zz[z], b.x0, b.x1, pml);
			}
		}
		for (int col = 0; col < layout.sw; col++) {
			census(f.pxT[col], 0, b.colLength, pml);
			census(f.zxT[col], 0, b.colLength, pml);
		}
		return new double[] { field[0] / (double) Math.max(1, field[1]), pml[0] / (double) Math.max(1, pml[1]) };
	}

	/** Adds the subnormal count of a[x0, x1) to n[0] and the length to n[1]. */
	private static void census(final float[] a, final int x0, final int x1, final long[] n) {
		for (int x = x0; x < x1; x++) {
			final float u = Math.abs(a[x]);
			if (u > 0 && u < Float.MIN_NORMAL) n[0]++;
		}
		n[1] += x1 - x0;
	}

	/**
	 * Cell updates per second (millions) of one forward step without CPML on an n x n grid (order 8, one thread,
	 * every row stepped, like the C reference), for the bench: shows what the vectorized interior path reaches.
	 */
	public static double interiorKernelRate(final int n, final int steps) {
		final Grid2D grid = new Grid2D(n, n, 10);
		final WaveSetup s = new WaveSetup(grid, Acquisition.surface(grid, 1, 10), Wavelet.ricker(15, 0.1, 1e-3, steps + 1),
			WaveSettings.DEFAULT.withCpml(0), 1500, 4500, Progress.NONE);
		final Propagator p = everyRow(s, DEFAULT_GRADIENT_MEMORY, FLUSH_DEFAULT_ON);
		final double[] v = new double[grid.size()];
		Arrays.fill(v, 3000);
		long best = Long.MAX_VALUE;
		for (int rep = 0; rep < 5; rep++) {
			final long t0 = System.nanoTime();
			p.forward(v, 1, Progress.NONE);
			best = Math.min(best, System.nanoTime() - t0);
		}
		return (double) n * n * steps / (best * 1e-9) * 1e-6;
	}
}
