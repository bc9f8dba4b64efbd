package org.memfwi.core.util;

import java.lang.ref.WeakReference;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/** Up-front memory checks, so that a job too large for the heap is refused before it starts. */
public final class Memory {

	/** What {@link #releaseOnShortage} registered (weakly: a registrant that is gone is dropped). */
	private static final CopyOnWriteArrayList<WeakReference<Runnable>> RELEASERS = new CopyOnWriteArrayList<>();

	private Memory() {}

	/**
	 * Registers a cache's release: {@link #require} runs it before collecting garbage once a job does not fit, so that
	 * memory kept only to save time never refuses a job. Held weakly: the caller keeps the Runnable (a field) as long
	 * as the cache lives.
	 */
	public static void releaseOnShortage(final Runnable release) {
		RELEASERS.removeIf(r -> r.get() == null);
		RELEASERS.add(new WeakReference<>(release));
	}

	/** Runs every registered release ({@link #releaseOnShortage}). */
	static void releaseCaches() {
		for (final WeakReference<Runnable> r : RELEASERS) {
			final Runnable release = r.get();
			if (release != null) release.run();
		}
	}

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
			// "in use" counts garbage not yet collected and caches kept to save time: release those and collect once
			// before refusing, so the verdict depends on the live data, not on when the collector last ran
			releaseCaches();
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
