package org.memfwi.core.wave;

/**
 * The forward step of the fast propagator in a plain row-major layout, with the CPML in row form: a batch row holds
 * its shots side by side (shot j at batch columns [j W, (j + 1) W), each with its own zero halo, which stays 0
 * because C = 0 there), {@code field[z][x]}. Each row of a shot is cut into at most three segments: the left and
 * right x-layer segments (every column with x CPML coefficients and the 4 beyond, rounded up to 8 columns; the right
 * one of a shot, the zero halo and the left one of the next shot form one segment), which update the x memory
 * variables Px and Zx of the row in place (no transposition), and the interior segment between them: one fused pass
 * of stencil, leapfrog update and flush. A row within 4 of a z layer is one pass over the whole batch row with the x
 * and z terms (after the Px update of its x layers). A shot too narrow for an interior segment is one x-layer
 * segment. The z memory variables Pz of a team's
 * band are updated before the sweep (every row within 4 of a z layer takes Dz Pz'), with a barrier between. The
 * loops run on a {@link Kernel}; the formulas are those of {@link RowMajorKernels}, the scheme that of
 * {@link WaveSetup}, so results agree with the lane-transposed path of {@link Stepper} to float rounding.
 */
final class RowMajor {

	/** Interior rows two at a time ({@link Kernel#rmInterior2}); a switch for measurements (memfwi.rowpairs=false). */
	static final boolean PAIRS = !"false".equals(System.getProperty("memfwi.rowpairs"));

	/** Floats of per-thread scratch the kernels need (three vectors of up to 16 floats). */
	static final int TMP = 48;


	private final WaveSetup g;
	private final float[] k;
	private final float[] az, bz;
	private final Kernel kernel;
	private final boolean flush;
	/** Row z takes the z-layer terms (a row with az or bz non-zero within 4 rows). */
	private final boolean[] zTerms;
	/** The row has z memory variables to update (az or bz non-zero). */
	private final boolean[] zAbsorbs;
	/** Shot-block columns: left x-layer segment [col0, ls), interior [ls, rs), right x-layer segment [rs, col1). */
	private final int ls, rs;
	private final boolean cpml;

	RowMajor(final Layout l, final Kernel kernel, final boolean flush) {
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
	 * the source). Reads u(n) and Pz' up to 4 rows beyond the band, writes nothing outside it.
	 */
	void step(final Fields f, final float[][] c, final Team team, final int z0, final int z1) {
		final int W = g.W, col0 = g.col0, col1 = g.col1, count = f.count;
		final float[][] u = f.u;
		if (cpml) {
			final int xa = col0, xb = (count - 1) * W + col1;
			for (int z = z0; z < z1; z++) if (zAbsorbs[z]) kernel.rmPz(f.pzn[z], f.pz[z], u, z, k, az[z], bz[z], flush, xa, xb);
			team.await();
		}
		for (int z = z0; z < z1; z++) {
			final float[] o = f.up[z], cz = c[z];
			if (!cpml) {
				if (PAIRS && z + 1 < z1) {
					kernel.rmInterior2(o, f.up[z + 1], u, z, cz, c[z + 1], k, flush, col0, (count - 1) * W + col1, f.tmp);
					z++;
				}
				else kernel.rmInterior(o, u, z, cz, k, flush, col0, (count - 1) * W + col1, f.tmp);
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
				kernel.rmXLayer(o, u, pxn, zx, f.ax, f.bx, true, f.pzn, f.zz[z], z, cz, k, az[z], bz[z], flush, col0, (count - 1) * W + col1, f.tmp);
				continue;
			}
			// Two rows at once where the next row of the band has no z-layer terms either: their interior segments
			// share the loads of the rows between them.
			final boolean pair = PAIRS && z + 1 < z1 && !zTerms[z + 1];
			// The x layers: the left one of the first shot, the right one of each shot with the zero halo and the left
			// layer of the next as one segment (C, ax and bx are 0 in the halo, and so stay u and the memory variables),
			// the right one of the last shot.
			for (int r = z; r <= (pair ? z + 1 : z); r++) {
				final float[] or = f.up[r], cr = c[r], pxr = f.pxn[r], pr = f.px[r], zr = f.zx[r];
				if (ls > col0) xSegment(f, or, u, pxr, pr, zr, r, cr, col0, ls);
				for (int j = 0; j + 1 < count; j++) xSegment(f, or, u, pxr, pr, zr, r, cr, j * W + rs, (j + 1) * W + ls);
				if (rs < col1) xSegment(f, or, u, pxr, pr, zr, r, cr, (count - 1) * W + rs, (count - 1) * W + col1);
			}
			if (rs > ls) for (int j = 0; j < count; j++) {
				final int base = j * W;
				if (pair) kernel.rmInterior2(o, f.up[z + 1], u, z, cz, c[z + 1], k, flush, base + ls, base + rs, f.tmp);
				else kernel.rmInterior(o, u, z, cz, k, flush, base + ls, base + rs, f.tmp);
			}
			if (pair) z++;
		}
	}

	/** An x-layer segment of a row without z-layer terms: its x memory variables, then the row's update there. */
	private void xSegment(final Fields f, final float[] o, final float[][] u, final float[] pxn, final float[] px, final float[] zx,
		final int z, final float[] c, final int x0, final int x1) {
		kernel.rmPx(pxn, px, u[z], f.ax, f.bx, k, flush, x0, x1);
		kernel.rmXLayer(o, u, pxn, zx, f.ax, f.bx, false, null, null, z, c, k, 0, 0, flush, x0, x1, f.tmp);
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
