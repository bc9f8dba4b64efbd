package org.memfwi.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.scijava.Context;
import org.scijava.convert.ConvertService;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;

/** A headless SciJava run can name an image input by its file path. */
class ImagePathConverterTest {

	@Test
	void convertsAnExistingImagePath(@TempDir final Path dir) {
		final ImagePlus imp = IJ.createImage("m", "32-bit ramp", 12, 9, 1);
		final String path = dir.resolve("m.tif").toString();
		new FileSaver(imp).saveAsTiff(path);
		try (Context ctx = new Context(ConvertService.class)) {
			final ConvertService cs = ctx.service(ConvertService.class);
			assertTrue(cs.supports(path, ImagePlus.class));
			final ImagePlus back = cs.convert(path, ImagePlus.class);
			assertEquals(12, back.getWidth());
			assertEquals(9, back.getHeight());
			assertTrue(cs.getHandler(path, ImagePlus.class) instanceof ImagePathConverter, "another converter won");
		}
	}
}
