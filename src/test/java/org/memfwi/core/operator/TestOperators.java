package org.memfwi.core.operator;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.memfwi.core.util.Seeds;

/** Forward operators for tests, with matrix-free Jacobian and adjoint products (no dense Jacobian override). */
public final class TestOperators {

	private TestOperators() {}

	/**
	 * A smooth nonlinear operator R^d -> R^m: {@code F(x) = A x + 0.1 (B x)^2} (square elementwise) with seeded random
	 * A, B (entries ~ N(0, 1/d)); {@code J = A + 0.2 diag(B x) B}.
	 */
	public static ForwardOperator smooth(final int d, final int m, final long seed) {
		final SplittableRandom r = Seeds.stream(seed, 0);
		final double[][] a = new double[m][d], b = new double[m][d];
		final double s = 1 / Math.sqrt(d);
		for (int i = 0; i < m; i++)
			for (int j = 0; j < d; j++) {
				a[i][j] = s * Seeds.gaussian(r);
				b[i][j] = s * Seeds.gaussian(r);
			}
		return new ForwardOperator() {
			@Override public int modelSize() { return d; }
			@Override public int dataSize() { return m; }

			@Override public double[] apply(final double[] x, final double[] out) {
				final double[] o = out != null ? out : new double[m];
				for (int i = 0; i < m; i++) {
					final double bx = dot(b[i], x);
					o[i] = dot(a[i], x) + 0.1 * bx * bx;
				}
				return o;
			}

			@Override public Linearization linearize(final double[] x0) {
				final double[] x = x0.clone(), fx = apply(x, null), bx = new double[m];
				for (int i = 0; i < m; i++) bx[i] = dot(b[i], x);
				return new Linearization() {
					@Override public double[] model() { return x; }
					@Override public double[] value() { return fx; }
					@Override public double[] jacobianTimes(final double[] v, final double[] out) {
						final double[] o = out != null ? out : new double[m];
						for (int i = 0; i < m; i++) o[i] = dot(a[i], v) + 0.2 * bx[i] * dot(b[i], v);
						return o;
					}
					@Override public double[] adjointTimes(final double[] w, final double[] out) {
						final double[] o = out != null ? out : new double[d];
						Arrays.fill(o, 0);
						for (int i = 0; i < m; i++)
							for (int j = 0; j < d; j++) o[j] += (a[i][j] + 0.2 * bx[i] * b[i][j]) * w[i];
						return o;
					}
				};
			}
		};
	}

	/**
	 * A 1D operator that is affine on each interval between the midpoints of the given centres: around centre
	 * {@code c_k} it is {@code F(x) = s_k (x - c_k) + v_k}. With training points at the centres, far apart compared to
	 * sigma, the linearized mixture is the exact posterior (up to e^-50 tails) although the Jacobians differ.
	 */
	public static ForwardOperator piecewiseLinear(final double[] centres, final double[] slopes, final double[] values) {
		return new ForwardOperator() {
			@Override public int modelSize() { return 1; }
			@Override public int dataSize() { return 1; }

			private int piece(final double x) {
				int k = 0;
				while (k < centres.length - 1 && x > 0.5 * (centres[k] + centres[k + 1])) k++;
				return k;
			}

			@Override public double[] apply(final double[] x, final double[] out) {
				final double[] o = out != null ? out : new double[1];
				final int k = piece(x[0]);
				o[0] = slopes[k] * (x[0] - centres[k]) + values[k];
				return o;
			}

			@Override public Linearization linearize(final double[] x) {
				final int k = piece(x[0]);
				return new DenseLinearization(x, apply(x, null), new double[] { slopes[k] });
			}
		};
	}

	static double dot(final double[] a, final double[] b) {
		double s = 0;
		for (int i = 0; i < a.length; i++) s += a[i] * b[i];
		return s;
	}
}
