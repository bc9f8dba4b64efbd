package org.memfwi.core.progress;

/**
 * Receives progress, status and warnings from long computations and tells them whether to stop. The core calls it
 * from its loops; adapters show it in ImageJ's status bar, in SciJava's StatusService or on the console.
 * Implementations must be thread-safe: workers may report concurrently.
 */
public interface Progress {

	/** A sink that shows nothing and never cancels. */
	Progress NONE = new Progress() {
		@Override public void fraction(final double done) {}
		@Override public void status(final String message) {}
		@Override public void warn(final String message) {}
		@Override public boolean isCanceled() { return false; }
	};

	/** Fraction of the whole job done, 0 to 1. */
	void fraction(double done);

	/** A short line describing what is being done. */
	void status(String message);

	/** Something the user should know about (e.g. too few cells per wavelength); the computation goes on. */
	void warn(String message);

	/** True once the user asked to stop. */
	boolean isCanceled();

	/** Throws {@link CanceledException} if the user asked to stop. */
	default void checkCanceled() {
		if (isCanceled()) throw new CanceledException();
	}

	/**
	 * A view of this sink that passes on warnings and cancel requests only: for an inner solver whose caller reports
	 * status and progress itself.
	 */
	default Progress quiet() {
		final Progress parent = this;
		return new Progress() {
			@Override public void fraction(final double done) {}
			@Override public void status(final String message) {}
			@Override public void warn(final String message) { parent.warn(message); }
			@Override public boolean isCanceled() { return parent.isCanceled(); }
		};
	}

	/**
	 * A view of this sink for a sub-task that covers [{@code from}, {@code to}] of the whole: the sub-task reports
	 * fractions 0..1 of its own work.
	 */
	default Progress range(final double from, final double to) {
		final Progress parent = this;
		return new Progress() {
			@Override public void fraction(final double done) {
				parent.fraction(from + (to - from) * Math.max(0, Math.min(1, done)));
			}
			@Override public void status(final String message) { parent.status(message); }
			@Override public void warn(final String message) { parent.warn(message); }
			@Override public boolean isCanceled() { return parent.isCanceled(); }
		};
	}
}
