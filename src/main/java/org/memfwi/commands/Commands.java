package org.memfwi.commands;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.memfwi.core.progress.Progress;


/**
 * The MemFWI commands, in the order the command line lists them. Each is a SciJava command; Fiji finds it through
 * the plugin index, ImageJ 1 through plugins.config (one {@link Launcher} line per command) and the command line
 * through this list. A test checks the three stay in step.
 */
public final class Commands {

	private static final List<CommandSpec> ALL;

	static {
		final List<CommandSpec> l = new ArrayList<>();
		// workflow order, as in the menu (plugins.config): generation; forward and FWI; posteriors; diagnostics; demo
		l.add(CommandSpec.of(GenerateModelsCommand.class));
		l.add(CommandSpec.of(ImportCommand.class));
		l.add(CommandSpec.of(SetAcquisitionCommand.class));
		l.add(CommandSpec.of(ForwardCommand.class));
		l.add(CommandSpec.of(FwiCommand.class));
		l.add(CommandSpec.of(PosteriorReweightedCommand.class));
		l.add(CommandSpec.of(PosteriorLinearizedCommand.class));
		l.add(CommandSpec.of(PosteriorDpsCommand.class));
		l.add(CommandSpec.of(MergeCommand.class));
		l.add(CommandSpec.of(MemorizationAuditCommand.class));
		l.add(CommandSpec.of(CollapseSweepCommand.class));
		l.add(CommandSpec.of(StylizedCommand.class));
		l.add(CommandSpec.of(ReproduceCommand.class));
		l.add(CommandSpec.of(DemoCommand.class));
		ALL = Collections.unmodifiableList(l);
	}

	private Commands() {}

	public static List<CommandSpec> all() { return ALL; }

	/**
	 * Runs a command from Java with typed values (images as ImagePlus, numbers, texts; a String is parsed as on the
	 * command line), without writing files: its files are in {@link MemFwiCommand#results()}. Used by commands that
	 * chain others, such as the demo.
	 *
	 * @throws IllegalArgumentException for an unknown parameter or bad input, naming it
	 */
	public static MemFwiCommand run(final String name, final Map<String, Object> values,
		final Progress progress) throws IOException {
		final MemFwiCommand cmd = prepare(byName(name), values);
		cmd.execute(progress);
		return cmd;
	}

	/**
	 * A command of the given class with its parameters set from typed values (as {@link #run(String, Map,
	 * Progress)}), not yet run: call {@link MemFwiCommand#execute} on it.
	 *
	 * @throws IllegalArgumentException for an unknown parameter or bad input, naming it
	 */
	public static <T extends MemFwiCommand> T prepare(final Class<T> type, final Map<String, Object> values) {
		return type.cast(prepare(CommandSpec.of(type), values));
	}

	private static MemFwiCommand prepare(final CommandSpec spec, final Map<String, Object> values) {
		final String name = spec.name();
		final MemFwiCommand cmd = spec.newInstance();
		for (final Map.Entry<String, Object> e : values.entrySet()) {
			final CommandSpec.Param p = spec.param(e.getKey());
			if (p == null) throw new IllegalArgumentException("unknown parameter '" + e.getKey() + "' for " + name);
			if (p.key.equals("out")) throw new IllegalArgumentException("run() keeps results in memory; do not set out");
			final Object v = e.getValue();
			spec.set(cmd, p, v instanceof String && p.type != String.class ? Binder.convert(p, (String) v, (q, t) -> {
				throw new IllegalArgumentException(q.key + ": pass an ImagePlus, not a text");
			}) : v);
		}
		return cmd;
	}

	/**
	 * Runs a command of the given class from Java with typed values, as {@link #run(String, java.util.Map,
	 * org.memfwi.core.progress.Progress)}, and returns it as that class, so that its typed results can be read (e.g.
	 * {@link FwiCommand#outcome()}, {@link PosteriorCommand#posterior()}).
	 *
	 * @throws IllegalArgumentException for an unknown parameter or bad input, naming it
	 */
	public static <T extends MemFwiCommand> T run(final Class<T> type, final Map<String, Object> values,
		final Progress progress) throws IOException {
		final T cmd = prepare(type, values);
		cmd.execute(progress);
		return cmd;
	}

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
