package org.memfwi.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.memfwi.arch.PackageGraph.Use;
import org.memfwi.commands.MemFwiCommand;

/**
 * The rooms of MemFWI and the doors between them, checked on the compiled classes (target/classes): dependencies
 * point inward only, {@code core.* <- io <- commands <- fiji, cli}; the core uses no ImageJ, SciJava or AWT; fiji and
 * cli do not use each other; and no two packages depend on each other, directly or round a longer loop. The room
 * rules are checked on the source imports as well, for constants javac inlines.
 */
class PackageDependencyTest {

	/**
	 * Known violations, each one class-level use, left from the house-order move of issue 11: the forward and FWI
	 * workflows still read the commands' input records from io (the lead is moving them into the core). A use not
	 * listed here fails the tests below, and so does an entry that no longer occurs: the list can only shrink. Delete
	 * an entry as soon as its use is gone; never add one.
	 */
	static final Set<String> KNOWN_VIOLATIONS = Collections.unmodifiableSet(new TreeSet<>(Arrays.<String> asList()));

	/** Outside libraries the core must not use: it is what scripts and the command line call without a GUI. */
	static final List<String> FRONT_END_LIBRARIES = Arrays.asList("ij.", "net.imagej.", "org.scijava.", "java.awt.",
		"javax.swing.");

	/** An import of a MemFWI class, static member or package; group 1 is what it names. */
	private static final Pattern IMPORT = Pattern.compile("^\\s*import\\s+(?:static\\s+)?(org\\.memfwi\\.[\\w.]+(?:\\.\\*)?)\\s*;",
		Pattern.MULTILINE);

	/** A room: a top-level package of MemFWI with its sub-packages. */
	enum Room {
		CORE("org.memfwi.core"), IO("org.memfwi.io"), COMMANDS("org.memfwi.commands"), FIJI("org.memfwi.fiji"),
		CLI("org.memfwi.cli");

		final String root;

		Room(final String root) {
			this.root = root;
		}

		/** The room of a package, or null if it lies in none. */
		static Room of(final String pkg) {
			for (final Room r : values()) if (pkg.equals(r.root) || pkg.startsWith(r.root + ".")) return r;
			return null;
		}

		/** Whether code in this room may use code in {@code other}: inward only, fiji and cli side by side. */
		boolean mayUse(final Room other) {
			if (other == this) return true;
			switch (this) {
				case CORE: return false;
				case IO: return other == CORE;
				case COMMANDS: return other == CORE || other == IO;
				case FIJI: case CLI: return other == CORE || other == IO || other == COMMANDS;
				default: throw new AssertionError(this);
			}
		}
	}

	private static PackageGraph graph;

	@BeforeAll
	static void readCompiledClasses() throws IOException {
		graph = PackageGraph.read(PackageGraph.mainClasses(MemFwiCommand.class), "org.memfwi");
		assertTrue(graph.classes.size() >= 10 && graph.internal.size() > 50,
			"read too little of " + PackageGraph.mainClasses(MemFwiCommand.class) + ": " + graph.classes.size() +
			" packages, " + graph.internal.size() + " uses between them");
	}

	@Test
	void everyPackageLiesInARoom() {
		final List<String> lost = new ArrayList<>();
		for (final String p : graph.classes.keySet()) if (Room.of(p) == null) lost.add(p + " " + graph.classes.get(p));
		assertTrue(lost.isEmpty(), "packages outside org.memfwi.{core,io,commands,fiji,cli}: move them into a room or " +
			"give them one in PackageDependencyTest.Room:\n  " + String.join("\n  ", lost));
	}

	@Test
	void dependenciesPointInward() {
		final List<String> report = inwardViolations(unknown(graph.internal));
		assertTrue(report.isEmpty(), "dependencies must point inward (core <- io <- commands <- fiji, cli):\n" +
			String.join("\n", report));
	}

	@Test
	void coreUsesNoImageJSciJavaOrAwt() {
		final SortedSet<Use> bad = new TreeSet<>();
		for (final Use u : graph.external)
			if (Room.of(u.fromPackage()) == Room.CORE && FRONT_END_LIBRARIES.stream().anyMatch(u.to::startsWith)) bad.add(u);
		assertTrue(bad.isEmpty(), "the core must not use ImageJ, SciJava, AWT or Swing (convert in io, adapt in fiji):\n  " +
			String.join("\n  ", strings(bad)));
	}

	@Test
	void noCyclesBetweenPackages() {
		final List<String> report = cycleReport(unknown(graph.internal));
		assertTrue(report.isEmpty(), "package cycles (each package of a cycle can reach every other one):\n" +
			String.join("\n", report));
	}

	@Test
	void everyKnownViolationStillOccurs() {
		final Set<String> present = new TreeSet<>(strings(graph.internal));
		final List<String> gone = new ArrayList<>();
		for (final String k : KNOWN_VIOLATIONS) if (!present.contains(k)) gone.add(k);
		assertTrue(gone.isEmpty(), "fixed, so delete from PackageDependencyTest.KNOWN_VIOLATIONS:\n  " +
			String.join("\n  ", gone));
		// And the allowance covers nothing a rule would permit anyway: each entry is a real violation.
		for (final String k : KNOWN_VIOLATIONS) {
			final String[] fromTo = k.split(" -> ");
			final Room from = Room.of(ClassReferences.packageOf(fromTo[0])), to = Room.of(ClassReferences.packageOf(fromTo[1]));
			assertFalse(from.mayUse(to), k + " is allowed by the rules; it needs no entry");
		}
	}

	/**
	 * The same rules on the imports of src/main/java: javac inlines constants ({@code static final} Strings and
	 * numbers), so code that uses only a constant of another room leaves no trace in its class file, but imports it.
	 */
	@Test
	void importsPointInwardToo() throws IOException {
		final Path main = Paths.get("src/main/java");
		assertTrue(Files.isDirectory(main), "run from the project folder: " + main.toAbsolutePath());
		final List<Use> uses = new ArrayList<>();
		try (Stream<Path> files = Files.walk(main)) {
			for (final Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
				final String name = main.relativize(f).toString().replace('\\', '/').replace(".java", "").replace('/', '.');
				final Matcher m = IMPORT.matcher(new String(Files.readAllBytes(f), StandardCharsets.UTF_8));
				while (m.find()) uses.add(new Use(name, importedClass(m.group(1))));
			}
		}
		assertTrue(uses.size() > 100, "found only " + uses.size() + " imports of MemFWI classes under " + main);
		final List<String> report = inwardViolations(unknown(uses));
		assertTrue(report.isEmpty(), "imports must point inward (core <- io <- commands <- fiji, cli):\n" +
			String.join("\n", report));
	}

	/** The class an import names (up to its first capitalized part), or {@code pkg.*} for a package import. */
	private static String importedClass(final String imported) {
		final String[] parts = imported.split("\\.");
		final StringBuilder b = new StringBuilder();
		for (final String part : parts) {
			if (b.length() > 0) b.append('.');
			b.append(part);
			if (!part.isEmpty() && (Character.isUpperCase(part.charAt(0)) || part.equals("*"))) break;
		}
		return b.toString();
	}

	// -- The checker on made-up graphs: it finds what it must, names the classes, and passes what is allowed. --

	@Test
	void checkerNamesThePackagePairAndTheClasses() {
		final List<Use> uses = Arrays.asList(new Use("org.memfwi.io.A", "org.memfwi.commands.B"),
			new Use("org.memfwi.io.A", "org.memfwi.commands.C"), new Use("org.memfwi.io.D", "org.memfwi.commands.B"),
			new Use("org.memfwi.commands.B", "org.memfwi.core.grid.G"), new Use("org.memfwi.cli.M", "org.memfwi.fiji.F"),
			new Use("org.memfwi.fiji.F", "org.memfwi.commands.B"), new Use("org.memfwi.cli.bench.X", "org.memfwi.cli.M"));
		final List<String> r = inwardViolations(uses);
		assertEquals(Arrays.asList(
			"  cli may not use fiji: org.memfwi.cli -> org.memfwi.fiji",
			"    M -> F",
			"  io may not use commands: org.memfwi.io -> org.memfwi.commands",
			"    A -> B, C",
			"    D -> B"), r);
	}

	@Test
	void importsAreReadAsTheClassesOrPackagesTheyName() {
		final Matcher m = IMPORT.matcher("package org.memfwi.io;\n\nimport org.memfwi.commands.FwiInputs;\n" +
			"import static org.memfwi.core.util.Statistics.median;\nimport org.memfwi.cli.*;\nimport java.util.List;\n" +
			"// import org.memfwi.fiji.Launcher; in a comment is no import\n");
		final List<String> got = new ArrayList<>();
		while (m.find()) got.add(importedClass(m.group(1)));
		assertEquals(Arrays.asList("org.memfwi.commands.FwiInputs", "org.memfwi.core.util.Statistics", "org.memfwi.cli.*"), got);
		assertEquals("org.memfwi.cli", new Use("org.memfwi.io.X", "org.memfwi.cli.*").toPackage());
	}

	@Test
	void checkerFindsCyclesOfAnyLengthAndNothingElse() {
		final List<Use> uses = Arrays.asList(new Use("p.a.A", "p.b.B"), new Use("p.b.B", "p.c.C"),
			new Use("p.c.C2", "p.a.A"), new Use("p.c.C", "p.d.D"), new Use("p.e.E", "p.f.F"), new Use("p.f.F", "p.e.E"));
		final List<SortedSet<String>> c = PackageGraph.cycles(uses);
		assertEquals(2, c.size(), c.toString());
		assertTrue(c.contains(new TreeSet<>(Arrays.asList("p.a", "p.b", "p.c"))), c.toString());
		assertTrue(c.contains(new TreeSet<>(Arrays.asList("p.e", "p.f"))), c.toString());
		final String report = String.join("\n", cycleReport(uses));
		assertTrue(report.contains("p.c -> p.a\n    C2 -> A"), report);
		assertFalse(report.contains("p.d"), report);
		assertTrue(PackageGraph.cycles(Arrays.asList(new Use("p.a.A", "p.b.B"), new Use("p.b.B", "p.c.C"))).isEmpty());
	}

	/** The uses not in {@link #KNOWN_VIOLATIONS}. */
	private static List<Use> unknown(final Iterable<Use> uses) {
		final List<Use> l = new ArrayList<>();
		for (final Use u : uses) if (!KNOWN_VIOLATIONS.contains(u.toString())) l.add(u);
		return l;
	}

	/** One block per forbidden package pair: the rule, then one line per using class with the classes it uses. */
	static List<String> inwardViolations(final Iterable<Use> uses) {
		final List<String> lines = new ArrayList<>();
		for (final Map.Entry<String, SortedMap<String, SortedSet<Use>>> from : PackageGraph.byPackage(uses).entrySet())
			for (final Map.Entry<String, SortedSet<Use>> to : from.getValue().entrySet()) {
				final Room a = Room.of(from.getKey()), b = Room.of(to.getKey());
				if (a == null || b == null || a.mayUse(b)) continue;
				lines.add("  " + name(a) + " may not use " + name(b) + ": " + from.getKey() + " -> " + to.getKey());
				lines.addAll(classLines(to.getValue()));
			}
		return lines;
	}

	/** One block per cycle: its packages, then every edge inside it with the classes that make it. */
	static List<String> cycleReport(final Iterable<Use> uses) {
		final List<String> lines = new ArrayList<>();
		final SortedMap<String, SortedMap<String, SortedSet<Use>>> edges = PackageGraph.byPackage(uses);
		for (final SortedSet<String> cycle : PackageGraph.cycles(uses)) {
			lines.add("  cycle " + cycle + ":");
			for (final String from : cycle)
				for (final String to : cycle)
					if (edges.containsKey(from) && edges.get(from).containsKey(to)) {
						lines.add("  " + from + " -> " + to);
						lines.addAll(classLines(edges.get(from).get(to)));
					}
		}
		return lines;
	}

	/** "    A -> B, C" per using class, simple names. */
	private static List<String> classLines(final SortedSet<Use> uses) {
		final List<String> lines = new ArrayList<>();
		String current = null;
		StringBuilder line = null;
		for (final Use u : uses) {
			if (!u.from.equals(current)) {
				if (line != null) lines.add(line.toString());
				current = u.from;
				line = new StringBuilder("    " + simple(u.from) + " -> " + simple(u.to));
			}
			else line.append(", ").append(simple(u.to));
		}
		if (line != null) lines.add(line.toString());
		return lines;
	}

	private static List<String> strings(final Iterable<Use> uses) {
		final List<String> l = new ArrayList<>();
		for (final Use u : uses) l.add(u.toString());
		return l;
	}

	private static String simple(final String className) {
		return className.substring(className.lastIndexOf('.') + 1);
	}

	private static String name(final Room r) {
		return r.name().toLowerCase();
	}
}
