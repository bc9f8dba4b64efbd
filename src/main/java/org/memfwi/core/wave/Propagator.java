package org.memfwi.core.wave;

import java.util.concurrent.atomic.AtomicLong;

import org.memfwi.core.progress.Progress;
import org.memfwi.core.util.Memory;
import org.memfwi.core.util.Parallel;

/**
 * The fast float implementation of the scheme of {@link WaveSetup}: forward modelling, Born modelling and the
 * adjoint-state gradient with checkpointing. Rows are split into the interior (plain vectorizable kernel) and the
 * CPML strips widened by the stencil radius (kernels with memory variables); see {@link Kernels}.
 * <p>
 * Threads: shots run in parallel, one thread each; shots left over when the shot count is not a multiple of the
 * thread count (e.g. a single shot) run one after the other with all threads splitting the rows, meeting at a
 * spinning barrier twice per time step. Every cell is computed by the same code whatever the thread count, and
 * per-shot gradients are summed in shot order, so results are bitwise identical for any number of threads.
 * <p>
 * Gradient memory: the forward pass stores the state every {@code k ~ sqrt(3 N)} steps (the wavefield, the previous
 * wavefield and the CPML variables on the strips only); the backward pass recomputes each segment from its
 * checkpoint, keeping its k + 2 wavefields, and runs the adjoint through it. The gradient with respect to C is
 * {@code sum_n mu(n+1) (u(n+1) - 2 u(n) + u(n-1) - s(n)) / C^2}, mu = C lambda, accumulated in float within a
 * segment and in double across segments.
 */
public final class Propagator {

	private final WaveSetup g;
	private final float[] k = new float[9];
	private final float[] ax, bx, az, bz;
	/** Array columns [col0, xl) and [xr, col1) are x strips. */
	private final int xl, xr;
	private final boolean[] zStrip;
	/** Checkpoint interval in steps. */
	private final int interval;
	private final int stripCells;

	public Propagator(final WaveSetup setup) {
		g = setup;
		final int r = g.stencil.radius();
		for (int j = 0; j <= 4; j++) k[j] = j <= r ? (float) g.stencil.c(j) : 0;
		for (int j = 1; j <= 4; j++) k[4 + j] = j <= r ? (float) g.stencil.d(j) : 0;
		ax = toFloat(g.ax);
		bx = toFloat(g.bx);
		az = toFloat(g.az);
		bz = toFloat(g.bz);
		final int wide = g.p + Stencil.MAX_RADIUS;
		if (g.p == 0) {
			xl = g.col0;
			xr = g.col1;
		}
		else {
			xl = Math.min(g.col0 + wide, g.col1);
			xr = Math.max(g.col1 - wide, xl);
		}
		zStrip = new boolean[g.H];
		int cells = 0;
		for (int z = g.row0; z < g.row1; z++) {
			zStrip[z] = g.p > 0 && ((g.zt > 0 && z < g.r + g.zt + Stencil.MAX_RADIUS) || z >= g.row1 - wide);
			cells += zStrip[z] ? g.col1 - g.col0 : (xl - g.col0) + (g.col1 - xr);
		}
		stripCells = cells;
		interval = Math.max(1, (int) Math.round(Math.sqrt((2.0 + 4.0 * stripCells / g.size()) * g.steps)));
	}

	private static float[] toFloat(final double[] a) {
		final float[] f = new float[a.length];
		for (int i = 0; i < a.length; i++) f[i] = (float) a[i];
		return f;
	}

	public WaveSetup setup() { return g; }

	/** Steps between checkpoints of the gradient computation. */
	public int checkpointInterval() { return interval; }

	/** Bytes of one shot's gradient work space (fields, checkpoints, segment), for memory checks and reports. */
	public long gradientBytesPerShot() {
		final long field = 4L * g.size();
		final long checkpoints = (g.steps / interval + 1) * (2 * field + 4L * 4 * stripCells);
		return checkpoints + (interval + 2) * field + 18 * field + 8L * g.size();
	}

	// -- wavefield state --

	/** One wavefield with its CPML memory variables (double-buffered psi). */
	private final class Fields {
		float[] u = new float[g.size()], up = new float[g.size()];
		float[] px, pxn, pz, pzn, zx, zz;

		Fields() {
			if (g.p > 0) {
				px = new float[g.size()];
				pxn = new float[g.size()];
				pz = new float[g.size()];
				pzn = new float[g.size()];
				zx = new float[g.size()];
				zz = new float[g.size()];
			}
		}

		void swap() {
			final float[] t = u;
			u = up;
			up = t;
			swapPsi();
		}

		void swapPsi() {
			if (g.p == 0) return;
			float[] t = px;
			px = pxn;
			pxn = t;
			t = pz;
			pz = pzn;
			pzn = t;
		}
	}

	/** Adjoint wavefield mu = C lambda and the adjoints of the CPML variables (all double-buffered). */
	private final class Adjoint {
		float[] m = new float[g.size()], mp = new float[g.size()];
		float[] pxb, pxbn, pzb, pzbn, zxb, zxbn, zzb, zzbn;

		Adjoint() {
			if (g.p > 0) {
				pxb = new float[g.size()];
				pxbn = new float[g.size()];
				pzb = new float[g.size()];
				pzbn = new float[g.size()];
				zxb = new float[g.size()];
				zxbn = new float[g.size()];
				zzb = new float[g.size()];
				zzbn = new float[g.size()];
			}
		}

		void swap() {
			float[] t = m;
			m = mp;
			mp = t;
			if (g.p == 0) return;
			t = pxb;
			pxb = pxbn;
			pxbn = t;
			t = pzb;
			pzb = pzbn;
			pzbn = t;
			t = zxb;
			zxb = zxbn;
			zxbn = t;
			t = zzb;
			zzb = zzbn;
			zzbn = t;
		}
	}

	/** Forward step of rows [z0, z1): f.up becomes u(n+1). */
	private void stepRows(final Fields f, final float[] c, final int z0, final int z1) {
		final int w = g.W;
		for (int z = z0; z < z1; z++) {
			final int row = z * w;
			if (zStrip[z]) {
				if (xl > g.col0) Kernels.xzPml(f.u, f.up, c, f.px, f.pxn, f.zx, f.pz, f.pzn, f.zz, ax, bx, az[z], bz[z], w, row, g.col0, xl, k);
				Kernels.zPml(f.u, f.up, c, f.pz, f.pzn, f.zz, az[z], bz[z], w, row, xl, xr, k);
				if (g.col1 > xr) Kernels.xzPml(f.u, f.up, c, f.px, f.pxn, f.zx, f.pz, f.pzn, f.zz, ax, bx, az[z], bz[z], w, row, xr, g.col1, k);
			}
			else {
				if (xl > g.col0) Kernels.xPml(f.u, f.up, c, f.px, f.pxn, f.zx, ax, bx, w, row, g.col0, xl, k);
				Kernels.interior(f.u, f.up, c, w, row, xl, xr, k);
				if (g.col1 > xr) Kernels.xPml(f.u, f.up, c, f.px, f.pxn, f.zx, ax, bx, w, row, xr, g.col1, k);
			}
		}
	}

	/** Adjoint step of rows [z0, z1): a.mp becomes mu(n) (before receiver injection). */
	private void adjointRows(final Adjoint a, final float[] c, final int z0, final int z1) {
		final int w = g.W;
		for (int z = z0; z < z1; z++) {
			final int row = z * w;
			if (zStrip[z]) {
				if (xl > g.col0) Kernels.xzPmlAdjoint(a.m, a.mp, c, a.pxb, a.pxbn, a.zxb, a.zxbn, a.pzb, a.pzbn, a.zzb, a.zzbn, ax, bx, az, bz, z,
					w, row, g.col0, xl, k);
				Kernels.zPmlAdjoint(a.m, a.mp, c, a.pzb, a.pzbn, a.zzb, a.zzbn, az, bz, z, w, row, xl, xr, k);
				if (g.col1 > xr) Kernels.xzPmlAdjoint(a.m, a.mp, c, a.pxb, a.pxbn, a.zxb, a.zxbn, a.pzb, a.pzbn, a.zzb, a.zzbn, ax, bx, az, bz, z,
					w, row, xr, g.col1, k);
			}
			else {
				if (xl > g.col0) Kernels.xPmlAdjoint(a.m, a.mp, c, a.pxb, a.pxbn, a.zxb, a.zxbn, ax, bx, w, row, g.col0, xl, k);
				Kernels.interior(a.m, a.mp, c, w, row, xl, xr, k);
				if (g.col1 > xr) Kernels.xPmlAdjoint(a.m, a.mp, c, a.pxb, a.pxbn, a.zxb, a.zxbn, ax, bx, w, row, xr, g.col1, k);
			}
		}
	}

	/** Free surface: the rows above the top model row mirror the rows below it with opposite sign. */
	private void mirror(final float[] u) {
		if (!g.fs) return;
		final int w = g.W, r = g.r;
		for (int j = 1; j <= r; j++) {
			final int dst = (r - j) * w, src = (r + j) * w;
			if (r + j < g.H) for (int x = 0; x < w; x++) u[dst + x] = -u[src + x];
		}
	}

	private void inject(final float[] u, final int shot, final int n) {
		final double f = g.source[n];
		final int[] idx = g.srcIdx[shot];
		for (int j = 0; j < idx.length; j++) u[idx[j]] += (float) (g.srcW[shot][j] * f);
	}

	private void record(final float[] u, final float[] trace, final int sample) {
		final int nr = g.recIdx.length;
		for (int q = 0; q < nr; q++) {
			double v = 0;
			for (int j = 0; j < g.recIdx[q].length; j++) v += g.recW[q][j] * u[g.recIdx[q][j]];
			trace[sample * nr + q] = (float) v;
		}
	}

	/** Adds C R^T w(sample) to mu. */
	private void injectAdjoint(final float[] mu, final float[] c, final float[] w, final int sample) {
		final int nr = g.recIdx.length;
		for (int q = 0; q < nr; q++)
			for (int j = 0; j < g.recIdx[q].length; j++) {
				final int i = g.recIdx[q][j];
				mu[i] += (float) (c[i] * g.recW[q][j] * w[sample * nr + q]);
			}
	}

	/** The float update coefficient C on the padded array. */
	float[] coefficients(final double[] v) {
		return toFloat(g.coefficients(v));
	}

	// -- shot scheduling --

	private interface ShotTask {
		void run(int shot, Team team);
	}

	/** Shots in parallel, one thread each; the remainder one after the other with every thread on its rows. */
	private static void runShots(final int shots, final int threads, final ShotTask task) {
		final int t = Parallel.threads(threads);
		if (t <= 1) {
			for (int s = 0; s < shots; s++) task.run(s, new Team(1));
			return;
		}
		final int parallel = shots >= t ? shots / t * t : 0;
		Parallel.forEach(parallel, t, s -> task.run(s, new Team(1)));
		for (int s = parallel; s < shots; s++) task.run(s, new Team(t));
	}

	/** Reports progress and checks for cancel; called by thread 0 of a shot every 32 steps. */
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
		final float[] c = coefficients(v);
		final int shots = g.srcIdx.length;
		final float[][] out = new float[shots][g.gatherSize()];
		final AtomicLong done = new AtomicLong();
		final long total = (long) shots * g.steps;
		runShots(shots, threads, (shot, team) -> forwardShot(c, shot, out[shot], null, team, progress, done, total));
		progress.fraction(1);
		return out;
	}

	/** Checkpoints of one shot: u(n), u(n-1) and the strip cells of the CPML variables every interval steps. */
	private final class Checkpoints {
		final float[][] u, up, pml;

		Checkpoints() {
			final int n = g.steps / interval + 1;
			u = new float[n][];
			up = new float[n][];
			pml = new float[n][];
		}

		void save(final int j, final Fields f) {
			u[j] = f.u.clone();
			up[j] = f.up.clone();
			if (g.p > 0) {
				final float[] b = new float[4 * stripCells];
				int o = copyStrips(f.px, b, 0, true);
				o = copyStrips(f.pz, b, o, true);
				o = copyStrips(f.zx, b, o, true);
				copyStrips(f.zz, b, o, true);
				pml[j] = b;
			}
		}

		void restore(final int j, final Fields f) {
			if (u[j] == null) {
				java.util.Arrays.fill(f.u, 0);
				java.util.Arrays.fill(f.up, 0);
			}
			else {
				System.arraycopy(u[j], 0, f.u, 0, f.u.length);
				System.arraycopy(up[j], 0, f.up, 0, f.up.length);
			}
			if (g.p > 0) {
				final float[] b = pml[j];
				if (b == null) {
					java.util.Arrays.fill(f.px, 0);
					java.util.Arrays.fill(f.pz, 0);
					java.util.Arrays.fill(f.zx, 0);
					java.util.Arrays.fill(f.zz, 0);
				}
				else {
					int o = copyStrips(f.px, b, 0, false);
					o = copyStrips(f.pz, b, o, false);
					o = copyStrips(f.zx, b, o, false);
					copyStrips(f.zz, b, o, false);
				}
			}
		}
	}

	/** Copies the strip cells of a full array to (save) or from (restore) a compact buffer; returns the next offset. */
	private int copyStrips(final float[] full, final float[] buf, final int offset, final boolean save) {
		int o = offset;
		for (int z = g.row0; z < g.row1; z++) {
			final int row = z * g.W;
			if (zStrip[z]) o = copy(full, row + g.col0, buf, o, g.col1 - g.col0, save);
			else {
				o = copy(full, row + g.col0, buf, o, xl - g.col0, save);
				o = copy(full, row + xr, buf, o, g.col1 - xr, save);
			}
		}
		return o;
	}

	private static int copy(final float[] full, final int at, final float[] buf, final int o, final int n, final boolean save) {
		if (save) System.arraycopy(full, at, buf, o, n);
		else System.arraycopy(buf, o, full, at, n);
		return o + n;
	}

	/** One shot forward; records into trace; saves checkpoints when cp is not null. */
	private void forwardShot(final float[] c, final int shot, final float[] trace, final Checkpoints cp, final Team team,
		final Progress progress, final AtomicLong done, final long total) {
		final Fields f = new Fields();
		record(f.u, trace, 0);
		team.run(t -> {
			final int z0 = team.bandStart(t, g.row0, g.row1), z1 = team.bandStart(t + 1, g.row0, g.row1);
			for (int n = 0; n < g.steps; n++) {
				stepRows(f, c, z0, z1);
				team.await();
				if (t == 0) {
					inject(f.up, shot, n);
					f.swap();
					mirror(f.u);
					if ((n + 1) % g.m == 0) record(f.u, trace, (n + 1) / g.m);
					if (cp != null && (n + 1) % interval == 0 && n + 1 < g.steps) cp.save((n + 1) / interval, f);
					if ((n & 31) == 31) tick(progress, done, total, 32);
				}
				team.await();
			}
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
		return gradient(v, observed, null, gradient, null, threads, progress);
	}

	/**
	 * The adjoint of Born modelling: {@code J^T w} for data-space weights w (per shot nt x receivers values),
	 * i.e. the gradient with respect to the velocities of {@code <w, F(v)>}.
	 */
	public double[] adjoint(final double[] v, final float[][] w, final double[] out, final int threads, final Progress progress) {
		final double[] g2 = out == null ? new double[g.grid.size()] : out;
		gradient(v, null, w, g2, null, threads, progress);
		return g2;
	}

	/**
	 * Shared forward + backward pass. Either observed (residual = F(v) - observed) or w (given weights) is set.
	 * traces, if not null, receives F(v).
	 */
	double gradient(final double[] v, final float[][] observed, final float[][] w, final double[] gradient, final float[][] traces,
		final int threads, final Progress progress) {
		final float[] c = coefficients(v);
		final int shots = g.srcIdx.length;
		final int concurrent = Math.min(shots, Parallel.threads(threads));
		Memory.require(concurrent * gradientBytesPerShot(), "the gradient (" + concurrent + " shot(s) at once, " + g.steps +
			" steps on " + g.W + " x " + g.H + " cells)", "use fewer threads or a smaller model");
		final double[][] perShot = new double[shots][];
		final double[] misfit = new double[shots];
		final AtomicLong done = new AtomicLong();
		final long total = 3L * shots * g.steps;
		runShots(shots, threads, (shot, team) -> {
			final float[] trace = traces != null ? traces[shot] : new float[g.gatherSize()];
			final Checkpoints cp = new Checkpoints();
			forwardShot(c, shot, trace, cp, team, progress, done, total);
			final float[] res;
			if (observed != null) {
				res = new float[trace.length];
				double s = 0;
				for (int i = 0; i < res.length; i++) {
					res[i] = trace[i] - observed[shot][i];
					s += 0.5 * (double) res[i] * res[i];
				}
				misfit[shot] = s;
			}
			else res = w[shot];
			perShot[shot] = g.fold(backwardShot(c, shot, cp, res, team, progress, done, total), v, null);
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

	/** Backward pass of one shot; returns the gradient with respect to C on the padded array. */
	private double[] backwardShot(final float[] c, final int shot, final Checkpoints cp, final float[] res, final Team team,
		final Progress progress, final AtomicLong done, final long total) {
		final int n1 = g.steps, kseg = interval;
		final float[][] store = new float[kseg + 2][g.size()];
		final Fields f = new Fields();
		final Adjoint a = new Adjoint();
		final float[] gacc = new float[g.size()];
		final double[] gC = new double[g.size()];
		final double[] srcCorr = new double[g.srcIdx[shot].length];
		injectAdjoint(a.m, c, res, g.nt - 1);
		mirror(a.m);
		final int segments = (n1 + kseg - 1) / kseg;
		for (int seg = segments - 1; seg >= 0; seg--) {
			final int ns = seg * kseg, ne = Math.min(ns + kseg, n1);
			f.u = store[1];
			f.up = store[0];
			cp.restore(seg, f);
			team.run(t -> {
				final int z0 = team.bandStart(t, g.row0, g.row1), z1 = team.bandStart(t + 1, g.row0, g.row1);
				final int w = g.W;
				// Recompute u(ns+1..ne) into store[2..], keeping every level.
				for (int n = ns; n < ne; n++) {
					final int j = n - ns + 1;
					final float[] cur = store[j], prev = store[j - 1], next = store[j + 1];
					System.arraycopy(prev, z0 * w, next, z0 * w, (z1 - z0) * w);
					f.u = cur;
					f.up = next;
					stepRows(f, c, z0, z1);
					team.await();
					if (t == 0) {
						inject(next, shot, n);
						mirror(next);
						f.swapPsi();
						if ((n & 31) == 31) tick(progress, done, total, 32);
					}
					team.await();
				}
				// Adjoint from ne-1 down to ns.
				for (int n = ne - 1; n >= ns; n--) {
					final int j = n - ns + 1;
					final float[] um = store[j - 1], u0 = store[j], u1 = store[j + 1];
					final float[] m = a.m;
					for (int z = z0; z < z1; z++)
						for (int i = z * w + g.col0, e = z * w + g.col1; i < e; i++) gacc[i] += m[i] * (u1[i] - 2 * u0[i] + um[i]);
					adjointRows(a, c, z0, z1);
					team.await();
					if (t == 0) {
						final int[] idx = g.srcIdx[shot];
						for (int q = 0; q < idx.length; q++) srcCorr[q] += (double) m[idx[q]] * g.srcW[shot][q] * g.source[n];
						a.swap();
						if (n % g.m == 0) injectAdjoint(a.m, c, res, n / g.m);
						mirror(a.m);
						if ((n & 31) == 0) tick(progress, done, total, 32);
					}
					team.await();
				}
			});
			for (int i = 0; i < gacc.length; i++) {
				gC[i] += gacc[i];
				gacc[i] = 0;
			}
		}
		final int[] idx = g.srcIdx[shot];
		for (int q = 0; q < idx.length; q++) gC[idx[q]] -= srcCorr[q];
		for (int i = 0; i < gC.length; i++) if (gC[i] != 0) gC[i] /= (double) c[i] * c[i];
		return gC;
	}

	// -- Born --

	/**
	 * Born modelling: the Jacobian of {@link #forward} at v applied to a velocity perturbation dv (m/s), per shot
	 * nt x receivers values.
	 */
	public float[][] born(final double[] v, final double[] dv, final int threads, final Progress progress) {
		final float[] c = coefficients(v);
		final double[] dc = g.coefficientPerturbation(v, dv);
		final float[] q = new float[g.size()];
		for (int i = 0; i < q.length; i++) if (c[i] != 0) q[i] = (float) (dc[i] / c[i]);
		final int shots = g.srcIdx.length;
		final float[][] out = new float[shots][g.gatherSize()];
		final AtomicLong done = new AtomicLong();
		final long total = (long) shots * g.steps;
		Parallel.forEach(shots, threads, shot -> {
			final Fields b = new Fields(), d = new Fields();
			float[] um = new float[g.size()], next = new float[g.size()];
			final int w = g.W;
			final int[] idx = g.srcIdx[shot];
			for (int n = 0; n < g.steps; n++) {
				System.arraycopy(um, 0, next, 0, um.length);
				b.up = next;
				stepRows(b, c, g.row0, g.row1);
				inject(next, shot, n);
				mirror(next);
				stepRows(d, c, g.row0, g.row1);
				final float[] u0 = b.u;
				for (int z = g.row0; z < g.row1; z++)
					for (int i = z * w + g.col0, e = z * w + g.col1; i < e; i++) d.up[i] += q[i] * (next[i] - 2 * u0[i] + um[i]);
				for (int j = 0; j < idx.length; j++) d.up[idx[j]] -= (float) (q[idx[j]] * g.srcW[shot][j] * g.source[n]);
				d.swap();
				mirror(d.u);
				b.swapPsi();
				final float[] free = um;
				um = u0;
				b.u = next;
				next = free;
				if ((n + 1) % g.m == 0) record(d.u, out[shot], (n + 1) / g.m);
				if ((n & 31) == 31) tick(progress, done, total, 32);
			}
		});
		progress.fraction(1);
		return out;
	}

	/**
	 * The wavefield energy (sum of u^2 over the model cells, CPML excluded) after every internal step of one shot,
	 * single-threaded: for absorbing-boundary checks.
	 */
	public double[] energyHistory(final double[] v, final int shot) {
		final float[] c = coefficients(v);
		final Fields f = new Fields();
		final double[] e = new double[g.steps];
		for (int n = 0; n < g.steps; n++) {
			stepRows(f, c, g.row0, g.row1);
			inject(f.up, shot, n);
			f.swap();
			mirror(f.u);
			double s = 0;
			for (int iz = 0; iz < g.grid.nz(); iz++)
				for (int ix = 0; ix < g.grid.nx(); ix++) {
					final float u = f.u[g.index(ix + g.p, iz + g.zt)];
					s += (double) u * u;
				}
			e[n] = s;
		}
		return e;
	}

	/**
	 * Cell updates per second (millions) of the interior kernel alone on a w x h array for the given number of
	 * steps, one thread: a measurement for the bench that tells whether the loop was vectorized.
	 */
	public static double interiorKernelRate(final int w, final int h, final int steps) {
		float[] u = new float[w * h], up = new float[w * h];
		final float[] c = new float[w * h];
		java.util.Arrays.fill(c, 0.2f);
		u[w * (h / 2) + w / 2] = 1;
		final Stencil st = Stencil.of(8);
		final float[] k = new float[9];
		for (int j = 0; j <= 4; j++) k[j] = (float) st.c(j);
		for (int j = 1; j <= 4; j++) k[4 + j] = (float) st.d(j);
		final int r = Stencil.MAX_RADIUS;
		long best = Long.MAX_VALUE;
		for (int rep = 0; rep < 5; rep++) {
			final long t0 = System.nanoTime();
			for (int n = 0; n < steps; n++) {
				for (int z = r; z < h - r; z++) Kernels.interior(u, up, c, w, z * w, r, w - r, k);
				final float[] t = u;
				u = up;
				up = t;
			}
			best = Math.min(best, System.nanoTime() - t0);
		}
		return (double) (w - 2 * r) * (h - 2 * r) * steps / (best * 1e-9) * 1e-6;
	}
}
