package org.memfwi.arch;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The numerical core must not depend on ImageJ, SciJava or AWT: it is what scripts and the CLI call directly. */
class LayeringTest {

	private static final Pattern FORBIDDEN = Pattern.compile(
		"^\\s*import\\s+(static\\s+)?(ij\\.|org\\.scijava\\.|java\\.awt\\.|javax\\.swing\\.|org\\.memfwi\\.(fiji|cli)\\.)",
		Pattern.MULTILINE);
	private static final Pattern QUALIFIED = Pattern.compile("[^\\w.](ij\\.[A-Z]\\w*|org\\.scijava\\.\\w+|java\\.awt\\.\\w+)");

	@Test
	void coreImportsNoImageJSciJavaOrAwt() throws IOException {
		final Path core = Paths.get("src/main/java/org/memfwi/core");
		assertTrue(Files.isDirectory(core), "run from the project folder: " + core.toAbsolutePath());
		final List<String> violations = new ArrayList<>();
		try (Stream<Path> files = Files.walk(core)) {
			for (final Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
				final String text = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
				final Matcher m = FORBIDDEN.matcher(text);
				while (m.find()) violations.add(f + ": " + m.group().trim());
				final Matcher q = QUALIFIED.matcher(text);
				while (q.find()) violations.add(f + ": qualified use of " + q.group(1));
			}
		}
		assertTrue(violations.isEmpty(), "core depends on a front end:\n" + String.join("\n", violations));
	}
}
