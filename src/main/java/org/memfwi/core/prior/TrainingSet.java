package org.memfwi.core.prior;

import java.util.Arrays;

/**
 * A finite training set {@code x_1..x_N} of models of dimension d (velocity images flattened x fastest, basis
 * coefficients, points of the stylized problems), stored as the caller's double or float arrays without copying, and
 * the O(d) kernels that the memorized prior and the posteriors run over it: squared distances, centred dot products,
 * scaled accumulation. The arrays must not be modified while the set is in use.
 */
public final class TrainingSet {

	private final double[][] doubles;
	private final float[][] floats;
	private final int n, d;

	private TrainingSet(final double[][] doubles, final float[][] floats, final int n, final int d) {
		this.doubles = doubles;
		this.floats = floats;
		this.n = n;
		this.d = d;
	}

	/**
	 * A training set of double-precision models (not copied).
	 *
	 * @throws IllegalArgumentException if there is no model, the models differ in size or a value is not finite
	 */
	public static TrainingSet of(final double[]... models) {
		if (models == null || models.length == 0) throw empty();
		final int d = dimensionOf(models[0] == null ? -1 : models[0].length, 0);
		for (int k = 0; k < models.length; k++) {
			if (models[k] == null || models[k].length != d) throw ragged(k, models[k] == null ? -1 : models[k].length, d);
			for (int i = 0; i < d; i++)
				if (!Double.isFinite(models[k][i])) throw nonFinite(k, i, models[k][i]);
		}
		return new TrainingSet(models.clone(), null, models.length, d);
	}

	/**
	 * A training set of single-precision models, e.g. the pixel arrays of an image stack (not copied).
	 *
	 * @throws IllegalArgumentException if there is no model, the models differ in size or a value is not finite
	 */
	public static TrainingSet ofFloats(final float[]... models) {
		if (models == null || models.length == 0) throw empty();
		final int d = dimensionOf(models[0] == null ? -1 : models[0].length, 0);
		for (int k = 0; k < models.length; k++) {
			if (models[k] == null || models[k].length != d) throw ragged(k, models[k] == null ? -1 : models[k].length, d);
			for (int i = 0; i < d; i++)
				if (!Float.isFinite(models[k][i])) throw nonFinite(k, i, models[k][i]);
		}
		return new TrainingSet(null, models.clone(), models.length, d);
	}

	private static IllegalArgumentException empty() {
		return new IllegalArgumentException("the training set is empty; give at least one training model");
	}

	private static int dimensionOf(final int len, final int k) {
		if (len < 1) throw new IllegalArgumentException("training model " + (k + 1) + " is " + (len < 0 ? "missing" : "empty") +
			"; every training model needs at least one value");
		return len;
	}

	private static IllegalArgumentException ragged(final int k, final int len, final int d) {
		if (len < 0) return new IllegalArgumentException("training model " + (k + 1) + " is missing");
		return new IllegalArgumentException("training model " + (k + 1) + " has " + len + " values but model 1 has " + d +
			"; all training models must have the same size");
	}

	private static IllegalArgumentException nonFinite(final int k, final int i, final double v) {
		return new IllegalArgumentException("training model " + (k + 1) + " has the non-finite value " + v + " at index " + i +
			"; remove or repair that model");
	}

	/** The first {@code count} models, sharing this set's arrays (nested training sets of growing size). */
	public TrainingSet first(final int count) {
		if (count < 1) throw new IllegalArgumentException("a training set of " + count + " models is empty; use at least one model");
		if (count > n) throw new IllegalArgumentException("cannot take the first " + count + " of " + n + " training models");
		if (count == n) return this;
		return new TrainingSet(doubles == null ? null : Arrays.copyOf(doubles, count),
			floats == null ? null : Arrays.copyOf(floats, count), count, d);
	}

	/** Number of models, N. */
	public int size() { return n; }

	/** Values per model, d. */
	public int dimension() { return d; }

	/** True if the models are stored in single precision. */
	public boolean isFloat() { return floats != null; }

	/** Value {@code i} of model {@code k} (0-based). */
	public double value(final int k, final int i) {
		return doubles != null ? doubles[k][i] : floats[k][i];
	}

	/** Model {@code k} (0-based) in double precision: fills and returns {@code out} (allocated when null). */
	public double[] copy(final int k, final double[] out) {
		final double[] o = out != null ? out : new double[d];
		if (doubles != null) System.arraycopy(doubles[k], 0, o, 0, d);
		else {
			final float[] f = floats[k];
			for (int i = 0; i < d; i++) o[i] = f[i];
		}
		return o;
	}

	/** {@code ||x - x_k||^2}. */
	public double squaredDistance(final int k, final double[] x) {
		double s = 0;
		if (doubles != null) {
			final double[] m = doubles[k];
			for (int i = 0; i < d; i++) {
				final double t = x[i] - m[i];
				s += t * t;
			}
		}
		else {
			final float[] m = floats[k];
			for (int i = 0; i < d; i++) {
				final double t = x[i] - m[i];
				s += t * t;
			}
		}
		return s;
	}

	/** {@code (x_k - c) . v}, computed term by term (no cancellation between two large dot products). */
	public double centredDot(final int k, final double[] c, final double[] v) {
		double s = 0;
		if (doubles != null) {
			final double[] m = doubles[k];
			for (int i = 0; i < d; i++) s += (m[i] - c[i]) * v[i];
		}
		else {
			final float[] m = floats[k];
			for (int i = 0; i < d; i++) s += (m[i] - c[i]) * v[i];
		}
		return s;
	}

	/** {@code acc += a x_k}. */
	public void addScaled(final int k, final double a, final double[] acc) {
		if (doubles != null) {
			final double[] m = doubles[k];
			for (int i = 0; i < d; i++) acc[i] += a * m[i];
		}
		else {
			final float[] m = floats[k];
			for (int i = 0; i < d; i++) acc[i] += a * m[i];
		}
	}

	/** {@code acc += a (x_k - c)}. */
	public void addScaledCentred(final int k, final double a, final double[] c, final double[] acc) {
		if (doubles != null) {
			final double[] m = doubles[k];
			for (int i = 0; i < d; i++) acc[i] += a * (m[i] - c[i]);
		}
		else {
			final float[] m = floats[k];
			for (int i = 0; i < d; i++) acc[i] += a * (m[i] - c[i]);
		}
	}

	/** {@code acc += a (x_k - c)^2}, element-wise (weighted variance sums). */
	public void addScaledSquaredCentred(final int k, final double a, final double[] c, final double[] acc) {
		if (doubles != null) {
			final double[] m = doubles[k];
			for (int i = 0; i < d; i++) {
				final double t = m[i] - c[i];
				acc[i] += a * t * t;
			}
		}
		else {
			final float[] m = floats[k];
			for (int i = 0; i < d; i++) {
				final double t = m[i] - c[i];
				acc[i] += a * t * t;
			}
		}
	}

	/** Throws unless {@code x} has d values, naming it. */
	public void checkModel(final double[] x, final String what) {
		if (x == null) throw new IllegalArgumentException(what + " is missing");
		if (x.length != d) throw new IllegalArgumentException(what + " has " + x.length + " values but the training models have " + d);
	}
}
