package org.memfwi.core.shard;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.memfwi.core.posterior.MemorizationMetrics;

/**
 * The exact sufficient statistics of a memorization audit over a subset of the training models: for every generated
 * sample the {@code kmax} smallest Euclidean distances to the covered training models with their indices (sorted by
 * distance, ties by index), and the nearest covered model's image. The union of the lists of disjoint subsets contains
 * the {@code kmax} smallest distances of the whole set, so {@link #merge} reproduces a single run's nearest index, d1,
 * d2 and ratio d1 / mean(d2..dk) bit for bit (the same distances, summed in the same sorted order).
 */
public final class AuditPartial {

	/** The command that writes it. */
	public static final String KIND = "memorization-audit";

	private final String hash;
	private final int total, shard, shards, kmax, samples, d;
	private final Map<String, String> info = new LinkedHashMap<>();
	private final Map<String, float[]> extras = new LinkedHashMap<>();
	private int[] covered = new int[16];
	private int rows;
	/** Per sample: up to kmax (distance, index) pairs, sorted. */
	private final double[][] dist;
	private final int[][] idx;
	private final int[] filled;
	private final float[][] nearest;

	/**
	 * An empty audit partial.
	 *
	 * @param samples number of generated samples S
	 * @param d values per model
	 */
	public AuditPartial(final String hash, final int total, final Shard shard, final int kmax, final int samples, final int d) {
		if (hash == null || hash.isEmpty()) throw new IllegalArgumentException("the partial's settings hash is missing");
		if (total < 2) throw new IllegalArgumentException("training: the memorization ratio needs at least 2 training models; got " + total);
		if (kmax < 2) throw new IllegalArgumentException("k (number of nearest distances in the ratio) must be at least 2, got " + kmax);
		if (samples < 1) throw new IllegalArgumentException("samples: the stack of samples is empty");
		this.hash = hash;
		this.total = total;
		this.shard = shard.index;
		this.shards = shard.count;
		this.kmax = Math.min(kmax, total);
		this.samples = samples;
		this.d = d;
		dist = new double[samples][this.kmax];
		idx = new int[samples][this.kmax];
		filled = new int[samples];
		nearest = new float[samples][];
	}

	public String hash() { return hash; }

	public int total() { return total; }

	public Shard shard() { return Shard.of(shard, shards); }

	/** k = min(kmax, N). */
	public int k() { return kmax; }

	public int sampleCount() { return samples; }

	public AuditPartial info(final String key, final String value) {
		info.put(key, value);
		return this;
	}

	public String info(final String key) { return info.get(key); }

	/** The covered training indices, in the order added. */
	public int[] indices() { return Arrays.copyOf(covered, rows); }

	/** Whether each training model is covered. */
	public boolean[] coverage() {
		final boolean[] c = new boolean[total];
		for (int i = 0; i < rows; i++) c[covered[i]] = true;
		return c;
	}

	/**
	 * Adds training model {@code k}: its distance to every sample.
	 *
	 * @param model d values, not kept (copied only while it is some sample's nearest)
	 * @param sampleValues the S samples, d values each
	 */
	public void add(final int k, final float[] model, final float[][] sampleValues) {
		add(k, model, distances(model, sampleValues));
	}

	/** The Euclidean distance of a training model to every sample (S values), as the single run computes it. */
	public static double[] distances(final float[] model, final float[][] sampleValues) {
		final double[] e = new double[sampleValues.length];
		for (int s = 0; s < e.length; s++) e[s] = MemorizationMetrics.distance(sampleValues[s], model);
		return e;
	}

	/** Adds training model {@code k} with its distances to the samples (from {@link #distances}). */
	public void add(final int k, final float[] model, final double[] distances) {
		if (k < 0 || k >= total) throw new IllegalArgumentException("model index " + k + " is outside 0.." + (total - 1));
		if (distances.length != samples) throw new IllegalArgumentException(distances.length + " distances for " + samples + " samples");
		if (rows == covered.length) covered = Arrays.copyOf(covered, 2 * rows);
		covered[rows++] = k;
		for (int s = 0; s < samples; s++)
			if (insert(s, distances[s], k) == 0) nearest[s] = model.clone();
	}

	/** Extra float arrays stored with the partial (e.g. the samples, for the merge's montage). */
	public AuditPartial extra(final String name, final float[] values) {
		extras.put(name, values.clone());
		return this;
	}

	public float[] extra(final String name) {
		final float[] v = extras.get(name);
		return v == null ? null : v.clone();
	}

	/** The nearest covered training model of each sample (S arrays of d values, null where none is covered yet). */
	public float[][] nearestModels() {
		final float[][] out = new float[samples][];
		for (int s = 0; s < samples; s++) out[s] = nearest[s] == null ? null : nearest[s].clone();
		return out;
	}

	/** Inserts (e, k) into sample s's sorted list; returns its position, or -1 if it is not among the kmax smallest. */
	private int insert(final int s, final double e, final int k) {
		final double[] ds = dist[s];
		final int[] is = idx[s];
		int pos = filled[s];
		while (pos > 0 && (ds[pos - 1] > e || ds[pos - 1] == e && is[pos - 1] > k)) pos--;
		if (pos >= kmax) return -1;
		final int last = Math.min(filled[s], kmax - 1);
		System.arraycopy(ds, pos, ds, pos + 1, last - pos);
		System.arraycopy(is, pos, is, pos + 1, last - pos);
		ds[pos] = e;
		is[pos] = k;
		if (filled[s] < kmax) filled[s]++;
		return pos;
	}

	/**
	 * Merges audit partials into the metrics of every sample (a single run's entries, bit for bit).
	 *
	 * @param names where each partial came from, for messages
	 * @throws IllegalArgumentException if hashes differ or the partials do not cover every training model exactly once
	 */
	public static MemorizationMetrics.Entry[] merge(final List<AuditPartial> parts, final List<String> names, final float[][] nearestOut) {
		if (parts.isEmpty()) throw new IllegalArgumentException("parts: no partial to merge");
		final AuditPartial a = parts.get(0);
		final int n = parts.size();
		final int[] sh = new int[n], ct = new int[n];
		final List<int[]> ix = new ArrayList<>();
		for (int p = 0; p < n; p++) {
			final AuditPartial b = parts.get(p);
			if (!b.hash.equals(a.hash) || b.total != a.total || b.kmax != a.kmax || b.samples != a.samples)
				throw new IllegalArgumentException("parts: " + names.get(p) + " audits other samples, training set or k than " +
					names.get(0) + " (settings hash " + SettingsHash.abbreviate(b.hash) + " vs " + SettingsHash.abbreviate(a.hash) + "); run " +
					"every shard with the same keys");
			sh[p] = b.shard;
			ct[p] = b.shards;
			ix.add(b.indices());
		}
		Coverage.check(names, sh, ct, ix, a.total);
		final AuditPartial all = new AuditPartial(a.hash, a.total, Shard.ALL, a.kmax, a.samples, a.d);
		final MemorizationMetrics.Entry[] out = new MemorizationMetrics.Entry[a.samples];
		for (int s = 0; s < a.samples; s++) {
			for (final AuditPartial b : parts)
				for (int j = 0; j < b.filled[s]; j++)
					if (all.insert(s, b.dist[s][j], b.idx[s][j]) == 0 && nearestOut != null) nearestOut[s] = b.nearest[s];
			out[s] = all.entry(s);
		}
		return out;
	}

	/** The metrics of sample s from its list (the single run's arithmetic: the sum of d(2)..d(k) in sorted order). */
	MemorizationMetrics.Entry entry(final int s) {
		final double[] sorted = dist[s];
		final int k = kmax;
		double mean = 0;
		for (int i = 1; i < k; i++) mean += sorted[i];
		mean /= k - 1;
		final double d1 = sorted[0], d2 = sorted[1];
		final double ratio = mean > 0 ? d1 / mean : d1 > 0 ? Double.POSITIVE_INFINITY : 1;
		final double ratio12 = d2 > 0 ? d1 / d2 : 1;
		return new MemorizationMetrics.Entry(idx[s][0], d1, d2, ratio, ratio12);
	}

	// -- Storage --

	public void write(final Path folder) throws IOException {
		final PartialFile f = new PartialFile().put("kind", KIND).put("hash", hash).put("total", total).put("shard", shard)
			.put("shards", shards).put("k", kmax).put("samples", samples).put("dimension", d).put("rows", rows);
		for (final Map.Entry<String, String> e : info.entrySet()) f.put("info." + e.getKey(), e.getValue());
		final double[] ds = new double[samples * kmax];
		final int[] is = new int[samples * kmax];
		final float[] img = new float[samples * d];
		for (int s = 0; s < samples; s++) {
			System.arraycopy(dist[s], 0, ds, s * kmax, kmax);
			System.arraycopy(idx[s], 0, is, s * kmax, kmax);
			if (nearest[s] != null) System.arraycopy(nearest[s], 0, img, s * d, d);
		}
		f.array("covered", Arrays.copyOf(covered, rows)).array("filled", filled.clone()).array("nearest.distance", ds)
			.array("nearest.index", is).array("nearest.image", img);
		for (final Map.Entry<String, float[]> e : extras.entrySet()) f.array("extra." + e.getKey(), e.getValue());
		f.write(folder.resolve(PartialFile.NAME));
	}

	public static AuditPartial read(final Path folderOrFile) throws IOException {
		final Path file = folderOrFile.getFileName() != null && folderOrFile.getFileName().toString().equals(PartialFile.NAME) ?
			folderOrFile : folderOrFile.resolve(PartialFile.NAME);
		final PartialFile f = PartialFile.read(file);
		if (!KIND.equals(f.require("kind"))) throw new IllegalArgumentException(file + " is a partial of " + f.get("kind") +
			", not of " + KIND);
		final int samples = f.requireInt("samples"), k = f.requireInt("k"), d = f.requireInt("dimension");
		final AuditPartial a = new AuditPartial(f.require("hash"), f.requireInt("total"), Shard.of(f.requireInt("shard"),
			f.requireInt("shards")), k, samples, d);
		for (final Map.Entry<String, String> e : f.meta().entrySet())
			if (e.getKey().startsWith("info.")) a.info.put(e.getKey().substring(5), e.getValue());
		final int[] cov = f.ints("covered"), fill = f.ints("filled"), is = f.ints("nearest.index");
		final double[] ds = f.doubles("nearest.distance");
		final float[] img = f.floats("nearest.image");
		if (cov.length != f.requireInt("rows") || fill.length != samples || is.length != samples * a.kmax ||
			ds.length != samples * a.kmax || img.length != samples * d) throw new IllegalArgumentException(file + " is damaged " +
				"(array sizes do not match its header)");
		for (final String name : f.arrayNames())
			if (name.startsWith("extra.")) a.extras.put(name.substring(6), f.floats(name));
		a.covered = cov.length == 0 ? new int[16] : cov;
		a.rows = cov.length;
		for (int s = 0; s < samples; s++) {
			a.filled[s] = fill[s];
			System.arraycopy(ds, s * a.kmax, a.dist[s], 0, a.kmax);
			System.arraycopy(is, s * a.kmax, a.idx[s], 0, a.kmax);
			if (fill[s] > 0) a.nearest[s] = Arrays.copyOfRange(img, s * d, (s + 1) * d);
		}
		return a;
	}
}
