package org.memfwi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.io.Opener;

class MainTest {

	/** Exit code, standard output and standard error of one command line. */
	static final class Run {
		final int code;
		final String out, err;

		Run(final String... args) {
			final ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
			code = Main.run(args, new PrintStream(o, true), new PrintStream(e, true));
			out = new String(o.toByteArray(), StandardCharsets.UTF_8);
			err = new String(e.toByteArray(), StandardCharsets.UTF_8);
		}
	}

	@Test
	void helpListsCommandsAndParametersWithDefaults() {
		final Run top = new Run("--help");
		assertEquals(0, top.code);
		assertTrue(top.out.contains("generate-models"));
		final Run cmd = new Run("generate-models", "--help");
		assertEquals(0, cmd.code);
		for (final String key : new String[] { "family", "n ", "seed", "nx", "nz", "dx", "vmin", "vmax", "out" })
			assertTrue(cmd.out.contains("\n  " + key), "help lacks " + key + ":\n" + cmd.out);
		assertTrue(cmd.out.contains("Minimum velocity (m/s) [1500]"), cmd.out);
	}

	@Test
	void generatesWithOnlyCountSeedAndOutput(@TempDir final Path dir) {
		final Run r = new Run("generate-models", "n=5", "seed=1", "out=" + dir, "--quiet");
		assertEquals(0, r.code, r.err);
		assertEquals("", r.err);
		final ImagePlus imp = new Opener().openTiff(dir + File.separator, "models.tif");
		assertEquals(5, imp.getStackSize());
		assertEquals(70, imp.getWidth());
		assertEquals("m", imp.getCalibration().getUnit());
	}

	@Test
	void sameSeedGivesByteIdenticalFilesForAnyThreadCount(@TempDir final Path dir) throws Exception {
		assertEquals(0, new Run("generate-models", "family=grf", "n=6", "seed=9", "threads=1", "out=" + dir.resolve("a"), "--quiet").code);
		assertEquals(0, new Run("generate-models", "family=grf", "n=6", "seed=9", "threads=2", "out=" + dir.resolve("b"), "--quiet").code);
		assertTrue(Arrays.equals(Files.readAllBytes(dir.resolve("a/models.tif")), Files.readAllBytes(dir.resolve("b/models.tif"))));
	}

	@Test
	void badInputGivesOneLineAndWritesNothing(@TempDir final Path dir) throws Exception {
		final File file = Files.createFile(dir.resolve("a-file")).toFile();
		final String[][] bad = {
			{ "n=0", "n = 0 is too small" },
			{ "nx=7", "nx = 7 is too small" },
			{ "nz=5", "nz = 5 is too small" },
			{ "vmin=4500", "vmin (4500.0 m/s) must be less than vmax (4500.0 m/s)" },
			{ "family=salt", "family 'salt' is unknown; use one of: flat, curved, flatfault, curvedfault, grf" },
			{ "colour=red", "unknown parameter 'colour' for generate-models" },
			{ "n=many", "n must be a whole number" } };
		for (final String[] b : bad) {
			final File out = dir.resolve("out-" + b[0].replace('=', '_')).toFile();
			final Run r = new Run("generate-models", b[0], "out=" + out);
			assertEquals(1, r.code, b[0]);
			assertEquals(1, r.err.trim().split("\n").length, "one line: " + r.err);
			assertTrue(r.err.startsWith("error: ") && r.err.contains(b[1]), b[0] + " -> " + r.err);
			assertFalse(out.exists(), "nothing written for " + b[0]);
		}
		final Run unwritable = new Run("generate-models", "out=" + new File(file, "sub"));
		assertEquals(1, unwritable.code);
		assertTrue(unwritable.err.contains("is a file, not a folder"), unwritable.err);
		// A folder nobody can write to, root included (permissions do not stop root): refused before any work.
		final File sys = new File("/sys/kernel");
		if (sys.isDirectory()) {
			final Run denied = new Run("generate-models", "out=" + sys);
			assertEquals(1, denied.code);
			// root gets past the permission bits and is stopped by the write probe; anyone else by the permissions
			assertTrue((denied.err.startsWith("error: out: cannot write to folder /sys/kernel") ||
				denied.err.startsWith("error: out: folder /sys/kernel is not writable")) && !denied.err.contains("memfwi-"), denied.err);
		}
		final Run unknown = new Run("invert-everything");
		assertEquals(2, unknown.code);
		assertTrue(unknown.err.contains("unknown command 'invert-everything'"), unknown.err);
	}
}
