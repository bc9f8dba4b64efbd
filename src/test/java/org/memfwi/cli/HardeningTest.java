package org.memfwi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.stream.Stream;

import org.memfwi.commands.Results;
import org.memfwi.core.util.Table;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.measure.Calibration;
import ij.process.FloatProcessor;

/**
 * Bad input, one row of the hardening list each: the command line answers with exit code 1 and one line naming the
 * parameter on standard error, and writes nothing.
 */
class HardeningTest {

	private static final String SAMPLES = "sample-images/";

	@TempDir
	static Path dir;

	private static String model, training, helmholtz, gathers;

	@BeforeAll
	static void inputs() {
		model = Paths.get(SAMPLES + "true-model.tif").toAbsolutePath().toString();
		training = Paths.get(SAMPLES + "training-models.tif").toAbsolutePath().toString();
		helmholtz = Paths.get(SAMPLES + "observed-data-helmholtz.tif").toAbsolutePath().toString();
		gathers = Paths.get(SAMPLES + "shot-gathers.tif").toAbsolutePath().toString();
		assertTrue(new File(model).isFile(), "run from the project folder");
	}

	/** A 48 x 48 velocity model of 10 m cells with one bad value at (3, 4). */
	private static String modelWith(final String name, final float bad) {
		final FloatProcessor fp = new FloatProcessor(48, 48);
		fp.set(2000);
		fp.setf(3, 4, bad);
		return save(name, new ImagePlus(name, fp), 10);
	}

	private static String save(final String name, final ImagePlus imp, final double dx) {
		final Calibration c = imp.getCalibration();
		c.pixelWidth = c.pixelHeight = dx;
		c.setUnit("m");
		final String path = dir.resolve(name + ".tif").toString();
		if (imp.getStackSize() > 1) new FileSaver(imp).saveAsTiffStack(path);
		else new FileSaver(imp).saveAsTiff(path);
		return path;
	}

	/** Runs a command that must fail: exit 1, one line containing {@code expected}, no output folder. */
	private static void refused(final String expected, final String... args) {
		final Path out = dir.resolve("out-" + Integer.toHexString(String.join(" ", args).hashCode()));
		final String[] all = Arrays.copyOf(args, args.length + 1);
		all[args.length] = "out=" + out;
		final MainTest.Run r = new MainTest.Run(all);
		assertEquals(1, r.code, String.join(" ", args) + ": " + r.err);
		final String[] lines = r.err.trim().split("\n");
		final String last = lines[lines.length - 1];
		assertTrue(last.startsWith("error: ") && last.contains(expected), "expected '" + expected + "' in: " + r.err);
		for (final String l : lines) assertTrue(l.startsWith("error: ") || l.startsWith("warning: "), "stray output: " + l);
		assertFalse(Files.exists(out), "something was written for " + String.join(" ", args));
	}

	@Test
	void nonPositiveNaNOrInfiniteVelocities() {
		refused("has velocity 0.0 m/s at (x=3, z=4); velocities must be positive and finite", "forward", "model=" + modelWith("zero", 0));
		refused("has velocity -1500.0 m/s at (x=3, z=4)", "posterior-reweighted", "training=" + modelWith("neg", -1500), "data=" + helmholtz);
		refused("has velocity NaN m/s at (x=3, z=4)", "fwi", "data=" + gathers, "model=" + modelWith("nan", Float.NaN));
		refused("has velocity Infinity m/s at (x=3, z=4)", "forward", "physics=helmholtz", "model=" + modelWith("inf", Float.POSITIVE_INFINITY));
	}

	@Test
	void stacksOfDifferentSizesOrCalibrations() {
		final ImagePlus small = IJ.createImage("small", "32-bit black", 40, 48, 3);
		small.getProcessor().set(2000);
		for (int s = 1; s <= 3; s++) small.getStack().getProcessor(s).set(2000 + s);
		refused("samples are 40 x 48 but training models are 48 x 48", "memorization-audit", "training=" + training,
			"samples=" + save("small", small, 10));
		final ImagePlus coarse = IJ.createImage("coarse", "32-bit black", 48, 48, 3);
		for (int s = 1; s <= 3; s++) coarse.getStack().getProcessor(s).set(2000 + s);
		refused("samples have cells of 12.5 m but training models of 10.0 m", "memorization-audit", "training=" + training,
			"samples=" + save("coarse", coarse, 12.5));
		refused("data: memfwi.dx = 10.0 m but the cell size of training is 12.5 m; use data made on the grid of training",
			"posterior-reweighted", "training=" + save("coarse3", coarse, 12.5), "data=" + helmholtz);
	}

	@Test
	void eightBitOrRgbInput() {
		refused("is a 8-bit image; velocity models must be 32-bit images in m/s", "forward",
			"model=" + save("eight", IJ.createImage("eight", "8-bit ramp", 48, 48, 1), 10));
		refused("is a RGB image; velocity models must be 32-bit images in m/s", "posterior-dps", "training=" +
			save("rgb", IJ.createImage("rgb", "RGB ramp", 48, 48, 2), 10), "data=" + helmholtz);
	}

	@Test
	void anUnstableTimeStepNamesTheLargestStableOne() {
		refused("dt = 0.01 s is unstable for vmax = 2971.44 m/s, dx = 10 m and order 8; the largest stable dt is 0.001866 s",
			"forward", "model=" + model, "dt=0.01", "substep=false");
	}

	@Test
	void tooFewPointsPerWavelengthWarns() throws Exception {
		final Path out = dir.resolve("dispersive");
		final MainTest.Run r = new MainTest.Run("forward", "model=" + model, "f0=40", "nt=100", "out=" + out, "--quiet");
		assertEquals(0, r.code, r.err);
		assertTrue(r.err.startsWith("warning: only 1.8 cells per shortest wavelength"), "[" + r.err + "]");
		assertTrue(Files.isRegularFile(out.resolve("data.tif")), "the warning does not stop the job: " + r.out);
	}

	@Test
	void sourcesOrReceiversOutsideTheGrid() {
		refused("source 1 at (x = 5000 m, z = 10 m) is outside the model; positions must lie in x = 0..470 m, z = 0..470 m",
			"forward", "model=" + model, "sourcex=5000");
		refused("receiver 1 at (x = 0 m, z = -20 m) is outside the model", "forward", "model=" + model, "receiverz=-20");
		refused("outside", "forward", "physics=helmholtz", "model=" + model, "sourcex=900");
	}

	@Test
	void anEmptyOrOneSliceTrainingSet() {
		refused("holds 1 model; a memorized prior needs a training set of at least 2 models", "posterior-reweighted",
			"training=" + model, "data=" + helmholtz);
		refused("needs at least 2 training models; got 1", "memorization-audit", "training=" + model, "samples=" + training);
		refused("training is required", "posterior-linearized", "data=" + helmholtz);
	}

	@Test
	void sigmaOrNoiseNotPositive() {
		refused("sigma (noise level of the memorized prior) must be positive and finite, got 0.0", "posterior-linearized",
			"training=" + training, "data=" + helmholtz, "sigma=0");
		refused("noise = -1 is too small", "posterior-reweighted", "training=" + training, "data=" + helmholtz, "noise=-1");
		refused("sigma (noise level of the memorized prior) must be positive and finite, got -0.1", "stylized", "sigma=-0.1");
	}

	@Test
	void dataWithoutOrDisagreeingAcquisition() {
		refused("has no property memfwi.physics; give data made by Forward Model", "posterior-reweighted", "training=" + training,
			"data=" + model);
		final ImagePlus other = IJ.createImage("other", "32-bit black", 70, 70, 1);
		other.getProcessor().set(2500);
		refused("data: memfwi.nx = 48 but model is 70 cells wide; use data made on the grid of model",
			"fwi", "data=" + gathers, "model=" + save("other", other, 10));
	}

	@Test
	void aJobTooLargeForTheHeapIsRefusedUpFront() {
		refused("needs about 372.5 GB of memory but only", "generate-models", "n=100000", "nx=1000", "nz=1000");
	}

	@Test
	void resultsAreWrittenAllOrNothing() throws Exception {
		final Path out = Files.createDirectories(dir.resolve("atomic"));
		Files.write(out.resolve("summary.csv"), "old".getBytes());
		final Results r = new Results();
		r.table("summary.csv", new Table("metric", "value").add("x", 1.0));
		r.image("mean.tif", IJ.createImage("m", "32-bit ramp", 8, 8, 1));
		r.text("bad\0name.txt", "a file name the file system refuses");
		assertThrows(RuntimeException.class, () -> r.writeTo(out.toFile()));
		try (Stream<Path> files = Files.list(out)) {
			assertEquals(1, files.count(), "only the old file remains, no partial results or temporary folder");
		}
		assertEquals("old", new String(Files.readAllBytes(out.resolve("summary.csv"))));
	}

	@Test
	void aFailedMoveRestoresTheResultsItWasReplacing() throws Exception {
		final Path out = Files.createDirectories(dir.resolve("restore"));
		Files.write(out.resolve("summary.csv"), "old".getBytes());
		Files.createDirectories(out.resolve("notes.txt").resolve("in-the-way")); // a non-empty folder where a file goes
		final Results r = new Results();
		r.table("summary.csv", new Table("metric", "value").add("x", 1.0));
		r.text("notes.txt", "moved after summary.csv, and fails");
		assertThrows(IOException.class, () -> r.writeTo(out.toFile()));
		assertEquals("old", new String(Files.readAllBytes(out.resolve("summary.csv"))), "the earlier result is back");
		try (Stream<Path> files = Files.list(out)) {
			assertEquals(2, files.count(), "no temporary folder left");
		}
	}
}
