/**
 * The headless command line: {@link org.memfwi.cli.Main} ({@code java -jar memfwi.jar COMMAND key=value ...
 * out=DIR}) runs the commands with console progress and exit codes; the bench suites are in cli.bench. Uses
 * commands, io and the core, never fiji: the command-line jar runs without a GUI.
 */
package org.memfwi.cli;
