package org.memfwi.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.scijava.Context;
import org.scijava.log.LogService;

/** The quiet test base itself: what it captures, what it lets pass, and what it fails. */
class QuietTestsTest {

	@Test
	void expectedLinesAreClaimedAndTheTestStaysGreen(final CapturedOutput output) throws InterruptedException {
		System.out.println("figure 1");
		System.err.println("[ERROR] MemFWI X: n must be at least 1");
		final Thread worker = new Thread(() -> System.err.println("[WARNING] MemFWI: from a worker thread"));
		worker.start();
		worker.join();
		assertEquals("[ERROR] MemFWI X: n must be at least 1", output.expectErr("n must be at least 1"));
		assertEquals("figure 1", output.expectOut("figure"));
		assertEquals(1, output.expectErrLines("[WARNING] MemFWI:").size());
		assertEquals(2, output.err().size(), "claimed lines stay visible");
	}

	@Test
	void aStrayLineFailsWithTheLineNamed() {
		final Capture c = Capture.start("inner");
		System.out.println("stray figure");
		System.err.println("[ERROR] expected");
		System.err.println("[ERROR] expected");
		c.stop();
		assertEquals("[ERROR] expected", c.err.claimFirst("expected"));
		final String v = QuietTests.verdict("T.t()", c.unexpected());
		assertTrue(v.startsWith("T.t() printed 2 line(s) it did not expect:\n  System.out: stray figure\n" +
			"  System.err: [ERROR] expected\n"), v);
		assertNull(QuietTests.verdict("T.t()", Collections.emptyList()));
	}

	@Test
	void aMissingExpectedLineFailsAndListsWhatWasPrinted(final CapturedOutput output) {
		System.err.println("[ERROR] something else");
		final AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> output.expectErr("must be positive"));
		assertTrue(e.getMessage().contains("containing\n  must be positive\nbut its unclaimed lines are:\n  [ERROR] something else"),
			e.getMessage());
		output.expectErr("something else");
		assertThrows(AssertionFailedError.class, () -> output.expectErr("something else"), "a line is claimed once");
	}

	@Test
	void sciJavaLogErrorsAreCaptured(final CapturedOutput output) {
		final Context context = new Context(LogService.class);
		try {
			context.service(LogService.class).error("MemFWI FooCommand: bad input");
			context.service(LogService.class).warn("MemFWI: a warning");
		}
		finally {
			context.dispose();
		}
		output.expectErr("[ERROR] MemFWI FooCommand: bad input");
		output.expectErr("[WARNING] MemFWI: a warning");
	}

	@Test
	void randomIsSeededTheSameForEveryTest(final Random random) {
		assertEquals(new Random(QuietTests.SEED).nextLong(), random.nextLong());
	}

	@Test
	void progressIsRecorded(final RecordingProgress progress) {
		progress.range(0.5, 1).fraction(0.5);
		progress.quiet().warn("few cells per wavelength");
		progress.quiet().status("hidden");
		assertEquals(Arrays.asList(0.75), progress.fractions());
		assertEquals(Arrays.asList("few cells per wavelength"), progress.warnings());
		assertEquals(Collections.emptyList(), progress.statuses());
		progress.cancel();
		assertTrue(progress.isCanceled());
	}

	@Test
	void figuresAreCollectedForTheClassFile(final Figures figures) {
		final List<String> sink = new ArrayList<>();
		new Figures("t", sink, v -> {}).report("error 1e-3");
		assertEquals(Arrays.asList("t: error 1e-3"), sink);
		figures.report("the figure sink works in a real test too");
	}
}
