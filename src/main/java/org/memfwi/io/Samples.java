package org.memfwi.io;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;

import ij.IJ;
import ij.ImagePlus;

/**
 * The sample images bundled in the plugin jar, with their calibration and properties. A name is the file name in
 * {@code sample-images/} of the source tree, which the build copies to {@code /samples/} in the jar.
 */
public final class Samples {

	private Samples() {}

	/**
	 * Reads a bundled sample.
	 *
	 * @param name file name, e.g. "training-curvedfault-32.tif"
	 * @throws IllegalArgumentException if there is no such sample
	 */
	public static ImagePlus open(final String name) throws IOException {
		final String resource = "/samples/" + name;
		try (InputStream in = Samples.class.getResourceAsStream(resource)) {
			if (in == null) throw new IllegalArgumentException("no bundled sample '" + name + "' in the MemFWI jar");
			// A stack is read most robustly from a file (FIJI.md §5): copy to a temporary file first.
			final File tmp = File.createTempFile("memfwi-sample-", ".tif");
			try {
				Files.copy(in, tmp.toPath(), StandardCopyOption.REPLACE_EXISTING);
				final ImagePlus imp = IJ.openImage(tmp.getPath());
				if (imp == null) throw new IOException("could not read the bundled sample " + name);
				imp.setTitle(name);
				return imp;
			}
			finally {
				Files.deleteIfExists(tmp.toPath());
			}
		}
	}
}
