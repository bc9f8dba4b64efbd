package org.memfwi.core.posterior;

import java.util.Arrays;
import java.util.List;

import org.ejml.data.DMatrixRMaj;

/**
 * A linearized Gaussian-mixture posterior over coefficients c, seen through an affine map {@code f = f0 + Phi c}
 * (e.g. Karhunen–Loève coefficients to velocity pixels): each component N(mu_n, S_n) becomes
 * N(f0 + Phi mu_n, Phi S_n Phi^T), exactly. Gives the pixel mean, the pixel variance {@code sum_n w_n [diag(Phi S_n
 * Phi^T) + (Phi mu_n - Phi mu)^2]} and its within-component part, without forming any P x P matrix.
 */
public final class AffinePushforward {

	private final double[] f0;
	/** Phi column by column: {@code columns[i]} = the image of coefficient i (P values). */
	private final double[][] columns;

	/**
	 * @param f0 the image of c = 0 (P values, copied)
	 * @param columns the image of each unit coefficient minus f0 (d arrays of P values, copied)
	 */
	public AffinePushforward(final double[] f0, final double[][] columns) {
		if (columns.length == 0) throw new IllegalArgumentException("an affine map needs at least one column");
		for (final double[] c : columns)
			if (c.length != f0.length) throw new IllegalArgumentException("a column of " + c.length + " values for " + f0.length + " pixels");
		this.f0 = f0.clone();
		this.columns = new double[columns.length][];
		for (int i = 0; i < columns.length; i++) this.columns[i] = columns[i].clone();
	}

	/** Number of coefficients d. */
	public int dimension() { return columns.length; }

	/** Number of pixels P. */
	public int pixels() { return f0.length; }

	/** {@code f0 + Phi c}. */
	public double[] apply(final double[] c, double[] out) {
		if (c.length != columns.length) throw new IllegalArgumentException(c.length + " coefficients for " + columns.length + " columns");
		if (out == null) out = new double[f0.length];
		System.arraycopy(f0, 0, out, 0, f0.length);
		for (int i = 0; i < c.length; i++) {
			final double a = c[i];
			if (a == 0) continue;
			final double[] col = columns[i];
			for (int p = 0; p < out.length; p++) out[p] += a * col[p];
		}
		return out;
	}

	/** {@code diag(Phi S Phi^T)} for a d x d covariance S. */
	public double[] varianceOf(final DMatrixRMaj s, double[] out) {
		final int d = columns.length;
		if (s.numRows != d || s.numCols != d) throw new IllegalArgumentException("a " + s.numRows + " x " + s.numCols +
			" covariance for " + d + " coefficients");
		if (out == null) out = new double[f0.length];
		for (int p = 0; p < out.length; p++) {
			// phi_p^T S phi_p, phi_p = row p of Phi
			double v = 0;
			for (int i = 0; i < d; i++) {
				double acc = 0;
				for (int j = 0; j < d; j++) acc += s.unsafe_get(i, j) * columns[j][p];
				v += columns[i][p] * acc;
			}
			out[p] = v;
		}
		return out;
	}

	/** Pixel mean, variance and within-component variance of a mixture. */
	public static final class Moments {
		public final double[] mean, variance, within;

		Moments(final double[] mean, final double[] variance, final double[] within) {
			this.mean = mean;
			this.variance = variance;
			this.within = within;
		}
	}

	/**
	 * The pixel moments of the mixture of the given components with the given weights.
	 *
	 * @param components the components (any order)
	 * @param weights weight of each component, indexed by {@link LinearizedComponent#index()}, summing to 1 over the
	 *        components given
	 * @param sigma the prior noise level the components are evaluated at
	 */
	public Moments moments(final List<LinearizedComponent> components, final double[] weights, final double sigma) {
		final int p = f0.length;
		final double[] mean = new double[p], second = new double[p], within = new double[p], var = new double[p];
		final double[][] img = new double[components.size()][]; // each component mean's image, for both passes
		for (int k = 0; k < img.length; k++) {
			final LinearizedComponent c = components.get(k);
			final double w = weights[c.index()];
			if (w == 0) continue;
			img[k] = apply(c.mean(sigma, null), null);
			for (int i = 0; i < p; i++) mean[i] += w * img[k][i];
			if (!c.isLinearized()) continue; // a point mass: no covariance
			varianceOf(c.covariance(sigma), var);
			for (int i = 0; i < p; i++) within[i] += w * var[i];
		}
		for (int k = 0; k < img.length; k++) {
			if (img[k] == null) continue;
			final double w = weights[components.get(k).index()];
			for (int i = 0; i < p; i++) {
				final double e = img[k][i] - mean[i];
				second[i] += w * e * e;
			}
		}
		final double[] variance = new double[p];
		for (int i = 0; i < p; i++) variance[i] = within[i] + second[i];
		return new Moments(mean, variance, within);
	}

	/**
	 * A smooth pixelwise map g applied after the affine one (e.g. squared slowness to velocity), with its first two
	 * derivatives, for {@link #moments(List, double[], double, PixelMap)}.
	 */
	public interface PixelMap {
		/** g(m). */
		double value(double m);

		/** g'(m). */
		double first(double m);

		/** g''(m). */
		double second(double m);
	}

	/**
	 * The pixel moments of the mixture seen through a pixelwise map g after the affine map, by the delta method per
	 * component: component n with pixel mean m_n and pixel variance s_n^2 (exact, as {@link #moments(List, double[],
	 * double)}) has {@code E g = g(m_n) + g''(m_n) s_n^2 / 2} and {@code Var g = g'(m_n)^2 s_n^2} (second- and first-order
	 * accurate in s_n); the mixture's mean, within- and between-component variance follow from these exactly.
	 */
	public Moments moments(final List<LinearizedComponent> components, final double[] weights, final double sigma, final PixelMap g) {
		final int p = f0.length;
		final double[] mean = new double[p], within = new double[p], var = new double[p];
		final double[][] img = new double[components.size()][];
		for (int k = 0; k < img.length; k++) {
			final LinearizedComponent c = components.get(k);
			final double w = weights[c.index()];
			if (w == 0) continue;
			final double[] m = apply(c.mean(sigma, null), null);
			if (c.isLinearized()) varianceOf(c.covariance(sigma), var);
			else Arrays.fill(var, 0);
			img[k] = new double[p];
			for (int i = 0; i < p; i++) {
				img[k][i] = g.value(m[i]) + 0.5 * g.second(m[i]) * var[i];
				final double d1 = g.first(m[i]);
				within[i] += w * d1 * d1 * var[i];
				mean[i] += w * img[k][i];
			}
		}
		final double[] variance = within.clone();
		for (int k = 0; k < img.length; k++) {
			if (img[k] == null) continue;
			final double w = weights[components.get(k).index()];
			for (int i = 0; i < p; i++) {
				final double e = img[k][i] - mean[i];
				variance[i] += w * e * e;
			}
		}
		return new Moments(mean, variance, within);
	}
}
