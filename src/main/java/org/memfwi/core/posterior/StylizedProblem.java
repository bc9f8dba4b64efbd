package org.memfwi.core.posterior;

import java.util.Locale;
import java.util.SplittableRandom;

import org.memfwi.core.operator.StylizedOperator;
import org.memfwi.core.prior.TrainingSet;
import org.memfwi.core.util.Seeds;

/**
 * The paper's stylized inverse problems, where the exact posterior is known by quadrature.
 * <ul>
 * <li>1D: {@code F(x) = x + 0.3 x^3}, training points {-1.5, -0.4, 0.4, 1.2, 2.5}, data y = 0, gamma = 0.3.</li>
 * <li>2D: {@code F(x) = [x1 + 0.3 x1 x2, x2 + 0.2 x1^2]}, five training points on the circle of radius 2 at angles
 * {@code 2 pi n / 5}, n = 0..4, truth (1.4, 0), data y = F(truth), gamma = 0.3.</li>
 * </ul>
 * Larger training sets (for collapse sweeps) are nested: the set of size N is the first N points of one sequence
 * whose first five are the paper's points and whose later points are drawn with a seed: in 1D uniformly on [-2, 3]
 * (the paper's points widened by 0.5 on each side), in 2D on the same circle at uniformly random angles.
 */
public final class StylizedProblem {

	/** The paper's noise level, gamma = 0.3. */
	public static final double GAMMA = 0.3;

	private static final double[][] POINTS_1D = { { -1.5 }, { -0.4 }, { 0.4 }, { 1.2 }, { 2.5 } };
	private static final double RADIUS = 2;

	private final int dim;
	private final double[] data;
	private final double gamma;
	/** Custom training points, or null for the paper's five. */
	private final TrainingSet points;

	private StylizedProblem(final int dim, final double[] data, final double gamma) {
		this(dim, data, gamma, null);
	}

	private StylizedProblem(final int dim, final double[] data, final double gamma, final TrainingSet points) {
		this.dim = dim;
		this.data = data;
		this.gamma = gamma;
		this.points = points;
	}

	/**
	 * The problem with a key: "1d" or "2d", the paper's data and gamma = 0.3.
	 *
	 * @throws IllegalArgumentException for another key
	 */
	public static StylizedProblem of(final String key) {
		final String k = key == null ? "" : key.trim().toLowerCase(Locale.ROOT);
		if (k.equals("1d")) return new StylizedProblem(1, new double[] { 0 }, GAMMA);
		if (k.equals("2d")) return new StylizedProblem(2, StylizedOperator.coupled().apply(new double[] { 1.4, 0 }, null), GAMMA);
		throw new IllegalArgumentException("problem '" + key + "' is unknown; use 1d or 2d");
	}

	/** The same problem with other data (m = d values; checked when the likelihood is made). */
	public StylizedProblem withData(final double[] y) {
		if (y == null || y.length != dim) throw new IllegalArgumentException("data for the " + key() + " problem must have " + dim +
			" value" + (dim > 1 ? "s" : "") + ", got " + (y == null ? 0 : y.length));
		return new StylizedProblem(dim, y.clone(), gamma, points);
	}

	/**
	 * The same problem with other training points (e.g. the paper's figure-3 pool, {@link EffectiveModes#paperPool}).
	 *
	 * @throws IllegalArgumentException if the points are empty, not finite or of another dimension
	 */
	public StylizedProblem withPoints(final double[][] pts) {
		if (pts == null || pts.length == 0) throw new IllegalArgumentException("points: give at least one training point");
		for (final double[] p : pts) {
			if (p.length != dim) throw new IllegalArgumentException("points: the " + key() + " problem needs " + dim +
				" value" + (dim > 1 ? "s (x1:x2)" : "") + " per point, got " + p.length);
			for (final double v : p)
				if (!Double.isFinite(v)) throw new IllegalArgumentException("points: every coordinate must be a finite number, got " + v);
		}
		return new StylizedProblem(dim, data, gamma, TrainingSet.of(pts));
	}

	/** The training points: those given to {@link #withPoints}, else the paper's five. */
	public TrainingSet trainingPoints() {
		return points != null ? points : paperTraining();
	}

	/** The same problem with another noise level gamma (checked when the likelihood is made). */
	public StylizedProblem withGamma(final double g) {
		return new StylizedProblem(dim, data, g, points);
	}

	/** "1d" or "2d". */
	public String key() { return dim + "d"; }

	/** Model (and data) dimension, 1 or 2. */
	public int dimension() { return dim; }

	public StylizedOperator operator() { return StylizedOperator.ofDimension(dim); }

	/** The data y (do not modify). */
	public double[] data() { return data; }

	public double gamma() { return gamma; }

	/**
	 * The likelihood of the data.
	 *
	 * @throws IllegalArgumentException if gamma is not positive or the data are not finite
	 */
	public Likelihood likelihood() { return new Likelihood(operator(), data, gamma); }

	/** The true model of the 2D problem, (1.4, 0); for 1D the solution of F(x) = 0, x = 0. */
	public double[] truth() { return dim == 1 ? new double[] { 0 } : new double[] { 1.4, 0 }; }

	/** The paper's five training points. */
	public TrainingSet paperTraining() {
		return training(5, 0);
	}

	/**
	 * The first {@code n} points of the nested sequence (see the class comment); the first five are the paper's.
	 *
	 * @throws IllegalArgumentException if n < 1
	 */
	public TrainingSet training(final int n, final long seed) {
		if (n < 1) throw new IllegalArgumentException("the training set is empty (N = " + n + "); use at least one training point");
		final double[][] pts = new double[n][];
		for (int i = 0; i < n; i++) pts[i] = point(i, seed);
		return TrainingSet.of(pts);
	}

	private double[] point(final int i, final long seed) {
		if (dim == 1) {
			if (i < POINTS_1D.length) return POINTS_1D[i].clone();
			return new double[] { -2 + 5 * Seeds.stream(seed, i).nextDouble() };
		}
		final double angle;
		if (i < 5) angle = 2 * Math.PI * i / 5;
		else {
			final SplittableRandom r = Seeds.stream(seed, i);
			angle = 2 * Math.PI * r.nextDouble();
		}
		return new double[] { RADIUS * Math.cos(angle), RADIUS * Math.sin(angle) };
	}
}
