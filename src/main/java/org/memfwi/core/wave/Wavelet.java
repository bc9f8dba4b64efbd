package org.memfwi.core.wave;

import java.util.Arrays;

/**
 * A source time function: its samples at the recording interval dt (nt samples from t = 0) and, for a Ricker
 * wavelet, the analytic form, so that a propagator stepping at a finer internal step evaluates it exactly. Sampled
 * (user or filtered) wavelets are interpolated between samples with the Keys cubic convolution kernel (a = -1/2) and
 * are zero outside [0, (nt - 1) dt].
 */
public final class Wavelet {

	private final double dt;
	private final double[] samples;
	private final double f0;
	private final double delay;

	private Wavelet(final double dt, final double[] samples, final double f0, final double delay) {
		if (!(dt > 0) || Double.isInfinite(dt)) throw new IllegalArgumentException("dt (time step) must be a positive number of seconds, got " + dt);
		if (samples.length < 2) throw new IllegalArgumentException("nt (number of time samples) must be at least 2, got " + samples.length);
		for (int i = 0; i < samples.length; i++)
			if (!Double.isFinite(samples[i])) throw new IllegalArgumentException("wavelet sample " + i + " is " + samples[i] + "; it must be finite");
		this.dt = dt;
		this.samples = samples;
		this.f0 = f0;
		this.delay = delay;
	}

	/**
	 * A Ricker wavelet {@code (1 - 2 pi^2 f0^2 (t - delay)^2) exp(-pi^2 f0^2 (t - delay)^2)}, unit peak at
	 * {@code t = delay}.
	 *
	 * @param f0 peak frequency in Hz, positive
	 * @param delay time of the peak in s (1.5 / f0 makes it start from practically zero)
	 * @param dt sampling interval in s
	 * @param nt number of samples
	 */
	public static Wavelet ricker(final double f0, final double delay, final double dt, final int nt) {
		if (!(f0 > 0) || Double.isInfinite(f0)) throw new IllegalArgumentException("f0 (peak frequency) must be a positive number of Hz, got " + f0);
		if (!Double.isFinite(delay)) throw new IllegalArgumentException("delay must be a finite number of seconds, got " + delay);
		if (nt < 2) throw new IllegalArgumentException("nt (number of time samples) must be at least 2, got " + nt);
		final double[] s = new double[nt];
		for (int i = 0; i < nt; i++) s[i] = ricker(f0, delay, i * dt);
		return new Wavelet(dt, s, f0, delay);
	}

	/** The usual Ricker delay, 1.5 / f0 s. */
	public static double defaultDelay(final double f0) {
		return 1.5 / f0;
	}

	/** A user wavelet: samples at interval dt from t = 0 (copied). */
	public static Wavelet sampled(final double[] samples, final double dt) {
		return new Wavelet(dt, samples.clone(), Double.NaN, Double.NaN);
	}

	private static double ricker(final double f0, final double delay, final double t) {
		final double a = Math.PI * f0 * (t - delay);
		return (1 - 2 * a * a) * Math.exp(-a * a);
	}

	/** Sampling interval in s. */
	public double dt() { return dt; }

	/** Number of samples. */
	public int nt() { return samples.length; }

	/** The samples (a copy). */
	public double[] samples() { return samples.clone(); }

	/** True for an analytic Ricker wavelet. */
	public boolean isRicker() { return !Double.isNaN(f0); }

	/** Peak frequency in Hz of a Ricker wavelet, NaN otherwise. */
	public double f0() { return f0; }

	/** Peak time in s of a Ricker wavelet, NaN otherwise. */
	public double delay() { return delay; }

	/** The wavelet at time t in s: analytic for a Ricker, otherwise cubic interpolation of the samples. */
	public double at(final double t) {
		if (isRicker()) return ricker(f0, delay, t);
		final double x = t / dt;
		final int i = (int) Math.floor(x);
		final double f = x - i;
		double s = 0;
		for (int j = -1; j <= 2; j++) {
			final int k = i + j;
			if (k < 0 || k >= samples.length) continue;
			s += samples[k] * keys(j - f);
		}
		return s;
	}

	private static double keys(final double x) {
		final double a = Math.abs(x);
		if (a <= 1) return (1.5 * a - 2.5) * a * a + 1;
		if (a < 2) return ((-0.5 * a + 2.5) * a - 4) * a + 2;
		return 0;
	}

	/** The wavelet at times {@code n * step}, n = 0..count-1. */
	public double[] series(final double step, final int count) {
		final double[] s = new double[count];
		for (int n = 0; n < count; n++) s[n] = at(n * step);
		return s;
	}

	/**
	 * The highest frequency with significant energy, in Hz: 2.5 f0 for a Ricker (its amplitude spectrum there is
	 * about 2 % of the peak), otherwise the highest frequency where the amplitude spectrum of the samples exceeds 2 %
	 * of its maximum.
	 */
	public double highestFrequency() {
		if (isRicker()) return 2.5 * f0;
		final int n = samples.length, nf = n / 2 + 1;
		final double[] amp = new double[nf];
		double max = 0;
		for (int k = 0; k < nf; k++) {
			double re = 0, im = 0;
			for (int t = 0; t < n; t++) {
				final double ph = -2 * Math.PI * (double) k * t / n;
				re += samples[t] * Math.cos(ph);
				im += samples[t] * Math.sin(ph);
			}
			amp[k] = Math.hypot(re, im);
			max = Math.max(max, amp[k]);
		}
		int last = 0;
		for (int k = 0; k < nf; k++) if (amp[k] > 0.02 * max) last = k;
		return last / (n * dt);
	}

	@Override
	public String toString() {
		return isRicker() ? "Ricker " + f0 + " Hz, delay " + delay + " s, " + samples.length + " samples of " + dt + " s"
			: "sampled wavelet, " + samples.length + " samples of " + dt + " s";
	}

	@Override
	public boolean equals(final Object o) {
		if (!(o instanceof Wavelet)) return false;
		final Wavelet w = (Wavelet) o;
		return w.dt == dt && Arrays.equals(w.samples, samples) && Double.compare(w.f0, f0) == 0 && Double.compare(w.delay, delay) == 0;
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(samples) * 31 + Double.hashCode(dt);
	}
}
