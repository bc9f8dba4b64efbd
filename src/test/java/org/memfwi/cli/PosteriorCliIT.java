package org.memfwi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The posterior commands on the command line, images as TIFF paths: the acquisition must survive the TIFF round trip
 * (forward writes the data, the posterior commands read them back).
 */
class PosteriorCliIT {

	@TempDir
	static Path dir;
	private static String training, data, truth;

	@BeforeAll
	static void makeInputs() throws Exception {
		assertEquals(0, new MainTest.Run("generate-models", "family=flat", "n=5", "seed=2", "nx=12", "nz=10", "dx=10", "vmin=1500",
			"vmax=2500", "minlayers=2", "maxlayers=4", "out=" + dir.resolve("train"), "--quiet").code);
		assertEquals(0, new MainTest.Run("generate-models", "family=flat", "n=1", "seed=2", "nx=12", "nz=10", "dx=10", "vmin=1500",
			"vmax=2500", "minlayers=2", "maxlayers=4", "out=" + dir.resolve("truth"), "--quiet").code);
		training = dir.resolve("train/models.tif").toString();
		truth = dir.resolve("truth/models.tif").toString();
		final MainTest.Run f = new MainTest.Run("forward", "physics=time", "model=" + truth, "sources=2", "f0=10", "nt=100", "dt=0.001",
			"cpml=10", "noise=0.01", "out=" + dir.resolve("data"), "--quiet");
		assertEquals(0, f.code, f.err);
		try (Stream<Path> s = Files.list(dir.resolve("data"))) {
			data = s.filter(p -> p.toString().endsWith(".tif")).findFirst().get().toString();
		}
	}

	/** Runs a command with the training stack, the data and the output folder, unless {@code more} overrides them. */
	private static MainTest.Run run(final String command, final Path out, final String... more) {
		final Map<String, String> kv = new LinkedHashMap<>();
		kv.put("training", training);
		kv.put("data", data);
		kv.put("out", out.toString());
		for (final String m : more) kv.put(m.substring(0, m.indexOf('=')), m.substring(m.indexOf('=') + 1));
		final List<String> args = new ArrayList<>();
		args.add(command);
		kv.forEach((k, v) -> args.add(k + "=" + v));
		return new MainTest.Run(args.toArray(new String[0]));
	}

	@Test
	void everyPosteriorCommandWritesMeanVarianceAndSummary() throws Exception {
		final String[][] cases = { { "posterior-reweighted", "truth=" + truth },
			{ "posterior-linearized", "sigma=5", "rank=2", "oversampling=2", "power=0", "linearize=2", "truth=" + truth },
			{ "posterior-dps", "samples=2", "steps=4", "truth=" + truth } };
		for (final String[] c : cases) {
			final Path out = dir.resolve("out-" + c[0]);
			final String[] more = Arrays.copyOfRange(c, 1, c.length);
			final MainTest.Run r = run(c[0], out, more);
			assertEquals(0, r.code, c[0] + ": " + r.err);
			for (final String f : new String[] { "posterior-mean.tif", "posterior-variance.tif", "summary.csv" })
				assertTrue(Files.isRegularFile(out.resolve(f)), c[0] + " " + f);
			final List<String> s = Files.readAllLines(out.resolve("summary.csv"));
			assertEquals("metric,value", s.get(0));
			final String key = c[0].equals("posterior-dps") ? "memorized_fraction," : "effective_modes,";
			assertTrue(s.stream().anyMatch(l -> l.startsWith(key)), c[0] + ": " + s);
			assertTrue(s.stream().anyMatch(l -> l.startsWith("rmse_vs_truth,")), c[0] + ": " + s);
			assertTrue(s.stream().anyMatch(l -> l.startsWith("coverage_2sigma,")), c[0] + ": " + s);
			if (!c[0].equals("posterior-dps")) assertTrue(s.stream().anyMatch(l -> l.startsWith("ess,")), c[0] + ": " + s);
		}
		final MainTest.Run sweep = new MainTest.Run("collapse-sweep", "problem=fwi", "training=" + training, "data=" + data,
			"sizes=2,3", "sigmamin=1", "sigmamax=100", "steps=3", "rank=2", "oversampling=2", "power=0", "out=" + dir.resolve("sweep"));
		assertEquals(0, sweep.code, sweep.err);
		assertEquals(1 + 2 * 3, Files.readAllLines(dir.resolve("sweep/collapse-sweep.csv")).size());
	}

	@Test
	void frequencyDomainDataFromTheForwardCommand() throws Exception {
		final MainTest.Run f = new MainTest.Run("forward", "physics=helmholtz", "model=" + truth, "sources=2", "receivers=12",
			"frequencies=5,8", "cpml=8", "noise=0.01", "out=" + dir.resolve("hdata"), "--quiet");
		assertEquals(0, f.code, f.err);
		final Path out = dir.resolve("out-helmholtz");
		final MainTest.Run r = run("posterior-reweighted", out, "data=" + dir.resolve("hdata/data.tif"), "truth=" + truth);
		assertEquals(0, r.code, r.err);
		final List<String> s = Files.readAllLines(out.resolve("summary.csv"));
		assertTrue(s.contains("physics,helmholtz"), s.toString());
		// The same seed makes the truth training model 1: it gets the weight, and its scaled misfit is a chi-square
		// draw with m = 2 frequencies x 2 parts x 2 sources x 12 receivers = 96 degrees of freedom (noise level, data
		// order and operator read back from the TIFF).
		assertTrue(s.contains("best_index,1"), s.toString());
		assertTrue(s.contains("rmse_vs_truth,0"), s.toString());
		final String[] w1 = Files.readAllLines(out.resolve("weights.csv")).get(1).split(",");
		assertEquals(96, Double.parseDouble(w1[1]), 5 * Math.sqrt(2 * 96.0), "misfit of the true model");
	}

	@Test
	void badInputExitsWithOneLineAndWritesNothing() {
		final Path out = dir.resolve("never");
		final String[][] cases = {
			{ "posterior-reweighted", "noise=-1", "noise = -1 is too small: noise ('Data noise std gamma (absolute, data units; recorded = the level " +
				"stored with the data)') " +
				"must be at least 0" },
			{ "posterior-linearized", "sigma=0", "sigma (noise level of the memorized prior) must be positive and finite, got 0.0" },
			{ "posterior-dps", "truth=" + training, "truth ('models.tif') has 5 slices; give one true model" },
			{ "posterior-reweighted", "training=" + truth, "training ('models.tif') holds 1 model; a memorized prior needs a " +
				"training set of at least 2 models" },
			{ "posterior-reweighted", "data=" + training, "data ('models.tif') has no property memfwi.physics" } };
		for (final String[] c : cases) {
			final MainTest.Run r = run(c[0], out, c[1]);
			assertEquals(1, r.code, c[0] + " " + c[1]);
			assertTrue(r.err.contains(c[2]), r.err);
			assertEquals(1, r.err.trim().split("\n").length, "one line: " + r.err);
			assertFalse(Files.exists(out));
		}
		final MainTest.Run missing = new MainTest.Run("posterior-dps", "training=" + training, "out=" + out);
		assertTrue(missing.err.contains("data is required"), missing.err);
		final MainTest.Run fwi = new MainTest.Run("collapse-sweep", "problem=fwi", "data=" + data, "out=" + out);
		assertTrue(fwi.err.contains("training is required for problem=fwi"), fwi.err);
		assertFalse(Files.exists(out));
	}
}
