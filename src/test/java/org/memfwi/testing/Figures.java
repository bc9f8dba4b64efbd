package org.memfwi.testing;

import java.util.List;

/**
 * Figures a test measures (an error against an analytic solution, a misfit reduction) that a reader of the build
 * wants to see even when the test passes. Declare a {@code Figures} parameter and {@link #report} them instead of
 * printing: {@link QuietTests} writes each test class's figures to {@code target/test-figures/<class>.txt} (one line
 * per figure, prefixed with the test's name) and publishes them as JUnit report entries.
 */
public final class Figures {

	private final String test;
	private final List<String> sink;
	private final Reporter reporter;

	interface Reporter {
		void publish(String value);
	}

	Figures(final String test, final List<String> sink, final Reporter reporter) {
		this.test = test;
		this.sink = sink;
		this.reporter = reporter;
	}

	/** Records one line, e.g. {@code "order 8: relative L2 error vs analytic Green's function 6.5e-4"}. */
	public void report(final String figure) {
		synchronized (sink) {
			sink.add(test + ": " + figure);
		}
		reporter.publish(figure);
	}
}
