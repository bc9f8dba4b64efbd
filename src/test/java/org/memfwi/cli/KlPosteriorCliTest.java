package org.memfwi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.io.Opener;

/**
 * posterior-linearized over the paper's Karhunen–Loeve coefficients, on Gaussian-random-field models made with the
 * same basis: exact projection, the sigma -> 0 limit, and pixel variances against the spread of posterior samples.
 */
class KlPosteriorCliTest {

	@TempDir
	static Path dir;
	private static String training, data, truth;

	@BeforeAll
	static void makeInputs() {
		final String[] grf = { "family=grf", "nx=16", "nz=16", "dx=25", "vmin=500", "vmax=6000", "background=2500", "amplitude=200",
			"modes=6", "--quiet" };
		assertEquals(0, run("generate-models", grf, "n=12", "seed=3", "out=" + dir.resolve("train")).code);
		assertEquals(0, run("generate-models", grf, "n=1", "seed=40", "out=" + dir.resolve("truth")).code);
		training = dir.resolve("train/models.tif").toString();
		truth = dir.resolve("truth/models.tif").toString();
		final MainTest.Run f = new MainTest.Run("forward", "physics=helmholtz", "model=" + truth, "frequencies=3,5",
			"noise=0.02", "noisemode=relative", "seed=1", "out=" + dir.resolve("obs"), "--quiet");
		assertEquals(0, f.code, f.err);
		data = dir.resolve("obs/data.tif").toString();
	}

	private static MainTest.Run run(final String command, final String[] common, final String... more) {
		final String[] a = new String[1 + common.length + more.length];
		a[0] = command;
		System.arraycopy(common, 0, a, 1, common.length);
		System.arraycopy(more, 0, a, 1 + common.length, more.length);
		return new MainTest.Run(a);
	}

	private static Map<String, String> summary(final Path out) throws Exception {
		final Map<String, String> m = new HashMap<>();
		for (final String l : Files.readAllLines(out.resolve("summary.csv"), StandardCharsets.UTF_8)) m.put(l.split(",")[0], l.split(",")[1]);
		return m;
	}

	private static MainTest.Run kl(final Path out, final String... more) {
		return run("posterior-linearized", new String[] { "training=" + training, "data=" + data, "truth=" + truth,
			"parameterization=kl", "modes=6", "amplitude=200", "rank=0", "linearize=0", "out=" + out, "--quiet" }, more);
	}

	@Test
	void asSigmaShrinksTheWeightsBecomeTheReweightedOnes() throws Exception {
		final Path out = dir.resolve("small-sigma");
		final MainTest.Run r = kl(out, "sigma=1e-4");
		assertEquals(0, r.code, r.err);
		final Map<String, String> s = summary(out);
		assertEquals("36", s.get("kl_coefficients"));
		// grf models of the same basis are in its span: the projection loses only float rounding
		assertTrue(Double.parseDouble(s.get("kl_projection_rms")) < 1e-3, s.get("kl_projection_rms"));
		final List<String> comps = Files.readAllLines(out.resolve("components.csv"), StandardCharsets.UTF_8);
		assertEquals("index,misfit,log_weight,weight,weight_reweighted,linearized", comps.get(0));
		double maxDiff = 0;
		for (final String l : comps.subList(1, comps.size())) {
			final String[] f = l.split(",");
			maxDiff = Math.max(maxDiff, Math.abs(Double.parseDouble(f[3]) - Double.parseDouble(f[4])));
		}
		assertTrue(maxDiff < 1e-6, "weights vs reweighted at sigma = 1e-4: " + maxDiff);
	}

	@Test
	void pixelVarianceMatchesTheSpreadOfPosteriorSamples() throws Exception {
		final Path out = dir.resolve("samples");
		final MainTest.Run r = kl(out, "sigma=0.5", "samples=2000", "seed=9");
		assertEquals(0, r.code, r.err);
		final ImagePlus samples = new Opener().openTiff(out + File.separator, "samples.tif");
		final ImagePlus variance = new Opener().openTiff(out + File.separator, "posterior-variance.tif");
		final ImagePlus mean = new Opener().openTiff(out + File.separator, "posterior-mean.tif");
		final int n = samples.getStackSize(), p = samples.getWidth() * samples.getHeight();
		assertEquals(2000, n);
		final float[] v = (float[]) variance.getProcessor().getPixels(), m = (float[]) mean.getProcessor().getPixels();
		double ratio = 0, meanErr = 0, scale = 0;
		for (int i = 0; i < p; i++) {
			double s1 = 0, s2 = 0;
			for (int k = 1; k <= n; k++) {
				final double x = ((float[]) samples.getStack().getPixels(k))[i];
				s1 += x;
				s2 += x * x;
			}
			final double em = s1 / n, ev = (s2 - n * em * em) / (n - 1);
			ratio += ev / v[i] / p;
			meanErr = Math.max(meanErr, Math.abs(em - m[i]) / Math.sqrt(v[i]));
			scale += Math.sqrt(v[i]) / p;
		}
		assertTrue(scale > 1, "a posterior spread worth measuring: " + scale + " m/s");
		// 2,000 samples: each pixel's variance to about 3 %, their average far better
		assertEquals(1, ratio, 0.05, "sample variance over reported variance, averaged over pixels");
		assertTrue(meanErr < 0.15, "sample mean within 0.15 std of the reported mean everywhere: " + meanErr);
	}

	@Test
	void klNeedsFrequencyDomainDataAndModesThatFitTheGrid() throws Exception {
		final MainTest.Run f = new MainTest.Run("forward", "physics=time", "model=" + truth, "sources=2", "nt=200", "out=" +
			dir.resolve("td"), "--quiet");
		assertEquals(0, f.code, f.err);
		final Path out = dir.resolve("refused");
		final MainTest.Run time = new MainTest.Run("posterior-linearized", "training=" + training, "data=" +
			dir.resolve("td/data.tif"), "noise=0.01", "parameterization=kl", "out=" + out);
		assertEquals(1, time.code);
		assertTrue(time.err.contains("parameterization=kl needs frequency-domain data"), time.err);
		final MainTest.Run modes = new MainTest.Run("posterior-linearized", "training=" + training, "data=" + data,
			"parameterization=kl", "modes=17", "out=" + out);
		assertEquals(1, modes.code);
		assertTrue(modes.err.contains("modes = 17 exceeds the grid (16 x 16)"), modes.err);
		assertFalse(Files.exists(out));
	}
}
