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
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** Every main package says in its package-info.java what it holds and what it may use. */
class PackageInfoTest {

	private static final Path MAIN = Paths.get("src/main/java");
	/** A Javadoc comment with at least one sentence, then the package declaration. */
	private static final Pattern DOCUMENTED = Pattern.compile("(?s)\\s*/\\*\\*.*?\\w.*?[.:].*?\\*/\\s*package\\s+([\\w.]+)\\s*;.*");

	@Test
	void everyMainPackageHasAPackageInfoWithJavadoc() throws IOException {
		assertTrue(Files.isDirectory(MAIN), "run from the project folder: " + MAIN.toAbsolutePath());
		final List<Path> packages;
		try (Stream<Path> dirs = Files.walk(MAIN)) {
			packages = dirs.filter(Files::isDirectory).filter(PackageInfoTest::holdsJava).sorted().collect(Collectors.toList());
		}
		assertTrue(packages.size() >= 15, "found only " + packages);
		final List<String> problems = new ArrayList<>();
		for (final Path dir : packages) {
			final String pkg = MAIN.relativize(dir).toString().replace('\\', '/').replace('/', '.');
			final Path info = dir.resolve("package-info.java");
			if (!Files.isRegularFile(info)) {
				problems.add(pkg + ": no package-info.java (say in one or two sentences what the package holds and " +
					"which packages it may use)");
				continue;
			}
			final Matcher m = DOCUMENTED.matcher(new String(Files.readAllBytes(info), StandardCharsets.UTF_8));
			if (!m.matches()) problems.add(pkg + ": package-info.java has no Javadoc sentence before its package line");
			else if (!m.group(1).equals(pkg)) problems.add(pkg + ": package-info.java declares package " + m.group(1));
		}
		assertTrue(problems.isEmpty(), String.join("\n", problems));
	}

	private static boolean holdsJava(final Path dir) {
		try (Stream<Path> files = Files.list(dir)) {
			return files.anyMatch(f -> f.toString().endsWith(".java") && !f.getFileName().toString().equals("package-info.java"));
		}
		catch (final IOException e) {
			throw new IllegalStateException(e);
		}
	}
}
