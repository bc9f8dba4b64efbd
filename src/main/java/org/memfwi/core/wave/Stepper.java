package org.memfwi.core.wave;

import org.memfwi.core.wave.WaveState.Adjoint;
import org.memfwi.core.wave.WaveState.Columns;
import org.memfwi.core.wave.WaveState.Fields;
import org.memfwi.core.wave.WaveState.Scratch;

/**
 * One time step of a batch on one thread's band of rows, forward and adjoint, with the x-layer CPML by columns,
 * the free-surface mirror, source and adjoint-source injection and trace recording. The row loops run on a
 * {@link Kernel} (pure Java or the Vector API) or in {@link RowKernels}.
 */
final class Stepper {

	private final WaveSetup g;
	private final float[] k;
	/** False for orders 2 and 4: the stencil terms at distance 3 and 4 (all zero) are skipped. */
	private final boolean far;
	private final float[] az, bz;
	private final int sw;
	private final float[] cax, cbx;
	private final int layerEnd;
	private final boolean[] zStrip;
	private final Kernel kernel;
	/** Set |value| <= {@link Propagator#FLUSH_BELOW} to 0 in every updated field and memory variable. */
	private final boolean flush;

	Stepper(final Layout l, final Kernel kernel, final boolean flush) {
		g = l.g;
		k = l.k;
		far = l.far;
		az = l.az;
		bz = l.bz;
		sw = l.sw;
		cax = l.cax;
		cbx = l.cbx;
		layerEnd = l.layerEnd;
		zStrip = l.zStrip;
		this.kernel = kernel;
		this.flush = flush;
	}

	/**
	 * Forward step of thread t's band of rows: f.up becomes u(n+1) = 2 u(n) - u(n-1) + C K(n) (before the source),
	 * and the rows of kOut, when not null, receive the stencil term K(n). Reads u(n) up to 4 rows beyond the band;
	 * writes nothing outside it, so the team meets only between steps.
	 */
	void stepRows(final Batch b, final Fields f, final float[][] c, final Team team, final int thread, final Scratch s,
		final Columns w, final float[][] kOut) {
		final int x0 = b.x0, x1 = b.x1;
		final int z0 = team.bandStart(thread, g.row0, g.row1), z1 = team.bandStart(thread + 1, g.row0, g.row1);
		if (w != null) {
			if (team.size() == 1) xColumns(b, f, w, g.row0, (b.blocks - 1) * g.H + g.row1, s);
			else for (int k = 0; k < b.blocks; k++) xColumns(b, f, w, k * g.H + z0, k * g.H + z1, s);
		}
		final float[][] u = f.u;
		final float[] scratch = s.t;
		if (g.p > 0) {
			// The z memory variables of the band's absorbing rows updated first (Pz' = bz Pz + az Dz u), since every row
			// within 4 of them takes Dz Pz'; with a team, every band's rows are ready before any is read.
			for (int z = z0; z < z1; z++) {
				if (!zStrip[z] || az[z] == 0) continue;
				RowKernels.diffSet(s.d, u[z - 1], u[z + 1], u[z - 2], u[z + 2], k[5], k[6], x0, x1);
				if (far) RowKernels.diffAdd(s.d, u[z - 3], u[z + 3], u[z - 4], u[z + 4], k[7], k[8], x0, x1);
				RowKernels.memory(f.pzn[z], f.pz[z], s.d, az[z], bz[z], flush, x0, x1);
			}
			team.await();
		}
		for (int z = z0; z < z1; z++) {
			final float[] a = u[z], t = kOut != null ? kOut[z] : scratch;
			if (!zStrip[z] || az[z] == 0) {
				kernel.laplacian(t, u, z, k, far, x0, x1);
				if (zStrip[z]) {
					// Within 4 rows of a z layer but not absorbing: Pz and Zz stay 0 here, only Dz Pz' reaches in.
					final float[][] pz = f.pzn;
					RowKernels.diffAdd(t, pz[z - 1], pz[z + 1], pz[z - 2], pz[z + 2], k[5], k[6], x0, x1);
					if (far) RowKernels.diffAdd(t, pz[z - 3], pz[z + 3], pz[z - 4], pz[z + 4], k[7], k[8], x0, x1);
				}
			}
			else {
				kernel.zRow(t, s.tz, s.d, u, f.pzn, z, f.zz[z], k, far, az[z], bz[z], flush, x0, x1);
			}
			if (w != null) addCorrections(b, w, t, z);
			kernel.finish(f.up[z], a, c[z], t, flush, x0, x1);
			RowKernels.ghosts(f.up[z], b.m);
		}
	}

	/**
	 * x CPML of the strip columns over [i0, i1) of the column length, as vectorized passes along it: the x memory
	 * variables are updated first (Px' = bx Px + ax Dx u), then w.corr receives Dx Px' + Zx' for each strip cell (to
	 * add to its Dxx u + Dzz u) and Zx is updated. In a mirrored block Dx changes sign, and so do Px and its adjoint as
	 * stored, which leaves every formula unchanged.
	 */
	private void xColumns(final Batch b, final Fields f, final Columns w, final int i0, final int i1, final Scratch s) {
		final float[][] p = w.patch;
		toColumns(b, f.u, p, i0, i1);
		for (int c = 0; c < layerEnd; c++) {
			final int q = c + 4;
			RowKernels.diffSet(s.c2, p[q - 1], p[q + 1], p[q - 2], p[q + 2], k[5], k[6], i0, i1);
			if (far) RowKernels.diffAdd(s.c2, p[q - 3], p[q + 3], p[q - 4], p[q + 4], k[7], k[8], i0, i1);
			RowKernels.memory(f.pxnT[c], f.pxT[c], s.c2, cax[c], cbx[c], flush, i0, i1);
		}
		final float[][] px = f.pxnT;
		for (int c = 0; c < sw; c++) {
			final int q = c + 4;
			if (cax[c] == 0) {
				// ax = bx = 0: Px and Zx stay 0 here and the correction is Dx Px' alone.
				RowKernels.diffSet(w.corr[c], w.col(px, c - 1), w.col(px, c + 1), w.col(px, c - 2), w.col(px, c + 2), k[5], k[6], i0, i1);
				if (far) RowKernels.diffAdd(w.corr[c], w.col(px, c - 3), w.col(px, c + 3), w.col(px, c - 4), w.col(px, c + 4), k[7], k[8],
					i0, i1);
				continue;
			}
			final float[][] n = { w.col(px, c - 1), w.col(px, c + 1), w.col(px, c - 2), w.col(px, c + 2), w.col(px, c - 3), w.col(px, c + 3),
				w.col(px, c - 4), w.col(px, c + 4) };
			kernel.xColumn(w.corr[c], s.c1, s.c2, s.c3, p, q, n, f.zxT[c], k, far, cax[c], cbx[c], flush, i0, i1);
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
	void adjointRows(final Batch b, final Adjoint ad, final float[][] c, final Team team, final int thread, final Scratch s,
		final Columns w) {
		final int x0 = b.x0, x1 = b.x1;
		final int z0 = team.bandStart(thread, g.row0, g.row1), z1 = team.bandStart(thread + 1, g.row0, g.row1);
		if (w != null) {
			if (team.size() == 1) xColumnsAdjoint(b, ad, w, g.row0, (b.blocks - 1) * g.H + g.row1, s);
			else for (int k = 0; k < b.blocks; k++) xColumnsAdjoint(b, ad, w, k * g.H + z0, k * g.H + z1, s);
		}
		final float[][] m = ad.m, tau = s.tau, sg = s.sigma;
		final float[] t = s.t;
		// tau = mu + az (mu + Zzbar) of the rows the band's z layers reach, and those of their sigmas (mu itself where
		// az = 0).
		for (int z = Math.max(z0 - 8, 0); z < Math.min(z1 + 8, g.H); z++) {
			if (az[z] == 0) tau[z] = m[z];
			else {
				if (s.tauRows[z] == null) s.tauRows[z] = new float[b.span];
				tau[z] = s.tauRows[z];
				RowKernels.tau(tau[z], m[z], ad.zzb[z], az[z], x0, x1);
			}
		}
		// sigma = Pzbar - Dz tau (the adjoint of this step's Pz') of the absorbing rows within 4 of the band, and
		// Pzbar' = bz sigma of the band's own rows; elsewhere sigma only meets az = 0.
		if (g.p > 0) for (int z = Math.max(z0 - 4, 0); z < Math.min(z1 + 4, g.H); z++) {
			if (az[z] == 0) {
				sg[z] = ad.pzb[z];
				continue;
			}
			if (s.sigmaRows[z] == null) s.sigmaRows[z] = new float[b.span];
			sg[z] = s.sigmaRows[z];
			RowKernels.diffSet(s.d, tau[z - 1], tau[z + 1], tau[z - 2], tau[z + 2], k[5], k[6], x0, x1);
			if (far) RowKernels.diffAdd(s.d, tau[z - 3], tau[z + 3], tau[z - 4], tau[z + 4], k[7], k[8], x0, x1);
			RowKernels.sigma(sg[z], z >= z0 && z < z1 ? ad.pzbn[z] : s.d2, ad.pzb[z], s.d, bz[z], flush, x0, x1);
		}
		for (int z = z0; z < z1; z++) {
			final float[] a = m[z];
			if (!zStrip[z]) {
				kernel.laplacian(t, m, z, k, far, x0, x1);
			}
			else {
				kernel.zRowAdjoint(t, s.tz, s.d, s.d2, m, tau, sg, ad.zzb[z], ad.zzbn[z], az, z, k, far, bz[z], flush, x0, x1);
			}
			if (w != null) addCorrections(b, w, t, z);
			kernel.finish(ad.mp[z], a, c[z], t, flush, x0, x1);
			RowKernels.ghosts(ad.mp[z], b.m);
		}
	}

	/**
	 * Adjoint x CPML of the strip columns over [i0, i1) of the column length: with delta = ax (mu + Zxbar),
	 * tau = mu + delta and sigma = Pxbar - Dx tau (the adjoint of this step's Px'), w.corr receives
	 * Dxx delta - Dx (ax sigma) (to add to Dxx mu + ...), Pxbar' = bx sigma and Zxbar' = bx (mu + Zxbar).
	 */
	private void xColumnsAdjoint(final Batch b, final Adjoint ad, final Columns w, final int i0, final int i1, final Scratch s) {
		final float[][] p = w.patch, del = w.delta, ap = w.aP, pb = ad.pxbT, zb = ad.zxbT;
		toColumns(b, ad.m, p, i0, i1);
		for (int c = 0; c < layerEnd; c++) RowKernels.scaledSum(del[c], cax[c], p[c + 4], zb[c], i0, i1);
		for (int c = 0; c < layerEnd; c++) {
			final int q = c + 4;
			RowKernels.diffSet(s.c2, p[q - 1], p[q + 1], p[q - 2], p[q + 2], k[5], k[6], i0, i1);
			if (far) RowKernels.diffAdd(s.c2, p[q - 3], p[q + 3], p[q - 4], p[q + 4], k[7], k[8], i0, i1);
			RowKernels.diffAdd(s.c2, w.col(del, c - 1), w.col(del, c + 1), w.col(del, c - 2), w.col(del, c + 2), k[5], k[6], i0, i1);
			if (far) RowKernels.diffAdd(s.c2, w.col(del, c - 3), w.col(del, c + 3), w.col(del, c - 4), w.col(del, c + 4), k[7], k[8], i0, i1);
			RowKernels.sigma(s.c1, ad.pxbnT[c], pb[c], s.c2, cbx[c], flush, i0, i1);
			RowKernels.scaled(ap[c], cax[c], s.c1, i0, i1);
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
			final float[][] dn = { del[c], w.col(del, c - 1), w.col(del, c + 1), w.col(del, c - 2), w.col(del, c + 2), w.col(del, c - 3),
				w.col(del, c + 3), w.col(del, c - 4), w.col(del, c + 4) };
			final float[][] an = { w.col(ap, c - 1), w.col(ap, c + 1), w.col(ap, c - 2), w.col(ap, c + 2), w.col(ap, c - 3), w.col(ap, c + 3),
				w.col(ap, c - 4), w.col(ap, c + 4) };
			kernel.xColumnAdjoint(w.corr[c], s.c1, s.c2, s.c3, p, q, dn, an, zb[c], ad.zxbnT[c], k, far, cbx[c], flush, i0, i1);
		}
	}

	/** Free surface: the rows above the top model row mirror the rows below it with opposite sign. */
	void mirror(final float[][] u) {
		if (!g.fs) return;
		final int r = g.r;
		for (int j = 1; j <= r; j++) {
			if (r + j < g.H) RowKernels.negate(u[r - j], u[r + j]);
		}
	}

	/** Adds the source term of step n of every shot of the batch to the rows [z0, z1) of u(n+1). */
	void inject(final Batch b, final float[][] u, final int n, final int z0, final int z1) {
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
	void record(final Batch b, final float[][] u, final float[][] traces, final int sample) {
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
	void injectAdjoint(final Batch b, final float[][] mu, final float[][] c, final float[][] w, final int sample, final int z0,
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
}
