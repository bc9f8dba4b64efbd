package org.memfwi.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.SplittableRandom;

import org.memfwi.core.born.BornOperator;
import org.memfwi.core.grid.Grid2D;
import org.memfwi.core.progress.Progress;
import org.memfwi.core.util.Table;
import org.memfwi.io.Images;
import org.memfwi.testing.CapturedOutput;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.scijava.command.CommandModule;

import ij.ImagePlus;

/**
 * forward physics=born and posterior-linearized on Born data, against dense algebra on a 12 x 12 reflectivity image:
 * the gathers are B r (B built column by column here), and the posterior of the memorized prior is the closed form
 * S = (I / sigma^2 + B^T B / gamma^2)^-1, mu_n = x_n + S B^T (y - B x_n) / gamma^2, log w_n = -(||r_n||^2 / gamma^2 -
 * g_n^T S g_n) / 2 (the log-determinant is the same for every n: B does not depend on the model). An integration test:
 * the dense matrices take a minute on a loaded machine.
 */
class BornCommandsIT {

	private static CommandRunner runner;

	@BeforeAll
	static void start() {
		runner = new CommandRunner();
	}

	@AfterAll
	static void stop() {
		runner.close();
	}

	private static final Grid2D GRID = new Grid2D(12, 12, 10);
	private static final int MODELS = 4;

	/** Sparse reflectivity: a few layers of random sign and size per image. */
	private static float[] reflectivity(final SplittableRandom rnd) {
		final float[] r = new float[GRID.size()];
		for (int l = 0; l < 3; l++) {
			final int iz = 2 + rnd.nextInt(GRID.nz() - 3);
			final float c = (float) (0.1 * (rnd.nextDouble() - 0.5));
			for (int ix = 0; ix < GRID.nx(); ix++) r[GRID.index(ix, iz)] += c;
		}
		return r;
	}

	@Test
	void bornDataAndTheExactPosteriorAgreeWithDenseAlgebra(@TempDir final Path dir) throws Exception {
		final SplittableRandom rnd = new SplittableRandom(5);
		// training images near the truth, so that misfits are tens, not millions: the closed form subtracts g^T S g from
		// ||r||^2 / gamma^2, and a misfit of 1e6 would leave it no digits to compare at 1e-10
		final float[] truth = reflectivity(rnd);
		final float[][] train = new float[MODELS][];
		for (int n = 0; n < MODELS; n++) {
			final float[] d = reflectivity(rnd);
			train[n] = new float[GRID.size()];
			for (int i = 0; i < d.length; i++) train[n][i] = truth[i] + 0.05f * d[i];
		}
		final ImagePlus training = Images.velocityStack("train", GRID, train, null);
		final ImagePlus truthImp = Images.velocityStack("truth", GRID, new float[][] { truth }, null);
		final CommandModule f = runner.run(ForwardCommand.class, "physics", "born", "model", truthImp, "vbackground", 2000.0,
			"sources", 2, "receivers", 6, "nt", 120, "f0", 8.0, "cpml", 6);
		assertFalse(f.isCanceled(), f.getCancelReason());
		final ImagePlus data = (ImagePlus) f.getOutput("data");
		assertEquals("born", data.getProp("memfwi.physics"));
		assertEquals("2000", data.getProp("memfwi.background"));

		// B column by column from the operator the data record, and the gathers = B r
		final BornData.Observed obs = BornData.read(data, "data", 1, Progress.NONE);
		final BornOperator born = obs.operator;
		final int p = GRID.size(), m = born.dataSize();
		final DMatrixRMaj b = new DMatrixRMaj(m, p);
		final double[] e = new double[p];
		for (int j = 0; j < p; j++) {
			e[j] = 1;
			final double[] col = born.apply(e, null);
			e[j] = 0;
			for (int i = 0; i < m; i++) b.set(i, j, col[i]);
		}
		final double[] rt = new double[p];
		for (int i = 0; i < p; i++) rt[i] = truth[i];
		final DMatrixRMaj y = new DMatrixRMaj(m, 1);
		CommonOps_DDRM.mult(b, new DMatrixRMaj(p, 1, true, rt), y);
		double scale = 0;
		for (int i = 0; i < m; i++) scale = Math.max(scale, Math.abs(y.data[i]));
		assertTrue(scale > 0, "Born data of a reflectivity image are not zero");
		for (int i = 0; i < m; i++) assertEquals(y.data[i], obs.y[i], 1e-6 * scale, "Born datum " + i + " (float image)");

		// the posterior: the command at rank=0 against the closed form
		final double sigma = 0.005, gamma = 0.1 * scale;
		final CommandModule post = runner.run(PosteriorLinearizedCommand.class, "training", training, "data", data, "noise", gamma,
			"sigma", sigma, "rank", 0, "out", dir.resolve("p").toFile());
		assertFalse(post.isCanceled(), post.getCancelReason());
		final Results res = ((PosteriorLinearizedCommand) post.getDelegateObject()).results();
		final Table summary = res.tables().get("summary.csv"), comps = res.tables().get("components.csv");
		assertEquals(1, ((Number) value(summary, "exact")).intValue());
		assertEquals("born", value(summary, "physics"));

		final DMatrixRMaj prec = new DMatrixRMaj(p, p);
		CommonOps_DDRM.multTransA(1 / (gamma * gamma), b, b, prec);
		for (int i = 0; i < p; i++) prec.add(i, i, 1 / (sigma * sigma));
		final DMatrixRMaj s = new DMatrixRMaj(p, p);
		assertTrue(CommonOps_DDRM.invert(prec, s));
		final double[] logW = new double[MODELS];
		final double[][] mu = new double[MODELS][];
		final DMatrixRMaj yObs = new DMatrixRMaj(m, 1, true, obs.y);
		for (int n = 0; n < MODELS; n++) {
			final double[] x = new double[p];
			for (int i = 0; i < p; i++) x[i] = train[n][i];
			final DMatrixRMaj r = new DMatrixRMaj(m, 1), g = new DMatrixRMaj(p, 1), sg = new DMatrixRMaj(p, 1);
			CommonOps_DDRM.mult(b, new DMatrixRMaj(p, 1, true, x), r);
			CommonOps_DDRM.subtract(yObs, r, r);
			CommonOps_DDRM.multTransA(1 / (gamma * gamma), b, r, g);
			CommonOps_DDRM.mult(s, g, sg);
			logW[n] = -0.5 * (CommonOps_DDRM.dot(r, r) / (gamma * gamma) - CommonOps_DDRM.dot(g, sg));
			mu[n] = new double[p];
			for (int i = 0; i < p; i++) mu[n][i] = x[i] + sg.data[i];
		}
		double max = Double.NEGATIVE_INFINITY, sum = 0;
		for (final double l : logW) max = Math.max(max, l);
		for (final double l : logW) sum += Math.exp(l - max);
		final double[] mean = new double[p];
		int heavy = 0;
		for (int n = 0; n < MODELS; n++) {
			final double w = Math.exp(logW[n] - max) / sum;
			if (w > 1e-3) heavy++;
			assertEquals(w, comps.number(n, "weight"), 1e-10, "weight " + (n + 1));
			assertEquals(logW[n] - logW[0], comps.number(n, "log_weight") - comps.number(0, "log_weight"),
				1e-10 * Math.max(1, Math.abs(logW[n] - logW[0])), "log weight " + (n + 1));
			for (int i = 0; i < p; i++) mean[i] += w * mu[n][i];
		}
		assertTrue(heavy >= 2, "a posterior with more than one component of weight: " + heavy);
		final float[] meanImage = (float[]) ((ImagePlus) post.getOutput("mean")).getProcessor().getPixels();
		double mScale = 0;
		for (final double v : mean) mScale = Math.max(mScale, Math.abs(v));
		for (int i = 0; i < p; i++) assertEquals(mean[i], meanImage[i], 1e-6 * mScale, "posterior mean at cell " + i + " (float image)");
	}

	@Test
	void bornKeysAreRefusedWhereTheyWouldBeIgnored(@TempDir final Path dir, final CapturedOutput output) throws Exception {
		final ImagePlus model = Images.velocityStack("v", GRID, new float[][] { new float[GRID.size()] }, null);
		final CommandModule a = runner.run(ForwardCommand.class, "physics", "time", "model", HelmholtzCommandsTest.model("m", 0),
			"vbackground", 2500.0, "out", dir.resolve("a").toFile());
		assertTrue(a.isCanceled());
		assertEquals("vbackground applies to physics=born only; leave it at 2000 for physics=time", a.getCancelReason());
		CommandRunner.assertLoggedRefusal(output, a);
		final CommandModule b = runner.run(ForwardCommand.class, "physics", "born", "model", model, "vbackground", 0.0,
			"out", dir.resolve("b").toFile());
		assertTrue(b.isCanceled());
		assertTrue(b.getCancelReason().startsWith("vbackground (constant background velocity) must be a positive number of m/s"),
			b.getCancelReason());
		CommandRunner.assertLoggedRefusal(output, b);
	}

	private static Object value(final Table summary, final String metric) {
		for (int i = 0; i < summary.rowCount(); i++)
			if (summary.get(i, "metric").equals(metric)) return summary.get(i, "value");
		throw new AssertionError("no " + metric + " in the summary");
	}
}
