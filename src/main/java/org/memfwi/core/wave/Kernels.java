package org.memfwi.core.wave;

/**
 * The float row kernels of the fast propagator, written for HotSpot's auto-vectorizer: straight, branch-free loops
 * over one row segment with loop-invariant offsets. Every kernel is the order-8 form; lower orders pass zero
 * coefficients (the extra terms add exact zeros). Coefficients: {@code k = {c0, c1..c4, d1..d4}} of {@link Stencil}.
 * <p>
 * Forward kernels update {@code up} in place from u(n-1) to u(n+1). Adjoint kernels work on {@code mu = C lambda}
 * (lambda the adjoint wavefield): away from the CPML the adjoint step is then the forward interior kernel itself.
 * Index {@code row} is the array index of column 0 of the row; columns run over [x0, x1).
 */
final class Kernels {

	private Kernels() {}

	/** u(n+1) = 2 u - u(n-1) + C (Dxx + Dzz) u, no CPML terms. */
	static void interior(final float[] u, final float[] up, final float[] c, final int w, final int row, final int x0, final int x1,
		final float[] k) {
		final float c0 = 2 * k[0], c1 = k[1], c2 = k[2], c3 = k[3], c4 = k[4];
		final int w2 = 2 * w, w3 = 3 * w, w4 = 4 * w;
		for (int i = row + x0, e = row + x1; i < e; i++) {
			final float lap = c0 * u[i] + c1 * (u[i - 1] + u[i + 1] + u[i - w] + u[i + w]) + c2 * (u[i - 2] + u[i + 2] + u[i - w2] + u[i + w2]) +
				c3 * (u[i - 3] + u[i + 3] + u[i - w3] + u[i + w3]) + c4 * (u[i - 4] + u[i + 4] + u[i - w4] + u[i + w4]);
			up[i] = 2 * u[i] - up[i] + c[i] * lap;
		}
	}

	/** Forward step with CPML terms along x (per-column profiles ax, bx) and plain z. */
	static void xPml(final float[] u, final float[] up, final float[] c, final float[] px, final float[] pxn, final float[] zx,
		final float[] ax, final float[] bx, final int w, final int row, final int x0, final int x1, final float[] k) {
		final float c0 = k[0], c1 = k[1], c2 = k[2], c3 = k[3], c4 = k[4], d1 = k[5], d2 = k[6], d3 = k[7], d4 = k[8];
		final int w2 = 2 * w, w3 = 3 * w, w4 = 4 * w;
		for (int x = x0; x < x1; x++) {
			final int i = row + x;
			final float ui = u[i];
			final float dxx = c0 * ui + c1 * (u[i - 1] + u[i + 1]) + c2 * (u[i - 2] + u[i + 2]) + c3 * (u[i - 3] + u[i + 3]) + c4 * (u[i - 4] + u[i + 4]);
			final float dxu = d1 * (u[i + 1] - u[i - 1]) + d2 * (u[i + 2] - u[i - 2]) + d3 * (u[i + 3] - u[i - 3]) + d4 * (u[i + 4] - u[i - 4]);
			final float dxp = d1 * (px[i + 1] - px[i - 1]) + d2 * (px[i + 2] - px[i - 2]) + d3 * (px[i + 3] - px[i - 3]) + d4 * (px[i + 4] - px[i - 4]);
			final float tx = dxx + dxp;
			final float a = ax[x], b = bx[x];
			final float zn = b * zx[i] + a * tx;
			zx[i] = zn;
			pxn[i] = b * px[i] + a * dxu;
			final float dzz = c0 * ui + c1 * (u[i - w] + u[i + w]) + c2 * (u[i - w2] + u[i + w2]) + c3 * (u[i - w3] + u[i + w3]) + c4 * (u[i - w4] + u[i + w4]);
			up[i] = 2 * ui - up[i] + c[i] * (tx + zn + dzz);
		}
	}

	/** Forward step with CPML terms along z (this row's az, bz) and plain x. */
	static void zPml(final float[] u, final float[] up, final float[] c, final float[] pz, final float[] pzn, final float[] zz,
		final float a, final float b, final int w, final int row, final int x0, final int x1, final float[] k) {
		final float c0 = k[0], c1 = k[1], c2 = k[2], c3 = k[3], c4 = k[4], d1 = k[5], d2 = k[6], d3 = k[7], d4 = k[8];
		final int w2 = 2 * w, w3 = 3 * w, w4 = 4 * w;
		for (int i = row + x0, e = row + x1; i < e; i++) {
			final float ui = u[i];
			final float dzz = c0 * ui + c1 * (u[i - w] + u[i + w]) + c2 * (u[i - w2] + u[i + w2]) + c3 * (u[i - w3] + u[i + w3]) + c4 * (u[i - w4] + u[i + w4]);
			final float dzu = d1 * (u[i + w] - u[i - w]) + d2 * (u[i + w2] - u[i - w2]) + d3 * (u[i + w3] - u[i - w3]) + d4 * (u[i + w4] - u[i - w4]);
			final float dzp = d1 * (pz[i + w] - pz[i - w]) + d2 * (pz[i + w2] - pz[i - w2]) + d3 * (pz[i + w3] - pz[i - w3]) + d4 * (pz[i + w4] - pz[i - w4]);
			final float tz = dzz + dzp;
			final float zn = b * zz[i] + a * tz;
			zz[i] = zn;
			pzn[i] = b * pz[i] + a * dzu;
			final float dxx = c0 * ui + c1 * (u[i - 1] + u[i + 1]) + c2 * (u[i - 2] + u[i + 2]) + c3 * (u[i - 3] + u[i + 3]) + c4 * (u[i - 4] + u[i + 4]);
			up[i] = 2 * ui - up[i] + c[i] * (dxx + tz + zn);
		}
	}

	/** Forward step with CPML terms along x and z (corners). */
	static void xzPml(final float[] u, final float[] up, final float[] c, final float[] px, final float[] pxn, final float[] zx,
		final float[] pz, final float[] pzn, final float[] zz, final float[] ax, final float[] bx, final float az, final float bz,
		final int w, final int row, final int x0, final int x1, final float[] k) {
		final float c0 = k[0], c1 = k[1], c2 = k[2], c3 = k[3], c4 = k[4], d1 = k[5], d2 = k[6], d3 = k[7], d4 = k[8];
		final int w2 = 2 * w, w3 = 3 * w, w4 = 4 * w;
		for (int x = x0; x < x1; x++) {
			final int i = row + x;
			final float ui = u[i];
			final float dxx = c0 * ui + c1 * (u[i - 1] + u[i + 1]) + c2 * (u[i - 2] + u[i + 2]) + c3 * (u[i - 3] + u[i + 3]) + c4 * (u[i - 4] + u[i + 4]);
			final float dxu = d1 * (u[i + 1] - u[i - 1]) + d2 * (u[i + 2] - u[i - 2]) + d3 * (u[i + 3] - u[i - 3]) + d4 * (u[i + 4] - u[i - 4]);
			final float dxp = d1 * (px[i + 1] - px[i - 1]) + d2 * (px[i + 2] - px[i - 2]) + d3 * (px[i + 3] - px[i - 3]) + d4 * (px[i + 4] - px[i - 4]);
			final float tx = dxx + dxp;
			final float a = ax[x], b = bx[x];
			final float zxn = b * zx[i] + a * tx;
			zx[i] = zxn;
			pxn[i] = b * px[i] + a * dxu;
			final float dzz = c0 * ui + c1 * (u[i - w] + u[i + w]) + c2 * (u[i - w2] + u[i + w2]) + c3 * (u[i - w3] + u[i + w3]) + c4 * (u[i - w4] + u[i + w4]);
			final float dzu = d1 * (u[i + w] - u[i - w]) + d2 * (u[i + w2] - u[i - w2]) + d3 * (u[i + w3] - u[i - w3]) + d4 * (u[i + w4] - u[i - w4]);
			final float dzp = d1 * (pz[i + w] - pz[i - w]) + d2 * (pz[i + w2] - pz[i - w2]) + d3 * (pz[i + w3] - pz[i - w3]) + d4 * (pz[i + w4] - pz[i - w4]);
			final float tz = dzz + dzp;
			final float zzn = bz * zz[i] + az * tz;
			zz[i] = zzn;
			pzn[i] = bz * pz[i] + az * dzu;
			up[i] = 2 * ui - up[i] + c[i] * (tx + zxn + tz + zzn);
		}
	}

	// -- adjoint kernels (mu = C lambda; tau = mu + a (mu + Zbar); Pbar' = b Pbar - D1 tau; Zbar' = b (mu + Zbar)) --

	/** Adjoint step with CPML terms along x and plain z. */
	static void xPmlAdjoint(final float[] m, final float[] mp, final float[] c, final float[] pb, final float[] pbn, final float[] zb,
		final float[] zbn, final float[] ax, final float[] bx, final int w, final int row, final int x0, final int x1, final float[] k) {
		final float c0 = k[0], c1 = k[1], c2 = k[2], c3 = k[3], c4 = k[4], d1 = k[5], d2 = k[6], d3 = k[7], d4 = k[8];
		final int w2 = 2 * w, w3 = 3 * w, w4 = 4 * w;
		for (int x = x0; x < x1; x++) {
			final int i = row + x;
			final float t0 = m[i] + ax[x] * (m[i] + zb[i]);
			final float tp1 = m[i + 1] + ax[x + 1] * (m[i + 1] + zb[i + 1]), tm1 = m[i - 1] + ax[x - 1] * (m[i - 1] + zb[i - 1]);
			final float tp2 = m[i + 2] + ax[x + 2] * (m[i + 2] + zb[i + 2]), tm2 = m[i - 2] + ax[x - 2] * (m[i - 2] + zb[i - 2]);
			final float tp3 = m[i + 3] + ax[x + 3] * (m[i + 3] + zb[i + 3]), tm3 = m[i - 3] + ax[x - 3] * (m[i - 3] + zb[i - 3]);
			final float tp4 = m[i + 4] + ax[x + 4] * (m[i + 4] + zb[i + 4]), tm4 = m[i - 4] + ax[x - 4] * (m[i - 4] + zb[i - 4]);
			final float dxxT = c0 * t0 + c1 * (tm1 + tp1) + c2 * (tm2 + tp2) + c3 * (tm3 + tp3) + c4 * (tm4 + tp4);
			final float dxT = d1 * (tp1 - tm1) + d2 * (tp2 - tm2) + d3 * (tp3 - tm3) + d4 * (tp4 - tm4);
			final float daP = d1 * (ax[x + 1] * pb[i + 1] - ax[x - 1] * pb[i - 1]) + d2 * (ax[x + 2] * pb[i + 2] - ax[x - 2] * pb[i - 2]) +
				d3 * (ax[x + 3] * pb[i + 3] - ax[x - 3] * pb[i - 3]) + d4 * (ax[x + 4] * pb[i + 4] - ax[x - 4] * pb[i - 4]);
			pbn[i] = bx[x] * pb[i] - dxT;
			zbn[i] = bx[x] * (m[i] + zb[i]);
			final float mi = m[i];
			final float dzz = c0 * mi + c1 * (m[i - w] + m[i + w]) + c2 * (m[i - w2] + m[i + w2]) + c3 * (m[i - w3] + m[i + w3]) + c4 * (m[i - w4] + m[i + w4]);
			mp[i] = 2 * mi - mp[i] + c[i] * (dxxT - daP + dzz);
		}
	}

	/** Adjoint step with CPML terms along z (profiles of rows z-4..z+4 from az, bz at array row z) and plain x. */
	static void zPmlAdjoint(final float[] m, final float[] mp, final float[] c, final float[] pb, final float[] pbn, final float[] zb,
		final float[] zbn, final float[] az, final float[] bz, final int z, final int w, final int row, final int x0, final int x1,
		final float[] k) {
		final float c0 = k[0], c1 = k[1], c2 = k[2], c3 = k[3], c4 = k[4], d1 = k[5], d2 = k[6], d3 = k[7], d4 = k[8];
		final int w2 = 2 * w, w3 = 3 * w, w4 = 4 * w;
		final float a0 = az[z], b0 = bz[z], ap1 = az[z + 1], am1 = az[z - 1], ap2 = az[z + 2], am2 = az[z - 2], ap3 = az[z + 3],
			am3 = az[z - 3], ap4 = az[z + 4], am4 = az[z - 4];
		for (int i = row + x0, e = row + x1; i < e; i++) {
			final float t0 = m[i] + a0 * (m[i] + zb[i]);
			final float tp1 = m[i + w] + ap1 * (m[i + w] + zb[i + w]), tm1 = m[i - w] + am1 * (m[i - w] + zb[i - w]);
			final float tp2 = m[i + w2] + ap2 * (m[i + w2] + zb[i + w2]), tm2 = m[i - w2] + am2 * (m[i - w2] + zb[i - w2]);
			final float tp3 = m[i + w3] + ap3 * (m[i + w3] + zb[i + w3]), tm3 = m[i - w3] + am3 * (m[i - w3] + zb[i - w3]);
			final float tp4 = m[i + w4] + ap4 * (m[i + w4] + zb[i + w4]), tm4 = m[i - w4] + am4 * (m[i - w4] + zb[i - w4]);
			final float dzzT = c0 * t0 + c1 * (tm1 + tp1) + c2 * (tm2 + tp2) + c3 * (tm3 + tp3) + c4 * (tm4 + tp4);
			final float dzT = d1 * (tp1 - tm1) + d2 * (tp2 - tm2) + d3 * (tp3 - tm3) + d4 * (tp4 - tm4);
			final float daP = d1 * (ap1 * pb[i + w] - am1 * pb[i - w]) + d2 * (ap2 * pb[i + w2] - am2 * pb[i - w2]) +
				d3 * (ap3 * pb[i + w3] - am3 * pb[i - w3]) + d4 * (ap4 * pb[i + w4] - am4 * pb[i - w4]);
			pbn[i] = b0 * pb[i] - dzT;
			zbn[i] = b0 * (m[i] + zb[i]);
			final float mi = m[i];
			final float dxx = c0 * mi + c1 * (m[i - 1] + m[i + 1]) + c2 * (m[i - 2] + m[i + 2]) + c3 * (m[i - 3] + m[i + 3]) + c4 * (m[i - 4] + m[i + 4]);
			mp[i] = 2 * mi - mp[i] + c[i] * (dzzT - daP + dxx);
		}
	}

	/** Adjoint step with CPML terms along x and z (corners). */
	static void xzPmlAdjoint(final float[] m, final float[] mp, final float[] c, final float[] pxb, final float[] pxbn, final float[] zxb,
		final float[] zxbn, final float[] pzb, final float[] pzbn, final float[] zzb, final float[] zzbn, final float[] ax, final float[] bx,
		final float[] az, final float[] bz, final int z, final int w, final int row, final int x0, final int x1, final float[] k) {
		final float c0 = k[0], c1 = k[1], c2 = k[2], c3 = k[3], c4 = k[4], d1 = k[5], d2 = k[6], d3 = k[7], d4 = k[8];
		final int w2 = 2 * w, w3 = 3 * w, w4 = 4 * w;
		final float a0 = az[z], b0 = bz[z], ap1 = az[z + 1], am1 = az[z - 1], ap2 = az[z + 2], am2 = az[z - 2], ap3 = az[z + 3],
			am3 = az[z - 3], ap4 = az[z + 4], am4 = az[z - 4];
		for (int x = x0; x < x1; x++) {
			final int i = row + x;
			final float s0 = m[i] + ax[x] * (m[i] + zxb[i]);
			final float sp1 = m[i + 1] + ax[x + 1] * (m[i + 1] + zxb[i + 1]), sm1 = m[i - 1] + ax[x - 1] * (m[i - 1] + zxb[i - 1]);
			final float sp2 = m[i + 2] + ax[x + 2] * (m[i + 2] + zxb[i + 2]), sm2 = m[i - 2] + ax[x - 2] * (m[i - 2] + zxb[i - 2]);
			final float sp3 = m[i + 3] + ax[x + 3] * (m[i + 3] + zxb[i + 3]), sm3 = m[i - 3] + ax[x - 3] * (m[i - 3] + zxb[i - 3]);
			final float sp4 = m[i + 4] + ax[x + 4] * (m[i + 4] + zxb[i + 4]), sm4 = m[i - 4] + ax[x - 4] * (m[i - 4] + zxb[i - 4]);
			final float dxxT = c0 * s0 + c1 * (sm1 + sp1) + c2 * (sm2 + sp2) + c3 * (sm3 + sp3) + c4 * (sm4 + sp4);
			final float dxT = d1 * (sp1 - sm1) + d2 * (sp2 - sm2) + d3 * (sp3 - sm3) + d4 * (sp4 - sm4);
			final float daPx = d1 * (ax[x + 1] * pxb[i + 1] - ax[x - 1] * pxb[i - 1]) + d2 * (ax[x + 2] * pxb[i + 2] - ax[x - 2] * pxb[i - 2]) +
				d3 * (ax[x + 3] * pxb[i + 3] - ax[x - 3] * pxb[i - 3]) + d4 * (ax[x + 4] * pxb[i + 4] - ax[x - 4] * pxb[i - 4]);
			pxbn[i] = bx[x] * pxb[i] - dxT;
			zxbn[i] = bx[x] * (m[i] + zxb[i]);
			final float t0 = m[i] + a0 * (m[i] + zzb[i]);
			final float tp1 = m[i + w] + ap1 * (m[i + w] + zzb[i + w]), tm1 = m[i - w] + am1 * (m[i - w] + zzb[i - w]);
			final float tp2 = m[i + w2] + ap2 * (m[i + w2] + zzb[i + w2]), tm2 = m[i - w2] + am2 * (m[i - w2] + zzb[i - w2]);
			final float tp3 = m[i + w3] + ap3 * (m[i + w3] + zzb[i + w3]), tm3 = m[i - w3] + am3 * (m[i - w3] + zzb[i - w3]);
			final float tp4 = m[i + w4] + ap4 * (m[i + w4] + zzb[i + w4]), tm4 = m[i - w4] + am4 * (m[i - w4] + zzb[i - w4]);
			final float dzzT = c0 * t0 + c1 * (tm1 + tp1) + c2 * (tm2 + tp2) + c3 * (tm3 + tp3) + c4 * (tm4 + tp4);
			final float dzT = d1 * (tp1 - tm1) + d2 * (tp2 - tm2) + d3 * (tp3 - tm3) + d4 * (tp4 - tm4);
			final float daPz = d1 * (ap1 * pzb[i + w] - am1 * pzb[i - w]) + d2 * (ap2 * pzb[i + w2] - am2 * pzb[i - w2]) +
				d3 * (ap3 * pzb[i + w3] - am3 * pzb[i - w3]) + d4 * (ap4 * pzb[i + w4] - am4 * pzb[i - w4]);
			pzbn[i] = b0 * pzb[i] - dzT;
			zzbn[i] = b0 * (m[i] + zzb[i]);
			mp[i] = 2 * m[i] - mp[i] + c[i] * (dxxT - daPx + dzzT - daPz);
		}
	}
}
