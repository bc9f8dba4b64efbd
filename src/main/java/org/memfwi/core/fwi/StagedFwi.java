package org.memfwi.core.fwi;

import java.util.Arrays;
import java.util.Locale;

import org.memfwi.core.operator.ForwardOperator;
import org.memfwi.core.operator.Linearization;
import org.memfwi.core.optim.Lbfgs;
import org.memfwi.core.optim.Objective;
import org.memfwi.core.progress.CanceledException;
import org.memfwi.core.progress.Progress;
import org.memfwi.core.util.Table;

/**
 * Staged (multiscale) full-waveform inversion over any {@link ForwardOperator}: minimizes
 * {@code misfit(F_k(x), d_k) + w R(v(x))} with {@link Lbfgs} inside the parameters' box, stage after stage (lowest
 * frequencies first: each stage k brings its own operator F_k and data d_k, e.g. low-passed traces or a subset of
 * frequencies) from the model the previous stage reached. Time-domain and Helmholtz FWI both run here; the physics
 * only builds the stages and the {@link Unknowns}.
 * <p>
 * Standard remedies, each optional:
 * <ul>
 * <li>Preconditioning: the update is scaled by the inverse illumination {@code 1 / (diag(J^T J) + eps max)}
 * ({@link Illumination}, estimated once per stage at its starting model) so that deep, poorly lit pixels move as
 * readily as shallow ones.</li>
 * <li>Taper: the update is multiplied by weights that are 0 at sources and receivers ({@link Taper}), which removes the
 * acquisition footprint.</li>
 * </ul>
 * Both act as a diagonal change of variables {@code x = x_k + s y} (s = sqrt(taper / illumination), largest 1), so
 * L-BFGS and its box stay exact (a preconditioned L-BFGS). Regularization ({@link Regularization}) is
 * {@code alpha E0 / N R(v / vref)}, alpha dimensionless, E0 the stage's data misfit at its start, N the pixel count,
 * vref = (vmin + vmax) / 2. With weight "auto" alpha follows the discrepancy principle: in the last stage alpha
 * starts at {@value #AUTO_WEIGHT_START} and after every round of iterations that leaves the data misfit E above the
 * noise level {@code T = 1/2 m sigma^2} (m data values of noise standard deviation sigma) it is divided by E / T,
 * at least {@value #AUTO_WEIGHT_COOLING} and at most {@value #AUTO_WEIGHT_MAX_COOLING}: far from the noise level alpha
 * falls fast (a fixed factor 3 left the demo's TV inversion at 5 times the noise level after 50 iterations), near it
 * gently (the misfit falls more slowly than alpha, so dividing by E / T does not overshoot the noise level by much);
 * the earlier stages keep the starting alpha (a smooth background first).
 * <p>
 * The data misfit lives in one place, a {@link DataMisfit}: least squares by default (with the operator's fused
 * misfit-and-gradient pass when it has one, {@link LeastSquaresGradient}).
 */
public final class StagedFwi {

	/**
	 * What the discrepancy principle divides alpha by after a round that reached data misfit {@code reached} above the
	 * noise level {@code target}: reached / target, clamped to [{@value #AUTO_WEIGHT_COOLING},
	 * {@value #AUTO_WEIGHT_MAX_COOLING}].
	 */
	static double coolingFactor(final double reached, final double target) {
		final double ratio = reached / target;
		return Double.isNaN(ratio) ? AUTO_WEIGHT_COOLING : Math.min(AUTO_WEIGHT_MAX_COOLING, Math.max(AUTO_WEIGHT_COOLING, ratio));
	}

	/** The weight alpha of the discrepancy principle's first round. */
	public static final double AUTO_WEIGHT_START = 100;
	/** The smallest factor alpha is divided by after a round that did not reach the noise level. */
	public static final double AUTO_WEIGHT_COOLING = 3;
	/** The largest factor alpha is divided by after one round (when the misfit is far above the noise level). */
	public static final double AUTO_WEIGHT_MAX_COOLING = 30;

	/** One stage: its operator over the unknowns, its observed data, and how the history table names it. */
	public interface Stage {
		ForwardOperator operator();

		/** The observed data of this stage, in the operator's order (not modified). */
		double[] observed();

		/** The stage's highest frequency or low-pass cutoff, Hz (0 = the full data), for the history table. */
		double cutoff();

		/** A short description for progress lines, e.g. "<= 5 Hz" or "3, 5 Hz". */
		String label();
	}

	/** The stages of an inversion, built when needed, and the complete data the initial and final misfits use. */
	public interface Stages {
		int count();

		Stage stage(int k);

		/** The complete (unfiltered, every frequency) data and their operator. */
		Stage full();
	}

	/** Settings. Immutable: {@link Settings#of(int, double, double)}, {@code with...} copies, {@link Settings#validate()}. */
	public static final class Settings {
		private final int iterations, probes, smooth;
		private final double vmin, vmax, weight, noise, waterLevel, taperRadius;
		private final Regularization regularization;
		private final boolean precondition;

		/**
		 * No regularization, no preconditioning, no taper (plain L-BFGS per stage); {@link #validate()} checks the values.
		 *
		 * @param iterations L-BFGS iterations per stage, at least 1
		 * @param vmin the lowest velocity allowed, m/s
		 * @param vmax the highest velocity allowed, m/s
		 */
		public static Settings of(final int iterations, final double vmin, final double vmax) {
			return new Settings(iterations, vmin, vmax, Regularization.NONE, 0, 0, false, 4, 2, 0.05, 0);
		}

		private Settings(final int iterations, final double vmin, final double vmax, final Regularization regularization,
			final double weight, final double noise, final boolean precondition, final int probes, final int smooth,
			final double waterLevel, final double taperRadius) {
			this.iterations = iterations;
			this.vmin = vmin;
			this.vmax = vmax;
			this.regularization = regularization;
			this.weight = weight;
			this.noise = noise;
			this.precondition = precondition;
			this.probes = probes;
			this.smooth = smooth;
			this.waterLevel = waterLevel;
			this.taperRadius = taperRadius;
		}

		/**
		 * Checks every value.
		 *
		 * @return these settings
		 * @throws IllegalArgumentException naming the bad value and the fix
		 */
		public Settings validate() {
			if (iterations < 1) throw new IllegalArgumentException("iterations must be at least 1, got " + iterations);
			if (!(vmin > 0) || !(vmax > vmin) || Double.isInfinite(vmax))
				throw new IllegalArgumentException("velocity bounds must satisfy 0 < vmin < vmax, got vmin = " + Table.format(vmin) +
					", vmax = " + Table.format(vmax));
			if (regularization == null) throw new IllegalArgumentException("regularization: use none, tikhonov or tv");
			if (!(weight >= 0) && !Double.isNaN(weight) || Double.isInfinite(weight))
				throw new IllegalArgumentException("weight must be at least 0 (or auto), got " + Table.format(weight));
			if (!(noise >= 0) || Double.isInfinite(noise))
				throw new IllegalArgumentException("noise must be at least 0 (data units), got " + Table.format(noise));
			if (probes < 1) throw new IllegalArgumentException("probes must be at least 1, got " + probes);
			if (smooth < 0) throw new IllegalArgumentException("illumination smoothing must be at least 0 pixels, got " + smooth);
			if (!(waterLevel > 0) || Double.isInfinite(waterLevel))
				throw new IllegalArgumentException("water level must be positive, got " + Table.format(waterLevel));
			if (!(taperRadius >= 0) || Double.isInfinite(taperRadius))
				throw new IllegalArgumentException("taper must be at least 0 m, got " + Table.format(taperRadius));
			return this;
		}

		public int iterations() { return iterations; }

		public double vmin() { return vmin; }

		public double vmax() { return vmax; }

		public Regularization regularization() { return regularization; }

		/** The dimensionless weight alpha; NaN = auto (discrepancy principle). */
		public double weight() { return weight; }

		/** The standard deviation of the noise of every data value, data units (0 = unknown). */
		public double noise() { return noise; }

		public boolean precondition() { return precondition; }

		public int probes() { return probes; }

		/** Taper radius around sources and receivers, m (0 = none). */
		public double taperRadius() { return taperRadius; }

		/** These settings with a regularization and its weight alpha (NaN = auto, the discrepancy principle). */
		public Settings withRegularization(final Regularization r, final double w) {
			return new Settings(iterations, vmin, vmax, r, w, noise, precondition, probes, smooth, waterLevel, taperRadius);
		}

		/** These settings with the noise standard deviation of the data (data units) the discrepancy principle aims at. */
		public Settings withNoise(final double n) {
			return new Settings(iterations, vmin, vmax, regularization, weight, n, precondition, probes, smooth, waterLevel, taperRadius);
		}

		/**
		 * These settings with or without illumination preconditioning.
		 *
		 * @param probes random probes of the Hessian diagonal per stage (each costs one adjoint application)
		 * @param smooth half-width (pixels) of the window the illumination is averaged over
		 * @param waterLevel added to the illumination, relative to its largest value
		 */
		public Settings withPreconditioning(final boolean on, final int probes, final int smooth, final double waterLevel) {
			return new Settings(iterations, vmin, vmax, regularization, weight, noise, on, probes, smooth, waterLevel, taperRadius);
		}

		/** These settings with a taper of this radius (m) around sources and receivers (0 = none). */
		public Settings withTaper(final double radius) {
			return new Settings(iterations, vmin, vmax, regularization, weight, noise, precondition, probes, smooth, waterLevel, radius);
		}
	}

	/** The outcome of an inversion. */
	public static final class Result {
		private final double[] velocity, parameters;
		private final Table history;
		private final boolean stoppedEarly, finalOnFullData;
		private final double initialMisfit, finalMisfit, weight, target;
		private final byte[] boundMask;
		private final int lowerHits, upperHits;

		Result(final double[] velocity, final double[] parameters, final Table history, final boolean stoppedEarly,
			final double initialMisfit, final double finalMisfit, final boolean finalOnFullData, final double weight,
			final double target, final double vmin, final double vmax) {
			this.velocity = velocity;
			this.parameters = parameters;
			this.history = history;
			this.stoppedEarly = stoppedEarly;
			this.initialMisfit = initialMisfit;
			this.finalMisfit = finalMisfit;
			this.finalOnFullData = finalOnFullData;
			this.weight = weight;
			this.target = target;
			boundMask = new byte[velocity.length];
			final double tol = 1e-6 * (vmax - vmin);
			int lo = 0, hi = 0;
			for (int i = 0; i < velocity.length; i++) {
				if (velocity[i] <= vmin + tol) {
					boundMask[i] = -1;
					lo++;
				}
				else if (velocity[i] >= vmax - tol) {
					boundMask[i] = 1;
					hi++;
				}
			}
			lowerHits = lo;
			upperHits = hi;
		}

		/** The model reached, m/s, {@code nx * nz}. */
		public double[] velocity() { return velocity.clone(); }

		/** The parameters reached. */
		public double[] parameters() { return parameters.clone(); }

		/**
		 * Columns: iteration, band (stage, from 1), cutoff_hz, band_iteration, misfit (the stage's data), penalty,
		 * weight (alpha), gradient_norm, step, evaluations.
		 */
		public Table history() { return history; }

		/** True when cancelled (the model is the last one accepted). */
		public boolean stoppedEarly() { return stoppedEarly; }

		/** The data misfit of the starting model on the complete data. */
		public double initialMisfit() { return initialMisfit; }

		/**
		 * The data misfit of the final model on the complete data; when cancelled, the last finite misfit computed (of
		 * the stage's data, see {@link #finalMisfitOnFullData()}).
		 */
		public double finalMisfit() { return finalMisfit; }

		/** False when {@link #finalMisfit()} is a cancelled stage's last misfit rather than the complete data's. */
		public boolean finalMisfitOnFullData() { return finalOnFullData; }

		/** The regularization weight alpha of the last stage (the discrepancy principle's choice with weight auto). */
		public double weight() { return weight; }

		/** The discrepancy principle's target misfit {@code 1/2 m sigma^2} (NaN when the noise is unknown). */
		public double targetMisfit() { return target; }

		/** Per pixel: -1 at the lower velocity bound, +1 at the upper one, 0 inside. */
		public byte[] boundMask() { return boundMask.clone(); }

		public int lowerBoundHits() { return lowerHits; }

		public int upperBoundHits() { return upperHits; }

		/** Pixels at either velocity bound. */
		public int boundHits() { return lowerHits + upperHits; }
	}

	private StagedFwi() {}

	/**
	 * Runs the stages.
	 *
	 * @param u the unknowns (start, box, map to velocity)
	 * @param taper the taper weights per pixel ({@link Taper}), or null for none (ignored unless the unknowns are
	 *        pixels)
	 * @param misfit the data misfit
	 * @param progress status lines and fractions; cancel returns the model reached so far
	 */
	public static Result invert(final Stages stages, final Unknowns u, final double[] taper, final Settings s, final DataMisfit misfit,
		final Progress progress) {
		s.validate();
		if (stages.count() < 1) throw new IllegalArgumentException("bands: give at least one stage");
		final Progress quiet = progress.quiet();
		final boolean auto = s.regularization != Regularization.NONE && Double.isNaN(s.weight);
		final Stage full = stages.full();
		final double target = s.noise > 0 ? 0.5 * full.observed().length * s.noise * s.noise : Double.NaN;
		if (auto && !(target > 0)) throw new IllegalArgumentException("weight=auto (discrepancy principle) needs the noise level of the " +
			"data, which is 0 or unknown; give a number for weight or data with memfwi.noise");
		final double vref = 0.5 * (s.vmin + s.vmax);
		final int n = u.grid().size();
		progress.status("FWI: misfit of the starting model");
		double[] x = u.start();
		final double initial = misfit.evaluate(full.operator().apply(x, null), full.observed(), null);
		final Table table = new Table("iteration", "band", "cutoff_hz", "band_iteration", "misfit", "penalty", "weight", "gradient_norm",
			"step", "evaluations");
		final int[] global = { 0 };
		final double[] lastFinite = { initial };
		boolean stopped = false;
		double alpha = auto ? AUTO_WEIGHT_START : s.regularization == Regularization.NONE ? 0 : s.weight;
		for (int k = 0; k < stages.count() && !stopped; k++) {
			final Stage st = stages.stage(k);
			final boolean last = k == stages.count() - 1;
			final Progress sp = progress.range((double) k / stages.count(), (double) (k + 1) / stages.count());
			final int stageNo = k + 1;
			final Scaling sc;
			try {
				sc = scaling(st, u, x, taper, s, k, quiet);
			}
			catch (final CanceledException e) {
				stopped = true;
				break;
			}
			final StageObjective obj = new StageObjective(st, u, x, sc, misfit, s.regularization, vref, n, progress);
			int done = 0;
			while (done < s.iterations) {
				final int its = auto && last ? Math.min(s.iterations - done, Math.max(2, s.iterations / 5)) : s.iterations;
				obj.alpha = alpha;
				final int offset = done;
				final double a = alpha;
				final Lbfgs.Settings ls = Lbfgs.Settings.of(8, its).withFirstStep(obj.firstStep()).withRelativeDecrease(1e-7);
				final Lbfgs.Result r = Lbfgs.minimize(obj, obj.y(), obj.lowerY, obj.upperY, ls, (it, f, pg, step, evals, y) -> {
					final double data = obj.lastData(y);
					final double pen = f - data;
					if (it > 0 || stageNo == 1 && offset == 0) {
						if (it > 0) global[0]++;
						table.add(global[0], stageNo, st.cutoff(), offset + it, data, pen, a, pg, step, evals);
					}
					if (Double.isFinite(data)) lastFinite[0] = data;
					sp.fraction((double) (offset + it) / s.iterations);
					sp.status(String.format(Locale.ROOT, "FWI stage %d/%d (%s): iteration %d/%d, misfit %.4g", stageNo, stages.count(),
						st.label(), offset + it, s.iterations, data));
				}, progress);
				final boolean cooled = auto && last && !r.canceled();
				final double reached = cooled ? obj.lastData(r.x()) : Double.NaN;
				obj.moveTo(r.x());
				x = obj.x0;
				done += Math.max(1, r.iterations());
				if (r.canceled()) {
					stopped = true;
					break;
				}
				// Discrepancy principle: stop cooling once the data are fitted to their noise level.
				if (!cooled || reached <= target) break;
				alpha /= coolingFactor(reached, target);
			}
		}
		double fin = lastFinite[0];
		boolean onFull = false;
		if (!stopped) {
			try {
				progress.checkCanceled();
				fin = misfit.evaluate(full.operator().apply(x, null), full.observed(), null);
				onFull = true;
			}
			catch (final CanceledException e) {
				stopped = true;
			}
		}
		progress.fraction(1);
		return new Result(u.velocity(x), x, table, stopped, initial, fin, onFull, alpha, target, s.vmin, s.vmax);
	}

	/**
	 * The data misfit of x for a stage and, when grad is not null, its gradient: the one place where the residual
	 * becomes a value and an adjoint source.
	 */
	public static double dataMisfit(final ForwardOperator op, final double[] observed, final double[] x, final double[] grad,
		final DataMisfit misfit) {
		if (grad == null) return misfit.evaluate(op.apply(x, null), observed, null);
		if (misfit.isLeastSquares() && op instanceof LeastSquaresGradient)
			return ((LeastSquaresGradient) op).misfitGradient(x, observed, grad);
		try (Linearization lin = op.linearize(x)) {
			final double[] r = new double[observed.length];
			final double f = misfit.evaluate(lin.value(), observed, r);
			lin.adjointTimes(r, grad);
			return f;
		}
	}

	/** The diagonal scaling of a stage: sqrt(taper / illumination) normalized to a largest value of 1, or null. */
	private static Scaling scaling(final Stage st, final Unknowns u, final double[] x, final double[] taper, final Settings s,
		final int k, final Progress quiet) {
		final boolean useTaper = taper != null && u.pixels();
		if (!useTaper && !s.precondition) return null;
		final double[] w = new double[x.length];
		Arrays.fill(w, 1);
		if (s.precondition) {
			quiet.checkCanceled();
			try (Linearization lin = st.operator().linearize(x)) {
				final double[] h = Illumination.diagonal(lin, s.probes, u.pixels() ? u.grid() : null, s.smooth, 0x5eed_0000L + k);
				final double[] p = Illumination.inverse(h, s.waterLevel);
				System.arraycopy(p, 0, w, 0, w.length);
			}
		}
		if (useTaper) for (int i = 0; i < w.length; i++) w[i] *= taper[i];
		double max = 0;
		for (final double a : w) max = Math.max(max, a);
		if (!(max > 0)) throw new IllegalArgumentException("taper: the taper is zero on every pixel; lower the taper radius");
		final double[] sc = new double[w.length];
		for (int i = 0; i < sc.length; i++) sc[i] = Math.sqrt(w[i] / max);
		return new Scaling(sc);
	}

	/** The diagonal change of variables x = x0 + s y. */
	private static final class Scaling {
		final double[] s;

		Scaling(final double[] s) {
			this.s = s;
		}
	}

	/**
	 * A stage's objective in the scaled variables y (x = x0 + s y; y = x when unscaled), with its data misfit,
	 * regularization and cache of the last evaluation.
	 */
	private static final class StageObjective implements Objective {
		final Stage stage;
		final Unknowns u;
		final Scaling sc;
		final DataMisfit misfit;
		final Regularization reg;
		final double vref;
		final int n;
		final Progress progress;
		double[] x0, lowerY, upperY;
		double alpha, e0 = Double.NaN;
		/** The data misfit of the last point evaluated, and that point (in y). */
		double lastDataMisfit = Double.NaN;
		double[] lastY;

		StageObjective(final Stage stage, final Unknowns u, final double[] x0, final Scaling sc, final DataMisfit misfit,
			final Regularization reg, final double vref, final int n, final Progress progress) {
			this.stage = stage;
			this.u = u;
			this.sc = sc;
			this.misfit = misfit;
			this.reg = reg;
			this.vref = vref;
			this.n = n;
			this.progress = progress;
			moveTo(sc == null ? x0 : null, x0);
		}

		/** Re-centres on the point y reached (x0 = x(y), y = 0). */
		void moveTo(final double[] y) {
			moveTo(y, sc == null ? y : x(y));
		}

		private void moveTo(final double[] y, final double[] x) {
			x0 = x.clone();
			final double[] lo = u.lower(), hi = u.upper();
			if (sc == null) {
				lowerY = lo;
				upperY = hi;
				return;
			}
			lowerY = lo == null ? null : new double[x.length];
			upperY = hi == null ? null : new double[x.length];
			for (int i = 0; i < x.length; i++) {
				final double si = sc.s[i];
				if (lo != null) lowerY[i] = si > 0 ? (lo[i] - x0[i]) / si : 0;
				if (hi != null) upperY[i] = si > 0 ? (hi[i] - x0[i]) / si : 0;
			}
		}

		/** The starting point in y. */
		double[] y() {
			return sc == null ? x0.clone() : new double[x0.length];
		}

		double[] x(final double[] y) {
			if (sc == null) return y;
			final double[] x = new double[y.length];
			for (int i = 0; i < x.length; i++) x[i] = x0[i] + sc.s[i] * y[i];
			return x;
		}

		/** The first step: at most firstStep change of any parameter x (scaled variables: of the parameter moved most). */
		double firstStep() {
			return u.firstStep();
		}

		/** The data misfit of y when it is the last point evaluated, else computed. */
		double lastData(final double[] y) {
			if (lastY != null && Arrays.equals(lastY, y)) return lastDataMisfit;
			final double[] x = x(y);
			return dataMisfit(stage.operator(), stage.observed(), x, null, misfit);
		}

		@Override
		public double evaluate(final double[] y, final double[] grad) {
			progress.checkCanceled();
			final double[] x = x(y);
			final double[] v = u.velocity(x);
			if (!u.feasible(v)) return Double.POSITIVE_INFINITY;
			final double[] gx = sc == null ? grad : new double[x.length];
			final double f = dataMisfit(stage.operator(), stage.observed(), x, gx, misfit);
			progress.checkCanceled();
			if (Double.isNaN(e0)) e0 = f;
			lastY = y.clone();
			lastDataMisfit = f;
			double pen = 0;
			final double w = alpha * e0 / n;
			if (w > 0 && reg != Regularization.NONE) {
				final double[] gv = new double[v.length];
				pen = reg.value(u.grid(), v, gv, w, vref);
				u.pullback(x, v, gv, gx);
			}
			if (sc != null) for (int i = 0; i < grad.length; i++) grad[i] = sc.s[i] * gx[i];
			return f + pen;
		}
	}
}
