package org.memfwi.core.helmholtz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HankelTest {

	/** Reference values of J0 and Y0 (Abramowitz and Stegun, table 9.1) and continuity between the two expansions. */
	@Test
	void matchesTabulatedValuesAndIsContinuousAtTheSwitch() {
		assertEquals(0.7651976866, Hankel.h0(1)[0], 1e-10);
		assertEquals(0.0882569642, Hankel.h0(1)[1], 1e-10);
		assertEquals(-0.2459357645, Hankel.h0(10)[0], 1e-10);
		assertEquals(0.0556711673, Hankel.h0(10)[1], 1e-10);
		assertEquals(0.1670246643, Hankel.h0(20)[0], 1e-10);
		assertEquals(0.0626405968, Hankel.h0(20)[1], 1e-10);
		assertEquals(-0.1268456828, Hankel.h0(35)[0], 1e-10);
		assertEquals(0.0473589522, Hankel.h0(60)[1], 1e-10);
		final double[] below = Hankel.h0(12), above = Hankel.h0(12 + 1e-12);
		assertEquals(below[0], above[0], 1e-10);
		assertEquals(below[1], above[1], 1e-10);
	}
}
