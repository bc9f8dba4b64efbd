package org.memfwi.core.wave;

import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;

/**
 * The forward step of the fast propagator and its exact adjoint ({@link #adjoint}, for the gradient) in a plain
 * row-major layout, with the CPML in row form: a batch row holds
 * its shots side by side (shot j at batch columns [j W, (j + 1) W), each with its own zero halo, which stays 0
 * because C = 0 there), {@code field[z][x]}. Each row of a shot is cut into at most three segments: the left and
 * right x-layer segments (every column with x CPML coefficients and the 4 beyond, rounded up to 8 columns; the right
 * one of a shot, the zero halo and the left one of the next shot form one segment), which update the x memory
 * variables Px and Zx of the row in place (no transposition), and the interior segment between them: one fused pass
 * of stencil, leapfrog update and flush. A row within 4 of a z layer is one pass over the whole batch row with the x
 * and z terms (after the Px update of its x layers), or, when the interior segments have at least {@link #Z_SPLIT}
 * columns and no K is stored, its x-layer segments with the x and z terms and its interior segments with the z terms
 * only (the same floats). The x-layer segments of a row without z-layer terms go to the kernel in one call
 * ({@link Kernel#rmXSegments}). A shot too narrow for an interior segment is one x-layer
 * segment. The z memory variables Pz of a team's
 * band are updated before the sweep (every row within 4 of a z layer takes Dz Pz'), with a barrier between. The
 * loops run on a {@link Kernel}; the formulas are those of {@link RowMajorKernels}, the scheme that of
 * {@link WaveSetup}, so results agree with the lane-transposed path of {@link Stepper} to float rounding. The
 * adjoint step runs over the same segments in reverse roles (see {@link #adjoint}). For tracked fields (forward
 * modelling, the gradient's passes; not Born) both leave alone the rows where every field is still exactly 0 and stays
 * so ({@link #skip}), and a team's bands follow the rows that run.
 */
final class RowMajor {

	/** Interior rows two at a time ({@link Kernel#rmInterior2}); a switch for measurements (memfwi.rowpairs=false). */
	static final boolean PAIRS = !"false".equals(System.getProperty("memfwi.rowpairs"));

	/**
	 * The narrowest interior segment for which a row with z-layer terms is cut into its x-layer segments and interior
	 * segments ({@link Kernel#rmZInterior}, which skips the x memory variables) instead of one pass over the whole
	 * batch row. Measured (forward, 1 thread, interleaved pairs): 292-column interiors (case B) 1.15x, 62-column ones
	 * (case A, 5 shots: 11 short calls per row instead of one) 0.89x.
	 */
	static final int Z_SPLIT = 128;

	/** Floats of per-thread scratch the kernels need (three vectors of up to 16 floats). */
	static final int TMP = 48;

	/**
	 * The default of {@link #skip}: true unless the system property memfwi.skipzero is false (for measurements; the
	 * results are the same floats either way).
	 */
	static final boolean SKIP_DEFAULT = !"false".equals(System.getProperty("memfwi.skipzero"));

	/**
	 * How far one step carries a non-zero value, in rows: u(n+1) of a row reads u(n) within 4 rows and Pz' of the rows
	 * within 4, which read u(n) within 4 more; the adjoint step is its transpose.
	 */
	static final int REACH = 2 * Stencil.MAX_RADIUS;


	private final WaveSetup g;
	private final float[] k;
	private final float[] az, bz;
	private final Kernel kernel;
	private final boolean flush;
	/** Row z takes the z-layer terms (a row with az or bz non-zero within 4 rows). */
	final boolean[] zTerms;
	/** The row has z memory variables to update (az or bz non-zero). */
	final boolean[] zAbsorbs;
	/** Shot-block columns: left x-layer segment [col0, ls), interior [ls, rs), right x-layer segment [rs, col1). */
	final int ls, rs;
	private final boolean cpml;
	/**
	 * Rows whose every field is still exactly 0 are left as they are: a step of tracked fields ({@link #track}) runs
	 * the rows within {@link #REACH} of a row of u (or mu) that has been non-zero, which before the first waves reach
	 * the far side of the grid is a part of it.
	 */
	final boolean skip;
	/** Row steps of tracked fields (forward and adjoint, not Born; every thread's band) run, and left alone by {@link #skip}. */
	final LongAdder rowsRun = new LongAdder(), rowsLeft = new LongAdder();

	RowMajor(final Layout l, final Kernel kernel, final boolean flush) {
		this(l, kernel, flush, SKIP_DEFAULT);
	}

	RowMajor(final Layout l, final Kernel kernel, final boolean flush, final boolean skip) {
		this.skip = skip;
		g = l.g;
		k = l.k;
		az = l.az;
		bz = l.bz;
		this.kernel = kernel;
		this.flush = flush;
		cpml = g.p > 0;
		zAbsorbs = new boolean[g.H];
		zTerms = new boolean[g.H];
		for (int z = 0; z < g.H; z++) zAbsorbs[z] = cpml && (g.az[z] != 0 || g.bz[z] != 0);
		for (int z = g.row0; z < g.row1; z++)
			for (int j = -Stencil.MAX_RADIUS; j <= Stencil.MAX_RADIUS; j++)
				if (z + j >= 0 && z + j < g.H && zAbsorbs[z + j]) zTerms[z] = true;
		final int mid = (g.col0 + g.col1) / 2;
		int leftEnd = g.col0, rightStart = g.col1;
		for (int x = g.col0; x < g.col1; x++) {
			if (g.ax[x] == 0 && g.bx[x] == 0) continue;
			if (x < mid) leftEnd = x + 1;
			else rightStart = Math.min(rightStart, x);
		}
		int a = cpml && leftEnd > g.col0 ? g.col0 + roundUp(leftEnd + Stencil.MAX_RADIUS - g.col0) : g.col0;
		int b = cpml && rightStart < g.col1 ? g.col1 - roundUp(g.col1 - rightStart + Stencil.MAX_RADIUS) : g.col1;
		if (cpml && a >= b) {
			// Too narrow for an interior segment: the whole row is one x-layer segment.
			a = g.col1;
			b = g.col1;
		}
		ls = a;
		rs = b;
	}

	private static int roundUp(final int n) {
		return (n + 7) / 8 * 8;
	}

	/** One batch's row-major fields with their CPML memory variables (psi double-buffered). */
	static final class Fields {
		final int first, count, span;
		float[][] u, up;
		float[][] pz, pzn, zz, px, pxn, zx;
		/** The x CPML coefficients by batch column. */
		final float[] ax, bx;
		/** Per-thread scratch of the kernels (each view its own). */
		final float[] tmp = new float[TMP];
		/** The x-layer segments of the batch ({@link RowMajor#xSegments}), set by the first step of the view. */
		int[] seg;
		/**
		 * Per row, whether u has been non-zero there before this step (live) and through this step (liveNext, written
		 * by each thread for its own rows while live is only read, then swapped); null: every row is stepped.
		 */
		boolean[] live, liveNext;
		/** Scratch of this view: the rows its step runs ({@link RowMajor#active}). */
		private boolean[] act;

		Fields(final WaveSetup g, final int first, final int count) {
			this.first = first;
			this.count = count;
			span = count * g.W;
			u = new float[g.H][span];
			up = new float[g.H][span];
			ax = new float[span];
			bx = new float[span];
			if (g.p > 0) {
				pz = new float[g.H][span];
				pzn = new float[g.H][span];
				zz = new float[g.H][span];
				px = new float[g.H][span];
				pxn = new float[g.H][span];
				zx = new float[g.H][span];
				for (int j = 0; j < count; j++)
					for (int x = 0; x < g.W; x++) {
						ax[j * g.W + x] = (float) g.ax[x];
						bx[j * g.W + x] = (float) g.bx[x];
					}
			}
		}

		/** A view of the same arrays (each thread of a team swaps its own view). */
		Fields(final Fields o) {
			first = o.first;
			count = o.count;
			span = o.span;
			ax = o.ax;
			bx = o.bx;
			set(o);
		}

		/**
		 * Steps only the rows near those where u has been non-zero, starting from zero fields (the buffers of the next
		 * memory variables included): the rows of the batch's sources are live from the first step (the injection
		 * writes nowhere else).
		 */
		void track(final WaveSetup g) {
			live = new boolean[g.H];
			for (int j = 0; j < count; j++)
				for (final int idx : g.srcIdx[first + j]) live[idx / g.W] = true;
			liveNext = live.clone();
		}

		boolean[] act(final int rows) {
			if (act == null) act = new boolean[rows];
			return act;
		}

		/** Steps every row from now on (fields not known to be zero outside the live rows, e.g. restored). */
		void untrack() {
			live = null;
			liveNext = null;
		}

		/** Takes the arrays of another view of the same batch (as they are after its swaps). */
		void set(final Fields o) {
			live = o.live;
			liveNext = o.liveNext;
			u = o.u;
			up = o.up;
			pz = o.pz;
			pzn = o.pzn;
			zz = o.zz;
			px = o.px;
			pxn = o.pxn;
			zx = o.zx;
		}

		void swap() {
			float[][] t = u;
			u = up;
			up = t;
			final boolean[] l = live;
			live = liveNext;
			liveNext = l;
			if (pz == null) return;
			t = pz;
			pz = pzn;
			pzn = t;
			t = px;
			px = pxn;
			pxn = t;
		}

		/** C of every shot of the batch, by batch column. */
		float[][] coefficients(final WaveSetup g, final double[] flat) {
			final float[][] c = new float[g.H][span];
			for (int z = 0; z < g.H; z++)
				for (int x = 0; x < g.W; x++) {
					final float v = (float) flat[x + g.W * z];
					for (int j = 0; j < count; j++) c[z][j * g.W + x] = v;
				}
			return c;
		}
	}

	/**
	 * Forward step of the rows [z0, z1) of thread t of the team: f.up becomes u(n+1) = 2 u(n) - u(n-1) + C K(n) (before
	 * the source), and kOut, when not null, receives K(n) of the rows [row0, row1) and batch columns [col0, (count - 1)
	 * W + col1), row after row from kOut[kBase] on (the layout of {@link GradientStore.Levels}). Reads u(n) and Pz' up
	 * to 4 rows beyond the band, writes nothing outside it.
	 */
	void step(final Fields f, final float[][] c, final Team team, final int z0, final int z1, final float[] kOut, final int kBase) {
		final int W = g.W, col0 = g.col0, col1 = g.col1, count = f.count;
		final float[][] u = f.u;
		// The rows of the band that can change: act[z] (all of them when the fields are not tracked, act null).
		final boolean[] act = f.live == null ? null : f.act(g.H);
		if (act != null) active(f.live, act);
		count(act, z0, z1);
		if (cpml) {
			final int xa = col0, xb = (count - 1) * W + col1;
			for (int z = z0; z < z1; z++)
				if (zAbsorbs[z] && (act == null || act[z])) kernel.rmPz(f.pzn[z], f.pz[z], u, z, k, az[z], bz[z], flush, xa, xb);
			team.await();
		}
		// K of a row follows that of the row above it in kOut (kw floats apart).
		final int kw = (count - 1) * W + col1 - col0;
		for (int z = z0; z < z1;) {
			final int e = runEnd(act, z, z1);
			if (e > z) {
				sweep(f, c, z, e, kOut, kBase);
				z = e;
				continue;
			}
			// K of a row left alone is 0 (the store may hold an earlier call's terms).
			if (kOut != null) Arrays.fill(kOut, kBase + (z - g.row0) * kw, kBase + (z - g.row0 + 1) * kw, 0f);
			z++;
		}
		if (act != null) mark(f.live, act, f.liveNext, f.up, z0, z1, col0, (count - 1) * W + col1);
	}

	/** The end of the run of rows to step that starts at z (z itself when row z is left alone), at most z1. */
	private static int runEnd(final boolean[] act, final int z, final int z1) {
		if (act == null) return z1;
		int e = z;
		while (e < z1 && act[e]) e++;
		return e;
	}

	/**
	 * Thread t's band of rows [z0, z1) for one step, packed as z0 &lt;&lt; 32 | z1. With live rows (not null), the work
	 * of the rows the step must run ({@link #active}) is split evenly among the team, a row with z-layer terms counting
	 * twice (measured on case A: z-layer rows 1.8x the others per row); the rows left alone go with the band they fall
	 * in. Band t starts between row0 + 8 t and row1 - 8 (n - t): thread 0's band has at least 8 rows, as with
	 * {@link Team}'s, so that no other thread reads the rows above a free surface, which thread 0 mirrors after the
	 * step's barrier (other bands may be narrower). Without live rows, the team's fixed bands. Every thread of the team
	 * gets the same split, since live is only read during a step. act is scratch.
	 */
	long band(final boolean[] live, final boolean[] act, final Team team, final int t) {
		final int n = team.size();
		if (live == null || n == 1) return (long) team.bandStart(t, g.row0, g.row1) << 32 | team.bandStart(t + 1, g.row0, g.row1);
		active(live, act);
		long total = 0;
		for (int z = g.row0; z < g.row1; z++) total += weight(act, z);
		return (long) split(act, total, t, n) << 32 | split(act, total, t + 1, n);
	}

	private int weight(final boolean[] act, final int z) {
		return !act[z] ? 0 : zTerms[z] ? 2 : 1;
	}

	/** Where band t of n starts: at the row before which t / n of the work (total) lies. */
	private int split(final boolean[] act, final long total, final int t, final int n) {
		if (t == 0) return g.row0;
		if (t == n) return g.row1;
		final long target = total * t / n;
		int z = g.row0;
		for (long seen = 0; z < g.row1 && seen < target; z++) seen += weight(act, z);
		return Math.max(g.row0 + 8 * t, Math.min(g.row1 - 8 * (n - t), z));
	}

	/**
	 * Sets act[z] for every row: whether a live row lies within {@link #REACH} rows of z, i.e. whether the step must run
	 * row z (every field of another row is 0 and stays 0).
	 */
	void active(final boolean[] live, final boolean[] act) {
		final int H = g.H;
		int near = 0;
		for (int z = 0; z < Math.min(REACH, H); z++) if (live[z]) near++;
		for (int z = 0; z < H; z++) {
			// near counts the live rows in [z - REACH, z + REACH].
			if (z + REACH < H && live[z + REACH]) near++;
			if (z - REACH - 1 >= 0 && live[z - REACH - 1]) near--;
			act[z] = near > 0;
		}
	}

	private void count(final boolean[] act, final int z0, final int z1) {
		if (act == null) return;
		int run = z1 - z0;
		for (int z = z0; z < z1; z++) if (!act[z]) run--;
		rowsRun.add(run);
		if (run < z1 - z0) rowsLeft.add(z1 - z0 - run);
	}

	/**
	 * Sets next[z] for the rows [z0, z1) of the band: live[z], or row z of out (columns [x0, x1)) has a non-zero value
	 * (only rows with act[z] were stepped; the others are still 0).
	 */
	private static void mark(final boolean[] live, final boolean[] act, final boolean[] next, final float[][] out, final int z0, final int z1,
		final int x0, final int x1) {
		for (int z = z0; z < z1; z++) next[z] = live[z] || act[z] && nonZero(out[z], x0, x1);
	}

	private static boolean nonZero(final float[] r, final int x0, final int x1) {
		for (int x = x0; x < x1; x++) if (r[x] != 0) return true;
		return false;
	}

	/** The forward step's row loop over the rows [z0, z1), after the Pz update (see {@link #step}). */
	private void sweep(final Fields f, final float[][] c, final int z0, final int z1, final float[] kOut, final int kBase) {
		final int W = g.W, col0 = g.col0, col1 = g.col1, count = f.count;
		final float[][] u = f.u;
		final int kw = (count - 1) * W + col1 - col0;
		for (int z = z0; z < z1; z++) {
			final float[] o = f.up[z], cz = c[z], kz = kOut;
			final int ks = kBase + (z - g.row0) * kw - col0;
			if (!cpml) {
				if (PAIRS && z + 1 < z1) {
					kernel.rmInterior2(o, f.up[z + 1], u, z, cz, c[z + 1], k, flush, kz, ks, ks + kw, col0, (count - 1) * W + col1, f.tmp);
					z++;
				}
				else kernel.rmInterior(o, u, z, cz, k, flush, kz, ks, col0, (count - 1) * W + col1, f.tmp);
				continue;
			}
			final boolean zt = zTerms[z];
			final float[] pxn = f.pxn[z], px = f.px[z], zx = f.zx[z];
			if (zt) {
				// A row with z-layer terms: the x memory variables of its x layers, then the whole batch row as one
				// x-layer pass (ax = bx = 0 between the layers, so the x terms vanish there): one long loop instead of
				// short segments, measured as fast as the segments and simpler.
				if (ls > col0) kernel.rmPx(pxn, px, u[z], f.ax, f.bx, k, flush, col0, ls);
				for (int j = 0; j + 1 < count; j++) kernel.rmPx(pxn, px, u[z], f.ax, f.bx, k, flush, j * W + rs, (j + 1) * W + ls);
				if (rs < col1) kernel.rmPx(pxn, px, u[z], f.ax, f.bx, k, flush, (count - 1) * W + rs, (count - 1) * W + col1);
				if (kz != null || rs - ls < Z_SPLIT) {
					kernel.rmXLayer(o, u, pxn, zx, f.ax, f.bx, true, f.pzn, f.zz[z], z, cz, k, az[z], bz[z], flush, kz, ks, col0,
						(count - 1) * W + col1, f.tmp);
					continue;
				}
				// Without K stored: the x-layer segments with the x and z terms, the interior segments with the z terms
				// only (ax = bx = Px = Zx = 0 there: the same floats without the loads of the x memory variables).
				final float[] zz = f.zz[z];
				final float azz = az[z], bzz = bz[z];
				if (ls > col0) kernel.rmXLayer(o, u, pxn, zx, f.ax, f.bx, true, f.pzn, zz, z, cz, k, azz, bzz, flush, null, 0, col0, ls, f.tmp);
				for (int j = 0; j < count; j++) {
					final int base = j * W;
					kernel.rmZInterior(o, u, f.pzn, zz, z, cz, k, azz, bzz, flush, base + ls, base + rs, f.tmp);
					final int x1 = j + 1 < count ? base + W + ls : base + col1;
					if (rs < col1 || j + 1 < count)
						kernel.rmXLayer(o, u, pxn, zx, f.ax, f.bx, true, f.pzn, zz, z, cz, k, azz, bzz, flush, null, 0, base + rs, x1, f.tmp);
				}
				continue;
			}
			// Two rows at once where the next row of the band has no z-layer terms either: their interior segments
			// share the loads of the rows between them (also while K is stored: the gradient's forward runs the same loops).
			final boolean pair = PAIRS && z + 1 < z1 && !zTerms[z + 1];
			// The x layers: the left one of the first shot, the right one of each shot with the zero halo and the left
			// layer of the next as one segment (C, ax and bx are 0 in the halo, and so stay u and the memory variables),
			// the right one of the last shot; the segments of a row in one kernel call (rows, coefficients and checks
			// set up once per row: case A, 6 segments a row, measured 1.08x).
			if (f.seg == null) f.seg = xSegments(count);
			for (int r = z; r <= (pair ? z + 1 : z); r++)
				kernel.rmXSegments(f.up[r], u, f.pxn[r], f.px[r], f.zx[r], f.ax, f.bx, r, c[r], k, flush, kz, ks + (r - z) * kw, f.seg, f.tmp);
			if (rs > ls) for (int j = 0; j < count; j++) {
				final int base = j * W;
				if (pair) kernel.rmInterior2(o, f.up[z + 1], u, z, cz, c[z + 1], k, flush, kz, ks, ks + kw, base + ls, base + rs, f.tmp);
				else kernel.rmInterior(o, u, z, cz, k, flush, kz, ks, base + ls, base + rs, f.tmp);
			}
			if (pair) z++;
		}
	}

	/**
	 * The x-layer segments of a batch row of count shots, {x0, x1, x0, x1, ...}, as the step runs them: the left layer
	 * of the first shot, the right layer of each shot with the halo and the left layer of the next, the right layer
	 * of the last shot (or the whole row in pieces when the shots are too narrow for an interior); none without CPML.
	 * Every absorbing column lies in one, at least 4 columns from its ends on the side of an interior segment.
	 */
	int[] xSegments(final int count) {
		if (!cpml) return new int[0];
		final int W = g.W;
		final int[] s = new int[2 * (count + 1)];
		int n = 0;
		if (ls > g.col0) {
			s[n++] = g.col0;
			s[n++] = ls;
		}
		for (int j = 0; j + 1 < count; j++) {
			s[n++] = j * W + rs;
			s[n++] = (j + 1) * W + ls;
		}
		if (rs < g.col1) {
			s[n++] = (count - 1) * W + rs;
			s[n++] = (count - 1) * W + g.col1;
		}
		return Arrays.copyOf(s, n);
	}

	/** Columns in the x-layer segments of a batch of count shots. */
	int segmentColumns(final int count) {
		final int[] s = xSegments(count);
		int n = 0;
		for (int i = 0; i < s.length; i += 2) n += s[i + 1] - s[i];
		return n;
	}

	/** Tracks the live rows of f, which holds zero fields, when this step {@link #skip}s rows. */
	void track(final Fields f) {
		if (skip) f.track(g);
	}

	/** Whether row z has z memory variables (Pz, Zz) to update and keep. */
	boolean absorbs(final int z) {
		return zAbsorbs[z];
	}

	/**
	 * One batch's adjoint state in the row-major layout: mu = C lambda and the adjoints of the CPML memory variables
	 * (Pzbar, Zzbar, Pxbar, Zxbar, all double-buffered, full rows; the x ones are non-zero only on x-layer columns).
	 */
	static final class Adjoint {
		final int first, count, span;
		float[][] m, mp;
		float[][] pzb, pzbn, zzb, zzbn, pxb, pxbn, zxb, zxbn;
		/** The x CPML coefficients by batch column (shared with the forward fields). */
		final float[] ax, bx;
		/** As {@link Fields#live}, for mu (null: every row is stepped). */
		boolean[] live, liveNext;

		/** Zero adjoint fields for the batch of f, tracking their live rows when skip is true. */
		Adjoint(final WaveSetup g, final Fields f, final boolean skip) {
			first = f.first;
			count = f.count;
			span = f.span;
			ax = f.ax;
			bx = f.bx;
			m = new float[g.H][span];
			mp = new float[g.H][span];
			if (g.p > 0) {
				pzb = new float[g.H][span];
				pzbn = new float[g.H][span];
				zzb = new float[g.H][span];
				zzbn = new float[g.H][span];
				pxb = new float[g.H][span];
				pxbn = new float[g.H][span];
				zxb = new float[g.H][span];
				zxbn = new float[g.H][span];
			}
			if (skip) {
				// Starting from zero: the receivers' rows are live from the first step (the injection writes nowhere else).
				live = new boolean[g.H];
				for (final int[] r : g.recIdx)
					for (final int idx : r) live[idx / g.W] = true;
				liveNext = live.clone();
			}
		}

		/** A view of the same arrays (each thread of a team swaps its own view). */
		Adjoint(final Adjoint o) {
			first = o.first;
			count = o.count;
			span = o.span;
			ax = o.ax;
			bx = o.bx;
			set(o);
		}

		void set(final Adjoint o) {
			live = o.live;
			liveNext = o.liveNext;
			m = o.m;
			mp = o.mp;
			pzb = o.pzb;
			pzbn = o.pzbn;
			zzb = o.zzb;
			zzbn = o.zzbn;
			pxb = o.pxb;
			pxbn = o.pxbn;
			zxb = o.zxb;
			zxbn = o.zxbn;
		}

		void swap() {
			float[][] t = m;
			m = mp;
			mp = t;
			final boolean[] l = live;
			live = liveNext;
			liveNext = l;
			if (pzb == null) return;
			t = pzb;
			pzb = pzbn;
			pzbn = t;
			t = zzb;
			zzb = zzbn;
			zzbn = t;
			t = pxb;
			pxb = pxbn;
			pxbn = t;
			t = zxb;
			zxb = zxbn;
			zxbn = t;
		}
	}

	/** Per-thread scratch of the adjoint step. */
	static final class AdjointScratch {
		/** Per row: tau (a row of tauRows, or the row of mu where az = 0) and az sigma (a row of sgRows, or zero). */
		final float[][] tau, tauRows, sg, sgRows;
		/** T = mu + ax (mu + Zxbar) and ax sigma of the row being stepped (0 outside the x-layer segments), zeros, a sink. */
		final float[] t, as, zero, sink;
		final float[] tmp = new float[TMP];
		private boolean[] act;

		AdjointScratch(final int rows, final int span) {
			tau = new float[rows][];
			tauRows = new float[rows][];
			sg = new float[rows][];
			sgRows = new float[rows][];
			t = new float[span];
			as = new float[span];
			zero = new float[span];
			sink = new float[span];
		}

		boolean[] act(final int rows) {
			if (act == null) act = new boolean[rows];
			return act;
		}
	}

	/**
	 * Adjoint step of the rows [z0, z1) of a thread of the team, the exact adjoint of {@link #step}: a.mp becomes mu(n)
	 * = 2 mu(n+1) - mu(n+2) + C K^T mu(n+1) (before the receivers' injection), and the next adjoint memory variables
	 * are written (formulas in {@link RowMajorKernels}). Reads mu(n+1) and the adjoint memory variables up to 8 rows
	 * beyond the band (tau and sigma of the rows the band's z terms reach are computed by every thread that needs
	 * them), writes nothing outside it: the team meets only between steps.
	 */
	void adjoint(final Adjoint a, final float[][] c, final int z0, final int z1, final AdjointScratch s) {
		final int W = g.W, col0 = g.col0, col1 = g.col1, count = a.count, xa = col0, xb = (count - 1) * W + col1;
		// The rows of the band that can change, as in the forward step (the adjoint's memory variables are non-zero
		// only within 4 rows of a row where mu has been).
		final boolean[] act = a.live == null ? null : s.act(g.H);
		if (act != null) active(a.live, act);
		count(act, z0, z1);
		for (int z = z0; z < z1;) {
			final int e = runEnd(act, z, z1);
			if (e > z) {
				adjointRows(a, c, z0, z1, z, e, s);
				z = e;
			}
			else z++;
		}
		if (act != null) mark(a.live, act, a.liveNext, a.mp, z0, z1, xa, xb);
	}

	/** The adjoint step's work for the rows [za, zb) of the band [z0, z1) (see {@link #adjoint}). */
	private void adjointRows(final Adjoint a, final float[][] c, final int z0, final int z1, final int za, final int zb,
		final AdjointScratch s) {
		final int W = g.W, col0 = g.col0, col1 = g.col1, count = a.count, xa = col0, xb = (count - 1) * W + col1;
		final float[][] m = a.m;
		if (!cpml) {
			for (int z = za; z < zb; z++) {
				if (PAIRS && z + 1 < zb) {
					kernel.rmInterior2(a.mp[z], a.mp[z + 1], m, z, c[z], c[z + 1], k, flush, null, 0, 0, xa, xb, s.tmp);
					z++;
				}
				else kernel.rmInterior(a.mp[z], m, z, c[z], k, flush, null, 0, xa, xb, s.tmp);
			}
			return;
		}
		final float[][] tau = s.tau, sg = s.sg;
		for (int z = Math.max(za - 2 * Stencil.MAX_RADIUS, 0); z < Math.min(zb + 2 * Stencil.MAX_RADIUS, g.H); z++) {
			if (az[z] == 0) tau[z] = m[z];
			else {
				if (s.tauRows[z] == null) s.tauRows[z] = new float[a.span];
				tau[z] = s.tauRows[z];
				RowKernels.tau(tau[z], m[z], a.zzb[z], az[z], xa, xb);
			}
		}
		for (int z = Math.max(za - Stencil.MAX_RADIUS, 0); z < Math.min(zb + Stencil.MAX_RADIUS, g.H); z++) {
			if (az[z] == 0) {
				sg[z] = s.zero;
				continue;
			}
			if (s.sgRows[z] == null) s.sgRows[z] = new float[a.span];
			sg[z] = s.sgRows[z];
			kernel.rmSigmaZ(sg[z], z >= z0 && z < z1 ? a.pzbn[z] : s.sink, a.pzb[z], tau, z, k, az[z], bz[z], flush, xa, xb);
		}
		final int[] seg = xSegments(count);
		final float[] t = s.t, as = s.as, ax = a.ax, bx = a.bx;
		for (int z = za; z < zb; z++) {
			final float[] o = a.mp[z], cz = c[z], mz = m[z], pxb = a.pxb[z], pxbn = a.pxbn[z], zxb = a.zxb[z], zxbn = a.zxbn[z];
			if (zTerms[z]) {
				// The whole row as one pass with the z terms (T = mu and ax sigma = 0 between the x layers).
				kernel.rmTauX(t, zxbn, mz, zxb, ax, bx, flush, xa - Stencil.MAX_RADIUS, xb + Stencil.MAX_RADIUS);
				for (int i = 0; i < seg.length; i += 2) kernel.rmSigmaX(as, pxbn, pxb, t, ax, bx, k, flush, seg[i], seg[i + 1]);
				kernel.rmXLayerAdjoint(o, mz, tau, t, as, true, sg, a.zzb[z], a.zzbn[z], bz[z], z, cz, k, flush, xa, xb, s.tmp);
				continue;
			}
			// Two rows at once where the next row of the band has no z-layer terms either (as in the forward step): the
			// x-layer segments of both, then their interior segments together.
			final boolean pair = PAIRS && z + 1 < zb && !zTerms[z + 1];
			for (int r = z; r <= (pair ? z + 1 : z); r++) {
				final float[] or = a.mp[r], cr = c[r], mr = m[r];
				for (int i = 0; i < seg.length; i += 2) {
					final int x0 = seg[i], x1 = seg[i + 1];
					kernel.rmTauX(t, a.zxbn[r], mr, a.zxb[r], ax, bx, flush, x0 - Stencil.MAX_RADIUS, x1 + Stencil.MAX_RADIUS);
					kernel.rmSigmaX(as, a.pxbn[r], a.pxb[r], t, ax, bx, k, flush, x0, x1);
					kernel.rmXLayerAdjoint(or, mr, m, t, as, false, null, null, null, 0, r, cr, k, flush, x0, x1, s.tmp);
				}
			}
			if (rs > ls) for (int j = 0; j < count; j++) {
				final int base = j * W;
				if (pair) kernel.rmInterior2(o, a.mp[z + 1], m, z, cz, c[z + 1], k, flush, null, 0, 0, base + ls, base + rs, s.tmp);
				else kernel.rmInterior(o, m, z, cz, k, flush, null, 0, base + ls, base + rs, s.tmp);
			}
			if (pair) z++;
		}
	}

	/** Adds C R^T w(sample) of every shot of the batch to the rows [z0, z1) of mu. */
	void injectAdjoint(final Adjoint a, final float[][] mu, final float[][] c, final float[][] w, final int sample, final int z0,
		final int z1) {
		final int nr = g.recIdx.length;
		for (int j = 0; j < a.count; j++) {
			final float[] ws = w[a.first + j];
			for (int q = 0; q < nr; q++)
				for (int i = 0; i < g.recIdx[q].length; i++) {
					final int idx = g.recIdx[q][i], z = idx / g.W, x = idx % g.W + j * g.W;
					if (z >= z0 && z < z1) mu[z][x] += (float) (c[z][x] * g.recW[q][i] * ws[sample * nr + q]);
				}
		}
	}

	/** Adds the source term of step n of every shot of the batch to the rows [z0, z1) of u(n+1). */
	void inject(final Fields f, final float[][] u, final int n, final int z0, final int z1) {
		final double s = g.source[n];
		for (int j = 0; j < f.count; j++) {
			final int shot = f.first + j;
			final int[] idx = g.srcIdx[shot];
			for (int q = 0; q < idx.length; q++) {
				final int z = idx[q] / g.W;
				if (z >= z0 && z < z1) u[z][idx[q] % g.W + j * g.W] += (float) (g.srcW[shot][q] * s);
			}
		}
	}

	/** Records sample of every shot of the batch into traces[shot]. */
	void record(final Fields f, final float[][] u, final float[][] traces, final int sample) {
		final int nr = g.recIdx.length;
		for (int j = 0; j < f.count; j++) {
			final float[] trace = traces[f.first + j];
			for (int q = 0; q < nr; q++) {
				double v = 0;
				for (int i = 0; i < g.recIdx[q].length; i++) {
					final int idx = g.recIdx[q][i];
					v += g.recW[q][i] * u[idx / g.W][idx % g.W + j * g.W];
				}
				trace[sample * nr + q] = (float) v;
			}
		}
	}
}
