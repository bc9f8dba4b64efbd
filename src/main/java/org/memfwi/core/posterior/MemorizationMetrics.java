package org.memfwi.core.posterior;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import org.memfwi.core.progress.Progress;
import org.memfwi.core.util.Parallel;
import org.memfwi.core.util.Statistics;
import org.memfwi.core.util.Table;

/**
 * How close generated samples lie to the training set: for a sample s with sorted Euclidean distances
 * {@code d(1) <= d(2) <= ...} to the N training models, the ratio {@code r = d(1) / mean(d(2)..d(k))} with
 * {@code k = min(kmax, N)}, the ratio {@code d(1)/d(2)} and the index of the nearest training model. A sample is
 * memorized when {@code r < tau}: it is much closer to one training model than to the others.
 */
public final class MemorizationMetrics {

	/** The thresholds reported besides the chosen one. */
	public static final double[] STANDARD_TAUS = { 0.1, 0.3, 0.5, 0.7 };

	/** Default {@code kmax}: distances to the 50 nearest training models enter the ratio. */
	public static final int DEFAULT_K = 50;

	/** The metrics of one sample. */
	public static final class Entry {
		private final int nearest;
		private final double d1, d2;
		private final double ratio;
		private final double ratio12;

		/** The metrics of one sample, from its nearest index and sorted distances (e.g. merged from shards). */
		public Entry(final int nearest, final double d1, final double d2, final double ratio, final double ratio12) {
			this.nearest = nearest;
			this.d1 = d1;
			this.d2 = d2;
			this.ratio = ratio;
			this.ratio12 = ratio12;
		}

		/** 0-based index of the nearest training model. */
		public int nearest() { return nearest; }

		/** Distance to the nearest training model (units of the models, e.g. m/s). */
		public double d1() { return d1; }

		/** Distance to the second-nearest training model (units of the models). */
		public double d2() { return d2; }

		/** d(1) / mean(d(2)..d(k)). */
		public double ratio() { return ratio; }

		/** d(1) / d(2). */
		public double ratio12() { return ratio12; }

		/** True if the sample is memorized at threshold tau: ratio below tau. */
		public boolean memorized(final double tau) {
			return ratio < tau;
		}
	}

	private MemorizationMetrics() {}

	/**
	 * The metrics of one sample against a training set.
	 *
	 * @param sample d values, not modified
	 * @param training N >= 2 arrays of d values, not modified
	 * @param kmax how many nearest distances enter the ratio (k = min(kmax, N)), at least 2
	 * @param distances work space of N values, or null
	 */
	public static Entry of(final float[] sample, final float[][] training, final int kmax, double[] distances) {
		final int n = training.length;
		check(n, kmax);
		if (distances == null || distances.length < n) distances = new double[n];
		int best = 0;
		for (int j = 0; j < n; j++) {
			distances[j] = distance(sample, training[j]);
			if (distances[j] < distances[best]) best = j;
		}
		return entry(distances, n, best, Math.min(kmax, n));
	}

	/** The same for double-precision samples (e.g. a sampler's state). */
	public static Entry of(final double[] sample, final float[][] training, final int kmax, double[] distances) {
		final int n = training.length;
		check(n, kmax);
		if (distances == null || distances.length < n) distances = new double[n];
		int best = 0;
		for (int j = 0; j < n; j++) {
			final float[] t = training[j];
			if (t.length != sample.length) throw new IllegalArgumentException("training model " + (j + 1) + " has " +
				t.length + " values, the sample " + sample.length);
			double s = 0;
			for (int i = 0; i < t.length; i++) {
				final double e = sample[i] - t[i];
				s += e * e;
			}
			distances[j] = Math.sqrt(s);
			if (distances[j] < distances[best]) best = j;
		}
		return entry(distances, n, best, Math.min(kmax, n));
	}

	/**
	 * The metrics of every sample, in parallel over samples (identical for any thread count).
	 *
	 * @throws IllegalArgumentException for fewer than 2 training models, an empty sample set or mismatched sizes
	 */
	public static Entry[] audit(final float[][] samples, final float[][] training, final int kmax, final int threads,
		final Progress progress) {
		if (samples.length == 0) throw new IllegalArgumentException("samples: the stack of samples is empty");
		check(training.length, kmax);
		final Entry[] out = new Entry[samples.length];
		final AtomicInteger done = new AtomicInteger();
		final ThreadLocal<double[]> work = ThreadLocal.withInitial(() -> new double[training.length]);
		Parallel.forEach(samples.length, threads, i -> {
			progress.checkCanceled();
			out[i] = of(samples[i], training, kmax, work.get());
			progress.fraction(done.incrementAndGet() / (double) samples.length);
		});
		return out;
	}

	/** Fraction of entries with ratio below {@code tau}. */
	public static double memorizedFraction(final Entry[] entries, final double tau) {
		int m = 0;
		for (final Entry e : entries) if (e.memorized(tau)) m++;
		return entries.length == 0 ? Double.NaN : m / (double) entries.length;
	}

	/** Median of the ratios. */
	public static double medianRatio(final Entry[] entries) {
		final double[] r = new double[entries.length];
		for (int i = 0; i < r.length; i++) r[i] = entries[i].ratio;
		return Statistics.median(r);
	}

	/**
	 * Adds the summary rows of a set of samples to a metric,value table: memorized_fraction (at tau), tau, the
	 * memorized fraction at each of {@link #STANDARD_TAUS}, and median_ratio.
	 */
	public static void summarize(final Table summary, final Entry[] entries, final double tau) {
		summary.add("memorized_fraction", memorizedFraction(entries, tau));
		summary.add("tau", tau);
		for (final double t : STANDARD_TAUS)
			summary.add(String.format(Locale.ROOT, "memorized_fraction_tau_%.1f", t), memorizedFraction(entries, t));
		summary.add("median_ratio", medianRatio(entries));
	}

	/** One row per sample: sample, nearest (1-based), d1, d2, ratio, ratio12, memorized (at tau). */
	public static Table table(final Entry[] entries, final double tau) {
		final Table t = new Table("sample", "nearest", "d1", "d2", "ratio", "ratio12", "memorized");
		for (int i = 0; i < entries.length; i++) {
			final Entry e = entries[i];
			t.add(i + 1, e.nearest + 1, e.d1, e.d2, e.ratio, e.ratio12, e.memorized(tau) ? 1 : 0);
		}
		return t;
	}

	/** Euclidean distance between two arrays of equal length. */
	public static double distance(final float[] a, final float[] b) {
		if (a.length != b.length) throw new IllegalArgumentException("models of " + a.length + " and " + b.length +
			" values cannot be compared; use stacks of the same size");
		double s = 0;
		for (int i = 0; i < a.length; i++) {
			final double e = (double) a[i] - b[i];
			s += e * e;
		}
		return Math.sqrt(s);
	}

	private static void check(final int n, final int kmax) {
		if (n < 2) throw new IllegalArgumentException("training: the memorization ratio compares the nearest training model " +
			"with the next ones, so it needs at least 2 training models; got " + n);
		if (kmax < 2) throw new IllegalArgumentException("k (number of nearest distances in the ratio) must be at least 2, got " + kmax);
	}

	private static Entry entry(final double[] distances, final int n, final int best, final int k) {
		// Partial selection: the k smallest distances, sorted, from a copy (the caller's array is work space).
		final double[] sorted = Arrays.copyOf(distances, n);
		Arrays.sort(sorted);
		double mean = 0;
		for (int i = 1; i < k; i++) mean += sorted[i];
		mean /= k - 1;
		final double d1 = sorted[0], d2 = sorted[1];
		final double ratio = mean > 0 ? d1 / mean : d1 > 0 ? Double.POSITIVE_INFINITY : 1;
		final double ratio12 = d2 > 0 ? d1 / d2 : 1;
		return new Entry(best, d1, d2, ratio, ratio12);
	}
}
