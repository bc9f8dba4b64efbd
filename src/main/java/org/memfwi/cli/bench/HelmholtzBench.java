package org.memfwi.cli.bench;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;

import org.memfwi.core.grid.Grid2D;
import org.memfwi.core.helmholtz.GridMatrix;
import org.memfwi.core.helmholtz.HelmholtzAcquisition;
import org.memfwi.core.helmholtz.HelmholtzConfig;
import org.memfwi.core.helmholtz.HelmholtzOperator;
import org.memfwi.core.helmholtz.HelmholtzSolver;
import org.memfwi.core.helmholtz.MultifrontalLdlt;
import org.memfwi.core.helmholtz.NestedDissection;
import org.memfwi.core.helmholtz.Stencil;
import org.memfwi.core.helmholtz.VelocityPixels;
import org.memfwi.core.operator.Linearization;
import org.memfwi.core.util.Statistics;

/**
 * Bench suite "helmholtz": the frequency-domain solver on the two cases (64 x 64 + PML 10, 5 sources, 4 Hz;
 * 200 x 200 + PML 30, 15 sources, 6 Hz; 40 receivers, 10 m cells, a smooth 1500..4500 m/s model), 1 thread:
 * forward (factorization + every source, data at the receivers), gradient of the least-squares misfit (forward
 * wavefields + adjoint solves), factorization alone, its fill and flop count. Median of several runs after JIT
 * warm-up.
 */
public final class HelmholtzBench implements Bench.Suite {

	@Override
	public String name() { return "helmholtz"; }

	@Override
	public String description() { return "frequency-domain Helmholtz: factorization, forward, gradient (1 thread)"; }

	@Override
	public void run(final PrintStream out, final int maxThreads) {
		// JIT warm-up on both sizes before anything is timed, then each case with its own warm-up runs.
		final long until = System.nanoTime() + 3_000_000_000L;
		while (System.nanoTime() < until) {
			runCase(null, 64, 10, 5, 4, Stencil.FIVE_POINT, 0, 1);
			runCase(null, 120, 20, 5, 4, Stencil.NINE_POINT, 0, 1);
		}
		for (final Stencil st : Stencil.values()) {
			runCase(out, 64, 10, 5, 4, st, 10, 101);
			runCase(out, 200, 30, 15, 6, st, 2, 15);
		}
		if (maxThreads > 1) factorThreads(out, maxThreads);
	}

	private static void runCase(final PrintStream out, final int n, final int pml, final int sources, final double hz,
		final Stencil stencil, final int warmup, final int runs)
	{
		final double dx = 10;
		final Grid2D grid = new Grid2D(n, n, dx);
		final double[] v = new double[grid.size()];
		for (int iz = 0; iz < n; iz++)
			for (int ix = 0; ix < n; ix++) {
				final double x = ix / (double) n, z = iz / (double) n;
				v[grid.index(ix, iz)] = 1500 + 2500 * z + 500 * Math.exp(-((x - 0.5) * (x - 0.5) + (z - 0.6) * (z - 0.6)) / 0.02);
			}
		final HelmholtzSolver solver = new HelmholtzSolver(grid, HelmholtzAcquisition.evenlySpaced(grid, sources, 40, 2),
			HelmholtzConfig.defaults().withFrequencies(hz).withPml(pml).withStencil(stencil).withThreads(1).resolve(4500, dx));
		final HelmholtzOperator op = new HelmholtzOperator(solver, new VelocityPixels(grid));
		final double[] observed = op.apply(v, null);
		final double[] start = new double[v.length];
		for (int i = 0; i < v.length; i++) start[i] = 0.97 * v[i];
		final NestedDissection nd = solver.analysis();
		final double[] mext = solver.extend(new VelocityPixels(grid).slowness(v, null));
		final GridMatrix matrix = solver.matrix(mext, solver.omega(0));
		final MultifrontalLdlt check = new MultifrontalLdlt(nd, matrix);
		final int unknowns = solver.unknowns();
		final double[] br = new double[sources * unknowns], bi = new double[sources * unknowns];
		solver.sourceTerms(br, bi);
		final double[] xr = new double[br.length], xi = new double[bi.length];
		check.solve(br, bi, sources, xr, xi);
		double eta = 0;
		for (int s = 0; s < sources; s++) eta = Math.max(eta, matrix.backwardError(xr, xi, br, bi, s * unknowns));
		final double[] tf = new double[runs], tg = new double[runs], ta = new double[runs];
		for (int it = -warmup; it < runs; it++) {
			long t0 = System.nanoTime();
			final MultifrontalLdlt lu = solver.factor(mext, 0);
			final double a = (System.nanoTime() - t0) * 1e-9;
			if (lu.pivotRatio() <= 0) throw new IllegalStateException("singular");
			t0 = System.nanoTime();
			op.apply(v, null);
			final double f = (System.nanoTime() - t0) * 1e-9;
			t0 = System.nanoTime();
			try (Linearization lin = op.linearize(start)) {
				final double[] res = lin.value().clone();
				for (int i = 0; i < res.length; i++) res[i] -= observed[i];
				lin.adjointTimes(res, null);
			}
			final double g = (System.nanoTime() - t0) * 1e-9;
			if (it >= 0) {
				ta[it] = a;
				tf[it] = f;
				tg[it] = g;
			}
		}
		if (out == null) return;
		out.println(String.format(Locale.ROOT, "%3d x %-3d + PML %2d (%d x %d unknowns), %2d sources, 40 receivers, %.0f Hz, %s:",
			n, n, pml, solver.extendedNx(), solver.extendedNz(), sources, hz, stencil));
		out.println(String.format(Locale.ROOT, "    factor %.4f s (%.2f Gflop/s)  forward %.4f s  gradient %.4f s  (median of %d)",
			median(ta), nd.flops() / median(ta) * 1e-9, median(tf), median(tg), runs));
		out.println(String.format(Locale.ROOT, "    fastest run: factor %.4f s  forward %.4f s  gradient %.4f s", min(ta), min(tf), min(tg)));
		out.println(String.format(Locale.ROOT, "    fill %d complex entries (%.1f MB), %.3g flop per factorization, largest front %d, %d tree nodes",
			nd.factorEntries(), nd.factorEntries() * 16e-6, nd.flops(), nd.maxFront(), nd.nodes()));
		out.println(String.format(Locale.ROOT, "    backward error of the source solves %.1e, smallest pivot / largest diagonal %.2e", eta,
			check.pivotRatio()));
	}

	/** The subtree-parallel factorization of the large case on 1 and on {@code threads} threads. */
	private static void factorThreads(final PrintStream out, final int threads) {
		final Grid2D grid = new Grid2D(200, 200, 10);
		final HelmholtzSolver solver = new HelmholtzSolver(grid, HelmholtzAcquisition.defaults(grid), HelmholtzConfig.defaults()
			.withFrequencies(6).withPml(30).resolve(4500, 10));
		final double[] m = new double[grid.size()];
		Arrays.fill(m, 1 / (3000.0 * 3000.0));
		final double[] mext = solver.extend(m);
		final double[] one = new double[7], many = new double[7];
		for (int it = -2; it < one.length; it++) {
			long t0 = System.nanoTime();
			solver.factor(mext, 0, 1);
			final double a = (System.nanoTime() - t0) * 1e-9;
			t0 = System.nanoTime();
			solver.factor(mext, 0, threads);
			final double b = (System.nanoTime() - t0) * 1e-9;
			if (it >= 0) {
				one[it] = a;
				many[it] = b;
			}
		}
		out.println(String.format(Locale.ROOT, "200 x 200 + PML 30 factorization: 1 thread %.4f s, %d threads %.4f s (median of %d)",
			median(one), threads, median(many), one.length));
	}

	private static double min(final double[] a) {
		return Arrays.stream(a).min().orElse(Double.NaN);
	}

	private static double median(final double[] a) {
		return Statistics.median(a);
	}
}
