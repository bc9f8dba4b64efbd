package org.memfwi.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;

class OptionsTest {

	@Test
	void parsesMacroOptionsLikeImageJ() {
		final Map<String, String> m = Options.parseMacro("n=5 Family=flat out=[/tmp/my dir] freesurface seed=-3 ");
		assertEquals("5", m.get("n"));
		assertEquals("flat", m.get("family"));
		assertEquals("/tmp/my dir", m.get("out"));
		assertEquals("true", m.get("freesurface"));
		assertEquals("-3", m.get("seed"));
		assertEquals(5, m.size());
	}

	@Test
	void rejectsUnclosedBracketsAndRepeatedArguments() {
		assertThrows(IllegalArgumentException.class, () -> Options.parseMacro("out=[/tmp/x n=3"));
		assertThrows(IllegalArgumentException.class, () -> Options.parseArgs(new String[] { "n=1", "N=2" }, 0));
	}
}
