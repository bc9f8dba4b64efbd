package org.memfwi.core.helmholtz;

/**
 * Dense kernels of the multifrontal factorization: the partial LDL^T factorization of a complex symmetric frontal
 * matrix without pivoting, in split real/imaginary row-major arrays, blocked so that the dominant work (the update of
 * the trailing lower triangle) runs in long unit-stride loops that HotSpot vectorizes.
 */
final class DenseLdlt {

	/** Panel width of the blocked factorization. */
	static final int NB = 32;

	private DenseLdlt() {}

	/** Work space of {@link #factor}, sized for fronts of up to {@code maxFront} rows. */
	static final class Work {
		final double[] ltr;
		final double[] lti;
		final double[] w0r = new double[NB], w0i = new double[NB], w1r = new double[NB], w1i = new double[NB];
		final double[] cr = new double[NB], ci = new double[NB];

		Work(final int maxFront) {
			ltr = new double[NB * Math.max(1, maxFront)];
			lti = new double[NB * Math.max(1, maxFront)];
		}
	}

	/**
	 * Factors the leading {@code k} columns of the symmetric {@code n x n} front F (lower triangle of a row-major
	 * array with row stride n) without pivoting: the factor columns go to {@code pr/pi} (column-major, column j at
	 * {@code po + j * n}, rows j..n-1: D on the diagonal, L below) and the trailing {@code (n-k) x (n-k)} lower triangle of
	 * F is overwritten with the Schur complement {@code F22 - L21 D L21^T}. Each panel of {@link #NB} columns is
	 * copied to column-major form and factored there with long unit-stride column operations; the trailing update
	 * reads the same copy.
	 *
	 * @return the smallest pivot modulus |d_j|
	 * @throws ArithmeticException on a zero or non-finite pivot
	 */
	static double factor(final double[] fr, final double[] fi, final int n, final int k, final double[] pr,
		final double[] pi, final int po, final Work w)
	{
		double minPivot = Double.POSITIVE_INFINITY;
		final double[] ltr = w.ltr, lti = w.lti;
		for (int jb = 0; jb < k; jb += NB) {
			final int be = Math.min(jb + NB, k), nb = be - jb;
			// Gather the panel: P[j][c] = F[c][jb + j] for c >= jb + j.
			for (int c = jb; c < n; c++) {
				final int row = c * n + jb, top = Math.min(c - jb + 1, nb);
				for (int j = 0; j < top; j++) {
					ltr[j * n + c] = fr[row + j];
					lti[j * n + c] = fi[row + j];
				}
			}
			for (int j = 0; j < nb; j++) {
				final int col = jb + j, pj = j * n;
				final double dr = ltr[pj + col], di = lti[pj + col];
				final double den = dr * dr + di * di;
				if (!(den > 0) || Double.isInfinite(den)) throw new ArithmeticException("pivot " + col + " of a front is " + dr +
					" + " + di + "i: the matrix cannot be factored without pivoting");
				minPivot = Math.min(minPivot, Math.sqrt(den));
				final double ir = dr / den, ii = -di / den;
				// Keep L[c][col] d (the unscaled entries) for the panel columns to the right, then scale the column.
				final int nc = nb - j - 1;
				for (int c = 0; c < nc; c++) {
					w.cr[c] = ltr[pj + col + 1 + c];
					w.ci[c] = lti[pj + col + 1 + c];
				}
				for (int i = col + 1; i < n; i++) {
					final double ar = ltr[pj + i], ai = lti[pj + i];
					ltr[pj + i] = ar * ir - ai * ii;
					lti[pj + i] = ar * ii + ai * ir;
				}
				// Rank-1 update of the panel columns to the right: P[c][i] -= L[i][col] (L[c][col] d), i >= c.
				for (int c = 0; c < nc; c++) {
					final int pc = (j + 1 + c) * n, cc = col + 1 + c;
					final double br = w.cr[c], bi = w.ci[c];
					for (int i = cc; i < n; i++) {
						final double lr = ltr[pj + i], li = lti[pj + i];
						ltr[pc + i] -= lr * br - li * bi;
						lti[pc + i] -= lr * bi + li * br;
					}
				}
				System.arraycopy(ltr, pj + col, pr, po + col * n + col, n - col);
				System.arraycopy(lti, pj + col, pi, po + col * n + col, n - col);
			}
			if (be < n) trailingUpdate(fr, fi, n, jb, be, w);
		}
		return minPivot;
	}

	/** F[i][c] -= sum_{j in [jb, be)} L[i][j] d_j L[c][j] for be <= c <= i < n. */
	private static void trailingUpdate(final double[] fr, final double[] fi, final int n, final int jb, final int be,
		final Work w)
	{
		final int nb = be - jb;
		final double[] ltr = w.ltr, lti = w.lti; // the factored panel, Lt[j][c] = L[c][jb + j], D at c = jb + j
		final double[] dr = w.cr, di = w.ci;
		for (int j = 0; j < nb; j++) {
			dr[j] = ltr[j * n + jb + j];
			di[j] = lti[j * n + jb + j];
		}
		final double[] w0r = w.w0r, w0i = w.w0i, w1r = w.w1r, w1i = w.w1i;
		int i = be;
		for (; i + 1 < n; i += 2) {
			final int r0 = i * n, r1 = r0 + n;
			for (int j = 0; j < nb; j++) {
				final double ar = ltr[j * n + i], ai = lti[j * n + i];
				w0r[j] = ar * dr[j] - ai * di[j];
				w0i[j] = ar * di[j] + ai * dr[j];
				final double br = ltr[j * n + i + 1], bi = lti[j * n + i + 1];
				w1r[j] = br * dr[j] - bi * di[j];
				w1i[j] = br * di[j] + bi * dr[j];
			}
			int j = 0;
			for (; j + 3 < nb; j += 4) {
				final double a0r = w0r[j], a0i = w0i[j], b0r = w0r[j + 1], b0i = w0i[j + 1];
				final double c0r = w0r[j + 2], c0i = w0i[j + 2], d0r = w0r[j + 3], d0i = w0i[j + 3];
				final double a1r = w1r[j], a1i = w1i[j], b1r = w1r[j + 1], b1i = w1i[j + 1];
				final double c1r = w1r[j + 2], c1i = w1i[j + 2], d1r = w1r[j + 3], d1i = w1i[j + 3];
				final int la = j * n, lb = la + n, lc = lb + n, ld = lc + n;
				for (int c = be; c <= i; c++) {
					final double xr = ltr[la + c], xi = lti[la + c], yr = ltr[lb + c], yi = lti[lb + c];
					final double ur = ltr[lc + c], ui = lti[lc + c], vr = ltr[ld + c], vi = lti[ld + c];
					double p = fr[r0 + c], q = fi[r0 + c];
					p = Math.fma(-a0r, xr, Math.fma(a0i, xi, Math.fma(-b0r, yr, Math.fma(b0i, yi, p))));
					p = Math.fma(-c0r, ur, Math.fma(c0i, ui, Math.fma(-d0r, vr, Math.fma(d0i, vi, p))));
					q = Math.fma(-a0r, xi, Math.fma(-a0i, xr, Math.fma(-b0r, yi, Math.fma(-b0i, yr, q))));
					q = Math.fma(-c0r, ui, Math.fma(-c0i, ur, Math.fma(-d0r, vi, Math.fma(-d0i, vr, q))));
					fr[r0 + c] = p;
					fi[r0 + c] = q;
					double g = fr[r1 + c], h = fi[r1 + c];
					g = Math.fma(-a1r, xr, Math.fma(a1i, xi, Math.fma(-b1r, yr, Math.fma(b1i, yi, g))));
					g = Math.fma(-c1r, ur, Math.fma(c1i, ui, Math.fma(-d1r, vr, Math.fma(d1i, vi, g))));
					h = Math.fma(-a1r, xi, Math.fma(-a1i, xr, Math.fma(-b1r, yi, Math.fma(-b1i, yr, h))));
					h = Math.fma(-c1r, ui, Math.fma(-c1i, ur, Math.fma(-d1r, vi, Math.fma(-d1i, vr, h))));
					fr[r1 + c] = g;
					fi[r1 + c] = h;
				}
				final int c = i + 1;
				final double xr = ltr[la + c], xi = lti[la + c], yr = ltr[lb + c], yi = lti[lb + c];
				final double ur = ltr[lc + c], ui = lti[lc + c], vr = ltr[ld + c], vi = lti[ld + c];
				fr[r1 + c] -= a1r * xr - a1i * xi + b1r * yr - b1i * yi + c1r * ur - c1i * ui + d1r * vr - d1i * vi;
				fi[r1 + c] -= a1r * xi + a1i * xr + b1r * yi + b1i * yr + c1r * ui + c1i * ur + d1r * vi + d1i * vr;
			}
			for (; j < nb; j++) {
				final double a0r = w0r[j], a0i = w0i[j], a1r = w1r[j], a1i = w1i[j];
				final int la = j * n;
				for (int c = be; c <= i + 1; c++) {
					final double xr = ltr[la + c], xi = lti[la + c];
					if (c <= i) {
						fr[r0 + c] -= a0r * xr - a0i * xi;
						fi[r0 + c] -= a0r * xi + a0i * xr;
					}
					fr[r1 + c] -= a1r * xr - a1i * xi;
					fi[r1 + c] -= a1r * xi + a1i * xr;
				}
			}
		}
		if (i < n) {
			final int r0 = i * n;
			for (int j = 0; j < nb; j++) {
				final double ar = ltr[j * n + i], ai = lti[j * n + i];
				final double a0r = ar * dr[j] - ai * di[j], a0i = ar * di[j] + ai * dr[j];
				final int la = j * n;
				for (int c = be; c <= i; c++) {
					final double xr = ltr[la + c], xi = lti[la + c];
					fr[r0 + c] -= a0r * xr - a0i * xi;
					fi[r0 + c] -= a0r * xi + a0i * xr;
				}
			}
		}
	}
}
