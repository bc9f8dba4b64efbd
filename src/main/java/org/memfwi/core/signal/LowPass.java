package org.memfwi.core.signal;

/**
 * A causal Butterworth low-pass filter (bilinear transform with pre-warped cutoff, cascaded second-order sections,
 * run in double precision). Being causal and time-invariant, it commutes with wave propagation: filtering the source
 * wavelet gives exactly the filtered data, which is what multiscale inversion needs (a zero-phase filter would smear
 * energy before t = 0, where the traces are cut).
 */
public final class LowPass {

	private final double cutoff;
	private final double[][] sections;

	/**
	 * @param cutoff the -3 dB frequency in Hz, positive and below the Nyquist frequency 1 / (2 dt)
	 * @param dt the sampling interval in s
	 * @param order the filter order, a positive even number (4 is a good default)
	 */
	public LowPass(final double cutoff, final double dt, final int order) {
		if (!(dt > 0)) throw new IllegalArgumentException("dt must be positive, got " + dt);
		if (!(cutoff > 0) || cutoff >= 0.5 / dt)
			throw new IllegalArgumentException("low-pass cutoff " + cutoff + " Hz must be positive and below the Nyquist frequency " +
				0.5 / dt + " Hz");
		if (order < 2 || order % 2 != 0) throw new IllegalArgumentException("filter order must be a positive even number, got " + order);
		this.cutoff = cutoff;
		final double k = 2 / dt, w = k * Math.tan(Math.PI * cutoff * dt);
		sections = new double[order / 2][];
		for (int j = 0; j < order / 2; j++) {
			final double a = 2 * w * Math.sin(Math.PI * (2 * j + 1) / (2.0 * order));
			final double a0 = k * k + a * k + w * w;
			sections[j] = new double[] { w * w / a0, 2 * w * w / a0, w * w / a0, (2 * w * w - 2 * k * k) / a0, (k * k - a * k + w * w) / a0 };
		}
	}

	public double cutoff() { return cutoff; }

	/** Filters n samples in place: x[offset + i * stride], i = 0..n-1 (the signal starts from rest). */
	public void apply(final double[] x, final int offset, final int stride, final int n) {
		for (final double[] s : sections) {
			double z1 = 0, z2 = 0;
			for (int i = 0; i < n; i++) {
				final int k = offset + i * stride;
				final double in = x[k];
				final double out = s[0] * in + z1;
				z1 = s[1] * in - s[3] * out + z2;
				z2 = s[2] * in - s[4] * out;
				x[k] = out;
			}
		}
	}

	/** Filters float samples in place (computed in double). */
	public void apply(final float[] x, final int offset, final int stride, final int n) {
		final double[] t = new double[n];
		for (int i = 0; i < n; i++) t[i] = x[offset + i * stride];
		apply(t, 0, 1, n);
		for (int i = 0; i < n; i++) x[offset + i * stride] = (float) t[i];
	}

	/** The amplitude response |H(f)| at frequency f (Hz) for sampling interval dt. */
	public double amplitude(final double f, final double dt) {
		double re = 1, im = 0;
		final double om = 2 * Math.PI * f * dt;
		final double c1 = Math.cos(om), s1 = -Math.sin(om), c2 = Math.cos(2 * om), s2 = -Math.sin(2 * om);
		for (final double[] s : sections) {
			final double nr = s[0] + s[1] * c1 + s[2] * c2, ni = s[1] * s1 + s[2] * s2;
			final double dr = 1 + s[3] * c1 + s[4] * c2, di = s[3] * s1 + s[4] * s2;
			final double den = dr * dr + di * di;
			final double hr = (nr * dr + ni * di) / den, hi = (ni * dr - nr * di) / den;
			final double r2 = re * hr - im * hi;
			im = re * hi + im * hr;
			re = r2;
		}
		return Math.hypot(re, im);
	}
}
