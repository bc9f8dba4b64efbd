package org.memfwi.core.helmholtz;

import java.util.Arrays;

import org.memfwi.core.fwi.DataMisfit;
import org.memfwi.core.fwi.Regularization;
import org.memfwi.core.fwi.StagedFwi;
import org.memfwi.core.fwi.Taper;
import org.memfwi.core.fwi.Unknowns;
import org.memfwi.core.grid.Grid2D;
import org.memfwi.core.optim.Lbfgs;
import org.memfwi.core.optim.SmoothingPenalty;
import org.memfwi.core.prior.KarhunenLoeveBasis;
import org.memfwi.core.progress.Progress;
import org.memfwi.core.util.Table;

/**
 * Frequency-domain full-waveform inversion: the stages of {@link StagedFwi} over {@link HelmholtzOperator}, over the
 * parameters x of a {@link Model} (velocity pixels, squared-slowness pixels, or Karhunen–Loève coefficients of a
 * velocity update), by frequency continuation: stage k fits every data frequency up to its cutoff and starts from the
 * model stage k-1 reached (lowest frequencies first). The gradient is the exact adjoint of the discrete operator, PML
 * edge cells included; the PML damping is the one the data were made with, fixed during the inversion.
 * <p>
 * Bounds {@code vmin <= v <= vmax}: pixel parameterizations are a box (velocity: vmin..vmax m/s; squared slowness:
 * 1/vmax^2..1/vmin^2 s^2/m^2) that L-BFGS projects onto. KL coefficients c have no box: the field
 * {@code v = v0 + a sum_i c_i sqrt(lambda_i) phi_i} (v0 the starting model, {@code a = (vmax - vmin) / (10
 * sqrt(lambda_0))} so that coefficients are of order one) must stay inside the bounds on every pixel, and the objective
 * is +infinity outside, so the line search only accepts feasible steps (the feasible set is convex).
 * <p>
 * Regularization, preconditioning and taper are the driver's ({@link StagedFwi.Settings}); the regularization acts on
 * the velocity field and its gradient is mapped to the parameters through {@code dv/dm = -v^3 / 2} and the
 * parameterization's pullback. The taper applies to pixel parameterizations only.
 */
public final class HelmholtzFwi {

	/** The unknowns of the inversion. */
	public enum Model {
		/** Velocity of every pixel, m/s. */
		VELOCITY("velocity"),
		/** Squared slowness of every pixel, s^2/m^2 (the paper's parameterization). */
		SLOWNESS("slowness"),
		/** K^2 Karhunen–Loève coefficients of a smooth velocity update of the starting model. */
		KL("kl");

		private final String label;

		Model(final String label) {
			this.label = label;
		}

		/** The parameter value: "velocity", "slowness" or "kl". */
		public String label() { return label; }

		/** The model named by a label; throws naming the choices. */
		public static Model fromLabel(final String s) {
			for (final Model m : values())
				if (m.label.equalsIgnoreCase(s == null ? "" : s.trim())) return m;
			throw new IllegalArgumentException("parameterization '" + s + "' is unknown; use velocity, slowness or kl");
		}
	}

	/**
	 * Inversion settings. Immutable: {@link Settings#of(int, double, double)}, {@code with...} copies,
	 * {@link Settings#validate()}.
	 */
	public static final class Settings {
		/** Stage cutoffs in Hz, increasing; 0 (last) = every frequency; empty = one stage per data frequency. */
		public final double[] cutoffs;
		public final int iterations;
		public final double vmin, vmax, smoothing;
		public final Model model;
		/** KL: modes per direction K, eigenvalue shift alpha, smoothness exponent s. */
		public final int modes;
		public final double alpha, smoothness;
		/** The staged driver's settings (iterations, bounds, regularization, preconditioning, taper). */
		public final StagedFwi.Settings fwi;

		private Settings(final double[] cutoffs, final int iterations, final double vmin, final double vmax, final double smoothing,
			final Model model, final int modes, final double alpha, final double smoothness, final StagedFwi.Settings fwi) {
			this.cutoffs = cutoffs.clone();
			this.iterations = iterations;
			this.vmin = vmin;
			this.vmax = vmax;
			this.smoothing = smoothing;
			this.model = model;
			this.modes = modes;
			this.alpha = alpha;
			this.smoothness = smoothness;
			this.fwi = fwi != null ? fwi : StagedFwi.Settings.of(iterations, vmin, vmax).withRegularization(smoothing > 0 ?
				Regularization.TIKHONOV : Regularization.NONE, smoothing);
		}

		/**
		 * Velocity pixels, one stage per data frequency, no smoothing; KL defaults K = 8, alpha = 1, s = 2.
		 *
		 * @param iterations L-BFGS iterations per stage, at least 1
		 * @param vmin lowest velocity allowed, m/s
		 * @param vmax highest velocity allowed, m/s
		 */
		public static Settings of(final int iterations, final double vmin, final double vmax) {
			return new Settings(new double[0], iterations, vmin, vmax, 0, Model.VELOCITY, 8, 1, 2, null);
		}

		/** A copy with these stage cutoffs in Hz, increasing, 0 = all frequencies (last only); none = automatic. */
		public Settings withCutoffs(final double... v) {
			return new Settings(v, iterations, vmin, vmax, smoothing, model, modes, alpha, smoothness, fwi);
		}

		/**
		 * A copy with roughness penalty weight v >= 0 (dimensionless, see the class comment): the driver's settings
		 * become plain L-BFGS with a Tikhonov regularization of that weight (none for 0).
		 */
		public Settings withSmoothing(final double v) {
			return new Settings(cutoffs, iterations, vmin, vmax, v, model, modes, alpha, smoothness, null);
		}

		/**
		 * Checks every value (the driver's settings too).
		 *
		 * @return these settings
		 * @throws IllegalArgumentException naming the bad value and the fix
		 */
		public Settings validate() {
			for (int i = 0; i < cutoffs.length; i++) {
				final double c = cutoffs[i];
				if (!(c >= 0) || Double.isInfinite(c)) throw new IllegalArgumentException("bands: cutoff frequencies must be positive " +
					"numbers of Hz (or 0 for every frequency), got " + Table.format(c));
				if (i > 0 && (cutoffs[i - 1] == 0 || c != 0 && c <= cutoffs[i - 1]))
					throw new IllegalArgumentException("bands must increase (lowest first, 0 = every frequency last), got " + list(cutoffs));
			}
			if (iterations < 1) throw new IllegalArgumentException("iterations must be at least 1, got " + iterations);
			if (!(vmin > 0) || !(vmax > vmin) || Double.isInfinite(vmax))
				throw new IllegalArgumentException("velocity bounds must satisfy 0 < vmin < vmax, got vmin = " + Table.format(vmin) +
					", vmax = " + Table.format(vmax));
			if (!(smoothing >= 0) || Double.isInfinite(smoothing))
				throw new IllegalArgumentException("smoothing must be at least 0, got " + smoothing);
			if (model == null) throw new IllegalArgumentException("parameterization: use one of the model choices");
			fwi.validate();
			return this;
		}

		/** These settings with another parameterization. */
		public Settings withModel(final Model m) {
			return new Settings(cutoffs, iterations, vmin, vmax, smoothing, m, modes, alpha, smoothness, fwi);
		}

		/** These settings with the KL basis of K x K modes, eigenvalue shift alpha and smoothness exponent s. */
		public Settings withKl(final int k, final double a, final double s) {
			return new Settings(cutoffs, iterations, vmin, vmax, smoothing, model, k, a, s, fwi);
		}

		/**
		 * These settings with the staged driver's settings (which replace iterations, bounds and smoothing:
		 * smoothing is then the weight of a Tikhonov regularization, 0 otherwise).
		 */
		public Settings withFwi(final StagedFwi.Settings f) {
			return new Settings(cutoffs, f.iterations(), f.vmin(), f.vmax(), f.regularization() == Regularization.TIKHONOV &&
				f.weight() >= 0 ? f.weight() : 0, model, modes, alpha, smoothness, f);
		}
	}

	/** The outcome: the model reached, the misfit history, and whether it was stopped early. */
	public static final class Result {
		private final double[] velocity;
		private final double[] parameters;
		private final Table history;
		private final double[][] stages;
		private final boolean stoppedEarly;
		private final double initialMisfit, finalMisfit;
		private final StagedFwi.Result staged;

		Result(final StagedFwi.Result r, final double[][] stages) {
			this.velocity = r.velocity();
			this.parameters = r.parameters();
			this.history = r.history();
			this.stages = stages;
			this.stoppedEarly = r.stoppedEarly();
			this.initialMisfit = r.initialMisfit();
			this.finalMisfit = r.finalMisfit();
			this.staged = r;
		}

		/** The model reached as velocities, m/s, {@code nx * nz} values (for KL the synthesized field). */
		public double[] velocity() { return velocity; }

		/** The parameters reached, in the settings' parameterization. */
		public double[] parameters() { return parameters; }

		/** Columns as {@link StagedFwi.Result#history()}; cutoff_hz is the stage's highest frequency. */
		public Table history() { return history; }

		/** The frequencies (Hz) of every stage. */
		public double[][] stages() { return stages; }

		/** Whether the run was canceled or stopped before its last stage. */
		public boolean stoppedEarly() { return stoppedEarly; }

		/**
		 * Data misfit {@code 1/2 ||F(x) - d||^2} of the start and final models on every frequency (final: the last
		 * finite misfit, of the stage's frequencies, if stopped).
		 */
		public double initialMisfit() { return initialMisfit; }

		/**
		 * Data misfit {@code 1/2 ||F(x) - d||^2} of the start and final models on every frequency (final: the last
		 * finite misfit, of the stage's frequencies, if stopped).
		 */
		public double finalMisfit() { return finalMisfit; }

		/** Everything the driver reports (bound hits, weight, ...). */
		public StagedFwi.Result staged() { return staged; }
	}

	private HelmholtzFwi() {}

	/**
	 * The frequencies of every stage: the data frequencies at or below each cutoff (0 = all), in increasing order;
	 * without cutoffs one stage per frequency, each adding the next higher one.
	 *
	 * @throws IllegalArgumentException naming {@code bands} when a stage would have no frequency
	 */
	public static double[][] stages(final double[] frequencies, final double[] cutoffs) {
		final double[] f = frequencies.clone();
		Arrays.sort(f);
		if (cutoffs.length == 0) {
			final double[][] st = new double[f.length][];
			for (int i = 0; i < f.length; i++) st[i] = Arrays.copyOf(f, i + 1);
			return st;
		}
		final double[][] st = new double[cutoffs.length][];
		for (int k = 0; k < cutoffs.length; k++) {
			int n = 0;
			while (n < f.length && (cutoffs[k] == 0 || f[n] <= cutoffs[k])) n++;
			if (n == 0) throw new IllegalArgumentException("bands: no data frequency is at or below " + Table.format(cutoffs[k]) +
				" Hz (the data have " + list(f) + " Hz); raise the cutoff or use bands=auto");
			st[k] = Arrays.copyOf(f, n);
		}
		return st;
	}

	/**
	 * Inverts frequency-domain data.
	 *
	 * @param solver the operator the data were made with (grid, acquisition, every data frequency, PML, stencil, threads)
	 * @param observed data in {@link HelmholtzOperator}'s order for the solver's frequencies, not modified
	 * @param start the starting model, {@code nx * nz} velocities in m/s, not modified (clipped into the bounds)
	 */
	public static Result invert(final HelmholtzSolver solver, final double[] observed, final double[] start, final Settings s,
		final Progress progress) {
		return invert(solver, observed, start, s, DataMisfit.LEAST_SQUARES, progress);
	}

	/** {@link #invert(HelmholtzSolver, double[], double[], Settings, Progress)} with another data misfit. */
	public static Result invert(final HelmholtzSolver solver, final double[] observed, final double[] start, final Settings s,
		final DataMisfit misfit, final Progress progress) {
		s.validate();
		final Grid2D grid = solver.grid();
		if (start.length != grid.size()) throw new IllegalArgumentException("starting model has " + start.length + " pixels, the grid " +
			grid + " has " + grid.size());
		final HelmholtzConfig cfg = solver.config();
		final int block = 2 * solver.acquisition().sources() * solver.acquisition().receivers();
		if (observed.length != block * cfg.frequencyCount()) throw new IllegalArgumentException("observed data have " + observed.length +
			" values, " + cfg.frequencyCount() + " frequencies x " + block + " need " + block * cfg.frequencyCount());
		final double[] v0 = start.clone();
		Lbfgs.project(v0, fill(v0.length, s.vmin), fill(v0.length, s.vmax));
		final ParameterizedUnknowns u = new ParameterizedUnknowns(grid, v0, s);
		final double[][] stages = stages(cfg.frequencies(), s.cutoffs);
		// The starting misfit on every frequency: the operators warn about sampling at the highest frequency here, once.
		final HelmholtzOperator fullOp = new HelmholtzOperator(solver, u.param, view(progress, true, false));
		final StagedFwi.Stage full = stage(fullOp, observed, cfg.frequency(cfg.frequencyCount() - 1), list(cfg.frequencies()) + " Hz");
		final Progress quiet = view(progress, false, true);
		final StagedFwi.Stages st = new StagedFwi.Stages() {
			@Override public int count() { return stages.length; }

			@Override public StagedFwi.Stage full() { return full; }

			@Override public StagedFwi.Stage stage(final int k) {
				final double[] fs = stages[k];
				final HelmholtzOperator op = new HelmholtzOperator(new HelmholtzSolver(grid, solver.acquisition(), cfg.withFrequencies(fs)),
					u.param, quiet);
				return HelmholtzFwi.stage(op, select(observed, cfg, fs, block), fs[fs.length - 1], list(fs) + " Hz");
			}
		};
		final HelmholtzAcquisition acq = solver.acquisition();
		final double[] taper = s.fwi.taperRadius() > 0 ? Taper.weights(grid, concat(acq.sourceX(), acq.receiverX()),
			concat(acq.sourceZ(), acq.receiverZ()), s.fwi.taperRadius()) : null;
		return new Result(StagedFwi.invert(st, u, taper, s.fwi, misfit, progress), stages);
	}

	private static StagedFwi.Stage stage(final HelmholtzOperator op, final double[] obs, final double cutoff, final String label) {
		return new StagedFwi.Stage() {
			@Override public HelmholtzOperator operator() { return op; }
			@Override public double[] observed() { return obs; }
			@Override public double cutoff() { return cutoff; }
			@Override public String label() { return label; }
		};
	}

	private static double[] concat(final double[] a, final double[] b) {
		final double[] c = Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, c, a.length, b.length);
		return c;
	}

	/** The parameterization of a run: the map to the model, the start, the box and the first step. */
	static final class ParameterizedUnknowns implements Unknowns {
		final Grid2D grid;
		final Model model;
		final Parameterization param;
		final double[] x0, lower, upper;
		final double firstStep, vmin, vmax;

		ParameterizedUnknowns(final Grid2D grid, final double[] v0, final Settings s) {
			this.grid = grid;
			model = s.model;
			vmin = s.vmin;
			vmax = s.vmax;
			final int n = grid.size();
			switch (s.model) {
				case VELOCITY:
					param = new VelocityPixels(grid);
					x0 = v0.clone();
					lower = fill(n, s.vmin);
					upper = fill(n, s.vmax);
					firstStep = 0.02 * (s.vmax - s.vmin);
					break;
				case SLOWNESS:
					param = new SquaredSlownessPixels(grid);
					x0 = new VelocityPixels(grid).slowness(v0, null);
					lower = fill(n, 1 / (s.vmax * s.vmax));
					upper = fill(n, 1 / (s.vmin * s.vmin));
					firstStep = 0.02 * (upper[0] - lower[0]);
					break;
				default: {
					final KarhunenLoeveBasis basis = new KarhunenLoeveBasis(s.modes, grid.nx(), grid.nz(), s.alpha, s.smoothness);
					param = new KarhunenLoeveModel(basis, v0, (s.vmax - s.vmin) / (10 * Math.sqrt(basis.eigenvalue(0))),
						new VelocityPixels(grid));
					x0 = new double[basis.size()];
					lower = null;
					upper = null;
					firstStep = 0.1;
				}
			}
		}

		@Override public Grid2D grid() { return grid; }

		@Override public double[] start() { return x0.clone(); }

		@Override public double[] lower() { return lower; }

		@Override public double[] upper() { return upper; }

		@Override public double firstStep() { return firstStep; }

		@Override public boolean pixels() { return model != Model.KL; }

		@Override public void pullback(final double[] x, final double[] v, final double[] gv, final double[] gradX) {
			// dv/dm = -v^3 / 2, then the parameterization's pullback from squared slowness.
			final double[] gm = new double[v.length];
			for (int i = 0; i < gm.length; i++) gm[i] = -0.5 * gv[i] * v[i] * v[i] * v[i];
			final double[] gx = param.pullback(x, gm, null);
			for (int i = 0; i < gx.length; i++) gradX[i] += gx[i];
		}

		/** The velocity field (m/s) of parameters x. */
		@Override public double[] velocity(final double[] x) {
			switch (model) {
				case VELOCITY: return x.clone();
				case KL: return ((KarhunenLoeveModel) param).field(x, null);
				default: {
					final double[] v = new double[x.length];
					for (int i = 0; i < v.length; i++) v[i] = 1 / Math.sqrt(x[i]);
					return v;
				}
			}
		}

		/** KL only (pixels are projected): whether the field lies inside the bounds everywhere. */
		@Override public boolean feasible(final double[] v) {
			if (model != Model.KL) return true;
			for (final double a : v) if (!(a >= vmin && a <= vmax)) return false;
			return true;
		}

		/** The smoothing penalty of velocity v = v(x) with weight w; adds its gradient in x to grad when not null. */
		double penalty(final double[] x, final double[] v, final double[] grad, final double w) {
			if (!(w > 0)) return 0;
			final double[] gv = grad == null ? null : new double[v.length];
			final double p = SmoothingPenalty.value(grid, v, gv, w);
			if (grad != null) {
				// dv/dm = -v^3 / 2, then the parameterization's pullback from squared slowness.
				final double[] gm = new double[v.length];
				for (int i = 0; i < gm.length; i++) gm[i] = -0.5 * gv[i] * v[i] * v[i] * v[i];
				final double[] gx = param.pullback(x, gm, null);
				for (int i = 0; i < gx.length; i++) grad[i] += gx[i];
			}
			return p;
		}
	}

	/** The data of the given frequencies, in the order of an operator with exactly those frequencies. */
	private static double[] select(final double[] observed, final HelmholtzConfig cfg, final double[] fs, final int block) {
		final double[] out = new double[fs.length * block];
		for (int k = 0; k < fs.length; k++) {
			int f = 0;
			while (cfg.frequency(f) != fs[k]) f++;
			System.arraycopy(observed, f * block, out, k * block, block);
		}
		return out;
	}

	/** {@code 1/2 ||a - b||^2}. */
	static double misfit(final double[] a, final double[] b) {
		double s = 0;
		for (int i = 0; i < a.length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
		return 0.5 * s;
	}

	private static double[] fill(final int n, final double v) {
		final double[] a = new double[n];
		Arrays.fill(a, v);
		return a;
	}

	private static String list(final double[] v) {
		final StringBuilder sb = new StringBuilder();
		for (final double a : v) sb.append(sb.length() == 0 ? "" : ", ").append(Table.format(a));
		return sb.toString();
	}

	/** A view of a sink for the operators: no status or fraction of their own; warnings and cancel as asked. */
	private static Progress view(final Progress p, final boolean warn, final boolean cancel) {
		return new Progress() {
			@Override public void fraction(final double done) {}
			@Override public void status(final String message) {}
			@Override public void warn(final String message) { if (warn) p.warn(message); }
			@Override public boolean isCanceled() { return cancel && p.isCanceled(); }
		};
	}
}
