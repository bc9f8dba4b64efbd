package org.memfwi.core.wave;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.memfwi.core.grid.Grid2D;
import org.memfwi.core.progress.Progress;

/**
 * The Vector API kernel against the pure-Java one and the double-precision reference stepper, on the configurations
 * of {@link PropagatorTest}. The build runs the time-domain tests twice: with {@code --add-modules
 * jdk.incubator.vector}, where the vector kernel is the default (so PropagatorTest's 1-vs-2-thread bit identity and
 * reference comparisons run on it), and without, where it must not load and pure Java runs. It runs the vector
 * kernel's tests again with vectors of 4 and 16 floats ({@code -Dmemfwi.vector.bits=128, 512}), the lengths of other
 * processors than the build machine's.
 */
class KernelTest {

	@Test
	void theDefaultKernelFollowsTheModule() throws Exception {
		if (Kernel.vectorModulePresent() && !"false".equals(System.getProperty("memfwi.vector"))) {
			assertTrue(Kernel.DEFAULT.name().startsWith("vector"), Kernel.DEFAULT.name());
			assertNull(Kernel.agreement(Kernel.vector()));
			// The build also runs these tests with the vector lengths of other processors (4 floats: NEON, SSE; 16: AVX-512).
			final String bits = System.getProperty("memfwi.vector.bits");
			if (bits != null) assertTrue(Kernel.DEFAULT.name().startsWith("vector (" + Integer.parseInt(bits) / 32 + " floats"), Kernel.DEFAULT.name());
		}
		else {
			assertEquals("java", Kernel.DEFAULT.name());
			if (!Kernel.vectorModulePresent()) assertThrows(LinkageError.class, Kernel::vector);
		}
		assertNull(Kernel.agreement(Kernel.JAVA));
	}

	@ParameterizedTest
	@CsvSource({ "8, 6, false, 1.0e-3, 23", "8, 5, true, 1.0e-3, 23", "4, 4, false, 1.0e-3, 23", "2, 4, true, 1.0e-3, 23",
		"8, 0, false, 1.0e-3, 23", "8, 5, true, 2.5e-3, 23", "8, 4, false, 1.0e-3, 90", "8, 3, true, 1.0e-3, 90", "8, 6, false, 1.0e-3, 5" })
	void vectorKernelMatchesPureJavaAndTheReference(final int order, final int cpml, final boolean fs, final double dt, final int nx)
		throws Exception {
		assumeTrue(Kernel.vectorModulePresent(), "the JVM runs without " + Kernel.VECTOR_MODULE);
		final Grid2D grid = new Grid2D(nx, 19, 10);
		final WaveSetup s = Surveys.small(grid, order, cpml, fs, 150, dt, 20, 3000);
		final double[] v = Surveys.model(grid, 1800, 3000, 3);
		final Propagator java = new Propagator(s, Propagator.DEFAULT_GRADIENT_MEMORY, true, Kernel.JAVA);
		final Propagator vec = new Propagator(s, Propagator.DEFAULT_GRADIENT_MEMORY, true, Kernel.vector());
		final ReferenceStepper ref = new ReferenceStepper(s);
		final double[][] fr = ref.forward(v, Progress.NONE);
		final float[][] fj = java.forward(v, 1, Progress.NONE), fv = vec.forward(v, 1, Progress.NONE);
		// The vector kernel's forward runs in the row-major layout: against pure Java in that layout (the same float
		// operations), and against pure Java in the lane-transposed one (another summation order).
		final float[][] fjr = new Propagator(s, Propagator.DEFAULT_GRADIENT_MEMORY, true, Kernel.JAVA, true).forward(v, 1, Progress.NONE);
		assertTrue(rel(fv, fjr) < 1e-6, "vector vs java row-major forward: " + rel(fv, fjr));
		assertTrue(rel(fv, fj) < 1e-5, "vector vs java forward: " + rel(fv, fj));
		assertTrue(rel(fv, fr) < 2e-5, "vector vs reference forward: " + rel(fv, fr));
		final double[] dv = Surveys.random(grid.size(), 4);
		// Born and the adjoint: pure Java against the reference is PropagatorTest's and RowMajorGradientTest's job.
		// Born with the vector kernel runs in the row-major layout too.
		final Propagator javaRows = new Propagator(s, Propagator.DEFAULT_GRADIENT_MEMORY, true, Kernel.JAVA, true);
		final float[][] bj = java.born(v, dv, 1, Progress.NONE), bv = vec.born(v, dv, 1, Progress.NONE);
		final float[][] bjr = javaRows.born(v, dv, 1, Progress.NONE);
		for (int i = 0; i < bv.length; i++) assertArrayEquals(bjr[i], bv[i], "vector vs java row-major Born");
		assertTrue(rel(bv, bj) < 1e-5, "vector vs java Born: " + rel(bv, bj));
		final float[][] wf = new float[fj.length][];
		for (int i = 0; i < wf.length; i++) wf[i] = Surveys.toFloat(Surveys.random(s.gatherSize(), 20 + i));
		// The adjoint with the vector kernel runs in the row-major layout too: to the bit against pure Java in that layout
		// (the same float operations in the same order), to float rounding against the lane-transposed one.
		final double[] gj = java.adjoint(v, wf, null, 1, Progress.NONE), gv = vec.adjoint(v, wf, null, 1, Progress.NONE);
		final double[] gjr = javaRows.adjoint(v, wf, null, 1, Progress.NONE);
		assertArrayEquals(gjr, gv, "vector vs java row-major adjoint");
		assertTrue(rel(gv, gj) < 1e-5, "vector vs java adjoint: " + rel(gv, gj));
		assertTrue(rel(gv, gj) > 0, "the two layouts sum in different orders: a zero difference means one layout ran twice");
	}

	private static double rel(final float[][] a, final float[][] b) {
		double num = 0, den = 0;
		for (int i = 0; i < a.length; i++)
			for (int j = 0; j < a[i].length; j++) {
				num = Math.max(num, Math.abs(a[i][j] - b[i][j]));
				den = Math.max(den, Math.abs(b[i][j]));
			}
		return num / den;
	}

	private static double rel(final float[][] a, final double[][] b) {
		double num = 0, den = 0;
		for (int i = 0; i < a.length; i++)
			for (int j = 0; j < a[i].length; j++) {
				num = Math.max(num, Math.abs(a[i][j] - b[i][j]));
				den = Math.max(den, Math.abs(b[i][j]));
			}
		return num / den;
	}

	private static double rel(final double[] a, final double[] b) {
		double num = 0, den = 0;
		for (int i = 0; i < a.length; i++) {
			num = Math.max(num, Math.abs(a[i] - b[i]));
			den = Math.max(den, Math.abs(b[i]));
		}
		return num / den;
	}
}
