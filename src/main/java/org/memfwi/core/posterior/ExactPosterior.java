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
 * <p>
 * When sigma is so small that the grid cannot resolve it (cells larger than a third of that width, e.g. sigma = 1e-4
 * on a grid that must span the whole training set), the weights, moments and L1 distances are instead integrated on
 * one fine grid per component over its window (see {@link #summarize}): the posterior is
 * {@code sum_n phi_n(x) p(x)} with the smooth partition of unity {@code phi_n = N(x; x_n, sigma^2 I) / sum_m
 * N(x; x_m, sigma^2 I)}, and {@code phi_n p} is negligible outside window n. The global grid then only serves display.
 */
public final class ExactPosterior {

	/** Half-width of the window around each training model, in units of sigma. */
	public static final double WINDOW = 10;

	private final Likelihood lik;
	private final TrainingSet training;
	private final double sigma;
	private final QuadratureGrid grid;
	private final double[] logLik;
	/** Per training model, the narrowest posterior feature near it: {@code min(sigma, gamma / ||J(x_n)||_F)}. */
	private final double[] widths;
	/** The global grid's cells are at most a third of the narrowest width. */
	private final boolean gridResolves;

	/** Cells per axis of one component's window at most: 1D, 2D. */
	static final int[] WINDOW_CELLS = { 20000, 1500 };

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
		this.widths = widths(lik, training, sigma);
		double narrowest = Double.POSITIVE_INFINITY;
		for (final double w : widths) narrowest = Math.min(narrowest, w);
		boolean ok = true;
		for (int a = 0; a < grid.dimension(); a++) ok &= grid.step(a) <= narrowest / 3;
		this.gridResolves = ok;
	}

	/** Per training model {@code min(sigma, gamma / ||J(x_n)||_F)}: the narrowest posterior feature near it. */
	private static double[] widths(final Likelihood lik, final TrainingSet training, final double sigma) {
		final double[] w = new double[training.size()];
		for (int n = 0; n < w.length; n++) {
			try (Linearization lin = lik.operator().linearize(training.copy(n, null))) {
				final DMatrixRMaj j = lin.jacobian();
				double f = 0;
				for (int i = 0; i < j.getNumElements(); i++) f += j.get(i) * j.get(i);
				w[n] = f > 0 ? Math.min(sigma, lik.gamma() / Math.sqrt(f)) : sigma;
			}
		}
		return w;
	}

	/**
	 * True if the global grid resolves the posterior (cells at most a third of the narrowest width); otherwise the
	 * weights, moments and L1 distances come from the per-component windows.
	 */
	public boolean gridResolves() { return gridResolves; }

	/**
	 * True if the exact quantities are resolved: by the global grid, or else by per-component windows of at most
	 * {@link #WINDOW_CELLS} cells per axis. False only when sigma is large and the likelihood narrow at once.
	 */
	public boolean resolved() {
		if (gridResolves) return true;
		for (int k = 0; k < widths.length; k++)
			if (windowCells(k, null) < 0) return false;
		return true;
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
		double width = Double.POSITIVE_INFINITY;
		for (final double w : widths(lik, training, sigma)) width = Math.min(width, w);
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
		if (!gridResolves && resolved()) return windowLogMasses(threads);
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

	/**
	 * Cells per axis of component k's window ({@code x_k}, and {@code other} if given, +- 10 sigma, cells of a sixth of
	 * its width), or -1 if that exceeds {@link #WINDOW_CELLS}.
	 */
	private int windowCells(final int k, final double[] other) {
		final int d = training.dimension();
		int cells = 0;
		for (int a = 0; a < d; a++) {
			final double c = training.value(k, a), o = other == null ? c : other[a];
			final double extent = Math.abs(o - c) + 2 * WINDOW * sigma;
			cells = (int) Math.max(cells, Math.ceil(extent / (widths[k] / 6)));
		}
		return cells > WINDOW_CELLS[d - 1] ? -1 : Math.max(cells, 2);
	}

	/** Component k's window grid, covering {@code x_k} and {@code other} (if given) +- 10 sigma. */
	private QuadratureGrid window(final int k, final double[] other) {
		final int d = training.dimension(), cells = windowCells(k, other);
		if (cells < 0) throw new IllegalStateException("window " + k + " is not resolvable");
		final double[] lo = new double[d], hi = new double[d];
		final int[] counts = new int[d];
		for (int a = 0; a < d; a++) {
			final double c = training.value(k, a), o = other == null ? c : other[a];
			lo[a] = Math.min(c, o) - WINDOW * sigma;
			hi[a] = Math.max(c, o) + WINDOW * sigma;
			counts[a] = cells;
		}
		return new QuadratureGrid(lo, hi, counts);
	}

	/** {@link #componentLogMasses} on each component's own fine window, the likelihood evaluated there. */
	private double[] windowLogMasses(final int threads) {
		final int n = training.size(), d = training.dimension();
		final double[] out = new double[n];
		final double s2 = 2 * sigma * sigma;
		Parallel.forEach(n, threads, k -> {
			final QuadratureGrid w = window(k, null);
			final double[] x = new double[d];
			double max = Double.NEGATIVE_INFINITY, sum = 0;
			for (int i = 0; i < w.size(); i++) {
				w.point(i, x);
				final double v = -training.squaredDistance(k, x) / s2 - 0.5 * lik.misfit(lik.operator().apply(x, null));
				if (v == Double.NEGATIVE_INFINITY) continue;
				if (v > max) {
					sum = sum * Math.exp(max - v) + 1;
					max = v;
				}
				else sum += Math.exp(v - max);
			}
			out[k] = max == Double.NEGATIVE_INFINITY ? max :
				max + Math.log(sum) - 0.5 * d * Math.log(2 * Math.PI * sigma * sigma) + Math.log(w.cellVolume());
		});
		return out;
	}

	/** Mean, covariance (d x d row-major) of the exact posterior, and its L1 distances to the given mixtures. */
	public static final class Summary {
		public final double[] mean, covariance, l1;

		Summary(final double[] mean, final double[] covariance, final double[] l1) {
			this.mean = mean;
			this.covariance = covariance;
			this.l1 = l1;
		}
	}

	/**
	 * The exact posterior's mean and covariance and its L1 distances {@code integral |p - q|} to other densities (each
	 * a mixture with one component per training model, e.g. the linearized posterior): on the global grid when it
	 * resolves the posterior, else window by window with the partition of unity of the class comment (window n also
	 * covers the n-th component mean of each q).
	 */
	public Summary summarize(final int threads, final GaussianMixture... others) {
		if (gridResolves || !resolved()) {
			final GridDensity p = posterior();
			final double[] l1 = new double[others.length];
			for (int j = 0; j < others.length; j++) l1[j] = p.l1(GridDensity.of(grid, others[j], threads));
			return new Summary(p.mean(), p.covariance(), l1);
		}
		final int n = training.size(), d = training.dimension(), m = others.length;
		for (final GaussianMixture q : others)
			if (q.size() != n || q.dimension() != d) throw new IllegalArgumentException("a mixture of " + q.size() +
				" components in " + q.dimension() + "D for " + n + " training models in " + d + "D");
		final double logZ = LogSpace.logSumExp(windowLogMasses(threads)) - Math.log(n);
		final double s2 = 2 * sigma * sigma, logNorm = -0.5 * d * Math.log(2 * Math.PI * sigma * sigma) - Math.log(n);
		// per window: mass, d first moments, d*d second moments, m L1 parts
		final double[][] parts = new double[n][1 + d + d * d + m];
		Parallel.forEach(n, threads, k -> {
			final double[] lo = training.copy(k, null), hi = lo.clone();
			for (final GaussianMixture q : others)
				for (int a = 0; a < d; a++) {
					lo[a] = Math.min(lo[a], q.mean(k)[a]);
					hi[a] = Math.max(hi[a], q.mean(k)[a]);
				}
			final QuadratureGrid w = windowCovering(k, lo, hi);
			final double[] x = new double[d], lp = new double[n], acc = parts[k];
			for (int i = 0; i < w.size(); i++) {
				w.point(i, x);
				for (int j = 0; j < n; j++) lp[j] = -training.squaredDistance(j, x) / s2;
				final double lse = LogSpace.logSumExp(lp);
				final double phi = Math.exp(lp[k] - lse);
				if (phi == 0) continue;
				final double p = Math.exp(lse + logNorm - 0.5 * lik.misfit(lik.operator().apply(x, null)) - logZ);
				final double pp = phi * p;
				acc[0] += pp;
				for (int a = 0; a < d; a++) { // moments about x_k: no cancellation when sigma is tiny
					final double da = x[a] - training.value(k, a);
					acc[1 + a] += pp * da;
					for (int b = 0; b < d; b++) acc[1 + d + a * d + b] += pp * da * (x[b] - training.value(k, b));
				}
				for (int j = 0; j < m; j++) acc[1 + d + d * d + j] += phi * Math.abs(p - Math.exp(others[j].logDensity(x)));
			}
			final double vol = w.cellVolume();
			for (int i = 0; i < acc.length; i++) acc[i] *= vol;
		});
		double mass = 0;
		final double[] mean = new double[d], l1 = new double[m];
		for (int k = 0; k < n; k++) {
			final double[] a = parts[k];
			mass += a[0];
			for (int i = 0; i < d; i++) mean[i] += a[0] * training.value(k, i) + a[1 + i];
			for (int j = 0; j < m; j++) l1[j] += a[1 + d + d * d + j];
		}
		for (int i = 0; i < d; i++) mean[i] /= mass;
		// covariance from the moments about each x_k (parallel-axis theorem), e = x_k - mean
		final double[] cov = new double[d * d];
		for (int k = 0; k < n; k++) {
			final double[] a = parts[k];
			for (int i = 0; i < d; i++) {
				final double ei = training.value(k, i) - mean[i];
				for (int j = 0; j < d; j++) {
					final double ej = training.value(k, j) - mean[j];
					cov[i * d + j] += a[1 + d + i * d + j] + a[1 + i] * ej + ei * a[1 + j] + a[0] * ei * ej;
				}
			}
		}
		for (int i = 0; i < d * d; i++) cov[i] /= mass;
		return new Summary(mean, cov, l1);
	}

	/** A window for component k over the box [lo, hi] +- 10 sigma, cells of a sixth of its width (capped). */
	private QuadratureGrid windowCovering(final int k, final double[] lo, final double[] hi) {
		final int d = training.dimension();
		final double[] wl = new double[d], wh = new double[d];
		final int[] counts = new int[d];
		for (int a = 0; a < d; a++) {
			wl[a] = lo[a] - WINDOW * sigma;
			wh[a] = hi[a] + WINDOW * sigma;
			counts[a] = (int) Math.max(2, Math.min(WINDOW_CELLS[d - 1], Math.ceil((wh[a] - wl[a]) / (widths[k] / 6))));
		}
		return new QuadratureGrid(wl, wh, counts);
	}

	/** The exact component weights, {@code softmax(log Z_n)}. */
	public double[] componentWeights(final int threads) {
		return LogSpace.softmax(componentLogMasses(threads), null);
	}

	/** The likelihood this posterior belongs to. */
	public Likelihood likelihoodModel() { return lik; }
}
