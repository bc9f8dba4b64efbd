package org.memfwi.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.memfwi.core.fwi.Regularization;
import org.memfwi.core.fwi.StagedFwi;
import org.memfwi.core.grid.Grid2D;

/** The fwi keys for the remedies become the driver's settings; bad combinations are named. */
class FwiInputsTest {

	private static final Grid2D GRID = new Grid2D(10, 8, 10);

	@Test
	void keysBecomeDriverSettings() {
		final FwiInputs in = new FwiInputs();
		StagedFwi.Settings s = in.fwiSettings(0.1, GRID);
		assertTrue(s.precondition());
		assertEquals(Regularization.NONE, s.regularization());
		assertEquals(0, s.taperRadius(), 0);
		in.regularization = "tv";
		in.taper = 25;
		s = in.fwiSettings(0.1, GRID);
		assertEquals(Regularization.TV, s.regularization());
		assertTrue(Double.isNaN(s.weight()));
		assertEquals(0.1, s.noise(), 0);
		assertEquals(25, s.taperRadius(), 0);
		in.weight = "0.5";
		assertEquals(0.5, in.fwiSettings(0, GRID).weight(), 0);
		// The older smoothing key is a Tikhonov weight.
		final FwiInputs old = new FwiInputs();
		old.smoothing = 2;
		assertEquals(Regularization.TIKHONOV, old.fwiSettings(0, GRID).regularization());
		assertEquals(2, old.fwiSettings(0, GRID).weight(), 0);
	}

	@Test
	void badCombinationsAreNamed() {
		final FwiInputs in = new FwiInputs();
		in.regularization = "tikhonov";
		assertEquals("weight=auto (the discrepancy principle) needs the data's noise level, but their memfwi.noise is 0; give a number " +
			"for weight", assertThrows(IllegalArgumentException.class, () -> in.fwiSettings(0, GRID)).getMessage());
		in.weight = "strong";
		assertEquals("weight must be a number (the dimensionless regularization weight) or auto, got 'strong'",
			assertThrows(IllegalArgumentException.class, () -> in.fwiSettings(1, GRID)).getMessage());
		in.weight = "1";
		in.smoothing = 3;
		assertTrue(assertThrows(IllegalArgumentException.class, () -> in.fwiSettings(1, GRID)).getMessage()
			.startsWith("smoothing=3.0 and regularization=tikhonov both ask for a regularization"));
		in.smoothing = 0;
		in.regularization = "l2";
		assertEquals("regularization 'l2' is unknown; use none, tikhonov or tv",
			assertThrows(IllegalArgumentException.class, () -> in.fwiSettings(1, GRID)).getMessage());
	}
}
