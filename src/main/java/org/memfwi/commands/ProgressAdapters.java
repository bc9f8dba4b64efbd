package org.memfwi.commands;

import org.memfwi.core.progress.Progress;

import org.scijava.Cancelable;
import org.scijava.app.StatusService;
import org.scijava.log.LogService;

import ij.IJ;

/** Progress of a command run by SciJava (Fiji): its StatusService, its log, and cancel by the command or by Esc. */
public final class ProgressAdapters {

	private ProgressAdapters() {}

	/**
	 * SciJava (Fiji): progress and status through the StatusService; cancel when the command is canceled or Esc is
	 * pressed in ImageJ.
	 */
	public static Progress scijava(final StatusService status, final LogService log, final Cancelable command) {
		final boolean ij1 = hasImageJ1();
		if (ij1) IJ.resetEscape();
		return new Progress() {
			private volatile int last = -1;
			@Override public void fraction(final double done) {
				final int v = (int) Math.round(1000 * Math.max(0, Math.min(1, done)));
				if (v == last) return;
				last = v;
				if (status != null) status.showProgress(v, 1000);
			}
			@Override public void status(final String message) { if (status != null) status.showStatus(message); }
			@Override public void warn(final String message) {
				if (log != null) log.warn("MemFWI: " + message);
				else System.err.println("warning: " + message);
			}
			@Override public boolean isCanceled() {
				return command.isCanceled() || (ij1 && IJ.escapePressed());
			}
		};
	}

	private static boolean hasImageJ1() {
		try {
			Class.forName("ij.IJ");
			return true;
		}
		catch (final ClassNotFoundException e) {
			return false;
		}
	}
}
