package org.memfwi.fiji;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.memfwi.commands.PosteriorFixtures;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;

/**
 * The posterior commands from ImageJ macros in a real ImageJ 1: images opened from TIFF (properties and calibration
 * restored by ImageJ itself) and named by their window titles, results written, bad input stopping the macro.
 */
class PosteriorMacroIT {

	@TempDir
	static Path dir;
	private static Path training, data, truth;
	/** The inputs by window title. */
	private static final String IN = "training=training.tif data=data.tif ";

	@BeforeAll
	static void inputs() {
		final ImagePlus t = PosteriorFixtures.training(5, 1);
		training = PosteriorFixtures.save(t, dir.resolve("training.tif"));
		final ImagePlus model = PosteriorFixtures.slice(t, 2);
		truth = PosteriorFixtures.save(model, dir.resolve("truth.tif"));
		data = PosteriorFixtures.save(PosteriorFixtures.timeData(model, 0.01, 3), dir.resolve("data.tif"));
	}

	/** Opens the inputs, runs the command, prints "done", then runs a bad call that must stop the macro. */
	private static ImageJ1.Outcome run(final Path work, final String command, final String options, final String badOptions)
		throws Exception {
		final ImageJ1 ij = new ImageJ1(work);
		return ij.runMacro(
			"open(" + ImageJ1.quote(training) + ");\n" +
			"open(" + ImageJ1.quote(data) + ");\n" +
			"open(" + ImageJ1.quote(truth) + ");\n" +
			"run(\"" + command + "\", \"" + options + "\");\n" +
			"print(\"done, images=\" + nImages);\n" +
			"run(\"" + command + "\", \"" + badOptions + "\");\n" +
			"print(\"macro went on\");\n");
	}

	private static void check(final ImageJ1.Outcome o, final Path out, final String error, final Path never, final String... files) {
		assertTrue(o.output.contains("done"), o.output);
		assertTrue(o.output.contains(error), o.output);
		assertFalse(o.output.contains("macro went on"), "the macro must stop at the error:\n" + o.output);
		assertFalse(Files.exists(never));
		for (final String f : files) assertTrue(Files.isRegularFile(out.resolve(f)), f + "\n" + o.output);
	}

	@Test
	void reweighted() throws Exception {
		final Path out = dir.resolve("rw"), never = dir.resolve("rw-never");
		check(run(dir.resolve("ij-rw"), "Memorized Posterior (Reweighted Training Set)...", IN + "noise=0 truth=truth.tif best=2 out=[" +
			out + "]", IN + "noise=-1 out=[" + never + "]"), out, "noise = -1 is too small", never, "posterior-mean.tif",
			"posterior-variance.tif", "weights.csv", "best-matches.tif", "summary.csv");
	}

	@Test
	void linearized() throws Exception {
		final Path out = dir.resolve("lin"), never = dir.resolve("lin-never");
		check(run(dir.resolve("ij-lin"), "Linearized Gaussian-Mixture Posterior...", IN + "sigma=5 rank=2 oversampling=2 power=0 linearize=2 out=[" +
			out + "]", IN + "sigma=0 out=[" + never + "]"), out, "sigma (noise level of the memorized prior) must be positive", never,
			"posterior-mean.tif", "posterior-variance.tif", "components.csv", "component-shifts.tif", "summary.csv");
	}

	@Test
	void dps() throws Exception {
		final Path out = dir.resolve("dps"), never = dir.resolve("dps-never");
		check(run(dir.resolve("ij-dps"), "Diffusion Posterior Sampling (Memorized Prior)...", IN + "samples=2 steps=4 out=[" + out + "]",
			"training=truth.tif data=data.tif out=[" + never + "]"), out, "holds 1 model; a memorized prior needs a training set of at least 2",
			never, "samples.tif", "posterior-mean.tif", "posterior-variance.tif", "samples.csv", "summary.csv");
	}

	@Test
	void collapseSweepOnFwi() throws Exception {
		final Path out = dir.resolve("sweep"), never = dir.resolve("sweep-never");
		check(run(dir.resolve("ij-sweep"), "Posterior Collapse Sweep...", IN + "problem=fwi sizes=2,3 sigmamin=1 sigmamax=100 " +
			"steps=3 rank=2 oversampling=2 power=0 out=[" + out + "]", IN + "problem=fwi sizes=9 out=[" + never + "]"), out, "sizes: N = 9 exceeds the 5 training models",
			never, "collapse-sweep.csv", "collapse-sweep.png");
	}
}
