package org.memfwi.commands;

/**
 * The one declaration of the {@code shard=}, {@code checkpoint=} and {@code resume=} keys of the commands that stream
 * over training models and write a partial result (posterior-reweighted, posterior-linearized, memorization-audit):
 * their labels, descriptions and defaults. The fields themselves must sit in each command class (SciJava harvests
 * {@code @Parameter} fields along the class chain only, and these three commands share no base class that
 * posterior-dps, which cannot shard, does not also have); each command declares them by these constants and parses
 * them with {@link ShardRunner#shard}, so labels, defaults and checks cannot drift apart.
 */
final class ShardKeys {

	private ShardKeys() {}

	static final String SHARD_LABEL = "Shard i/K (empty = every model)";
	static final String SHARD_DESCRIPTION = "process only the training models i, i+K, i+2K, ... (i from 0 to K-1) and write " +
		"their partial result (partial.bin) to out; combine the K output folders with Merge Posterior Shards (merge)";

	static final String CHECKPOINT_LABEL = "Checkpoint every (minutes; never = no checkpoints)";
	static final String CHECKPOINT_DESCRIPTION = "write the partial result done so far to out/partial.bin this often (and on " +
		"cancel), so that resume=true can continue after a crash, a kill or Esc";
	/** The checkpoint key's words: never = 0. */
	static final String CHECKPOINT_WORDS = "never=0";
	/** Minutes between checkpoints by default. */
	static final double CHECKPOINT_DEFAULT = 5;

	static final String RESUME_LABEL = "Resume from the checkpoint in the output folder";
	static final String RESUME_DESCRIPTION = "continue the interrupted run whose out/partial.bin is in the output folder; " +
		"give the same keys as that run";
}
