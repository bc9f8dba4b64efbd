package org.memfwi.cli.bench;

import java.io.PrintStream;

/**
 * The command line's entry point as the suites see it: {@code java -jar memfwi.jar ARGS} without the exit. The caller
 * of {@link Bench#run(String[], PrintStream, PrintStream, CommandLine)} passes it in (the CLI passes its own
 * {@code Main::run}), so the suites run commands as a user would without depending on org.memfwi.cli.
 */
@FunctionalInterface
public interface CommandLine {

	/**
	 * Runs one command line.
	 *
	 * @param args the command name and its key=value arguments
	 * @return the exit code (0 = success)
	 */
	int run(String[] args, PrintStream stdout, PrintStream stderr);
}
