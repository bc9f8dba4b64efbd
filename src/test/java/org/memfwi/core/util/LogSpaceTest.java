package org.memfwi.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LogSpaceTest {

	@Test
	void weightsAreExactWhenEveryLogWeightUnderflows() {
		final double[] l = { -0.5, -1.25, -3, -2, -40 };
		final double[] w = LogSpace.softmax(l, null);
		double z = 0;
		for (final double v : l) z += Math.exp(v);
		for (int i = 0; i < l.length; i++) assertEquals(Math.exp(l[i]) / z, w[i], 1e-16);
		for (final double shift : new double[] { -1e5, -1e7, -7.5e8 }) {
			final double[] s = l.clone();
			for (int i = 0; i < s.length; i++) s[i] += shift; // exact in double for these values
			assertEquals(0.0, Math.exp(s[0])); // every weight underflows on its own
			final double[] ws = LogSpace.softmax(s, null);
			for (int i = 0; i < l.length; i++) assertEquals(w[i], ws[i], 1e-15 * Math.max(1, w[i] * 1e3), "shift " + shift);
		}
	}

	@Test
	void effectiveSizesOfKnownWeights() {
		final double[] uniform = LogSpace.normalizeLog(new double[] { -1e6, -1e6, -1e6, -1e6 }, null);
		assertEquals(4, LogSpace.effectiveModes(uniform), 1e-12);
		assertEquals(4, LogSpace.effectiveSampleSize(uniform), 1e-12);
		final double[] one = LogSpace.normalizeLog(new double[] { 0, Double.NEGATIVE_INFINITY, -2000 }, null);
		assertEquals(1, LogSpace.effectiveModes(one), 1e-12);
		assertEquals(1, LogSpace.effectiveSampleSize(one), 1e-12);
		// Two weights 0.25, 0.75: entropy = -(0.25 ln 0.25 + 0.75 ln 0.75).
		final double[] two = LogSpace.normalizeLog(new double[] { Math.log(1), Math.log(3) }, null);
		assertEquals(Math.exp(-(0.25 * Math.log(0.25) + 0.75 * Math.log(0.75))), LogSpace.effectiveModes(two), 1e-14);
		assertEquals(1 / (0.0625 + 0.5625), LogSpace.effectiveSampleSize(two), 1e-14);
	}

	@Test
	void logAddExpAndBadInput() {
		assertEquals(Math.log(Math.exp(-3) + Math.exp(-4)), LogSpace.logAddExp(-3, -4), 1e-15);
		assertEquals(-1e6 + Math.log(2), LogSpace.logAddExp(-1e6, -1e6), 1e-9);
		assertEquals(-5, LogSpace.logAddExp(Double.NEGATIVE_INFINITY, -5), 0);
		assertTrue(assertThrows(IllegalArgumentException.class, () -> LogSpace.softmax(new double[] { 0, Double.NaN }, null))
			.getMessage().contains("log-weight 1 is NaN"));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> LogSpace.softmax(new double[0], null))
			.getMessage().contains("empty"));
	}
}
