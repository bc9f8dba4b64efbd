package org.memfwi.core.wave;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.memfwi.core.grid.Grid2D;
import org.memfwi.core.progress.Progress;

/**
 * The flush of tiny values to zero (which keeps subnormal floats, slow on x86, out of the propagator): exact on
 * either side of the threshold, and without effect on forward, Born and adjoint results beyond float rounding.
 */
class FlushTest {

	@Test
	void flushZeroesAtMostTheThresholdAndKeepsEverythingElseExactly() {
		final float t = Propagator.FLUSH_BELOW;
		final float[] in = { t, -t, Math.nextUp(t), -Math.nextUp(t), Math.nextDown(t), Float.MIN_NORMAL, Float.MIN_VALUE, -1e-35f, 0, 1,
			-3.5e-7f, 2e-30f, Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN };
		final float[] expect = { 0, 0, Math.nextUp(t), -Math.nextUp(t), 0, 0, 0, 0, 0, 1, -3.5e-7f, 2e-30f, Float.MAX_VALUE,
			Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN };
		final float[] o = in.clone();
		RowKernels.flush(o, 0, o.length);
		for (int i = 0; i < o.length; i++)
			assertEquals(expect[i], o[i], 0f, "flush(" + in[i] + ")");
		// The fused leapfrog update flushes the same way: 2 a - o + c t with a = v / 2, o = c = t = 0.
		final float[] a = new float[in.length], z = new float[in.length], f = new float[in.length];
		for (int i = 0; i < in.length; i++) a[i] = in[i] / 2;
		RowKernels.finishFlush(f, a, z, z, 0, f.length);
		for (int i = 0; i < f.length; i++)
			if (Math.abs(in[i]) >= Float.MIN_NORMAL) assertEquals(expect[i], f[i], 0f, "finishFlush(" + in[i] + ")");
	}

	@Test
	void flushedAndUnflushedRunsAgreeAndOnlyTheUnflushedHasSubnormals() {
		// A source in a large fast model: ahead of the wavefront the order-8 stencil leaves values that decay into
		// subnormal floats within a few hundred steps.
		final Grid2D grid = new Grid2D(80, 60, 10);
		final WaveSetup s = Surveys.small(grid, 8, 10, false, 200, 1e-3, 15, 3000);
		final double[] v = Surveys.model(grid, 1500, 3000, 5);
		final Propagator on = new Propagator(s, Propagator.DEFAULT_GRADIENT_MEMORY, true);
		final Propagator off = new Propagator(s, Propagator.DEFAULT_GRADIENT_MEMORY, false);
		final double[] raw = off.subnormalFractions(v, 190), flushed = on.subnormalFractions(v, 190);
		assertTrue(raw[0] > 0.01, "subnormals without flush: " + raw[0]);
		assertEquals(0, flushed[0], 0);
		assertEquals(0, flushed[1], 0);
		final float[][] a = on.forward(v, 1, Progress.NONE), b = off.forward(v, 1, Progress.NONE);
		// Flushed values are 22 orders of magnitude below the peak; they can only flip the rounding of a sum now and
		// then, and those one-ulp differences spread like any float rounding: a few 1e-6 of the peak after 200 steps
		// (the fast-vs-reference tests allow 2e-5).
		assertTrue(relMax(a, b) < 1e-5, "forward: " + relMax(a, b));
		final double[] dv = Surveys.random(grid.size(), 6);
		final float[][] ba = on.born(v, dv, 1, Progress.NONE), bb = off.born(v, dv, 1, Progress.NONE);
		assertTrue(relMax(ba, bb) < 1e-5, "Born: " + relMax(ba, bb));
		// The adjoint gradient: flushed and unflushed are as close to the double-precision reference stepper.
		final double[][] w = new double[a.length][];
		final float[][] wf = new float[a.length][];
		for (int i = 0; i < w.length; i++) {
			w[i] = Surveys.random(s.gatherSize(), 8 + i);
			wf[i] = Surveys.toFloat(w[i]);
		}
		final double[] ref = new ReferenceStepper(s).adjoint(v, w, Progress.NONE);
		final double[] ga = on.adjoint(v, wf, null, 1, Progress.NONE), gb = off.adjoint(v, wf, null, 1, Progress.NONE);
		final double errOn = relMax(ga, ref), errOff = relMax(gb, ref);
		assertTrue(errOn < 1e-4 && errOn < 1.5 * errOff + 1e-6, "adjoint vs reference: flushed " + errOn + ", unflushed " + errOff);
		assertTrue(relMax(ga, gb) < 1e-4, "adjoint flushed vs unflushed: " + relMax(ga, gb));
	}

	private static double relMax(final double[] a, final double[] b) {
		double num = 0, den = 0;
		for (int i = 0; i < a.length; i++) {
			num = Math.max(num, Math.abs(a[i] - b[i]));
			den = Math.max(den, Math.abs(b[i]));
		}
		return num / den;
	}

	/** The largest difference relative to the largest value of b. */
	private static double relMax(final float[][] a, final float[][] b) {
		double num = 0, den = 0;
		for (int i = 0; i < a.length; i++)
			for (int j = 0; j < a[i].length; j++) {
				num = Math.max(num, Math.abs(a[i][j] - b[i][j]));
				den = Math.max(den, Math.abs(b[i][j]));
			}
		return num / den;
	}
}
