package org.memfwi.commands;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

import org.memfwi.core.progress.CanceledException;
import org.memfwi.core.progress.Progress;
import org.memfwi.core.shard.PartialFile;
import org.memfwi.core.shard.Shard;
import org.memfwi.core.util.Parallel;
import org.memfwi.core.util.Table;

/**
 * Runs the per-model work of a streaming command over the models of a shard that a partial does not cover yet: models
 * are evaluated in parallel in small blocks and folded into the partial in model order (so the result does not depend
 * on the thread count, nor on where a run was interrupted and resumed), and the partial is written to
 * {@code out/partial.bin} every {@code checkpoint} minutes and when the user cancels.
 *
 * @param <R> what the evaluation of one model gives
 */
final class ShardRunner<R> {

	/** Folds one evaluated model into the partial (called in model order, on the calling thread). */
	interface Fold<R> {
		void fold(int model, R result);
	}

	/** Writes the partial. */
	interface Save {
		void save(Path folder) throws IOException;
	}

	private ShardRunner() {}

	/** Parses and checks the shard, checkpoint and resume keys together. */
	static Shard shard(final String shard, final double checkpoint, final boolean resume, final File out) {
		final Shard s = Shard.parse(shard);
		if (!(checkpoint >= 0)) throw new IllegalArgumentException("checkpoint must be 0 (never) or the minutes between checkpoints " +
			"(e.g. 5), got " + checkpoint);
		if (shard != null && !shard.trim().isEmpty() && out == null) throw new IllegalArgumentException("shard = " + s + " writes its partial posterior " +
			"(partial.bin) to the output folder; give out=DIR");
		if (resume && out == null) throw new IllegalArgumentException("resume = true continues from the checkpoint in the output " +
			"folder; give out=DIR (the folder of the interrupted run)");
		if (resume && !Files.isRegularFile(out.toPath().resolve(PartialFile.NAME))) throw new IllegalArgumentException("resume = " +
			"true but " + out + " holds no checkpoint (" + PartialFile.NAME + "); run without resume=true");
		return s;
	}

	/**
	 * Evaluates and folds every model of {@code shard} not marked in {@code covered}.
	 *
	 * @param total N
	 * @param workers models evaluated at a time
	 * @param checkpointMinutes 0 = never
	 * @param out folder for checkpoints, or null
	 */
	static <R> void run(final Shard shard, final int total, final boolean[] covered, final int workers, final double checkpointMinutes,
		final File out, final Progress progress, final IntFunction<R> evaluate, final Fold<R> fold, final Save save) {
		final List<Integer> todo = new ArrayList<>();
		for (int j = 0; j < shard.size(total); j++)
			if (!covered[shard.model(j)]) todo.add(shard.model(j));
		final int all = shard.size(total), before = all - todo.size();
		if (before > 0) progress.status(String.format(Locale.ROOT, "Resuming: %d of %d models done, %d to go", before, all, todo.size()));
		final int block = Math.max(1, 2 * workers);
		final long every = checkpointMinutes > 0 ? (long) (checkpointMinutes * 60e9) : Long.MAX_VALUE;
		long last = System.nanoTime();
		@SuppressWarnings("unchecked") final R[] slot = (R[]) new Object[block];
		int done = before;
		try {
			for (int start = 0; start < todo.size(); start += block) {
				final int count = Math.min(block, todo.size() - start), from = start;
				Parallel.forEach(count, workers, j -> {
					progress.checkCanceled();
					slot[j] = evaluate.apply(todo.get(from + j));
				});
				for (int j = 0; j < count; j++) {
					fold.fold(todo.get(from + j), slot[j]);
					slot[j] = null;
				}
				done += count;
				progress.fraction(done / (double) all);
				if (out != null && System.nanoTime() - last >= every) {
					save(save, out, progress, done, all);
					last = System.nanoTime();
				}
			}
		}
		catch (final CanceledException e) {
			if (out != null && done > before) save(save, out, progress, done, all);
			throw e;
		}
	}

	private static void save(final Save save, final File out, final Progress progress, final int done, final int all) {
		try {
			save.save(out.toPath());
			progress.status(String.format(Locale.ROOT, "Checkpoint: %d of %d models in %s", done, all,
				out.toPath().resolve(PartialFile.NAME)));
		}
		catch (final IOException e) {
			throw new IllegalStateException("out: cannot write the checkpoint " + out.toPath().resolve(PartialFile.NAME) + ": " +
				e.getMessage(), e);
		}
	}

	/** Deletes the checkpoint of a whole run once its results are complete. */
	static void dropCheckpoint(final File out) {
		if (out == null) return;
		try {
			Files.deleteIfExists(out.toPath().resolve(PartialFile.NAME));
		}
		catch (final IOException e) {
			// harmless: a stale checkpoint is only read with resume=true, and its hash is checked then
		}
	}

	/** The summary rows of a shard run. */
	static Table shardSummary(final Shard s, final int models, final int total) {
		final Table t = new Table("metric", "value");
		t.add("shard", s.toString());
		t.add("models", models);
		t.add("n_training", total);
		return t;
	}
}
