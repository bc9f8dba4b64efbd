package org.memfwi.core.helmholtz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The presets against the paper code's make_src_rec (numpy linspace with dtype=int) and configs. */
class PaperPresetTest {

	@Test
	void paper64() {
		final PaperPreset p = PaperPreset.of("paper-64");
		assertArrayEquals(new int[] { 0, 15, 31, 47, 63 }, p.sourceColumns());
		assertArrayEquals(new int[] { 0, 1, 3, 4, 6, 8, 9, 11, 12, 14, 16, 17, 19, 21, 22, 24, 25, 27, 29, 30, 32, 33, 35, 37, 38,
			40, 42, 43, 45, 46, 48, 50, 51, 53, 54, 56, 58, 59, 61, 63 }, p.receiverColumns());
		final HelmholtzAcquisition a = p.acquisition();
		assertEquals(0, a.sourceZ()[2]);
		assertEquals(63 * 31.25, a.receiverZ()[0]);
		assertEquals(47 * 31.25, a.sourceX()[3]);
		assertEquals(2000, p.grid().width(), 1e-9);
		final HelmholtzConfig c = p.config();
		assertEquals(4, c.frequency(0));
		assertEquals(10, c.pml());
		assertEquals(100, c.sigmaMax());
		assertEquals(0.05 * 3 / Math.sqrt(2), p.noiseStd(3), 1e-15);
		a.validate(p.grid());
	}

	@Test
	void paper200() {
		final PaperPreset p = PaperPreset.of("PAPER-200");
		assertArrayEquals(new int[] { 2, 15, 29, 43, 57, 71, 85, 99, 113, 127, 141, 155, 169, 183, 197 }, p.sourceColumns());
		final int[] r = p.receiverColumns();
		assertEquals(196, r.length);
		for (int i = 0; i < r.length; i++) assertEquals(2 + i, r[i]);
		assertEquals(20, p.acquisition().sourceZ()[0], 1e-12);
		assertEquals(1970, p.acquisition().receiverZ()[0], 1e-12);
		assertEquals(30, p.pml());
		assertEquals(200, p.pmlDamping());
		assertEquals(0.055, p.noise());
		assertEquals(6, p.frequency());
		p.acquisition().validate(p.grid());
	}

	@Test
	void unknownPresetNamesTheChoices() {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PaperPreset.of("paper-100"));
		assertEquals(true, e.getMessage().contains("paper-64"));
	}
}
