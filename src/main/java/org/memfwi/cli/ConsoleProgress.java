package org.memfwi.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

import org.memfwi.core.progress.Progress;

/** Progress on the command line: status lines and every tenth of progress on standard output, warnings on standard error. */
public final class ConsoleProgress {

	private ConsoleProgress() {}

	/** Console: status lines and every tenth of progress on standard output, warnings on standard error. */
	public static Progress create(final boolean quiet) {
		return create(quiet, System.out, System.err);
	}

	/** Interval between the lines of a quiet run: one line a minute, so that a long run still shows it is alive. */
	public static final long QUIET_INTERVAL_NANOS = 60_000_000_000L;

	/** Console progress on the given streams (status and progress on {@code out}, warnings on {@code err}). */
	public static Progress create(final boolean quiet, final PrintStream out, final PrintStream err) {
		return create(quiet, out, err, System::nanoTime);
	}

	/**
	 * Console progress; quiet, it prints one line a minute (fraction done, the latest status, minutes elapsed) and
	 * nothing on runs shorter than a minute.
	 *
	 * @param clock nanoseconds, for tests
	 */
	static Progress create(final boolean quiet, final PrintStream out, final PrintStream err, final LongSupplier clock) {
		final long start = clock.getAsLong();
		return new Progress() {
			private int lastTenth = -1;
			private String lastStatus;
			private double done;
			private long lastLine = start;
			private void tick() {
				final long now = clock.getAsLong();
				if (now - lastLine < QUIET_INTERVAL_NANOS) return;
				lastLine = now;
				out.println(String.format(Locale.ROOT, "  %d%% after %d min%s", (int) Math.floor(100 * done),
					Math.round((now - start) / 6e10), lastStatus == null ? "" : ": " + lastStatus));
			}
			@Override public synchronized void fraction(final double f) {
				done = Math.max(0, Math.min(1, f));
				if (quiet) {
					tick();
					return;
				}
				final int t = (int) Math.floor(10 * done);
				if (t > lastTenth) {
					lastTenth = t;
					out.println("  " + 10 * t + "%");
				}
			}
			@Override public synchronized void status(final String message) {
				if (quiet) {
					lastStatus = message;
					tick();
					return;
				}
				if (message.equals(lastStatus)) return;
				lastStatus = message;
				out.println(message);
			}
			@Override public void warn(final String message) { err.println("warning: " + message); }
			@Override public boolean isCanceled() { return false; }
		};
	}

}
