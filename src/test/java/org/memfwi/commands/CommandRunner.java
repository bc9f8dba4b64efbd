package org.memfwi.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;

import org.memfwi.core.progress.Progress;
import org.memfwi.testing.CapturedOutput;

import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

/** Test support: runs MemFWI commands as Fiji does (SciJava CommandService, one context), and cancels runs on cue. */
final class CommandRunner implements AutoCloseable {

	private final Context context = new Context(CommandService.class);
	private final CommandService commands = context.service(CommandService.class);

	/** Runs a command with inputs given as key, value pairs and waits for it (pre- and postprocessing included). */
	CommandModule run(final Class<? extends MemFwiCommand> c, final Object... keyValues) throws Exception {
		final Map<String, Object> in = new HashMap<>();
		for (int i = 0; i < keyValues.length; i += 2) in.put((String) keyValues[i], keyValues[i + 1]);
		return commands.run(c, true, in).get();
	}

	/**
	 * Asserts that a refused run logged its reason once, as Fiji shows it headless:
	 * {@code [ERROR] MemFWI ForwardCommand: <the cancel reason>} (and claims that line of the captured output).
	 */
	static void assertLoggedRefusal(final CapturedOutput output, final CommandModule m) {
		final String line = "[ERROR] MemFWI " + m.getCommand().getClass().getSimpleName() + ": " + m.getCancelReason();
		assertEquals(line, output.expectErr(line));
	}

	@Override
	public void close() {
		context.dispose();
	}

	/** A progress sink that asks to stop once it has received more than {@code fractions} progress reports. */
	static Progress cancelAfter(final int fractions) {
		final int[] calls = { 0 };
		return new Progress() {
			@Override public void fraction(final double done) { calls[0]++; }
			@Override public void status(final String message) {}
			@Override public void warn(final String message) {}
			@Override public boolean isCanceled() { return calls[0] > fractions; }
		};
	}
}
