package org.memfwi.core.shard;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.memfwi.core.posterior.Ranking;
import org.memfwi.core.util.LogSpace;

/**
 * Merges partial posteriors ({@link PosteriorPartial}) into the outputs of a single run: the normalized weights of
 * every model, ESS, effective modes, mixture mean and variance, and the leading models. Checks that every partial has
 * the same kind and settings hash, and that together they cover every training model exactly once (naming the missing
 * or duplicated shards). Partials are folded in the order of their shard index, so the result does not depend on the
 * order they are given in. Weights, ESS and effective modes are computed from all rows in model order, exactly as a
 * single run computes them (bit for bit); the moments agree with a single pass to rounding (1e-15 relative per merge).
 */
public final class PartialMerge {

	private PartialMerge() {}

	/**
	 * @param names where each partial came from, for messages (e.g. the folders)
	 * @throws IllegalArgumentException naming the partial whose settings differ, or the missing or duplicated shards
	 */
	public static MergedPosterior merge(final List<PosteriorPartial> parts, final List<String> names) {
		if (parts == null || parts.isEmpty()) throw new IllegalArgumentException("parts: no partial to merge; give the output " +
			"folders of the shard runs, e.g. parts=run0,run1 or parts=runs/shard-*");
		if (names.size() != parts.size()) throw new IllegalArgumentException(parts.size() + " partials but " + names.size() + " names");
		final PosteriorPartial.Header h0 = parts.get(0).header;
		final int n = parts.size();
		final int[] shard = new int[n], count = new int[n];
		final List<int[]> idx = new ArrayList<>();
		for (int p = 0; p < n; p++) {
			final PosteriorPartial.Header h = parts.get(p).header;
			if (h.kind != h0.kind) throw new IllegalArgumentException("parts: " + names.get(p) + " is a partial of " + h.kind.command +
				" but " + names.get(0) + " of " + h0.kind.command + "; merge partials of one command only");
			if (!h.hash.equals(h0.hash)) throw new IllegalArgumentException("parts: " + names.get(p) + " was computed with other " +
				"data, noise, sigma or settings than " + names.get(0) + " (settings hash " + SettingsHash.abbreviate(h.hash) + " vs " +
				SettingsHash.abbreviate(h0.hash) + "); run every shard with the same keys");
			if (h.total != h0.total || h.dimension != h0.dimension || h.keep != h0.keep || h.linearize != h0.linearize)
				throw new IllegalArgumentException("parts: " + names.get(p) + " and " + names.get(0) + " disagree on the training set " +
					"or settings (N " + h.total + " vs " + h0.total + ", d " + h.dimension + " vs " + h0.dimension + ")");
			shard[p] = h.shard;
			count[p] = h.shards;
			idx.add(parts.get(p).indices());
		}
		Coverage.check(names, shard, count, idx, h0.total);

		// Fold in shard order (then by first index), independent of the order given.
		final Integer[] order = new Integer[n];
		for (int p = 0; p < n; p++) order[p] = p;
		Arrays.sort(order, Comparator.<Integer>comparingInt(p -> count[p]).thenComparingInt(p -> shard[p])
			.thenComparingInt(p -> idx.get(p).length == 0 ? Integer.MAX_VALUE : Arrays.stream(idx.get(p)).min().getAsInt()));
		final int total = h0.total, d = h0.dimension;
		final double[] logw = new double[total], misfit = new double[total], evaluated = new double[total];
		final boolean[] lin = new boolean[total];
		final WeightedMoments m = new WeightedMoments(d, h0.kind == PosteriorPartial.Kind.LINEARIZED);
		final PosteriorPartial leading = new PosteriorPartial(new PosteriorPartial.Header(h0.kind, h0.hash, total, 0, 1, d, h0.keep,
			h0.linearize));
		final List<PosteriorPartial.Candidate> candidates = new ArrayList<>();
		for (final int p : order) {
			final PosteriorPartial part = parts.get(p);
			for (int r = 0; r < part.rows; r++) {
				final int k = part.index[r];
				logw[k] = part.logWeight[r];
				misfit[k] = part.misfit[r];
				evaluated[k] = part.evaluated[r];
				lin[k] = part.linearized[r];
			}
			m.merge(part.moments);
			candidates.addAll(part.candidates);
			for (final PosteriorPartial.Kept k : part.kept)
				leading.keepIfLeading(k.index, k.logWeight, k.linearized, () -> k.image, k.outside);
		}
		if (h0.usesCandidates()) {
			// The M best-fitting models of the whole set (largest -misfit/2, ties by index, as the single run chooses them)
			// enter as linearized components, the other candidates as point masses.
			final double[] rw = new double[total];
			for (int k = 0; k < total; k++) rw[k] = -0.5 * misfit[k];
			final boolean[] chosen = new boolean[total];
			final int[] rank = Ranking.byDecreasing(rw);
			for (int i = 0; i < Math.min(h0.linearize, total); i++) chosen[rank[i]] = true;
			candidates.sort(Comparator.comparingInt(c -> c.index));
			final double[] zero = new double[d];
			for (final PosteriorPartial.Candidate c : candidates) {
				if (chosen[c.index]) {
					logw[c.index] = c.logWeight;
					lin[c.index] = true;
					m.add(c.logWeight, c.mean, c.diag);
					leading.keepIfLeading(c.index, c.logWeight, true, () -> c.shift, c.outside);
				}
				else {
					m.add(logw[c.index], c.model, zero);
					leading.keepIfLeading(c.index, logw[c.index], false, () -> zero, PosteriorPartial.Outside.NONE);
				}
			}
			for (int k = 0; k < total; k++)
				if (chosen[k] && !lin[k]) throw new IllegalArgumentException("parts: training model " + (k + 1) + " is among the " +
					h0.linearize + " best-fitting models but its shard did not linearize it; the partials were made with different " +
					"linearize settings");
		}
		return new MergedPosterior(h0, logw, misfit, evaluated, lin, m, new ArrayList<>(leading.kept));
	}

	/** The merged posterior: what a single run reports. */
	public static final class MergedPosterior {
		private final PosteriorPartial.Header header;
		private final double[] logWeights, normalized, weights, misfits, evaluated, reweighted;
		private final boolean[] linearized;
		private final WeightedMoments moments;
		private final List<PosteriorPartial.Kept> leading;

		MergedPosterior(final PosteriorPartial.Header h, final double[] logw, final double[] misfit, final double[] evaluated,
			final boolean[] lin, final WeightedMoments m, final List<PosteriorPartial.Kept> leading) {
			header = h;
			logWeights = logw;
			misfits = misfit;
			this.evaluated = evaluated;
			linearized = lin;
			moments = m;
			this.leading = leading;
			normalized = LogSpace.normalizeLog(logw, null);
			weights = new double[logw.length];
			for (int k = 0; k < weights.length; k++) weights[k] = Math.exp(normalized[k]);
			final double[] rw = new double[misfit.length];
			for (int k = 0; k < rw.length; k++) rw[k] = -0.5 * misfit[k];
			reweighted = LogSpace.normalizeLog(rw, rw);
		}

		public PosteriorPartial.Header header() { return header; }

		/** Number of models N. */
		public int size() { return logWeights.length; }

		/** Unnormalized log weights (N values, model order; do not modify). */
		public double[] rawLogWeights() { return logWeights; }

		/** Normalized log weights (N values; do not modify). */
		public double[] logWeights() { return normalized; }

		/** Weights summing to 1 (N values; do not modify). */
		public double[] weights() { return weights; }

		/** Scaled misfits {@code ||y - F(x_n)||^2 / gamma^2} (N values; do not modify). */
		public double[] misfits() { return misfits; }

		/**
		 * The fraction of the data each model's misfit was computed on (N values; do not modify): 1, or less for a
		 * model pruned once its weight was certainly zero, whose misfit is then a lower bound.
		 */
		public double[] evaluated() { return evaluated; }

		/** Models whose misfit is a lower bound (evaluated below 1). */
		public int prunedCount() {
			int c = 0;
			for (final double e : evaluated) if (e < 1) c++;
			return c;
		}

		/** Normalized log weights of the reweighted training set (sigma -> 0), from the misfits. */
		public double[] reweightedLogWeights() { return reweighted; }

		/** Whether model k was linearized. */
		public boolean isLinearized(final int k) { return linearized[k]; }

		public int linearizedCount() {
			int c = 0;
			for (final boolean b : linearized) if (b) c++;
			return c;
		}

		public double effectiveSampleSize() { return LogSpace.effectiveSampleSize(normalized); }

		public double effectiveModes() { return LogSpace.effectiveModes(normalized); }

		public double reweightedEffectiveSampleSize() { return LogSpace.effectiveSampleSize(reweighted); }

		public double reweightedEffectiveModes() { return LogSpace.effectiveModes(reweighted); }

		/** Mixture mean, d values. */
		public double[] mean() { return moments.mean(); }

		/** Mixture pixel variance (within + between), d values. */
		public double[] variance() { return moments.variance(); }

		/** Within-component part of the variance, d values. */
		public double[] withinVariance() { return moments.withinVariance(); }

		/** The leading models by decreasing log weight (ties by index), at most {@code keep}, each with its image. */
		public List<PosteriorPartial.Kept> leading() { return leading; }

		/** Model indices by decreasing weight, ties by index. */
		public int[] ranking() { return Ranking.byDecreasing(normalized); }
	}
}
