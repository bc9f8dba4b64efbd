package org.memfwi.core.helmholtz;

/**
 * The Hankel function of the first kind and order zero, {@code H0^(1)(x) = J0(x) + i Y0(x)}, for x > 0, by the
 * ascending series for x <= 12 and the asymptotic (Hankel) expansion beyond; absolute error below 1e-10 on (0, 100].
 */
public final class Hankel {

	private static final double EULER = 0.57721566490153286061;

	private Hankel() {}

	/** {re, im} of H0^(1)(x). */
	public static double[] h0(final double x) {
		if (!(x > 0)) throw new IllegalArgumentException("x must be > 0, got " + x);
		return x <= 12 ? series(x) : asymptotic(x);
	}

	private static double[] series(final double x) {
		final double q = x * x / 4;
		double term = 1, j0 = 1, harmonic = 0, ysum = 0;
		for (int k = 1; k < 200; k++) {
			term *= -q / ((double) k * k);
			harmonic += 1.0 / k;
			j0 += term;
			ysum -= harmonic * term; // (-1)^(k+1) H_k q^k / (k!)^2 = -H_k * term
			if (Math.abs(term) * (1 + harmonic) < 1e-17 * Math.max(1, Math.abs(j0)) && k > q) break;
		}
		final double y0 = 2 / Math.PI * ((Math.log(x / 2) + EULER) * j0 + ysum);
		return new double[] { j0, y0 };
	}

	private static double[] asymptotic(final double x) {
		// H0^(1)(x) = sqrt(2 / (pi x)) exp(i (x - pi/4)) sum_k (-i)^k a_k / x^k, a_k = prod_{j=1..k} (2j - 1)^2 / (8^k k!)
		double pr = 0, pi = 0, a = 1;
		for (int k = 0; k < 30; k++) {
			if (k > 0) a *= (2.0 * k - 1) * (2.0 * k - 1) / (8.0 * k * x);
			final double t = a;
			switch (k % 4) {
				case 0: pr += t; break;
				case 1: pi -= t; break;
				case 2: pr -= t; break;
				default: pi += t; break;
			}
			if (a < 1e-17) break;
		}
		final double amp = Math.sqrt(2 / (Math.PI * x)), ph = x - Math.PI / 4;
		final double c = Math.cos(ph), s = Math.sin(ph);
		return new double[] { amp * (pr * c - pi * s), amp * (pr * s + pi * c) };
	}
}
