/**
 * Partial posteriors for sharded, checkpointed and resumed runs: exact mergeable sufficient statistics of the
 * reweighted and linearized posteriors ({@link org.memfwi.core.shard.PosteriorPartial}, running-max weighted moments in
 * {@link org.memfwi.core.shard.WeightedMoments}) and of the memorization audit ({@link org.memfwi.core.shard.AuditPartial}),
 * their versioned file format ({@link org.memfwi.core.shard.PartialFile}), shards i/K, settings hashes and the merge
 * with its exactly-once checks. Uses core.posterior (metrics) and core.util.
 */
package org.memfwi.core.shard;
