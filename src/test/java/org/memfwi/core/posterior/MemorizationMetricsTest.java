package org.memfwi.core.posterior;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.memfwi.core.progress.Progress;
import org.memfwi.core.util.Seeds;

class MemorizationMetricsTest {

	@Test
	void ratiosFollowTheDefinitionOnAHandWorkedExample() {
		// One-pixel models 0, 1, 3, 6 and a sample at 0.5: distances 0.5, 0.5, 2.5, 5.5.
		final float[][] training = { { 0 }, { 1 }, { 3 }, { 6 } };
		final MemorizationMetrics.Entry e = MemorizationMetrics.of(new float[] { 0.5f }, training, 50, null);
		assertEquals(0, e.nearest());
		assertEquals(0.5, e.d1(), 1e-15);
		assertEquals(0.5, e.d2(), 1e-15);
		assertEquals(0.5 / ((0.5 + 2.5 + 5.5) / 3), e.ratio(), 1e-15);
		assertEquals(1, e.ratio12(), 1e-15);
		// k = 3 keeps only d(2) and d(3) in the mean.
		assertEquals(0.5 / ((0.5 + 2.5) / 2), MemorizationMetrics.of(new float[] { 0.5f }, training, 3, null).ratio(), 1e-15);
	}

	@Test
	void aCopyOfATrainingModelIsMemorizedAndAnOutsiderIsNot() {
		final SplittableRandom r = new SplittableRandom(3);
		final float[][] training = new float[30][100];
		for (final float[] t : training) for (int i = 0; i < t.length; i++) t[i] = (float) Seeds.gaussian(r);
		final float[] copy = training[17].clone();
		for (int i = 0; i < copy.length; i++) copy[i] += 0.01f * (float) Seeds.gaussian(r);
		final float[] outsider = new float[100];
		for (int i = 0; i < outsider.length; i++) outsider[i] = (float) Seeds.gaussian(r);
		final MemorizationMetrics.Entry[] e = MemorizationMetrics.audit(new float[][] { copy, outsider }, training, 50, 2, Progress.NONE);
		assertEquals(17, e[0].nearest());
		assertTrue(e[0].ratio() < 0.02, "copy ratio " + e[0].ratio());
		assertTrue(e[1].ratio() > 0.7, "outsider ratio " + e[1].ratio());
		assertEquals(0.5, MemorizationMetrics.memorizedFraction(e, 0.5), 0);
	}

	@Test
	void resultsDoNotDependOnTheThreadCount() {
		final SplittableRandom r = new SplittableRandom(4);
		final float[][] training = new float[20][50], samples = new float[13][50];
		for (final float[] t : training) for (int i = 0; i < t.length; i++) t[i] = (float) r.nextDouble();
		for (final float[] t : samples) for (int i = 0; i < t.length; i++) t[i] = (float) r.nextDouble();
		final MemorizationMetrics.Entry[] a = MemorizationMetrics.audit(samples, training, 50, 1, Progress.NONE);
		final MemorizationMetrics.Entry[] b = MemorizationMetrics.audit(samples, training, 50, 2, Progress.NONE);
		for (int i = 0; i < a.length; i++) {
			assertEquals(a[i].nearest(), b[i].nearest());
			assertEquals(a[i].ratio(), b[i].ratio(), 0);
		}
	}

	@Test
	void needsTwoTrainingModelsAndMatchingSizes() {
		final IllegalArgumentException one = assertThrows(IllegalArgumentException.class,
			() -> MemorizationMetrics.of(new float[] { 1 }, new float[][] { { 1 } }, 50, null));
		assertTrue(one.getMessage().contains("needs at least 2 training models; got 1"), one.getMessage());
		final IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
			() -> MemorizationMetrics.of(new float[] { 1, 2 }, new float[][] { { 1 }, { 2 } }, 50, null));
		assertTrue(size.getMessage().contains("use stacks of the same size"), size.getMessage());
	}
}
