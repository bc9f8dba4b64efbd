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

/**
 * Results and tests replay exactly: no unseeded randomness anywhere in main or test code (seed a {@code Random}, use
 * {@code core.util.Seeds}, or take the seeded {@code Random} parameter of {@code org.memfwi.testing.QuietTests}).
 */
class SeededRandomnessTest {

	private static final Pattern UNSEEDED = Pattern.compile(
		"new\\s+(Random|SplittableRandom|SecureRandom)\\s*\\(\\s*\\)|Math\\.random\\s*\\(|\\bThreadLocalRando[m]\\b");

	@Test
	void everyRandomSourceIsSeeded() throws IOException {
		final List<String> found = new ArrayList<>();
		for (final String root : new String[] { "src/main/java", "src/test/java" }) {
			final Path dir = Paths.get(root);
			assertTrue(Files.isDirectory(dir), "run from the project folder: " + dir.toAbsolutePath());
			try (Stream<Path> files = Files.walk(dir)) {
				for (final Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
					final List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
					for (int i = 0; i < lines.size(); i++) {
						final Matcher m = UNSEEDED.matcher(lines.get(i));
						if (m.find()) found.add(f + ":" + (i + 1) + ": " + m.group());
					}
				}
			}
		}
		assertTrue(found.isEmpty(), "unseeded randomness (give it a seed):\n  " + String.join("\n  ", found));
	}
}
