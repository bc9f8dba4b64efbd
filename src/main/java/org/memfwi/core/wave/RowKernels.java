package org.memfwi.core.wave;

/**
 * Small loops over one row segment [x0, x1) that HotSpot C2 (Java 17) vectorizes: every array is indexed by the
 * same {@code [x]} and each loop body is short. (Measured on this code base: C2 does not vectorize a loop whose loads
 * sit at different constant offsets of the index, such as {@code a[x - 1]} and {@code a[x + 1]}, nor a loop body too
 * large to unroll, such as a fused 17-point stencil; it does vectorize several of these small loops in a row.) So the
 * x-neighbours come from shifted copies of the row ({@link #shift}, System.arraycopy) and the z-neighbours from the
 * other row arrays, and a stencil is a few passes accumulating into a scratch row.
 */
final class RowKernels {

	private RowKernels() {}

	/** s = {l1, r1, l2, r2, l3, r3, l4, r4} with l_k[x] = a[x - k], r_k[x] = a[x + k] for x in [x0, x1). */
	static void shift(final float[] a, final float[][] s, final int x0, final int x1) {
		final int n = x1 - x0;
		for (int k = 1; k <= 4; k++) {
			System.arraycopy(a, x0 - k, s[2 * k - 2], x0, n);
			System.arraycopy(a, x0 + k, s[2 * k - 1], x0, n);
		}
	}

	/** t = c * a + c1 (l1 + r1 + m1 + p1). */
	static void lap1(final float[] t, final float[] a, final float[] l, final float[] r, final float[] m, final float[] p, final float c,
		final float c1, final int x0, final int x1) {
		for (int x = x0; x < x1; x++) t[x] = c * a[x] + c1 * (l[x] + r[x] + m[x] + p[x]);
	}

	/** t += ck (l + r + m + p). */
	static void lapK(final float[] t, final float[] l, final float[] r, final float[] m, final float[] p, final float ck, final int x0,
		final int x1) {
		for (int x = x0; x < x1; x++) t[x] += ck * (l[x] + r[x] + m[x] + p[x]);
	}

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

	/** t += d1 (r1 - l1) + d2 (r2 - l2). */
	static void diffAdd(final float[] t, final float[] l1, final float[] r1, final float[] l2, final float[] r2, final float d1,
		final float d2, final int x0, final int x1) {
		for (int x = x0; x < x1; x++) t[x] += d1 * (r1[x] - l1[x]) + d2 * (r2[x] - l2[x]);
	}

	/**
	 * z CPML, forward, starting the row's stencil term t from the z part T (Dzz u + Dz P) and the centre of Dxx u:
	 * zn = b Z + a T; Z = zn; t = T + zn + c0 u; Pn = b P + a D (a, b of this row).
	 */
	static void zPmlStart(final float[] t, final float[] tz, final float[] u, final float c0, final float[] zz, final float[] pz,
		final float[] pzn, final float[] dz, final float a, final float b, final int x0, final int x1) {
		for (int x = x0; x < x1; x++) {
			final float zn = b * zz[x] + a * tz[x];
			zz[x] = zn;
			t[x] = Math.fma(c0, u[x], tz[x] + zn);
		}
		for (int x = x0; x < x1; x++) pzn[x] = b * pz[x] + a * dz[x];
	}

	/** t += s - q. */
	static void addSub(final float[] t, final float[] s, final float[] q, final int x0, final int x1) {
		for (int x = x0; x < x1; x++) t[x] += s[x] - q[x];
	}

	/** The leapfrog update o = 2 a - o + c t. */
	static void finish(final float[] o, final float[] a, final float[] c, final float[] t, final int x0, final int x1) {
		for (int x = x0; x < x1; x++) o[x] = 2 * a[x] - o[x] + c[x] * t[x];
	}

	// -- adjoint z CPML: tau(row j) = m_j + a_j (m_j + Zbar_j) --

	/** t = c0 tau(center). */
	static void tauCenter(final float[] t, final float[] m, final float[] zb, final float a, final float c0, final int x0, final int x1) {
		for (int x = x0; x < x1; x++) t[x] = c0 * (m[x] + a * (m[x] + zb[x]));
	}

	/** t += ck (tau(+) + tau(-)). */
	static void tauPair(final float[] t, final float[] mp, final float[] zbp, final float ap, final float[] mm, final float[] zbm,
		final float am, final float ck, final int x0, final int x1) {
		for (int x = x0; x < x1; x++) t[x] += ck * (mp[x] + ap * (mp[x] + zbp[x]) + mm[x] + am * (mm[x] + zbm[x]));
	}

	/** t = (or +=, when add) dk (tau(+) - tau(-)). */
	static void tauDiff(final float[] t, final float[] mp, final float[] zbp, final float ap, final float[] mm, final float[] zbm,
		final float am, final float dk, final boolean add, final int x0, final int x1) {
		if (add) for (int x = x0; x < x1; x++) t[x] += dk * (mp[x] + ap * (mp[x] + zbp[x]) - mm[x] - am * (mm[x] + zbm[x]));
		else for (int x = x0; x < x1; x++) t[x] = dk * (mp[x] + ap * (mp[x] + zbp[x]) - mm[x] - am * (mm[x] + zbm[x]));
	}

	/** t = (or +=) d1 (a+1 P+1 - a-1 P-1) + d2 (a+2 P+2 - a-2 P-2). */
	static void aPDiff(final float[] t, final float[] p1, final float a1, final float[] m1, final float b1, final float[] p2,
		final float a2, final float[] m2, final float b2, final float d1, final float d2, final boolean add, final int x0, final int x1) {
		if (add) for (int x = x0; x < x1; x++) t[x] = Math.fma(d1, a1 * p1[x] - b1 * m1[x], Math.fma(d2, a2 * p2[x] - b2 * m2[x], t[x]));
		else for (int x = x0; x < x1; x++) t[x] = Math.fma(d1, a1 * p1[x] - b1 * m1[x], d2 * (a2 * p2[x] - b2 * m2[x]));
	}

	/** Adjoint CPML variables of this row: Pbar' = b Pbar - D tau; Zbar' = b (m + Zbar). */
	static void zBarUpdate(final float[] pbn, final float[] pb, final float[] dtau, final float[] zbn, final float[] m, final float[] zb,
		final float b, final int x0, final int x1) {
		for (int x = x0; x < x1; x++) pbn[x] = b * pb[x] - dtau[x];
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

	/** Forward: zn = b Zx + a (Dxx u + Dx Px); Zx = zn; corr = Dx Px + zn; Pxn = b Px + a Dx u. */
	static void xPmlColumn(final float[] corr, final float[] dxx, final float[] dxp, final float[] dxu, final float[] zx,
		final float[] px, final float[] pxn, final float a, final float b, final int z0, final int z1) {
		for (int z = z0; z < z1; z++) {
			final float zn = b * zx[z] + a * (dxx[z] + dxp[z]);
			zx[z] = zn;
			corr[z] = dxp[z] + zn;
		}
		for (int z = z0; z < z1; z++) pxn[z] = b * px[z] + a * dxu[z];
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
