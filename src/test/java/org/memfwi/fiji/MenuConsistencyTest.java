package org.memfwi.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.memfwi.commands.CommandSpec;
import org.memfwi.commands.Commands;

import org.junit.jupiter.api.Test;

import ij.ImagePlus;

/**
 * plugins.config (ImageJ 1), the SciJava plugin index (Fiji) and the command list (command line) describe the same
 * commands with the same menu parent and label: then Fiji shows each command once and one recorded macro line runs
 * in both ImageJ 1 and Fiji.
 */
class MenuConsistencyTest {

	private static final Pattern LINE = Pattern.compile("^([^,]+),\\s*\"([^\"]+)\",\\s*([\\w.]+)\\(\"([^\"]*)\"\\)\\s*$");
	/** A separator line, as ImageJ 1 reads it ({@code "-"} as the label) and Fiji skips it. */
	private static final Pattern SEPARATOR = Pattern.compile("^Plugins>MemFWI,\\s*\"-\",\\s*null\\s*$");

	static final class Entry {
		final String parent, label, type, arg;

		Entry(final Matcher m) {
			parent = m.group(1).trim();
			label = m.group(2);
			type = m.group(3);
			arg = m.group(4);
		}
	}

	static List<Entry> pluginsConfig() throws IOException {
		final List<Entry> entries = new ArrayList<>();
		try (InputStream in = MenuConsistencyTest.class.getResourceAsStream("/plugins.config")) {
			assertNotNull(in, "plugins.config is not at the root of the jar's class path");
			for (final String raw : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
				final String line = raw.trim();
				if (line.isEmpty() || line.startsWith("#") || SEPARATOR.matcher(line).matches()) continue;
				final Matcher m = LINE.matcher(line);
				if (!m.matches()) fail("plugins.config line not understood: " + line);
				entries.add(new Entry(m));
			}
		}
		return entries;
	}

	@Test
	void everyCommandHasExactlyOneImageJ1EntryWithTheSameMenuLabel() throws IOException {
		final List<Entry> entries = pluginsConfig();
		final Set<String> labels = new HashSet<>();
		for (final Entry e : entries) assertTrue(labels.add(e.label), "duplicate label in plugins.config: " + e.label);
		int launchers = 0;
		for (final Entry e : entries) if (e.type.equals(Launcher.class.getName())) launchers++;
		assertEquals(Commands.all().size(), launchers, "one Launcher line per command");
		for (final CommandSpec c : Commands.all()) {
			Entry found = null;
			for (final Entry e : entries) if (e.type.equals(Launcher.class.getName()) && e.arg.equals(c.name())) found = e;
			assertNotNull(found, "plugins.config has no Launcher(\"" + c.name() + "\") line");
			assertEquals(c.menuParent(), found.parent, "menu parent of " + c.name());
			assertEquals(c.menuLabel(), found.label, "menu label of " + c.name());
		}
	}

	/**
	 * The menu lists the commands in workflow order, groups separated: samples and generation; forward and FWI;
	 * posteriors; diagnostics; demo; help and about.
	 */
	@Test
	void theMenuFollowsTheWorkflowWithSeparatorsBetweenGroups() throws IOException {
		final List<String> menu = new ArrayList<>();
		try (InputStream in = MenuConsistencyTest.class.getResourceAsStream("/plugins.config")) {
			for (final String raw : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
				final String line = raw.trim();
				if (SEPARATOR.matcher(line).matches()) menu.add("-");
				else {
					final Matcher m = LINE.matcher(line);
					if (m.matches() && !m.group(3).equals(SampleOpener.class.getName())) menu.add(m.group(4));
				}
			}
		}
		assertEquals(Arrays.asList("generate-models", "-", "import", "set-acquisition", "forward", "fwi", "-", "posterior-reweighted",
			"posterior-linearized", "posterior-dps", "merge", "-", "memorization-audit", "collapse-sweep", "stylized", "-", "reproduce",
			"demo", "-", "help", "about"),
			menu.subList(0, menu.size()), "plugins.config order; a new command goes into its group");
		final List<String> cli = new ArrayList<>();
		for (final CommandSpec c : Commands.all()) cli.add(c.name());
		final List<String> launchers = new ArrayList<>(menu);
		launchers.removeIf(s -> s.equals("-") || s.equals("help") || s.equals("about"));
		assertEquals(launchers, cli, "the command line lists the commands in the menu's order");
	}

	@Test
	void everyCommandIsInTheSciJavaPluginIndex() throws IOException {
		try (InputStream in = getClass().getResourceAsStream("/META-INF/json/org.scijava.plugin.Plugin")) {
			assertNotNull(in, "no SciJava plugin index: the annotation processor did not run");
			final String index = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			for (final CommandSpec c : Commands.all())
				assertTrue(index.contains("\"" + c.type().getName() + "\""), c.type().getName() + " is not indexed");
		}
	}

	@Test
	void everySampleEntryOpensABundledCalibratedImage() throws IOException {
		int samples = 0;
		for (final Entry e : pluginsConfig()) {
			if (!e.type.equals(SampleOpener.class.getName())) continue;
			samples++;
			assertEquals("Plugins>MemFWI>Open Sample", e.parent);
			assertTrue(!e.label.contains(","), "ImageJ 1 cannot parse a comma in a label: " + e.label);
			final ImagePlus imp = SampleOpener.open(e.arg);
			final String kind = imp.getProp("memfwi.kind");
			if (kind != null && (kind.equals("shot-gathers") || kind.equals("helmholtz-data")))
				assertTrue(imp.getProp("memfwi.physics") != null && imp.getProp("memfwi.dx") != null, e.arg + " lacks its acquisition");
			else {
				assertEquals("m", imp.getCalibration().getUnit(), e.arg);
				assertEquals("m/s", imp.getCalibration().getValueUnit(), e.arg);
			}
		}
		assertTrue(samples > 0, "no Open Sample entries");
	}

	@Test
	void parameterKeysAreSingleLowerCaseWords() {
		// ImageJ macros lower-case keys and keep only the first word; keys must survive that unchanged.
		for (final CommandSpec c : Commands.all())
			for (final CommandSpec.Param p : c.params())
				assertTrue(p.key.matches("[a-z][a-z0-9]*"), c.name() + "." + p.key + " is not a lower-case single word");
	}
}
