package org.memfwi.fiji;

import java.io.IOException;

import org.memfwi.io.Display;
import org.memfwi.io.Samples;

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
			Display.dress(imp, "slice");
			imp.show();
			Launcher.zoom(imp);
		}
		catch (final IOException | IllegalArgumentException e) {
			Launcher.fail("MemFWI: Open Sample", e.getMessage());
		}
	}

	/** Reads a bundled sample (see {@link Samples#open}). */
	public static ImagePlus open(final String name) throws IOException {
		return Samples.open(name);
	}
}
