package org.memfwi.core.posterior;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.memfwi.core.grid.Grid2D;
import org.memfwi.core.operator.ForwardOperator;
import org.memfwi.core.operator.Linearization;
import org.memfwi.core.operator.SourceScaling;
import org.memfwi.core.progress.Progress;
import org.memfwi.core.wave.Acquisition;
import org.memfwi.core.wave.TimeDomainOperator;
import org.memfwi.core.wave.WaveSettings;
import org.memfwi.core.wave.WaveSetup;
import org.memfwi.core.wave.Wavelet;

/**
 * Stopping a model's simulation once its weight is certainly zero: the bound on the misfit of part of the data, the
 * threshold it is compared with, and the claim that the weights of the others do not change.
 */
class PruningTest {

	private static TimeDomainOperator operator() {
		final Grid2D g = new Grid2D(30, 20, 10);
		final Acquisition acq = new Acquisition(new double[] { 80, 210 }, new double[] { 20, 20 }, new double[] { 30, 100, 170, 240 },
			new double[] { 10, 10, 10, 10 });
		return new TimeDomainOperator(new WaveSetup(g, acq, Wavelet.ricker(15, Wavelet.defaultDelay(15), 1e-3, 400),
			WaveSettings.DEFAULT.withCpml(8), 1500, 3000, Progress.NONE), TimeDomainOperator.Precision.FLOAT, 1);
	}

	private static double[] layered(final Grid2D g, final double top, final double bottom, final int interface_) {
		final double[] v = new double[g.size()];
		for (int z = 0; z < g.nz(); z++) for (int x = 0; x < g.nx(); x++) v[z * g.nx() + x] = z < interface_ ? top : bottom;
		return v;
	}

	@Test
	void partialMisfitIsExactWhenCompleteAndALowerBoundAboveTheLimitWhenStopped() {
		final TimeDomainOperator op = operator();
		final Grid2D g = op.setup().grid();
		final double[] y = op.apply(layered(g, 2000, 2600, 8), null);
		final Likelihood lik = new Likelihood(op, y, 1e-3 * max(y));
		final double[] x = layered(g, 1900, 2800, 12);
		final double exact = lik.misfit(op.apply(x, null));
		final Likelihood.Partial full = lik.misfit(x, () -> Double.POSITIVE_INFINITY);
		assertTrue(full.complete());
		assertEquals(Double.doubleToLongBits(exact), Double.doubleToLongBits(full.misfit), "the same bits as misfit(apply)");
		for (final double f : new double[] { 0.05, 0.3, 0.7 }) {
			final double limit = f * exact;
			final Likelihood.Partial p = lik.misfit(x, () -> limit);
			assertTrue(p.evaluated < 1 && p.evaluated > 0, "stopped part way: " + p.evaluated);
			assertTrue(p.misfit > limit && p.misfit <= exact, "bound " + p.misfit + " in (" + limit + ", " + exact + "]");
		}
		// A limit above the misfit never stops it.
		assertEquals(exact, lik.misfit(x, () -> 1.01 * exact).misfit, 0);
		// Source scalars are fitted to all of the data, so part of it bounds nothing.
		assertThrows(IllegalStateException.class, () -> lik.withSourceScaling(SourceScaling.perShot(2, y.length / 2)).misfit(x,
			() -> 1.0));
	}

	@Test
	void anOperatorWithoutStagesIsEvaluatedCompletely() {
		final ForwardOperator twice = new ForwardOperator() {
			@Override public int modelSize() { return 3; }

			@Override public int dataSize() { return 3; }

			@Override public double[] apply(final double[] x, final double[] out) {
				final double[] o = out == null ? new double[3] : out;
				for (int i = 0; i < 3; i++) o[i] = 2 * x[i];
				return o;
			}

			@Override public Linearization linearize(final double[] x) { throw new UnsupportedOperationException(); }
		};
		final Likelihood lik = new Likelihood(twice, new double[] { 0, 0, 0 }, 1);
		final Likelihood.Partial p = lik.misfit(new double[] { 1, 2, 3 }, () -> 0.5);
		assertTrue(p.complete());
		assertEquals(56, p.misfit, 0);
	}

	@Test
	void boundIsTheKthSmallestCompleteMisfitOrTheSmallestPlusTheMargin() {
		final PruningBound b = new PruningBound(3);
		b.complete(5000);
		b.complete(Double.NaN);
		b.complete(100);
		assertEquals(Double.POSITIVE_INFINITY, b.limit(), "fewer than 3 complete");
		b.complete(900);
		assertEquals(5000, b.limit(), 0, "the third smallest, 5000 > 100 + 1600");
		b.complete(20000);
		assertEquals(5000, b.limit(), 0, "a larger misfit changes nothing");
		b.complete(50);
		b.complete(60);
		assertEquals(1650, b.limit(), 0, "the smallest + 1600, above the third smallest (900, then 100)");
		final PruningBound wide = new PruningBound(2);
		wide.complete(10);
		wide.complete(1e6);
		assertEquals(1e6, wide.limit(), 0, "the best matches (here 2) stay exact");
		assertThrows(IllegalArgumentException.class, () -> new PruningBound(0));
	}

	@Test
	void aModelBeyondTheMarginHasZeroWeightWhateverItsExactMisfit() {
		// Misfits: the complete ones, and one model known only to exceed best + MARGIN: its weight is exactly zero,
		// and the others' weights are the same bits, for any true misfit beyond the bound.
		final double best = 123456.789;
		final double[] base = { best, best + 3.5, best + 700, best + 1599 };
		for (final double pruned : new double[] { best + PruningBound.MARGIN + 1e-6, best + 1e4, 1e300 }) {
			final double[] a = new double[base.length + 1], b = new double[base.length + 1];
			for (int i = 0; i < base.length; i++) a[i] = b[i] = -0.5 * base[i];
			a[base.length] = -0.5 * (best + PruningBound.MARGIN + 1e-9);
			b[base.length] = -0.5 * pruned;
			final double[] wa = LogWeights.of(a), wb = LogWeights.of(b);
			assertEquals(0, wa[base.length], 0);
			assertEquals(0, wb[base.length], 0);
			assertArrayEquals(wa, wb, 0);
		}
	}

	private static double max(final double[] y) {
		double m = 0;
		for (final double v : y) m = Math.max(m, Math.abs(v));
		return m;
	}

	/** Weights from unnormalized log weights, as the posteriors compute them. */
	private static final class LogWeights {
		static double[] of(final double[] l) {
			final double[] n = org.memfwi.core.util.LogSpace.normalizeLog(l, null);
			for (int i = 0; i < n.length; i++) n[i] = Math.exp(n[i]);
			return n;
		}
	}
}
