package org.memfwi.core.wave;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.memfwi.core.grid.Grid2D;
import org.memfwi.core.progress.Progress;

/**
 * The vector kernel computes the same floats with every vector length: the kernel's length is fixed when its class
 * is loaded ({@code memfwi.vector.bits}, default at most 8 floats), so this test loads the propagator again, in class
 * loaders of its own, with 4 and with 16 floats, and compares the gathers, a misfit gradient, an adjoint and Born
 * gathers of each, bit for bit, with those of this JVM's length. Every cell sees the same operations in the same
 * order whatever the length (a segment's last vector overlaps the one before and recomputes the same values), so the
 * default length can follow the processor's speed (8 floats on AVX-512 as on AVX2) without changing any result.
 */
class VectorLengthTest {

	@Test
	void everyVectorLengthComputesTheSameFloats() throws Exception {
		assumeTrue(Kernel.vectorModulePresent(), "the JVM runs without " + Kernel.VECTOR_MODULE);
		assumeTrue(!"false".equals(System.getProperty("memfwi.vector")), "the vector kernel is switched off");
		final String here = Kernel.DEFAULT.name();
		assertTrue(here.startsWith("vector"), here);
		final Object[] expected = fingerprint();
		final List<URL> urls = new ArrayList<>();
		for (final String entry : System.getProperty("java.class.path").split(File.pathSeparator))
			urls.add(new File(entry).toURI().toURL());
		final String before = System.getProperty("memfwi.vector.bits");
		for (final String bits : new String[] { "128", "512" }) {
			System.setProperty("memfwi.vector.bits", bits);
			// Parent: the platform loader, so that org.memfwi's classes (and the kernel's length) are loaded anew here.
			try (URLClassLoader loader = new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader())) {
				final Class<?> copy = Class.forName(VectorLengthTest.class.getName(), true, loader);
				assertTrue(copy != VectorLengthTest.class, "a second copy of the classes");
				final Method name = copy.getDeclaredMethod("kernelName"), run = copy.getDeclaredMethod("fingerprint");
				// (Package-private members of another loader's package.)
				name.setAccessible(true);
				run.setAccessible(true);
				final String other = (String) name.invoke(null);
				assertTrue(other.startsWith("vector (" + Integer.parseInt(bits) / 32 + " floats"), other);
				// Bit for bit: JUnit compares floats and doubles by their bits (and recurses into the parts).
				assertArrayEquals(expected, (Object[]) run.invoke(null), other + " against " + here);
			}
			finally {
				if (before == null) System.clearProperty("memfwi.vector.bits");
				else System.setProperty("memfwi.vector.bits", before);
			}
		}
	}

	/** The default kernel's name in the class loader of this class (called reflectively on the copies). */
	static String kernelName() {
		return Kernel.DEFAULT.name();
	}

	/**
	 * Gathers (1 thread), a misfit gradient (2 threads), an adjoint J^T w and Born gathers of three surveys whose rows
	 * are narrower than a vector of 16, not a multiple of 8 cells, and several vectors wide, with a free surface,
	 * orders 4 and 8 and sub-stepping: float[] and double[] parts.
	 */
	static Object[] fingerprint() {
		final List<Object> parts = new ArrayList<>();
		final Object[][] cases = { { 37, 19, 8, 6, false, 1.0e-3 }, { 23, 21, 4, 5, true, 2.5e-3 }, { 90, 19, 8, 4, true, 1.0e-3 } };
		for (final Object[] c : cases) {
			final Grid2D grid = new Grid2D((Integer) c[0], (Integer) c[1], 10);
			final WaveSetup s = Surveys.small(grid, (Integer) c[2], (Integer) c[3], (Boolean) c[4], 150, (Double) c[5], 20, 3000);
			final Propagator p = new Propagator(s);
			final double[] v = Surveys.model(grid, 1800, 3000, 3), v2 = Surveys.model(grid, 1700, 2900, 4);
			final float[][] obs = p.forward(v, 1, Progress.NONE);
			parts.add(obs);
			final double[] g = new double[grid.size()];
			parts.add(new double[] { p.misfitGradient(v2, obs, g, 2, Progress.NONE) });
			parts.add(g);
			parts.add(p.adjoint(v2, obs, null, 1, Progress.NONE));
			final double[] dv = new double[grid.size()];
			for (int i = 0; i < dv.length; i += 5) dv[i] = 30;
			parts.add(p.born(v, dv, 2, Progress.NONE));
		}
		return parts.toArray();
	}
}
