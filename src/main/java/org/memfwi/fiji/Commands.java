package org.memfwi.fiji;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.memfwi.fiji.commands.ForwardCommand;
import org.memfwi.fiji.commands.FwiCommand;
import org.memfwi.fiji.commands.GenerateModelsCommand;
import org.memfwi.fiji.commands.MemorizationAuditCommand;

/**
 * The MemFWI commands, in the order the command line lists them. Each is a SciJava command; Fiji finds it through
 * the plugin index, ImageJ 1 through plugins.config (one {@link Launcher} line per command) and the command line
 * through this list. A test checks the three stay in step.
 */
public final class Commands {

	private static final List<CommandSpec> ALL;

	static {
		final List<CommandSpec> l = new ArrayList<>();
		l.add(CommandSpec.of(GenerateModelsCommand.class));
		l.add(CommandSpec.of(ForwardCommand.class));
		l.add(CommandSpec.of(FwiCommand.class));
		l.add(CommandSpec.of(MemorizationAuditCommand.class));
		l.add(CommandSpec.of(org.memfwi.fiji.commands.CollapseSweepCommand.class));
		l.add(CommandSpec.of(org.memfwi.fiji.commands.StylizedCommand.class));
		l.add(CommandSpec.of(org.memfwi.fiji.commands.PosteriorReweightedCommand.class));
		l.add(CommandSpec.of(org.memfwi.fiji.commands.PosteriorLinearizedCommand.class));
		l.add(CommandSpec.of(org.memfwi.fiji.commands.PosteriorDpsCommand.class));
		ALL = Collections.unmodifiableList(l);
	}

	private Commands() {}

	public static List<CommandSpec> all() { return ALL; }

	/**
	 * The command with the given command-line name.
	 *
	 * @throws IllegalArgumentException listing the known commands
	 */
	public static CommandSpec byName(final String name) {
		for (final CommandSpec c : ALL)
			if (c.name().equals(name)) return c;
		final List<String> names = new ArrayList<>();
		for (final CommandSpec c : ALL) names.add(c.name());
		throw new IllegalArgumentException("unknown command '" + name + "'; commands: " + String.join(", ", names));
	}
}
