package org.memfwi.commands;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ij.ImagePlus;

/**
 * Sets a command's parameters from {@code key=value} text, the same way for the command line and for ImageJ 1
 * macros: numbers parsed and range-checked, choices matched, images resolved by the front end (a TIFF path on the
 * command line, a window title in ImageJ). Unknown keys and missing required images are errors that name the
 * parameter.
 */
public final class Binder {

	/** The dialog choice and macro value for "no image" in an optional image input. */
	public static final String NO_IMAGE = "*None*";

	/** Turns an image parameter's text into an image: a file path, a window title... */
	public interface ImageResolver {
		ImagePlus resolve(CommandSpec.Param param, String text);
	}

	private Binder() {}

	/**
	 * Creates the command and sets every given parameter; the others keep their defaults.
	 *
	 * @throws IllegalArgumentException naming the first bad parameter
	 */
	public static MemFwiCommand bind(final CommandSpec spec, final Map<String, String> values, final ImageResolver images) {
		final MemFwiCommand cmd = spec.newInstance();
		// A bare key stands for true (macro checkboxes); for a number it means the value was forgotten ("n 3"), which
		// is said before the lost value ("3") is reported as an unknown key.
		for (final Map.Entry<String, String> e : values.entrySet()) {
			final CommandSpec.Param p = spec.param(e.getKey());
			if (p != null && "true".equals(e.getValue()) && needsValue(p))
				throw new IllegalArgumentException(p.key + " needs a value ('" + p.label + "'): write " + p.key + "=VALUE, without " +
					"spaces around '='");
		}
		for (final String key : values.keySet()) {
			if (spec.param(key) == null) {
				final List<String> keys = new ArrayList<>();
				for (final CommandSpec.Param p : spec.params()) keys.add(p.key);
				throw new IllegalArgumentException("unknown parameter '" + key + "' for " + spec.name() + "; its parameters are: " +
					String.join(", ", keys));
			}
		}
		for (final CommandSpec.Param p : spec.params()) {
			String text = null;
			for (final Map.Entry<String, String> e : values.entrySet())
				if (e.getKey().equalsIgnoreCase(p.key)) text = e.getValue();
			if (text == null) {
				if (p.required) throw new IllegalArgumentException(p.key + " is required ('" + p.label + "'): give " + p.key + "=" +
					(p.isImage() ? "PATH" : "VALUE"));
				continue;
			}
			spec.set(cmd, p, convert(p, text, images));
		}
		return cmd;
	}

	/** Converts the text of one parameter to its field type, checking range and choices. */
	public static Object convert(final CommandSpec.Param p, final String text, final ImageResolver images) {
		String t = text.trim();
		final Class<?> type = p.type;
		if (type != String.class) {
			final String number = p.words().get(t.toLowerCase(Locale.ROOT));
			if (number != null) t = number;
		}
		try {
			if (type == int.class || type == Integer.class) {
				final int v = Integer.parseInt(t);
				checkRange(p, v);
				return v;
			}
			if (type == long.class || type == Long.class) {
				final long v = Long.parseLong(t);
				checkRange(p, v);
				return v;
			}
			if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
				final double v = Double.parseDouble(t);
				if (!Double.isFinite(v)) throw new IllegalArgumentException(p.key + " must be a finite number ('" + p.label + "'), got " + text);
				checkRange(p, v);
				return type == float.class || type == Float.class ? (Object) (float) v : (Object) v;
			}
		}
		catch (final NumberFormatException e) {
			throw new IllegalArgumentException(p.key + " must be " +
				(type == double.class || type == Double.class ? "a number" : "a whole number") +
				(p.words().isEmpty() ? "" : " or " + String.join(" or ", p.words().keySet())) + " ('" + p.label + "'), got '" + text + "'");
		}
		if (type == boolean.class || type == Boolean.class) {
			if (t.equalsIgnoreCase("true") || t.equals("1") || t.equalsIgnoreCase("yes")) return true;
			if (t.equalsIgnoreCase("false") || t.equals("0") || t.equalsIgnoreCase("no")) return false;
			throw new IllegalArgumentException(p.key + " must be true or false ('" + p.label + "'), got '" + text + "'");
		}
		if (type == String.class) {
			if (p.choices.isEmpty()) return text;
			for (final String c : p.choices)
				if (c.equalsIgnoreCase(t)) return c;
			throw new IllegalArgumentException(p.key + " '" + text + "' is unknown; use one of: " + String.join(", ", p.choices));
		}
		if (type == File.class) {
			if (t.isEmpty()) return null;
			return new File(t);
		}
		if (type == ImagePlus.class) {
			if (t.isEmpty() || t.equals(NO_IMAGE)) {
				if (p.required) throw new IllegalArgumentException(p.key + " is required ('" + p.label + "')");
				return null;
			}
			return images.resolve(p, t);
		}
		throw new IllegalStateException("parameter " + p.key + " has unsupported type " + type.getName());
	}

	private static boolean needsValue(final CommandSpec.Param p) {
		final Class<?> t = p.type;
		return t == int.class || t == Integer.class || t == long.class || t == Long.class || t == double.class || t == Double.class ||
			t == float.class || t == Float.class || t == File.class || t == ImagePlus.class;
	}

	private static void checkRange(final CommandSpec.Param p, final double v) {
		if (!p.min.isEmpty() && v < Double.parseDouble(p.min))
			throw new IllegalArgumentException(p.key + " = " + fmt(v) + " is too small: " + p.key + " ('" + p.label +
				"') must be at least " + p.min);
		if (!p.max.isEmpty() && v > Double.parseDouble(p.max))
			throw new IllegalArgumentException(p.key + " = " + fmt(v) + " is too large: " + p.key + " ('" + p.label +
				"') must be at most " + p.max);
	}

	private static String fmt(final double v) {
		return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%s", v);
	}
}
