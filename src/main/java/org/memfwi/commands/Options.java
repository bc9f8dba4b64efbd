package org.memfwi.commands;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Parses {@code key=value} options the way ImageJ macros write them: {@code "n=5 family=flat out=[/my dir]"}, keys
 * case-insensitive, values with spaces in square brackets, a bare key meaning {@code true}. The command line passes
 * one {@code key=value} per argument.
 */
public final class Options {

	private Options() {}

	/** Parses an ImageJ macro options string. */
	public static Map<String, String> parseMacro(final String options) {
		final Map<String, String> map = new LinkedHashMap<>();
		if (options == null) return map;
		final String s = options;
		int i = 0;
		final int n = s.length();
		while (i < n) {
			while (i < n && Character.isWhitespace(s.charAt(i))) i++;
			if (i >= n) break;
			final int keyStart = i;
			while (i < n && s.charAt(i) != '=' && !Character.isWhitespace(s.charAt(i))) i++;
			final String key = s.substring(keyStart, i).toLowerCase(Locale.ROOT);
			if (i < n && s.charAt(i) == '=') {
				i++;
				final String value;
				if (i < n && s.charAt(i) == '[') {
					final int close = s.indexOf(']', i + 1);
					if (close < 0) throw new IllegalArgumentException("option '" + key + "' has an unclosed '[' in: " + options);
					value = s.substring(i + 1, close);
					i = close + 1;
				}
				else {
					final int start = i;
					while (i < n && !Character.isWhitespace(s.charAt(i))) i++;
					value = s.substring(start, i);
				}
				map.put(key, value);
			}
			else {
				map.put(key, "true");
			}
		}
		return map;
	}

	/** Parses command-line arguments, each {@code key=value} (a bare {@code key} means {@code true}). */
	public static Map<String, String> parseArgs(final String[] args, final int from) {
		final Map<String, String> map = new LinkedHashMap<>();
		for (int i = from; i < args.length; i++) {
			final String a = args[i];
			final int eq = a.indexOf('=');
			if (eq == 0) throw new IllegalArgumentException("argument '" + a + "' has no key before '='");
			final String key = (eq < 0 ? a : a.substring(0, eq)).toLowerCase(Locale.ROOT);
			if (map.containsKey(key)) throw new IllegalArgumentException("parameter '" + key + "' is given twice");
			map.put(key, eq < 0 ? "true" : a.substring(eq + 1));
		}
		return map;
	}

	/** Formats a value for a macro options string, bracketing it if it contains a space. */
	public static String macroValue(final String value) {
		return value.indexOf(' ') >= 0 ? "[" + value + "]" : value;
	}
}
