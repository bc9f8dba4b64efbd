package org.memfwi.core.posterior;

import org.memfwi.core.operator.Linearization;
import org.memfwi.core.prior.MemorizedPrior;
import org.memfwi.core.prior.TrainingSet;
import org.memfwi.core.util.LogSpace;
import org.memfwi.core.util.Parallel;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

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
	/**
	 * Per training model, the narrowest posterior feature near it: {@code min(sigma, gamma / ||J||_F)} with J at the
	 * training model and at its component's mode.
	 */
	private final double[] widths;
	/** Per training model, the mode of its posterior component {@code N(x; x_n, sigma^2 I) L(x)} (Gauss-Newton). */
	private final double[][] modes;
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
		this(lik, training, sigma, grid, threads, null);
	}

	private ExactPosterior(final Likelihood lik, final TrainingSet training, final double sigma, final QuadratureGrid grid,
		final int threads, final Analysis known) {
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
		final Analysis an = known != null ? known : analyze(lik, training, sigma);
		this.widths = an.widths;
		this.modes = an.modes;
		double narrowest = Double.POSITIVE_INFINITY;
		for (final double w : widths) narrowest = Math.min(narrowest, w);
		boolean ok = true;
		for (int a = 0; a < grid.dimension(); a++) ok &= grid.step(a) <= narrowest / 3;
		this.gridResolves = ok;
	}

	/** Per training model: the mode of its posterior component and the narrowest feature width near it. */
	private static final class Analysis {
		final double[][] modes;
		final double[] widths;

		Analysis(final double[][] modes, final double[] widths) {
			this.modes = modes;
			this.widths = widths;
		}
	}

	/**
	 * The mode of each component {@code N(x; x_n, sigma^2 I) L(x)} by damped Gauss-Newton from x_n (the data can pull it
	 * many sigma away when they disagree with x_n), and {@code min(sigma, gamma / ||J||_F)} over J at x_n and at the mode.
	 */
	private static Analysis analyze(final Likelihood lik, final TrainingSet training, final double sigma) {
		final int n = training.size(), d = training.dimension();
		final double[][] modes = new double[n][];
		final double[] widths = new double[n];
		final double s2 = sigma * sigma, g2 = lik.gamma() * lik.gamma();
		for (int k = 0; k < n; k++) {
			final double[] xk = training.copy(k, null), x = xk.clone();
			double width = sigma, obj = objective(lik, xk, x, s2);
			for (int it = 0; it < 100; it++) {
				final double[] r;
				final DMatrixRMaj j;
				try (Linearization lin = lik.operator().linearize(x)) { // F(x) and J(x) from one linearization
					r = lik.residual(lin.value(), null);
					j = lin.jacobian();
				}
				width = Math.min(width, widthOf(j, lik.gamma()));
				if (it == 0 && Double.isNaN(obj)) break;
				// gradient of |x - x_k|^2 / (2 s2) + |F(x) - y|^2 / (2 g2) (r = y - F(x)), and the Gauss-Newton matrix
				final DMatrixRMaj h = new DMatrixRMaj(d, d), grad = new DMatrixRMaj(d, 1);
				for (int a = 0; a < d; a++) {
					double ga = (x[a] - xk[a]) / s2;
					for (int i = 0; i < r.length; i++) ga -= j.get(i, a) * r[i] / g2;
					grad.set(a, 0, -ga);
					for (int b = 0; b < d; b++) {
						double hab = a == b ? 1 / s2 : 0;
						for (int i = 0; i < r.length; i++) hab += j.get(i, a) * j.get(i, b) / g2;
						h.set(a, b, hab);
					}
				}
				final DMatrixRMaj step = new DMatrixRMaj(d, 1);
				if (!CommonOps_DDRM.solve(h, grad, step)) break;
				double t = 1, next = Double.NaN;
				final double[] trial = new double[d];
				for (; t > 1e-12; t *= 0.5) {
					for (int a = 0; a < d; a++) trial[a] = x[a] + t * step.get(a, 0);
					next = objective(lik, xk, trial, s2);
					if (next <= obj) break;
				}
				if (!(next <= obj)) break;
				double moved = 0;
				for (int a = 0; a < d; a++) moved = Math.max(moved, Math.abs(trial[a] - x[a]));
				System.arraycopy(trial, 0, x, 0, d);
				final boolean done = moved < 1e-12 * Math.max(1, sigma) || obj - next <= 1e-15 * Math.abs(obj);
				obj = next;
				if (done) break;
			}
			try (Linearization lin = lik.operator().linearize(x)) {
				width = Math.min(width, widthOf(lin.jacobian(), lik.gamma()));
			}
			modes[k] = x;
			widths[k] = width;
		}
		return new Analysis(modes, widths);
	}

	private static double objective(final Likelihood lik, final double[] xk, final double[] x, final double s2) {
		double p = 0;
		for (int a = 0; a < x.length; a++) p += (x[a] - xk[a]) * (x[a] - xk[a]);
		return 0.5 * p / s2 + 0.5 * lik.misfit(lik.operator().apply(x, null));
	}

	private static double widthOf(final DMatrixRMaj j, final double gamma) {
		double f = 0;
		for (int i = 0; i < j.getNumElements(); i++) f += j.get(i) * j.get(i);
		return f > 0 ? gamma / Math.sqrt(f) : Double.POSITIVE_INFINITY;
	}

	/** The mode of component k (a copy). */
	public double[] mode(final int k) { return modes[k].clone(); }

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
			if (massWindow(k) == null) return false;
		return true;
	}

	/** The exact posterior on the automatic grid (see the class comment). */
	public ExactPosterior(final Likelihood lik, final TrainingSet training, final double sigma, final int maxCells,
		final int threads) {
		this(lik, training, sigma, maxCells, threads, checkedAnalysis(lik, training, sigma));
	}

	private ExactPosterior(final Likelihood lik, final TrainingSet training, final double sigma, final int maxCells,
		final int threads, final Analysis an) {
		this(lik, training, sigma, autoGrid(training, sigma, maxCells, an), threads, an);
	}

	private static Analysis checkedAnalysis(final Likelihood lik, final TrainingSet training, final double sigma) {
		ReweightedPosterior.checkFits(lik, training);
		MemorizedPrior.checkSigma(sigma);
		if (training.dimension() > 2) throw new IllegalArgumentException("exact quadrature is for models of 1 or 2 values, not " +
			training.dimension() + "; use the linearized or reweighted posterior");
		return analyze(lik, training, sigma);
	}

	/**
	 * The automatic grid: every training model and the mode of its component +- 10 sigma, cells of at most {@code
	 * min(sigma, gamma / ||J||_F) / 6} over all of them, at most {@code maxCells} per axis.
	 */
	public static QuadratureGrid autoGrid(final Likelihood lik, final TrainingSet training, final double sigma, final int maxCells) {
		return autoGrid(training, sigma, maxCells, checkedAnalysis(lik, training, sigma));
	}

	private static QuadratureGrid autoGrid(final TrainingSet training, final double sigma, final int maxCells, final Analysis an) {
		if (maxCells < 2) throw new IllegalArgumentException("maxCells must be at least 2, got " + maxCells);
		final int d = training.dimension();
		double width = Double.POSITIVE_INFINITY;
		for (final double w : an.widths) width = Math.min(width, w);
		final double h = width / 6;
		final double[] lo = new double[d], hi = new double[d];
		final int[] counts = new int[d];
		for (int a = 0; a < d; a++) {
			double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
			for (int n = 0; n < training.size(); n++) {
				min = Math.min(min, Math.min(training.value(n, a), an.modes[n][a]));
				max = Math.max(max, Math.max(training.value(n, a), an.modes[n][a]));
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
			for (int a = 0; a < d; a++) { // x_k and the mode of its component, +- 10 sigma
				final double lo = Math.min(c[a], modes[k][a]), hi = Math.max(c[a], modes[k][a]);
				from[a] = (int) Math.max(0, Math.floor((lo - WINDOW * sigma - grid.lo(a)) / grid.step(a)));
				to[a] = (int) Math.min(grid.count(a) - 1, Math.ceil((hi + WINDOW * sigma - grid.lo(a)) / grid.step(a)));
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
	 * Component k's window over the box [lo, hi] +- 10 sigma with cells of a sixth of its width, or null if that needs
	 * more than {@link #WINDOW_CELLS} per axis (capped instead when {@code cap}).
	 */
	private QuadratureGrid window(final int k, final double[] lo, final double[] hi, final boolean cap) {
		final int d = training.dimension();
		final double[] wl = new double[d], wh = new double[d];
		final int[] counts = new int[d];
		for (int a = 0; a < d; a++) {
			wl[a] = lo[a] - WINDOW * sigma;
			wh[a] = hi[a] + WINDOW * sigma;
			final double cells = Math.ceil((wh[a] - wl[a]) / (widths[k] / 6));
			if (cells > WINDOW_CELLS[d - 1] && !cap) return null;
			counts[a] = (int) Math.max(2, Math.min(WINDOW_CELLS[d - 1], cells));
		}
		return new QuadratureGrid(wl, wh, counts);
	}

	/** Where component k's mass lies: x_k and the mode of {@code N(x; x_k, sigma^2 I) L(x)}, +- 10 sigma. */
	private QuadratureGrid massWindow(final int k) {
		final double[] lo = training.copy(k, null), hi = lo.clone();
		for (int a = 0; a < lo.length; a++) {
			lo[a] = Math.min(lo[a], modes[k][a]);
			hi[a] = Math.max(hi[a], modes[k][a]);
		}
		return window(k, lo, hi, false);
	}

	/** {@link #windowLogMasses} once computed (they do not depend on the thread count). */
	private double[] windowMasses;

	/** {@link #componentLogMasses} on each component's own fine window, the likelihood evaluated there (computed once). */
	private synchronized double[] windowLogMasses(final int threads) {
		if (windowMasses == null) windowMasses = computeWindowLogMasses(threads);
		return windowMasses.clone();
	}

	private double[] computeWindowLogMasses(final int threads) {
		final int n = training.size(), d = training.dimension();
		final double[] out = new double[n];
		final double s2 = 2 * sigma * sigma;
		Parallel.forEach(n, threads, k -> {
			final QuadratureGrid w = massWindow(k);
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
		private final double[] mean, covariance, l1;
		private final boolean resolved;

		Summary(final double[] mean, final double[] covariance, final double[] l1, final boolean resolved) {
			this.mean = mean;
			this.covariance = covariance;
			this.l1 = l1;
			this.resolved = resolved;
		}

		/** The exact posterior's mean, d values. */
		public double[] mean() { return mean; }

		/** The exact posterior's covariance, d x d row-major. */
		public double[] covariance() { return covariance; }

		/** The L1 distances of the exact posterior to the given mixtures, one per mixture. */
		public double[] l1() { return l1; }

		/** False if a window had to be coarsened or the windows did not hold all the mass (then the values are approximate). */
		public boolean resolved() { return resolved; }
	}

	/** Mass the windows must hold, of the posterior and of each mixture, for a summary to count as resolved. */
	static final double MASS_TOLERANCE = 1e-6;

	/**
	 * The exact posterior's mean and covariance and its L1 distances {@code integral |p - q|} to other densities (each
	 * a mixture with one component per training model, e.g. the linearized posterior): on the global grid when it
	 * resolves the posterior, else window by window with the partition of unity of the class comment. {@code phi_k p}
	 * is component k's own integrand, so window k covers x_k and its mode; {@code phi_k q} lies near the means of q
	 * where phi_k is not negligible, so window k covers those too. The windows' total mass of p and of every q is
	 * checked against 1.
	 */
	public Summary summarize(final int threads, final GaussianMixture... others) {
		return summarize(threads, others, null, null);
	}

	/**
	 * {@link #summarize(int, GaussianMixture...)} for a caller that already holds the posterior and the mixtures on the
	 * grid (used by the grid path instead of tabulating them again; null to tabulate).
	 */
	Summary summarize(final int threads, final GaussianMixture[] others, final GridDensity posteriorOnGrid,
		final GridDensity[] othersOnGrid) {
		if (gridResolves || !resolved()) {
			final GridDensity p = posteriorOnGrid != null ? posteriorOnGrid : posterior();
			final double[] l1 = new double[others.length];
			for (int j = 0; j < others.length; j++)
				l1[j] = p.l1(othersOnGrid != null ? othersOnGrid[j] : GridDensity.of(grid, others[j], threads));
			return new Summary(p.mean(), p.covariance(), l1, resolved());
		}
		final int n = training.size(), d = training.dimension(), m = others.length;
		for (final GaussianMixture q : others)
			if (q.size() != n || q.dimension() != d) throw new IllegalArgumentException("a mixture of " + q.size() +
				" components in " + q.dimension() + "D for " + n + " training models in " + d + "D");
		final double logZ = LogSpace.logSumExp(windowLogMasses(threads)) - Math.log(n);
		final double s2 = 2 * sigma * sigma, logNorm = -0.5 * d * Math.log(2 * Math.PI * sigma * sigma) - Math.log(n);
		// The boxes: x_k, its mode, and every mean of every q where phi_k is not negligible (e^-40 of the largest).
		final double[][] lo = new double[n][], hi = new double[n][];
		for (int k = 0; k < n; k++) {
			lo[k] = training.copy(k, null);
			hi[k] = lo[k].clone();
			for (int a = 0; a < d; a++) {
				lo[k][a] = Math.min(lo[k][a], modes[k][a]);
				hi[k][a] = Math.max(hi[k][a], modes[k][a]);
			}
		}
		final double[] lp = new double[n];
		for (final GaussianMixture q : others)
			for (int j = 0; j < n; j++) {
				final double[] z = q.mean(j);
				double top = Double.NEGATIVE_INFINITY;
				for (int k = 0; k < n; k++) top = Math.max(top, lp[k] = -training.squaredDistance(k, z) / s2);
				for (int k = 0; k < n; k++)
					if (lp[k] >= top - 40)
						for (int a = 0; a < d; a++) {
							lo[k][a] = Math.min(lo[k][a], z[a]);
							hi[k][a] = Math.max(hi[k][a], z[a]);
						}
			}
		// per window: mass of p, d first and d*d second moments about x_k, m L1 parts, m masses of q
		final double[][] parts = new double[n][1 + d + d * d + 2 * m];
		final boolean[] capped = new boolean[n];
		Parallel.forEach(n, threads, k -> {
			QuadratureGrid w = window(k, lo[k], hi[k], false);
			if (w == null) {
				capped[k] = true;
				w = window(k, lo[k], hi[k], true);
			}
			final double[] x = new double[d], lpk = new double[n], acc = parts[k];
			for (int i = 0; i < w.size(); i++) {
				w.point(i, x);
				for (int j = 0; j < n; j++) lpk[j] = -training.squaredDistance(j, x) / s2;
				final double lse = LogSpace.logSumExp(lpk);
				final double phi = Math.exp(lpk[k] - lse);
				if (phi == 0) continue;
				final double p = Math.exp(lse + logNorm - 0.5 * lik.misfit(lik.operator().apply(x, null)) - logZ);
				final double pp = phi * p;
				acc[0] += pp;
				for (int a = 0; a < d; a++) { // moments about x_k: no cancellation when sigma is tiny
					final double da = x[a] - training.value(k, a);
					acc[1 + a] += pp * da;
					for (int b = 0; b < d; b++) acc[1 + d + a * d + b] += pp * da * (x[b] - training.value(k, b));
				}
				for (int j = 0; j < m; j++) {
					final double q = Math.exp(others[j].logDensity(x));
					acc[1 + d + d * d + j] += phi * Math.abs(p - q);
					acc[1 + d + d * d + m + j] += phi * q;
				}
			}
			final double vol = w.cellVolume();
			for (int i = 0; i < acc.length; i++) acc[i] *= vol;
		});
		double mass = 0;
		final double[] mean = new double[d], l1 = new double[m], qmass = new double[m];
		boolean ok = true;
		for (int k = 0; k < n; k++) {
			final double[] a = parts[k];
			ok &= !capped[k];
			mass += a[0];
			for (int i = 0; i < d; i++) mean[i] += a[0] * training.value(k, i) + a[1 + i];
			for (int j = 0; j < m; j++) {
				l1[j] += a[1 + d + d * d + j];
				qmass[j] += a[1 + d + d * d + m + j];
			}
		}
		ok &= Math.abs(mass - 1) <= MASS_TOLERANCE;
		for (final double q : qmass) ok &= Math.abs(q - 1) <= MASS_TOLERANCE;
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
		return new Summary(mean, cov, l1, ok);
	}

	/** The exact component weights, {@code softmax(log Z_n)}. */
	public double[] componentWeights(final int threads) {
		return LogSpace.softmax(componentLogMasses(threads), null);
	}

	/** The likelihood this posterior belongs to. */
	public Likelihood likelihoodModel() { return lik; }
}
