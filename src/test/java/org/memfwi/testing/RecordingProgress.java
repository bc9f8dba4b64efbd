package org.memfwi.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.memfwi.core.progress.Progress;

/**
 * A progress sink that records what a computation reports (fractions, status lines, warnings) instead of showing
 * it, so a test can assert on it; thread-safe like every {@link Progress}. Cancels once {@link #cancel} was called.
 */
public final class RecordingProgress implements Progress {

	private final List<Double> fractions = new ArrayList<>();
	private final List<String> statuses = new ArrayList<>(), warnings = new ArrayList<>();
	private volatile boolean canceled;

	@Override public synchronized void fraction(final double done) { fractions.add(done); }

	@Override public synchronized void status(final String message) { statuses.add(message); }

	@Override public synchronized void warn(final String message) { warnings.add(message); }

	@Override public boolean isCanceled() { return canceled; }

	/** Asks the computation to stop at its next check. */
	public void cancel() { canceled = true; }

	/** The fractions reported so far, in order. */
	public synchronized List<Double> fractions() { return Collections.unmodifiableList(new ArrayList<>(fractions)); }

	/** The status lines reported so far, in order. */
	public synchronized List<String> statuses() { return Collections.unmodifiableList(new ArrayList<>(statuses)); }

	/** The warnings reported so far, in order. */
	public synchronized List<String> warnings() { return Collections.unmodifiableList(new ArrayList<>(warnings)); }
}
