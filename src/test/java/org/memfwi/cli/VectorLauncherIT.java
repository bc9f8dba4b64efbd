package org.memfwi.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;

/**
 * {@code java -jar memfwi.jar} as a user starts it: the jar re-launches itself with the Vector API module and with
 * the API's per-load bounds checks off (the kernel checks each loop's range on entry), says so once, and writes the
 * same bytes as a run that keeps the checks ({@code -Dmemfwi.vector.checks=true}) and as the pure-Java kernel within
 * float rounding ({@code -Dmemfwi.vector=false}: no re-launch, the pure-Java kernel, data of the same size).
 */
class VectorLauncherIT {

	private static final Path JAR = Paths.get("target/memfwi.jar").toAbsolutePath();

	private static String run(final Path dir, final String name, final String... jvm) throws Exception {
		final List<String> cmd = new ArrayList<>(Arrays.asList("java"));
		cmd.addAll(Arrays.asList(jvm));
		cmd.addAll(Arrays.asList("-jar", JAR.toString(), "forward", "model=" + Paths.get("sample-images/true-model.tif").toAbsolutePath(),
			"sources=2", "nt=300", "out=" + dir.resolve(name)));
		final Path log = dir.resolve(name + ".log");
		final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		final int code = p.waitFor();
		final String out = new String(Files.readAllBytes(log));
		assertEquals(0, code, out);
		return out;
	}

	@Test
	void theJarRunsTheVectorKernelWithoutPerLoadChecksAndTheSameResult(@TempDir final Path dir) throws Exception {
		final String fast = run(dir, "fast");
		assertTrue(fast.contains("time-domain kernel: vector (") && fast.contains("per-load bounds checks off"), fast);
		assertFalse(fast.contains("WARNING: Using incubator modules"), fast);
		final String checked = run(dir, "checked", "-Dmemfwi.vector.checks=true");
		assertTrue(checked.contains("time-domain kernel: vector (") && !checked.contains("checks off"), checked);
		final String java = run(dir, "java", "-Dmemfwi.vector=false");
		assertFalse(java.contains("time-domain kernel: vector"), java);
		final byte[] a = Files.readAllBytes(dir.resolve("fast/data.tif"));
		assertArrayEquals(a, Files.readAllBytes(dir.resolve("checked/data.tif")), "the bounds checks changed the data");
		final ImagePlus v = IJ.openImage(dir.resolve("fast/data.tif").toString()), j = IJ.openImage(dir.resolve("java/data.tif").toString());
		assertEquals(v.getStackSize(), j.getStackSize());
		double peak = 0, diff = 0;
		for (int s = 1; s <= v.getStackSize(); s++) {
			final float[] x = (float[]) v.getStack().getPixels(s), y = (float[]) j.getStack().getPixels(s);
			assertEquals(x.length, y.length);
			for (int i = 0; i < x.length; i++) {
				peak = Math.max(peak, Math.abs(x[i]));
				diff = Math.max(diff, Math.abs(x[i] - y[i]));
			}
		}
		assertTrue(peak > 0 && diff <= 2e-5 * peak, "vector vs pure Java: " + diff / peak + " of the peak");
	}
}
