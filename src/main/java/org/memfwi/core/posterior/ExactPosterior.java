package org.memfwi.core.posterior;

import org.ejml.data.DMatrixRMaj;
import org.memfwi.core.operator.Linearization;
import org.memfwi.core.prior.MemorizedPrior;
import org.memfwi.core.prior.TrainingSet;
import org.memfwi.core.util.LogSpace;
import org.memfwi.core.util.Parallel;

/**
 * The exact posterior of the memorized diffusion prior for models of dimension d <= 2, by quadrature on a fine grid
 * (the reference the linearized posterior is checked against): {@code p(x | y) ∝ sum_n N(x; x_n, sigma^2 I)
 * N(y; F(x), gamma^2 I)}. Gives the posterior density, the prior and the likelihood on the grid, and the exact
 * mixture decomposition of the posterior: component n's mass {@code Z_n = integral N(x; x_n, sigma^2 I) L(x) dx},
 * whose normalization gives the exact component weights.
 * <p>
 * The automatic grid covers every training model +- 10 sigma (beyond, each prior component is below e^-50 of its peak)
 * with cells no larger than a sixth of {@code min(sigma, gamma / ||J||)} (the narrowest posterior feature near the
 * training models), at most {@code maxCells} per axis. Component masses are summed over each component's own window
 * {@code x_n +- 10 sigma}, so they cost O(N (20 sigma / h)^d) rather than O(N) grid passes.
 */
public final class ExactPosterior {

	/** Half-width of the window around each training model, in units of sigma. */
	public static final double WINDOW = 10;

	private final Likelihood lik;
	private final TrainingSet training;
	private final double sigma;
	private final QuadratureGrid grid;
	private final double[] logLik;

	/**
	 * Tabulates the log-likelihood on a grid (in parallel; deterministic).
	 *
	 * @throws IllegalArgumentException for d > 2, a training set that does not fit the operator, or sigma <= 0
	 */
	public ExactPosterior(final Likelihood lik, final TrainingSet training, final double sigma, final QuadratureGrid grid,
		final int threads) {
		ReweightedPosterior.checkFits(lik, training);
		MemorizedPrior.checkSigma(sigma);
		if (lik.modelSize() > 2) throw new IllegalArgumentException("exact quadrature is for models of 1 or 2 values, not " +
			lik.modelSize() + "; use the linearized or reweighted posterior");
		if (grid.dimension() != lik.modelSize()) throw new IllegalArgumentException("a " + grid.dimension() + "D grid for a " +
			lik.modelSize() + "D model");
		this.lik = lik;
		this.training = training;
		this.sigma = sigma;
		this.grid = grid;
		this.logLik = GridDensity.tabulate(grid, threads, x -> -0.5 * lik.misfit(lik.operator().apply(x, null)));
	}

	/** The exact posterior on the automatic grid (see the class comment). */
	public ExactPosterior(final Likelihood lik, final TrainingSet training, final double sigma, final int maxCells,
		final int threads) {
		this(lik, training, sigma, autoGrid(lik, training, sigma, maxCells), threads);
	}

	/**
	 * The automatic grid: every training model +- 10 sigma, cells of at most {@code min(sigma, gamma / max_n
	 * ||J(x_n)||_F) / 6}, at most {@code maxCells} per axis.
	 */
	public static QuadratureGrid autoGrid(final Likelihood lik, final TrainingSet training, final double sigma, final int maxCells) {
		ReweightedPosterior.checkFits(lik, training);
		MemorizedPrior.checkSigma(sigma);
		final int d = training.dimension();
		if (d > 2) throw new IllegalArgumentException("exact quadrature is for models of 1 or 2 values, not " + d);
		if (maxCells < 2) throw new IllegalArgumentException("maxCells must be at least 2, got " + maxCells);
		double jmax = 0;
		for (int n = 0; n < training.size(); n++) {
			try (Linearization lin = lik.operator().linearize(training.copy(n, null))) {
				final DMatrixRMaj j = lin.jacobian();
				double f = 0;
				for (int i = 0; i < j.getNumElements(); i++) f += j.get(i) * j.get(i);
				jmax = Math.max(jmax, Math.sqrt(f));
			}
		}
		final double width = jmax > 0 ? Math.min(sigma, lik.gamma() / jmax) : sigma;
		final double h = width / 6;
		final double[] lo = new double[d], hi = new double[d];
		final int[] counts = new int[d];
		for (int a = 0; a < d; a++) {
			double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
			for (int n = 0; n < training.size(); n++) {
				min = Math.min(min, training.value(n, a));
				max = Math.max(max, training.value(n, a));
			}
			lo[a] = min - WINDOW * sigma;
			hi[a] = max + WINDOW * sigma;
			counts[a] = (int) Math.max(2, Math.min(maxCells, Math.ceil((hi[a] - lo[a]) / h)));
		}
		return new QuadratureGrid(lo, hi, counts);
	}

	public QuadratureGrid grid() { return grid; }

	public double sigma() { return sigma; }

	/** The exact posterior density on the grid, normalized. */
	public GridDensity posterior() {
		final double[] lp = logPrior();
		for (int i = 0; i < lp.length; i++) lp[i] += logLik[i];
		return GridDensity.fromLogValues(grid, lp);
	}

	/** The prior {@code p_sigma} on the grid, normalized over the grid. */
	public GridDensity prior() {
		return GridDensity.fromLogValues(grid, logPrior());
	}

	/** The likelihood {@code exp(-||F(x) - y||^2 / (2 gamma^2))} on the grid, normalized over the grid (for display). */
	public GridDensity likelihood() {
		return GridDensity.fromLogValues(grid, logLik.clone());
	}

	/** {@code log sum_n exp(-||x - x_n||^2 / (2 sigma^2))} at every cell (the prior up to a constant). */
	private double[] logPrior() {
		final int n = training.size();
		final double[] lp = new double[grid.size()];
		final double[] x = new double[grid.dimension()], l = new double[n];
		final double s2 = 2 * sigma * sigma;
		for (int i = 0; i < lp.length; i++) {
			grid.point(i, x);
			for (int k = 0; k < n; k++) l[k] = -training.squaredDistance(k, x) / s2;
			lp[i] = LogSpace.logSumExp(l);
		}
		return lp;
	}

	/**
	 * The log masses {@code log Z_n = log integral N(x; x_n, sigma^2 I) L(x) dx} of the posterior's components (L the
	 * likelihood without its constant), each summed over the window {@code x_n +- 10 sigma} clipped to the grid. Their
	 * softmax gives the exact component weights.
	 */
	public double[] componentLogMasses(final int threads) {
		final int n = training.size(), d = grid.dimension();
		final double[] out = new double[n];
		final double logNorm = -0.5 * d * Math.log(2 * Math.PI * sigma * sigma) + Math.log(grid.cellVolume());
		Parallel.forEach(n, threads, k -> {
			final int[] from = new int[2], to = new int[2];
			final double[] c = training.copy(k, null);
			for (int a = 0; a < d; a++) {
				from[a] = (int) Math.max(0, Math.floor((c[a] - WINDOW * sigma - grid.lo(a)) / grid.step(a)));
				to[a] = (int) Math.min(grid.count(a) - 1, Math.ceil((c[a] + WINDOW * sigma - grid.lo(a)) / grid.step(a)));
			}
			if (d == 1) {
				from[1] = 0;
				to[1] = 0;
			}
			final double s2 = 2 * sigma * sigma;
			double max = Double.NEGATIVE_INFINITY, sum = 0;
			for (int i1 = from[1]; i1 <= to[1]; i1++) {
				final double dy = d == 2 ? grid.coordinate(1, i1) - c[1] : 0;
				for (int i0 = from[0]; i0 <= to[0]; i0++) {
					final double dx = grid.coordinate(0, i0) - c[0];
					final double v = -(dx * dx + dy * dy) / s2 + logLik[i0 + grid.count(0) * i1];
					if (v == Double.NEGATIVE_INFINITY) continue;
					if (v > max) {
						sum = sum * Math.exp(max - v) + 1;
						max = v;
					}
					else sum += Math.exp(v - max);
				}
			}
			out[k] = max == Double.NEGATIVE_INFINITY ? max : max + Math.log(sum) + logNorm;
		});
		return out;
	}

	/** The exact component weights, {@code softmax(log Z_n)}. */
	public double[] componentWeights(final int threads) {
		return LogSpace.softmax(componentLogMasses(threads), null);
	}

	/** The likelihood this posterior belongs to. */
	public Likelihood likelihoodModel() { return lik; }
}
