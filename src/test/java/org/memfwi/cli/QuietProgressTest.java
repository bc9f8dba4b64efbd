package org.memfwi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.memfwi.core.progress.Progress;

/** --quiet prints nothing on short runs and one line a minute on long ones. */
class QuietProgressTest {

	@Test
	void oneLineAMinute() {
		final long[] now = { 0 };
		final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		final PrintStream out = new PrintStream(bytes, true);
		final Progress p = ConsoleProgress.create(true, out, out, () -> now[0]);
		p.status("FWI band 1");
		for (int i = 1; i <= 300; i++) { // 300 updates over 5 minutes
			now[0] = i * 1_000_000_000L;
			p.fraction(i / 300.0);
		}
		final String text = new String(bytes.toByteArray(), StandardCharsets.UTF_8);
		assertEquals(5, text.split("\n").length, text);
		assertTrue(text.startsWith("  20% after 1 min: FWI band 1\n"), text);

		final ByteArrayOutputStream quick = new ByteArrayOutputStream();
		final PrintStream q = new PrintStream(quick, true);
		final Progress short1 = ConsoleProgress.create(true, q, q, () -> 5_000_000_000L);
		short1.fraction(0.5);
		short1.status("done");
		assertEquals(0, quick.size());
	}
}
