package org.memfwi.core.util;

import java.util.Locale;

/** Up-front memory checks, so that a job too large for the heap is refused before it starts. */
public final class Memory {

	private Memory() {}

	/** Bytes the JVM can still allocate: the maximum heap minus what is in use now. */
	public static long available() {
		final Runtime rt = Runtime.getRuntime();
		return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
	}

	/**
	 * Refuses a job whose estimate exceeds the memory the JVM can still allocate.
	 *
	 * @param bytes estimated bytes the job needs
	 * @param what what needs it, e.g. "the training stack (n = 1000 models of 70 x 70)"
	 * @param remedy what to change, e.g. "lower n"
	 * @throws IllegalArgumentException naming the need, the limit and the fix
	 */
	public static void require(final long bytes, final String what, final String remedy) {
		long avail = available();
		if (bytes > avail) {
			// "in use" counts garbage not yet collected: collect it once before refusing, so the verdict depends on the
			// live data, not on when the collector last ran
			System.gc();
			avail = available();
		}
		if (bytes > avail) {
			throw new IllegalArgumentException(what + " needs about " + mb(bytes) + " of memory but only " + mb(avail) +
				" is free (maximum heap " + mb(Runtime.getRuntime().maxMemory()) + "); " + remedy +
				", or give Java more memory (Fiji: Edit > Options > Memory & Threads; command line: java -Xmx...)");
		}
	}

	/** A human-readable size, e.g. "1.5 GB". */
	public static String mb(final long bytes) {
		if (bytes >= 1L << 30) return String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30));
		return String.format(Locale.ROOT, "%.0f MB", Math.ceil(bytes / (double) (1L << 20)));
	}
}
