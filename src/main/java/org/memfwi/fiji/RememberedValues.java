package org.memfwi.fiji;

import java.util.Map;

import org.memfwi.commands.CommandSpec;

import ij.Macro;
import ij.Prefs;

/**
 * The values a user last gave a command's dialog, kept in ImageJ's preferences under {@code memfwi.COMMAND.KEY}
 * (saved in IJ_Prefs.txt when ImageJ quits), as ImageJ 1's own dialogs remember theirs. Macros stay reproducible:
 * while a macro runs with options ({@link Macro#getOptions()} not null) nothing is read or written here, so a key the
 * macro leaves out takes the documented default, never what an earlier dialog held. The output folder and image
 * inputs are never remembered (an earlier run's folder would silently be overwritten; images are chosen by role).
 */
final class RememberedValues {

	private final CommandSpec spec;

	RememberedValues(final CommandSpec spec) {
		this.spec = spec;
	}

	/** The preference key of a parameter, e.g. {@code memfwi.generate-models.family}. */
	static String prefKey(final CommandSpec spec, final CommandSpec.Param p) {
		return "memfwi." + spec.name() + "." + p.key;
	}

	/** True if a parameter's value is remembered (not the output folder, not images). */
	static boolean remembers(final CommandSpec.Param p) {
		return !p.isImage() && !p.key.equals("out");
	}

	/** True while a macro with options runs on this thread: then the documented defaults hold. */
	static boolean macroRunning() {
		return Macro.getOptions() != null;
	}

	/** The value the user last gave in this command's dialog, else (and always under a macro) the default, as text. */
	String get(final CommandSpec.Param p) {
		final String def = p.defaultText();
		if (!remembers(p) || macroRunning()) return def;
		final String v = Prefs.get(prefKey(spec, p), def);
		return v == null ? def : v;
	}

	/** Remembers the values of a dialog the user confirmed ({@code key=value}); does nothing under a macro. */
	void remember(final Map<String, String> values) {
		if (macroRunning()) return;
		for (final Map.Entry<String, String> e : values.entrySet()) {
			final CommandSpec.Param p = spec.param(e.getKey());
			if (p != null && remembers(p)) Prefs.set(prefKey(spec, p), e.getValue());
		}
	}
}
