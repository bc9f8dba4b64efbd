package org.memfwi.cli.bench;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

import org.memfwi.core.operator.AffineOperator;
import org.memfwi.core.operator.Linearization;
import org.memfwi.core.posterior.CollapseSweep;
import org.memfwi.core.posterior.Likelihood;
import org.memfwi.core.posterior.LinearizedPosterior;
import org.memfwi.core.posterior.ReweightedPosterior;
import org.memfwi.core.posterior.StylizedComparison;
import org.memfwi.core.posterior.StylizedProblem;
import org.memfwi.core.prior.MemorizedPrior;
import org.memfwi.core.prior.TrainingSet;
import org.memfwi.core.progress.Progress;
import org.memfwi.core.util.Seeds;

import org.ejml.data.DMatrixRMaj;

/**
 * {@code bench posterior}: the memorized prior's denoiser and its vector-Jacobian product on OpenFWI-size images, the
 * reweighting of 1,000 models, one matrix-free linearized component, and the stylized-problem references.
 */
final class PosteriorBench implements Bench.Suite {

	@Override
	public String name() { return "posterior"; }

	@Override
	public String description() { return "memorized prior (denoiser, VJP), reweighting, linearized components, stylized references"; }

	@Override
	public void run(final PrintStream out, final int maxThreads) {
		final int n = 1000, d = 70 * 70;
		final SplittableRandom r = Seeds.stream(1, 0);
		final float[][] models = new float[n][d];
		for (final float[] m : models)
			for (int i = 0; i < d; i++) m[i] = (float) (3000 + 300 * Seeds.gaussian(r));
		final TrainingSet t = TrainingSet.ofFloats(models);
		final MemorizedPrior prior = new MemorizedPrior(t);
		final MemorizedPrior.Workspace ws = prior.workspace();
		final double[] x = new double[d], v = new double[d], o = new double[d];
		for (int i = 0; i < d; i++) {
			x[i] = models[0][i] + 200 * Seeds.gaussian(r);
			v[i] = Seeds.gaussian(r);
		}
		for (final double sigma : new double[] { 30000, 300 }) {
			int nonzero = 0;
			prior.denoise(x, sigma, o, ws);
			for (final double p : ws.responsibilities()) if (p != 0) nonzero++;
			final double denoise = time(() -> prior.denoise(x, sigma, o, ws), 20);
			final double vjp = time(() -> prior.denoiserVjp(v, o, ws), 20);
			out.println(String.format(Locale.ROOT, "prior N = %d, d = %d (float), sigma = %.0f m/s (%d non-zero responsibilities): " +
				"denoise %.2f ms, VJP after denoise %.2f ms per call (one thread)", n, d, sigma, nonzero, denoise, vjp));
		}
		final double[] logLik = new double[n];
		for (int i = 0; i < n; i++) logLik[i] = -5 * r.nextDouble(); // every weight non-zero: the full O(N d) cost
		out.println(String.format(Locale.ROOT, "reweighted posterior (weights, mean, variance) of N = %d models of %d pixels: %.1f ms",
			n, d, time(() -> ReweightedPosterior.of(logLik, t), 5)));

		final int m = 500;
		final DMatrixRMaj a = new DMatrixRMaj(m, d);
		for (int i = 0; i < a.getNumElements(); i++) a.data[i] = Seeds.gaussian(r) / Math.sqrt(d);
		final AffineOperator op = new AffineOperator(a, null);
		final double[][] four = new double[4][];
		for (int k = 0; k < 4; k++) four[k] = t.copy(k, null);
		final Likelihood lik = new Likelihood(op, op.apply(x, null), 1);
		for (final int rank : new int[] { 10, 20 }) {
			final LinearizedPosterior.Settings s = LinearizedPosterior.Settings.of(10).withRank(rank).withThreads(1).validate();
			final double ms = time(() -> LinearizedPosterior.compute(lik, TrainingSet.of(four), s, Progress.NONE), 1) / 4;
			final Linearization lin = op.linearize(x);
			final double[] w = new double[m];
			final double product = time(() -> lin.jacobianTimes(v, w), 20);
			out.println(String.format(Locale.ROOT, "linearized component, matrix-free, d = %d, m = %d, rank %d (+10, 1 power iteration, " +
				"%d operator products): %.0f ms per component, of which about %.0f ms in the dense %d x %d products", d, m, rank,
				6 * (rank + 10), ms, 6 * (rank + 10) * product, m, d));
		}
		for (final String key : new String[] { "1d", "2d" })
			for (final double sigma : new double[] { 0.3, 0.05 }) {
				final double ms = time(() -> StylizedComparison.run(StylizedProblem.of(key), sigma, maxThreads, Progress.NONE), 2);
				out.println(String.format(Locale.ROOT, "stylized %s problem, sigma = %s, exact quadrature + linearized: %.0f ms (%d threads)",
					key, sigma, ms, maxThreads));
			}
		final StylizedProblem p = StylizedProblem.of("2d");
		final double sweep = time(() -> CollapseSweep.run(p.likelihood(), p.training(200, 1),
			CollapseSweep.Settings.of().withThreads(maxThreads).validate(), Progress.NONE), 1);
		out.println(String.format(Locale.ROOT, "collapse sweep, 2d, N = 5,10,50,200, 13 sigmas, exact weights: %.2f s (%d threads)",
			sweep / 1000, maxThreads));
	}

	/** Median wall time in ms of {@code reps} runs after one warm-up run. */
	private static double time(final Runnable task, final int reps) {
		task.run();
		final double[] t = new double[reps];
		for (int i = 0; i < reps; i++) {
			final long t0 = System.nanoTime();
			task.run();
			t[i] = (System.nanoTime() - t0) / 1e6;
		}
		Arrays.sort(t);
		return t[reps / 2];
	}
}
