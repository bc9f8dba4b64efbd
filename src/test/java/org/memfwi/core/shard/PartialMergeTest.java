package org.memfwi.core.shard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.memfwi.core.operator.ForwardOperator;
import org.memfwi.core.operator.TestOperators;
import org.memfwi.core.posterior.Likelihood;
import org.memfwi.core.posterior.LinearizedComponent;
import org.memfwi.core.posterior.LinearizedPosterior;
import org.memfwi.core.posterior.MemorizationMetrics;
import org.memfwi.core.posterior.Ranking;
import org.memfwi.core.posterior.ReweightedPosterior;
import org.memfwi.core.prior.TrainingSet;
import org.memfwi.core.progress.Progress;
import org.memfwi.core.util.Seeds;

/**
 * Partials of K = 1, 3 and 7 shards, written to disk and read back, merge into the single run's results: the reference
 * is the existing single-run code (two-pass reweighted posterior, streaming linearized posterior, full audit).
 */
class PartialMergeTest {

	@TempDir
	Path dir;

	private static final int[] KS = { 1, 3, 7 };

	/** Velocity-like float models (m/s) with a common layer (equal values in every model) and random misfits. */
	private static float[][] models(final int n, final int d, final long seed) {
		final SplittableRandom r = Seeds.stream(seed, 0);
		final float[][] m = new float[n][d];
		for (final float[] x : m)
			for (int i = 0; i < d; i++) x[i] = i < 3 ? 1500f : (float) (2000 + 2500 * r.nextDouble());
		return m;
	}

	/** Max |a - b| relative to max |b|: the images' relative error. */
	static double relative(final double[] a, final double[] b) {
		double e = 0, s = 0;
		for (int i = 0; i < a.length; i++) {
			e = Math.max(e, Math.abs(a[i] - b[i]));
			s = Math.max(s, Math.abs(b[i]));
		}
		return e / s;
	}

	private <T> List<T> roundTrip(final List<PosteriorPartial> parts, final List<String> names) throws IOException {
		final List<T> out = new ArrayList<>();
		for (int p = 0; p < parts.size(); p++) {
			final Path f = Files.createDirectories(dir.resolve(names.get(p)));
			parts.get(p).write(f);
			@SuppressWarnings("unchecked") final T t = (T) PosteriorPartial.read(f);
			out.add(t);
		}
		return out;
	}

	@Test
	void reweightedShardsMergeIntoTheSingleRun() throws IOException {
		final int n = 61, d = 40;
		final float[][] m = models(n, d, 3);
		final TrainingSet t = TrainingSet.ofFloats(m);
		final SplittableRandom r = Seeds.stream(5, 1);
		final double[] logLik = new double[n];
		// A large common offset: every likelihood underflows, only differences matter.
		for (int k = 0; k < n; k++) logLik[k] = -1e5 - 3 * r.nextDouble() * r.nextDouble() * 10;
		final ReweightedPosterior single = ReweightedPosterior.of(logLik, t);
		for (final int kk : KS) {
			final List<PosteriorPartial> parts = new ArrayList<>();
			final List<String> names = new ArrayList<>();
			for (int i = 0; i < kk; i++) {
				final PosteriorPartial p = new PosteriorPartial(new PosteriorPartial.Header(PosteriorPartial.Kind.REWEIGHTED, "h", n, i, kk,
					d, 9, 0));
				final Shard s = Shard.of(i, kk);
				for (int j = 0; j < s.size(n); j++) {
					final int k = s.model(j);
					final double[] x = t.copy(k, null);
					p.add(k, logLik[k], -2 * logLik[k], false, x, null, () -> x);
				}
				parts.add(p);
				names.add("shard" + i);
			}
			Collections.reverse(parts); // the order given does not matter
			Collections.reverse(names);
			final List<PosteriorPartial> read = roundTrip(parts, names);
			final PartialMerge.MergedPosterior mp = PartialMerge.merge(read, names);
			// weights, ESS and modes: the same computation on the same rows, bit for bit
			assertArrayEquals(single.weights(), mp.weights(), 0, "K = " + kk);
			assertArrayEquals(single.logWeights(), mp.logWeights(), 0);
			assertEquals(single.effectiveSampleSize(), mp.effectiveSampleSize(), 0);
			assertEquals(single.effectiveModes(), mp.effectiveModes(), 0);
			assertTrue(single.effectiveModes() > 3, "a test with several modes: " + single.effectiveModes());
			// moments: one pass and merges against the two-pass reference, 1e-12 relative
			assertTrue(relative(mp.mean(), single.mean()) < 1e-12, "K = " + kk + ": mean " + relative(mp.mean(), single.mean()));
			assertTrue(relative(mp.variance(), single.variance()) < 1e-12, "K = " + kk + ": variance " +
				relative(mp.variance(), single.variance()));
			for (int i = 3; i < d; i++) assertEquals(single.variance()[i], mp.variance()[i], 1e-12 * single.variance()[i]);
			final int[] rank = single.ranking();
			assertEquals(9, mp.leading().size());
			for (int i = 0; i < 9; i++) {
				assertEquals(rank[i], mp.leading().get(i).index);
				assertArrayEquals(t.copy(rank[i], null), mp.leading().get(i).image, 0);
			}
		}
	}

	@Test
	void linearizedShardsMergeIntoTheSingleRunAndOneShardIsBitForBit() throws IOException {
		final int n = 29, d = 12;
		final ForwardOperator op = TestOperators.smooth(d, 9, 21);
		final SplittableRandom rnd = Seeds.stream(22, 0);
		final double[][] xs = new double[n][d];
		for (final double[] x : xs)
			for (int i = 0; i < d; i++) x[i] = Seeds.gaussian(rnd);
		final Likelihood lik = new Likelihood(op, op.apply(xs[4], null), 0.8);
		final TrainingSet t = TrainingSet.of(xs);
		final double sigma = 0.5;
		final LinearizedComponent[] c = LinearizedPosterior.components(lik, t, LinearizedPosterior.Settings.of(sigma).withRank(4).withSeed(9)
			.validate(), Progress.NONE);
		final LinearizedPosterior.Result single = LinearizedPosterior.combine(c, sigma, 5, 0, 9);
		for (final int kk : KS) {
			final List<PosteriorPartial> parts = new ArrayList<>();
			final List<String> names = new ArrayList<>();
			for (int i = 0; i < kk; i++) {
				final PosteriorPartial p = new PosteriorPartial(new PosteriorPartial.Header(PosteriorPartial.Kind.LINEARIZED, "h", n, i, kk,
					d, 5, 0));
				final Shard s = Shard.of(i, kk);
				for (int j = 0; j < s.size(n); j++) {
					final LinearizedComponent cc = c[s.model(j)];
					p.add(cc.index(), cc.logWeight(sigma), cc.spectrum().misfit(), true, cc.mean(sigma, null), cc.covarianceDiagonal(sigma, null),
						() -> cc.shift(sigma, null));
				}
				parts.add(p);
				names.add("lin" + i);
			}
			final PartialMerge.MergedPosterior mp = PartialMerge.merge(roundTrip(parts, names), names);
			assertArrayEquals(single.weights(), mp.weights(), 0);
			assertEquals(single.effectiveSampleSize(), mp.effectiveSampleSize(), 0);
			assertEquals(single.reweightedEffectiveModes(), mp.reweightedEffectiveModes(), 0);
			if (kk == 1) { // the same operations in the same order
				assertArrayEquals(single.mean(), mp.mean(), 0);
				assertArrayEquals(single.variance(), mp.variance(), 0);
				assertArrayEquals(single.withinVariance(), mp.withinVariance(), 0);
			}
			assertTrue(relative(mp.mean(), single.mean()) < 1e-12, "K = " + kk);
			assertTrue(relative(mp.variance(), single.variance()) < 1e-12, "K = " + kk);
			assertTrue(relative(mp.withinVariance(), single.withinVariance()) < 1e-12, "K = " + kk);
			for (int i = 0; i < 5; i++) {
				assertEquals(single.leading().get(i).index(), mp.leading().get(i).index);
				assertArrayEquals(single.leading().get(i).shift(sigma, null), mp.leading().get(i).image, 0);
			}
		}
	}

	@Test
	void linearizingTheBestMOfTheWholeSetIsDecidedAtTheMerge() throws IOException {
		final int n = 31, d = 10, mBest = 6;
		final ForwardOperator op = TestOperators.smooth(d, 8, 4);
		final SplittableRandom rnd = Seeds.stream(23, 0);
		final double[][] xs = new double[n][d];
		for (final double[] x : xs)
			for (int i = 0; i < d; i++) x[i] = Seeds.gaussian(rnd);
		final Likelihood lik = new Likelihood(op, op.apply(xs[7], null), 0.5);
		final TrainingSet t = TrainingSet.of(xs);
		final double sigma = 0.3;
		final LinearizedPosterior.Settings settings = LinearizedPosterior.Settings.of(sigma).withRank(3).withSeed(2).withLinearize(mBest).withKeep(4)
			.withThreads(1).validate();
		final LinearizedPosterior.Result single = LinearizedPosterior.compute(lik, t, settings, Progress.NONE);
		final LinearizedComponent[] c = LinearizedPosterior.components(lik, t, settings, Progress.NONE);
		for (final int kk : KS) {
			final List<PosteriorPartial> parts = new ArrayList<>();
			final List<String> names = new ArrayList<>();
			for (int i = 0; i < kk; i++) {
				final PosteriorPartial p = new PosteriorPartial(new PosteriorPartial.Header(PosteriorPartial.Kind.LINEARIZED, "h", n, i, kk,
					d, 4, mBest));
				final Shard s = Shard.of(i, kk);
				// the shard's own M best-fitting models are candidates, the others point masses
				final double[] rw = new double[s.size(n)];
				for (int j = 0; j < rw.length; j++) rw[j] = -0.5 * c[s.model(j)].spectrum().misfit();
				final int[] order = Ranking.byDecreasing(rw);
				final boolean[] cand = new boolean[rw.length];
				for (int j = 0; j < Math.min(mBest, rw.length); j++) cand[order[j]] = true;
				for (int j = 0; j < rw.length; j++) {
					final LinearizedComponent cc = c[s.model(j)];
					if (cand[j]) p.addCandidate(cc.index(), cc.logWeight(sigma), cc.spectrum().misfit(), cc.mean(sigma, null),
						cc.covarianceDiagonal(sigma, null), cc.model(), cc.shift(sigma, null), null);
					else p.add(cc.index(), rw[j], cc.spectrum().misfit(), false, cc.model(), null, () -> new double[d]);
				}
				parts.add(p);
				names.add("m" + i);
			}
			final PartialMerge.MergedPosterior mp = PartialMerge.merge(roundTrip(parts, names), names);
			assertEquals(mBest, mp.linearizedCount());
			for (int k = 0; k < n; k++) assertEquals(single.isLinearized(k), mp.isLinearized(k), "model " + k);
			assertArrayEquals(single.weights(), mp.weights(), 0);
			assertTrue(relative(mp.mean(), single.mean()) < 1e-12, "K = " + kk);
			assertTrue(relative(mp.variance(), single.variance()) < 1e-12, "K = " + kk);
			for (int i = 0; i < 4; i++) {
				assertEquals(single.leading().get(i).index(), mp.leading().get(i).index);
				assertArrayEquals(single.leading().get(i).shift(sigma, null), mp.leading().get(i).image, 0);
			}
		}
	}

	@Test
	void auditShardsMergeBitForBit() throws IOException {
		final int n = 57, d = 25, s = 6;
		final float[][] train = models(n, d, 8), samples = models(s, d, 9);
		samples[2] = train[40].clone(); // a memorized sample
		samples[3] = train[13].clone();
		train[14] = train[13].clone(); // a tie: the smaller index is the nearest
		final MemorizationMetrics.Entry[] single = MemorizationMetrics.audit(samples, train, 10, 1, Progress.NONE);
		for (final int kk : KS) {
			final List<AuditPartial> parts = new ArrayList<>();
			final List<String> names = new ArrayList<>();
			for (int i = 0; i < kk; i++) {
				final AuditPartial a = new AuditPartial("h", n, Shard.of(i, kk), 10, s, d);
				final Shard sh = Shard.of(i, kk);
				for (int j = 0; j < sh.size(n); j++) a.add(sh.model(j), train[sh.model(j)], samples);
				final Path f = Files.createDirectories(dir.resolve("a" + kk + "-" + i));
				a.write(f);
				parts.add(AuditPartial.read(f));
				names.add(f.toString());
			}
			final float[][] near = new float[s][];
			final MemorizationMetrics.Entry[] m = AuditPartial.merge(parts, names, near);
			for (int i = 0; i < s; i++) {
				assertEquals(single[i].nearest(), m[i].nearest());
				assertEquals(single[i].d1(), m[i].d1(), 0);
				assertEquals(single[i].d2(), m[i].d2(), 0);
				assertEquals(single[i].ratio(), m[i].ratio(), 0);
				assertEquals(single[i].ratio12(), m[i].ratio12(), 0);
				assertArrayEquals(train[single[i].nearest()], near[i], 0);
			}
			assertEquals(13, m[3].nearest());
			assertEquals(0, m[2].ratio(), 0);
		}
	}

	private static PosteriorPartial shard(final int i, final int k, final int n, final String hash) {
		final PosteriorPartial p = new PosteriorPartial(new PosteriorPartial.Header(PosteriorPartial.Kind.REWEIGHTED, hash, n, i, k, 2, 1, 0));
		final Shard s = Shard.of(i, k);
		for (int j = 0; j < s.size(n); j++) {
			final double[] x = { s.model(j), 1 };
			p.add(s.model(j), -j, 2.0 * j, false, x, null, () -> x);
		}
		return p;
	}

	@Test
	void theMergeNamesMissingDuplicatedAndForeignShards() {
		final List<String> two = List.of("run0", "run2");
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PartialMerge.merge(
			List.of(shard(0, 3, 10, "h"), shard(2, 3, 10, "h")), two));
		assertTrue(e.getMessage().contains("shard 1/3 is missing (models 2, 5, 8)"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> PartialMerge.merge(
			List.of(shard(0, 2, 10, "h"), shard(1, 2, 10, "h"), shard(1, 2, 10, "h")), List.of("a", "b", "c")));
		assertTrue(e.getMessage().contains("shard 1/2 is given twice: b and c"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> PartialMerge.merge(
			List.of(shard(0, 2, 10, "h"), shard(1, 2, 10, "other")), List.of("a", "b")));
		assertTrue(e.getMessage().contains("b was computed with other data, noise, sigma or settings than a"), e.getMessage());
		// shards of different K that overlap
		e = assertThrows(IllegalArgumentException.class, () -> PartialMerge.merge(
			List.of(shard(0, 2, 10, "h"), shard(1, 2, 10, "h"), shard(0, 5, 10, "h")), List.of("a", "b", "c")));
		assertTrue(e.getMessage().contains("model 1 is in both a (shard 0/2) and c (shard 0/5)"), e.getMessage());
		// an interrupted shard
		final PosteriorPartial cut = new PosteriorPartial(new PosteriorPartial.Header(PosteriorPartial.Kind.REWEIGHTED, "h", 10, 1, 2, 2, 1, 0));
		cut.add(1, 0, 0, false, new double[2], null, () -> new double[2]);
		e = assertThrows(IllegalArgumentException.class, () -> PartialMerge.merge(List.of(shard(0, 2, 10, "h"), cut), List.of("a", "b")));
		assertTrue(e.getMessage().contains("1/2 (incomplete: 1 of 5 models, in b; run it again with resume=true)"), e.getMessage());
	}

	@Test
	void shardsPartitionTheSet() {
		for (final int n : new int[] { 1, 7, 60 })
			for (final int k : new int[] { 1, 3, 7, 8 }) {
				final int[] seen = new int[n];
				int total = 0;
				for (int i = 0; i < k; i++) {
					final Shard s = Shard.of(i, k);
					total += s.size(n);
					for (int j = 0; j < s.size(n); j++) {
						assertTrue(s.contains(s.model(j)));
						seen[s.model(j)]++;
					}
				}
				assertEquals(n, total);
				for (final int c : seen) assertEquals(1, c);
			}
		assertEquals("2/8", Shard.parse(" 2/8 ").toString());
		assertTrue(Shard.parse("").isAll());
		assertEquals("shard index i = 8 must be between 0 and K-1 = 7 (shard=i/K; SLURM: --array=0-7)",
			assertThrows(IllegalArgumentException.class, () -> Shard.parse("8/8")).getMessage());
		assertTrue(assertThrows(IllegalArgumentException.class, () -> Shard.parse("3")).getMessage().startsWith("shard = '3' is not of the form i/K"));
	}
}
