package org.memfwi.core.wave;

import java.util.Arrays;

import org.memfwi.core.progress.Progress;
import org.memfwi.core.util.Memory;

/**
 * The time-domain scheme of {@link WaveSetup} written as plainly as possible, in double precision: one loop over
 * every cell with the full CPML formula everywhere (a = b = 0 outside the layers), the free-surface mirror as an
 * explicit rule, and the adjoint as the literal transpose of each forward statement (scatter form). It is the
 * oracle that the fast {@link Propagator} is tested against, and the exact double-precision path of
 * {@link TimeDomainOperator}. Keeps every step's stencil term in memory for the adjoint: small grids only.
 */
public final class ReferenceStepper {

	private final WaveSetup g;

	public ReferenceStepper(final WaveSetup setup) {
		g = setup;
	}

	/** Wavefield and CPML memory variables at one time level. */
	private final class State {
		double[] u = new double[g.size()], up = new double[g.size()];
		double[] px = new double[g.size()], pz = new double[g.size()], zx = new double[g.size()], zz = new double[g.size()];
		final double[] un = new double[g.size()], pxn = new double[g.size()], pzn = new double[g.size()];
	}

	/** u at array column x, row z, with zero beyond the array and the antisymmetric mirror above a free surface. */
	private double value(final double[] u, final int x, final int z) {
		if (x < 0 || x >= g.W) return 0;
		if (g.fs && z < g.r) return z <= 2 * g.r - g.H ? 0 : -value(u, x, 2 * g.r - z);
		if (z >= g.H) return 0;
		return u[x + g.W * z];
	}

	/** Adds val to the adjoint of u at (x, z), through the mirror; the pinned free-surface row has no adjoint. */
	private void scatter(final double[] ub, final int x, final int z, final double val) {
		if (x < 0 || x >= g.W || z >= g.H) return;
		if (g.fs && z < g.r) {
			scatter(ub, x, 2 * g.r - z, -val);
			return;
		}
		if (g.fs && z == g.r) return;
		ub[x + g.W * z] += val;
	}

	private static double at(final double[] a, final int i) {
		return i >= 0 && i < a.length ? a[i] : 0;
	}

	/**
	 * One step from level n to n+1; K (if not null) receives T_x + Zx' + T_z + Zz' per cell. The memory variables P
	 * are updated first and their derivatives taken at the new level (P' = b P + a D1 u, T = D2 u + D1 P'), as in
	 * Pasalic and McGarry's CPML (and Deepwave): the derivative of the previous level's P lags a step and reflects
	 * about 25 times more.
	 */
	private void step(final State s, final double[] c, final double[] kOut) {
		final int r = g.stencil.radius(), W = g.W;
		Arrays.fill(s.un, 0);
		for (int z = g.row0; z < g.row1; z++)
			for (int x = g.col0; x < g.col1; x++) {
				final int i = x + W * z;
				double dxu = 0, dzu = 0;
				for (int k = 1; k <= r; k++) {
					final double dk = g.stencil.d(k);
					dxu += dk * (value(s.u, x + k, z) - value(s.u, x - k, z));
					dzu += dk * (value(s.u, x, z + k) - value(s.u, x, z - k));
				}
				s.pxn[i] = g.bx[x] * s.px[i] + g.ax[x] * dxu;
				s.pzn[i] = g.bz[z] * s.pz[i] + g.az[z] * dzu;
			}
		for (int z = g.row0; z < g.row1; z++)
			for (int x = g.col0; x < g.col1; x++) {
				final int i = x + W * z;
				double dxx = g.stencil.c(0) * s.u[i], dxp = 0, dzz = g.stencil.c(0) * s.u[i], dzp = 0;
				for (int k = 1; k <= r; k++) {
					final double ck = g.stencil.c(k), dk = g.stencil.d(k);
					dxx += ck * (value(s.u, x + k, z) + value(s.u, x - k, z));
					dxp += dk * (at(s.pxn, i + k) - at(s.pxn, i - k));
					dzz += ck * (value(s.u, x, z + k) + value(s.u, x, z - k));
					dzp += dk * (at(s.pzn, i + k * W) - at(s.pzn, i - k * W));
				}
				final double tx = dxx + dxp, tz = dzz + dzp;
				final double zxn = g.bx[x] * s.zx[i] + g.ax[x] * tx, zzn = g.bz[z] * s.zz[i] + g.az[z] * tz;
				final double k = tx + zxn + tz + zzn;
				if (kOut != null) kOut[i] = k;
				s.un[i] = 2 * s.u[i] - s.up[i] + c[i] * k;
				s.zx[i] = zxn;
				s.zz[i] = zzn;
			}
		System.arraycopy(s.u, 0, s.up, 0, s.u.length);
		System.arraycopy(s.un, 0, s.u, 0, s.u.length);
		System.arraycopy(s.pxn, 0, s.px, 0, s.u.length);
		System.arraycopy(s.pzn, 0, s.pz, 0, s.u.length);
	}

	private void inject(final double[] u, final int shot, final int n) {
		final double f = g.source[n];
		for (int j = 0; j < g.srcIdx[shot].length; j++) u[g.srcIdx[shot][j]] += g.srcW[shot][j] * f;
	}

	private void record(final double[] u, final double[] trace, final int sample) {
		final int nr = g.recIdx.length;
		for (int q = 0; q < nr; q++) {
			double v = 0;
			for (int j = 0; j < g.recIdx[q].length; j++) v += g.recW[q][j] * u[g.recIdx[q][j]];
			trace[sample * nr + q] = v;
		}
	}

	/** Shot gathers for velocity model v (m/s, nx * nz): one array of nt x receivers per shot. */
	public double[][] forward(final double[] v, final Progress progress) {
		final double[] c = g.coefficients(v);
		final double[][] out = new double[g.srcIdx.length][g.gatherSize()];
		for (int shot = 0; shot < out.length; shot++) {
			final State s = new State();
			record(s.u, out[shot], 0);
			for (int n = 0; n < g.steps; n++) {
				step(s, c, null);
				inject(s.u, shot, n);
				if ((n + 1) % g.m == 0) record(s.u, out[shot], (n + 1) / g.m);
				if (n % 64 == 0) progress.checkCanceled();
			}
		}
		return out;
	}

	/** Born modelling: the Jacobian of {@link #forward} at v applied to a velocity perturbation dv (m/s). */
	public double[][] born(final double[] v, final double[] dv, final Progress progress) {
		final double[] c = g.coefficients(v), dc = g.coefficientPerturbation(v, dv);
		final double[][] out = new double[g.srcIdx.length][g.gatherSize()];
		final double[] k = new double[g.size()];
		for (int shot = 0; shot < out.length; shot++) {
			final State s = new State(), d = new State();
			for (int n = 0; n < g.steps; n++) {
				step(s, c, k);
				inject(s.u, shot, n);
				step(d, c, null);
				for (int z = g.row0; z < g.row1; z++)
					for (int x = g.col0; x < g.col1; x++) d.u[x + g.W * z] += dc[x + g.W * z] * k[x + g.W * z];
				if ((n + 1) % g.m == 0) record(d.u, out[shot], (n + 1) / g.m);
				if (n % 64 == 0) progress.checkCanceled();
			}
		}
		return out;
	}

	/**
	 * The adjoint of {@link #born}: the gradient with respect to the velocities (m/s, nx * nz) of {@code <w, F(v)>}
	 * for data-space weights w (one nt x receivers array per shot); with w = F(v) - d it is the FWI gradient.
	 */
	public double[] adjoint(final double[] v, final double[][] w, final Progress progress) {
		Memory.require(8L * g.size() * (g.steps + 16), "the double-precision reference adjoint (" + g.steps + " steps of " +
			g.size() + " cells)", "use the fast float propagator");
		final double[] c = g.coefficients(v);
		final double[] gc = new double[g.size()];
		final double[][] ks = new double[g.steps][];
		final int nr = g.recIdx.length;
		for (int shot = 0; shot < w.length; shot++) {
			final State s = new State();
			for (int n = 0; n < g.steps; n++) {
				ks[n] = new double[g.size()];
				step(s, c, ks[n]);
				inject(s.u, shot, n);
			}
			// Adjoint state: a = bar u(n+1), b = bar of the copy of u(n+1) into the 'previous' slot, and the CPML bars.
			double[] a = new double[g.size()], b = new double[g.size()];
			double[] pxb = new double[g.size()], pzb = new double[g.size()], zxb = new double[g.size()], zzb = new double[g.size()];
			injectAdjoint(a, w[shot], g.nt - 1, nr);
			for (int n = g.steps - 1; n >= 0; n--) {
				final double[] nu = b.clone(), nup = new double[g.size()];
				final double[] npx = new double[g.size()], npz = new double[g.size()], nzx = new double[g.size()], nzz = new double[g.size()];
				final double[] k = ks[n];
				// The adjoints of P(n+1): from the next step (pxb, pzb) and from this step's D1 P(n+1).
				final double[] sx = pxb.clone(), sz = pzb.clone();
				for (int z = g.row0; z < g.row1; z++)
					for (int x = g.col0; x < g.col1; x++) {
						final int i = x + g.W * z;
						// u(n+1) = 2 u - up + C K
						final double ga = a[i];
						nu[i] += 2 * ga;
						nup[i] -= ga;
						gc[i] += ga * k[i];
						final double cg = c[i] * ga;
						transposeDirection(true, x, z, i, cg, zxb[i], g.ax[x], g.bx[x], nu, sx, nzx);
						transposeDirection(false, x, z, i, cg, zzb[i], g.az[z], g.bz[z], nu, sz, nzz);
					}
				for (int z = g.row0; z < g.row1; z++)
					for (int x = g.col0; x < g.col1; x++) {
						final int i = x + g.W * z;
						transposeMemory(true, x, z, i, sx[i], g.ax[x], g.bx[x], nu, npx);
						transposeMemory(false, x, z, i, sz[i], g.az[z], g.bz[z], nu, npz);
					}
				if (n % g.m == 0) injectAdjoint(nu, w[shot], n / g.m, nr);
				a = nu;
				b = nup;
				pxb = npx;
				pzb = npz;
				zxb = nzx;
				zzb = nzz;
				ks[n] = null;
				if (n % 64 == 0) progress.checkCanceled();
			}
		}
		return g.fold(gc, v, null);
	}

	/**
	 * Transposes, for one cell and one direction, T = D2 u + D1 P' and Z' = b Z + a T, where T and Z' entered
	 * u(n+1) with weight C (cg = C * bar u(n+1)): into the adjoints of u, of P' (pb) and of Z.
	 */
	private void transposeDirection(final boolean xDir, final int x, final int z, final int i, final double cg, final double zBarNew,
		final double a, final double b, final double[] ub, final double[] pb, final double[] zb) {
		final int r = g.stencil.radius();
		final int step = xDir ? 1 : g.W;
		final double zTot = cg + zBarNew;
		zb[i] += b * zTot;
		final double tb = cg + a * zTot;
		ub[i] += g.stencil.c(0) * tb;
		for (int k = 1; k <= r; k++) {
			final double ck = g.stencil.c(k), dk = g.stencil.d(k);
			if (xDir) {
				scatter(ub, x + k, z, ck * tb);
				scatter(ub, x - k, z, ck * tb);
			}
			else {
				scatter(ub, x, z + k, ck * tb);
				scatter(ub, x, z - k, ck * tb);
			}
			if (i + k * step < pb.length) pb[i + k * step] += dk * tb;
			if (i - k * step >= 0) pb[i - k * step] -= dk * tb;
		}
	}

	/** Transposes, for one cell and one direction, P' = b P + a D1 u given the adjoint pBar of P': into those of u and P. */
	private void transposeMemory(final boolean xDir, final int x, final int z, final int i, final double pBar, final double a,
		final double b, final double[] ub, final double[] pb) {
		pb[i] += b * pBar;
		final double dub = a * pBar;
		if (dub == 0) return;
		for (int k = 1; k <= g.stencil.radius(); k++) {
			final double dk = g.stencil.d(k);
			if (xDir) {
				scatter(ub, x + k, z, dk * dub);
				scatter(ub, x - k, z, -dk * dub);
			}
			else {
				scatter(ub, x, z + k, dk * dub);
				scatter(ub, x, z - k, -dk * dub);
			}
		}
	}

	private void injectAdjoint(final double[] ub, final double[] w, final int sample, final int nr) {
		for (int q = 0; q < nr; q++)
			for (int j = 0; j < g.recIdx[q].length; j++) ub[g.recIdx[q][j]] += g.recW[q][j] * w[sample * nr + q];
	}
}
