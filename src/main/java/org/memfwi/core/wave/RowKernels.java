package org.memfwi.core.wave;

/**
 * Small loops over one row segment [x0, x1) that HotSpot C2 (Java 17) vectorizes. Measured on this code base (AVX-512,
 * 16 floats per vector), C2's superword pass only vectorizes a loop when
 * <ul>
 * <li>every float access has the same alignment modulo the vector: {@code a[x]}, {@code b[x]} and {@code a[x + 16]}
 * do, {@code a[x + 1]} or {@code a[x + k]} with a variable k do not;</li>
 * <li>the loop body is small enough to be unrolled at all (about 60 nodes, i.e. some six array accesses);</li>
 * <li>and no sum of two products of a loop invariant, such as {@code c1 * (a[x] + b[x]) + c2 * (c[x] + d[x])}, stands
 * in it (a C2 limitation with commutative operands): {@link Math#fma} forms of the same sums vectorize.</li>
 * </ul>
 * So rows are stored lane-transposed (see {@link Propagator}): x-neighbours sit 16, 32, 48 and 64 floats away, the
 * z-neighbours are the other row arrays at the same index, and a stencil is a few passes accumulating into a
 * scratch row.
 */
final class RowKernels {

	private RowKernels() {}

	// -- lane-transposed rows: the x-neighbour at distance k of index x is at x - 16 k and x + 16 k --

	/** t = c a + c1 (a(x-1) + a(x+1) + m + p): the first ring of the Laplacian (m, p the rows above and below). */
	static void lap1(final float[] t, final float[] a, final float[] m, final float[] p, final float c, final float c1, final int x0,
		final int x1) {
		for (int x = x0; x < x1; x++) t[x] = Math.fma(c1, a[x - 16] + a[x + 16] + m[x] + p[x], c * a[x]);
	}

	/** t += c2 (a(x-2) + a(x+2) + m + p). */
	static void lap2(final float[] t, final float[] a, final float[] m, final float[] p, final float c2, final int x0, final int x1) {
		for (int x = x0; x < x1; x++) t[x] = Math.fma(c2, a[x - 32] + a[x + 32] + m[x] + p[x], t[x]);
	}

	/** t += c3 (a(x-3) + a(x+3) + m + p). */
	static void lap3(final float[] t, final float[] a, final float[] m, final float[] p, final float c3, final int x0, final int x1) {
		for (int x = x0; x < x1; x++) t[x] = Math.fma(c3, a[x - 48] + a[x + 48] + m[x] + p[x], t[x]);
	}

	/** t += c4 (a(x-4) + a(x+4) + m + p). */
	static void lap4(final float[] t, final float[] a, final float[] m, final float[] p, final float c4, final int x0, final int x1) {
		for (int x = x0; x < x1; x++) t[x] = Math.fma(c4, a[x - 64] + a[x + 64] + m[x] + p[x], t[x]);
	}

	/** t += c1 (a(x-1) + a(x+1)) + c2 (a(x-2) + a(x+2)): the first half of Dxx a without its centre. */
	static void dxx12(final float[] t, final float[] a, final float c1, final float c2, final int x0, final int x1) {
		for (int x = x0; x < x1; x++) t[x] = Math.fma(c1, a[x - 16] + a[x + 16], Math.fma(c2, a[x - 32] + a[x + 32], t[x]));
	}

	/** t += c3 (a(x-3) + a(x+3)) + c4 (a(x-4) + a(x+4)). */
	static void dxx34(final float[] t, final float[] a, final float c3, final float c4, final int x0, final int x1) {
		for (int x = x0; x < x1; x++) t[x] = Math.fma(c3, a[x - 48] + a[x + 48], Math.fma(c4, a[x - 64] + a[x + 64], t[x]));
	}

	/** t = c0 a + c1 (a(x-1) + a(x+1)) + c2 (a(x-2) + a(x+2)). */
	static void dxx012(final float[] t, final float[] a, final float c0, final float c1, final float c2, final int x0, final int x1) {
		for (int x = x0; x < x1; x++) t[x] = Math.fma(c1, a[x - 16] + a[x + 16], Math.fma(c2, a[x - 32] + a[x + 32], c0 * a[x]));
	}

	/**
	 * Fills the ghost columns of a lane-transposed row of m columns per lane: the 4 columns left of each lane's
	 * first one repeat the last 4 of the lane before, the 4 right of its last one the first 4 of the lane after
	 * (the outer ghosts of lanes 0 and 15 are left as they are: 0).
	 */
	static void ghosts(final float[] r, final int m) {
		for (int g = 1; g <= 4; g++) {
			System.arraycopy(r, 16 * (4 + m - g), r, 16 * (4 - g) + 1, 15);
			System.arraycopy(r, 16 * (3 + g) + 1, r, 16 * (3 + m + g), 15);
		}
	}

	// -- rows in any layout, and columns --

	/** t = c0 a + c1 (l1 + r1) + c2 (l2 + r2): the first half of a 1D second derivative. */
	static void half1(final float[] t, final float[] a, final float[] l1, final float[] r1, final float[] l2, final float[] r2,
		final float c0, final float c1, final float c2, final int x0, final int x1) {
		for (int x = x0; x < x1; x++) t[x] = c0 * a[x] + c1 * (l1[x] + r1[x]) + c2 * (l2[x] + r2[x]);
	}

	/** t += c3 (l3 + r3) + c4 (l4 + r4): the second half. */
	static void half2(final float[] t, final float[] l3, final float[] r3, final float[] l4, final float[] r4, final float c3,
		final float c4, final int x0, final int x1) {
		for (int x = x0; x < x1; x++) t[x] += c3 * (l3[x] + r3[x]) + c4 * (l4[x] + r4[x]);
	}

	/** t = d1 (r1 - l1) + d2 (r2 - l2): the first half of a first derivative. */
	static void diffSet(final float[] t, final float[] l1, final float[] r1, final float[] l2, final float[] r2, final float d1,
		final float d2, final int x0, final int x1) {
		for (int x = x0; x < x1; x++) t[x] = Math.fma(d1, r1[x] - l1[x], d2 * (r2[x] - l2[x]));
	}

	/**
	 * Second and first derivative together, first half: t = c0 a + c1 (l1 + r1) + c2 (l2 + r2) and d = (or +=, when
	 * add) d1 (r1 - l1) + d2 (r2 - l2).
	 */
	static void sumDiff12(final float[] t, final float[] d, final float[] a, final float[] l1, final float[] r1, final float[] l2,
		final float[] r2, final float c0, final float c1, final float c2, final float d1, final float d2, final boolean add, final int x0,
		final int x1) {
		if (add) for (int x = x0; x < x1; x++) {
			final float a1 = l1[x], b1 = r1[x], a2 = l2[x], b2 = r2[x];
			t[x] = Math.fma(c1, a1 + b1, Math.fma(c2, a2 + b2, c0 * a[x]));
			d[x] = Math.fma(d1, b1 - a1, Math.fma(d2, b2 - a2, d[x]));
		}
		else for (int x = x0; x < x1; x++) {
			final float a1 = l1[x], b1 = r1[x], a2 = l2[x], b2 = r2[x];
			t[x] = Math.fma(c1, a1 + b1, Math.fma(c2, a2 + b2, c0 * a[x]));
			d[x] = Math.fma(d1, b1 - a1, d2 * (b2 - a2));
		}
	}

	/** The second half: t += c3 (l3 + r3) + c4 (l4 + r4) and d += d3 (r3 - l3) + d4 (r4 - l4). */
	static void sumDiff34(final float[] t, final float[] d, final float[] l3, final float[] r3, final float[] l4, final float[] r4,
		final float c3, final float c4, final float d3, final float d4, final int x0, final int x1) {
		for (int x = x0; x < x1; x++) {
			final float a3 = l3[x], b3 = r3[x], a4 = l4[x], b4 = r4[x];
			t[x] = Math.fma(c3, a3 + b3, Math.fma(c4, a4 + b4, t[x]));
			d[x] = Math.fma(d3, b3 - a3, Math.fma(d4, b4 - a4, d[x]));
		}
	}

	/** t += d1 (r1 - l1) + d2 (r2 - l2). */
	static void diffAdd(final float[] t, final float[] l1, final float[] r1, final float[] l2, final float[] r2, final float d1,
		final float d2, final int x0, final int x1) {
		for (int x = x0; x < x1; x++) t[x] += d1 * (r1[x] - l1[x]) + d2 * (r2[x] - l2[x]);
	}

	/**
	 * z CPML, forward, starting the row's stencil term t from the z part T (Dzz u + Dz P') and the centre of Dxx u:
	 * zn = b Z + a T; Z = zn; t = T + zn + c0 u (a, b of this row).
	 */
	static void zPmlStart(final float[] t, final float[] tz, final float[] u, final float c0, final float[] zz, final float a, final float b,
		final int x0, final int x1) {
		for (int x = x0; x < x1; x++) {
			final float zn = b * zz[x] + a * tz[x];
			zz[x] = zn;
			t[x] = Math.fma(c0, u[x], tz[x] + zn);
		}
	}

	/**
	 * A CPML memory variable updated to this step, P' = b P + a D (D its direction's first derivative of the field),
	 * flushed ({@link #flush}) when flush.
	 */
	static void memory(final float[] pn, final float[] p, final float[] d, final float a, final float b, final boolean flush, final int x0,
		final int x1) {
		for (int x = x0; x < x1; x++) pn[x] = b * p[x] + a * d[x];
		if (flush) flush(pn, x0, x1);
	}

	/** The adjoint of an updated memory variable, sigma = Pbar - D tau, into s, and Pbar' = b sigma (flushed when flush). */
	static void sigma(final float[] s, final float[] pbn, final float[] pb, final float[] dtau, final float b, final boolean flush,
		final int x0, final int x1) {
		for (int x = x0; x < x1; x++) s[x] = pb[x] - dtau[x];
		for (int x = x0; x < x1; x++) pbn[x] = b * s[x];
		if (flush) flush(pbn, x0, x1);
	}

	/** t += s - q. */
	static void addSub(final float[] t, final float[] s, final float[] q, final int x0, final int x1) {
		for (int x = x0; x < x1; x++) t[x] += s[x] - q[x];
	}

	/** The leapfrog update o = 2 a - o + c t. */
	static void finish(final float[] o, final float[] a, final float[] c, final float[] t, final int x0, final int x1) {
		for (int x = x0; x < x1; x++) o[x] = 2 * a[x] - o[x] + c[x] * t[x];
	}

	/** The leapfrog update o = 2 a - o + c t, flushed ({@link #flush}). */
	static void finishFlush(final float[] o, final float[] a, final float[] c, final float[] t, final int x0, final int x1) {
		for (int x = x0; x < x1; x++) {
			final float v = 2 * a[x] - o[x] + c[x] * t[x];
			o[x] = v * Math.min(1f, Math.max(0f, (Math.abs(v) - Propagator.FLUSH_BELOW) * 1e38f));
		}
	}

	/**
	 * Sets the values of magnitude at most T = {@link Propagator#FLUSH_BELOW} to 0 (subnormal floats are slow on
	 * x86) and leaves every other value (infinities and NaN included) unchanged: v times the factor
	 * min(1, max(0, (|v| - T) 1e38)), which is 0 for |v| <= T and exactly 1 above, since |v| - T is exact near T
	 * (Sterbenz) and at least one ulp of T (about 9e-38) when positive. Written with min and max, which HotSpot
	 * vectorizes, where a conditional select is not.
	 */
	static void flush(final float[] o, final int x0, final int x1) {
		for (int x = x0; x < x1; x++) {
			final float v = o[x];
			o[x] = v * Math.min(1f, Math.max(0f, (Math.abs(v) - Propagator.FLUSH_BELOW) * 1e38f));
		}
	}

	// -- adjoint z CPML --

	/** The adjoint's tau of a row: o = m + a (m + Zbar) (a of this row). */
	static void tau(final float[] o, final float[] m, final float[] zb, final float a, final int x0, final int x1) {
		for (int x = x0; x < x1; x++) o[x] = m[x] + a * (m[x] + zb[x]);
	}

	/** t = (or +=) d1 (a+1 P+1 - a-1 P-1) + d2 (a+2 P+2 - a-2 P-2). */
	static void aPDiff(final float[] t, final float[] p1, final float a1, final float[] m1, final float b1, final float[] p2,
		final float a2, final float[] m2, final float b2, final float d1, final float d2, final boolean add, final int x0, final int x1) {
		if (add) for (int x = x0; x < x1; x++) t[x] = Math.fma(d1, a1 * p1[x] - b1 * m1[x], Math.fma(d2, a2 * p2[x] - b2 * m2[x], t[x]));
		else for (int x = x0; x < x1; x++) t[x] = Math.fma(d1, a1 * p1[x] - b1 * m1[x], d2 * (a2 * p2[x] - b2 * m2[x]));
	}

	/** Adjoint CPML variable of this row or column: Zbar' = b (m + Zbar). */
	static void zBar(final float[] zbn, final float[] m, final float[] zb, final float b, final int x0, final int x1) {
		for (int x = x0; x < x1; x++) zbn[x] = b * (m[x] + zb[x]);
	}

	/** g += m k: the gradient with respect to C (mu(n+1) times the stencil term K(n)), before division by C. */
	static void accumulate(final float[] g, final float[] m, final float[] k, final int x0, final int x1) {
		for (int x = x0; x < x1; x++) g[x] = Math.fma(m[x], k[x], g[x]);
	}

	/** o += q k: the Born source (the perturbation of C times the background's stencil term). */
	static void bornSource(final float[] o, final float[] q, final float[] k, final int x0, final int x1) {
		for (int x = x0; x < x1; x++) o[x] = Math.fma(q[x], k[x], o[x]);
	}

	/** o = -a (the free-surface mirror row). */
	static void negate(final float[] o, final float[] a) {
		for (int x = 0; x < o.length; x++) o[x] = -a[x];
	}

	// -- x CPML by columns (a, b of this column) --

	/** Forward: zn = b Zx + a (Dxx u + Dx Px'); Zx = zn; corr = Dx Px' + zn. */
	static void xPmlColumn(final float[] corr, final float[] dxx, final float[] dxp, final float[] zx, final float a, final float b,
		final int z0, final int z1) {
		for (int z = z0; z < z1; z++) {
			final float zn = b * zx[z] + a * (dxx[z] + dxp[z]);
			zx[z] = zn;
			corr[z] = dxp[z] + zn;
		}
	}

	/** o = a (m + q). */
	static void scaledSum(final float[] o, final float a, final float[] m, final float[] q, final int z0, final int z1) {
		for (int z = z0; z < z1; z++) o[z] = a * (m[z] + q[z]);
	}

	/** o = a p. */
	static void scaled(final float[] o, final float a, final float[] p, final int z0, final int z1) {
		for (int z = z0; z < z1; z++) o[z] = a * p[z];
	}

	/** o = s - q. */
	static void difference(final float[] o, final float[] s, final float[] q, final int z0, final int z1) {
		for (int z = z0; z < z1; z++) o[z] = s[z] - q[z];
	}
}
