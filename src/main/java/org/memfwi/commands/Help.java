package org.memfwi.commands;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The help of a command as HTML, for the Help button of its dialog: the sections of the README (bundled in the jar as
 * {@value #README}) whose heading names the command, then every parameter with its key, label, default and
 * description. Works offline; nothing is fetched.
 */
public final class Help {

	/** Where the build puts the README in the jar. */
	public static final String README = "/help/README.md";

	private Help() {}

	/** The bundled README, or "" if the jar has none. */
	public static String readme() {
		try (InputStream in = Help.class.getResourceAsStream(README)) {
			return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (final IOException e) {
			return "";
		}
	}

	/**
	 * The README sections (heading and body, up to the next heading of the same or a higher level) whose heading
	 * contains the text, case-insensitive.
	 */
	public static List<String> sections(final String readme, final String headingText) {
		final List<String> out = new ArrayList<>();
		final String[] lines = readme.split("\n", -1);
		final String want = headingText.toLowerCase(Locale.ROOT);
		for (int i = 0; i < lines.length; i++) {
			final int level = level(lines[i]);
			if (level == 0 || !lines[i].toLowerCase(Locale.ROOT).contains(want)) continue;
			final StringBuilder sb = new StringBuilder(lines[i]).append('\n');
			boolean code = false;
			for (int j = i + 1; j < lines.length; j++) {
				if (lines[j].startsWith("```")) code = !code;
				final int l = code ? 0 : level(lines[j]);
				if (l > 0 && l <= level) break;
				sb.append(lines[j]).append('\n');
			}
			out.add(sb.toString());
		}
		return out;
	}

	/**
	 * The README sections of a command: those whose heading contains its menu title (e.g. "Stylized Problem"), else
	 * the first section of level 3, then 2, whose text names the command ({@code `name`}, {@code **name**} or
	 * {@code name} as a word), the command table excepted.
	 */
	public static List<String> commandSections(final String readme, final CommandSpec spec) {
		final List<String> byTitle = sections(readme, spec.title());
		if (!byTitle.isEmpty()) return byTitle;
		final String[] lines = readme.split("\n", -1);
		for (int want = 3; want >= 2; want--)
			for (final String line : lines) {
				if (level(line) != want || line.trim().equalsIgnoreCase("## Commands")) continue;
				for (final String sec : sections(readme, line.substring(want + 1)))
					if (sec.startsWith(line) && (sec.contains("`" + spec.name()) || sec.contains("**" + spec.name() + "**") ||
						sec.contains(" " + spec.name() + " "))) {
						final List<String> one = new ArrayList<>();
						one.add(sec);
						return one;
					}
			}
		return new ArrayList<>();
	}

	private static int level(final String line) {
		int n = 0;
		while (n < line.length() && line.charAt(n) == '#') n++;
		return n > 0 && n < line.length() && line.charAt(n) == ' ' ? n : 0;
	}

	/** The whole help of a command as an HTML page ({@code <html>...}, as ImageJ's dialogs show it). */
	public static String html(final CommandSpec spec) {
		final StringBuilder sb = new StringBuilder("<html><body style='width:640px'>");
		sb.append("<h2>").append(escape(spec.title())).append("</h2><p>").append(escape(spec.description())).append("</p>");
		final String readme = readme();
		for (final String s : commandSections(readme, spec)) sb.append(markdown(s));
		sb.append("<h3>Parameters (macro and command-line keys)</h3><table border='1' cellpadding='2'>");
		sb.append("<tr><th>key</th><th>meaning</th><th>default</th></tr>");
		for (final CommandSpec.Param p : spec.params()) {
			sb.append("<tr><td><b>").append(p.key).append("</b></td><td>").append(escape(p.label));
			if (!p.description.isEmpty()) sb.append("<br><small>").append(escape(p.description)).append("</small>");
			if (!p.choices.isEmpty()) sb.append("<br><small>one of: ").append(escape(String.join(", ", p.choices))).append("</small>");
			sb.append("</td><td>").append(escape(p.required ? "required" : p.defaultText())).append("</td></tr>");
		}
		sb.append("</table><p>Command line: <code>java -jar memfwi.jar ").append(spec.name()).append(" key=value ... out=DIR</code>; ")
			.append("macro: <code>run(\"").append(escape(spec.macroName())).append("\", \"key=value ...\");</code></p>");
		return sb.append("</body></html>").toString();
	}

	/** A small Markdown subset as HTML (see {@link #markdown}). */
	public static String markdownToHtml(final String md) {
		return markdown(md);
	}

	/** A small Markdown subset as HTML: headings, paragraphs, code blocks, list items, inline code and bold. */
	static String markdown(final String md) {
		final StringBuilder sb = new StringBuilder();
		boolean code = false, para = false;
		for (final String line : md.split("\n")) {
			if (line.startsWith("```")) {
				if (para) sb.append("</p>");
				para = false;
				sb.append(code ? "</pre>" : "<pre>");
				code = !code;
				continue;
			}
			if (code) {
				sb.append(escape(line)).append('\n');
				continue;
			}
			final int level = level(line);
			if (level > 0) {
				if (para) sb.append("</p>");
				para = false;
				sb.append("<h3>").append(inline(line.substring(level + 1))).append("</h3>");
			}
			else if (line.trim().isEmpty()) {
				if (para) sb.append("</p>");
				para = false;
			}
			else if (line.startsWith("- ") || line.startsWith("| ")) {
				if (para) sb.append("</p>");
				para = false;
				sb.append("<p>").append(line.startsWith("- ") ? "&bull; " : "").append(inline(line.startsWith("- ") ? line.substring(2) : line))
					.append("</p>");
			}
			else {
				if (!para) sb.append("<p>");
				para = true;
				sb.append(inline(line)).append(' ');
			}
		}
		if (para) sb.append("</p>");
		if (code) sb.append("</pre>");
		return sb.toString();
	}

	private static String inline(final String s) {
		return escape(s).replaceAll("`([^`]*)`", "<code>$1</code>").replaceAll("\\*\\*([^*]*)\\*\\*", "<b>$1</b>")
			.replaceAll("!\\[[^]]*]\\([^)]*\\)", "");
	}

	private static String escape(final String s) {
		return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}
}
