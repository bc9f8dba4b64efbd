package org.memfwi.core.helmholtz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.memfwi.core.grid.Grid2D;

class HelmholtzSolverTest {

	private static final double V = 2000, DX = 10;

	/**
	 * Largest relative error of the computed wavefield against {@code (i/4) H0^(1)(k r)} over the grid points between 1
	 * and 2.5 wavelengths from a source in the middle of a homogeneous model 6 wavelengths wide (PML 1 wavelength).
	 */
	private static double greenError(final Stencil stencil, final double pointsPerWavelength) {
		final double f = V / (pointsPerWavelength * DX), lambda = V / f, k = 2 * Math.PI / lambda;
		final int n = (int) Math.round(6 * lambda / DX) + 1, pml = (int) Math.ceil(lambda / DX);
		final double c = (n - 1) / 2 * DX;
		final HelmholtzSolver s = new HelmholtzSolver(new Grid2D(n, n, DX), new HelmholtzAcquisition(new double[] { c },
			new double[] { c }, new double[] { c }, new double[] { c }), HelmholtzConfig.defaults().withFrequencies(f).withPml(pml)
				.withStencil(stencil).resolve(V, DX));
		final double[] m = new double[n * n];
		Arrays.fill(m, 1 / (V * V));
		final MultifrontalLdlt lu = s.factor(s.extend(m), 0);
		final double[] ur = new double[s.unknowns()], ui = new double[s.unknowns()];
		s.sourceTerms(ur, ui);
		lu.solve(ur, ui, 1, ur, ui);
		double worst = 0;
		for (int iz = 0; iz < n; iz++)
			for (int ix = 0; ix < n; ix++) {
				final double r = Math.hypot(ix * DX - c, iz * DX - c);
				if (r < lambda || r > 2.5 * lambda) continue;
				final double[] h = Hankel.h0(k * r);
				final double gr = -0.25 * h[1], gi = 0.25 * h[0]; // (i/4) H0
				final int e = ix + pml + s.extendedNx() * (iz + pml);
				worst = Math.max(worst, Math.hypot(ur[e] - gr, ui[e] - gi) / Math.hypot(gr, gi));
			}
		return worst;
	}

	/**
	 * The 5-point operator converges to the analytic Green's function at second order: measured 27 % at 10 points
	 * per wavelength (numerical dispersion accumulated over 2.5 wavelengths) and 6.5 % at 20.
	 */
	@Test
	void fivePointMatchesTheGreensFunctionAtSecondOrder() {
		final double e10 = greenError(Stencil.FIVE_POINT, 10), e20 = greenError(Stencil.FIVE_POINT, 20);
		assertTrue(e10 < 0.30, "5-point, 10 points per wavelength: " + e10);
		assertTrue(e20 < 0.07, "5-point, 20 points per wavelength: " + e20);
		assertTrue(e10 / e20 > 3.6 && e10 / e20 < 4.6, "second-order convergence expected, error ratio " + e10 / e20);
	}

	/** The optimal 9-point scheme: 5.0 % at 10 points per wavelength (the 5-point scheme needs 20 for that). */
	@Test
	void ninePointIsMoreAccurate() {
		final double e10 = greenError(Stencil.NINE_POINT, 10), e5 = greenError(Stencil.NINE_POINT, 5);
		assertTrue(e10 < 0.055, "9-point, 10 points per wavelength: " + e10);
		assertTrue(e5 < 0.2, "9-point, 5 points per wavelength: " + e5);
		assertTrue(e10 < 0.25 * greenError(Stencil.FIVE_POINT, 10));
	}

	/**
	 * Inside the model (no stretching) each row of the matrix applied to a plane wave gives the discrete symbol:
	 * 5-point {@code -4 (sx^2 + sz^2) / h^2 + w^2 m}; 9-point Jo et al. (1996),
	 * {@code a L5 + (1 - a) Lrot + w^2 m (b + 2 c (cos + cos) + 4 d cos cos)} with the rotated Laplacian written from
	 * its own definition, {@code Lrot = (corners - 4 u) / (2 h^2)}.
	 */
	@Test
	void interiorRowsHaveTheTextbookSymbol() {
		for (final Stencil st : Stencil.values()) {
			final int n = 30, pml = 5;
			final Grid2D g = new Grid2D(n, n, DX);
			final double f = 7;
			final HelmholtzSolver s = new HelmholtzSolver(g, HelmholtzAcquisition.defaults(g), HelmholtzConfig.defaults()
				.withFrequencies(f).withPml(pml).withStencil(st).resolve(V, DX));
			final double m0 = 1 / (V * V), w = 2 * Math.PI * f;
			final double[] m = new double[n * n];
			Arrays.fill(m, m0);
			final GridMatrix a = s.matrix(s.extend(m), w);
			final double kx = 0.013, kz = -0.021; // rad/m
			final int N = s.unknowns(), ex = s.extendedNx();
			final double[] ur = new double[N], ui = new double[N], yr = new double[N], yi = new double[N];
			for (int j = 0; j < s.extendedNz(); j++)
				for (int i = 0; i < ex; i++) {
					ur[i + ex * j] = Math.cos(kx * i * DX + kz * j * DX);
					ui[i + ex * j] = Math.sin(kx * i * DX + kz * j * DX);
				}
			a.multiply(ur, ui, yr, yi);
			final double h2 = DX * DX, cx = Math.cos(kx * DX), cz = Math.cos(kz * DX);
			final double l5 = (2 * cx + 2 * cz - 4) / h2;
			final double symbol;
			if (st == Stencil.FIVE_POINT) symbol = l5 + w * w * m0;
			else {
				final double lrot = (4 * cx * cz - 4) / (2 * h2);
				symbol = Stencil.JO_A * l5 + (1 - Stencil.JO_A) * lrot + w * w * m0 * (Stencil.JO_B + 2 * Stencil.JO_C * (cx + cz) +
					4 * Stencil.JO_D * cx * cz);
			}
			for (int j = pml + 2; j < pml + n - 2; j += 5)
				for (int i = pml + 2; i < pml + n - 2; i += 3) {
					final int c = i + ex * j;
					assertEquals(symbol * ur[c], yr[c], 1e-12 * Math.abs(symbol) + 1e-18, st + " row (" + i + ", " + j + ")");
					assertEquals(symbol * ui[c], yi[c], 1e-12 * Math.abs(symbol) + 1e-18, st + " row (" + i + ", " + j + ")");
				}
		}
	}

	/**
	 * The PML absorbs: with the default width (20 cells) and automatic damping the wavefield in the model equals the
	 * one computed with a PML 7.5 times wider to 1e-4 (relative l2; measured 1.1e-5), while a PML of 2 cells is clearly
	 * worse (measured 8 %).
	 */
	@Test
	void pmlAbsorbs() {
		final Grid2D g = new Grid2D(32, 32, DX);
		final double v = 2000;
		final double[] wide = modelField(g, 150, v), thin = modelField(g, 2, v), def = modelField(g, 20, v);
		final double dDefault = relativeDifference(def, wide), dThin = relativeDifference(thin, wide);
		assertTrue(dDefault < 1e-4, "20-cell PML: " + dDefault);
		assertTrue(dThin > 100 * dDefault, "2-cell PML: " + dThin + ", 20 cells: " + dDefault);
	}

	/** Wavefield of the middle default source at 8 Hz in a homogeneous model, on the model cells (re, im pairs). */
	private static double[] modelField(final Grid2D g, final int pml, final double v) {
		final HelmholtzSolver s = new HelmholtzSolver(g, HelmholtzAcquisition.defaults(g), HelmholtzConfig.defaults()
			.withFrequencies(8).withPml(pml).resolve(v, DX));
		final double[] m = new double[g.size()];
		Arrays.fill(m, 1 / (v * v));
		final int n = s.unknowns();
		final double[] br = new double[5 * n], bi = new double[5 * n];
		s.sourceTerms(br, bi);
		s.factor(s.extend(m), 0).solve(br, bi, 5, br, bi);
		final double[] out = new double[2 * g.size()];
		for (int iz = 0; iz < g.nz(); iz++)
			for (int ix = 0; ix < g.nx(); ix++) {
				final int e = 2 * n + ix + pml + s.extendedNx() * (iz + pml);
				out[2 * g.index(ix, iz)] = br[e];
				out[2 * g.index(ix, iz) + 1] = bi[e];
			}
		return out;
	}

	private static double relativeDifference(final double[] a, final double[] b) {
		double num = 0, den = 0;
		for (int i = 0; i < a.length; i++) {
			num += (a[i] - b[i]) * (a[i] - b[i]);
			den += b[i] * b[i];
		}
		return Math.sqrt(num / den);
	}

	/** A smooth heterogeneous squared-slowness model, 1500..3000 m/s. */
	static double[] smoothModel(final Grid2D g, final long seed) {
		final SplittableRandom r = new SplittableRandom(seed);
		final double a = r.nextDouble(), b = r.nextDouble(), c = r.nextDouble();
		final double[] m = new double[g.size()];
		for (int iz = 0; iz < g.nz(); iz++)
			for (int ix = 0; ix < g.nx(); ix++) {
				final double v = 1500 + 1000 * iz / (double) g.nz() + 300 * Math.sin(3 * a + 0.4 * ix * b) * Math.cos(0.3 * iz + c) +
					50 * r.nextDouble();
				m[g.index(ix, iz)] = 1 / (v * v);
			}
		return m;
	}

	/** Source at A observed at B equals source at B observed at A, for grid and off-grid (bilinear) positions. */
	@Test
	void reciprocity() {
		for (final Stencil st : Stencil.values()) {
			final Grid2D g = new Grid2D(40, 30, DX);
			final double[] ax = { 55, 123.4 }, az = { 20, 37.5 }, bx = { 310, 271.8 }, bz = { 240, 166.1 };
			final HelmholtzConfig cfg = HelmholtzConfig.defaults().withFrequencies(9).withPml(8).withStencil(st).resolve(3000, DX);
			final double[] m = smoothModel(g, 3);
			final double[] ab = data(new HelmholtzSolver(g, new HelmholtzAcquisition(ax, az, bx, bz), cfg), m);
			final double[] ba = data(new HelmholtzSolver(g, new HelmholtzAcquisition(bx, bz, ax, az), cfg), m);
			// ab[(s * 2 + r)] vs ba[(r * 2 + s)], real parts then imaginary parts
			for (int part = 0; part < 2; part++)
				for (int s = 0; s < 2; s++)
					for (int r = 0; r < 2; r++) {
						final double x = ab[part * 4 + s * 2 + r], y = ba[part * 4 + r * 2 + s];
						assertEquals(x, y, 1e-11 * Math.abs(x), st + " part " + part + " source " + s + " receiver " + r);
					}
		}
	}

	private static double[] data(final HelmholtzSolver s, final double[] m) {
		return new HelmholtzOperator(s, new SquaredSlownessPixels(s.grid())).apply(m, null);
	}

	/** Backward error of the factorization without pivoting, random right-hand sides, both stencils. */
	@Test
	void factorizationBackwardErrorIsAtRoundOff() {
		for (final Stencil st : Stencil.values()) {
			final Grid2D g = new Grid2D(47, 38, DX);
			final HelmholtzSolver s = new HelmholtzSolver(g, HelmholtzAcquisition.defaults(g), HelmholtzConfig.defaults()
				.withFrequencies(11).withPml(10).withStencil(st).resolve(3000, DX));
			final GridMatrix a = s.matrix(s.extend(smoothModel(g, 5)), s.omega(0));
			final MultifrontalLdlt lu = new MultifrontalLdlt(s.analysis(), a);
			final int n = s.unknowns(), nrhs = 3;
			final SplittableRandom r = new SplittableRandom(9);
			final double[] br = new double[n * nrhs], bi = new double[n * nrhs];
			for (int i = 0; i < br.length; i++) {
				br[i] = r.nextDouble() - 0.5;
				bi[i] = r.nextDouble() - 0.5;
			}
			final double[] xr = new double[n * nrhs], xi = new double[n * nrhs];
			lu.solve(br, bi, nrhs, xr, xi);
			for (int k = 0; k < nrhs; k++) {
				final double eta = a.backwardError(xr, xi, br, bi, k * n);
				assertTrue(eta < 1e-14, st + " backward error " + eta);
			}
			// The measure itself: a perturbed solution has a larger backward error.
			final double[] wrong = xr.clone();
			wrong[n / 3] *= 1 + 1e-6;
			assertTrue(a.backwardError(wrong, xi, br, bi, 0) > 1e-10);
			assertTrue(lu.pivotRatio() > 1e-3, "pivot ratio " + lu.pivotRatio());
			// One right-hand side at a time, and the solution at a few cells only, give the same numbers.
			final double[] x1r = new double[n], x1i = new double[n];
			lu.solve(Arrays.copyOfRange(br, n, 2 * n), Arrays.copyOfRange(bi, n, 2 * n), 1, x1r, x1i);
			final int[] cells = { 0, 17, n / 2, n - 1 };
			final double[] or = new double[nrhs * cells.length], oi = new double[nrhs * cells.length];
			lu.solveAt(br, bi, nrhs, cells, or, oi);
			for (int i = 0; i < n; i++) assertEquals(xr[n + i], x1r[i], 1e-12 * Math.abs(xr[n + i]) + 1e-300);
			for (int k = 0; k < nrhs; k++)
				for (int c = 0; c < cells.length; c++) {
					assertEquals(xr[k * n + cells[c]], or[k * cells.length + c], 0);
					assertEquals(xi[k * n + cells[c]], oi[k * cells.length + c], 0);
				}
		}
	}

	/** The subtree-parallel factorization gives the same bits for 1, 2 and 3 threads. */
	@Test
	void factorizationIsIdenticalForAnyThreadCount() {
		for (final Stencil st : Stencil.values()) {
			final Grid2D g = new Grid2D(41, 29, DX);
			final HelmholtzSolver s = new HelmholtzSolver(g, HelmholtzAcquisition.defaults(g), HelmholtzConfig.defaults()
				.withFrequencies(9).withPml(7).withStencil(st).resolve(3000, DX));
			final double[] mext = s.extend(smoothModel(g, 2));
			final int n = s.unknowns();
			final double[] br = new double[5 * n], bi = new double[5 * n];
			s.sourceTerms(br, bi);
			double[] ref = null;
			for (final int threads : new int[] { 1, 2, 3 }) {
				final double[] xr = new double[5 * n], xi = new double[5 * n];
				s.factor(mext, 0, threads).solve(br, bi, 5, xr, xi);
				final double[] both = Arrays.copyOf(xr, 10 * n);
				System.arraycopy(xi, 0, both, 5 * n, 5 * n);
				if (ref == null) ref = both;
				else assertTrue(Arrays.equals(ref, both), st + ", " + threads + " threads");
			}
		}
	}

	/** Every cell is eliminated exactly once, and fronts hold exactly the pattern's couplings. */
	@Test
	void nestedDissectionIsAPermutationWithConsistentFronts() {
		for (final boolean corners : new boolean[] { false, true }) {
			final NestedDissection nd = new NestedDissection(23, 17, corners);
			final boolean[] seen = new boolean[nd.size()];
			for (final int c : nd.perm) {
				assertTrue(!seen[c], "cell " + c + " twice");
				seen[c] = true;
			}
			for (int c = 0; c < nd.size(); c++) assertEquals(c, nd.perm[nd.position(c)]);
			// The pivots of a node are numbered after all cells of its children's subtrees.
			for (int node = 0; node < nd.nodes(); node++)
				for (final int child : nd.children[node]) assertTrue(nd.start[child] + nd.pivots[child] <= nd.start[node]);
			// Update sets are eliminated later, in ancestors (the root, last, has none).
			for (int node = 0; node < nd.nodes(); node++)
				for (final int u : nd.update[node]) {
					assertTrue(u >= nd.start[node] + nd.pivots[node]);
					int a = nd.parent[node];
					while (a >= 0 && !(u >= nd.start[a] && u < nd.start[a] + nd.pivots[a])) a = nd.parent[a];
					assertTrue(a >= 0, "update cell " + u + " of node " + node + " is not a pivot of an ancestor");
				}
			assertEquals(-1, nd.parent[nd.nodes() - 1]);
			assertEquals(0, nd.update[nd.nodes() - 1].length);
		}
	}

	@Test
	void badInputIsRejectedWithMessagesNamingTheParameter() {
		final Grid2D g = new Grid2D(20, 15, DX);
		final HelmholtzAcquisition acq = HelmholtzAcquisition.defaults(g);
		final HelmholtzConfig ok = HelmholtzConfig.defaults().resolve(3000, DX);
		assertEquals("frequencies: every frequency must be > 0 Hz, got 0 (in 4,0)", assertThrows(
			IllegalArgumentException.class, () -> new HelmholtzSolver(g, acq, ok.withFrequencies(4, 0))).getMessage());
		assertEquals("frequencies: every frequency must be > 0 Hz, got NaN (in NaN)", assertThrows(IllegalArgumentException.class,
			() -> new HelmholtzSolver(g, acq, ok.withFrequencies(Double.NaN))).getMessage());
		assertEquals("frequencies: 4 Hz is listed twice (in 4,2.5,4); give each frequency once", assertThrows(
			IllegalArgumentException.class, () -> new HelmholtzSolver(g, acq, ok.withFrequencies(4, 2.5, 4))).getMessage());
		assertEquals("pml (PML width) must be at least 1 cell, got 0; use about half a wavelength, e.g. 20 cells", assertThrows(
			IllegalArgumentException.class, () -> new HelmholtzSolver(g, acq, ok.withPml(0))).getMessage());
		assertEquals("sigma (PML damping) must be >= 0 1/s (0 = automatic), got -1.0", assertThrows(IllegalArgumentException.class,
			() -> new HelmholtzSolver(g, acq, ok.withSigmaMax(-1))).getMessage());
		assertTrue(assertThrows(IllegalArgumentException.class, () -> new HelmholtzSolver(g, acq, HelmholtzConfig.defaults()))
			.getMessage().startsWith("sigma (PML damping) must be resolved"));
		assertEquals("source 2 at (x = 200.0 m, z = -5.0 m) is outside the model grid, which spans x = 0..190.0 m and " +
			"z = 0..140.0 m; move it inside the model", assertThrows(IllegalArgumentException.class, () -> new HelmholtzSolver(g,
				new HelmholtzAcquisition(new double[] { 0, 200 }, new double[] { 0, -5 }, new double[] { 10 }, new double[] { 10 }), ok))
					.getMessage());
		assertEquals("receiver 1 at (x = NaN m, z = 10.0 m) is outside the model grid, which spans x = 0..190.0 m and " +
			"z = 0..140.0 m; move it inside the model", assertThrows(IllegalArgumentException.class, () -> new HelmholtzSolver(g,
				new HelmholtzAcquisition(new double[] { 0 }, new double[] { 0 }, new double[] { Double.NaN }, new double[] { 10 }), ok))
					.getMessage());
		final HelmholtzSolver s = new HelmholtzSolver(g, acq, ok);
		final double[] v = new double[g.size()];
		Arrays.fill(v, 2000);
		v[g.index(3, 4)] = -1;
		assertEquals("velocity -1.0 m/s at pixel (x=3, z=4) is not positive and finite; velocities must be > 0 m/s", assertThrows(
			IllegalArgumentException.class, () -> new HelmholtzOperator(s, new VelocityPixels(g)).apply(v, null)).getMessage());
		v[g.index(3, 4)] = Double.NaN;
		assertEquals("velocity NaN m/s at pixel (x=3, z=4) is not positive and finite; velocities must be > 0 m/s", assertThrows(
			IllegalArgumentException.class, () -> new HelmholtzOperator(s, new VelocityPixels(g)).apply(v, null)).getMessage());
		assertEquals("stencil must be 5-point or 9-point, got '7'", assertThrows(IllegalArgumentException.class,
			() -> Stencil.fromLabel("7")).getMessage());
	}
}
