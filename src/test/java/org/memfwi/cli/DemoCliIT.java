package org.memfwi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.io.Opener;

/** The demo on the bundled samples, shortened (few iterations and samples) to keep the suite fast. */
class DemoCliIT {

	@Test
	void runsThePipelineAndWritesEveryResult(@TempDir final Path dir) throws Exception {
		final MainTest.Run r = new MainTest.Run("demo", "iterations=2", "rank=4", "linearize=2", "samples=2", "steps=5",
			"out=" + dir, "--quiet");
		assertEquals(0, r.code, r.err);
		for (final String f : new String[] { "summary.csv", "report.png", "starting-model.tif", "fwi/inverted-model.tif",
			"fwi/misfit.csv", "reweighted/posterior-mean.tif", "reweighted/posterior-variance.tif", "reweighted/weights.csv",
			"linearized/posterior-mean.tif", "linearized/posterior-variance.tif", "dps/samples.tif", "dps/posterior-mean.tif",
			"dps/samples.csv" })
			assertTrue(Files.isRegularFile(dir.resolve(f)), "missing " + f);
		final Map<String, String> summary = new HashMap<>();
		final List<String> lines = Files.readAllLines(dir.resolve("summary.csv"), StandardCharsets.UTF_8);
		assertEquals("metric,value", lines.get(0));
		for (final String l : lines.subList(1, lines.size())) summary.put(l.split(",")[0], l.split(",")[1]);
		for (final String k : new String[] { "fwi_rmse_vs_truth", "reweighted_rmse_vs_truth", "reweighted_coverage_2sigma",
			"reweighted_ess", "linearized_rmse_vs_truth", "linearized_coverage_2sigma", "dps_rmse_vs_truth", "dps_memorized_fraction" }) {
			assertTrue(summary.containsKey(k), "summary lacks " + k);
			assertTrue(Double.isFinite(Double.parseDouble(summary.get(k))), k + " = " + summary.get(k));
		}
		// The exact posterior of the memorized prior at sigma -> 0: with informative data, a lookup among the training
		// models, so its effective sample size lies between 1 and N.
		final double ess = Double.parseDouble(summary.get("reweighted_ess"));
		assertTrue(ess >= 1 - 1e-9 && ess <= 300, "ess " + ess);
		final ImagePlus mean = new Opener().openTiff(dir.resolve("reweighted") + File.separator, "posterior-mean.tif");
		assertEquals(48, mean.getWidth());
		assertEquals("m/s", mean.getCalibration().getValueUnit());
		assertTrue(Files.size(dir.resolve("report.png")) > 20_000);
	}

	/**
	 * demo preset=paper-64: the generated paper set-up, then the same images with the data stripped of their memfwi.*
	 * properties (the paper code's bare d_obs), which FWI and each posterior can read only when the preset reaches their
	 * arguments.
	 */
	@Test
	void presetRunsThePaperGeometryThroughEveryStep(@TempDir final Path dir) throws Exception {
		final Path a = dir.resolve("a"), b = dir.resolve("b");
		final MainTest.Run r = new MainTest.Run("demo", "preset=paper-64", "iterations=1", "rank=2", "linearize=1", "samples=2",
			"steps=2", "out=" + a, "--quiet");
		assertEquals(0, r.code, r.err);
		final ImagePlus data = new Opener().openTiff(a + File.separator, "data.tif");
		assertEquals(40, data.getWidth(), "receivers");
		assertEquals(5, data.getHeight(), "sources");
		assertEquals(2, data.getStackSize(), "real and imaginary part");
		final ImagePlus bare = new ImagePlus("d_obs", data.getStack().duplicate());
		assertTrue(bare.getProp("memfwi.physics") == null);
		Files.createDirectories(b);
		assertTrue(new FileSaver(bare).saveAsTiffStack(b.resolve("d_obs.tif").toString()));
		final String[] images = { "training=" + a.resolve("training.tif"), "truth=" + a.resolve("truth.tif"),
			"data=" + b.resolve("d_obs.tif") };
		final MainTest.Run with = new MainTest.Run("demo", "preset=paper-64", images[0], images[1], images[2], "iterations=1",
			"rank=2", "linearize=1", "samples=2", "steps=2", "out=" + b.resolve("out"), "--quiet");
		assertEquals(0, with.code, with.err);
		for (final String f : new String[] { "fwi/inverted-model.tif", "reweighted/posterior-mean.tif", "linearized/posterior-mean.tif",
			"dps/posterior-mean.tif" }) {
			final Path q = b.resolve("out").resolve(f);
			final ImagePlus m = new Opener().openTiff(q.getParent() + File.separator, q.getFileName().toString());
			assertEquals(64, m.getWidth(), f);
			assertEquals(31.25, m.getCalibration().pixelWidth, 1e-12, f);
		}
		final List<String> lines = Files.readAllLines(b.resolve("out").resolve("summary.csv"), StandardCharsets.UTF_8);
		assertTrue(lines.contains("preset,paper-64"), String.join("\n", lines));
		// the same bare data without the preset: the first step cannot know their survey
		final MainTest.Run without = new MainTest.Run("demo", images[0], images[1], images[2], "iterations=1", "out=" + dir.resolve("c"),
			"--quiet");
		assertEquals(1, without.code, without.err);
		assertTrue(without.err.contains("has no property memfwi.kind"), without.err);
		final MainTest.Run time = new MainTest.Run("demo", "physics=time", "preset=paper-64", "out=" + dir.resolve("d"), "--quiet");
		assertEquals(1, time.code);
		assertTrue(time.err.contains("preset=paper-64 is the paper's frequency-domain geometry; use physics=helmholtz"), time.err);
		final MainTest.Run some = new MainTest.Run("demo", "preset=paper-64", images[0], "out=" + dir.resolve("e"), "--quiet");
		assertEquals(1, some.code);
		assertTrue(some.err.contains("give training, data and truth together"), some.err);
	}
}
