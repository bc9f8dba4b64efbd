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
}
