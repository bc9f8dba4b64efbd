package org.memfwi.fiji;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.memfwi.commands.CommandSpec;

/**
 * Which parameters of a command the ImageJ 1 dialog shows, and where: the physics choice (asked or read from the
 * data), the main dialog's fields and the advanced ones behind "Advanced settings...", for one physics. It reads only
 * the parameter definitions ({@code advanced} and {@code physics} attributes of {@link CommandSpec.Param}), so the
 * command-line and macro keys are the same whatever the dialog shows. No AWT: {@link CommandDialog} lays the fields
 * out, tests read the lists.
 */
final class DialogLayout {

	/** The command's physics choice when it has one with fields of only one physics, else null. */
	final CommandSpec.Param physicsParam;
	/** The physics whose fields are shown, or null when the command has no physics choice. */
	final String physics;
	/** The fields of the main dialog, in parameter order (the physics choice excluded). */
	final List<CommandSpec.Param> main;
	/** The fields behind "Advanced settings...", in parameter order. */
	final List<CommandSpec.Param> advanced;

	private DialogLayout(final CommandSpec.Param physicsParam, final String physics, final List<CommandSpec.Param> main,
		final List<CommandSpec.Param> advanced) {
		this.physicsParam = physicsParam;
		this.physics = physics;
		this.main = Collections.unmodifiableList(main);
		this.advanced = Collections.unmodifiableList(advanced);
	}

	/**
	 * The layout of a command's dialog for a physics.
	 *
	 * @param physics "time", "helmholtz" (or another choice of the command's physics key): the physics chosen, or that
	 *          of the data (a command without a physics key, e.g. a posterior, hides the other physics' fields too); null
	 *          = all fields (the data say nothing)
	 */
	static DialogLayout of(final CommandSpec spec, final String physics) {
		final CommandSpec.Param pp = physicsParam(spec);
		final String shownPhysics = hasPhysicsFields(spec) ? physics : null;
		if (pp != null && (physics == null || !pp.choices.contains(physics)))
			throw new IllegalArgumentException("physics '" + physics + "' is not one of " + pp.choices + " of " + spec.name());
		final List<CommandSpec.Param> main = new ArrayList<>(), advanced = new ArrayList<>();
		for (final CommandSpec.Param p : spec.params()) {
			if (p == pp || !shown(p, shownPhysics)) continue;
			(p.isAdvanced() ? advanced : main).add(p);
		}
		return new DialogLayout(pp, shownPhysics, main, advanced);
	}

	/**
	 * The physics parameter of a command whose dialog shows one physics at a time: a key {@code physics} offering
	 * both "time" and "helmholtz", on a command with at least one parameter of only one physics; else null.
	 */
	static CommandSpec.Param physicsParam(final CommandSpec spec) {
		final CommandSpec.Param pp = spec.param("physics");
		if (pp == null || !pp.choices.contains("time") || !pp.choices.contains("helmholtz")) return null;
		return hasPhysicsFields(spec) ? pp : null;
	}

	/** True if some parameter of the command belongs to one physics only. */
	static boolean hasPhysicsFields(final CommandSpec spec) {
		for (final CommandSpec.Param p : spec.params())
			if (!p.physics().isEmpty()) return true;
		return false;
	}

	/**
	 * True if a field belongs to the physics shown (or to every physics); every field when physics is null. Born data
	 * are time-domain shot gathers, so physics "born" shows the time-domain fields (wavelet, dt, nt, order) too.
	 */
	static boolean shown(final CommandSpec.Param p, final String physics) {
		if (physics == null || p.physics().isEmpty() || p.physics().equals(physics)) return true;
		return physics.equals("born") && p.physics().equals("time");
	}

	/** The keys of a list of parameters, in order. */
	static List<String> keys(final List<CommandSpec.Param> params) {
		final List<String> k = new ArrayList<>();
		for (final CommandSpec.Param p : params) k.add(p.key);
		return k;
	}
}
