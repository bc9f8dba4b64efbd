package org.memfwi.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import ij.ImagePlus;

/** How images are dressed for display: by kind, symmetric seismic range, labels, readable zoom. */
class DisplayTest {

	@Test
	void samplesGetTheirDisplayByKind() throws Exception {
		final ImagePlus training = Samples.open("training-models.tif");
		assertEquals(Display.Role.VELOCITY, Display.role(training));
		Display.dress(training, "model");
		assertEquals(Plots.viridisLut().getRGB(200), training.getProcessor().getLut().getRGB(200), "viridis on velocities");
		for (int s = 1; s <= training.getStackSize(); s++) assertTrue(training.getStack().getSliceLabel(s) != null);

		final ImagePlus gathers = Samples.open("shot-gathers.tif");
		assertEquals(Display.Role.GATHERS, Display.role(gathers));
		Display.dress(gathers, "shot");
		assertEquals(-gathers.getDisplayRangeMin(), gathers.getDisplayRangeMax(), 1e-9 * gathers.getDisplayRangeMax(), "symmetric");
		// zero amplitude is white, negative blue, positive red
		assertEquals(0xffffff, Display.seismicLut().getRGB(128) & 0xffffff, 0x010101 * 2);
		final int neg = Display.seismicLut().getRGB(0), pos = Display.seismicLut().getRGB(255);
		assertTrue((neg & 0xff) > (neg >> 16 & 0xff) && (pos >> 16 & 0xff) > (pos & 0xff));

		assertEquals(Display.Role.HELMHOLTZ, Display.role(Samples.open("observed-data-helmholtz.tif")));
	}

	@Test
	void smallImagesOpenZoomedIn() {
		assertEquals(8, Display.zoom(48, 48), 0); // 384 px
		assertEquals(12, Display.zoom(40, 5), 0); // 480 x 60: the sources axis readable too
		assertEquals(1, Display.zoom(700, 500), 0);
		assertEquals(1, Display.zoom(48, 600), 0, "tall shot gathers are readable as they are");
		assertTrue(Display.zoom(12, 10) * 12 >= Display.READABLE_SIDE);
	}

	@Test
	void logAxesGetPlainNumbersAndAMargin() {
		assertEquals(Arrays.asList(0.01, 0.1, 1.0), Plots.logTicks(0.008, 1.3));
		assertEquals(Arrays.asList(1.0, 2.0, 5.0, 10.0), Plots.logTicks(0.9, 12));
		final double[] m = Plots.margin(0.01, 1, true);
		assertTrue(m[0] < 0.01 && m[1] > 1, "curves at the ends stay off the frame");
	}
}
