/**
 * The suites of the {@code bench} command ({@link org.memfwi.cli.bench.Bench}): throughput of the time-domain,
 * Helmholtz and posterior solvers, printed and never asserted. Part of the cli room: uses commands, io and the
 * core, never fiji, and never org.memfwi.cli back: Main reaches it only through Bench and passes its own entry point
 * in as a {@link org.memfwi.cli.bench.CommandLine} for the suites that time whole commands.
 */
package org.memfwi.cli.bench;
