package org.memfwi.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Deque;
import java.util.List;

/**
 * Standard output and standard error of the JVM redirected into memory while one test (or one test class) runs,
 * line by line, with the lines a test declared as expected marked. Captures nest (a test inside its class); they
 * must end in the reverse order they began, which holds when tests of a JVM run one at a time.
 */
final class Capture {

	/** Active captures, innermost first. */
	private static final Deque<Capture> ACTIVE = new ArrayDeque<>();
	/** The streams in place before the outermost capture began (surefire's, under Maven). */
	private static PrintStream realOut, realErr;

	private final String owner;
	private final PrintStream previousOut, previousErr;
	final Lines out = new Lines("System.out"), err = new Lines("System.err");

	private Capture(final String owner) {
		this.owner = owner;
		previousOut = System.out;
		previousErr = System.err;
	}

	/** Starts capturing System.out and System.err for {@code owner} (a test's display name, for messages). */
	static Capture start(final String owner) {
		synchronized (ACTIVE) {
			final Capture c = new Capture(owner);
			if (ACTIVE.isEmpty()) {
				realOut = System.out;
				realErr = System.err;
			}
			System.setOut(c.out.stream);
			System.setErr(c.err.stream);
			ACTIVE.push(c);
			return c;
		}
	}

	/** Restores the streams that were in place before {@link #start}. */
	void stop() {
		synchronized (ACTIVE) {
			if (ACTIVE.peek() != this) throw new IllegalStateException("the capture of " + owner + " ends while " +
				(ACTIVE.isEmpty() ? "none" : "that of " + ACTIVE.peek().owner) + " is innermost: tests ran concurrently, " +
				"but QuietTests needs one test at a time per JVM (leave junit.jupiter.execution.parallel off)");
			ACTIVE.pop();
			System.out.flush();
			System.err.flush();
			System.setOut(previousOut);
			System.setErr(previousErr);
		}
	}

	/** Every line nobody expected, as "System.out: text", out first; empty for a quiet run. */
	List<String> unexpected() {
		final List<String> l = new ArrayList<>();
		for (final String s : out.unclaimed()) l.add(out.name + ": " + s);
		for (final String s : err.unclaimed()) l.add(err.name + ": " + s);
		return l;
	}

	/**
	 * Passes everything captured on to the streams outside every capture, out then err: when a test fails, its output
	 * belongs in the report next to the failure.
	 */
	void replay() {
		synchronized (ACTIVE) {
			final PrintStream o = ACTIVE.isEmpty() ? System.out : realOut, e = ACTIVE.isEmpty() ? System.err : realErr;
			for (final String s : out.lines()) o.println(s);
			for (final String s : err.lines()) e.println(s);
		}
	}

	/** One captured stream: the text so far, split into lines, and which lines were declared expected. */
	static final class Lines {
		final String name;
		private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		final PrintStream stream;
		private final BitSet claimed = new BitSet();

		Lines(final String name) {
			this.name = name;
			try {
				stream = new PrintStream(bytes, true, StandardCharsets.UTF_8.name());
			}
			catch (final UnsupportedEncodingException e) {
				throw new AssertionError(e);
			}
		}

		/** The lines printed so far (a last line without its newline included); blank lines are dropped. */
		synchronized List<String> lines() {
			stream.flush();
			final String text = new String(bytes.toByteArray(), StandardCharsets.UTF_8);
			final List<String> l = new ArrayList<>();
			for (final String s : Arrays.asList(text.split("\r?\n"))) if (!s.trim().isEmpty()) l.add(s);
			return l;
		}

		/** Claims the first unclaimed line containing {@code fragment}; returns it, or null if there is none. */
		synchronized String claimFirst(final String fragment) {
			final List<String> l = lines();
			for (int i = 0; i < l.size(); i++)
				if (!claimed.get(i) && l.get(i).contains(fragment)) {
					claimed.set(i);
					return l.get(i);
				}
			return null;
		}

		/** Claims every unclaimed line containing {@code fragment}; returns them. */
		synchronized List<String> claimAll(final String fragment) {
			final List<String> l = lines(), got = new ArrayList<>();
			for (int i = 0; i < l.size(); i++)
				if (!claimed.get(i) && l.get(i).contains(fragment)) {
					claimed.set(i);
					got.add(l.get(i));
				}
			return got;
		}

		synchronized List<String> unclaimed() {
			final List<String> l = lines(), u = new ArrayList<>();
			for (int i = 0; i < l.size(); i++) if (!claimed.get(i)) u.add(l.get(i));
			return u;
		}
	}
}
