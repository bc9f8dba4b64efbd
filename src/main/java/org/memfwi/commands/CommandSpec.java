package org.memfwi.commands;

import java.io.File;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.memfwi.core.util.Table;
import org.scijava.Context;
import org.scijava.ItemIO;
import org.scijava.plugin.Attr;
import org.scijava.ItemVisibility;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.service.Service;
import org.scijava.widget.Button;

import ij.ImagePlus;

/**
 * What a MemFWI command is, read from its SciJava annotations: the {@code @Plugin} gives its command-line name
 * ({@code name}), menu path and description; each {@code @Parameter} input field gives a parameter. This is the one
 * definition that the SciJava framework (Fiji), the ImageJ 1 launcher and the command line all use, so a parameter is
 * written once.
 */
public final class CommandSpec {

	/** One input parameter of a command. */
	public static final class Param {
		/** Field name: the key on the command line and in macros. */
		public final String key;
		public final Class<?> type;
		public final String label;
		public final String description;
		public final String min;
		public final String max;
		public final List<String> choices;
		public final String style;
		public final boolean required;
		/** The field's value in a fresh instance, or null. */
		public final Object defaultValue;
		/**
		 * The parameter's {@code @Attr} annotations by name (SciJava keeps them as widget hints; Fiji ignores the ones it
		 * does not know). MemFWI reads: {@code advanced} (shown under "Advanced" in dialogs), {@code physics}
		 * ("time" or "helmholtz": shown only for data of that physics), {@code role} (the memfwi.kind of the image an
		 * image input defaults to, see {@link Roles}), {@code words} (words accepted for special numbers, e.g.
		 * "auto=0", see {@link #word}).
		 */
		public final Map<String, String> attrs;
		final Field field;

		Param(final Field f, final Parameter p, final Object def) {
			field = f;
			key = f.getName();
			type = f.getType();
			label = p.label().isEmpty() ? key : p.label();
			description = p.description();
			min = p.min();
			max = p.max();
			final List<String> c = new ArrayList<>();
			for (final String s : p.choices()) c.add(s);
			choices = Collections.unmodifiableList(c);
			style = p.style();
			required = p.required() && def == null;
			defaultValue = def;
			final Map<String, String> a = new LinkedHashMap<>();
			for (final Attr at : p.attrs()) a.put(at.name(), at.value());
			attrs = Collections.unmodifiableMap(a);
		}

		/** True if the parameter is rarely changed and belongs under "Advanced" in dialogs. */
		public boolean isAdvanced() { return attrs.containsKey("advanced"); }

		/**
		 * The physics this parameter applies to, "time", "helmholtz" or "born", or "" for all: from its {@code physics}
		 * attribute, else from a description that starts with "time only", "helmholtz only" or "born only".
		 */
		public String physics() {
			if (attrs.containsKey("physics")) return attrs.get("physics");
			final String d = description.toLowerCase(Locale.ROOT);
			if (d.startsWith("time only")) return "time";
			if (d.startsWith("helmholtz only")) return "helmholtz";
			if (d.startsWith("born only")) return "born";
			return "";
		}

		/**
		 * The words a number parameter accepts in place of special values, from its {@code words} attribute
		 * ({@code "auto=0"} or {@code "auto=0,none=-1"}): word -> the number it stands for. Old macros that pass the number
		 * keep working.
		 */
		public Map<String, String> words() {
			final Map<String, String> m = new LinkedHashMap<>();
			final String w = attrs.get("words");
			if (w == null || w.trim().isEmpty()) return m;
			for (final String pair : w.split(",")) {
				final int eq = pair.indexOf('=');
				if (eq > 0) m.put(pair.substring(0, eq).trim().toLowerCase(Locale.ROOT), pair.substring(eq + 1).trim());
			}
			return m;
		}

		/** The word for a number, if the parameter has one for it (e.g. "auto" for 0), else null. */
		public String word(final double value) {
			for (final Map.Entry<String, String> e : words().entrySet())
				if (Double.parseDouble(e.getValue()) == value) return e.getKey();
			return null;
		}

		public boolean isImage() { return type == ImagePlus.class; }

		public boolean isFile() { return type == File.class; }

		public boolean isDirectory() { return isFile() && style.contains("directory"); }

		/** The default as the text a user would type, or "" for none. */
		public String defaultText() {
			if (defaultValue == null) return "";
			if (defaultValue instanceof Number && word(((Number) defaultValue).doubleValue()) != null)
				return word(((Number) defaultValue).doubleValue());
			if (defaultValue instanceof Double) return Table.format(defaultValue);
			return defaultValue.toString();
		}
	}

	private final Class<? extends MemFwiCommand> type;
	private final String name;
	private final String menuPath;
	private final String description;
	private final List<Param> params;

	private CommandSpec(final Class<? extends MemFwiCommand> type) {
		this.type = type;
		final Plugin plugin = type.getAnnotation(Plugin.class);
		if (plugin == null || plugin.name().isEmpty() || plugin.menuPath().isEmpty())
			throw new IllegalStateException(type.getName() + " needs @Plugin with a name and a menuPath");
		name = plugin.name();
		menuPath = plugin.menuPath();
		description = plugin.description();
		final MemFwiCommand fresh = newInstance();
		final List<Param> list = new ArrayList<>();
		// The inputs a family of commands shares (e.g. PosteriorCommand's training, data, noise, truth) first, then the
		// command's own parameters, then the keys of bases that refine them (@ListedAfterOwnParameters, e.g.
		// AcquisitionCommand's), then those every command has (MemFwiCommand: threads, out).
		final List<Class<?>> chain = new ArrayList<>(), after = new ArrayList<>();
		for (Class<?> c = type; c != MemFwiCommand.class && MemFwiCommand.class.isAssignableFrom(c); c = c.getSuperclass())
			if (c != type && c.isAnnotationPresent(ListedAfterOwnParameters.class)) after.add(c);
			else chain.add(0, c);
		chain.addAll(after);
		chain.add(MemFwiCommand.class);
		for (final Class<?> c : chain) {
			for (final Field f : c.getDeclaredFields()) {
				final Parameter p = f.getAnnotation(Parameter.class);
				if (p == null || Modifier.isStatic(f.getModifiers())) continue;
				if (p.type() == ItemIO.OUTPUT) continue;
				// Fiji-dialog-only items (the Help button, section headers) are no keys of the command line or macro.
				if (Button.class.isAssignableFrom(f.getType()) || p.visibility() == ItemVisibility.MESSAGE) continue;
				if (Service.class.isAssignableFrom(f.getType()) || Context.class.isAssignableFrom(f.getType()))
					continue;
				f.setAccessible(true);
				final Object def;
				try {
					def = f.get(fresh);
				}
				catch (final IllegalAccessException e) {
					throw new IllegalStateException(e);
				}
				list.add(new Param(f, p, def));
			}
		}
		params = Collections.unmodifiableList(list);
	}

	/** The specification of a command class. */
	public static CommandSpec of(final Class<? extends MemFwiCommand> type) {
		return new CommandSpec(type);
	}

	public Class<? extends MemFwiCommand> type() { return type; }

	/** The command-line name, e.g. "generate-models". */
	public String name() { return name; }

	/** The full SciJava menu path, e.g. "Plugins>MemFWI>Generate Training Models...". */
	public String menuPath() { return menuPath; }

	/** The menu parent, e.g. "Plugins>MemFWI". */
	public String menuParent() {
		final int i = menuPath.lastIndexOf('>');
		return menuPath.substring(0, i);
	}

	/** The menu label, e.g. "Generate Training Models...". */
	public String menuLabel() {
		return menuPath.substring(menuPath.lastIndexOf('>') + 1);
	}

	/** The name a macro passes to {@code run(...)}: the menu label, e.g. "Generate Training Models...". */
	public String macroName() {
		return menuLabel();
	}

	/** The label without a trailing ellipsis, for titles and messages, e.g. "Generate Training Models". */
	public String title() {
		final String l = menuLabel();
		return l.endsWith("...") ? l.substring(0, l.length() - 3) : l;
	}

	public String description() { return description; }

	public List<Param> params() { return params; }

	/** The parameter with the given key (case-insensitive), or null. */
	public Param param(final String key) {
		for (final Param p : params)
			if (p.key.toLowerCase(Locale.ROOT).equals(key.toLowerCase(Locale.ROOT))) return p;
		return null;
	}

	/** A new, unconfigured instance of the command. */
	public MemFwiCommand newInstance() {
		try {
			return type.getDeclaredConstructor().newInstance();
		}
		catch (final ReflectiveOperationException e) {
			throw new IllegalStateException("cannot create " + type.getName(), e);
		}
	}

	/** The current value of a parameter field of a command instance. */
	public Object get(final MemFwiCommand cmd, final Param p) {
		try {
			return p.field.get(cmd);
		}
		catch (final IllegalAccessException e) {
			throw new IllegalStateException(e);
		}
	}

	/** Sets a parameter field of a command instance. */
	void set(final MemFwiCommand cmd, final Param p, final Object value) {
		try {
			p.field.set(cmd, value);
		}
		catch (final IllegalAccessException e) {
			throw new IllegalStateException(e);
		}
	}
}
