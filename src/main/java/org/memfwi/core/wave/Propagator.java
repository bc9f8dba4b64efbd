package org.memfwi.core.wave;

import java.util.concurrent.atomic.AtomicLong;

import org.memfwi.core.grid.Grid2D;
import org.memfwi.core.progress.Progress;
import org.memfwi.core.util.Memory;
import org.memfwi.core.util.Parallel;

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
 */
public final class Propagator {

	/** Batches aim at rows of about this many columns. */
	private static final int BATCH_COLUMNS = 1024;
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

	/** Whether new propagators flush (system property {@code memfwi.flush}, default true). */
	public static final boolean FLUSH_DEFAULT_ON = !"false".equals(System.getProperty("memfwi.flush"));

	private final WaveSetup g;
	private final long gradientMemory;
	private final float[] k = new float[9];
	/** False for orders 2 and 4: the stencil terms at distance 3 and 4 (all zero) are skipped. */
	private final boolean far;
	private final float[] az, bz;
	/**
	 * x-layer work by columns: {@code sides} strips of {@code sw} columns per shot, the right strip mirrored
	 * (column c of it is array column col1 - 1 - c) so that both share the CPML profile column by column; one
	 * strip spanning the whole width when the grid is too narrow for two separate ones; none without CPML.
	 */
	private final int sw, sides;
	/** CPML coefficients of strip column c. */
	private final float[] cax, cbx;
	/** Strip columns [0, layerEnd) include every absorbing column; columns with ax = 0 only see Dx Px (forward). */
	private final int layerEnd;
	private final boolean[] zStrip;
	/** Checkpoint interval in steps. */
	private final int interval;
	/** Rows of the z layers (CPML state in a checkpoint), and the rank of each among them (-1 for other rows). */
	private final int zRows;
	private final int[] zRank;
	private final int batchSize;
	/** Set |value| < {@link #FLUSH_BELOW} to 0 in every updated field and memory variable. */
	private final boolean flush;
	/** The row loops: pure Java or the Vector API. */
	private final Kernel kernel;

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

	/** A propagator with the given row kernel (for the tests that compare kernels). */
	Propagator(final WaveSetup setup, final long gradientMemory, final boolean flush, final Kernel kernel) {
		this.flush = flush;
		this.kernel = kernel;
		if (gradientMemory < 0) throw new IllegalArgumentException("gradient memory must be at least 0 bytes, got " + gradientMemory);
		this.gradientMemory = gradientMemory;
		g = setup;
		final int r = g.stencil.radius();
		for (int j = 0; j <= 4; j++) k[j] = j <= r ? (float) g.stencil.c(j) : 0;
		for (int j = 1; j <= 4; j++) k[4 + j] = j <= r ? (float) g.stencil.d(j) : 0;
		far = r > 2;
		az = toFloat(g.az);
		bz = toFloat(g.bz);
		final int wide = g.p + Stencil.MAX_RADIUS;
		if (g.p == 0) {
			sw = 0;
			sides = 0;
		}
		else if (g.nxp >= 2 * wide) {
			sw = wide;
			sides = 2;
		}
		else {
			sw = g.nxp;
			sides = 1;
		}
		cax = new float[sw];
		cbx = new float[sw];
		int last = 0;
		for (int c = 0; c < sw; c++) {
			if (g.ax[g.col0 + c] != 0) last = c + 1;
			cax[c] = (float) g.ax[g.col0 + c];
			cbx[c] = (float) g.bx[g.col0 + c];
			if (sides == 2 && (g.ax[g.col0 + c] != g.ax[g.col1 - 1 - c] || g.bx[g.col0 + c] != g.bx[g.col1 - 1 - c]))
				throw new IllegalStateException("the x CPML profile is not symmetric");
		}
		layerEnd = last;
		zStrip = new boolean[g.H];
		int zRows = 0;
		for (int z = g.row0; z < g.row1; z++) {
			zStrip[z] = g.p > 0 && ((g.zt > 0 && z < g.r + g.zt + Stencil.MAX_RADIUS) || z >= g.row1 - wide);
			if (zStrip[z]) zRows++;
		}
		this.zRows = zRows;
		zRank = new int[g.H];
		for (int z = 0, i = 0; z < g.H; z++) zRank[z] = zStrip[z] ? i++ : -1;
		// Floats of CPML state per shot in a checkpoint (z-layer rows and x-layer columns, psi and zeta).
		final int pmlFloats = g.p == 0 ? 0 : 2 * zRows * g.W + 2 * sides * sw * g.H;
		interval = Math.max(1, (int) Math.round(Math.sqrt((2.0 + (double) pmlFloats / g.size()) * g.steps)));
		batchSize = Math.max(1, Math.min(g.srcIdx.length, BATCH_COLUMNS / g.W));
	}

	private static float[] toFloat(final double[] a) {
		final float[] f = new float[a.length];
		for (int i = 0; i < a.length; i++) f[i] = (float) a[i];
		return f;
	}

	public WaveSetup setup() { return g; }

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
	 * (no synchronisation per time step); a single shot splits its rows among a team of threads. Every shot is
	 * computed by the same code either way, so results do not depend on the plan.
	 */
	public int[] plan(final int threads) {
		final int t = Parallel.threads(threads), shots = g.srcIdx.length;
		if (t <= 1 || shots == 1) return new int[] { batchSize, 1, teamSize(t, batchSize) };
		final int lanes = Math.min(t, shots);
		final int groups = lanes * ((shots + lanes * batchSize - 1) / (lanes * batchSize));
		final int size = (shots + groups - 1) / groups;
		final int concurrent = Math.min(lanes, (shots + size - 1) / size);
		return new int[] { size, concurrent, teamSize(t / concurrent, size) };
	}

	/** The memory (bytes) the gradient may use for stored stencil terms and checkpoints. */
	public long gradientMemory() { return gradientMemory; }

	/**
	 * How the gradient of a call with the given thread count keeps the forward wavefield of each batch: the stencil
	 * term K(n) of the last {@code steps - from} steps is stored, the earlier segments are recomputed once from
	 * checkpoints (every {@link #checkpointInterval()} steps). {@code from} is 0 (everything stored) when it fits
	 * the batch's share of {@link #gradientMemory()} (or of half the free heap, if less), a multiple of the interval
	 * otherwise. Results do not depend on it.
	 */
	private int[] storedFrom(final Batch[] batches, final int concurrent) {
		long widths = 0;
		for (int i = 0; i < Math.min(concurrent, batches.length); i++) widths += batches[i].x1 - batches[i].x0;
		final long memory = Math.min(gradientMemory, Memory.available() / 2);
		final int[] from = new int[batches.length];
		for (int i = 0; i < batches.length; i++) {
			final Batch b = batches[i];
			final long budget = (long) (memory * ((double) (b.x1 - b.x0) / widths));
			final long level = levelBytes(b);
			if (g.steps * level <= budget) continue;
			final long n = Math.max(0, (budget - checkpointBytes(b, g.steps)) / level);
			from[i] = Math.min(g.steps, (int) ((g.steps - Math.min(n, g.steps) + interval - 1) / interval * interval));
		}
		return from;
	}

	/** Bytes of one stored K(n) of a batch. */
	private long levelBytes(final Batch b) {
		return 4L * (g.row1 - g.row0) * (b.x1 - b.x0);
	}

	/** Bytes of the checkpoints of steps below from and of the recomputed segment. */
	private long checkpointBytes(final Batch b, final int from) {
		if (from == 0) return 0;
		final long field = 4L * g.H * b.span;
		final long pml = 4L * (2L * zRows * b.span + 2L * sw * b.colLength);
		return (long) ((from - 1) / interval + 1) * (2 * field + pml) + interval * field;
	}

	/** Bytes of a batch's gradient work space beyond stored terms and checkpoints (fields, adjoint, columns). */
	private long workBytes(final Batch b) {
		return 4L * g.H * b.span * 20 + 8L * g.H * b.span + 4L * b.colLength * (4 * sw + 12);
	}

	/**
	 * Bytes the gradient of a call with the given thread count keeps for the forward wavefields (stored stencil
	 * terms and checkpoints), over the batches that run at once.
	 */
	public long gradientBytes(final int threads) {
		final int[] plan = plan(threads);
		final Batch[] batches = batches(plan[0]);
		final int[] from = storedFrom(batches, plan[1]);
		long sum = 0;
		for (int i = 0; i < Math.min(plan[1], batches.length); i++)
			sum += (g.steps - from[i]) * levelBytes(batches[i]) + checkpointBytes(batches[i], from[i]);
		return sum;
	}

	/** Time steps whose stencil term the gradient stores (no recomputation) in the first batch of a call. */
	public int storedSteps(final int threads) {
		final int[] plan = plan(threads);
		return g.steps - storedFrom(batches(plan[0]), plan[1])[0];
	}

	/**
	 * Shots [first, first + count) side by side: batch column x = j W + (array column of shot j), x in [0, width),
	 * width = count * W. A row is stored lane-transposed: the columns are cut into 16 lanes of m consecutive columns
	 * and column x = l m + q (lane l) sits at index 16 (4 + q) + l of a row array of span 16 (m + 8), so that the
	 * x-neighbours of every cell are 16, 32, 48 and 64 floats away and a pass over indices [x0, x1) = [64, 64 + 16 m)
	 * updates 16 cells per vector. Each lane has 4 ghost columns on each side (indices below x0 and from x1 on)
	 * that repeat the neighbouring lanes' edge columns ({@link RowKernels#ghosts}); beyond the first and last lane
	 * they stay 0, like the block halos between shots (C = 0 there).
	 * <p>
	 * The x strips are K = sides * count blocks of sw columns; in column form, block k holds array rows
	 * [k H, (k + 1) H) of every column array, so that the column passes run over all blocks at once.
	 */
	private final class Batch {
		final int first, count, width;
		/** Columns per lane and row array length. */
		final int m, span;
		/** The loop range over a row array. */
		final int x0, x1;
		/** Strip blocks and column length K H. */
		final int blocks, colLength;
		/** Row-array index of patch column q (q in [4, patchEnd)) and of strip column c, per strip block. */
		final int[][] patchAt, stripAt;
		/** Patch columns [4, patchEnd) hold the field; the others are the zero halo. */
		final int patchEnd;

		Batch(final int first, final int count) {
			this.first = first;
			this.count = count;
			width = count * g.W;
			m = Math.max(4, (width + 15) / 16);
			span = 16 * (m + 8);
			x0 = 64;
			x1 = 64 + 16 * m;
			blocks = sides * count;
			colLength = blocks * g.H;
			patchEnd = Math.min(layerEnd + 8, g.nxp + 4);
			patchAt = new int[blocks][patchEnd];
			stripAt = new int[blocks][sw];
			for (int k = 0; k < blocks; k++) {
				final int j = k / sides;
				final boolean right = k % sides == 1;
				final int origin = j * g.W + (right ? g.col1 - 1 : g.col0), dir = right ? -1 : 1;
				for (int q = 4; q < patchEnd; q++) patchAt[k][q] = at(origin + dir * (q - 4));
				for (int c = 0; c < sw; c++) stripAt[k][c] = at(origin + dir * c);
			}
		}

		/** Row-array index of batch column x. */
		int at(final int x) {
			return 16 * (4 + x % m) + x / m;
		}

		/** Adds v to batch column x of a row and to its ghost copies. */
		void addAt(final float[] row, final int x, final float v) {
			final int q = x % m, l = x / m;
			row[16 * (4 + q) + l] += v;
			if (q < 4 && l > 0) row[16 * (4 + m + q) + l - 1] += v;
			if (q >= m - 4 && l < 15) row[16 * (4 + q - m) + l + 1] += v;
		}

		float[][] rows() {
			return new float[g.H][span];
		}

		/** One array per strip column, of K H values (block by block, z fastest). */
		float[][] columns() {
			return new float[sw][colLength];
		}

		/** Row and batch column of a flat setup index for shot-in-batch j. */
		int z(final int flat) { return flat / g.W; }

		int x(final int flat, final int j) { return flat % g.W + j * g.W; }

		/** C replicated into every block. */
		float[][] coefficients(final double[] flat) {
			final float[][] c = rows();
			for (int z = 0; z < g.H; z++)
				for (int x = 0; x < g.W; x++) {
					final float v = (float) flat[x + g.W * z];
					for (int j = 0; j < count; j++) c[z][at(x + j * g.W)] = v;
				}
			return c;
		}
	}

	/**
	 * The team size for a batch: the requested threads, fewer when each would get too little work per step or a
	 * band of fewer than 8 rows.
	 */
	public int teamSize(final int threads, final int shotsInBatch) {
		final long cells = (long) shotsInBatch * g.cellsPerStep();
		return (int) Math.max(1, Math.min(Math.min(Parallel.threads(threads), cells / MIN_CELLS_PER_THREAD), (g.row1 - g.row0) / 8));
	}

	/** The x-layer work columns of a batch, or null without x layers. */
	private Columns columns(final Batch b, final boolean adjoint) {
		return sw > 0 ? new Columns(b, adjoint) : null;
	}

	/** The shots in batches of the given size. */
	private Batch[] batches(final int size) {
		final int shots = g.srcIdx.length;
		final Batch[] b = new Batch[(shots + size - 1) / size];
		for (int i = 0; i < b.length; i++) b[i] = new Batch(i * size, Math.min(size, shots - i * size));
		return b;
	}

	// -- wavefield state (rows: field[z][x], z and x array coordinates including the halo) --

	/**
	 * One batch's wavefield with its CPML memory variables (double-buffered psi). The x-layer variables are stored
	 * by column, {@code pxT[segment][column][z]}, so that their x derivatives are vectorized passes along z.
	 */
	private final class Fields {
		float[][] u, up;
		float[][] pz, pzn, zz;
		float[][] pxT, pxnT, zxT;

		Fields(final Batch b) {
			u = b.rows();
			up = b.rows();
			if (g.p > 0) {
				pz = b.rows();
				pzn = b.rows();
				zz = b.rows();
				pxT = b.columns();
				pxnT = b.columns();
				zxT = b.columns();
			}
		}

		/** A view of the same arrays (each thread of a team swaps its own view). */
		Fields(final Fields o) {
			set(o);
		}

		void set(final Fields o) {
			u = o.u;
			up = o.up;
			pz = o.pz;
			pzn = o.pzn;
			zz = o.zz;
			pxT = o.pxT;
			pxnT = o.pxnT;
			zxT = o.zxT;
		}

		void swap() {
			float[][] t = u;
			u = up;
			up = t;
			if (pz == null) return;
			t = pz;
			pz = pzn;
			pzn = t;
			t = pxT;
			pxT = pxnT;
			pxnT = t;
		}
	}

	/** Adjoint wavefield mu = C lambda and the adjoints of the CPML variables (all double-buffered; x layers by column). */
	private final class Adjoint {
		float[][] m, mp;
		float[][] pzb, pzbn, zzb, zzbn;
		float[][] pxbT, pxbnT, zxbT, zxbnT;

		Adjoint(final Batch b) {
			m = b.rows();
			mp = b.rows();
			if (g.p > 0) {
				pzb = b.rows();
				pzbn = b.rows();
				zzb = b.rows();
				zzbn = b.rows();
				pxbT = b.columns();
				pxbnT = b.columns();
				zxbT = b.columns();
				zxbnT = b.columns();
			}
		}

		/** A view of the same arrays (each thread of a team swaps its own view). */
		Adjoint(final Adjoint o) {
			set(o);
		}

		void set(final Adjoint o) {
			m = o.m;
			mp = o.mp;
			pzb = o.pzb;
			pzbn = o.pzbn;
			zzb = o.zzb;
			zzbn = o.zzbn;
			pxbT = o.pxbT;
			pxbnT = o.pxbnT;
			zxbT = o.zxbT;
			zxbnT = o.zxbnT;
		}

		void swap() {
			float[][] t = m;
			m = mp;
			mp = t;
			if (pzb == null) return;
			t = pzb;
			pzb = pzbn;
			pzbn = t;
			t = zzb;
			zzb = zzbn;
			zzbn = t;
			float[][] tt = pxbT;
			pxbT = pxbnT;
			pxbnT = tt;
			tt = zxbT;
			zxbT = zxbnT;
			zxbnT = tt;
		}
	}

	/** Work columns of a batch shared by its team (each thread fills its own piece of the column length). */
	private final class Columns {
		/** The field on the strip columns widened by 4 columns each side (patch column q = strip column q - 4). */
		final float[][] patch;
		/** What the x layers add to each strip cell's stencil term. */
		final float[][] corr;
		/** Adjoint: delta = ax (mu + Zxbar) and ax Pxbar on the strip columns. */
		final float[][] delta, aP;
		final float[] zero;

		Columns(final Batch b, final boolean adjoint) {
			patch = new float[sw + 8][b.colLength];
			corr = b.columns();
			delta = adjoint ? b.columns() : null;
			aP = adjoint ? b.columns() : null;
			zero = new float[b.colLength];
		}

		/** Column c of a per-segment array, or zeros outside it. */
		float[] col(final float[][] a, final int c) {
			return c >= 0 && c < a.length ? a[c] : zero;
		}
	}

	/** Per-thread scratch rows. */
	private static final class Scratch {
		final float[] t, tz, d, d2, c1, c2, c3;
		/** Adjoint: tau of each row (a row of tauRows, or the row of mu itself where az = 0). */
		final float[][] tau, tauRows;

		Scratch(final int width, final int height, final int rows) {
			tau = new float[rows][];
			tauRows = new float[rows][];
			t = new float[width];
			tz = new float[width];
			d = new float[width];
			d2 = new float[width];
			c1 = new float[height];
			c2 = new float[height];
			c3 = new float[height];
		}
	}

	/**
	 * Forward step of thread t's band of rows: f.up becomes u(n+1) = 2 u(n) - u(n-1) + C K(n) (before the source),
	 * and the rows of kOut, when not null, receive the stencil term K(n). Reads u(n) up to 4 rows beyond the band;
	 * writes nothing outside it, so the team meets only between steps.
	 */
	private void stepRows(final Batch b, final Fields f, final float[][] c, final Team team, final int thread, final Scratch s,
		final Columns w, final float[][] kOut) {
		final int x0 = b.x0, x1 = b.x1;
		final int z0 = team.bandStart(thread, g.row0, g.row1), z1 = team.bandStart(thread + 1, g.row0, g.row1);
		if (w != null) {
			if (team.size() == 1) xColumns(b, f, w, g.row0, (b.blocks - 1) * g.H + g.row1, s);
			else for (int k = 0; k < b.blocks; k++) xColumns(b, f, w, k * g.H + z0, k * g.H + z1, s);
		}
		final float[][] u = f.u;
		final float[] scratch = s.t;
		for (int z = z0; z < z1; z++) {
			final float[] a = u[z], t = kOut != null ? kOut[z] : scratch;
			if (!zStrip[z] || az[z] == 0) {
				kernel.laplacian(t, u, z, k, far, x0, x1);
				if (zStrip[z]) {
					// Within 4 rows of a z layer but not absorbing: Pz and Zz stay 0 here, only Dz Pz reaches in.
					final float[][] pz = f.pz;
					RowKernels.diffAdd(t, pz[z - 1], pz[z + 1], pz[z - 2], pz[z + 2], k[5], k[6], x0, x1);
					if (far) RowKernels.diffAdd(t, pz[z - 3], pz[z + 3], pz[z - 4], pz[z + 4], k[7], k[8], x0, x1);
				}
			}
			else {
				kernel.zRow(t, s.tz, s.d, u, f.pz, z, f.zz[z], f.pzn[z], k, far, az[z], bz[z], flush, x0, x1);
			}
			if (w != null) addCorrections(b, w, t, z);
			kernel.finish(f.up[z], a, c[z], t, flush, x0, x1);
			RowKernels.ghosts(f.up[z], b.m);
		}
	}

	/**
	 * x CPML of the strip columns over [i0, i1) of the column length, as vectorized passes along it: w.corr receives
	 * Dx Px + Zx' for each strip cell (to add to its Dxx u + Dzz u), and the x memory variables are updated. In a
	 * mirrored block Dx changes sign, and so do Px and its adjoint as stored, which leaves every formula unchanged.
	 */
	private void xColumns(final Batch b, final Fields f, final Columns w, final int i0, final int i1, final Scratch s) {
		final float[][] p = w.patch, px = f.pxT;
		toColumns(b, f.u, p, i0, i1);
		for (int c = 0; c < sw; c++) {
			final int q = c + 4;
			if (cax[c] == 0) {
				// ax = bx = 0: Px and Zx stay 0 here and the correction is Dx Px alone.
				RowKernels.diffSet(w.corr[c], w.col(px, c - 1), w.col(px, c + 1), w.col(px, c - 2), w.col(px, c + 2), k[5], k[6], i0, i1);
				if (far) RowKernels.diffAdd(w.corr[c], w.col(px, c - 3), w.col(px, c + 3), w.col(px, c - 4), w.col(px, c + 4), k[7], k[8],
					i0, i1);
				continue;
			}
			RowKernels.sumDiff12(s.c1, s.c2, p[q], p[q - 1], p[q + 1], p[q - 2], p[q + 2], k[0], k[1], k[2], k[5], k[6], false, i0, i1);
			if (far) RowKernels.sumDiff34(s.c1, s.c2, p[q - 3], p[q + 3], p[q - 4], p[q + 4], k[3], k[4], k[7], k[8], i0, i1);
			RowKernels.diffSet(s.c3, w.col(px, c - 1), w.col(px, c + 1), w.col(px, c - 2), w.col(px, c + 2), k[5], k[6], i0, i1);
			if (far) RowKernels.diffAdd(s.c3, w.col(px, c - 3), w.col(px, c + 3), w.col(px, c - 4), w.col(px, c + 4), k[7], k[8], i0, i1);
			RowKernels.xPmlColumn(w.corr[c], s.c1, s.c3, s.c2, f.zxT[c], px[c], f.pxnT[c], cax[c], cbx[c], i0, i1);
			if (flush) {
				RowKernels.flush(f.zxT[c], i0, i1);
				RowKernels.flush(f.pxnT[c], i0, i1);
			}
		}
	}

	/** Copies the field at the patch columns into p[q][k H + z] for the column indices [i0, i1). */
	private void toColumns(final Batch b, final float[][] rows, final float[][] p, final int i0, final int i1) {
		final int qEnd = b.patchEnd;
		for (int k = i0 / g.H; k * g.H < i1; k++) {
			final int base = k * g.H, za = Math.max(i0 - base, 0), zb = Math.min(i1 - base, g.H);
			final int[] at = b.patchAt[k];
			for (int q = 4; q < qEnd; q += 4) {
				final int n = Math.min(4, qEnd - q);
				final int q1 = q + Math.min(1, n - 1), q2 = q + Math.min(2, n - 1), q3 = q + n - 1;
				final float[] p0 = p[q], p1 = p[q1], p2 = p[q2], p3 = p[q3];
				final int x0 = at[q], x1 = at[q1], x2 = at[q2], x3 = at[q3];
				for (int z = za; z < zb; z++) {
					final float[] r = rows[z];
					final int i = base + z;
					p0[i] = r[x0];
					p1[i] = r[x1];
					p2[i] = r[x2];
					p3[i] = r[x3];
				}
			}
		}
	}

	/** Adds the x-layer corrections of row z to its stencil term t. */
	private void addCorrections(final Batch b, final Columns w, final float[] t, final int z) {
		final float[][] corr = w.corr;
		for (int k = 0; k < b.blocks; k++) {
			final int i = k * g.H + z;
			final int[] at = b.stripAt[k];
			for (int c = 0; c < sw; c++) t[at[c]] += corr[c][i];
		}
	}

	/** Adjoint step of thread t's band of rows: a.mp becomes mu(n) (before receiver injection); bands as in stepRows. */
	private void adjointRows(final Batch b, final Adjoint ad, final float[][] c, final Team team, final int thread, final Scratch s,
		final Columns w) {
		final int x0 = b.x0, x1 = b.x1;
		final int z0 = team.bandStart(thread, g.row0, g.row1), z1 = team.bandStart(thread + 1, g.row0, g.row1);
		if (w != null) {
			if (team.size() == 1) xColumnsAdjoint(b, ad, w, g.row0, (b.blocks - 1) * g.H + g.row1, s);
			else for (int k = 0; k < b.blocks; k++) xColumnsAdjoint(b, ad, w, k * g.H + z0, k * g.H + z1, s);
		}
		final float[][] m = ad.m, tau = s.tau;
		final float[] t = s.t;
		// tau = mu + az (mu + Zzbar) of the rows the band's z layers reach (mu itself where az = 0).
		for (int z = Math.max(z0 - 4, 0); z < Math.min(z1 + 4, g.H); z++) {
			if (az[z] == 0) tau[z] = m[z];
			else {
				if (s.tauRows[z] == null) s.tauRows[z] = new float[b.span];
				tau[z] = s.tauRows[z];
				RowKernels.tau(tau[z], m[z], ad.zzb[z], az[z], x0, x1);
			}
		}
		for (int z = z0; z < z1; z++) {
			final float[] a = m[z];
			if (!zStrip[z]) {
				kernel.laplacian(t, m, z, k, far, x0, x1);
			}
			else {
				final float[] tz = s.tz, d = s.d, d2 = s.d2;
				final float[][] zb = ad.zzb, pb = ad.pzb;
				RowKernels.dxx012(t, a, k[0], k[1], k[2], x0, x1);
				if (far) RowKernels.dxx34(t, a, k[3], k[4], x0, x1);
				RowKernels.sumDiff12(tz, d, tau[z], tau[z - 1], tau[z + 1], tau[z - 2], tau[z + 2], k[0], k[1], k[2], k[5], k[6], false,
					x0, x1);
				if (far) RowKernels.sumDiff34(tz, d, tau[z - 3], tau[z + 3], tau[z - 4], tau[z + 4], k[3], k[4], k[7], k[8], x0, x1);
				RowKernels.aPDiff(d2, pb[z + 1], az[z + 1], pb[z - 1], az[z - 1], pb[z + 2], az[z + 2], pb[z - 2], az[z - 2], k[5], k[6], false,
					x0, x1);
				if (far) RowKernels.aPDiff(d2, pb[z + 3], az[z + 3], pb[z - 3], az[z - 3], pb[z + 4], az[z + 4], pb[z - 4], az[z - 4], k[7],
					k[8], true, x0, x1);
				RowKernels.zBarUpdate(ad.pzbn[z], pb[z], d, ad.zzbn[z], a, zb[z], bz[z], x0, x1);
				if (flush) {
					RowKernels.flush(ad.pzbn[z], x0, x1);
					RowKernels.flush(ad.zzbn[z], x0, x1);
				}
				RowKernels.addSub(t, tz, d2, x0, x1);
			}
			if (w != null) addCorrections(b, w, t, z);
			kernel.finish(ad.mp[z], a, c[z], t, flush, x0, x1);
			RowKernels.ghosts(ad.mp[z], b.m);
		}
	}

	/**
	 * Adjoint x CPML of the strip columns over [i0, i1) of the column length: with delta = ax (mu + Zxbar) and
	 * tau = mu + delta, w.corr receives Dxx delta - Dx (ax Pxbar) (to add to Dxx mu + ...), Pxbar' = bx Pxbar - Dx tau
	 * and Zxbar' = bx (mu + Zxbar).
	 */
	private void xColumnsAdjoint(final Batch b, final Adjoint ad, final Columns w, final int i0, final int i1, final Scratch s) {
		final float[][] p = w.patch, del = w.delta, ap = w.aP, pb = ad.pxbT, zb = ad.zxbT;
		toColumns(b, ad.m, p, i0, i1);
		for (int c = 0; c < layerEnd; c++) {
			RowKernels.scaledSum(del[c], cax[c], p[c + 4], zb[c], i0, i1);
			RowKernels.scaled(ap[c], cax[c], pb[c], i0, i1);
		}
		for (int c = 0; c < sw; c++) {
			final int q = c + 4;
			if (cax[c] == 0) {
				// ax = bx = 0: Pxbar and Zxbar only ever meet ax here, so they are left at 0.
				RowKernels.half1(s.c1, del[c], w.col(del, c - 1), w.col(del, c + 1), w.col(del, c - 2), w.col(del, c + 2), k[0], k[1], k[2],
					i0, i1);
				if (far) RowKernels.half2(s.c1, w.col(del, c - 3), w.col(del, c + 3), w.col(del, c - 4), w.col(del, c + 4), k[3], k[4], i0, i1);
				RowKernels.diffSet(s.c3, w.col(ap, c - 1), w.col(ap, c + 1), w.col(ap, c - 2), w.col(ap, c + 2), k[5], k[6], i0, i1);
				if (far) RowKernels.diffAdd(s.c3, w.col(ap, c - 3), w.col(ap, c + 3), w.col(ap, c - 4), w.col(ap, c + 4), k[7], k[8], i0, i1);
				RowKernels.difference(w.corr[c], s.c1, s.c3, i0, i1);
				continue;
			}
			// c1 = Dxx delta, c2 = Dx mu + Dx delta = Dx tau.
			RowKernels.diffSet(s.c2, p[q - 1], p[q + 1], p[q - 2], p[q + 2], k[5], k[6], i0, i1);
			if (far) RowKernels.diffAdd(s.c2, p[q - 3], p[q + 3], p[q - 4], p[q + 4], k[7], k[8], i0, i1);
			RowKernels.sumDiff12(s.c1, s.c2, del[c], w.col(del, c - 1), w.col(del, c + 1), w.col(del, c - 2), w.col(del, c + 2), k[0], k[1],
				k[2], k[5], k[6], true, i0, i1);
			if (far) RowKernels.sumDiff34(s.c1, s.c2, w.col(del, c - 3), w.col(del, c + 3), w.col(del, c - 4), w.col(del, c + 4), k[3], k[4],
				k[7],
				k[8], i0, i1);
			RowKernels.diffSet(s.c3, w.col(ap, c - 1), w.col(ap, c + 1), w.col(ap, c - 2), w.col(ap, c + 2), k[5], k[6], i0, i1);
			if (far) RowKernels.diffAdd(s.c3, w.col(ap, c - 3), w.col(ap, c + 3), w.col(ap, c - 4), w.col(ap, c + 4), k[7], k[8], i0, i1);
			RowKernels.zBarUpdate(ad.pxbnT[c], pb[c], s.c2, ad.zxbnT[c], p[q], zb[c], cbx[c], i0, i1);
			if (flush) {
				RowKernels.flush(ad.pxbnT[c], i0, i1);
				RowKernels.flush(ad.zxbnT[c], i0, i1);
			}
			RowKernels.difference(w.corr[c], s.c1, s.c3, i0, i1);
		}
	}

	/** Free surface: the rows above the top model row mirror the rows below it with opposite sign. */
	private void mirror(final float[][] u) {
		if (!g.fs) return;
		final int r = g.r;
		for (int j = 1; j <= r; j++) {
			if (r + j < g.H) RowKernels.negate(u[r - j], u[r + j]);
		}
	}

	/** Adds the source term of step n of every shot of the batch to the rows [z0, z1) of u(n+1). */
	private void inject(final Batch b, final float[][] u, final int n, final int z0, final int z1) {
		final double f = g.source[n];
		for (int j = 0; j < b.count; j++) {
			final int shot = b.first + j;
			final int[] idx = g.srcIdx[shot];
			for (int q = 0; q < idx.length; q++) {
				final int z = b.z(idx[q]);
				if (z >= z0 && z < z1) b.addAt(u[z], b.x(idx[q], j), (float) (g.srcW[shot][q] * f));
			}
		}
	}

	/** Records sample of every shot of the batch into traces[shot]. */
	private void record(final Batch b, final float[][] u, final float[][] traces, final int sample) {
		final int nr = g.recIdx.length;
		for (int j = 0; j < b.count; j++) {
			final float[] trace = traces[b.first + j];
			for (int q = 0; q < nr; q++) {
				double v = 0;
				for (int i = 0; i < g.recIdx[q].length; i++) v += g.recW[q][i] * u[b.z(g.recIdx[q][i])][b.at(b.x(g.recIdx[q][i], j))];
				trace[sample * nr + q] = (float) v;
			}
		}
	}

	/** Adds C R^T w(sample) of every shot of the batch to the rows [z0, z1) of mu. */
	private void injectAdjoint(final Batch b, final float[][] mu, final float[][] c, final float[][] w, final int sample, final int z0,
		final int z1) {
		final int nr = g.recIdx.length;
		for (int j = 0; j < b.count; j++) {
			final float[] ws = w[b.first + j];
			for (int q = 0; q < nr; q++)
				for (int i = 0; i < g.recIdx[q].length; i++) {
					final int z = b.z(g.recIdx[q][i]), x = b.x(g.recIdx[q][i], j);
					if (z >= z0 && z < z1) b.addAt(mu[z], x, (float) (c[z][b.at(x)] * g.recW[q][i] * ws[sample * nr + q]));
				}
		}
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
		Kernel.announce(progress);
		final double[] cflat = g.coefficients(v);
		final float[][] out = new float[g.srcIdx.length][g.gatherSize()];
		final int[] plan = plan(threads);
		final Batch[] batches = batches(plan[0]);
		final AtomicLong done = new AtomicLong();
		final long total = (long) batches.length * g.steps;
		Parallel.forEach(batches.length, plan[1], i -> forwardBatch(batches[i], batches[i].coefficients(cflat), out, null, null,
			new Team(plan[2]), progress, done, total));
		progress.fraction(1);
		return out;
	}

	private static void clear(final float[][] rows) {
		for (final float[] r : rows) java.util.Arrays.fill(r, 0);
	}

	/**
	 * Checkpoints of one batch: u(n), u(n-1) and the CPML variables every interval steps, for the segments below
	 * limit.
	 */
	private final class Checkpoints {
		final Batch b;
		final int limit;
		/** Per checkpoint: u, u(n-1) (H rows each), Pz, Zz (z-layer rows), Px, Zx (strip columns). */
		final float[][] buf;

		Checkpoints(final Batch b, final int limit) {
			this.b = b;
			this.limit = limit;
			buf = new float[(limit - 1) / interval + 1][];
			for (int j = 1; j < buf.length; j++) buf[j] = new float[(2 * g.H + 2 * zRows) * b.span + 2 * sw * b.colLength];
		}

		/** Saves the state at step j * interval: each thread of the team its own rows (the first and last also the halo). */
		void save(final int j, final Fields f, final Team team, final int t) {
			move(j, f, t == 0 ? 0 : team.bandStart(t, g.row0, g.row1), t == team.size() - 1 ? g.H : team.bandStart(t + 1, g.row0, g.row1),
				true);
		}

		void restore(final int j, final Fields f) {
			if (j > 0) {
				move(j, f, 0, g.H, false);
				return;
			}
			clear(f.u);
			clear(f.up);
			if (g.p > 0) {
				clear(f.pz);
				clear(f.zz);
				clear(f.pxT);
				clear(f.zxT);
			}
		}

		/** Copies rows [za, zb) of the state to (save) or from checkpoint j. */
		private void move(final int j, final Fields f, final int za, final int zb, final boolean save) {
			final float[] to = buf[j];
			final int span = b.span, zo = 2 * g.H * span, co = (2 * g.H + 2 * zRows) * span;
			for (int z = za; z < zb; z++) {
				copy(f.u[z], 0, to, z * span, span, save);
				copy(f.up[z], 0, to, (g.H + z) * span, span, save);
				if (g.p > 0 && zRank[z] >= 0) {
					copy(f.pz[z], 0, to, zo + zRank[z] * span, span, save);
					copy(f.zz[z], 0, to, zo + (zRows + zRank[z]) * span, span, save);
				}
			}
			for (int c = 0; c < sw && g.p > 0; c++)
				for (int k = 0; k < b.blocks; k++) {
					final int i = k * g.H + za;
					copy(f.pxT[c], i, to, co + c * b.colLength + i, zb - za, save);
					copy(f.zxT[c], i, to, co + (sw + c) * b.colLength + i, zb - za, save);
				}
		}
	}

	private static int copy(final float[] row, final int at, final float[] buf, final int o, final int n, final boolean save) {
		if (save) System.arraycopy(row, at, buf, o, n);
		else System.arraycopy(buf, o, row, at, n);
		return o + n;
	}

	/** One batch forward; records into traces; saves checkpoints when cp is not null and every K(n) when levels is not null. */
	private void forwardBatch(final Batch b, final float[][] c, final float[][] traces, final Checkpoints cp, final Levels levels,
		final Team team, final Progress progress, final AtomicLong done, final long total) {
		final Fields f = new Fields(b);
		record(b, f.u, traces, 0);
		run(b, c, f, 0, g.steps, traces, cp, levels, null, columns(b, false), team, progress, done, total);
	}

	/**
	 * Steps f from u(ns) to u(ne) on the team: records into traces (when not null), saves checkpoints (cp), stores
	 * K(n) into levels or into the rows of kSeg[n - ns] (when not null).
	 */
	private void run(final Batch b, final float[][] c, final Fields f, final int ns, final int ne, final float[][] traces,
		final Checkpoints cp, final Levels levels, final float[][][] kSeg, final Columns w, final Team team, final Progress progress,
		final AtomicLong done, final long total) {
		final float[][] kRows = levels != null ? b.rows() : null;
		team.run(t -> {
			final int z0 = team.bandStart(t, g.row0, g.row1), z1 = team.bandStart(t + 1, g.row0, g.row1);
			final Scratch s = new Scratch(b.span, b.colLength, g.H);
			final Fields v = new Fields(f);
			for (int n = ns; n < ne; n++) {
				final float[][] kOut = kSeg != null ? kSeg[n - ns] : kRows;
				stepRows(b, v, c, team, t, s, w, kOut);
				inject(b, v.up, n, z0, z1);
				if (levels != null && n >= levels.first) levels.save(n, kOut, z0, z1);
				team.await();
				v.swap();
				if (t == 0) {
					// Only this thread's rows read the rows above a free surface (bands have at least 4 rows).
					mirror(v.u);
					if (traces != null && (n + 1) % g.m == 0) record(b, v.u, traces, (n + 1) / g.m);
					if ((n & 31) == 31) tick(progress, done, total, 32);
				}
				if (cp != null && (n + 1) % interval == 0 && n + 1 < cp.limit) cp.save((n + 1) / interval, v, team, t);
			}
			if (t == 0) f.set(v);
		});
	}

	/**
	 * The stencil terms K(first..steps-1) of a batch, rows [row0, row1), in a few large arrays (which the garbage
	 * collector allocates outside the young generation and never copies).
	 */
	private final class Levels {
		private static final int CHUNK = 1 << 23;
		final int first, from, width, levelSize, perChunk;
		final float[][] chunks;

		Levels(final Batch b, final int first) {
			this.first = first;
			final int count = g.steps - first;
			from = b.x0;
			width = b.x1 - b.x0;
			levelSize = (g.row1 - g.row0) * width;
			perChunk = Math.max(1, CHUNK / levelSize);
			chunks = new float[(count + perChunk - 1) / perChunk][];
			for (int i = 0; i < chunks.length; i++) chunks[i] = new float[Math.min(perChunk, count - i * perChunk) * levelSize];
		}

		/** Copies rows [z0, z1) of field into K(n). */
		void save(final int n, final float[][] field, final int z0, final int z1) {
			final int level = n - first;
			final float[] ch = chunks[level / perChunk];
			final int o = (level % perChunk) * levelSize - g.row0 * width;
			for (int z = z0; z < z1; z++) System.arraycopy(field[z], from, ch, o + z * width, width);
		}

		/** Copies rows [z0, z1) of K(n) into field. */
		void load(final int n, final float[][] field, final int z0, final int z1) {
			final int level = n - first;
			final float[] ch = chunks[level / perChunk];
			final int o = (level % perChunk) * levelSize - g.row0 * width;
			for (int z = z0; z < z1; z++) System.arraycopy(ch, o + z * width, field[z], from, width);
		}
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
		final Batch[] batches = batches(plan[0]);
		final int[] from = storedFrom(batches, plan[1]);
		long bytes = 0, steps = 0;
		for (int i = 0; i < batches.length; i++) {
			if (i < plan[1]) bytes += (g.steps - from[i]) * levelBytes(batches[i]) + checkpointBytes(batches[i],
				from[i]) + workBytes(batches[i]);
			steps += 2L * g.steps + from[i];
		}
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
			final float[][] c = b.coefficients(cflat);
			final Checkpoints cp = from[bi] > 0 ? new Checkpoints(b, from[bi]) : null;
			final Levels levels = from[bi] < g.steps ? new Levels(b, from[bi]) : null;
			forwardBatch(b, c, traces, cp, levels, team, progress, done, total);
			if (observed != null) {
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
			final float[][] gC = backwardBatch(b, c, cp, levels, res, team, progress, done, total);
			for (int j = 0; j < b.count; j++) {
				final double[] flat = new double[g.size()];
				for (int z = g.row0; z < g.row1; z++)
					for (int x = g.col0; x < g.col1; x++) {
						final float val = gC[z][b.at(x + j * g.W)];
						if (val == 0) continue;
						flat[x + g.W * z] = val / (double) c[z][b.at(x + j * g.W)];
					}
				perShot[b.first + j] = g.fold(flat, v, null);
			}
		});
		java.util.Arrays.fill(gradient, 0);
		double f = 0;
		for (int s = 0; s < shots; s++) {
			for (int i = 0; i < gradient.length; i++) gradient[i] += perShot[s][i];
			f += misfit[s];
		}
		progress.fraction(1);
		return f;
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
		final Columns w = columns(b, true);
		final float[][] gacc = b.rows();
		final double[][] gC = new double[g.H][b.span];
		injectAdjoint(b, a.m, c, res, g.nt - 1, 0, g.H);
		mirror(a.m);
		final int segments = (n1 + kseg - 1) / kseg;
		final int x0 = b.x0, x1 = b.x1;
		for (int seg = segments - 1; seg >= 0; seg--) {
			final int ns = seg * kseg, ne = Math.min(ns + kseg, n1);
			final boolean stored = levels != null && ns >= levels.first;
			if (!stored) {
				cp.restore(seg, f);
				run(b, c, f, ns, ne, null, null, null, store, w, team, progress, done, total);
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
					adjointRows(b, v, c, team, t, s, w);
					if (n % g.m == 0) injectAdjoint(b, v.mp, c, res, n / g.m, z0, z1);
					team.await();
					v.swap();
					if (t == 0) {
						mirror(v.m);
						if ((n & 31) == 0) tick(progress, done, total, 32);
					}
				}
				if (t == 0) a.set(v);
			});
			for (int z = g.row0; z < g.row1; z++) {
				final float[] gr = gacc[z];
				final double[] gd = gC[z];
				for (int x = x0; x < x1; x++) {
					gd[x] += gr[x];
					gr[x] = 0;
				}
			}
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
		final Batch[] batches = batches(plan[0]);
		final AtomicLong done = new AtomicLong();
		final long total = (long) batches.length * g.steps;
		Parallel.forEach(batches.length, plan[1], bi -> {
			final Batch b = batches[bi];
			final Team team = new Team(plan[2]);
			final float[][] c = b.coefficients(cflat), q = b.coefficients(dc);
			final Fields bg = new Fields(b), d = new Fields(b);
			final float[][] k = b.rows();
			final Columns wb = columns(b, false), wd = columns(b, false);
			team.run(t -> {
				final int z0 = team.bandStart(t, g.row0, g.row1), z1 = team.bandStart(t + 1, g.row0, g.row1);
				final Scratch s = new Scratch(b.span, b.colLength, g.H);
				final Fields vb = new Fields(bg), vd = new Fields(d);
				for (int n = 0; n < g.steps; n++) {
					// Background u(n+1) and its stencil term K(n); then du(n+1) with the source dC K(n).
					stepRows(b, vb, c, team, t, s, wb, k);
					inject(b, vb.up, n, z0, z1);
					stepRows(b, vd, c, team, t, s, wd, null);
					for (int z = z0; z < z1; z++) {
						RowKernels.bornSource(vd.up[z], q[z], k[z], b.x0, b.x1);
						if (flush) RowKernels.flush(vd.up[z], b.x0, b.x1);
						RowKernels.ghosts(vd.up[z], b.m);
					}
					team.await();
					vb.swap();
					vd.swap();
					if (t == 0) {
						mirror(vb.u);
						mirror(vd.u);
						if ((n + 1) % g.m == 0) record(b, vd.u, out, (n + 1) / g.m);
						if ((n & 31) == 31) tick(progress, done, total, 32);
					}
				}
			});
		});
		progress.fraction(1);
		return out;
	}

	/**
	 * The wavefield energy (sum of u^2 over the model cells, CPML excluded) after every internal step of one shot,
	 * single-threaded: for absorbing-boundary checks.
	 */
	public double[] energyHistory(final double[] v, final int shot) {
		final Batch b = new Batch(shot, 1);
		final float[][] c = b.coefficients(g.coefficients(v));
		final Fields f = new Fields(b);
		final Scratch s = new Scratch(b.span, b.colLength, g.H);
		final Columns w = columns(b, false);
		final Team one = new Team(1);
		final double[] e = new double[g.steps];
		for (int n = 0; n < g.steps; n++) {
			stepRows(b, f, c, one, 0, s, w, null);
			inject(b, f.up, n, 0, g.H);
			f.swap();
			mirror(f.u);
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
		final Batch b = new Batch(0, 1);
		final float[][] c = b.coefficients(g.coefficients(v));
		final Fields f = new Fields(b);
		final Scratch s = new Scratch(b.span, b.colLength, g.H);
		final Columns w = columns(b, false);
		final Team one = new Team(1);
		for (int n = 0; n < steps; n++) {
			stepRows(b, f, c, one, 0, s, w, null);
			inject(b, f.up, n, 0, g.H);
			f.swap();
			mirror(f.u);
		}
		final long[] field = new long[2], pml = new long[2];
		for (int z = g.row0; z < g.row1; z++) {
			census(f.u[z], b.x0, b.x1, field);
			if (g.p > 0 && zStrip[z]) {
				census(f.pz[z], b.x0, b.x1, pml);
				census(f.zz[z], b.x0, b.x1, pml);
			}
		}
		for (int col = 0; col < sw; col++) {
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
	 * Cell updates per second (millions) of one forward step without CPML on an n x n grid (order 8, one thread),
	 * for the bench: shows what the vectorized interior path reaches.
	 */
	public static double interiorKernelRate(final int n, final int steps) {
		final Grid2D grid = new Grid2D(n, n, 10);
		final WaveSetup s = new WaveSetup(grid, Acquisition.surface(grid, 1, 10), Wavelet.ricker(15, 0.1, 1e-3, steps + 1),
			WaveSettings.DEFAULT.withCpml(0), 1500, 4500, Progress.NONE);
		final Propagator p = new Propagator(s);
		final double[] v = new double[grid.size()];
		java.util.Arrays.fill(v, 3000);
		long best = Long.MAX_VALUE;
		for (int rep = 0; rep < 5; rep++) {
			final long t0 = System.nanoTime();
			p.forward(v, 1, Progress.NONE);
			best = Math.min(best, System.nanoTime() - t0);
		}
		return (double) n * n * steps / (best * 1e-9) * 1e-6;
	}
}
