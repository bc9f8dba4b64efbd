package org.memfwi.core.wave;

/**
 * The segment loops of the row-major forward step ({@link RowMajor}) in plain scalar Java: the oracle of the Vector
 * API kernel, which computes every cell with the same float operations in the same order (its tails call these).
 * A row is a plain array of batch columns, x-neighbours at x -+ 1..4, z-neighbours the other rows; every segment
 * [x0, x1) lies at least 4 columns inside the row (the zero halo), and every loop always takes 4 rings (orders 2
 * and 4 have zero coefficients there). Coefficients k: {@code k[0..4]} second derivative, {@code k[5..8]} first.
 * <p>
 * Per cell, with S(f) = c0 f + sum_j cj (f(-j) + f(+j)) and D(f) = sum_j dj (f(+j) - f(-j)) along x or z:
 * <pre>
 *   interior:  K = 2 c0 u + sum_j cj ((u(x-j) + u(x+j)) + (u(z-j) + u(z+j)))
 *   x layer:   Px' = bx Px + ax Dx u (first pass over the segment), Tx = Sx u + Dx Px', Zx' = bx Zx + ax Tx
 *   z layer:   Tz = Sz u + Dz Pz' (Pz' updated beforehand by {@link #pz}), Zz' = bz Zz + az Tz (in {@link #xLayer}
 *              with zTerms, which RowMajor runs over the whole row there)
 *   K = (Tx + Zx') + (Tz + Zz')   (Tx = Sx u, Zx' = 0 outside x layers; likewise z)
 *   u(n+1) = 2 u - u(n-1) + C K
 * </pre>
 * Updated values and memory variables are flushed ({@link #flush}) when flush is set.
 */
final class RowMajorKernels {

	private RowMajorKernels() {}

	/**
	 * v, or +0 when |v| <= {@link Propagator#FLUSH_BELOW}; NaN and infinities unchanged. A compare and select, which
	 * the vector kernel does as one compare and one blend (the min/max form of {@link RowKernels#flush}, which HotSpot
	 * vectorizes in the lane layout, costs about 10 instructions per vector with Java's min/max semantics); the
	 * values are the same except that a flushed negative value becomes +0 here and -0 there.
	 */
	static float flush(final float v) {
		return Math.abs(v) <= Propagator.FLUSH_BELOW ? 0f : v;
	}

	/** An interior segment of row z: o = 2 u - o + C K with the plain Laplacian K (into kOut[x + kShift] too, when not null). */
	static void interior(final float[] o, final float[][] u, final int z, final float[] c, final float[] k, final boolean flush,
		final float[] kOut, final int kShift, final int x0, final int x1) {
		final float[] a = u[z], m1 = u[z - 1], p1 = u[z + 1], m2 = u[z - 2], p2 = u[z + 2], m3 = u[z - 3], p3 = u[z + 3], m4 = u[z - 4],
			p4 = u[z + 4];
		final float c0 = 2 * k[0], c1 = k[1], c2 = k[2], c3 = k[3], c4 = k[4];
		for (int x = x0; x < x1; x++) {
			final float ax = a[x];
			float s = Math.fma(c4, (a[x - 4] + a[x + 4]) + (m4[x] + p4[x]), c0 * ax);
			s = Math.fma(c3, (a[x - 3] + a[x + 3]) + (m3[x] + p3[x]), s);
			s = Math.fma(c2, (a[x - 2] + a[x + 2]) + (m2[x] + p2[x]), s);
			s = Math.fma(c1, (a[x - 1] + a[x + 1]) + (m1[x] + p1[x]), s);
			if (kOut != null) kOut[x + kShift] = s;
			final float v = Math.fma(c[x], s, 2 * ax - o[x]);
			o[x] = flush ? flush(v) : v;
		}
	}

	/** The z memory variable of an absorbing row over [x0, x1): pn = bz p + az Dz u. */
	static void pz(final float[] pn, final float[] p, final float[][] u, final int z, final float[] k, final float az, final float bz,
		final boolean flush, final int x0, final int x1) {
		final float[] m1 = u[z - 1], p1 = u[z + 1], m2 = u[z - 2], p2 = u[z + 2], m3 = u[z - 3], p3 = u[z + 3], m4 = u[z - 4], p4 = u[z + 4];
		final float d1 = k[5], d2 = k[6], d3 = k[7], d4 = k[8];
		for (int x = x0; x < x1; x++) {
			float d = d4 * (p4[x] - m4[x]);
			d = Math.fma(d3, p3[x] - m3[x], d);
			d = Math.fma(d2, p2[x] - m2[x], d);
			d = Math.fma(d1, p1[x] - m1[x], d);
			final float v = Math.fma(bz, p[x], az * d);
			pn[x] = flush ? flush(v) : v;
		}
	}

	/** The x memory variable over [x0, x1) of row a: pn = bx p + ax Dx a. */
	static void px(final float[] pn, final float[] p, final float[] a, final float[] ax, final float[] bx, final float[] k,
		final boolean flush, final int x0, final int x1) {
		final float d1 = k[5], d2 = k[6], d3 = k[7], d4 = k[8];
		for (int x = x0; x < x1; x++) {
			float d = d4 * (a[x + 4] - a[x - 4]);
			d = Math.fma(d3, a[x + 3] - a[x - 3], d);
			d = Math.fma(d2, a[x + 2] - a[x - 2], d);
			d = Math.fma(d1, a[x + 1] - a[x - 1], d);
			final float v = Math.fma(bx[x], p[x], ax[x] * d);
			pn[x] = flush ? flush(v) : v;
		}
	}

	/**
	 * A segment of an x layer (any row): px = Px' over the segment, updated first by {@link #px}, then Tx = Sx u + Dx
	 * Px', Zx' = bx Zx + ax Tx into zx, and with the z terms when zTerms (Tz = Sz u + Dz Pz', pz the rows updated by
	 * {@link #pz}, Zz' = bz Zz + az Tz into zz), otherwise Tz = Sz u: K = (Tx + Zx') + (Tz + Zz'), o = 2 u - o + C K,
	 * and K into kOut[x + kShift] when not null. pz and zz may be null when not zTerms.
	 */
	static void xLayer(final float[] o, final float[][] u, final float[] px, final float[] zx, final float[] ax, final float[] bx,
		final boolean zTerms, final float[][] pz, final float[] zz, final int z, final float[] c, final float[] k, final float az,
		final float bz, final boolean flush, final float[] kOut, final int kShift, final int x0, final int x1) {
		final float[] a = u[z], m1 = u[z - 1], p1 = u[z + 1], m2 = u[z - 2], p2 = u[z + 2], m3 = u[z - 3], p3 = u[z + 3], m4 = u[z - 4],
			p4 = u[z + 4];
		final float c0 = k[0], c1 = k[1], c2 = k[2], c3 = k[3], c4 = k[4], d1 = k[5], d2 = k[6], d3 = k[7], d4 = k[8];
		for (int x = x0; x < x1; x++) {
			final float av = a[x];
			float tx = Math.fma(c4, a[x - 4] + a[x + 4], c0 * av);
			tx = Math.fma(c3, a[x - 3] + a[x + 3], tx);
			tx = Math.fma(c2, a[x - 2] + a[x + 2], tx);
			tx = Math.fma(c1, a[x - 1] + a[x + 1], tx);
			tx = Math.fma(d4, px[x + 4] - px[x - 4], tx);
			tx = Math.fma(d3, px[x + 3] - px[x - 3], tx);
			tx = Math.fma(d2, px[x + 2] - px[x - 2], tx);
			tx = Math.fma(d1, px[x + 1] - px[x - 1], tx);
			final float xn = Math.fma(bx[x], zx[x], ax[x] * tx);
			float tz = Math.fma(c4, m4[x] + p4[x], c0 * av);
			tz = Math.fma(c3, m3[x] + p3[x], tz);
			tz = Math.fma(c2, m2[x] + p2[x], tz);
			tz = Math.fma(c1, m1[x] + p1[x], tz);
			float v;
			if (zTerms) {
				tz = Math.fma(d4, pz[z + 4][x] - pz[z - 4][x], tz);
				tz = Math.fma(d3, pz[z + 3][x] - pz[z - 3][x], tz);
				tz = Math.fma(d2, pz[z + 2][x] - pz[z - 2][x], tz);
				tz = Math.fma(d1, pz[z + 1][x] - pz[z - 1][x], tz);
				final float zn = Math.fma(bz, zz[x], az * tz);
				final float kk = (tx + xn) + (tz + zn);
				if (kOut != null) kOut[x + kShift] = kk;
				v = Math.fma(c[x], kk, 2 * av - o[x]);
				zz[x] = flush ? flush(zn) : zn;
			}
			else {
				final float kk = (tx + xn) + tz;
				if (kOut != null) kOut[x + kShift] = kk;
				v = Math.fma(c[x], kk, 2 * av - o[x]);
			}
			if (flush) {
				zx[x] = flush(xn);
				o[x] = flush(v);
			}
			else {
				zx[x] = xn;
				o[x] = v;
			}
		}
	}

	/**
	 * {@link #xLayer} with z terms over columns outside the x layers of a row near a z layer: there ax = bx = 0 and Px
	 * = Zx = 0 (every absorbing column is at least 4 columns inside an x-layer segment), so the x terms Dx Px' and Zx'
	 * are zero and are neither read nor written: Tx = Sx u, Tz = Sz u + Dz Pz', Zz' = bz Zz + az Tz, K = Tx + (Tz +
	 * Zz'), o = 2 u - o + C K. The same floats as xLayer there, but for the sign of a zero K (which the flush makes +0).
	 */
	static void zInterior(final float[] o, final float[][] u, final float[][] pz, final float[] zz, final int z, final float[] c,
		final float[] k, final float az, final float bz, final boolean flush, final int x0, final int x1) {
		final float[] a = u[z], m1 = u[z - 1], p1 = u[z + 1], m2 = u[z - 2], p2 = u[z + 2], m3 = u[z - 3], p3 = u[z + 3], m4 = u[z - 4],
			p4 = u[z + 4];
		final float c0 = k[0], c1 = k[1], c2 = k[2], c3 = k[3], c4 = k[4], d1 = k[5], d2 = k[6], d3 = k[7], d4 = k[8];
		for (int x = x0; x < x1; x++) {
			final float av = a[x];
			float tx = Math.fma(c4, a[x - 4] + a[x + 4], c0 * av);
			tx = Math.fma(c3, a[x - 3] + a[x + 3], tx);
			tx = Math.fma(c2, a[x - 2] + a[x + 2], tx);
			tx = Math.fma(c1, a[x - 1] + a[x + 1], tx);
			float tz = Math.fma(c4, m4[x] + p4[x], c0 * av);
			tz = Math.fma(c3, m3[x] + p3[x], tz);
			tz = Math.fma(c2, m2[x] + p2[x], tz);
			tz = Math.fma(c1, m1[x] + p1[x], tz);
			tz = Math.fma(d4, pz[z + 4][x] - pz[z - 4][x], tz);
			tz = Math.fma(d3, pz[z + 3][x] - pz[z - 3][x], tz);
			tz = Math.fma(d2, pz[z + 2][x] - pz[z - 2][x], tz);
			tz = Math.fma(d1, pz[z + 1][x] - pz[z - 1][x], tz);
			final float zn = Math.fma(bz, zz[x], az * tz);
			final float v = Math.fma(c[x], tx + (tz + zn), 2 * av - o[x]);
			if (flush) {
				zz[x] = flush(zn);
				o[x] = flush(v);
			}
			else {
				zz[x] = zn;
				o[x] = v;
			}
		}
	}

	// -- the adjoint step (RowMajor.adjoint): the exact adjoint of the step above, row by row --
	//
	// With mu = C lambda of step n + 1 and the adjoints of the memory variables (Pbar, Zbar of the step after):
	//   z:  tau = mu + az (mu + Zzbar) (mu where az = 0), sigma = Pzbar - Dz tau, Pzbar' = bz sigma,
	//       Zzbar' = bz (mu + Zzbar)
	//   x:  T = mu + ax (mu + Zxbar), sigma = Pxbar - Dx T, Pxbar' = bx sigma, Zxbar' = bx (mu + Zxbar)
	//   K^T mu = Sx T - Dx (ax sigma) + Sz tau - Dz (az sigma),   mu(n) = 2 mu - mu(n + 2) + C K^T mu
	// (Sx T = Sx mu + Sx delta with delta = ax (mu + Zxbar), and T = mu outside the x layers).

	/**
	 * The x part of the adjoint's first pass over [x0, x1) of row m: t = m + ax (m + q) and qn = bx (m + q) (Zxbar',
	 * flushed when flush). Over columns where ax = bx = 0, t = m and qn = 0.
	 */
	static void tauX(final float[] t, final float[] qn, final float[] m, final float[] q, final float[] ax, final float[] bx,
		final boolean flush, final int x0, final int x1) {
		for (int x = x0; x < x1; x++) {
			final float mv = m[x], s = mv + q[x];
			t[x] = Math.fma(ax[x], s, mv);
			final float v = bx[x] * s;
			qn[x] = flush ? flush(v) : v;
		}
	}

	/**
	 * The adjoint of the x memory variable's update over [x0, x1): sigma = pb - Dx t (t from {@link #tauX}),
	 * pbn = bx sigma (Pxbar', flushed when flush) and as = ax sigma.
	 */
	static void sigmaX(final float[] as, final float[] pbn, final float[] pb, final float[] t, final float[] ax, final float[] bx,
		final float[] k, final boolean flush, final int x0, final int x1) {
		final float d1 = k[5], d2 = k[6], d3 = k[7], d4 = k[8];
		for (int x = x0; x < x1; x++) {
			float d = d4 * (t[x + 4] - t[x - 4]);
			d = Math.fma(d3, t[x + 3] - t[x - 3], d);
			d = Math.fma(d2, t[x + 2] - t[x - 2], d);
			d = Math.fma(d1, t[x + 1] - t[x - 1], d);
			final float s = pb[x] - d;
			final float v = bx[x] * s;
			pbn[x] = flush ? flush(v) : v;
			as[x] = ax[x] * s;
		}
	}

	/**
	 * The adjoint of the z memory variable's update of an absorbing row z over [x0, x1): sigma = pb - Dz tau (tau the
	 * rows of mu + az (mu + Zzbar)), pbn = bz sigma (Pzbar', flushed when flush) and as = az sigma.
	 */
	static void sigmaZ(final float[] as, final float[] pbn, final float[] pb, final float[][] tau, final int z, final float[] k,
		final float az, final float bz, final boolean flush, final int x0, final int x1) {
		final float[] m1 = tau[z - 1], p1 = tau[z + 1], m2 = tau[z - 2], p2 = tau[z + 2], m3 = tau[z - 3], p3 = tau[z + 3], m4 = tau[z - 4],
			p4 = tau[z + 4];
		final float d1 = k[5], d2 = k[6], d3 = k[7], d4 = k[8];
		for (int x = x0; x < x1; x++) {
			float d = d4 * (p4[x] - m4[x]);
			d = Math.fma(d3, p3[x] - m3[x], d);
			d = Math.fma(d2, p2[x] - m2[x], d);
			d = Math.fma(d1, p1[x] - m1[x], d);
			final float s = pb[x] - d;
			final float v = bz * s;
			pbn[x] = flush ? flush(v) : v;
			as[x] = az * s;
		}
	}

	/**
	 * An adjoint segment of row z: with t = mu + ax (mu + Zxbar) and as = ax sigma on this row ({@link #tauX},
	 * {@link #sigmaX}; t = mu and as = 0 outside the x layers), tau the rows of the z part (mu + az (mu + Zzbar), or
	 * simply the rows of mu when not zTerms) and sg = az sigma of the rows ({@link #sigmaZ}; 0 where az = 0, unused
	 * when not zTerms): K^T mu = (Sx t - Dx as) + (Sz tau - Dz sg), o = 2 m - o + C K^T mu, and when zTerms
	 * zbn = bz (m + zb) (Zzbar', flushed when flush).
	 */
	static void xLayerAdjoint(final float[] o, final float[] m, final float[][] tau, final float[] t, final float[] as,
		final boolean zTerms, final float[][] sg, final float[] zb, final float[] zbn, final float bz, final int z, final float[] c,
		final float[] k, final boolean flush, final int x0, final int x1) {
		final float[] a = tau[z], m1 = tau[z - 1], p1 = tau[z + 1], m2 = tau[z - 2], p2 = tau[z + 2], m3 = tau[z - 3], p3 = tau[z + 3],
			m4 = tau[z - 4], p4 = tau[z + 4];
		final float c0 = k[0], c1 = k[1], c2 = k[2], c3 = k[3], c4 = k[4], d1 = k[5], d2 = k[6], d3 = k[7], d4 = k[8];
		for (int x = x0; x < x1; x++) {
			float tx = Math.fma(c4, t[x - 4] + t[x + 4], c0 * t[x]);
			tx = Math.fma(c3, t[x - 3] + t[x + 3], tx);
			tx = Math.fma(c2, t[x - 2] + t[x + 2], tx);
			tx = Math.fma(c1, t[x - 1] + t[x + 1], tx);
			tx = Math.fma(d4, as[x - 4] - as[x + 4], tx);
			tx = Math.fma(d3, as[x - 3] - as[x + 3], tx);
			tx = Math.fma(d2, as[x - 2] - as[x + 2], tx);
			tx = Math.fma(d1, as[x - 1] - as[x + 1], tx);
			float tz = Math.fma(c4, m4[x] + p4[x], c0 * a[x]);
			tz = Math.fma(c3, m3[x] + p3[x], tz);
			tz = Math.fma(c2, m2[x] + p2[x], tz);
			tz = Math.fma(c1, m1[x] + p1[x], tz);
			if (zTerms) {
				tz = Math.fma(d4, sg[z - 4][x] - sg[z + 4][x], tz);
				tz = Math.fma(d3, sg[z - 3][x] - sg[z + 3][x], tz);
				tz = Math.fma(d2, sg[z - 2][x] - sg[z + 2][x], tz);
				tz = Math.fma(d1, sg[z - 1][x] - sg[z + 1][x], tz);
				final float zn = bz * (m[x] + zb[x]);
				zbn[x] = flush ? flush(zn) : zn;
			}
			final float v = Math.fma(c[x], tx + tz, 2 * m[x] - o[x]);
			o[x] = flush ? flush(v) : v;
		}
	}

	/** g += m K over [x0, x1), K at k[x + kShift]: the gradient sum mu(n+1) K(n) (before division by C). */
	static void accumulate(final float[] g, final float[] m, final float[] k, final int kShift, final int x0, final int x1) {
		for (int x = x0; x < x1; x++) g[x] = Math.fma(m[x], k[x + kShift], g[x]);
	}
}
