package org.memfwi.core.helmholtz;

import java.util.Arrays;

import org.memfwi.core.util.Parallel;

/**
 * The sparse factorization {@code A = L D L^T} of a complex symmetric grid matrix ({@link GridMatrix}) by the
 * multifrontal method on a nested-dissection elimination tree ({@link NestedDissection}), without pivoting, and the
 * solution of {@code A x = b} for any number of right-hand sides with it. Because {@code A^T = A}, the same factor
 * solves the transposed system; the adjoint system {@code A^H x = b} is {@code conj(A^{-1} conj(b))}.
 * <p>
 * Stability: no pivoting is done, which keeps the elimination order of the nested dissection and the dense front
 * kernels simple and fast, and which is how sparse direct solvers are commonly used for Helmholtz problems with PML.
 * It is not backward stable in theory: a pivot of the front of a subdomain is small when {@code omega^2 m} is close to
 * a Dirichlet eigenvalue of the discrete Laplacian restricted to the cells eliminated so far. For subdomains smaller
 * than about half a wavelength (all leaves and most separators) the Laplacian dominates and pivots are bounded away
 * from zero; for larger subdomains a near-resonance is possible but non-generic, and the fronts of the top levels
 * include PML cells whose complex stretching moves the spectrum off the real axis. In practice the backward error
 * {@code ||b - A x||_inf / (||A||_inf ||x||_inf + ||b||_inf)} is at round-off (measured below 1e-15 in the tests and
 * the bench), and each factorization reports the smallest pivot modulus relative to the largest diagonal modulus
 * ({@link #pivotRatio()}) as a growth indicator. A zero or non-finite pivot throws {@link ArithmeticException}.
 * <p>
 * Solves exploit sparsity: the forward substitution visits only the tree nodes on the paths from the non-zero
 * right-hand-side entries to the root, and a solve that needs the solution at a few cells only ({@link #solveAt})
 * visits only the paths from the root to those cells.
 * <p>
 * Immutable after construction: solves may run concurrently.
 */
public final class MultifrontalLdlt {

	private final NestedDissection sym;
	/**
	 * The factor panels of all nodes, one after the other: node i's panel, (k + m) x k column-major, starts at
	 * {@code offset[i]} (column j at {@code offset[i] + j (k + m)}): L below the diagonal, D on it.
	 */
	private final double[] lr;
	private final double[] li;
	private final long[] offset;
	private final double pivotRatio;

	/**
	 * Factors {@code a} on one thread.
	 *
	 * @param sym the symbolic analysis of a's grid and pattern
	 * @param a the matrix, not modified
	 * @throws ArithmeticException on a zero pivot
	 */
	public MultifrontalLdlt(final NestedDissection sym, final GridMatrix a) {
		this(sym, a, 1);
	}

	/**
	 * Factors {@code a}, the independent subtrees below the top two levels of the elimination tree on up to
	 * {@code threads} threads (0 = all processors) and the top levels after them. Every front is computed by the same
	 * operations in the same order whatever the thread count, so the factor is identical for any thread count.
	 *
	 * @param sym the symbolic analysis of a's grid and pattern
	 * @param a the matrix, not modified
	 * @throws ArithmeticException on a zero pivot
	 */
	public MultifrontalLdlt(final NestedDissection sym, final GridMatrix a, final int threads) {
		if (a.nx() != sym.nx || a.nz() != sym.nz || a.corners() != sym.corners)
			throw new IllegalArgumentException("matrix grid " + a.nx() + " x " + a.nz() + " does not match the analysis " + sym.nx +
				" x " + sym.nz);
		this.sym = sym;
		final int nodes = sym.nodes();
		offset = new long[nodes + 1];
		for (int i = 0; i < nodes; i++) offset[i + 1] = offset[i] + (long) sym.pivots[i] * (sym.pivots[i] + sym.update[i].length);
		if (offset[nodes] > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("the factor of a " + sym.nx + " x " + sym.nz +
			" grid has " + offset[nodes] + " entries, more than a Java array holds; use a smaller grid");
		lr = new double[(int) offset[nodes]];
		li = new double[(int) offset[nodes]];
		double maxDiag = 0;
		for (int c = 0; c < sym.size(); c++) maxDiag = Math.max(maxDiag, Math.hypot(a.re[0][c], a.im[0][c]));
		final int nt = Parallel.threads(threads);
		final int[] roots = nt > 1 ? sym.subtreeRoots() : new int[0];
		double minPivot = Double.POSITIVE_INFINITY;
		final double[][] saved = new double[2 * nodes][]; // real parts at [node], imaginary at [nodes + node]
		if (roots.length > 1) {
			// Independent subtrees in parallel; each leaves its root's contribution block in saved[root].
			final double[] mins = new double[roots.length];
			Parallel.forEach(roots.length, nt, i -> {
				final int root = roots[i];
				final Worker w = new Worker(a, sym.stackPeak(sym.first[root], root));
				w.range(sym.first[root], root, saved, null);
				mins[i] = w.minPivot;
			});
			for (final double m : mins) minPivot = Math.min(minPivot, m);
			final boolean[] done = new boolean[nodes];
			for (final int root : roots)
				for (int node = sym.first[root]; node <= root; node++) done[node] = true;
			final Worker w = new Worker(a, sym.maxStack);
			w.range(0, nodes - 1, saved, done);
			minPivot = Math.min(minPivot, w.minPivot);
		}
		else {
			final Worker w = new Worker(a, sym.maxStack);
			w.range(0, nodes - 1, null, null);
			minPivot = w.minPivot;
		}
		pivotRatio = maxDiag > 0 ? minPivot / maxDiag : 0;
	}

	/** One thread's work space: a front, a stack of contribution blocks, the front's index map. */
	private final class Worker {
		final GridMatrix a;
		final double[] fr, fi, sr, si;
		final int[] loc;
		final DenseLdlt.Work work;
		double minPivot = Double.POSITIVE_INFINITY;

		Worker(final GridMatrix a, final long stack) {
			this.a = a;
			final int mf = sym.maxFront;
			fr = new double[mf * mf];
			fi = new double[mf * mf];
			sr = new double[(int) stack];
			si = new double[(int) stack];
			loc = new int[sym.size()];
			work = new DenseLdlt.Work(mf);
		}

		/**
		 * Factors the nodes from..to in postorder, skipping those marked in skip (factored elsewhere; their contribution
		 * blocks are in saved). When saved is given and skip is null, the block of node {@code to} goes to saved[to].
		 */
		void range(final int from, final int to, final double[][] saved, final boolean[] skip) {
			final int nx = sym.nx, nz = sym.nz;
			final int offsets = a.offsets();
			int top = 0; // stack top
			for (int node = from; node <= to; node++) {
				if (skip != null && skip[node]) continue;
				final int s = sym.start[node], k = sym.pivots[node];
				final int[] upd = sym.update[node];
				final int m = upd.length, n = k + m;
				for (int t = 0; t < k; t++) loc[s + t] = t;
				for (int t = 0; t < m; t++) loc[upd[t]] = k + t;
				for (int t = 0; t < n; t++) {
					final int row = t * n;
					for (int c = 0; c <= t; c++) {
						fr[row + c] = 0;
						fi[row + c] = 0;
					}
				}
				// Original entries of the pivot rows (couplings to later-eliminated cells).
				for (int t = 0; t < k; t++) {
					final int g = s + t, cell = sym.perm[g], ix = cell % nx, iz = cell / nx;
					fr[t * n + t] += a.re[0][cell];
					fi[t * n + t] += a.im[0][cell];
					for (int o = 1; o < offsets; o++) {
						final int ox = a.offsetX(o), oz = a.offsetZ(o);
						int jx = ix + ox, jz = iz + oz;
						if (jx >= 0 && jx < nx && jz < nz) addEntry(fr, fi, n, loc, sym.iperm[jx + nx * jz], g, t, a.re[o][cell], a.im[o][cell]);
						jx = ix - ox;
						jz = iz - oz;
						if (jx >= 0 && jx < nx && jz >= 0) {
							final int q = jx + nx * jz;
							addEntry(fr, fi, n, loc, sym.iperm[q], g, t, a.re[o][q], a.im[o][q]);
						}
					}
				}
				// Extend-add the children's contribution blocks: saved ones, and the last ones pushed on the stack.
				final int[] kids = sym.children[node];
				int base = top;
				for (int ci = kids.length - 1; ci >= 0; ci--)
					if (skip == null || !skip[kids[ci]]) base -= sym.update[kids[ci]].length * sym.update[kids[ci]].length;
				int off = base;
				for (final int child : kids) {
					final int mc = sym.update[child].length;
					final boolean elsewhere = skip != null && skip[child];
					final double[] br = elsewhere ? saved[child] : sr, bi = elsewhere ? saved[child + sym.nodes()] : si;
					extendAdd(n, sym.relative[child], mc, br, bi, elsewhere ? 0 : off);
					if (elsewhere) {
						saved[child] = null;
						saved[child + sym.nodes()] = null;
					}
					else off += mc * mc;
				}
				top = base;
				minPivot = Math.min(minPivot, DenseLdlt.factor(fr, fi, n, k, lr, li, (int) offset[node], work));
				for (int p = 0; p < m; p++) {
					System.arraycopy(fr, (k + p) * n + k, sr, top + p * m, p + 1);
					System.arraycopy(fi, (k + p) * n + k, si, top + p * m, p + 1);
				}
				top += m * m;
			}
			if (saved != null && skip == null) {
				final int m = sym.update[to].length;
				saved[to] = Arrays.copyOf(sr, m * m);
				saved[to + sym.nodes()] = Arrays.copyOf(si, m * m);
			}
		}

		/** Adds a child's m x m block (lower triangle, from offset off) into the front at the child's relative rows. */
		private void extendAdd(final int n, final int[] rel, final int mc, final double[] br, final double[] bi, final int off) {
			for (int p = 0; p < mc; p++) {
				final int row = rel[p] * n, crow = off + p * mc;
				for (int q = 0; q <= p; q++) {
					fr[row + rel[q]] += br[crow + q];
					fi[row + rel[q]] += bi[crow + q];
				}
			}
		}
	}

	private static void addEntry(final double[] fr, final double[] fi, final int n, final int[] loc, final int gq, final int g,
		final int t, final double vr, final double vi)
	{
		if (gq < g) return; // assembled in the earlier pivot's front
		final int tq = loc[gq];
		final int idx = tq >= t ? tq * n + t : t * n + tq;
		fr[idx] += vr;
		fi[idx] += vi;
	}

	/** The symbolic analysis this factor uses. */
	public NestedDissection analysis() { return sym; }

	/** Smallest pivot modulus divided by the largest diagonal modulus of A: a growth indicator (tiny = suspicious). */
	public double pivotRatio() { return pivotRatio; }

	/**
	 * Solves {@code A x = b} for {@code nrhs} right-hand sides.
	 *
	 * @param br real parts of b, {@code nrhs} fields of {@code size()} cells one after the other, not modified
	 * @param bi imaginary parts of b
	 * @param xr real parts of x, same layout, filled (may be the same array as br)
	 * @param xi imaginary parts of x, filled (may be the same array as bi)
	 */
	public void solve(final double[] br, final double[] bi, final int nrhs, final double[] xr, final double[] xi) {
		final int n = sym.size();
		final double[] wr = new double[n * nrhs], wi = new double[n * nrhs];
		load(br, bi, nrhs, wr, wi);
		forward(wr, wi, nrhs);
		backward(wr, wi, nrhs, null);
		for (int c = 0; c < n; c++) {
			final int g = sym.iperm[c] * nrhs;
			for (int r = 0; r < nrhs; r++) {
				xr[r * n + c] = wr[g + r];
				xi[r * n + c] = wi[g + r];
			}
		}
	}

	/**
	 * Solves {@code A x = b} for {@code nrhs} right-hand sides and returns x at the given cells only (cheaper than a full
	 * solve when the cells are few).
	 *
	 * @param br real parts of b, {@code nrhs} fields of {@code size()} cells one after the other, not modified
	 * @param cells the cells where x is wanted
	 * @param outR real parts of x at the cells, {@code out[r * cells.length + i]}, filled
	 */
	public void solveAt(final double[] br, final double[] bi, final int nrhs, final int[] cells, final double[] outR,
		final double[] outI)
	{
		final int n = sym.size();
		final double[] wr = new double[n * nrhs], wi = new double[n * nrhs];
		load(br, bi, nrhs, wr, wi);
		forward(wr, wi, nrhs);
		final boolean[] need = new boolean[sym.nodes()];
		for (final int c : cells) {
			int node = sym.nodeOf[sym.iperm[c]];
			while (node >= 0 && !need[node]) {
				need[node] = true;
				node = sym.parent[node];
			}
		}
		backward(wr, wi, nrhs, need);
		for (int r = 0; r < nrhs; r++)
			for (int i = 0; i < cells.length; i++) {
				final int g = sym.iperm[cells[i]] * nrhs + r;
				outR[r * cells.length + i] = wr[g];
				outI[r * cells.length + i] = wi[g];
			}
	}

	private void load(final double[] br, final double[] bi, final int nrhs, final double[] wr, final double[] wi) {
		final int n = sym.size();
		for (int c = 0; c < n; c++) {
			final int g = sym.iperm[c] * nrhs;
			for (int r = 0; r < nrhs; r++) {
				wr[g + r] = br[r * n + c];
				wi[g + r] = bi[r * n + c];
			}
		}
	}

	/** L y = b then y = D^{-1} y, in place, visiting only the nodes reached by non-zeros. */
	private void forward(final double[] wr, final double[] wi, final int nrhs) {
		final int nodes = sym.nodes();
		final boolean[] active = new boolean[nodes];
		for (int node = 0; node < nodes; node++) {
			final int s = sym.start[node], k = sym.pivots[node];
			boolean act = active[node];
			if (!act) {
				for (int q = s * nrhs, e = (s + k) * nrhs; q < e; q++)
					if (wr[q] != 0 || wi[q] != 0) {
						act = true;
						break;
					}
			}
			if (!act) continue;
			active[node] = true;
			if (sym.parent[node] >= 0) active[sym.parent[node]] = true;
			final double[] pr = lr, pi = li;
			final int[] upd = sym.update[node];
			final int n = k + upd.length, po = (int) offset[node];
			// Unit lower triangular solve with L11 and update of the other rows, four columns at a time: finish the four
			// pivots among themselves, then subtract all four columns from every row below in one pass.
			final int[] rows = sym.frontRows[node];
			int j = 0;
			for (; j + 3 < k; j += 4) {
				final int c0 = po + j * n, c1 = c0 + n, c2 = c1 + n, c3 = c2 + n;
				final int y0 = rows[j] * nrhs, y1 = rows[j + 1] * nrhs, y2 = rows[j + 2] * nrhs, y3 = rows[j + 3] * nrhs;
				for (int a = 1; a < 4; a++)
					for (int b = 0; b < a; b++) {
						final int e = c0 + b * n + j + a;
						axpy(wr, wi, rows[j + a] * nrhs, rows[j + b] * nrhs, pr[e], pi[e], nrhs);
					}
				for (int t = j + 4; t < n; t++)
					axpy4(wr, wi, rows[t] * nrhs, y0, pr[c0 + t], pi[c0 + t], y1, pr[c1 + t], pi[c1 + t], y2, pr[c2 + t], pi[c2 + t], y3,
						pr[c3 + t], pi[c3 + t], nrhs);
			}
			for (; j < k; j++) {
				final int col = po + j * n;
				for (int t = j + 1; t < n; t++) axpy(wr, wi, rows[t] * nrhs, rows[j] * nrhs, pr[col + t], pi[col + t], nrhs);
			}
			// Diagonal: y /= d.
			for (int q = 0; q < k; q++) {
				final double dr = pr[po + q * n + q], di = pi[po + q * n + q];
				final double den = dr * dr + di * di, ir = dr / den, ii = -di / den;
				final int yj = (s + q) * nrhs;
				for (int r = 0; r < nrhs; r++) {
					final double ar = wr[yj + r], ai = wi[yj + r];
					wr[yj + r] = ar * ir - ai * ii;
					wi[yj + r] = ar * ii + ai * ir;
				}
			}
		}
	}

	/** {@code w[d + r] -= sum_q l_q w[s_q + r]} over four sources, for the nrhs complex values from each offset. */
	private static void axpy4(final double[] wr, final double[] wi, final int d, final int s0, final double a0, final double b0,
		final int s1, final double a1, final double b1, final int s2, final double a2, final double b2, final int s3,
		final double a3, final double b3, final int nrhs)
	{
		for (int r = 0; r < nrhs; r++) {
			final double x0 = wr[s0 + r], y0 = wi[s0 + r], x1 = wr[s1 + r], y1 = wi[s1 + r];
			final double x2 = wr[s2 + r], y2 = wi[s2 + r], x3 = wr[s3 + r], y3 = wi[s3 + r];
			wr[d + r] -= a0 * x0 - b0 * y0 + a1 * x1 - b1 * y1 + a2 * x2 - b2 * y2 + a3 * x3 - b3 * y3;
			wi[d + r] -= a0 * y0 + b0 * x0 + a1 * y1 + b1 * x1 + a2 * y2 + b2 * x2 + a3 * y3 + b3 * x3;
		}
	}

	/** {@code w[dst + r] -= l w[src + r]} for the nrhs complex values from dst and src. */
	private static void axpy(final double[] wr, final double[] wi, final int dst, final int src, final double lre,
		final double lim, final int nrhs)
	{
		for (int r = 0; r < nrhs; r++) {
			final double ar = wr[src + r], ai = wi[src + r];
			wr[dst + r] -= lre * ar - lim * ai;
			wi[dst + r] -= lre * ai + lim * ar;
		}
	}

	/** L^T x = y in place, over the needed nodes (all when need is null). */
	private void backward(final double[] wr, final double[] wi, final int nrhs, final boolean[] need) {
		for (int node = sym.nodes() - 1; node >= 0; node--) {
			if (need != null && !need[node]) continue;
			final int s = sym.start[node], k = sym.pivots[node];
			final double[] pr = lr, pi = li;
			final int[] upd = sym.update[node];
			final int n = k + upd.length, po = (int) offset[node];
			// x_j = y_j - sum_{t > j} L[t][j] x_t, for j = k-1 down to 0 (the update rows are final already), four t at a
			// time.
			final int[] rows = sym.frontRows[node];
			for (int j = k - 1; j >= 0; j--) {
				final int col = po + j * n, yj = rows[j] * nrhs;
				int t = j + 1;
				for (; t + 3 < n; t += 4)
					axpy4(wr, wi, yj, rows[t] * nrhs, pr[col + t], pi[col + t], rows[t + 1] * nrhs, pr[col + t + 1], pi[col + t + 1],
						rows[t + 2] * nrhs, pr[col + t + 2], pi[col + t + 2], rows[t + 3] * nrhs, pr[col + t + 3], pi[col + t + 3], nrhs);
				for (; t < n; t++) axpy(wr, wi, yj, rows[t] * nrhs, pr[col + t], pi[col + t], nrhs);
			}
		}
	}
}
