package org.memfwi.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;

/**
 * What the running test printed to System.out and System.err (SciJava's log writes its errors and warnings to
 * System.err), for a test that expects output: declare a {@code CapturedOutput} parameter and claim each expected
 * line with {@link #expectErr} / {@link #expectOut}. {@link QuietTests} fails the test for every line left unclaimed.
 * <p>
 * For a SciJava command refused with bad input: {@code output.expectErr("[ERROR] MemFWI ForwardCommand: " + reason)}.
 */
public final class CapturedOutput {

	private final Capture capture;

	CapturedOutput(final Capture capture) {
		this.capture = capture;
	}

	/** Asserts that an unclaimed line of System.err contains {@code fragment}; claims and returns the first such line. */
	public String expectErr(final String fragment) {
		return expect(capture.err, fragment);
	}

	/** Asserts that an unclaimed line of System.out contains {@code fragment}; claims and returns the first such line. */
	public String expectOut(final String fragment) {
		return expect(capture.out, fragment);
	}

	/**
	 * Asserts that at least one unclaimed line of System.err contains {@code fragment} (a warning repeated once per
	 * model, say); claims and returns all of them.
	 */
	public List<String> expectErrLines(final String fragment) {
		final List<String> got = capture.err.claimAll(fragment);
		if (got.isEmpty()) fail(missing(capture.err, fragment));
		return got;
	}

	/** Every line printed to System.err so far, claimed or not. */
	public List<String> err() {
		return capture.err.lines();
	}

	/** Every line printed to System.out so far, claimed or not. */
	public List<String> out() {
		return capture.out.lines();
	}

	private static String expect(final Capture.Lines lines, final String fragment) {
		final String got = lines.claimFirst(fragment);
		if (got == null) fail(missing(lines, fragment));
		return got;
	}

	private static String missing(final Capture.Lines lines, final String fragment) {
		final List<String> u = lines.unclaimed();
		return "expected a line of " + lines.name + " containing\n  " + fragment + "\nbut its unclaimed lines are" +
			(u.isEmpty() ? " none" : ":\n  " + String.join("\n  ", u));
	}
}
