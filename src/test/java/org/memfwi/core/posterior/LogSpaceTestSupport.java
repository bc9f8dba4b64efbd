package org.memfwi.core.posterior;

/** Small helpers for the posterior tests. */
final class LogSpaceTestSupport {

	private LogSpaceTestSupport() {}

	/** Element-wise exp. */
	static double[] exp(final double[] a) {
		final double[] o = new double[a.length];
		for (int i = 0; i < a.length; i++) o[i] = Math.exp(a[i]);
		return o;
	}
}
