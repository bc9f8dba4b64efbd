package org.memfwi.core.prior;

import java.util.SplittableRandom;

import org.memfwi.core.util.Seeds;

/**
 * The paper code's periodic Gaussian random field of squared slowness (s^2/m^2) on an {@code n x n} grid
 * ({@code GaussianRandomField} of github.com/luqigroup/grf, as mempost's Helmholtz experiment calls it): Fourier
 * amplitudes {@code sqrt(eig_k) = n^2 sqrt(2) sigma (4 pi^2 |k|^2 + tau^2)^(-alpha/2)} on the integer wavenumbers
 * {@code k = (0..n/2-1, -n/2..-1)} per axis, zero at {@code k = 0}, i.e. the covariance
 * {@code sigma^2 (-Laplacian + tau^2)^(-alpha)} of the unit torus; a sample is
 * {@code mean + scale * Re(ifft2(sqrt(eig) * xi))} with one real standard normal {@code xi_k} per wavenumber, and
 * {@code scale} makes the field's "natural" standard deviation {@code sqrt(sum eig) / n^2} equal to a sixth of the
 * squared-slowness range {@code [1/vmax^2, 1/vmin^2]}, centred on its middle (the package's {@code bounds}).
 * <p>
 * The paper's settings: alpha = 3, tau = 5, velocities 1.5–3 km/s (training), alpha = 1.5, tau = 1 (its
 * out-of-distribution truth). Sigma drops out through the rescaling. As in the paper code the field itself is not
 * clipped (it is projected onto the KL basis, {@link MempostKlBasis}, whose reconstruction clips the squared slowness
 * at 1e-6 s^2/km^2); and, because only the real part of a transform of real white noise is kept, the pointwise
 * variance is not uniform: it is {@code std^2} at cells whose coordinates are 0 or n/2 and about half of it elsewhere
 * ({@link #covariance}). Only even, square grids are supported, as in the package.
 */
public final class MempostRandomField {

	/** The paper's training field: alpha = 3. */
	public static final double ALPHA = 3;
	/** The paper's training field: tau = 5. */
	public static final double TAU = 5;
	/** The paper's out-of-distribution truth: alpha = 1.5. */
	public static final double OOD_ALPHA = 1.5;
	/** The paper's out-of-distribution truth: tau = 1. */
	public static final double OOD_TAU = 1;
	/** The paper's velocity bounds of the field, m/s: squared slowness within [1/3000^2, 1/1500^2]. */
	public static final double VMIN = 1500, VMAX = 3000;

	private final int n;
	private final double alpha, tau, mean, std, scale;
	/** sqrt(eig) * scale / n^2 at wavenumber index (i, j), flat i * n + j. */
	private final double[] amp;
	private final double[] cos, sin;

	/**
	 * @param n grid side in cells, even, at least 2
	 * @param alpha smoothness exponent, positive
	 * @param tau inverse correlation length on the unit square, positive
	 * @param vmin smallest velocity of the bounds, m/s
	 * @param vmax largest velocity of the bounds, m/s
	 */
	public MempostRandomField(final int n, final double alpha, final double tau, final double vmin, final double vmax) {
		if (n < 2 || n % 2 != 0) throw new IllegalArgumentException("the paper's FFT random field needs an even grid side of at " +
			"least 2 cells, got " + n + "; use an even nx = nz");
		if (!(alpha > 0) || Double.isInfinite(alpha)) throw new IllegalArgumentException("alpha (smoothness) must be > 0, got " + alpha);
		if (!(tau > 0) || Double.isInfinite(tau)) throw new IllegalArgumentException("tau must be > 0, got " + tau);
		if (!(vmin > 0) || !(vmax > vmin) || Double.isInfinite(vmax)) throw new IllegalArgumentException("velocity bounds [" + vmin +
			", " + vmax + "] m/s are invalid: need 0 < vmin < vmax");
		this.n = n;
		this.alpha = alpha;
		this.tau = tau;
		final double low = 1 / (vmax * vmax), high = 1 / (vmin * vmin);
		mean = 0.5 * (low + high);
		std = (high - low) / 6;
		// The package's sigma = tau^(alpha - 1) and factor n^2 sqrt(2) cancel in the rescaling, but are kept so the
		// natural standard deviation is the package's.
		final double sigma = Math.pow(tau, 0.5 * (2 * alpha - 2));
		final double[] sqrtEig = new double[n * n];
		double sumEig = 0;
		for (int i = 0; i < n; i++)
			for (int j = 0; j < n; j++) {
				if (i == 0 && j == 0) continue;
				final double s = (double) n * n * Math.sqrt(2) * sigma * spectrum(wavenumber(i, n), wavenumber(j, n), alpha, tau);
				sqrtEig[i * n + j] = s;
				sumEig += s * s;
			}
		final double natural = Math.sqrt(sumEig) / ((double) n * n);
		scale = std / natural;
		amp = new double[n * n];
		for (int k = 0; k < amp.length; k++) amp[k] = sqrtEig[k] * scale / ((double) n * n);
		cos = new double[n * n];
		sin = new double[n * n];
		for (int a = 0; a < n; a++)
			for (int i = 0; i < n; i++) {
				final double t = 2 * Math.PI * (((long) a * i) % n) / n;
				cos[a * n + i] = Math.cos(t);
				sin[a * n + i] = Math.sin(t);
			}
	}

	/** The paper's training field (alpha 3, tau 5, 1.5–3 km/s) on an n x n grid. */
	public static MempostRandomField training(final int n) {
		return new MempostRandomField(n, ALPHA, TAU, VMIN, VMAX);
	}

	/** The paper's out-of-distribution field (alpha 1.5, tau 1, 1.5–3 km/s) on an n x n grid. */
	public static MempostRandomField outOfDistribution(final int n) {
		return new MempostRandomField(n, OOD_ALPHA, OOD_TAU, VMIN, VMAX);
	}

	/** The signed integer wavenumber of FFT index i on n points (n even): i for i < n/2, else i - n. */
	public static int wavenumber(final int i, final int n) {
		return i < n / 2 ? i : i - n;
	}

	/** The package's spectrum {@code (4 pi^2 (k1^2 + k2^2) + tau^2)^(-alpha/2)} (square root of the covariance's). */
	public static double spectrum(final int k1, final int k2, final double alpha, final double tau) {
		return Math.pow(4 * Math.PI * Math.PI * ((double) k1 * k1 + (double) k2 * k2) + tau * tau, -alpha / 2);
	}

	public int size() { return n; }

	public double alpha() { return alpha; }

	public double tau() { return tau; }

	/** The field's mean, s^2/m^2 (the middle of the squared-slowness bounds). */
	public double mean() { return mean; }

	/** The target standard deviation, s^2/m^2 (a sixth of the squared-slowness range). */
	public double std() { return std; }

	/** The factor from the package's natural field to this one ({@code std_scale}). */
	public double stdScale() { return scale; }

	/**
	 * The covariance eigenvalue at wavenumber index (i, j) of the rescaled field, {@code std_scale^2 eig}, in
	 * (s^2/m^2)^2 times n^4 (the package's {@code eig_scaled}).
	 */
	public double eigenvalue(final int i, final int j) {
		final double a = amp[i * n + j] * (double) n * n;
		return a * a;
	}

	/**
	 * The field for given Fourier coefficients: {@code mean + Re(ifft2(sqrt(eig_scaled) * xi))}, s^2/m^2.
	 *
	 * @param xi n^2 coefficients, flat {@code i * n + j} (wavenumber index i along x), not modified
	 * @param out n^2 values, x fastest ({@code ix + n * iz}); filled and returned (allocated when null)
	 */
	public double[] field(final double[] xi, double[] out) {
		if (xi.length != n * n) throw new IllegalArgumentException("expected " + n * n + " coefficients, got " + xi.length);
		if (out == null) out = new double[n * n];
		// Re sum_ij c_ij e^{i(ta_i + tb_j)} = sum_ij c_ij (cos ta cos tb - sin ta sin tb), done as two matrix products.
		final double[] pc = new double[n * n], ps = new double[n * n]; // p[i * n + b] = sum_j c_ij cos/sin(2 pi j b / n)
		for (int i = 0; i < n; i++)
			for (int j = 0; j < n; j++) {
				final double c = amp[i * n + j] * xi[i * n + j];
				if (c == 0) continue;
				for (int b = 0; b < n; b++) {
					pc[i * n + b] += c * cos[b * n + j];
					ps[i * n + b] += c * sin[b * n + j];
				}
			}
		for (int a = 0; a < n; a++)
			for (int b = 0; b < n; b++) {
				double v = 0;
				for (int i = 0; i < n; i++) v += cos[a * n + i] * pc[i * n + b] - sin[a * n + i] * ps[i * n + b];
				out[a + n * b] = mean + v;
			}
		return out;
	}

	/**
	 * Sample {@code index} of a seeded sequence (independent of thread scheduling), squared slowness in s^2/m^2.
	 *
	 * @param out n^2 values, x fastest; filled and returned (allocated when null)
	 */
	public double[] sample(final long seed, final long index, final double[] out) {
		final SplittableRandom r = Seeds.stream(seed, index);
		final double[] xi = new double[n * n];
		for (int k = 0; k < xi.length; k++) xi[k] = Seeds.gaussian(r);
		return field(xi, out);
	}

	/**
	 * The exact covariance of the field between cells (ax, az) and (bx, bz), (s^2/m^2)^2:
	 * {@code sum_k amp_k^2 cos(theta_k . a) cos(theta_k . b)} with {@code amp = sqrt(eig_scaled) / n^2}.
	 */
	public double covariance(final int ax, final int az, final int bx, final int bz) {
		double c = 0;
		for (int i = 0; i < n; i++)
			for (int j = 0; j < n; j++) {
				final double a = amp[i * n + j];
				if (a == 0) continue;
				final double ca = cos[ax * n + i] * cos[az * n + j] - sin[ax * n + i] * sin[az * n + j];
				final double cb = cos[bx * n + i] * cos[bz * n + j] - sin[bx * n + i] * sin[bz * n + j];
				c += a * a * ca * cb;
			}
		return c;
	}
}
