package org.memfwi.core.helmholtz;

import java.util.SplittableRandom;

import org.memfwi.core.util.Seeds;

/**
 * Noise for frequency-domain data, relative to the data's largest modulus as in the paper (5 %): a data vector in
 * {@link HelmholtzOperator}'s order holds complex receiver values as (real, imaginary) pairs, and the noise added to
 * every real and every imaginary part is independent Gaussian with standard deviation
 * {@code gamma = relative * max |d|}, the maximum over all complex values of all frequencies, sources and receivers.
 */
public final class HelmholtzNoise {

	private HelmholtzNoise() {}

	/**
	 * The largest modulus {@code |d| = sqrt(re^2 + im^2)} of the complex values in a data vector.
	 *
	 * @param data {@code 2 * frequencies * sources * receivers} values in the operator's order, not modified
	 * @param block {@code sources * receivers}, the size of one real (or imaginary) plane
	 */
	public static double maxModulus(final double[] data, final int block) {
		if (block < 1 || data.length % (2 * block) != 0) throw new IllegalArgumentException("data of " + data.length +
			" values is not a whole number of (real, imaginary) planes of " + block + " values");
		double max = 0;
		for (int f = 0; f < data.length / (2 * block); f++)
			for (int i = 0; i < block; i++) max = Math.max(max, Math.hypot(data[2 * f * block + i], data[(2 * f + 1) * block + i]));
		return max;
	}

	/**
	 * Adds seeded Gaussian noise of standard deviation {@code relative * maxModulus(data)} to every value, in place.
	 *
	 * @param relative noise level relative to the largest modulus, >= 0 (0.05 = the paper's 5 %)
	 * @param seed the random seed: the same seed gives the same noise
	 * @return the standard deviation used, data units
	 */
	public static double add(final double[] data, final int block, final double relative, final long seed) {
		if (!(relative >= 0) || Double.isInfinite(relative))
			throw new IllegalArgumentException("noise (relative to max |d|) must be >= 0, got " + relative);
		final double gamma = relative * maxModulus(data, block);
		addGaussian(data, gamma, seed, 0);
		return gamma;
	}

	/**
	 * Adds seeded Gaussian noise of a given standard deviation to every value, in place: the noise of data item
	 * {@code stream} (e.g. the model's index in a stack) drawn from its own random stream, so that it does not depend
	 * on the order of work. {@link #add} uses stream 0.
	 *
	 * @param std standard deviation in data units, >= 0 (0 leaves the data alone)
	 */
	public static void addGaussian(final double[] data, final double std, final long seed, final long stream) {
		if (!(std >= 0) || Double.isInfinite(std)) throw new IllegalArgumentException("noise (standard deviation) must be >= 0, got " +
			std);
		if (std == 0) return;
		final SplittableRandom r = Seeds.stream(seed, stream);
		for (int i = 0; i < data.length; i++) data[i] += std * Seeds.gaussian(r);
	}
}
