package org.memfwi.fiji;

import org.memfwi.core.progress.Progress;
import org.scijava.Cancelable;
import org.scijava.app.StatusService;
import org.scijava.log.LogService;

import ij.IJ;

/** Progress sinks for the front ends: ImageJ 1's status bar, SciJava's StatusService, and the console. */
public final class ProgressAdapters {

	private ProgressAdapters() {}

	/** ImageJ 1: progress bar, status line, warnings to the Log window, Esc to cancel. */
	public static Progress imagej1() {
		IJ.resetEscape();
		return new Progress() {
			@Override public void fraction(final double done) { IJ.showProgress(done); }
			@Override public void status(final String message) { IJ.showStatus(message); }
			@Override public void warn(final String message) { IJ.log("MemFWI warning: " + message); }
			@Override public boolean isCanceled() { return IJ.escapePressed(); }
		};
	}

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

	/** Console: status lines and every tenth of progress on standard output, warnings on standard error. */
	public static Progress console(final boolean quiet) {
		return console(quiet, System.out, System.err);
	}

	/** Console progress on the given streams (status and progress on {@code out}, warnings on {@code err}). */
	public static Progress console(final boolean quiet, final java.io.PrintStream out, final java.io.PrintStream err) {
		return new Progress() {
			private int lastTenth = -1;
			private String lastStatus;
			@Override public synchronized void fraction(final double done) {
				if (quiet) return;
				final int t = (int) Math.floor(10 * Math.max(0, Math.min(1, done)));
				if (t > lastTenth) {
					lastTenth = t;
					out.println("  " + 10 * t + "%");
				}
			}
			@Override public synchronized void status(final String message) {
				if (quiet || message.equals(lastStatus)) return;
				lastStatus = message;
				out.println(message);
			}
			@Override public void warn(final String message) { err.println("warning: " + message); }
			@Override public boolean isCanceled() { return false; }
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
