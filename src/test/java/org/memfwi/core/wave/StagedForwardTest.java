package org.memfwi.core.wave;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.memfwi.core.grid.Grid2D;
import org.memfwi.core.operator.ForwardOperator;
import org.memfwi.core.progress.Progress;

/**
 * A forward run that reports its gathers every 32 steps and stops when told: what it reports is the full run's data
 * bit for bit, each value once, and a stop ends every batch and every thread of a team after the same step.
 */
class StagedForwardTest {

	/** Every sample reported, in every layout and plan: one batch on 1 thread, two batches side by side, a team of 2. */
	@Test
	void reportsEverySampleOnceAndTheSameBitsAsTheFullRun() {
		final WaveSetup two = Surveys.small(new Grid2D(160, 120, 10), 8, 10, true, 150, 1e-3, 20, 3000);
		final WaveSetup one = new WaveSetup(new Grid2D(200, 150, 10), new Acquisition(new double[] { 523 }, new double[] { 207 },
			new double[] { 0, 610, 1990 }, new double[] { 15, 0, 1170 }), Wavelet.ricker(20, Wavelet.defaultDelay(20), 1e-3, 100),
			WaveSettings.DEFAULT.withCpml(10).withFreeSurface(true), 1000, 3000, Progress.NONE);
		assertArrayEquals(new int[] { 1, 1, 2 }, new Propagator(one).plan(2), "a team of two threads on one shot");
		for (final WaveSetup s : new WaveSetup[] { two, one })
			for (final boolean rowMajor : new boolean[] { true, false })
				for (final int threads : new int[] { 1, 2 }) {
					final String what = (s == two ? "two shots" : "one shot") + (rowMajor ? ", row-major" : ", lane layout") + ", " +
						threads + " thread(s)";
					final Propagator p = new Propagator(s, Propagator.DEFAULT_GRADIENT_MEMORY, true, Kernel.DEFAULT, rowMajor);
					final double[] v = Surveys.model(s.grid(), 1800, 3000, 5);
					final float[][] full = p.forward(v, threads, Progress.NONE);
					final List<int[]> calls = new ArrayList<>();
					final float[][] staged = p.forward(v, threads, Progress.NONE, (gathers, first, count, samples) -> {
						calls.add(new int[] { first, count, samples });
						// What is reported as recorded is final: the full run's values.
						for (int sh = first; sh < first + count; sh++)
							assertArrayEquals(Arrays.copyOf(full[sh], samples * s.acquisition.receivers()),
								Arrays.copyOf(gathers[sh], samples * s.acquisition.receivers()), what + ", shot " + sh + ", " + samples + " samples");
						return true;
					});
					for (int sh = 0; sh < full.length; sh++) assertArrayEquals(full[sh], staged[sh], what);
					// After steps 32, 64, ... of each batch, with samples = steps / m + 1.
					final int batches = s == two && threads == 2 ? 2 : 1;
					assertEquals(batches * (s.steps() / 32), calls.size(), what + ": calls");
					for (final int[] c : calls) {
						boolean stage = false;
						for (int n = 32; n <= s.steps(); n += 32) stage |= c[2] == n / s.substeps() + 1;
						assertTrue(stage, what + ": " + c[2] + " samples is not after a multiple of 32 steps");
					}
				}
	}

	/** A stop after the second stage: every batch leaves, the team after the same step, and no later sample is written. */
	@Test
	void aStopEndsEveryBatchAndTeam() {
		final WaveSetup two = Surveys.small(new Grid2D(160, 120, 10), 8, 10, true, 150, 1e-3, 20, 3000);
		final WaveSetup one = new WaveSetup(new Grid2D(200, 150, 10), new Acquisition(new double[] { 523 }, new double[] { 207 },
			new double[] { 0, 610, 1990 }, new double[] { 15, 0, 1170 }), Wavelet.ricker(20, Wavelet.defaultDelay(20), 1e-3, 100),
			WaveSettings.DEFAULT.withCpml(10).withFreeSurface(true), 1000, 3000, Progress.NONE);
		for (final WaveSetup s : new WaveSetup[] { two, one })
			for (final boolean rowMajor : new boolean[] { true, false }) {
				final Propagator p = new Propagator(s, Propagator.DEFAULT_GRADIENT_MEMORY, true, Kernel.DEFAULT, rowMajor);
				final double[] v = Surveys.model(s.grid(), 1800, 3000, 5);
				final int[] calls = { 0 };
				final float[][] staged = p.forward(v, 2, Progress.NONE, (gathers, first, count, samples) -> ++calls[0] < 2);
				assertEquals(2, calls[0], "calls: no batch asks again after the stop");
				// The run left within two steps of the stop (at most 2 x 32 + 2 steps run), so the gathers end there.
				final int nr = s.acquisition.receivers();
				final int last = (64 + 2) / s.substeps() + 1;
				for (final float[] g : staged) {
					boolean later = false;
					for (int i = last * nr; i < g.length; i++) later |= g[i] != 0;
					assertFalse(later, "samples recorded after the stop");
				}
			}
	}

	/** The operator's staged apply gives the same data as apply, each value reported once, in shot order per stage. */
	@Test
	void operatorReportsEachValueOnce() {
		final WaveSetup s = Surveys.small(new Grid2D(40, 30, 10), 8, 6, false, 100, 1e-3, 20, 3000);
		final TimeDomainOperator op = new TimeDomainOperator(s, TimeDomainOperator.Precision.FLOAT, 1);
		final double[] v = Surveys.model(s.grid(), 1800, 3000, 2);
		final double[] full = op.apply(v, null), staged = new double[op.dataSize()];
		final int[] seen = new int[op.dataSize()];
		final int[] stages = { 0 };
		assertTrue(op.apply(v, staged, new ForwardOperator.Watch() {
			@Override public void computed(final double[] out, final int from, final int to) {
				for (int i = from; i < to; i++) {
					seen[i]++;
					assertEquals(full[i], out[i], 0, "value " + i);
				}
			}

			@Override public boolean proceed() {
				stages[0]++;
				return true;
			}
		}));
		assertArrayEquals(full, staged, 0);
		for (int i = 0; i < seen.length; i++) assertEquals(1, seen[i], "value " + i + " reported");
		assertEquals(s.steps() / 32 + 1, stages[0], "stages");
		// Told to stop after the first stage: false, and only the first 32 steps' samples were reported.
		final double[] part = new double[op.dataSize()];
		final int[] reported = { 0 };
		assertFalse(op.apply(v, part, new ForwardOperator.Watch() {
			@Override public void computed(final double[] out, final int from, final int to) { reported[0] += to - from; }

			@Override public boolean proceed() { return false; }
		}));
		assertEquals(s.acquisition.sources() * (32 / s.substeps() + 1) * s.acquisition.receivers(), reported[0]);
	}
}
