package org.memfwi.io.hdf5;

import java.util.ServiceLoader;

import org.slf4j.spi.SLF4JServiceProvider;

/**
 * jhdf logs through SLF4J. Without a logging provider on the class path (the command-line jar) SLF4J prints three
 * warning lines on first use; this selects SLF4J's own no-op provider then. In Fiji, whose provider is found, nothing
 * changes.
 */
final class QuietLogging {

	private QuietLogging() {}

	static void ensure() {
		if (System.getProperty("slf4j.provider") == null &&
			!ServiceLoader.load(SLF4JServiceProvider.class, QuietLogging.class.getClassLoader()).iterator().hasNext())
		{
			System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
			if (System.getProperty("slf4j.internal.verbosity") == null) System.setProperty("slf4j.internal.verbosity", "WARN");
		}
	}
}
