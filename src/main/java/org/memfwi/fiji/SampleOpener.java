package org.memfwi.fiji;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;

import ij.IJ;
import ij.ImagePlus;
import ij.plugin.PlugIn;

/**
 * Opens one of the sample images bundled in the plugin jar (Plugins › MemFWI › Open Sample ›), with its
 * calibration and properties. The argument is the file name in {@code sample-images/} of the source tree, which the
 * build copies to {@code /samples/} in the jar. Works offline, unlike ImageJ's own samples.
 */
public class SampleOpener implements PlugIn {

	@Override
	public void run(final String arg) {
		try {
			final ImagePlus imp = open(arg);
			imp.show();
		}
		catch (final IOException | IllegalArgumentException e) {
			Launcher.fail("MemFWI: Open Sample", e.getMessage());
		}
	}

	/**
	 * Reads a bundled sample.
	 *
	 * @param name file name, e.g. "training-curvedfault-32.tif"
	 * @throws IllegalArgumentException if there is no such sample
	 */
	public static ImagePlus open(final String name) throws IOException {
		final String resource = "/samples/" + name;
		try (InputStream in = SampleOpener.class.getResourceAsStream(resource)) {
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
