package org.memfwi.core.prior;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.memfwi.core.progress.Progress;

/** generate-models family=grf convention=mempost: the paper's training models (FFT field, projected onto its KL basis). */
class MempostModelsTest {

	private static GeneratorSettings settings(final int n) {
		return GeneratorSettings.of().withFamily(ModelFamily.GRF).withConvention(GeneratorSettings.Convention.MEMPOST).withN(n)
			.withSize(16, 16).withDx(125).withVelocityRange(MempostRandomField.VMIN, MempostRandomField.VMAX).withSeed(4)
			.validate();
	}

	@Test
	void modelsAreKlReconstructionsOfTheFieldsSamples() {
		final GeneratorSettings s = settings(3);
		assertEquals(3, s.alpha);
		final float[][] models = ModelGenerator.generate(s, 2, Progress.NONE);
		final MempostKlBasis kl = MempostKlBasis.paper(16, 16);
		final double[] m = MempostRandomField.training(16).sample(4, 2, null);
		final double[] expect = MempostKlBasis.velocity(kl.reconstruct(kl.project(m, null), null), null);
		for (int i = 0; i < expect.length; i++) assertEquals(expect[i], models[2][i], 1e-3, "cell " + i);
		assertArrayEquals(models[1], ModelGenerator.model(s, 1));
		// the model lies in the span of the basis: projecting its squared slowness again changes nothing
		final double[] m2 = new double[256];
		for (int i = 0; i < m2.length; i++) m2[i] = 1 / ((double) models[0][i] * models[0][i]);
		final double[] again = kl.reconstruct(kl.project(m2, null), null);
		for (int i = 0; i < m2.length; i++) assertEquals(m2[i], again[i], 1e-6 * m2[i]);
	}

	@Test
	void velocitiesScatterAroundTheBackground() {
		final float[][] models = ModelGenerator.generate(settings(40), 1, Progress.NONE);
		double sum = 0, min = Double.MAX_VALUE, max = 0;
		for (final float[] v : models)
			for (final float x : v) {
				sum += x;
				min = Math.min(min, x);
				max = Math.max(max, x);
			}
		final double mean = sum / (40 * 256);
		// modes start at 1: no constant mode, so the mean squared slowness stays near the basis' 1/2000^2
		assertTrue(mean > 1900 && mean < 2100, "mean velocity " + mean);
		assertTrue(max - min > 50, "range " + min + ".." + max);
	}

	@Test
	void oddGridIsRefused() {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GeneratorSettings.of()
			.withFamily(ModelFamily.GRF).withConvention(GeneratorSettings.Convention.MEMPOST).withSize(15, 16).validate());
		assertTrue(e.getMessage().contains("convention=mempost"), e.getMessage());
	}
}
