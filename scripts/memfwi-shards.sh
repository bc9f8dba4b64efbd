#!/bin/bash
# Sharded posterior as a SLURM job array (see README, "Scaling out"): K tasks each evaluate the training models
# i, i+K, i+2K, ... and write runs/shard-i/partial.bin; a dependent job merges them into the single-run outputs.
#
#   sbatch --array=0-7 scripts/memfwi-shards.sh shard        # 8 shards
#   sbatch --dependency=afterok:<array job id> scripts/memfwi-shards.sh merge
#
# Without SLURM (one machine, or a test): SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT set by hand, e.g.
#   for i in 0 1 2; do SLURM_ARRAY_TASK_ID=$i SLURM_ARRAY_TASK_COUNT=3 scripts/memfwi-shards.sh shard; done
#   scripts/memfwi-shards.sh merge
#
#SBATCH --job-name=memfwi-shard
#SBATCH --cpus-per-task=4
#SBATCH --mem=8G
#SBATCH --time=04:00:00
set -euo pipefail
JAR=${MEMFWI_JAR:-target/memfwi.jar}
COMMAND=${MEMFWI_COMMAND:-posterior-reweighted}
KEYS=${MEMFWI_KEYS:-"training=training.tif data=data.tif"}
RUNS=${MEMFWI_RUNS:-runs}
JAVA=${JAVA:-java}
case "${1:-shard}" in
	shard)
		i=${SLURM_ARRAY_TASK_ID:?set by sbatch --array}
		k=${SLURM_ARRAY_TASK_COUNT:?set by sbatch --array}
		# resume=true after a preemption or a node failure: a requeued task continues from its checkpoint
		resume=false
		[ -f "$RUNS/shard-$i/partial.bin" ] && resume=true
		# shellcheck disable=SC2086
		"$JAVA" -jar "$JAR" "$COMMAND" $KEYS threads="${SLURM_CPUS_PER_TASK:-0}" shard="$i/$k" checkpoint=5 resume=$resume \
			out="$RUNS/shard-$i" --quiet
		;;
	merge)
		"$JAVA" -jar "$JAR" merge parts="$RUNS/shard-*" out="$RUNS/merged" --quiet
		;;
	*)
		echo "usage: $0 shard|merge" >&2
		exit 2
		;;
esac
