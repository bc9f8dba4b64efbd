package org.memfwi.fiji;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Runs a macro in a real, plain ImageJ 1 (Debian's ImageJ) under Xvfb, with the built plugin jar and its
 * dependencies in the plugins folder, as a user who installs MemFWI into ImageJ would have them.
 * <p>
 * Needs {@code xvfb-run} and ImageJ's {@code ij.jar} (apt-get install imagej xvfb; .ci/run installs them). Without
 * them the integration tests fail, saying what to install.
 */
final class ImageJ1 {

	/** What one ImageJ run printed and how it ended. */
	static final class Outcome {
		final int exitCode;
		final String output;

		Outcome(final int exitCode, final String output) {
			this.exitCode = exitCode;
			this.output = output;
		}
	}

	private final Path root;

	/** Sets up an ImageJ folder (plugins/, plugins/jars/) under {@code dir}. */
	ImageJ1(final Path dir) throws IOException {
		root = dir.resolve("imagej");
		final Path plugins = Files.createDirectories(root.resolve("plugins"));
		final Path jars = Files.createDirectories(plugins.resolve("jars"));
		final File pluginJar = new File(property("memfwi.pluginJar"));
		assertTrue(pluginJar.isFile(), "plugin jar " + pluginJar + " missing: run 'mvn verify', which packages it first");
		assertTrue(pluginJar.getName().contains("_"), "ImageJ 1 ignores plugin jars without '_' in the name");
		Files.copy(pluginJar.toPath(), plugins.resolve(pluginJar.getName()), StandardCopyOption.REPLACE_EXISTING);
		final File[] deps = new File(property("memfwi.dependencyDir")).listFiles((d, n) -> n.endsWith(".jar"));
		assertTrue(deps != null && deps.length > 0, "no dependency jars in " + property("memfwi.dependencyDir"));
		for (final File d : deps) Files.copy(d.toPath(), jars.resolve(d.getName()), StandardCopyOption.REPLACE_EXISTING);
	}

	private static String property(final String key) {
		final String v = System.getProperty(key);
		if (v == null) fail("system property " + key + " is not set; run the integration tests through 'mvn verify'");
		return v;
	}

	/** Runs the macro with ImageJ's -batch option under Xvfb and returns what it printed. */
	Outcome runMacro(final String macro) throws IOException, InterruptedException {
		final String ijJar = property("memfwi.ijJar");
		if (!new File(ijJar).isFile() || !onPath("xvfb-run"))
			fail("ImageJ 1 (" + ijJar + ") or xvfb-run is missing: apt-get install imagej xvfb (see .ci/run)");
		final Path file = Files.createTempFile(root, "test-", ".ijm");
		Files.write(file, macro.getBytes(StandardCharsets.UTF_8));
		final Path log = root.resolve(file.getFileName() + ".out");
		final ProcessBuilder pb = new ProcessBuilder(Arrays.asList("xvfb-run", "-a", "java", "-Xmx1g", "-jar", ijJar,
			"-ijpath", root.toString(), "-batch", file.toString()));
		pb.redirectErrorStream(true).redirectOutput(log.toFile());
		final Process p = pb.start();
		if (!p.waitFor(180, TimeUnit.SECONDS)) {
			p.descendants().forEach(ProcessHandle::destroyForcibly);
			p.destroyForcibly();
			fail("ImageJ did not finish within 180 s (a dialog waiting for input?); it printed:\n" + read(log));
		}
		return new Outcome(p.exitValue(), read(log));
	}

	private static String read(final Path p) throws IOException {
		return Files.exists(p) ? new String(Files.readAllBytes(p), StandardCharsets.UTF_8) : "";
	}

	private static boolean onPath(final String exe) {
		for (final String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
			if (new File(dir, exe).canExecute()) return true;
		return false;
	}

	/** A path as a macro string literal. */
	static String quote(final Path p) {
		return "\"" + p.toAbsolutePath().toString().replace("\\", "\\\\") + "\"";
	}
}
