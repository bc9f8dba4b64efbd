package org.memfwi.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.memfwi.core.util.Table;

import org.junit.jupiter.api.Test;

/** The demo's lookup diagnostics on a case small enough to work out by hand. */
class DemoDiagnosticsTest {

	private static double value(final Table t, final String metric) {
		for (int i = 0; i < t.rowCount(); i++)
			if (metric.equals(t.get(i, 0))) return ((Number) t.get(i, 1)).doubleValue();
		throw new AssertionError("no row " + metric);
	}

	@Test
	void nearestModelItsMisfitRankAndTheDpsMisfitRatio() {
		// Truth (0, 0); models at distances 5 (3,4), 1 (1,0) and 2 (0,2): the nearest is model 2, RMS distance 1/sqrt(2).
		final float[][] train = { { 3, 4 }, { 1, 0 }, { 0, 2 } };
		final double[] misfits = { 10, 40, 20 };
		final double[] sampleMisfits = { 10, 20, 20, 40 };
		final Table out = new Table("metric", "value");
		final DemoCommand.Summary sum = new DemoCommand.Summary();
		DemoCommand.lookupDiagnostics(out, sum, train, new float[] { 0, 0 }, misfits, sampleMisfits);
		assertEquals(2, value(out, "truth_nearest_training_index"));
		assertEquals(Math.sqrt(0.5), value(out, "truth_nearest_training_rmse"), 1e-15);
		assertEquals(3, value(out, "truth_nearest_training_misfit_rank")); // misfits 10 and 20 are lower than its 40
		assertEquals(2.0, value(out, "dps_median_misfit_over_best"), 1e-15); // median of 10, 20, 20, 40 over 10
		// the report reads the same numbers, typed
		assertEquals(Math.sqrt(0.5), sum.nearestRmse, 1e-15);
		assertEquals(3, sum.rank);
		assertEquals(2.0, sum.dpsOverBest, 1e-15);
	}
}
