package org.memfwi.core.posterior;

import org.memfwi.core.util.LogSpace;
import org.memfwi.core.util.Parallel;

/**
 * A probability density tabulated at the cells of a {@link QuadratureGrid} and normalized by the midpoint rule
 * ({@code sum_i p_i h^d = 1}), with the logarithm of the integral of the unnormalized function it came from; moments
 * and L1 distances by the same rule.
 */
public final class GridDensity {

	private final QuadratureGrid grid;
	private final double[] values;
	private final double logIntegral;

	private GridDensity(final QuadratureGrid grid, final double[] values, final double logIntegral) {
		this.grid = grid;
		this.values = values;
		this.logIntegral = logIntegral;
	}

	/**
	 * Normalizes log values of an unnormalized density given at the grid cells (log-sum-exp: exact when all are tiny).
	 *
	 * @param logValues one per cell, taken (overwritten with the density)
	 * @throws IllegalArgumentException if the function is zero everywhere or a value is NaN or +infinity
	 */
	public static GridDensity fromLogValues(final QuadratureGrid grid, final double[] logValues) {
		if (logValues.length != grid.size()) throw new IllegalArgumentException(logValues.length + " values for " + grid.size() + " cells");
		final double lse = LogSpace.logSumExp(logValues);
		if (lse == Double.NEGATIVE_INFINITY) throw new IllegalArgumentException("the density is zero on the whole grid " + grid);
		final double logInt = lse + Math.log(grid.cellVolume());
		for (int i = 0; i < logValues.length; i++) logValues[i] = Math.exp(logValues[i] - logInt);
		return new GridDensity(grid, logValues, logInt);
	}

	/** Tabulates and normalizes a log density at the grid cells, in parallel (deterministic). */
	public static GridDensity of(final QuadratureGrid grid, final LogDensity f, final int threads) {
		if (f.dimension() != grid.dimension())
			throw new IllegalArgumentException("a " + f.dimension() + "D density on a " + grid.dimension() + "D grid");
		return fromLogValues(grid, tabulate(grid, threads, x -> f.logDensity(x)));
	}

	/** A function of a grid point. */
	interface PointFunction {
		double at(double[] x);
	}

	/** Values of a function at every cell, rows in parallel (a row = the first axis). */
	static double[] tabulate(final QuadratureGrid grid, final int threads, final PointFunction f) {
		final int n0 = grid.count(0), rows = grid.size() / n0;
		final double[] out = new double[grid.size()];
		final int chunks = grid.dimension() == 1 ? Math.min(64, n0) : rows;
		final int per = grid.dimension() == 1 ? (n0 + chunks - 1) / chunks : n0;
		Parallel.forEach(chunks, threads, c -> {
			final double[] x = new double[grid.dimension()];
			final int from = c * per, to = Math.min(grid.size(), from + per);
			for (int i = from; i < to; i++) out[i] = f.at(grid.point(i, x));
		});
		return out;
	}

	public QuadratureGrid grid() { return grid; }

	/** The normalized density at each cell (do not modify). */
	public double[] values() { return values; }

	/** The density at cell i. */
	public double value(final int i) { return values[i]; }

	/** {@code log} of the integral of the unnormalized function over the grid's box. */
	public double logIntegral() { return logIntegral; }

	/** {@code sum_i p_i h^d} (1 up to rounding). */
	public double integral() {
		double s = 0;
		for (final double v : values) s += v;
		return s * grid.cellVolume();
	}

	/** The L1 distance {@code integral |p - q|} to another density on the same grid, between 0 and 2. */
	public double l1(final GridDensity o) {
		if (!grid.sameAs(o.grid)) throw new IllegalArgumentException("L1 distance between densities on different grids: " + grid +
			" and " + o.grid);
		double s = 0;
		for (int i = 0; i < values.length; i++) s += Math.abs(values[i] - o.values[i]);
		return s * grid.cellVolume();
	}

	/** The mean (d values). */
	public double[] mean() {
		final int d = grid.dimension();
		final double[] m = new double[d], x = new double[d];
		for (int i = 0; i < values.length; i++) {
			grid.point(i, x);
			for (int a = 0; a < d; a++) m[a] += values[i] * x[a];
		}
		for (int a = 0; a < d; a++) m[a] *= grid.cellVolume();
		return m;
	}

	/** The covariance, d x d row-major. */
	public double[] covariance() {
		final int d = grid.dimension();
		final double[] m = mean(), c = new double[d * d], x = new double[d];
		for (int i = 0; i < values.length; i++) {
			grid.point(i, x);
			for (int a = 0; a < d; a++)
				for (int b = 0; b < d; b++) c[a * d + b] += values[i] * (x[a] - m[a]) * (x[b] - m[b]);
		}
		for (int k = 0; k < c.length; k++) c[k] *= grid.cellVolume();
		return c;
	}
}
