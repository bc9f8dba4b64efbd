package org.memfwi.commands;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.memfwi.core.progress.Progress;
import org.memfwi.core.shard.AuditPartial;
import org.memfwi.core.shard.PartialFile;
import org.memfwi.core.shard.PartialMerge;
import org.memfwi.core.shard.PosteriorPartial;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Menu;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;

/**
 * Merges the partial posteriors of {@code shard=i/K} runs (their output folders, each holding {@code partial.bin}) into
 * the files a single run over the whole training set writes: posterior-mean.tif, posterior-variance.tif,
 * best-matches.tif, weights.csv and summary.csv (posterior-linearized shards: its mean, variances, component shifts,
 * components.csv and summary.csv; memorization-audit shards: audit.csv, summary.csv, nearest-montage.tif,
 * memorization-histogram.png). Refuses partials computed with other data, noise or settings, and
 * names missing or duplicated shards.
 */
@Plugin(type = Command.class, name = "merge", headless = true, menuPath = "Plugins>MemFWI>Merge Posterior Shards...",
	menu = { @Menu(label = "Plugins"), @Menu(label = "MemFWI"), @Menu(label = "Merge Posterior Shards...", weight = 308) },
	description = "Combine the partial posteriors of shard=i/K runs into the single-run outputs")
public class MergeCommand extends MemFwiCommand {

	@Parameter(label = "Shard output folders (comma-separated, or a glob)", persist = false,
		description = "the out= folders of the shard runs, e.g. runs/shard-0,runs/shard-1 or runs/shard-*; each holds partial.bin")
	private String parts = "";

	@Parameter(type = ItemIO.OUTPUT, label = "Posterior mean")
	private ImagePlus mean;

	@Parameter(type = ItemIO.OUTPUT, label = "Posterior variance")
	private ImagePlus variance;

	@Override
	protected void compute(final Progress progress) throws IOException {
		final List<Path> folders = folders(parts);
		final List<PosteriorPartial> ps = new ArrayList<>();
		final List<AuditPartial> audits = new ArrayList<>();
		final List<String> names = new ArrayList<>();
		String kind = null;
		for (final Path f : folders) {
			progress.checkCanceled();
			final String k = PartialFile.read(f.resolve(PartialFile.NAME)).get("kind");
			if (kind != null && !kind.equals(k)) throw new IllegalArgumentException("parts: " + f + " holds a partial of " + k + " but " +
				names.get(0) + " one of " + kind + "; merge the shards of one command at a time");
			kind = k;
			if (AuditPartial.KIND.equals(k)) audits.add(AuditPartial.read(f));
			else if (PosteriorPartial.Kind.REWEIGHTED.command.equals(k) || PosteriorPartial.Kind.LINEARIZED.command.equals(k))
				ps.add(PosteriorPartial.read(f));
			else throw new IllegalArgumentException("parts: " + f + " holds a partial of " + k + "; merge takes the shards of " +
				"posterior-reweighted, posterior-linearized and memorization-audit");
			names.add(f.toString());
		}
		if (!audits.isEmpty()) {
			progress.status("Merging " + audits.size() + " partial audits");
			MemorizationAuditCommand.merge(results(), audits, names);
			return;
		}
		progress.status("Merging " + ps.size() + " partial posteriors");
		final PartialMerge.MergedPosterior r = PartialMerge.merge(ps, names);
		if (r.header().kind == PosteriorPartial.Kind.LINEARIZED) {
			final PosteriorPartial first = ps.get(0);
			PosteriorLinearizedCommand.writeMerged(results(), PosteriorOutputs.of(first), r, Double.parseDouble(first.info("sigma")),
				Integer.parseInt(first.info("rank")));
		}
		else PosteriorReweightedCommand.write(results(), PosteriorOutputs.of(ps.get(0)), r, progress);
		mean = results().images().get("posterior-mean.tif");
		variance = results().images().get("posterior-variance.tif");
	}

	/**
	 * The folders named by {@code parts}: comma-separated entries, each a folder (or its partial.bin) or a glob whose last
	 * part has wildcards ({@code runs/shard-*}).
	 */
	static List<Path> folders(final String parts) throws IOException {
		if (parts == null || parts.trim().isEmpty()) throw new IllegalArgumentException("parts: no shard folders given; list the " +
			"out= folders of the shard runs, e.g. parts=run0,run1 or parts=runs/shard-*");
		final List<Path> out = new ArrayList<>();
		for (final String raw : parts.split(",")) {
			final String e = raw.trim();
			if (e.isEmpty()) continue;
			if (e.indexOf('*') >= 0 || e.indexOf('?') >= 0 || e.indexOf('[') >= 0) {
				final Path glob = Paths.get(e);
				final Path dir = glob.getParent() == null ? Paths.get(".") : glob.getParent();
				final PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + glob.getFileName());
				final List<Path> hits = new ArrayList<>();
				if (Files.isDirectory(dir)) try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
					for (final Path p : ds)
						if (m.matches(p.getFileName()) && Files.isRegularFile(folderOf(p).resolve(PartialFile.NAME))) hits.add(folderOf(p));
				}
				if (hits.isEmpty()) throw new IllegalArgumentException("parts: '" + e + "' matches no folder holding " + PartialFile.NAME +
					"; check the pattern and that the shard runs finished");
				Collections.sort(hits);
				for (final Path h : hits) if (!out.contains(h)) out.add(h);
			}
			else {
				final Path f = folderOf(Paths.get(e));
				if (!Files.isRegularFile(f.resolve(PartialFile.NAME))) throw new IllegalArgumentException("parts: " + f + " holds no " +
					PartialFile.NAME + "; give the out= folder of a shard run (shard=i/K) that finished");
				out.add(f);
			}
		}
		if (out.isEmpty()) throw new IllegalArgumentException("parts: no shard folders given; list the out= folders of the shard runs");
		return out;
	}

	private static Path folderOf(final Path p) {
		return p.getFileName() != null && p.getFileName().toString().equals(PartialFile.NAME) && p.getParent() != null ? p.getParent() : p;
	}
}
