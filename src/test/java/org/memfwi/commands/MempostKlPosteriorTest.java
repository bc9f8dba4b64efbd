package org.memfwi.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.memfwi.core.grid.Grid2D;
import org.memfwi.core.helmholtz.HelmholtzOperator;
import org.memfwi.core.helmholtz.SquaredSlownessPixels;
import org.memfwi.core.operator.Linearization;
import org.memfwi.core.util.Table;
import org.memfwi.io.HelmholtzData;
import org.memfwi.testing.CapturedOutput;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;
import org.ejml.interfaces.linsol.LinearSolverDense;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.scijava.command.CommandModule;

import ij.ImagePlus;

/**
 * posterior-linearized parameterization=kl convention=mempost against a dense computation written here from the paper
 * code's formulas (mempost VelocityKLPrior: phi = 2 cos(pi (i1 + 1/2) x1) cos(pi (i2 + 1/2) x2), i = 1..K, lambda =
 * (pi^2 |i + 1/2|^2)^(-0.55), m = 1/2000^2 + 0.02 s^2/km^2 sum z lambda phi; least-squares projection) and the
 * closed-form Gaussian mixture in its push-through form (mu = z + sigma^2 J^T C^-1 r, C = gamma^2 I + sigma^2 J J^T).
 */
class MempostKlPosteriorTest {

	private static CommandRunner runner;

	@BeforeAll
	static void start() {
		runner = new CommandRunner();
	}

	@AfterAll
	static void stop() {
		runner.close();
	}

	private static final int N = 12, K = 10, MODELS = 4;
	private static final double SIGMA = 0.5;

	@Test
	void theCommandsPosteriorIsTheDenseOneInThePapersBasis(@TempDir final Path dir) throws Exception {
		final ImagePlus training = models(MODELS, 3), truth = models(1, 40);
		final CommandModule f = runner.run(ForwardCommand.class, "physics", "helmholtz", "model", truth, "frequencies", "3",
			"cpml", 6, "noise", 0.05, "seed", 2);
		assertFalse(f.isCanceled(), f.getCancelReason());
		final ImagePlus data = (ImagePlus) f.getOutput("data");
		final CommandModule m = runner.run(PosteriorLinearizedCommand.class, "training", training, "data", data, "parameterization",
			"kl", "convention", "mempost", "sigma", SIGMA, "rank", 0, "linearize", 0, "out", dir.resolve("p").toFile());
		assertFalse(m.isCanceled(), m.getCancelReason());
		final Results res = ((PosteriorLinearizedCommand) m.getDelegateObject()).results();
		final Table coef = res.tables().get("kl-coefficients.csv"), comps = res.tables().get("components.csv");
		final Table summary = res.tables().get("summary.csv");
		assertEquals("mempost", value(summary, "kl_convention"));
		assertEquals(K * K, ((Number) value(summary, "kl_coefficients")).intValue());

		// the paper's basis, written out: columns sigma_m lambda_p phi_p of squared slowness, p = (i1 - 1) K + (i2 - 1)
		final int d = K * K, p = N * N;
		final double mBar = 1 / (2000.0 * 2000.0), sigmaM = 0.02e-6;
		final DMatrixRMaj phi = new DMatrixRMaj(p, d);
		for (int i1 = 1; i1 <= K; i1++)
			for (int i2 = 1; i2 <= K; i2++) {
				final double lambda = Math.pow(Math.PI * Math.PI * ((i1 + 0.5) * (i1 + 0.5) + (i2 + 0.5) * (i2 + 0.5)), -1.1 / 2);
				for (int iz = 0; iz < N; iz++)
					for (int ix = 0; ix < N; ix++)
						phi.set(ix + N * iz, (i1 - 1) * K + i2 - 1, sigmaM * lambda * 2 * Math.cos(Math.PI * (i1 + 0.5) * (ix + 0.5) / N) *
							Math.cos(Math.PI * (i2 + 0.5) * (iz + 0.5) / N));
			}
		// the training coefficients by least squares, as the paper's projection
		final LinearSolverDense<DMatrixRMaj> ls = LinearSolverFactory_DDRM.leastSquares(p, d);
		assertTrue(ls.setA(phi.copy()));
		final double[][] z = new double[MODELS][];
		double zScale = 0;
		for (int n = 0; n < MODELS; n++) {
			final float[] v = (float[]) training.getStack().getPixels(n + 1);
			final DMatrixRMaj b = new DMatrixRMaj(p, 1), x = new DMatrixRMaj(d, 1);
			for (int i = 0; i < p; i++) b.set(i, 0, 1 / ((double) v[i] * v[i]) - mBar);
			ls.solve(b, x);
			z[n] = x.data.clone();
			for (int i = 0; i < d; i++) {
				zScale = Math.max(zScale, Math.abs(z[n][i]));
				assertEquals(z[n][i], coef.number(n, "c" + (i + 1)), 1e-12 * Math.max(1, Math.abs(z[n][i])), "model " + (n + 1) + " c" + (i + 1));
			}
		}
		assertTrue(zScale > 0.5, "coefficients of a standard-normal size: " + zScale);

		// dense Jacobians in z, J = dF/dm Phi, and the mixture in closed form
		final HelmholtzData.Dataset ds = HelmholtzData.read(data, "data");
		final HelmholtzOperator op = new HelmholtzOperator(ds.solver(), new SquaredSlownessPixels(ds.grid));
		final double gamma = ds.noise;
		final int md = ds.data.length;
		final double[] logW = new double[MODELS];
		final double[][] mu = new double[MODELS][], pixelVar = new double[MODELS][];
		for (int n = 0; n < MODELS; n++) {
			final DMatrixRMaj zn = new DMatrixRMaj(d, 1, true, z[n]), mn = new DMatrixRMaj(p, 1);
			CommonOps_DDRM.mult(phi, zn, mn);
			for (int i = 0; i < p; i++) mn.data[i] = Math.max(mn.data[i] + mBar, 1e-12);
			final Linearization lin = op.linearize(mn.data);
			final DMatrixRMaj jz = new DMatrixRMaj(md, d);
			CommonOps_DDRM.mult(lin.jacobian(), phi, jz);
			final DMatrixRMaj r = new DMatrixRMaj(md, 1);
			for (int i = 0; i < md; i++) r.data[i] = ds.data[i] - lin.value()[i];
			final DMatrixRMaj c = new DMatrixRMaj(md, md);
			CommonOps_DDRM.multTransB(SIGMA * SIGMA, jz, jz, c);
			for (int i = 0; i < md; i++) c.add(i, i, gamma * gamma);
			final CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(md, true);
			assertTrue(chol.decompose(c.copy()));
			final DMatrixRMaj t = chol.getT(null), cr = new DMatrixRMaj(md, 1);
			CommonOps_DDRM.solve(c, r, cr);
			double logDet = 0;
			for (int i = 0; i < md; i++) logDet += 2 * Math.log(t.get(i, i));
			logW[n] = -0.5 * (CommonOps_DDRM.dot(r, cr) + logDet);
			final DMatrixRMaj shift = new DMatrixRMaj(d, 1);
			CommonOps_DDRM.multTransA(SIGMA * SIGMA, jz, cr, shift);
			mu[n] = new double[d];
			for (int i = 0; i < d; i++) mu[n][i] = z[n][i] + shift.data[i];
			// diag(Phi S Phi^T) with S = sigma^2 I - sigma^4 J^T C^-1 J
			final DMatrixRMaj a = new DMatrixRMaj(md, p), x = new DMatrixRMaj(md, p);
			CommonOps_DDRM.multTransB(jz, phi, a);
			CommonOps_DDRM.solve(c, a, x);
			pixelVar[n] = new double[p];
			for (int q = 0; q < p; q++) {
				double rows = 0, ax = 0;
				for (int i = 0; i < d; i++) rows += phi.get(q, i) * phi.get(q, i);
				for (int i = 0; i < md; i++) ax += a.get(i, q) * x.get(i, q);
				pixelVar[n][q] = SIGMA * SIGMA * rows - Math.pow(SIGMA, 4) * ax;
			}
		}
		double max = Double.NEGATIVE_INFINITY, sum = 0;
		for (final double l : logW) max = Math.max(max, l);
		for (final double l : logW) sum += Math.exp(l - max);
		final double[] meanV = new double[p];
		for (int n = 0; n < MODELS; n++) {
			final double w = Math.exp(logW[n] - max) / sum;
			final DMatrixRMaj mm = new DMatrixRMaj(p, 1);
			CommonOps_DDRM.mult(phi, new DMatrixRMaj(d, 1, true, mu[n]), mm);
			for (int q = 0; q < p; q++) {
				final double sl = mBar + mm.data[q];
				// velocity 1/sqrt(m) by the delta method: g(m) + g''(m) var / 2, g'' = 3/4 m^(-5/2)
				meanV[q] += w * (1 / Math.sqrt(sl) + 0.375 * Math.pow(sl, -2.5) * pixelVar[n][q]);
			}
			assertEquals(w, comps.number(n, "weight"), 1e-10, "weight of component " + (n + 1));
			// the log-weights themselves, whatever the softmax makes of them
			assertEquals(logW[n] - logW[0], comps.number(n, "log_weight") - comps.number(0, "log_weight"),
				1e-9 * Math.max(1, Math.abs(logW[n] - logW[0])), "log weight of component " + (n + 1) + " relative to 1");
			for (int i = 0; i < d; i++)
				assertEquals(mu[n][i], coef.number(n, "mu" + (i + 1)), 1e-9 * Math.max(1, Math.abs(mu[n][i])), "component " + (n + 1) + " mu" + (i + 1));
		}
		final float[] meanImage = (float[]) ((ImagePlus) m.getOutput("mean")).getProcessor().getPixels();
		for (int q = 0; q < p; q++) assertEquals(meanV[q], meanImage[q], 2e-7 * meanV[q], "posterior mean at pixel " + q + " (float image)");
	}

	private static Object value(final Table summary, final String metric) {
		for (int i = 0; i < summary.rowCount(); i++)
			if (summary.get(i, "metric").equals(metric)) return summary.get(i, "value");
		throw new AssertionError("no " + metric + " in the summary");
	}

	@Test
	void mempostIsRefusedWithoutKlAndWithMemfwisBasisKeys(@TempDir final Path dir, final CapturedOutput output) throws Exception {
		final ImagePlus training = models(2, 3);
		final CommandModule f = runner.run(ForwardCommand.class, "physics", "helmholtz", "model", models(1, 4), "frequencies", "3",
			"noise", 0.05);
		final Object data = f.getOutput("data");
		final CommandModule a = runner.run(PosteriorLinearizedCommand.class, "training", training, "data", data, "convention", "mempost",
			"out", dir.resolve("a").toFile());
		assertTrue(a.isCanceled());
		assertEquals("convention=mempost chooses the KL basis; use it with parameterization=kl (velocity pixels have no basis)",
			a.getCancelReason());
		CommandRunner.assertLoggedRefusal(output, a);
		final CommandModule b = runner.run(PosteriorLinearizedCommand.class, "training", training, "data", data, "parameterization", "kl",
			"convention", "mempost", "modes", 12, "out", dir.resolve("b").toFile());
		assertTrue(b.isCanceled());
		assertTrue(b.getCancelReason().startsWith("modes = 12 needs a grid wider and deeper than 12 cells"), b.getCancelReason());
		CommandRunner.assertLoggedRefusal(output, b);
	}

	/** n models of the paper's field on a 12 x 12 grid of 50 m (their KL coefficients are those of modes 1..10). */
	private static ImagePlus models(final int n, final long seed) throws Exception {
		final CommandModule g = runner.run(GenerateModelsCommand.class, "family", "grf", "convention", "mempost", "n", n, "nx", N,
			"nz", N, "dx", 50.0, "vmin", 1500.0, "vmax", 3000.0, "seed", seed);
		assertFalse(g.isCanceled(), g.getCancelReason());
		final ImagePlus m = (ImagePlus) g.getOutput("models");
		assertEquals(new Grid2D(N, N, 50).size(), m.getWidth() * m.getHeight());
		return m;
	}
}
