package org.memfwi.arch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Which classes of a code base refer to which classes, grouped by package: the edges of the package dependency
 * graph, each with the class pairs that make it. Built from compiled classes with {@link ClassReferences}.
 */
final class PackageGraph {

	/** One class-level reference, {@code from} uses {@code to} (top-level binary names). */
	static final class Use implements Comparable<Use> {
		final String from, to;

		Use(final String from, final String to) {
			this.from = from;
			this.to = to;
		}

		String fromPackage() { return ClassReferences.packageOf(from); }

		String toPackage() { return ClassReferences.packageOf(to); }

		@Override public int compareTo(final Use o) {
			final int c = from.compareTo(o.from);
			return c != 0 ? c : to.compareTo(o.to);
		}

		@Override public boolean equals(final Object o) {
			return o instanceof Use && ((Use) o).from.equals(from) && ((Use) o).to.equals(to);
		}

		@Override public int hashCode() { return 31 * from.hashCode() + to.hashCode(); }

		@Override public String toString() { return from + " -> " + to; }
	}

	/** Packages of the code base, each with the classes it holds. */
	final SortedMap<String, SortedSet<String>> classes = new TreeMap<>();
	/** Uses between classes of the code base in different packages. */
	final SortedSet<Use> internal = new TreeSet<>();
	/** Uses of classes outside the code base ({@code to} is the outside class). */
	final SortedSet<Use> external = new TreeSet<>();

	private PackageGraph() {}

	/**
	 * Reads every class file under a folder or in a jar whose classes lie in {@code root} (a package prefix such as
	 * {@code org.memfwi}) or its sub-packages.
	 */
	static PackageGraph read(final Path classesFolderOrJar, final String root) throws IOException {
		final Map<String, ClassReferences> read = new HashMap<>();
		final String prefix = root.replace('.', '/') + "/";
		if (Files.isDirectory(classesFolderOrJar)) {
			try (Stream<Path> files = Files.walk(classesFolderOrJar)) {
				files.filter(p -> p.toString().endsWith(".class"))
					.filter(p -> classesFolderOrJar.relativize(p).toString().replace('\\', '/').startsWith(prefix))
					.forEach(p -> {
						try {
							add(read, ClassReferences.read(Files.readAllBytes(p)));
						}
						catch (final IOException e) {
							throw new UncheckedIOException(p + ": " + e.getMessage(), e);
						}
					});
			}
		}
		else {
			try (ZipFile jar = new ZipFile(classesFolderOrJar.toFile())) {
				for (final Enumeration<? extends ZipEntry> e = jar.entries(); e.hasMoreElements();) {
					final ZipEntry z = e.nextElement();
					if (!z.getName().startsWith(prefix) || !z.getName().endsWith(".class")) continue;
					try (InputStream in = jar.getInputStream(z)) {
						add(read, ClassReferences.read(in.readAllBytes()));
					}
				}
			}
		}
		return of(read.values(), root);
	}

	/** The graph of the given classes; classes outside {@code root} count as external. */
	static PackageGraph of(final Iterable<ClassReferences> all, final String root) {
		final PackageGraph g = new PackageGraph();
		final Set<String> known = new TreeSet<>();
		for (final ClassReferences c : all) {
			known.add(c.name);
			g.classes.computeIfAbsent(ClassReferences.packageOf(c.name), k -> new TreeSet<>())
				.add(ClassReferences.topLevel(c.name));
		}
		for (final ClassReferences c : all) {
			final String from = ClassReferences.topLevel(c.name);
			for (final String r : c.references) {
				final boolean inside = r.equals(root) || r.startsWith(root + ".");
				// An annotation's string value looks like a descriptor: keep such names only if the class exists.
				if (inside && c.descriptorReferences.contains(r) && !known.contains(r)) continue;
				final Use u = new Use(from, ClassReferences.topLevel(r));
				if (!inside) g.external.add(u);
				else if (!u.fromPackage().equals(u.toPackage())) g.internal.add(u);
			}
		}
		return g;
	}

	/** The folder (or jar) the main classes were loaded from: target/classes under Maven. */
	static Path mainClasses(final Class<?> anyMainClass) {
		try {
			return Paths.get(anyMainClass.getProtectionDomain().getCodeSource().getLocation().toURI());
		}
		catch (final URISyntaxException e) {
			throw new IllegalStateException(e);
		}
	}

	/** The internal uses grouped by package pair: "from package" to "to package" to the class pairs. */
	static SortedMap<String, SortedMap<String, SortedSet<Use>>> byPackage(final Iterable<Use> uses) {
		final SortedMap<String, SortedMap<String, SortedSet<Use>>> m = new TreeMap<>();
		for (final Use u : uses)
			m.computeIfAbsent(u.fromPackage(), k -> new TreeMap<>()).computeIfAbsent(u.toPackage(), k -> new TreeSet<>()).add(u);
		return m;
	}

	/**
	 * The package cycles among the given uses: every strongly connected component of more than one package
	 * (Tarjan's algorithm), each as its sorted packages.
	 */
	static List<SortedSet<String>> cycles(final Iterable<Use> uses) {
		final SortedMap<String, SortedMap<String, SortedSet<Use>>> edges = byPackage(uses);
		final SortedSet<String> nodes = new TreeSet<>(edges.keySet());
		for (final Map<String, SortedSet<Use>> to : edges.values()) nodes.addAll(to.keySet());
		final Tarjan t = new Tarjan(edges);
		for (final String n : nodes) if (!t.index.containsKey(n)) t.visit(n);
		return t.components;
	}

	/** Tarjan's strongly connected components, recursive (package graphs are small). */
	private static final class Tarjan {
		final Map<String, ? extends Map<String, ?>> edges;
		final Map<String, Integer> index = new HashMap<>(), low = new HashMap<>();
		final Deque<String> stack = new ArrayDeque<>();
		final Set<String> onStack = new TreeSet<>();
		final List<SortedSet<String>> components = new ArrayList<>();

		Tarjan(final Map<String, ? extends Map<String, ?>> edges) {
			this.edges = edges;
		}

		void visit(final String v) {
			index.put(v, index.size());
			low.put(v, index.get(v));
			stack.push(v);
			onStack.add(v);
			final Map<String, ?> out = edges.containsKey(v) ? edges.get(v) : Collections.emptyMap();
			for (final String w : out.keySet()) {
				if (!index.containsKey(w)) {
					visit(w);
					low.put(v, Math.min(low.get(v), low.get(w)));
				}
				else if (onStack.contains(w)) low.put(v, Math.min(low.get(v), index.get(w)));
			}
			if (low.get(v).equals(index.get(v))) {
				final SortedSet<String> c = new TreeSet<>();
				String w;
				do {
					w = stack.pop();
					onStack.remove(w);
					c.add(w);
				}
				while (!w.equals(v));
				if (c.size() > 1) components.add(c);
			}
		}
	}

	private static void add(final Map<String, ClassReferences> into, final ClassReferences c) {
		into.put(c.name, c);
	}
}
