package org.memfwi.core.prior;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.TreeSet;

import org.memfwi.core.progress.CanceledException;
import org.memfwi.core.progress.Progress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ModelGeneratorTest {

	private static GeneratorSettings settings(final ModelFamily f, final int n, final long seed) {
		return GeneratorSettings.of().withFamily(f).withN(n).withSeed(seed).validate();
	}

	@ParameterizedTest
	@EnumSource(ModelFamily.class)
	void valuesLieInTheVelocityRangeAndDependOnlyOnTheSeed(final ModelFamily f) {
		final float[][] a = ModelGenerator.generate(settings(f, 6, 42), 1, Progress.NONE);
		final float[][] b = ModelGenerator.generate(settings(f, 6, 42), 2, Progress.NONE);
		final float[][] c = ModelGenerator.generate(settings(f, 6, 43), 2, Progress.NONE);
		for (int i = 0; i < a.length; i++) {
			assertEquals(70 * 70, a[i].length);
			assertArrayEquals(a[i], b[i], "model " + i + " differs between 1 and 2 threads");
			assertFalse(Arrays.equals(a[i], c[i]), "model " + i + " is the same for seeds 42 and 43");
			for (final float v : a[i]) assertTrue(v >= 1500 && v <= 4500, "velocity " + v + " outside [1500, 4500]");
		}
		// The first models of a longer run equal those of a shorter one.
		final float[][] longer = ModelGenerator.generate(settings(f, 9, 42), 2, Progress.NONE);
		for (int i = 0; i < a.length; i++) assertArrayEquals(a[i], longer[i]);
	}

	@Test
	void flatLayersHaveTheFamilysLayerCountsAndIncreaseWithDepth() {
		final GeneratorSettings s = settings(ModelFamily.FLAT, 200, 7);
		final TreeSet<Integer> counts = new TreeSet<>();
		for (final float[] m : ModelGenerator.generate(s, 0, Progress.NONE)) {
			// Flat: every row constant, so each column is the velocity profile; count distinct values along depth.
			int layers = 1;
			for (int iz = 1; iz < 70; iz++) {
				for (int ix = 1; ix < 70; ix++) assertEquals(m[70 * iz], m[ix + 70 * iz], "flat layers vary along x");
				final float up = m[70 * (iz - 1)], here = m[70 * iz];
				assertTrue(here >= up, "velocity decreases with depth at z = " + iz);
				if (here != up) layers++;
			}
			counts.add(layers);
		}
		assertEquals(2, (int) counts.first());
		assertEquals(6, (int) counts.last());
	}

	@Test
	void faultedModelsAreNotLaterallyInvariant() {
		int lateral = 0;
		for (final float[] m : ModelGenerator.generate(settings(ModelFamily.FLAT_FAULT, 50, 3), 0, Progress.NONE)) {
			boolean varies = false;
			for (int iz = 0; iz < 70 && !varies; iz++)
				for (int ix = 1; ix < 70; ix++) if (m[ix + 70 * iz] != m[70 * iz]) varies = true;
			if (varies) lateral++;
		}
		assertTrue(lateral >= 45, "only " + lateral + " of 50 faulted models show a lateral offset");
	}

	@Test
	void randomFieldHasTheRequestedMeanAndSpread() {
		final GeneratorSettings s = GeneratorSettings.of().withFamily(ModelFamily.GRF).withN(400).withSeed(5)
			.withVelocityRange(1000, 7000).withBackground(4000).withAmplitude(300).validate();
		double sum = 0, sum2 = 0;
		long count = 0;
		for (final float[] m : ModelGenerator.generate(s, 0, Progress.NONE))
			for (final float v : m) {
				sum += v;
				sum2 += (double) v * v;
				count++;
			}
		final double mean = sum / count, sd = Math.sqrt(sum2 / count - mean * mean);
		// 400 fields: the sample mean is within a few standard errors of the background, the spread near 300 m/s.
		assertEquals(4000, mean, 60);
		assertEquals(300, sd, 45);
	}

	@Test
	void badSettingsNameTheParameter() {
		assertMessage("n (number of models) must be at least 1", () -> GeneratorSettings.of().withN(0).validate());
		assertMessage("nx (model width) must be at least 8", () -> GeneratorSettings.of().withSize(7, 70).validate());
		assertMessage("nz (model depth) must be at least 8", () -> GeneratorSettings.of().withSize(70, 3).validate());
		assertMessage("vmin (2000.0 m/s) must be less than vmax (2000.0 m/s)",
			() -> GeneratorSettings.of().withVelocityRange(2000, 2000).validate());
		assertMessage("family 'salt' is unknown", () -> ModelFamily.fromKey("salt"));
		assertMessage("dx (cell size) must be a positive number", () -> GeneratorSettings.of().withDx(0).validate());
		assertMessage("minlayers (5) must not exceed maxlayers (3)", () -> GeneratorSettings.of().withLayers(5, 3).validate());
	}

	@Test
	void copiesResolveTheDefaultsAgain() {
		// 0 background / amplitude and NaN alpha mean "derived": a later with... copy derives them from its own values.
		final GeneratorSettings s = GeneratorSettings.of().withBackground(0).withVelocityRange(1000, 7000);
		assertEquals(4000, s.background);
		assertEquals(1000, s.amplitude);
		assertEquals(1, s.alpha);
		assertEquals(3, s.withConvention(GeneratorSettings.Convention.MEMPOST).alpha);
		assertEquals(Math.min(ModelFamily.FLAT.defaultMaxLayers(), 5), s.withSize(70, 10).maxLayers);
		assertEquals(2500, s.withBackground(2500).background);
	}

	@Test
	void aStackTooLargeForTheHeapIsRefusedUpFront() {
		final GeneratorSettings s = GeneratorSettings.of().withN(1_000_000).withSize(1000, 1000).validate();
		assertMessage("needs about", () -> ModelGenerator.generate(s, 1, Progress.NONE));
	}

	@Test
	void cancelStopsTheGenerator() {
		final Progress canceled = new Progress() {
			@Override public void fraction(final double d) {}
			@Override public void status(final String m) {}
			@Override public void warn(final String m) {}
			@Override public boolean isCanceled() { return true; }
		};
		assertThrows(CanceledException.class, () -> ModelGenerator.generate(settings(ModelFamily.FLAT, 5, 1), 1, canceled));
	}

	static void assertMessage(final String expected, final Executable ex) {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, ex);
		assertTrue(e.getMessage().contains(expected), "message '" + e.getMessage() + "' lacks '" + expected + "'");
	}
}
