package org.memfwi.core.posterior;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.memfwi.core.operator.AffineOperator;
import org.memfwi.core.prior.ModelSource;
import org.memfwi.core.prior.TrainingSet;
import org.memfwi.core.progress.Progress;

import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.cell.Cell;
import net.imglib2.img.cell.CellGrid;
import net.imglib2.img.cell.LazyCellImg;
import net.imglib2.type.numeric.real.FloatType;

/** The one-pass reweighted posterior over a lazily loaded imglib2 image equals the two-pass in-memory one. */
class StreamingReweightedTest {

	@Test
	void onePassOverLazyCellImageEqualsTwoPassPosterior() {
		final int nx = 5, nz = 4, d = nx * nz, n = 157, m = 6;
		final Random rnd = new Random(11);
		final float[][] models = new float[n][d];
		for (final float[] x : models)
			for (int i = 0; i < d; i++) x[i] = (float) (2000 + 300 * rnd.nextGaussian());
		final DMatrixRMaj a = new DMatrixRMaj(m, d);
		for (int i = 0; i < a.data.length; i++) a.data[i] = rnd.nextGaussian() * 1e-3;
		final AffineOperator op = new AffineOperator(a, new double[m]);
		final double[] y = op.apply(TrainingSet.ofFloats(models).copy(17, null), null);
		for (int i = 0; i < m; i++) y[i] += 0.3 * rnd.nextGaussian();
		final Likelihood lik = new Likelihood(op, y, 0.5);

		final TrainingSet t = TrainingSet.ofFloats(models);
		final ReweightedPosterior ref = ReweightedPosterior.compute(lik, t, 1, Progress.NONE);

		// the same models as a lazily loaded cell image, one model per cell, counting the loads
		final AtomicInteger loads = new AtomicInteger();
		final CellGrid grid = new CellGrid(new long[] { nx, nz, n }, new int[] { nx, nz, 1 });
		final LazyCellImg<FloatType, FloatArray> img = new LazyCellImg<>(grid, new FloatType(), index -> {
			loads.incrementAndGet();
			return new Cell<>(new int[] { nx, nz, 1 }, new long[] { 0, 0, index }, new FloatArray(models[(int) index].clone()));
		});
		for (final int threads : new int[] { 1, 3 }) {
			loads.set(0);
			final StreamingReweighted s = StreamingReweighted.compute(lik, ModelSource.of(img, "lazy"), 4, threads, Progress.NONE);
			assertEquals(n, loads.get(), "one pass: every model loaded once");
			assertArrayEquals(ref.logLikelihoods(), s.logLikelihoods(), 1e-9);
			assertArrayEquals(ref.weights(), s.weights(), 1e-12);
			for (int i = 0; i < d; i++) {
				assertEquals(ref.mean()[i], s.mean()[i], 1e-9 * Math.abs(ref.mean()[i]), "mean " + i);
				assertEquals(ref.variance()[i], s.variance()[i], 1e-8 * ref.variance()[i] + 1e-9, "variance " + i);
			}
			assertEquals(ref.effectiveSampleSize(), s.effectiveSampleSize(), 1e-9);
			final int[] order = ref.ranking();
			for (int i = 0; i < 4; i++) {
				assertEquals(order[i], s.best()[i]);
				assertArrayEquals(models[order[i]], s.bestModels()[i]);
			}
		}
	}

	@Test
	void weightsExactWhenEveryLikelihoodUnderflows() {
		final float[][] x = { { 1, 2 }, { 3, 5 }, { -2, 4 } };
		final double[] l = { -1e5, -1e5 - 1, -1e5 - 0.5 };
		final StreamingReweighted s = StreamingReweighted.compute(v -> l[(int) Math.round(v[0] == 1 ? 0 : v[0] == 3 ? 1 : 2)], 2,
			ModelSource.of(TrainingSet.ofFloats(x)), 1, 1, Progress.NONE);
		final ReweightedPosterior ref = ReweightedPosterior.of(l, TrainingSet.ofFloats(x));
		assertArrayEquals(ref.mean(), s.mean(), 1e-12);
		assertArrayEquals(ref.variance(), s.variance(), 1e-12);
	}
}
