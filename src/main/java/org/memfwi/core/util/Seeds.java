package org.memfwi.core.util;

import java.util.SplittableRandom;

/** Reproducible random streams: item {@code i} of a job seeded with {@code seed} gets its own independent stream. */
public final class Seeds {

	private Seeds() {}

	/** A random stream for item {@code index} of a job with the given seed, independent of thread scheduling. */
	public static SplittableRandom stream(final long seed, final long index) {
		return new SplittableRandom(mix(seed * 0x9E3779B97F4A7C15L + mix(index + 0x632BE59BD9B4E019L)));
	}

	/** SplitMix64 finalizer: a bijective scrambling of 64 bits. */
	public static long mix(long z) {
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return z ^ (z >>> 31);
	}

	/** A standard normal deviate (Box–Muller; deterministic for a given stream state). */
	public static double gaussian(final SplittableRandom r) {
		double u;
		do u = r.nextDouble(); while (u <= 0);
		final double v = r.nextDouble();
		return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
	}
}
