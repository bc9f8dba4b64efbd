/**
 * The Apache Spark entry point ({@link org.memfwi.cli.spark.PosteriorJob}): one shard of a posterior or audit per Spark
 * partition, run by the command line's code, the partials merged on the driver. Spark is a provided dependency (not in
 * the jars). Part of the cli room: uses org.memfwi.cli (Main) and the core; nothing uses it back.
 */
package org.memfwi.cli.spark;
