package org.memfwi.core.util;

import java.util.Arrays;

/** Small order statistics shared by the diagnostics and the benches. */
public final class Statistics {

	private Statistics() {}

	/** The median (mean of the two middle values for an even count), NaN for no values; the input is not modified. */
	public static double median(final double[] values) {
		final int n = values.length;
		if (n == 0) return Double.NaN;
		final double[] s = values.clone();
		Arrays.sort(s);
		return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
	}
}
