package org.memfwi.commands;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

import org.memfwi.core.grid.Grid2D;
import org.memfwi.core.posterior.MemorizationMetrics;
import org.memfwi.core.prior.ModelSource;
import org.memfwi.core.progress.Progress;
import org.memfwi.core.shard.AuditPartial;
import org.memfwi.core.shard.PartialFile;
import org.memfwi.core.shard.SettingsHash;
import org.memfwi.core.shard.Shard;
import org.memfwi.core.util.Parallel;
import org.memfwi.core.util.Table;
import org.memfwi.io.Images;
import org.memfwi.io.LazyModelStack;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Menu;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Plot;
import ij.process.FloatProcessor;

/**
 * Audits generated samples (e.g. from a user's own diffusion model) against the training set: for each sample the
 * nearest training model, the distances d1 and d2 and the memorization ratio d1 / mean(d2..dk); the fraction of
 * memorized samples at several thresholds, a histogram of the ratios, and each sample beside its nearest match.
 */
@Plugin(type = Command.class, name = "memorization-audit", headless = true,
	menuPath = "Plugins>MemFWI>Memorization Audit...",
	menu = { @Menu(label = "Plugins"), @Menu(label = "MemFWI"), @Menu(label = "Memorization Audit...", weight = 409) },
	description = "Nearest training model and memorization ratio of every generated sample")
public class MemorizationAuditCommand extends MemFwiCommand {

	@Parameter(label = "Training models (stack)", persist = false)
	private ImagePlus training;

	@Parameter(label = "Generated samples (stack)", persist = false)
	private ImagePlus samples;

	@Parameter(label = "Memorization threshold tau", min = "0", persist = false,
		description = "a sample is memorized when d1 / mean(d2..dk) < tau; 0.1, 0.3, 0.5 and 0.7 are always reported too")
	private double tau = 0.5;

	@Parameter(label = "Nearest distances in the ratio k", min = "2", persist = false,
		description = "the ratio uses the k = min(k, N) nearest training models", attrs = { @Attr(name = "advanced") })
	private int k = MemorizationMetrics.DEFAULT_K;

	@Parameter(label = ShardKeys.SHARD_LABEL, required = false, persist = false, description = ShardKeys.SHARD_DESCRIPTION,
		attrs = { @Attr(name = "advanced") })
	private String shard = "";

	@Parameter(label = ShardKeys.CHECKPOINT_LABEL, min = "0", persist = false, description = ShardKeys.CHECKPOINT_DESCRIPTION,
		attrs = { @Attr(name = "advanced"), @Attr(name = "words", value = ShardKeys.CHECKPOINT_WORDS) })
	private double checkpoint = ShardKeys.CHECKPOINT_DEFAULT;

	@Parameter(label = ShardKeys.RESUME_LABEL, persist = false, description = ShardKeys.RESUME_DESCRIPTION,
		attrs = { @Attr(name = "advanced") })
	private boolean resume = false;

	@Parameter(type = ItemIO.OUTPUT, label = "Sample beside its nearest training model")
	private ImagePlus montage;

	@Parameter(type = ItemIO.OUTPUT, label = "Memorization ratio histogram")
	private ImagePlus histogram;

	@Override
	protected void compute(final Progress progress) throws IOException {
		if (!(tau > 0)) throw new IllegalArgumentException("tau (memorization threshold) must be positive, got " + tau);
		final Shard part = ShardRunner.shard(shard, checkpoint, resume, out);
		final boolean sharded = shard != null && !shard.trim().isEmpty();
		// Any grayscale stacks: samples of a user's own generative model may be normalized or uncalibrated; the
		// distances only need both stacks in the same units.
		// A training set over files (a folder, a glob, an HDF5 file) is streamed: one model at a time, memory independent of N.
		final ModelSource files = training != null && training.getStack() instanceof LazyModelStack ?
			((LazyModelStack) training.getStack()).files().reportTo(progress) : null;
		final Images.ModelStack train = files == null ? Images.readStack(training, "training") : null;
		final Grid2D trainGrid = train != null ? train.grid : new Grid2D(training.getWidth(), training.getHeight(),
			Images.isMetric(training) ? Images.cellSize(training, "training") : 1);
		final Images.ModelStack gen = Images.readStack(samples, "samples");
		final int n = train != null ? train.size() : files.size();
		checkCompatible(trainGrid, gen.grid, Images.isMetric(training) && Images.isMetric(samples));
		if (n < 2) throw new IllegalArgumentException("training: the memorization ratio compares the nearest training model " +
			"with the next ones, so it needs at least 2 training models; got " + n);
		if (k < 2) throw new IllegalArgumentException("k (number of nearest distances in the ratio) must be at least 2, got " + k);
		final String unit = Images.isMetric(samples) ? samples.getCalibration().getValueUnit() : null;
		final SettingsHash h = new SettingsHash().add("kind", AuditPartial.KIND).add("k", k).add("tau", tau)
			.add("grid", gen.grid.toString()).add("n", n).add("unit", String.valueOf(unit));
		for (final float[] m : gen.models) h.add("sample", m);
		if (train != null) for (final float[] m : train.models) h.add("model", m);
		else {
			// one pass over the files for the fingerprint (and the finite-value check the in-memory stack gets)
			progress.status("Memorization audit: reading " + files.describe());
			final SettingsHash mh = new SettingsHash();
			final float[] m = new float[files.dimension()];
			for (int j = 0; j < n; j++) {
				progress.checkCanceled();
				files.read(j, m);
				for (int i = 0; i < m.length; i++)
					if (!Float.isFinite(m[i])) throw new IllegalArgumentException("training ('" + training.getTitle() + "') slice " + (j + 1) +
						" has the value " + m[i] + " at (x=" + i % trainGrid.nx() + ", z=" + i / trainGrid.nx() + "); every value must be finite");
				mh.add("model", m);
			}
			h.add("streamed models", mh.hex());
		}
		progress.status("Memorization audit: " + gen.size() + " samples against " + (sharded ? "shard " + part + " (" +
			part.size(n) + " models) of " : "") + n + " training models" + (files == null ? "" : ", streamed from " + files.describe()));
		final String hash = h.hex();
		final AuditPartial p;
		if (resume) {
			p = AuditPartial.read(out.toPath());
			if (!p.hash().equals(hash) || !p.shard().toString().equals(part.toString()))
				throw new IllegalArgumentException("resume: the checkpoint in " + out + " belongs to other inputs or another shard (" +
					p.shard() + "); give the same keys as the interrupted run, or run without resume=true");
		}
		else {
			p = new AuditPartial(hash, n, part, k, gen.size(), gen.grid.size());
			p.info("nx", Integer.toString(gen.grid.nx())).info("nz", Integer.toString(gen.grid.nz()))
				.info("dx", Double.toString(gen.grid.dx())).info("tau", Double.toString(tau)).info("unit", unit == null ? "" : unit);
			final float[] all = new float[gen.size() * gen.grid.size()];
			for (int s = 0; s < gen.size(); s++) System.arraycopy(gen.models[s], 0, all, s * gen.grid.size(), gen.grid.size());
			p.extra("samples", all);
		}
		final int workers = Parallel.threads(threads);
		final IntFunction<float[]> model = train != null ? j -> train.models[j] : j -> {
			synchronized (files) {
				return files.read(j, null).clone();
			}
		};
		ShardRunner.run(part, n, p.coverage(), workers, checkpoint, out, progress, j -> {
			final float[] m = model.apply(j);
			return new Object[] { m, AuditPartial.distances(m, gen.models) };
		}, (j, e) -> p.add(j, (float[]) e[0], (double[]) e[1]), p::write);
		if (sharded) {
			p.write(out.toPath());
			results().table("shard.csv", ShardRunner.shardSummary(part, p.indices().length, n));
			progress.status("Memorization audit, shard " + part + ": partial in " + out.toPath().resolve(PartialFile.NAME) +
				"; combine the shards with merge");
			return;
		}
		final float[][] nearest = new float[gen.size()][];
		final MemorizationMetrics.Entry[] entries = AuditPartial.merge(Collections.singletonList(p), Collections.singletonList("this run"),
			nearest);
		final ImagePlus[] shown = write(results(), entries, tau, n, k, gen.grid, gen.models, nearest, unit);
		montage = shown[0];
		histogram = shown[1];
		ShardRunner.dropCheckpoint(out);
	}

	/** Merges audit partials and writes the single run's files. */
	static void merge(final Results results, final List<AuditPartial> parts, final List<String> names) {
		final AuditPartial a = parts.get(0);
		final float[][] nearest = new float[a.sampleCount()][];
		final MemorizationMetrics.Entry[] entries = AuditPartial.merge(parts, names, nearest);
		final Grid2D g = new Grid2D(Integer.parseInt(a.info("nx")), Integer.parseInt(a.info("nz")), Double.parseDouble(a.info("dx")));
		final float[] all = a.extra("samples");
		final float[][] gen = new float[a.sampleCount()][];
		for (int s = 0; s < gen.length; s++) gen[s] = Arrays.copyOfRange(all, s * g.size(), (s + 1) * g.size());
		final String unit = a.info("unit");
		write(results, entries, Double.parseDouble(a.info("tau")), a.total(), a.k(), g, gen, nearest, unit == null || unit.isEmpty() ?
			null : unit);
	}

	/** Writes audit.csv, summary.csv, the montage and the histogram; returns the montage and the histogram. */
	private static ImagePlus[] write(final Results results, final MemorizationMetrics.Entry[] entries, final double tau, final int n,
		final int k, final Grid2D grid, final float[][] gen, final float[][] nearest, final String unit) {
		final Table summary = new Table("metric", "value");
		MemorizationMetrics.summarize(summary, entries, tau);
		summary.add("n_samples", gen.length);
		summary.add("n_training", n);
		summary.add("k", Math.min(k, n));
		results.table("audit.csv", MemorizationMetrics.table(entries, tau));
		results.table("summary.csv", summary);
		final ImagePlus montage = montage(grid, gen, nearest, entries, unit);
		final ImagePlus histogram = histogram(entries, tau);
		results.image("nearest-montage.tif", montage);
		results.png("memorization-histogram.png", histogram);
		return new ImagePlus[] { montage, histogram };
	}

	private static void checkCompatible(final Grid2D train, final Grid2D gen, final boolean bothCalibrated) {
		if (train.nx() != gen.nx() || train.nz() != gen.nz()) throw new IllegalArgumentException("samples are " + gen.nx() +
			" x " + gen.nz() + " but training models are " + train.nx() + " x " + train.nz() + "; use stacks of the same size");
		if (bothCalibrated && !train.sameAs(gen)) throw new IllegalArgumentException("samples have cells of " + gen.dx() +
			" m but training models of " + train.dx() + " m; use stacks with the same calibration");
	}

	/**
	 * Slice i: sample i on the left, its nearest training model on the right, a 2-cell NaN gap between; calibrated like
	 * the samples (cells in m, values in {@code valueUnit}) when they are calibrated in metres, else not at all (null).
	 */
	static ImagePlus montage(final Grid2D grid, final float[][] gen, final float[][] nearest, final MemorizationMetrics.Entry[] e,
		final String valueUnit) {
		final int nx = grid.nx(), nz = grid.nz(), gap = 2, w = 2 * nx + gap;
		final ImageStack st = new ImageStack(w, nz);
		for (int i = 0; i < e.length; i++) {
			final float[] px = new float[w * nz];
			Arrays.fill(px, Float.NaN);
			final float[] s = gen[i], t = nearest[i];
			for (int iz = 0; iz < nz; iz++) {
				System.arraycopy(s, iz * nx, px, iz * w, nx);
				System.arraycopy(t, iz * nx, px, iz * w + nx + gap, nx);
			}
			st.addSlice(String.format(Locale.ROOT, "sample %d | training %d (ratio %.3f)", i + 1, e[i].nearest() + 1, e[i].ratio()),
				new FloatProcessor(w, nz, px));
		}
		final ImagePlus imp = new ImagePlus("samples-beside-nearest", st);
		if (valueUnit != null) Images.calibrate(imp, grid.dx(), valueUnit);
		Images.autoContrast(imp);
		return imp;
	}

	/** Histogram of the ratios with the threshold marked. */
	static ImagePlus histogram(final MemorizationMetrics.Entry[] e, final double tau) {
		final double[] r = new double[e.length];
		for (int i = 0; i < r.length; i++) r[i] = e[i].ratio();
		return histogram(r, tau);
	}

	/** Histogram of memorization ratios d1 / mean(d2..dk) with the threshold tau marked. */
	public static ImagePlus histogram(final double[] ratios, final double tau) {
		double max = 1.2;
		for (final double x : ratios) if (Double.isFinite(x)) max = Math.max(max, x);
		final int bins = 30;
		final double width = max / bins;
		final double[] centers = new double[bins], counts = new double[bins];
		for (int b = 0; b < bins; b++) centers[b] = (b + 0.5) * width;
		int memorized = 0;
		for (final double x : ratios) {
			final int b = Double.isFinite(x) ? Math.min(bins - 1, (int) (x / width)) : bins - 1;
			counts[b]++;
			if (x < tau) memorized++;
		}
		double top = 1;
		for (final double c : counts) top = Math.max(top, c);
		final Plot plot = new Plot("Memorization ratio", "d1 / mean(d2..dk)", "samples");
		plot.setSize(420, 300); // drawn small with large text: legible in the demo report and at 100 %
		plot.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
		plot.setAxisLabelFont(Font.PLAIN, 15);
		plot.setLimits(0, max, 0, top * 1.1);
		plot.setColor(new Color(70, 110, 180), new Color(70, 110, 180));
		plot.add("bar", centers, counts);
		plot.setColor(Color.RED);
		plot.setLineWidth(2);
		plot.drawLine(tau, 0, tau, top * 1.1);
		plot.setLineWidth(1);
		plot.setColor(Color.BLACK);
		plot.addLabel(0.03, 0.14, String.format(Locale.ROOT, "memorized (ratio < %.2f): %.0f %% of %d", tau,
			ratios.length == 0 ? 0 : 100.0 * memorized / ratios.length, ratios.length));
		final ImagePlus imp = plot.getImagePlus();
		imp.setTitle("memorization-histogram");
		return imp;
	}
}
