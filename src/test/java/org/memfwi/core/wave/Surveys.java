package org.memfwi.core.wave;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.memfwi.core.grid.Grid2D;
import org.memfwi.core.progress.Progress;

/** Small seeded surveys for the time-domain tests. */
final class Surveys {

	private Surveys() {}

	/** Pure Java, and the vector kernel when it loads. */
	static List<Kernel> kernels() throws Exception {
		final List<Kernel> k = new ArrayList<>();
		k.add(Kernel.JAVA);
		if (Kernel.vectorModulePresent()) k.add(Kernel.vector());
		return k;
	}

	/** A heterogeneous model: smooth gradient plus seeded noise, in [vlo, vhi]. */
	static double[] model(final Grid2D grid, final double vlo, final double vhi, final long seed) {
		final SplittableRandom r = new SplittableRandom(seed);
		final double[] v = new double[grid.size()];
		for (int iz = 0; iz < grid.nz(); iz++)
			for (int ix = 0; ix < grid.nx(); ix++) {
				final double t = 0.5 * iz / Math.max(1, grid.nz() - 1) + 0.2 * ix / Math.max(1, grid.nx() - 1);
				v[grid.index(ix, iz)] = vlo + (vhi - vlo) * Math.min(1, 0.6 * t + 0.4 * r.nextDouble());
			}
		return v;
	}

	static double[] random(final int n, final long seed) {
		final SplittableRandom r = new SplittableRandom(seed);
		final double[] x = new double[n];
		for (int i = 0; i < n; i++) x[i] = 2 * r.nextDouble() - 1;
		return x;
	}

	static float[] toFloat(final double[] x) {
		final float[] f = new float[x.length];
		for (int i = 0; i < x.length; i++) f[i] = (float) x[i];
		return f;
	}

	/** A small survey with off-grid sources and receivers. */
	static WaveSetup small(final Grid2D grid, final int order, final int cpml, final boolean fs, final int nt, final double dt,
		final double f0, final double vmax) {
		final double w = (grid.nx() - 1) * grid.dx(), d = (grid.nz() - 1) * grid.dx();
		final Acquisition acq = new Acquisition(new double[] { 0.27 * w, 0.81 * w }, new double[] { 0.13 * d, 0.62 * d },
			new double[] { 0, 0.33 * w, 0.5 * w, w, 0.71 * w }, new double[] { 0.05 * d, 0.4 * d, 0, d, 0.77 * d });
		return new WaveSetup(grid, acq, Wavelet.ricker(f0, Wavelet.defaultDelay(f0), dt, nt),
			WaveSettings.DEFAULT.withOrder(order).withCpml(cpml).withFreeSurface(fs), 1000, vmax, Progress.NONE);
	}

	static double dot(final double[][] a, final double[][] b) {
		double s = 0;
		for (int i = 0; i < a.length; i++) for (int j = 0; j < a[i].length; j++) s += a[i][j] * b[i][j];
		return s;
	}

	static double dot(final double[] a, final double[] b) {
		double s = 0;
		for (int i = 0; i < a.length; i++) s += a[i] * b[i];
		return s;
	}
}
