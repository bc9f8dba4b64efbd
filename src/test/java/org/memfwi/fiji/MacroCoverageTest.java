package org.memfwi.fiji;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.memfwi.commands.CommandSpec;
import org.memfwi.commands.Commands;

import org.junit.jupiter.api.Test;

/** Every command (and every Open Sample entry) is exercised by at least one macro in a real ImageJ 1. */
class MacroCoverageTest {

	@Test
	void everyMenuCommandHasAMacroIntegrationTest() throws IOException {
		final StringBuilder its = new StringBuilder();
		try (Stream<Path> files = Files.walk(Paths.get("src/test/java"))) {
			for (final Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith("IT.java"))::iterator)
				its.append(new String(Files.readAllBytes(f), StandardCharsets.UTF_8));
		}
		final List<String> missing = new ArrayList<>();
		for (final CommandSpec c : Commands.all())
			if (its.indexOf("run(\\\"" + c.macroName() + "\\\"") < 0 && its.indexOf("\"" + c.macroName() + "\"") < 0) missing.add(c.macroName());
		assertTrue(missing.isEmpty(), "no macro IT runs: " + missing);
	}
}
