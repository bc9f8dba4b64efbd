package org.memfwi.core.optim;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

import org.memfwi.core.progress.CanceledException;
import org.memfwi.core.progress.Progress;

/**
 * Minimizes a smooth function subject to box constraints {@code lower <= x <= upper} with a projected limited-memory
 * BFGS method: variables held at a bound by the gradient are frozen for the iteration, the two-loop recursion
 * builds the quasi-Newton direction on the free ones, and a backtracking line search along the projected path
 * {@code P(x + a d)} enforces sufficient decrease (Armijo). Curvature pairs with {@code s.y <= 0} are skipped so the
 * inverse-Hessian estimate stays positive definite. (This is the simpler projection scheme, not the Cauchy-point
 * subspace method of L-BFGS-B.) Independent of any physics: FWI and the posterior engine both use it.
 */
public final class Lbfgs {

	/** Settings. Immutable: {@link Settings#of(int, int)}, {@code with...} copies, {@link Settings#validate()}. */
	public static final class Settings {
		final int memory, iterations, maxEvaluations;
		final double gradientTolerance, relativeDecrease, firstStep;

		private Settings(final int memory, final int iterations, final int maxEvaluations, final double gtol, final double rel,
			final double firstStep) {
			this.memory = memory;
			this.iterations = iterations;
			this.maxEvaluations = maxEvaluations;
			this.gradientTolerance = gtol;
			this.relativeDecrease = rel;
			this.firstStep = firstStep;
		}

		/**
		 * The raw gradient as first step, at most 20 * iterations + 20 evaluations, gradient tolerance 1e-10, relative
		 * decrease 1e-9.
		 *
		 * @param memory number of curvature pairs kept (5-20 is usual)
		 * @param iterations the most iterations
		 */
		public static Settings of(final int memory, final int iterations) {
			return new Settings(memory, iterations, 20 * iterations + 20, 1e-10, 1e-9, 0);
		}

		/**
		 * A copy whose first step (when no curvature is known yet) changes no variable by more than v, in the units of x;
		 * 0 = use the raw gradient.
		 */
		public Settings withFirstStep(final double v) {
			return new Settings(memory, iterations, maxEvaluations, gradientTolerance, relativeDecrease, v);
		}

		/** Stop when the largest projected-gradient component falls below this fraction of its initial value. */
		public Settings withGradientTolerance(final double g) {
			return new Settings(memory, iterations, maxEvaluations, g, relativeDecrease, firstStep);
		}

		/** Stop when an iteration decreases f by less than this fraction of |f|. */
		public Settings withRelativeDecrease(final double r) {
			return new Settings(memory, iterations, maxEvaluations, gradientTolerance, r, firstStep);
		}

		/**
		 * Checks every value.
		 *
		 * @return these settings
		 * @throws IllegalArgumentException naming the bad value and the fix
		 */
		public Settings validate() {
			if (memory < 1) throw new IllegalArgumentException("L-BFGS memory must be at least 1, got " + memory);
			if (iterations < 0) throw new IllegalArgumentException("iterations must be at least 0, got " + iterations);
			if (!(firstStep >= 0)) throw new IllegalArgumentException("the first step must be at least 0, got " + firstStep);
			if (!(gradientTolerance >= 0)) throw new IllegalArgumentException("the gradient tolerance must be at least 0, got " +
				gradientTolerance);
			if (!(relativeDecrease >= 0)) throw new IllegalArgumentException("the relative decrease must be at least 0, got " +
				relativeDecrease);
			return this;
		}
	}

	/** Called after every accepted iteration (for tables and progress). */
	public interface Monitor {
		void iteration(int iteration, double f, double projectedGradientNorm, double stepLength, int evaluations, double[] x);
	}

	/** The outcome of a minimization. */
	public static final class Result {
		private final double[] x;
		private final double f;
		private final int iterations;
		private final int evaluations;
		private final String reason;
		private final boolean canceled;

		Result(final double[] x, final double f, final int iterations, final int evaluations, final String reason) {
			this.x = x;
			this.f = f;
			this.iterations = iterations;
			this.evaluations = evaluations;
			this.reason = reason;
			this.canceled = reason.equals("canceled");
		}

		/** The best point reached (within the bounds). */
		public double[] x() { return x; }

		/** The objective at {@link #x()}. */
		public double f() { return f; }

		/** Iterations done. */
		public int iterations() { return iterations; }

		/** Objective evaluations done (each with its gradient). */
		public int evaluations() { return evaluations; }

		/** Why it stopped, e.g. "iterations", "gradient", "decrease", "line search", "canceled". */
		public String reason() { return reason; }

		/** Whether a cancel request ended the run. */
		public boolean canceled() { return canceled; }
	}

	private Lbfgs() {}

	/**
	 * Minimizes f over the box. A cancel request (a {@link CanceledException} thrown by f or by the progress check)
	 * ends the run and returns the best point accepted so far, with {@code canceled} set.
	 *
	 * @param x0 the start, projected onto the box first; not modified
	 * @param lower lower bounds (may contain -infinity), or null
	 * @param upper upper bounds (may contain +infinity), or null
	 * @param monitor called after every iteration, or null
	 */
	public static Result minimize(final Objective f, final double[] x0, final double[] lower, final double[] upper,
		final Settings s, final Monitor monitor, final Progress progress) {
		s.validate();
		final int n = x0.length;
		final double[] x = x0.clone();
		project(x, lower, upper);
		final double[] g = new double[n];
		final int[] evals = { 0 };
		double fx;
		try {
			progress.checkCanceled();
			fx = f.evaluate(x, g);
			evals[0]++;
		}
		catch (final CanceledException e) {
			return new Result(x, Double.NaN, 0, evals[0], "canceled");
		}
		if (!Double.isFinite(fx)) throw new IllegalArgumentException("the objective is " + fx + " at the starting point");
		final Deque<double[][]> pairs = new ArrayDeque<>();
		final double[] d = new double[n], xt = new double[n], gt = new double[n], q = new double[n];
		final boolean[] free = new boolean[n];
		final double pg0 = projectedGradientNorm(x, g, lower, upper);
		if (monitor != null) monitor.iteration(0, fx, pg0, 0, evals[0], x);
		int it = 0;
		String reason = "iterations";
		try {
			while (it < s.iterations) {
				progress.checkCanceled();
				final double pg = projectedGradientNorm(x, g, lower, upper);
				if (pg == 0 || pg <= s.gradientTolerance * pg0) {
					reason = "gradient";
					break;
				}
				for (int i = 0; i < n; i++) free[i] = !(atLower(x, lower, i) && g[i] > 0) && !(atUpper(x, upper, i) && g[i] < 0);
				direction(g, free, pairs, q, d, s);
				double gd = 0;
				for (int i = 0; i < n; i++) gd += g[i] * d[i];
				if (!(gd < 0)) {
					pairs.clear();
					direction(g, free, pairs, q, d, s);
					gd = 0;
					for (int i = 0; i < n; i++) gd += g[i] * d[i];
					if (!(gd < 0)) {
						reason = "gradient";
						break;
					}
				}
				// Backtracking along the projected path.
				double a = 1, ft = Double.NaN;
				boolean ok = false;
				for (int tries = 0; tries < 30 && evals[0] < s.maxEvaluations; tries++) {
					double dec = 0;
					for (int i = 0; i < n; i++) {
						xt[i] = x[i] + a * d[i];
					}
					project(xt, lower, upper);
					for (int i = 0; i < n; i++) dec += g[i] * (xt[i] - x[i]);
					if (dec >= 0) {
						a *= 0.5;
						continue;
					}
					ft = f.evaluate(xt, gt);
					evals[0]++;
					if (Double.isFinite(ft) && ft <= fx + 1e-4 * dec) {
						ok = true;
						break;
					}
					// Quadratic interpolation of the step, safeguarded to [0.1, 0.5] of the last one.
					final double slope = dec / a;
					final double aq = Double.isFinite(ft) ? -slope * a * a / (2 * (ft - fx - slope * a)) : 0.1 * a;
					a = Math.max(0.1 * a, Math.min(0.5 * a, aq));
				}
				if (!ok) {
					reason = evals[0] >= s.maxEvaluations ? "evaluations" : "line search";
					break;
				}
				final double[] sv = new double[n], yv = new double[n];
				double sy = 0, ss = 0, yy = 0;
				for (int i = 0; i < n; i++) {
					sv[i] = xt[i] - x[i];
					yv[i] = gt[i] - g[i];
					sy += sv[i] * yv[i];
					ss += sv[i] * sv[i];
					yy += yv[i] * yv[i];
				}
				if (sy > 1e-12 * Math.sqrt(ss * yy)) {
					pairs.addLast(new double[][] { sv, yv, { 1 / sy } });
					if (pairs.size() > s.memory) pairs.removeFirst();
				}
				final double fPrev = fx;
				System.arraycopy(xt, 0, x, 0, n);
				System.arraycopy(gt, 0, g, 0, n);
				fx = ft;
				it++;
				if (monitor != null) monitor.iteration(it, fx, projectedGradientNorm(x, g, lower, upper), a, evals[0], x);
				if (fPrev - fx <= s.relativeDecrease * Math.abs(fPrev)) {
					reason = "decrease";
					break;
				}
			}
		}
		catch (final CanceledException e) {
			reason = "canceled";
		}
		return new Result(x, fx, it, evals[0], reason);
	}

	/** d = -H g on the free variables (two-loop recursion), 0 on the frozen ones. */
	private static void direction(final double[] g, final boolean[] free, final Deque<double[][]> pairs, final double[] q,
		final double[] d, final Settings s) {
		final int n = g.length;
		for (int i = 0; i < n; i++) q[i] = free[i] ? g[i] : 0;
		if (pairs.isEmpty()) {
			double m = 0;
			for (int i = 0; i < n; i++) m = Math.max(m, Math.abs(q[i]));
			final double scale = s.firstStep > 0 && m > 0 ? s.firstStep / m : 1;
			for (int i = 0; i < n; i++) d[i] = -scale * q[i];
			return;
		}
		final double[] alpha = new double[pairs.size()];
		int k = pairs.size() - 1;
		for (final Iterator<double[][]> itr = pairs.descendingIterator(); itr.hasNext(); k--) {
			final double[][] p = itr.next();
			double sq = 0;
			for (int i = 0; i < n; i++) if (free[i]) sq += p[0][i] * q[i];
			alpha[k] = p[2][0] * sq;
			for (int i = 0; i < n; i++) if (free[i]) q[i] -= alpha[k] * p[1][i];
		}
		final double[][] last = pairs.peekLast();
		double sy = 0, yy = 0;
		for (int i = 0; i < n; i++) {
			sy += last[0][i] * last[1][i];
			yy += last[1][i] * last[1][i];
		}
		final double gamma = yy > 0 ? sy / yy : 1;
		for (int i = 0; i < n; i++) q[i] *= gamma;
		k = 0;
		for (final double[][] p : pairs) {
			double yr = 0;
			for (int i = 0; i < n; i++) if (free[i]) yr += p[1][i] * q[i];
			final double beta = p[2][0] * yr;
			for (int i = 0; i < n; i++) if (free[i]) q[i] += (alpha[k] - beta) * p[0][i];
			k++;
		}
		for (int i = 0; i < n; i++) d[i] = free[i] ? -q[i] : 0;
	}

	private static boolean atLower(final double[] x, final double[] lo, final int i) {
		return lo != null && x[i] <= lo[i];
	}

	private static boolean atUpper(final double[] x, final double[] hi, final int i) {
		return hi != null && x[i] >= hi[i];
	}

	/** Clips x into the box. */
	public static void project(final double[] x, final double[] lo, final double[] hi) {
		for (int i = 0; i < x.length; i++) {
			if (lo != null && x[i] < lo[i]) x[i] = lo[i];
			if (hi != null && x[i] > hi[i]) x[i] = hi[i];
		}
	}

	/**
	 * The largest component of the projected gradient: g_i, except 0 where x_i sits at a bound and the gradient
	 * points out of the box. Zero exactly at a constrained stationary point; scales with f (not with x).
	 */
	public static double projectedGradientNorm(final double[] x, final double[] g, final double[] lo, final double[] hi) {
		double m = 0;
		for (int i = 0; i < x.length; i++) {
			if (atLower(x, lo, i) && g[i] > 0 || atUpper(x, hi, i) && g[i] < 0) continue;
			m = Math.max(m, Math.abs(g[i]));
		}
		return m;
	}
}
