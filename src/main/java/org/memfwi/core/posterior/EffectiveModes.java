package org.memfwi.core.posterior;

import java.util.Arrays;

import org.memfwi.core.operator.StylizedOperator;
import org.memfwi.core.prior.TrainingSet;
import org.memfwi.core.progress.Progress;
import org.memfwi.core.util.LogSpace;
import org.memfwi.core.util.Parallel;

/**
 * The paper's effective-modes (collapse) figure for the 1-D problem {@code F(x) = x + 0.3 x^3}: the effective number
 * of modes {@code exp(-sum w_n log w_n)} of the exact posterior's component weights against sigma, for training sets
 * of several sizes N drawn from one pool of points, and the dominance condition {@code sigma_crit(N) =
 * sqrt(delta gamma / mean_n(|F'(x_n)|))}, {@code delta = (max - min of the pool) / (N - 1)}.
 * <p>
 * The paper's set-up (mempost scripts/stylized_gmm.py, figure 3): pool {@code linspace(-3, 3, 100)}, training set N the
 * pool points at indices {@code linspace(0, 99, N)} truncated to integers, N in {3, 5, 10, 20, 100}, 70 sigmas
 * log-spaced from 0.01 to 5 ({@code 10^linspace(-2, log10 5, 70)}), y = 0, gamma = 0.3. The weights here are exact:
 * each component's mass {@code Z_n = integral N(x; x_n, sigma^2) exp(-(F(x) - y)^2 / (2 gamma^2)) dx} by
 * {@link ExactPosterior} (windows of +-10 sigma around the component, resolved at any sigma), not the paper's sum
 * over a grid of 2000 points on [-5, 5], which truncates the components of the outer points at large sigma and does
 * not resolve them at small sigma. Because Z_n depends only on x_n, the masses of the whole pool are computed once per
 * sigma and every N takes its subset.
 */
public final class EffectiveModes {

	/** The paper's training-set sizes. */
	public static final int[] PAPER_SIZES = { 3, 5, 10, 20, 100 };

	private final double[] pool;
	private final int[] sizes;
	private final double[] sigmas;
	private final double data, gamma;

	/**
	 * @param pool the pool of training points (1-D), at least as many as the largest size, copied
	 * @param sizes training-set sizes N, each 2..pool length
	 * @param sigmas prior noise levels, each positive
	 * @param data the datum y
	 * @param gamma the data noise, positive
	 */
	public EffectiveModes(final double[] pool, final int[] sizes, final double[] sigmas, final double data, final double gamma) {
		if (pool.length < 2) throw new IllegalArgumentException("points: the pool needs at least 2 points, got " + pool.length);
		for (final double p : pool)
			if (!Double.isFinite(p)) throw new IllegalArgumentException("points: every point must be a finite number, got " + p);
		if (sizes.length == 0) throw new IllegalArgumentException("sizes: give at least one training-set size N");
		for (final int n : sizes)
			if (n < 2 || n > pool.length) throw new IllegalArgumentException("sizes: N = " + n + " must be between 2 and the " +
				pool.length + " points of the pool");
		if (sigmas.length == 0) throw new IllegalArgumentException("give at least one sigma");
		for (final double s : sigmas)
			if (!(s > 0) || Double.isInfinite(s)) throw new IllegalArgumentException("every sigma must be positive, got " + s);
		Likelihood.checkGamma(gamma);
		if (!Double.isFinite(data)) throw new IllegalArgumentException("data: y must be a finite number, got " + data);
		this.pool = pool.clone();
		this.sizes = sizes.clone();
		this.sigmas = sigmas.clone();
		this.data = data;
		this.gamma = gamma;
	}

	/** The paper's figure: pool linspace(-3, 3, 100), N in {3, 5, 10, 20, 100}, 70 sigmas 0.01..5, y = 0, gamma = 0.3. */
	public static EffectiveModes paper() {
		return new EffectiveModes(paperPool(), PAPER_SIZES, paperSigmas(), 0, StylizedProblem.GAMMA);
	}

	/** numpy's {@code linspace(lo, hi, n)}: {@code lo + i (hi - lo) / (n - 1)}, the last value exactly hi. */
	public static double[] linspace(final double lo, final double hi, final int n) {
		final double[] x = new double[n];
		final double step = (hi - lo) / (n - 1);
		for (int i = 0; i < n; i++) x[i] = lo + i * step;
		x[n - 1] = hi;
		return x;
	}

	/** The paper's pool of training points, {@code linspace(-3, 3, 100)}. */
	public static double[] paperPool() {
		return linspace(-3, 3, 100);
	}

	/** The paper's 70 sigmas, {@code 10^linspace(-2, log10(5), 70)}. */
	public static double[] paperSigmas() {
		final double[] e = linspace(-2, Math.log10(5), 70);
		final double[] s = new double[e.length];
		for (int i = 0; i < s.length; i++) s[i] = Math.pow(10, e[i]);
		return s;
	}

	/** The pool indices of training set N: {@code linspace(0, poolSize - 1, N)} truncated to integers. */
	public static int[] indices(final int n, final int poolSize) {
		final double[] f = linspace(0, poolSize - 1, n);
		final int[] idx = new int[n];
		for (int i = 0; i < n; i++) idx[i] = (int) f[i];
		return idx;
	}

	/** Training set N's points. */
	public double[] points(final int n) {
		final int[] idx = indices(n, pool.length);
		final double[] x = new double[n];
		for (int i = 0; i < n; i++) x[i] = pool[idx[i]];
		return x;
	}

	/**
	 * The paper's dominance condition {@code sigma_crit = sqrt(delta gamma / mean(1 + 0.9 x_n^2))} for training set N,
	 * with {@code delta = (pool max - pool min) / (N - 1)} (6 / (N - 1) for the paper's pool) and {@code 1 + 0.9 x^2 =
	 * F'(x)}.
	 */
	public double sigmaCrit(final int n) {
		final double[] x = points(n);
		double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
		for (final double p : pool) {
			lo = Math.min(lo, p);
			hi = Math.max(hi, p);
		}
		final double delta = (hi - lo) / (n - 1);
		double g = 0;
		for (final double v : x) g += 1 + 0.9 * v * v;
		g /= n;
		return Math.sqrt(delta * gamma / g);
	}

	public int[] sizes() { return sizes.clone(); }

	public double[] sigmas() { return sigmas.clone(); }

	/** The result: modes[size][sigma] (NaN where quadrature could not resolve sigma), the critical sigmas and modes there. */
	public static final class Result {
		private final int[] sizes;
		private final double[] sigmas;
		private final double[][] modes;
		private final double[] sigmaCrit;
		private final double[] modesAtCrit;
		private final double[] modesAtCritInterpolated;

		Result(final int[] sizes, final double[] sigmas, final double[][] modes, final double[] crit, final double[] atCrit,
			final double[] interp)
		{
			this.sizes = sizes;
			this.sigmas = sigmas;
			this.modes = modes;
			sigmaCrit = crit;
			modesAtCrit = atCrit;
			modesAtCritInterpolated = interp;
		}

		/** The training-set sizes N swept. */
		public int[] sizes() { return sizes; }

		/** The sigmas swept. */
		public double[] sigmas() { return sigmas; }

		/** Effective modes per size (row) and sigma (column). */
		public double[][] modes() { return modes; }

		/** Per size, the critical sigma of the dominance condition ({@link EffectiveModes#sigmaCrit(int)}). */
		public double[] sigmaCrit() { return sigmaCrit; }

		/** Exact effective modes at sigma_crit. */
		public double[] modesAtCrit() { return modesAtCrit; }

		/** The paper's value: effective modes linearly interpolated in sigma at sigma_crit (NaN outside the sweep). */
		public double[] modesAtCritInterpolated() { return modesAtCritInterpolated; }
	}

	/**
	 * Computes the figure's numbers.
	 *
	 * @param maxCells largest quadrature grid per axis for {@link ExactPosterior} (e.g. 1500)
	 * @param threads worker threads, 0 = all
	 * @throws org.memfwi.core.progress.CanceledException if canceled
	 */
	public Result run(final int maxCells, final int threads, final Progress progress) {
		final double[][] modes = new double[sizes.length][sigmas.length];
		final int jobs = sigmas.length + sizes.length;
		final int[] done = { 0 };
		final double[] atCrit = new double[sizes.length], crit = new double[sizes.length];
		progress.status("Effective modes: exact component weights at " + sigmas.length + " sigmas");
		// One job per sigma (the pool's masses) and per size (its sigma_crit); each job single-threaded.
		Parallel.forEach(jobs, threads, j -> {
			progress.checkCanceled();
			if (j < sigmas.length) {
				final double[] lm = poolLogMasses(sigmas[j], maxCells);
				for (int s = 0; s < sizes.length; s++) modes[s][j] = lm == null ? Double.NaN : modes(lm, sizes[s]);
			}
			else {
				final int s = j - sigmas.length;
				crit[s] = sigmaCrit(sizes[s]);
				final double[] x = points(sizes[s]);
				final double[] lm = logMasses(x, crit[s], maxCells);
				atCrit[s] = lm == null ? Double.NaN : LogSpace.effectiveModes(LogSpace.normalizeLog(lm, null));
			}
			synchronized (done) {
				progress.fraction(++done[0] / (double) jobs);
			}
		});
		final double[] interp = new double[sizes.length];
		for (int s = 0; s < sizes.length; s++) interp[s] = interpolate(sigmas, modes[s], crit[s]);
		return new Result(sizes.clone(), sigmas.clone(), modes, crit, atCrit, interp);
	}

	private double modes(final double[] poolLogMass, final int n) {
		final int[] idx = indices(n, pool.length);
		final double[] lw = new double[n];
		for (int i = 0; i < n; i++) lw[i] = poolLogMass[idx[i]];
		return LogSpace.effectiveModes(LogSpace.normalizeLog(lw, lw));
	}

	private double[] poolLogMasses(final double sigma, final int maxCells) {
		// only the points some size uses
		final boolean[] used = new boolean[pool.length];
		for (final int n : sizes)
			for (final int i : indices(n, pool.length)) used[i] = true;
		int count = 0;
		for (final boolean u : used) if (u) count++;
		final double[] x = new double[count];
		final int[] where = new int[count];
		for (int i = 0, c = 0; i < pool.length; i++)
			if (used[i]) {
				x[c] = pool[i];
				where[c++] = i;
			}
		final double[] lm = logMasses(x, sigma, maxCells);
		if (lm == null) return null;
		final double[] out = new double[pool.length];
		Arrays.fill(out, Double.NEGATIVE_INFINITY);
		for (int c = 0; c < count; c++) out[where[c]] = lm[c];
		return out;
	}

	/** Exact log masses of the components at the given points, or null when sigma is unresolved. */
	private double[] logMasses(final double[] x, final double sigma, final int maxCells) {
		final double[][] pts = new double[x.length][];
		for (int i = 0; i < x.length; i++) pts[i] = new double[] { x[i] };
		final Likelihood lik = new Likelihood(StylizedOperator.cubic(), new double[] { data }, gamma);
		final ExactPosterior ep = new ExactPosterior(lik, TrainingSet.of(pts), sigma, maxCells, 1);
		return ep.resolved() ? ep.componentLogMasses(1) : null;
	}

	/** numpy's {@code interp(x, xs, ys)} for increasing xs, NaN outside [xs[0], xs[last]]. */
	static double interpolate(final double[] xs, final double[] ys, final double x) {
		if (!(x >= xs[0]) || !(x <= xs[xs.length - 1])) return Double.NaN;
		for (int i = 1; i < xs.length; i++)
			if (x <= xs[i]) {
				final double t = (x - xs[i - 1]) / (xs[i] - xs[i - 1]);
				return ys[i - 1] + t * (ys[i] - ys[i - 1]);
			}
		return ys[ys.length - 1];
	}
}
