package org.memfwi.cli;

import java.io.PrintStream;

import org.memfwi.core.progress.Progress;

/** Progress on the command line: status lines and every tenth of progress on standard output, warnings on standard error. */
public final class ConsoleProgress {

	private ConsoleProgress() {}

	/** Console: status lines and every tenth of progress on standard output, warnings on standard error. */
	public static Progress create(final boolean quiet) {
		return create(quiet, System.out, System.err);
	}

	/** Console progress on the given streams (status and progress on {@code out}, warnings on {@code err}). */
	public static Progress create(final boolean quiet, final PrintStream out, final PrintStream err) {
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

}
