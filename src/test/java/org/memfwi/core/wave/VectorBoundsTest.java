package org.memfwi.core.wave;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The command-line launcher switches the Vector API's per-load bounds checks off, so every loop of the vector kernel
 * must refuse, on entry and before writing anything, a range its loads or stores would leave the arrays with. Each
 * row-major loop is called here with a range one column too far right, one too far left, and with a row missing;
 * each must throw {@link IndexOutOfBoundsException} and leave its outputs as they were. (The surefire run keeps the
 * per-load checks, so an entry check that let a bad range through would show as the per-load exception at another
 * place, or as modified outputs: both fail here.)
 */
class VectorBoundsTest {

	private static final int SPAN = 64;

	private static float[][] rows(final int n) {
		final float[][] u = new float[n][SPAN];
		for (int z = 0; z < n; z++) for (int x = 0; x < SPAN; x++) u[z][x] = (float) Math.sin(0.37 * x + 1.3 * z);
		return u;
	}

	private static void refused(final float[] out, final Executable call) {
		final float[] before = out.clone();
		assertThrows(IndexOutOfBoundsException.class, call);
		assertArrayEquals(before, out, "written before the refusal");
	}

	@Test
	void everyRowMajorLoopRefusesARangeOutsideItsArrays() throws Exception {
		assumeTrue(Kernel.vectorModulePresent(), "no Vector API module in this run");
		final Kernel k = Kernel.vector();
		final float[][] u = rows(10), pz = rows(10);
		final float[] o = new float[SPAN], o1 = new float[SPAN], c = new float[SPAN], ax = new float[SPAN], bx = new float[SPAN],
			zx = new float[SPAN], zz = new float[SPAN], tmp = new float[RowMajor.TMP];
		final float[] kk = { -2.85f, 1.6f, -0.2f, 0.025f, -0.0018f, 0.8f, -0.2f, 0.038f, -0.0036f };
		Arrays.fill(c, 0.09f);
		// In range: [4, SPAN - 4) of rows 0..8 around z = 4 (rows 0..9 for the pair).
		k.rmInterior(o, u, 4, c, kk, true, null, 0, 4, SPAN - 4, tmp);
		k.rmInterior2(o, o1, u, 4, c, c, kk, true, null, 0, 0, 4, SPAN - 4, tmp);
		k.rmXLayer(o, u, u[2], zx, ax, bx, true, pz, zz, 4, c, kk, 0.1f, 0.9f, true, null, 0, 4, SPAN - 4, tmp);
		for (final int[] r : new int[][] { { 5, SPAN - 3 }, { 3, SPAN - 4 } }) {
			final int x0 = r[0], x1 = r[1];
			refused(o, () -> k.rmInterior(o, u, 4, c, kk, true, null, 0, x0, x1, tmp));
			refused(o1, () -> k.rmInterior2(o, o1, u, 4, c, c, kk, true, null, 0, 0, x0, x1, tmp));
			refused(o, () -> k.rmPx(o, zx, u[4], ax, bx, kk, true, x0, x1));
			refused(zz, () -> k.rmXLayer(o, u, u[2], zx, ax, bx, true, pz, zz, 4, c, kk, 0.1f, 0.9f, true, null, 0, x0, x1, tmp));
		}
		// The adjoint's loops (sigma reads T at x -+ 4) and the gradient sum (K at an offset).
		k.rmSigmaX(o1, zz, zx, u[3], ax, bx, kk, true, 4, SPAN - 4);
		refused(zz, () -> k.rmSigmaX(o1, zz, zx, u[3], ax, bx, kk, true, 5, SPAN - 3));
		refused(o, () -> k.rmAccumulate(o, u[2], u[3], 9, 8, SPAN - 8));
		// The loops that read no x-neighbours: one column past the end.
		refused(o, () -> k.rmPz(o, zz, u, 4, kk, 0.1f, 0.9f, true, 8, SPAN + 1));
		// A row missing: z + 4 beyond the rows.
		refused(o, () -> k.rmInterior(o, u, 6, c, kk, true, null, 0, 8, 40, tmp));
		refused(o, () -> k.rmPz(o, zz, u, 6, kk, 0.1f, 0.9f, true, 8, 40));
		refused(o1, () -> k.rmInterior2(o, o1, u, 5, c, c, kk, true, null, 0, 0, 8, 40, tmp));
		// Scratch too short for the last vector.
		refused(o, () -> k.rmInterior(o, u, 4, c, kk, true, null, 0, 5, SPAN - 6, new float[1]));
		// K stored (the gradient's forward): a K array one float too short for the second row of a pair, or for the
		// last x-layer segment of a row.
		final float[] kOut = new float[2 * SPAN];
		k.rmInterior2(o, o1, u, 4, c, c, kk, true, kOut, 0, SPAN, 4, SPAN - 4, tmp);
		refused(o1, () -> k.rmInterior2(o, o1, u, 4, c, c, kk, true, kOut, 0, SPAN + 5, 4, SPAN - 4, tmp));
		final int[] seg = { 8, 16, 24, SPAN - 8 };
		k.rmXSegments(o, u, zz, zx, o1, ax, bx, 4, c, kk, true, kOut, SPAN + 8, seg, tmp);
		refused(o, () -> k.rmXSegments(o, u, zz, zx, o1, ax, bx, 4, c, kk, true, kOut, SPAN + 9, seg, tmp));
	}
}
