package org.memfwi.core.wave;

import java.util.concurrent.atomic.AtomicBoolean;

import org.memfwi.core.progress.Progress;

/**
 * The hottest row loops of the {@link Propagator}, in two implementations: {@link #JAVA}, pure Java passes that
 * HotSpot vectorizes ({@link RowKernels}; the default and the oracle), and a fused kernel written with the
 * incubating Vector API ({@code org.memfwi.core.wave.VectorKernel}, compiled separately from src/main/vector for
 * Java 17), which {@link #DEFAULT} loads when the JVM runs with {@code --add-modules jdk.incubator.vector}. Both
 * compute every cell with the same float operations in the same order, so they agree to the bit on the machines
 * measured (the tests allow float rounding); results of one kernel do not depend on the thread count.
 */
abstract class Kernel {

	/** The module the vector kernel needs. */
	static final String VECTOR_MODULE = "jdk.incubator.vector";

	/** The pure-Java kernel. */
	static final Kernel JAVA = new Kernel() {
		@Override
		String name() { return "java"; }

		@Override
		void laplacian(final float[] t, final float[][] u, final int z, final float[] k, final boolean far, final int x0, final int x1) {
			final float[] a = u[z];
			RowKernels.lap1(t, a, u[z - 1], u[z + 1], 2 * k[0], k[1], x0, x1);
			RowKernels.lap2(t, a, u[z - 2], u[z + 2], k[2], x0, x1);
			if (far) RowKernels.lap3(t, a, u[z - 3], u[z + 3], k[3], x0, x1);
			if (far) RowKernels.lap4(t, a, u[z - 4], u[z + 4], k[4], x0, x1);
		}

		@Override
		void finish(final float[] o, final float[] a, final float[] c, final float[] t, final boolean flush, final int x0, final int x1) {
			if (flush) RowKernels.finishFlush(o, a, c, t, x0, x1);
			else RowKernels.finish(o, a, c, t, x0, x1);
		}

		@Override
		void zRow(final float[] t, final float[] tz, final float[] d, final float[][] u, final float[][] pz, final int z, final float[] zz,
			final float[] k, final boolean far, final float az, final float bz, final boolean flush, final int x0, final int x1) {
			final float[] a = u[z];
			RowKernels.sumDiff12(tz, d, a, u[z - 1], u[z + 1], u[z - 2], u[z + 2], k[0], k[1], k[2], k[5], k[6], false, x0, x1);
			if (far) RowKernels.sumDiff34(tz, d, u[z - 3], u[z + 3], u[z - 4], u[z + 4], k[3], k[4], k[7], k[8], x0, x1);
			RowKernels.diffAdd(tz, pz[z - 1], pz[z + 1], pz[z - 2], pz[z + 2], k[5], k[6], x0, x1);
			if (far) RowKernels.diffAdd(tz, pz[z - 3], pz[z + 3], pz[z - 4], pz[z + 4], k[7], k[8], x0, x1);
			RowKernels.zPmlStart(t, tz, a, k[0], zz, az, bz, x0, x1);
			if (flush) RowKernels.flush(zz, x0, x1);
			RowKernels.dxx12(t, a, k[1], k[2], x0, x1);
			if (far) RowKernels.dxx34(t, a, k[3], k[4], x0, x1);
		}

		@Override
		void xColumn(final float[] corr, final float[] t, final float[] d, final float[] e, final float[][] p, final int q, final float[][] n,
			final float[] zx, final float[] k, final boolean far, final float a, final float b, final boolean flush, final int i0,
			final int i1) {
			RowKernels.sumDiff12(t, d, p[q], p[q - 1], p[q + 1], p[q - 2], p[q + 2], k[0], k[1], k[2], k[5], k[6], false, i0, i1);
			if (far) RowKernels.sumDiff34(t, d, p[q - 3], p[q + 3], p[q - 4], p[q + 4], k[3], k[4], k[7], k[8], i0, i1);
			RowKernels.diffSet(e, n[0], n[1], n[2], n[3], k[5], k[6], i0, i1);
			if (far) RowKernels.diffAdd(e, n[4], n[5], n[6], n[7], k[7], k[8], i0, i1);
			RowKernels.xPmlColumn(corr, t, e, zx, a, b, i0, i1);
			if (flush) RowKernels.flush(zx, i0, i1);
		}

		@Override
		void zRowAdjoint(final float[] t, final float[] tz, final float[] d, final float[] d2, final float[][] m, final float[][] tau,
			final float[][] pb, final float[] zb, final float[] zbn, final float[] az, final int z, final float[] k, final boolean far,
			final float bz, final boolean flush, final int x0, final int x1) {
			final float[] a = m[z];
			RowKernels.dxx012(t, a, k[0], k[1], k[2], x0, x1);
			if (far) RowKernels.dxx34(t, a, k[3], k[4], x0, x1);
			RowKernels.sumDiff12(tz, d, tau[z], tau[z - 1], tau[z + 1], tau[z - 2], tau[z + 2], k[0], k[1], k[2], k[5], k[6], false,
				x0, x1);
			if (far) RowKernels.sumDiff34(tz, d, tau[z - 3], tau[z + 3], tau[z - 4], tau[z + 4], k[3], k[4], k[7], k[8], x0, x1);
			RowKernels.aPDiff(d2, pb[z + 1], az[z + 1], pb[z - 1], az[z - 1], pb[z + 2], az[z + 2], pb[z - 2], az[z - 2], k[5], k[6], false,
				x0, x1);
			if (far) RowKernels.aPDiff(d2, pb[z + 3], az[z + 3], pb[z - 3], az[z - 3], pb[z + 4], az[z + 4], pb[z - 4], az[z - 4], k[7],
				k[8], true, x0, x1);
			RowKernels.zBar(zbn, a, zb, bz, x0, x1);
			if (flush) RowKernels.flush(zbn, x0, x1);
			RowKernels.addSub(t, tz, d2, x0, x1);
		}

		@Override
		void xColumnAdjoint(final float[] corr, final float[] t, final float[] d, final float[] e, final float[][] p, final int q,
			final float[][] dn, final float[][] an, final float[] zb, final float[] zbn, final float[] k, final boolean far, final float b,
			final boolean flush, final int i0, final int i1) {
			// t = Dxx delta, d = Dx mu + Dx delta = Dx tau (scratch), e = Dx (ax sigma).
			RowKernels.diffSet(d, p[q - 1], p[q + 1], p[q - 2], p[q + 2], k[5], k[6], i0, i1);
			if (far) RowKernels.diffAdd(d, p[q - 3], p[q + 3], p[q - 4], p[q + 4], k[7], k[8], i0, i1);
			RowKernels.sumDiff12(t, d, dn[0], dn[1], dn[2], dn[3], dn[4], k[0], k[1], k[2], k[5], k[6], true, i0, i1);
			if (far) RowKernels.sumDiff34(t, d, dn[5], dn[6], dn[7], dn[8], k[3], k[4], k[7], k[8], i0, i1);
			RowKernels.diffSet(e, an[0], an[1], an[2], an[3], k[5], k[6], i0, i1);
			if (far) RowKernels.diffAdd(e, an[4], an[5], an[6], an[7], k[7], k[8], i0, i1);
			RowKernels.zBar(zbn, p[q], zb, b, i0, i1);
			if (flush) RowKernels.flush(zbn, i0, i1);
			RowKernels.difference(corr, t, e, i0, i1);
		}

		@Override
		void rmInterior(final float[] o, final float[][] u, final int z, final float[] c, final float[] k, final boolean flush,
			final float[] kOut, final int kShift, final int x0, final int x1, final float[] tmp) {
			RowMajorKernels.interior(o, u, z, c, k, flush, kOut, kShift, x0, x1);
		}

		@Override
		void rmInterior2(final float[] o0, final float[] o1, final float[][] u, final int z, final float[] c0, final float[] c1, final float[] k,
			final boolean flush, final float[] kOut, final int kShift0, final int kShift1, final int x0, final int x1, final float[] tmp) {
			RowMajorKernels.interior(o0, u, z, c0, k, flush, kOut, kShift0, x0, x1);
			RowMajorKernels.interior(o1, u, z + 1, c1, k, flush, kOut, kShift1, x0, x1);
		}

		@Override
		void rmPz(final float[] pn, final float[] p, final float[][] u, final int z, final float[] k, final float az, final float bz,
			final boolean flush, final int x0, final int x1) {
			RowMajorKernels.pz(pn, p, u, z, k, az, bz, flush, x0, x1);
		}

		@Override
		void rmPx(final float[] pn, final float[] p, final float[] a, final float[] ax, final float[] bx, final float[] k, final boolean flush,
			final int x0, final int x1) {
			RowMajorKernels.px(pn, p, a, ax, bx, k, flush, x0, x1);
		}

		@Override
		void rmXLayer(final float[] o, final float[][] u, final float[] px, final float[] zx, final float[] ax, final float[] bx,
			final boolean zTerms, final float[][] pz, final float[] zz, final int z, final float[] c, final float[] k, final float az,
			final float bz, final boolean flush, final float[] kOut, final int kShift, final int x0, final int x1, final float[] tmp) {
			RowMajorKernels.xLayer(o, u, px, zx, ax, bx, zTerms, pz, zz, z, c, k, az, bz, flush, kOut, kShift, x0, x1);
		}

		@Override
		void rmZInterior(final float[] o, final float[][] u, final float[][] pz, final float[] zz, final int z, final float[] c,
			final float[] k, final float az, final float bz, final boolean flush, final int x0, final int x1, final float[] tmp) {
			RowMajorKernels.zInterior(o, u, pz, zz, z, c, k, az, bz, flush, x0, x1);
		}

		@Override
		void rmAccumulate(final float[] g, final float[] m, final float[] k, final int kShift, final int x0, final int x1) {
			RowMajorKernels.accumulate(g, m, k, kShift, x0, x1);
		}

		@Override
		void rmTauX(final float[] t, final float[] qn, final float[] m, final float[] q, final float[] ax, final float[] bx, final boolean flush,
			final int x0, final int x1) {
			RowMajorKernels.tauX(t, qn, m, q, ax, bx, flush, x0, x1);
		}

		@Override
		void rmSigmaX(final float[] as, final float[] pbn, final float[] pb, final float[] t, final float[] ax, final float[] bx,
			final float[] k, final boolean flush, final int x0, final int x1) {
			RowMajorKernels.sigmaX(as, pbn, pb, t, ax, bx, k, flush, x0, x1);
		}

		@Override
		void rmSigmaZ(final float[] as, final float[] pbn, final float[] pb, final float[][] tau, final int z, final float[] k, final float az,
			final float bz, final boolean flush, final int x0, final int x1) {
			RowMajorKernels.sigmaZ(as, pbn, pb, tau, z, k, az, bz, flush, x0, x1);
		}

		@Override
		void rmXLayerAdjoint(final float[] o, final float[] m, final float[][] tau, final float[] t, final float[] as, final boolean zTerms,
			final float[][] sg, final float[] zb, final float[] zbn, final float bz, final int z, final float[] c, final float[] k,
			final boolean flush, final int x0, final int x1, final float[] tmp) {
			RowMajorKernels.xLayerAdjoint(o, m, tau, t, as, zTerms, sg, zb, zbn, bz, z, c, k, flush, x0, x1);
		}
	};

	/** Why {@link #DEFAULT} is what it is (set by load). */
	private static String note;
	/** Whether the stderr-free message has been shown. */
	private static final AtomicBoolean ANNOUNCED = new AtomicBoolean();

	/** The kernel new propagators use: the vector kernel when it loads (and memfwi.vector is not false), else pure Java. */
	static final Kernel DEFAULT = load();

	/**
	 * Says once per JVM which kernel runs: a status line for the vector kernel, a warning with the way to enable it
	 * when the module is missing, a warning when it fails to load; nothing when switched off on purpose.
	 */
	static void announce(final Progress progress) {
		if (note == null || !ANNOUNCED.compareAndSet(false, true)) return;
		if (DEFAULT != JAVA) progress.status(note);
		else progress.warn(note);
	}

	/** "java" or "vector (N floats)". */
	abstract String name();

	/**
	 * The stencil term of an interior row, t = 2 k0 a + sum_j kj (a(x-j) + a(x+j) + u[z-j] + u[z+j]) over
	 * j = 1, 2 (and 3, 4 when far) on a lane-transposed row (x-neighbours 16 j floats away), accumulated ring by
	 * ring with fused multiply-adds (see {@link RowKernels#lap1}).
	 */
	abstract void laplacian(float[] t, float[][] u, int z, float[] k, boolean far, int x0, int x1);

	/** The leapfrog update o = 2 a - o + c t, with values of magnitude at most {@link Propagator#FLUSH_BELOW} set to 0 when flush. */
	abstract void finish(float[] o, float[] a, float[] c, float[] t, boolean flush, int x0, int x1);

	/**
	 * The stencil term t of a row of an absorbing z layer (forward) with its CPML update: with pz the rows of the
	 * memory variable already updated to this step (Pz' = bz Pz + az Dz u), T = Dzz u + Dz Pz', Zz' = bz Zz + az T
	 * (into zz, flushed when flush), t = T + Zz' + Dxx u; tz and d are scratch rows (the pure-Java passes of
	 * {@link RowKernels#sumDiff12} ... {@link RowKernels#dxx34}).
	 */
	abstract void zRow(float[] t, float[] tz, float[] d, float[][] u, float[][] pz, int z, float[] zz, float[] k, boolean far, float az,
		float bz, boolean flush, int x0, int x1);

	/**
	 * One absorbing column of the x layers (forward), over [i0, i1) of the column length: with the field's patch
	 * columns p (this column at q) and n = the memory variable Px' (already updated to this step) of columns c-1, c+1,
	 * c-2, c+2, c-3, c+3, c-4, c+4, corr = Dx Px' + Zx' where Zx' = b Zx + a (Dxx u + Dx Px') (into zx, flushed when
	 * flush); t, d and e are scratch columns (the pure-Java passes of {@link RowKernels#sumDiff12} ...
	 * {@link RowKernels#xPmlColumn}).
	 */
	abstract void xColumn(float[] corr, float[] t, float[] d, float[] e, float[][] p, int q, float[][] n, float[] zx, float[] k, boolean far,
		float a, float b, boolean flush, int i0, int i1);

	/**
	 * The adjoint stencil term t of a row within 4 rows of a z layer, with the adjoint CPML update: with tau the rows
	 * mu + az (mu + Zbar) (mu itself where az = 0) and pb the rows of sigma = Pbar - Dz tau (the adjoint of this
	 * step's Pz'), t = Dxx mu + Dzz tau - Dz (az sigma) and Zbar' = bz (mu + Zbar) (into zbn, flushed when flush); tz,
	 * d and d2 are scratch rows (the pure-Java passes of {@link RowKernels#dxx012} ... {@link RowKernels#addSub}).
	 */
	abstract void zRowAdjoint(float[] t, float[] tz, float[] d, float[] d2, float[][] m, float[][] tau, float[][] pb, float[] zb, float[] zbn,
		float[] az, int z, float[] k, boolean far, float bz, boolean flush, int x0, int x1);

	/**
	 * One absorbing column of the x layers (adjoint), over [i0, i1) of the column length: with the adjoint field's
	 * patch columns p (this column at q), dn = delta = ax (mu + Zxbar) of columns c, c-1, c+1, ..., c-4, c+4 and
	 * an = ax sigma of columns c-1, c+1, ..., c+4 (sigma = Pxbar - Dx (mu + delta), the adjoint of this step's Px'):
	 * corr = Dxx delta - Dx (ax sigma) and Zxbar' = bx (mu + Zxbar) (into zbn, flushed when flush); t, d and e are
	 * scratch columns.
	 */
	abstract void xColumnAdjoint(float[] corr, float[] t, float[] d, float[] e, float[][] p, int q, float[][] dn, float[][] an, float[] zb,
		float[] zbn, float[] k, boolean far, float b, boolean flush, int i0, int i1);

	// -- the row-major forward step (RowMajor; the pure-Java loops and their formulas are in RowMajorKernels) --

	/**
	 * An interior segment [x0, x1) of row z of a plain row-major field: o = 2 u - o + C K, K the Laplacian
	 * ({@link RowMajorKernels#interior}), and K into kOut[x + kShift] when not null; tmp is per-thread scratch of at least
	 * {@link RowMajor#TMP} floats (for the last vector of a segment, computed before the loop overwrites what it reads).
	 * The adjoint step uses it too (the interior of the scheme is self-adjoint).
	 */
	abstract void rmInterior(float[] o, float[][] u, int z, float[] c, float[] k, boolean flush, float[] kOut, int kShift, int x0, int x1,
		float[] tmp);

	/**
	 * {@link #rmInterior} of rows z (into o0, coefficients c0) and z + 1 (o1, c1) at once, the same floats: the two rows
	 * share the loads of rows z - 3 to z + 4. K of row z into kOut[x + kShift0] and of row z + 1 into kOut[x + kShift1]
	 * when kOut is not null. tmp as there, at least 2 vectors.
	 */
	abstract void rmInterior2(float[] o0, float[] o1, float[][] u, int z, float[] c0, float[] c1, float[] k, boolean flush, float[] kOut,
		int kShift0, int kShift1, int x0, int x1, float[] tmp);

	/** The z memory variable of an absorbing row, pn = bz p + az Dz u ({@link RowMajorKernels#pz}). */
	abstract void rmPz(float[] pn, float[] p, float[][] u, int z, float[] k, float az, float bz, boolean flush, int x0, int x1);

	/** The x memory variable of a segment of row a, pn = bx p + ax Dx a ({@link RowMajorKernels#px}). */
	abstract void rmPx(float[] pn, float[] p, float[] a, float[] ax, float[] bx, float[] k, boolean flush, int x0, int x1);

	/**
	 * An x-layer segment, with the z-layer terms when zTerms, and K into kOut[x + kShift] when not null
	 * ({@link RowMajorKernels#xLayer}).
	 */
	abstract void rmXLayer(float[] o, float[][] u, float[] px, float[] zx, float[] ax, float[] bx, boolean zTerms, float[][] pz, float[] zz,
		int z, float[] c, float[] k, float az, float bz, boolean flush, float[] kOut, int kShift, int x0, int x1, float[] tmp);

	/**
	 * The x-layer segments {x0, x1, x0, x1, ...} (ascending, disjoint) of a row without z-layer terms: for each,
	 * {@link #rmPx} into pxn, then {@link #rmXLayer} (in place, tmp as there; K into kOut[x + kShift] when not null).
	 */
	void rmXSegments(final float[] o, final float[][] u, final float[] pxn, final float[] px, final float[] zx, final float[] ax,
		final float[] bx, final int z, final float[] c, final float[] k, final boolean flush, final float[] kOut, final int kShift,
		final int[] seg, final float[] tmp) {
		for (int i = 0; i < seg.length; i += 2) {
			rmPx(pxn, px, u[z], ax, bx, k, flush, seg[i], seg[i + 1]);
			rmXLayer(o, u, pxn, zx, ax, bx, false, null, null, z, c, k, 0, 0, flush, kOut, kShift, seg[i], seg[i + 1], tmp);
		}
	}

	/**
	 * The columns [x0, x1) of a row with z-layer terms that lie outside its x-layer segments (no x memory variables
	 * there), in place like {@link #rmXLayer} ({@link RowMajorKernels#zInterior}); tmp as for {@link #rmInterior}.
	 */
	abstract void rmZInterior(float[] o, float[][] u, float[][] pz, float[] zz, int z, float[] c, float[] k, float az, float bz,
		boolean flush, int x0, int x1, float[] tmp);

	/** g += m K over [x0, x1) with K at k[x + kShift] ({@link RowMajorKernels#accumulate}). */
	abstract void rmAccumulate(float[] g, float[] m, float[] k, int kShift, int x0, int x1);

	// -- the row-major adjoint step (RowMajor.adjoint; formulas in RowMajorKernels) --

	/** t = m + ax (m + q), qn = bx (m + q) over [x0, x1) ({@link RowMajorKernels#tauX}). */
	abstract void rmTauX(float[] t, float[] qn, float[] m, float[] q, float[] ax, float[] bx, boolean flush, int x0, int x1);

	/** sigma = pb - Dx t, pbn = bx sigma, as = ax sigma over [x0, x1) ({@link RowMajorKernels#sigmaX}). */
	abstract void rmSigmaX(float[] as, float[] pbn, float[] pb, float[] t, float[] ax, float[] bx, float[] k, boolean flush, int x0, int x1);

	/** sigma = pb - Dz tau, pbn = bz sigma, as = az sigma of row z over [x0, x1) ({@link RowMajorKernels#sigmaZ}). */
	abstract void rmSigmaZ(float[] as, float[] pbn, float[] pb, float[][] tau, int z, float[] k, float az, float bz, boolean flush, int x0,
		int x1);

	/**
	 * An adjoint segment: o = 2 m - o + C ((Sx t - Dx as) + (Sz tau - Dz sg)), with Zzbar' when zTerms
	 * ({@link RowMajorKernels#xLayerAdjoint}); tmp as for {@link #rmInterior}.
	 */
	abstract void rmXLayerAdjoint(float[] o, float[] m, float[][] tau, float[] t, float[] as, boolean zTerms, float[][] sg, float[] zb,
		float[] zbn, float bz, int z, float[] c, float[] k, boolean flush, int x0, int x1, float[] tmp);

	/**
	 * The vector kernel when the module is present and the class links, agrees with the pure-Java one on a test row
	 * and is not switched off by {@code -Dmemfwi.vector=false}; otherwise {@link #JAVA}. Sets the note that
	 * {@link #announce} shows.
	 */
	private static Kernel load() {
		if ("false".equals(System.getProperty("memfwi.vector"))) return JAVA;
		if (!vectorModulePresent()) {
			note = "time-domain kernel: pure Java; for the faster Vector API kernel start Java with --add-modules " + VECTOR_MODULE +
				" (Fiji/ImageJ: add it to the JVM options, see the README)";
			return JAVA;
		}
		try {
			final Kernel k = vector();
			final String mismatch = agreement(k);
			if (mismatch != null) {
				note = "time-domain kernel: pure Java (the Vector API kernel disagrees with it: " + mismatch + ")";
				return JAVA;
			}
			note = "time-domain kernel: " + k.name();
			return k;
		}
		catch (final LinkageError | ReflectiveOperationException | RuntimeException e) {
			// A bad -Dmemfwi.vector.bits fails the class's initializer: say what was wrong, not the wrapper's name.
			final Throwable why = e instanceof ExceptionInInitializerError && e.getCause() != null ? e.getCause() : e;
			note = "time-domain kernel: pure Java (the Vector API kernel does not load: " +
				(why instanceof IllegalArgumentException ? why.getMessage() : why.toString()) + ")";
			return JAVA;
		}
	}

	/**
	 * A new vector kernel, loaded reflectively (the class links only when the JVM has the module).
	 *
	 * @throws LinkageError without the module
	 */
	static Kernel vector() throws ReflectiveOperationException {
		return (Kernel) Class.forName("org.memfwi.core.wave.VectorKernel").getDeclaredConstructor().newInstance();
	}

	/** True if the JVM runs with the Vector API module. */
	static boolean vectorModulePresent() {
		return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
	}

	/** Null if k computes a random 9-row patch like {@link #JAVA} (to the bit), else what differs. */
	static String agreement(final Kernel k) {
		final int m = 5, span = 16 * (m + 8), x0 = 64, x1 = 64 + 16 * m;
		final float[][] u = new float[9][span];
		final float[] c = new float[span], o1 = new float[span], t1 = new float[span];
		long seed = 12345;
		for (final float[] r : u)
			for (int x = 0; x < span; x++) {
				seed = seed * 6364136223846793005L + 1442695040888963407L;
				r[x] = (float) ((seed >>> 40) / (double) (1 << 24) - 0.5) * (x % 7 == 0 ? 1e-31f : 1f);
			}
		for (int x = 0; x < span; x++) {
			c[x] = 0.01f * (x % 13);
			o1[x] = u[8][x] * 0.5f;
		}
		final float[] o2 = o1.clone(), t2 = new float[span];
		final float[] kk = { -2.8472223f, 1.6f, -0.2f, 0.025396826f, -0.0017857143f, 0.8f, -0.2f, 0.038095236f, -0.0035714286f };
		for (final boolean far : new boolean[] { false, true }) {
			JAVA.laplacian(t1, u, 4, kk, far, x0, x1);
			k.laplacian(t2, u, 4, kk, far, x0, x1);
			JAVA.finish(o1, u[4], c, t1, far, x0, x1);
			k.finish(o2, u[4], c, t2, far, x0, x1);
			for (int x = x0; x < x1; x++)
				if (Float.floatToIntBits(t1[x]) != Float.floatToIntBits(t2[x]) || Float.floatToIntBits(o1[x]) != Float.floatToIntBits(o2[x]))
					return "cell " + x + (far ? ", order 8" : ", order 4") + ": " + t1[x] + " / " + o1[x] + " vs " + t2[x] + " / " + o2[x];
			// An absorbing z-layer row: pz is u scaled, zz starts from o.
			final float[][] pz = new float[9][];
			for (int j = 0; j < 9; j++) {
				pz[j] = u[(j + 3) % 9].clone();
				for (int x = 0; x < span; x++) pz[j][x] *= 0.3f;
			}
			final float[] z1 = o1.clone(), z2 = o1.clone(), n1 = new float[span], n2 = new float[span];
			JAVA.zRow(t1, new float[span], new float[span], u, pz, 4, z1, kk, far, -0.2f, 0.7f, far, x0, x1);
			k.zRow(t2, new float[span], new float[span], u, pz, 4, z2, kk, far, -0.2f, 0.7f, far, x0, x1);
			for (int x = x0; x < x1; x++)
				if (Float.floatToIntBits(t1[x]) != Float.floatToIntBits(t2[x]) || Float.floatToIntBits(z1[x]) != Float.floatToIntBits(z2[x]) ||
					Float.floatToIntBits(n1[x]) != Float.floatToIntBits(n2[x]))
					return "z-layer cell " + x + (far ? ", order 8" : ", order 4") + ": " + t1[x] + ", " + z1[x] + ", " + n1[x] + " vs " + t2[x] +
						", " + z2[x] + ", " + n2[x];
			// The row-major forward passes over a range that is not a multiple of the vector length: interior, Pz, Px,
			// and an x-layer segment with and without z terms (flushed when far).
			final int r0 = 5, r1 = span - 6;
			final float[] i1 = o1.clone(), i2 = o1.clone(), q1 = new float[span], q2 = new float[span], tmp = new float[RowMajor.TMP];
			final float[] ax = new float[span], bx = new float[span];
			for (int x = 0; x < span; x++) {
				ax[x] = x % 5 == 0 ? 0 : -0.01f * (x % 9);
				bx[x] = x % 5 == 0 ? 0 : 0.9f + 0.01f * (x % 4);
			}
			final float[] k1 = new float[span], k2 = new float[span];
			JAVA.rmInterior(i1, u, 4, c, kk, far, k1, 3, r0, r1, null);
			k.rmInterior(i2, u, 4, c, kk, far, k2, 3, r0, r1, tmp);
			JAVA.rmPz(q1, pz[4], u, 4, kk, -0.3f, 0.8f, far, r0, r1);
			k.rmPz(q2, pz[4], u, 4, kk, -0.3f, 0.8f, far, r0, r1);
			String diff = firstDifference(r0 - 4, r1 + 4, i1, i2, q1, q2, k1, k2);
			if (diff != null) return "row-major interior / Pz " + diff;
			// Two interior rows at once (rows 4 and 5 of a 10-row patch).
			final float[][] u10 = new float[10][];
			for (int j = 0; j < 10; j++) u10[j] = j < 9 ? u[j] : pz[1];
			final float[] w1 = o1.clone(), w2 = o1.clone(), w3 = o1.clone(), w4 = o1.clone();
			JAVA.rmInterior2(w1, w2, u10, 4, c, pz[3], kk, far, null, 0, 0, r0, r1, null);
			k.rmInterior2(w3, w4, u10, 4, c, pz[3], kk, far, null, 0, 0, r0, r1, tmp);
			diff = firstDifference(0, span, w1, w3, w2, w4);
			if (diff != null) return "row-major interior pair " + diff;
			// The same with K of both rows stored (row z + 1's K after row z's, as the gradient's levels), over a range
			// with a last overlapping vector and over one of whole vectors (up to 16 floats).
			final float[] kp1 = new float[2 * span + 8], kp2 = new float[2 * span + 8];
			for (final int e : new int[] { r1, r0 + 176 }) {
				JAVA.rmInterior2(w1, w2, u10, 4, c, pz[3], kk, far, kp1, 3, span + 5, r0, e, null);
				k.rmInterior2(w3, w4, u10, 4, c, pz[3], kk, far, kp2, 3, span + 5, r0, e, tmp);
				diff = firstDifference(0, span, w1, w3, w2, w4);
				if (diff == null) diff = firstDifference(0, kp1.length, kp1, kp2);
				if (diff != null) return "row-major interior pair with K, [" + r0 + ", " + e + "): " + diff;
			}
			JAVA.rmPx(q1, pz[2], u[4], ax, bx, kk, far, r0, r1);
			k.rmPx(q2, pz[2], u[4], ax, bx, kk, far, r0, r1);
			for (final boolean zTerms : new boolean[] { false, true }) {
				final float[] zx1 = pz[6].clone(), zx2 = pz[6].clone(), zz1 = pz[7].clone(), zz2 = pz[7].clone();
				JAVA.rmXLayer(i1, u, q1, zx1, ax, bx, zTerms, pz, zz1, 4, c, kk, -0.2f, 0.7f, far, k1, -2, r0, r1, null);
				k.rmXLayer(i2, u, q2, zx2, ax, bx, zTerms, pz, zz2, 4, c, kk, -0.2f, 0.7f, far, k2, -2, r0, r1, tmp);
				diff = firstDifference(r0 - 4, r1 + 4, i1, i2, q1, q2, zx1, zx2, zz1, zz2, k1, k2);
				if (diff != null) return "row-major x layer" + (zTerms ? " with z terms " : " ") + diff;
			}
			{
				// Several x-layer segments in one call (some of a whole number of vectors, one not).
				final float[] zx1 = pz[6].clone(), zx2 = pz[6].clone(), pn1 = new float[span], pn2 = new float[span];
				for (final int[] seg : new int[][] { { r0, r0 + 3, r0 + 8, r0 + 24, r0 + 29, r1 - 11, r1 - 8, r1 },
					{ r0, r0 + 16, r0 + 48, r0 + 96, r0 + 128, r0 + 176 } }) {
					JAVA.rmXSegments(i1, u, pn1, pz[2], zx1, ax, bx, 4, c, kk, far, null, 0, seg, null);
					k.rmXSegments(i2, u, pn2, pz[2], zx2, ax, bx, 4, c, kk, far, null, 0, seg, tmp);
					diff = firstDifference(r0 - 4, r1 + 4, i1, i2, pn1, pn2, zx1, zx2);
					if (diff != null) return "row-major x-layer segments " + diff;
					JAVA.rmXSegments(i1, u, pn1, pz[2], zx1, ax, bx, 4, c, kk, far, k1, -2, seg, null);
					k.rmXSegments(i2, u, pn2, pz[2], zx2, ax, bx, 4, c, kk, far, k2, -2, seg, tmp);
					diff = firstDifference(r0 - 4, r1 + 4, i1, i2, pn1, pn2, zx1, zx2, k1, k2);
					if (diff != null) return "row-major x-layer segments with K " + diff;
				}
			}
			{
				final float[] zz1 = pz[7].clone(), zz2 = pz[7].clone();
				JAVA.rmZInterior(i1, u, pz, zz1, 4, c, kk, -0.2f, 0.7f, far, r0, r1, null);
				k.rmZInterior(i2, u, pz, zz2, 4, c, kk, -0.2f, 0.7f, far, r0, r1, tmp);
				diff = firstDifference(r0 - 4, r1 + 4, i1, i2, zz1, zz2);
				if (diff != null) return "row-major z terms outside the x layers " + diff;
			}
			// The row-major adjoint passes: T and Zxbar', sigma of x and z, an adjoint segment with and without z terms.
			final float[] ta1 = new float[span], ta2 = new float[span], zb1 = new float[span], zb2 = new float[span];
			JAVA.rmTauX(ta1, zb1, u[4], pz[1], ax, bx, far, r0 - 4, r1 + 4);
			k.rmTauX(ta2, zb2, u[4], pz[1], ax, bx, far, r0 - 4, r1 + 4);
			final float[] as1 = new float[span], as2 = new float[span], pb1 = new float[span], pb2 = new float[span];
			JAVA.rmSigmaX(as1, pb1, pz[3], ta1, ax, bx, kk, far, r0, r1);
			k.rmSigmaX(as2, pb2, pz[3], ta1, ax, bx, kk, far, r0, r1);
			diff = firstDifference(0, span, ta1, ta2, zb1, zb2, as1, as2, pb1, pb2);
			if (diff != null) return "row-major adjoint x memory " + diff;
			final float[] sz1 = new float[span], sz2 = new float[span];
			JAVA.rmSigmaZ(sz1, pb1, pz[3], u, 4, kk, -0.25f, 0.6f, far, r0, r1);
			k.rmSigmaZ(sz2, pb2, pz[3], u, 4, kk, -0.25f, 0.6f, far, r0, r1);
			diff = firstDifference(0, span, sz1, sz2, pb1, pb2);
			if (diff != null) return "row-major adjoint z memory " + diff;
			for (final boolean zTerms : new boolean[] { false, true }) {
				final float[] zn1 = new float[span], zn2 = new float[span];
				JAVA.rmXLayerAdjoint(i1, u[4], pz, ta1, as1, zTerms, u, pz[5], zn1, 0.7f, 4, c, kk, far, r0, r1, null);
				k.rmXLayerAdjoint(i2, u[4], pz, ta1, as1, zTerms, u, pz[5], zn2, 0.7f, 4, c, kk, far, r0, r1, tmp);
				diff = firstDifference(0, span, i1, i2, zn1, zn2);
				if (diff != null) return "row-major adjoint segment" + (zTerms ? " with z terms " : " ") + diff;
			}
			final float[] s1 = pz[8].clone(), s2 = pz[8].clone();
			JAVA.rmAccumulate(s1, u[4], u[6], 2, r0, r1);
			k.rmAccumulate(s2, u[4], u[6], 2, r0, r1);
			diff = firstDifference(0, span, s1, s2);
			if (diff != null) return "row-major gradient sum " + diff;
			// An adjoint row near a z layer: tau is u scaled, Pbar is pz.
			final float[][] tau = new float[9][];
			for (int j = 0; j < 9; j++) {
				tau[j] = u[(j + 5) % 9].clone();
				for (int x = 0; x < span; x++) tau[j][x] *= 1.7f;
			}
			final float[] azs = { -0.1f, -0.2f, 0, -0.05f, -0.3f, -0.15f, 0, -0.25f, -0.12f };
			final float[] b1 = new float[span], b2 = new float[span], e1 = new float[span], e2 = new float[span];
			JAVA.zRowAdjoint(t1, new float[span], new float[span], new float[span], u, tau, pz, o1, e1, azs, 4, kk, far, 0.8f, far, x0, x1);
			k.zRowAdjoint(t2, new float[span], new float[span], new float[span], u, tau, pz, o1, e2, azs, 4, kk, far, 0.8f, far, x0, x1);
			for (int x = x0; x < x1; x++)
				if (Float.floatToIntBits(t1[x]) != Float.floatToIntBits(t2[x]) || Float.floatToIntBits(b1[x]) != Float.floatToIntBits(b2[x]) ||
					Float.floatToIntBits(e1[x]) != Float.floatToIntBits(e2[x]))
					return "adjoint z-layer cell " + x + (far ? ", order 8" : ", order 4") + ": " + t1[x] + ", " + b1[x] + ", " + e1[x] + " vs " +
						t2[x] + ", " + b2[x] + ", " + e2[x];
			// An x-layer column over a range that is not a multiple of the vector length (the tail).
			final float[][] nb = { pz[0], pz[1], pz[2], pz[3], pz[5], pz[6], pz[7], pz[8] };
			final float[] zx1 = o1.clone(), zx2 = o1.clone(), c1 = new float[span], c2 = new float[span], x1n = new float[span],
				x2n = new float[span];
			JAVA.xColumn(c1, new float[span], new float[span], new float[span], u, 4, nb, zx1, kk, far, -0.3f, 0.6f, far, 3, span - 5);
			k.xColumn(c2, new float[span], new float[span], new float[span], u, 4, nb, zx2, kk, far, -0.3f, 0.6f, far, 3, span - 5);
			for (int x = 0; x < span; x++)
				if (Float.floatToIntBits(c1[x]) != Float.floatToIntBits(c2[x]) || Float.floatToIntBits(zx1[x]) != Float.floatToIntBits(zx2[x]) ||
					Float.floatToIntBits(x1n[x]) != Float.floatToIntBits(x2n[x]))
					return "x-layer cell " + x + (far ? ", order 8" : ", order 4") + ": " + c1[x] + ", " + zx1[x] + ", " + x1n[x] + " vs " + c2[x] +
						", " + zx2[x] + ", " + x2n[x];
			// An adjoint x-layer column, over a range with a tail.
			final float[][] dn = { pz[4], pz[0], pz[1], pz[2], pz[3], pz[5], pz[6], pz[7], pz[8] }, an = { tau[0], tau[1], tau[2], tau[3], tau[5],
				tau[6], tau[7], tau[8] };
			final float[] g1 = new float[span], g2 = new float[span], h1 = new float[span], h2 = new float[span], j1 = new float[span],
				j2 = new float[span];
			JAVA.xColumnAdjoint(g1, new float[span], new float[span], new float[span], u, 4, dn, an, o1, j1, kk, far, 0.9f, far, 3, span - 5);
			k.xColumnAdjoint(g2, new float[span], new float[span], new float[span], u, 4, dn, an, o1, j2, kk, far, 0.9f, far, 3, span - 5);
			for (int x = 0; x < span; x++)
				if (Float.floatToIntBits(g1[x]) != Float.floatToIntBits(g2[x]) || Float.floatToIntBits(h1[x]) != Float.floatToIntBits(h2[x]) ||
					Float.floatToIntBits(j1[x]) != Float.floatToIntBits(j2[x]))
					return "adjoint x-layer cell " + x + (far ? ", order 8" : ", order 4") + ": " + g1[x] + ", " + h1[x] + ", " + j1[x] + " vs " +
						g2[x] + ", " + h2[x] + ", " + j2[x];
		}
		return null;
	}

	/** Null if each pair of arrays (a1, a2, b1, b2, ...) agrees to the bit over [x0, x1), else the first cell that differs. */
	private static String firstDifference(final int x0, final int x1, final float[]... pairs) {
		for (int i = 0; i < pairs.length; i += 2)
			for (int x = x0; x < x1; x++)
				if (Float.floatToIntBits(pairs[i][x]) != Float.floatToIntBits(pairs[i + 1][x]))
					return "cell " + x + " of output " + i / 2 + ": " + pairs[i][x] + " vs " + pairs[i + 1][x];
		return null;
	}
}
