package org.memfwi.core.shard;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The exact sufficient statistics of a memorized-prior posterior (reweighted training set or linearized Gaussian
 * mixture) over a subset of the training models, e.g. a shard {@code i, i + K, i + 2K, ...} or the part of a run done
 * before a checkpoint: one row per model (0-based index, unnormalized log weight, scaled misfit
 * {@code ||y - F(x_n)||^2 / gamma^2}, linearized or point mass), the {@link WeightedMoments} of the component means
 * (d values, model units) folded in the order the models were added, the leading models (largest log weight first,
 * ties by index) with one image each (the model itself, or the component shift {@code mu_n - x_n}), and for the
 * linearized posterior that linearizes only the M best-fitting models, the shard's M best-fitting candidates kept
 * unfolded (mean, covariance diagonal and model), because which of them are among the M best of the whole set is
 * known only at the merge. A settings hash identifies the data, noise, sigma and settings; {@link PartialMerge}
 * refuses partials whose hashes differ. Stored with {@link #write} as {@link PartialFile} {@code partial.bin}.
 */
public final class PosteriorPartial {

	/** Which posterior the statistics belong to. */
	public enum Kind {
		/** The reweighted training set (sigma -> 0): point masses, no covariances. */
		REWEIGHTED("posterior-reweighted"),
		/** The linearized Gaussian mixture at noise level sigma. */
		LINEARIZED("posterior-linearized");

		/** The command that writes it. */
		public final String command;

		Kind(final String command) {
			this.command = command;
		}

		static Kind of(final String command) {
			for (final Kind k : values()) if (k.command.equals(command)) return k;
			throw new IllegalArgumentException("the partial is of kind '" + command + "', not a posterior");
		}
	}

	/** What a partial covers and how it was computed. Immutable. */
	public static final class Header {
		public final Kind kind;
		/** Hex SHA-256 of data, noise, sigma, training set description and settings (see {@link SettingsHash}). */
		public final String hash;
		/** Size N of the whole training set. */
		public final int total;
		/** Shard i of K (0-based), the models i, i + K, ...; 0 of 1 for a whole run. */
		public final int shard, shards;
		/** Values per model, d. */
		public final int dimension;
		/** Leading models to keep, B. */
		public final int keep;
		/** Linearize only the M best-fitting models of the whole set (0 = all); linearized kind only. */
		public final int linearize;

		public Header(final Kind kind, final String hash, final int total, final int shard, final int shards, final int dimension,
			final int keep, final int linearize) {
			if (kind == null) throw new IllegalArgumentException("the partial's kind is missing");
			if (hash == null || hash.isEmpty()) throw new IllegalArgumentException("the partial's settings hash is missing");
			if (total < 1) throw new IllegalArgumentException("the training set has " + total + " models; it needs at least one");
			Shard.check(shard, shards);
			if (dimension < 1) throw new IllegalArgumentException("the models have " + dimension + " values");
			if (keep < 0) throw new IllegalArgumentException("keep must be 0 or more, got " + keep);
			if (linearize < 0) throw new IllegalArgumentException("linearize must be 0 (all) or more, got " + linearize);
			if (linearize > 0 && kind != Kind.LINEARIZED) throw new IllegalArgumentException("linearize applies to the linearized posterior only");
			this.kind = kind;
			this.hash = hash;
			this.total = total;
			this.shard = shard;
			this.shards = shards;
			this.dimension = dimension;
			this.keep = keep;
			this.linearize = linearize;
		}

		/** Whether candidates are kept unfolded (linearized kind, M < N). */
		public boolean usesCandidates() {
			return kind == Kind.LINEARIZED && linearize > 0 && linearize < total;
		}
	}

	/**
	 * A kept model: its index, log weight, whether linearized, one image (d values), and for the linearized posterior
	 * its component's out-of-range diagnostics (see {@link Outside}; null if not computed, e.g. partials written before
	 * they were carried).
	 */
	public static final class Kept {
		public final int index;
		public final double logWeight;
		public final boolean linearized;
		public final double[] image;
		public final Outside outside;

		Kept(final int index, final double logWeight, final boolean linearized, final double[] image, final Outside outside) {
			this.index = index;
			this.logWeight = logWeight;
			this.linearized = linearized;
			this.image = image;
			this.outside = outside;
		}
	}

	/**
	 * How much of one component lies outside the physical range [vmin, vmax] of the training velocities: the mean over
	 * the pixels of the component's probability outside the range ({@code mass}, 0..1), and whether its mean leaves the
	 * range somewhere ({@code meanOutside}). Two numbers per kept model, so that a merge reports the single run's
	 * mass_outside_* rows without the components' covariances. Immutable.
	 */
	public static final class Outside {
		public final double mass;
		public final boolean meanOutside;

		public Outside(final double mass, final boolean meanOutside) {
			this.mass = mass;
			this.meanOutside = meanOutside;
		}

		/** A point mass at a training model: inside the training range. */
		public static final Outside NONE = new Outside(0, false);
	}

	/** A linearized candidate, not yet folded: log weight at sigma, component mean, covariance diagonal and model. */
	static final class Candidate {
		final int index;
		final double misfit, logWeight;
		final double[] mean, diag, model, shift;
		final Outside outside;

		Candidate(final int index, final double misfit, final double logWeight, final double[] mean, final double[] diag,
			final double[] model, final double[] shift, final Outside outside) {
			this.outside = outside;
			this.shift = shift;
			this.index = index;
			this.misfit = misfit;
			this.logWeight = logWeight;
			this.mean = mean;
			this.diag = diag;
			this.model = model;
		}
	}

	final Header header;
	private final Map<String, String> info = new LinkedHashMap<>();
	private final Map<String, double[]> extras = new LinkedHashMap<>();
	final WeightedMoments moments;
	int rows;
	int[] index = new int[16];
	double[] logWeight = new double[16], misfit = new double[16];
	/** The fraction of the data each row's misfit was computed on: 1, or less for a pruned model (a lower bound). */
	double[] evaluated = new double[16];
	boolean[] linearized = new boolean[16];
	final List<Kept> kept = new ArrayList<>();
	final List<Candidate> candidates = new ArrayList<>();

	/** An empty partial. */
	public PosteriorPartial(final Header header) {
		if (header == null) throw new IllegalArgumentException("the partial's header is missing");
		this.header = header;
		moments = new WeightedMoments(header.dimension, header.kind == Kind.LINEARIZED);
	}

	private PosteriorPartial(final Header header, final WeightedMoments moments) {
		this.header = header;
		this.moments = moments;
	}

	public Header header() { return header; }

	/** Number of models covered. */
	public int size() { return rows; }

	/** The covered model indices (0-based), in the order added. */
	public int[] indices() { return Arrays.copyOf(index, rows); }

	/** The misfits of the rows computed on all of the data (not pruned), in the order added; for resuming a pruned run. */
	public double[] completeMisfits() {
		return java.util.stream.IntStream.range(0, rows).filter(i -> evaluated[i] == 1).mapToDouble(i -> misfit[i]).toArray();
	}

	/** Which of the N models are covered (N flags; for resuming and checks). */
	public boolean[] coverage() {
		final boolean[] c = new boolean[header.total];
		for (int i = 0; i < rows; i++) c[index[i]] = true;
		return c;
	}

	/** Free-text metadata stored with the partial (e.g. units, a description of the inputs). */
	public PosteriorPartial info(final String key, final String value) {
		info.put(key, value);
		return this;
	}

	public String info(final String key) { return info.get(key); }

	public Map<String, String> infos() { return new LinkedHashMap<>(info); }

	/** An extra array stored with the partial (e.g. the true model for the summary); not merged, taken from the first. */
	public PosteriorPartial extra(final String name, final double[] values) {
		extras.put(name, values.clone());
		return this;
	}

	public double[] extra(final String name) {
		final double[] v = extras.get(name);
		return v == null ? null : v.clone();
	}

	/** The moments (do not modify). */
	public WeightedMoments moments() { return moments; }

	/**
	 * Adds one model, folded into the moments.
	 *
	 * @param k model index (0-based)
	 * @param lw unnormalized log weight (reweighted: {@code -misfit / 2}; linearized: the component's marginal likelihood)
	 * @param misfit scaled misfit {@code ||y - F(x_k)||^2 / gamma^2}
	 * @param lin whether the model was linearized (false for point masses and for the reweighted posterior)
	 * @param mu component mean (the model itself for point masses), d values, not kept
	 * @param diag covariance diagonal (linearized kind; null or zeros for point masses)
	 * @param image the image to keep if the model is among the leading ones (the model, or mu - x); called only then
	 */
	public void add(final int k, final double lw, final double misfit, final boolean lin, final double[] mu, final double[] diag,
		final Supplier<double[]> image) {
		add(k, lw, misfit, lin, mu, diag, image, null);
	}

	/**
	 * Adds one model as {@link #add(int, double, double, boolean, double[], double[], Supplier)} does, with its
	 * component's out-of-range diagnostics (kept with the model if it is among the leading ones; null = not computed).
	 */
	public void add(final int k, final double lw, final double misfit, final boolean lin, final double[] mu, final double[] diag,
		final Supplier<double[]> image, final Outside outside) {
		add(k, lw, misfit, 1, lin, mu, diag, image, outside);
	}

	/**
	 * Adds a point mass (reweighted kind) whose misfit was computed on the leading fraction {@code evaluated} of the
	 * data only, because its weight was by then certainly zero (see
	 * {@link org.memfwi.core.posterior.PruningBound}): misfit and log weight are bounds, folded like any other row.
	 */
	public void addPruned(final int k, final double lw, final double misfit, final double evaluated, final double[] model,
		final Supplier<double[]> image) {
		if (!(evaluated > 0 && evaluated <= 1)) throw new IllegalArgumentException("the evaluated fraction must lie in (0, 1], got " +
			evaluated);
		add(k, lw, misfit, evaluated, false, model, null, image, null);
	}

	private void add(final int k, final double lw, final double misfit, final double evaluated, final boolean lin, final double[] mu,
		final double[] diag, final Supplier<double[]> image, final Outside outside) {
		row(k, lw, misfit, lin);
		this.evaluated[rows - 1] = evaluated;
		moments.add(lw, mu, diag == null && moments.hasWithin() ? new double[mu.length] : diag);
		keepIfLeading(k, lw, lin, image, outside);
	}

	/**
	 * Adds a linearized candidate (linearized kind with M < N): a row and the unfolded component (mean, covariance
	 * diagonal, model and the shift mu - x computed without cancellation, e.g. by the component); whether it enters as
	 * a linearized component or as a point mass is decided at the merge.
	 */
	public void addCandidate(final int k, final double lw, final double misfit, final double[] mu, final double[] diag,
		final double[] model, final double[] shift, final Outside outside) {
		if (!header.usesCandidates()) throw new IllegalStateException("candidates are only kept when linearize = M < N");
		row(k, -0.5 * misfit, misfit, false);
		candidates.add(new Candidate(k, misfit, lw, mu.clone(), diag.clone(), model.clone(), shift.clone(), outside));
	}

	private void row(final int k, final double lw, final double m, final boolean lin) {
		if (k < 0 || k >= header.total) throw new IllegalArgumentException("model index " + k + " is outside 0.." + (header.total - 1));
		if (rows == index.length) {
			final int n = 2 * rows;
			index = Arrays.copyOf(index, n);
			logWeight = Arrays.copyOf(logWeight, n);
			misfit = Arrays.copyOf(misfit, n);
			evaluated = Arrays.copyOf(evaluated, n);
			linearized = Arrays.copyOf(linearized, n);
		}
		index[rows] = k;
		evaluated[rows] = 1;
		logWeight[rows] = lw;
		misfit[rows] = m;
		linearized[rows] = lin;
		rows++;
	}

	void keepIfLeading(final int k, final double lw, final boolean lin, final Supplier<double[]> image, final Outside outside) {
		if (header.keep == 0) return;
		int pos = kept.size();
		while (pos > 0 && precedes(k, lw, kept.get(pos - 1))) pos--;
		if (pos >= header.keep) return;
		kept.add(pos, new Kept(k, lw, lin, image.get().clone(), outside));
		if (kept.size() > header.keep) kept.remove(kept.size() - 1);
	}

	/** Larger log weight first, ties by smaller index. */
	static boolean precedes(final int k, final double lw, final Kept o) {
		final int c = Double.compare(lw, o.logWeight);
		return c > 0 || c == 0 && k < o.index;
	}

	// -- Storage --

	/** Writes {@code partial.bin} into {@code folder} atomically. */
	public void write(final Path folder) throws IOException {
		toFile().write(folder.resolve(PartialFile.NAME));
	}

	PartialFile toFile() {
		final Header h = header;
		final PartialFile f = new PartialFile().put("kind", h.kind.command).put("hash", h.hash).put("total", h.total)
			.put("shard", h.shard).put("shards", h.shards).put("dimension", h.dimension).put("keep", h.keep)
			.put("linearize", h.linearize).put("rows", rows).put("moments.max", Double.toString(moments.max()))
			.put("moments.sum", Double.toString(moments.sum())).put("moments.count", moments.count());
		for (final Map.Entry<String, String> e : info.entrySet()) f.put("info." + e.getKey(), e.getValue());
		final int[] lin = new int[rows];
		for (int i = 0; i < rows; i++) lin[i] = linearized[i] ? 1 : 0;
		f.array("rows.index", Arrays.copyOf(index, rows)).array("rows.log_weight", Arrays.copyOf(logWeight, rows))
			.array("rows.misfit", Arrays.copyOf(misfit, rows)).array("rows.linearized", lin);
		// Added in format 1 without a version change, and only when a row was pruned (older readers skip it).
		if (Arrays.stream(evaluated, 0, rows).anyMatch(e -> e < 1)) f.array("rows.evaluated", Arrays.copyOf(evaluated, rows));
		f.array("moments.mean", moments.rawMean()).array("moments.m2", moments.rawM2());
		if (moments.hasWithin()) f.array("moments.within", moments.rawWithin());
		final int d = h.dimension;
		final int nk = kept.size();
		final int[] ki = new int[nk], kl = new int[nk];
		final double[] kw = new double[nk], kimg = new double[nk * d];
		for (int i = 0; i < nk; i++) {
			final Kept k = kept.get(i);
			ki[i] = k.index;
			kw[i] = k.logWeight;
			kl[i] = k.linearized ? 1 : 0;
			System.arraycopy(k.image, 0, kimg, i * d, d);
		}
		f.array("kept.index", ki).array("kept.log_weight", kw).array("kept.linearized", kl).array("kept.image", kimg);
		// Added in format 1 without a version change (older readers skip them; without them the merge omits the rows).
		if (kept.stream().allMatch(k -> k.outside != null)) {
			final double[] om = new double[nk];
			final int[] oo = new int[nk];
			for (int i = 0; i < nk; i++) {
				om[i] = kept.get(i).outside.mass;
				oo[i] = kept.get(i).outside.meanOutside ? 1 : 0;
			}
			f.array("kept.outside_mass", om).array("kept.outside_mean", oo);
		}
		final int nc = candidates.size();
		final int[] ci = new int[nc];
		final double[] cm = new double[nc], cw = new double[nc], cmu = new double[nc * d], cd = new double[nc * d],
			cx = new double[nc * d], cs = new double[nc * d];
		for (int i = 0; i < nc; i++) {
			final Candidate c = candidates.get(i);
			ci[i] = c.index;
			cm[i] = c.misfit;
			cw[i] = c.logWeight;
			System.arraycopy(c.mean, 0, cmu, i * d, d);
			System.arraycopy(c.diag, 0, cd, i * d, d);
			System.arraycopy(c.model, 0, cx, i * d, d);
			System.arraycopy(c.shift, 0, cs, i * d, d);
		}
		f.array("candidates.index", ci).array("candidates.misfit", cm).array("candidates.log_weight", cw)
			.array("candidates.mean", cmu).array("candidates.diag", cd).array("candidates.model", cx).array("candidates.shift", cs);
		if (candidates.stream().allMatch(c -> c.outside != null)) {
			final double[] om = new double[nc];
			final int[] oo = new int[nc];
			for (int i = 0; i < nc; i++) {
				om[i] = candidates.get(i).outside.mass;
				oo[i] = candidates.get(i).outside.meanOutside ? 1 : 0;
			}
			f.array("candidates.outside_mass", om).array("candidates.outside_mean", oo);
		}
		for (final Map.Entry<String, double[]> e : extras.entrySet()) f.array("extra." + e.getKey(), e.getValue());
		return f;
	}

	/** Reads {@code partial.bin} from a folder (or the file itself). */
	public static PosteriorPartial read(final Path folderOrFile) throws IOException {
		final Path file = folderOrFile.getFileName() != null && folderOrFile.getFileName().toString().equals(PartialFile.NAME) ?
			folderOrFile : folderOrFile.resolve(PartialFile.NAME);
		return fromFile(PartialFile.read(file));
	}

	static PosteriorPartial fromFile(final PartialFile f) {
		final Header h = new Header(Kind.of(f.require("kind")), f.require("hash"), f.requireInt("total"), f.requireInt("shard"),
			f.requireInt("shards"), f.requireInt("dimension"), f.requireInt("keep"), f.requireInt("linearize"));
		final int d = h.dimension;
		final WeightedMoments m = WeightedMoments.restore(f.requireDouble("moments.max"), f.requireDouble("moments.sum"),
			Long.parseLong(f.require("moments.count")), length(f.doubles("moments.mean"), d, "moments.mean"),
			length(f.doubles("moments.m2"), d, "moments.m2"), h.kind == Kind.LINEARIZED ? length(f.doubles("moments.within"), d,
				"moments.within") : null);
		final PosteriorPartial p = new PosteriorPartial(h, m);
		for (final Map.Entry<String, String> e : f.meta().entrySet())
			if (e.getKey().startsWith("info.")) p.info.put(e.getKey().substring(5), e.getValue());
		final int n = f.requireInt("rows");
		p.index = length(f.ints("rows.index"), n, "rows.index");
		p.logWeight = length(f.doubles("rows.log_weight"), n, "rows.log_weight");
		p.misfit = length(f.doubles("rows.misfit"), n, "rows.misfit");
		final int[] lin = length(f.ints("rows.linearized"), n, "rows.linearized");
		p.linearized = new boolean[n];
		for (int i = 0; i < n; i++) p.linearized[i] = lin[i] != 0;
		if (f.has("rows.evaluated")) p.evaluated = length(f.doubles("rows.evaluated"), n, "rows.evaluated").clone();
		else {
			p.evaluated = new double[n];
			Arrays.fill(p.evaluated, 1);
		}
		p.rows = n;
		if (n == 0) {
			p.index = new int[16];
			p.logWeight = new double[16];
			p.misfit = new double[16];
			p.evaluated = new double[16];
			p.linearized = new boolean[16];
		}
		final int[] ki = f.ints("kept.index"), kl = f.ints("kept.linearized");
		final double[] kw = f.doubles("kept.log_weight"), kimg = length(f.doubles("kept.image"), ki.length * d, "kept.image");
		final Outside[] ko = outside(f, "kept", ki.length);
		for (int i = 0; i < ki.length; i++)
			p.kept.add(new Kept(ki[i], kw[i], kl[i] != 0, Arrays.copyOfRange(kimg, i * d, (i + 1) * d), ko[i]));
		final int[] ci = f.ints("candidates.index");
		final int nc = ci.length;
		final double[] cm = f.doubles("candidates.misfit"), cw = f.doubles("candidates.log_weight"),
			cmu = length(f.doubles("candidates.mean"), nc * d, "candidates.mean"),
			cd = length(f.doubles("candidates.diag"), nc * d, "candidates.diag"),
			cx = length(f.doubles("candidates.model"), nc * d, "candidates.model"),
			cs = length(f.doubles("candidates.shift"), nc * d, "candidates.shift");
		final Outside[] co = outside(f, "candidates", nc);
		for (int i = 0; i < nc; i++)
			p.candidates.add(new Candidate(ci[i], cm[i], cw[i], Arrays.copyOfRange(cmu, i * d, (i + 1) * d),
				Arrays.copyOfRange(cd, i * d, (i + 1) * d), Arrays.copyOfRange(cx, i * d, (i + 1) * d),
				Arrays.copyOfRange(cs, i * d, (i + 1) * d), co[i]));
		for (final String name : f.arrayNames())
			if (name.startsWith("extra.")) p.extras.put(name.substring(6), f.doubles(name));
		return p;
	}

	/** The out-of-range diagnostics of {@code group} (kept or candidates), nulls if the partial does not carry them. */
	private static Outside[] outside(final PartialFile f, final String group, final int n) {
		final Outside[] o = new Outside[n];
		if (!f.has(group + ".outside_mass") || !f.has(group + ".outside_mean")) return o;
		final double[] m = length(f.doubles(group + ".outside_mass"), n, group + ".outside_mass");
		final int[] b = length(f.ints(group + ".outside_mean"), n, group + ".outside_mean");
		for (int i = 0; i < n; i++) o[i] = new Outside(m[i], b[i] != 0);
		return o;
	}

	static double[] length(final double[] a, final int n, final String name) {
		if (a.length != n) throw new IllegalArgumentException("the partial's " + name + " has " + a.length + " values, expected " + n);
		return a;
	}

	static int[] length(final int[] a, final int n, final String name) {
		if (a.length != n) throw new IllegalArgumentException("the partial's " + name + " has " + a.length + " values, expected " + n);
		return a;
	}
}
