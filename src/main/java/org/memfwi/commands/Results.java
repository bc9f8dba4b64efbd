package org.memfwi.commands;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.memfwi.core.util.Table;
import org.memfwi.io.Display;

import ij.ImagePlus;
import ij.io.FileSaver;

/**
 * Everything a command produced, by file name: images (TIFF), plots (PNG), tables (CSV) and text. Written to a
 * folder all or nothing: every file goes to a temporary folder beside the target first and is moved into place only
 * when all were written, so a failure leaves no partial output.
 */
public final class Results {

	private final Map<String, ImagePlus> images = new LinkedHashMap<>();
	private final Map<String, ImagePlus> pngs = new LinkedHashMap<>();
	private final Map<String, Table> tables = new LinkedHashMap<>();
	private final Map<String, String> texts = new LinkedHashMap<>();
	private final Map<String, FileWriter> files = new LinkedHashMap<>();

	/** Writes one result file (e.g. a .npy or SEG-Y copy of an image) to the given path. */
	public interface FileWriter {
		void write(Path path) throws IOException;
	}

	/** Adds a file written by {@code writer} (all or nothing, with the rest). */
	public Results file(final String fileName, final FileWriter writer) {
		files.put(fileName, writer);
		return this;
	}

	/** Display titles of tables (images carry theirs), by file name. */
	private final Map<String, String> tableTitles = new LinkedHashMap<>();

	/** Adds an image, saved as an ImageJ TIFF (calibration, properties and labels kept). */
	public Results image(final String fileName, final ImagePlus imp) {
		images.put(fileName, imp);
		return this;
	}

	/** Adds a picture (a plot or a report page), saved as PNG. */
	public Results png(final String fileName, final ImagePlus imp) {
		pngs.put(fileName, imp);
		return this;
	}

	/** Adds a table, saved as CSV. */
	public Results table(final String fileName, final Table table) {
		tables.put(fileName, table);
		return this;
	}

	/** Adds a text file. */
	public Results text(final String fileName, final String content) {
		texts.put(fileName, content);
		return this;
	}

	/**
	 * Adds every result of another command under a sub-folder, e.g. {@code include("fwi", r)} turns
	 * {@code inverted-model.tif} into {@code fwi/inverted-model.tif}.
	 */
	public Results include(final String folder, final Results other) {
		final String prefix = folder.endsWith("/") ? folder : folder + "/";
		for (final Map.Entry<String, ImagePlus> e : other.images.entrySet()) images.put(prefix + e.getKey(), e.getValue());
		for (final Map.Entry<String, ImagePlus> e : other.pngs.entrySet()) pngs.put(prefix + e.getKey(), e.getValue());
		for (final Map.Entry<String, Table> e : other.tables.entrySet()) tables.put(prefix + e.getKey(), e.getValue());
		for (final Map.Entry<String, String> e : other.texts.entrySet()) texts.put(prefix + e.getKey(), e.getValue());
		for (final Map.Entry<String, String> e : other.tableTitles.entrySet()) tableTitles.put(prefix + e.getKey(), e.getValue());
		return this;
	}

	/**
	 * Names every result for display after what it was computed from and how, so that the windows of two runs never
	 * share a title: an image or plot whose title is still its file's base name becomes
	 * {@code source · method name} (e.g. {@code true-model data · reweighted mean}, "posterior-" dropped), and every
	 * table gets such a title (without a source: {@code method name}). Titles already set by the command (e.g.
	 * {@code start-fwi}) and results of included commands keep theirs.
	 *
	 * @param source title of the image the results were computed from (extension dropped), or null/empty for none
	 * @param method short name of the method, e.g. "reweighted"
	 */
	public Results label(final String source, final String method) {
		final String src = source == null ? "" : stripExtension(source.trim());
		final String head = src.isEmpty() ? method : src + " \u00b7 " + method;
		final Map<String, ImagePlus> all = new LinkedHashMap<>(images);
		all.putAll(pngs);
		for (final Map.Entry<String, ImagePlus> e : all.entrySet()) {
			final String base = Display.baseName(e.getKey());
			if (!src.isEmpty() && base.equals(e.getValue().getTitle())) e.getValue().setTitle(head + " " + shortName(base));
		}
		for (final String name : tables.keySet())
			if (!tableTitles.containsKey(name)) tableTitles.put(name, head + " " + shortName(Display.baseName(name)));
		return this;
	}

	/** The display title of a table: set by {@link #label}, else its file name. */
	public String tableTitle(final String fileName) {
		return tableTitles.getOrDefault(fileName, fileName);
	}

	private static String shortName(final String base) {
		return base.startsWith("posterior-") && base.length() > "posterior-".length() ? base.substring("posterior-".length()) : base;
	}

	/** A window title without a trailing image-file extension, e.g. "true-model" for "true-model.tif". */
	public static String stripExtension(final String title) {
		final String l = title.toLowerCase(Locale.ROOT);
		for (final String ext : new String[] { ".tif", ".tiff", ".png", ".csv" })
			if (l.endsWith(ext) && title.length() > ext.length()) return title.substring(0, title.length() - ext.length());
		return title;
	}

	public Map<String, ImagePlus> images() { return Collections.unmodifiableMap(images); }

	public Map<String, ImagePlus> pngs() { return Collections.unmodifiableMap(pngs); }

	public Map<String, Table> tables() { return Collections.unmodifiableMap(tables); }

	public Map<String, String> texts() { return Collections.unmodifiableMap(texts); }

	/** The names of all files this would write. */
	public List<String> fileNames() {
		final List<String> l = new ArrayList<>(images.keySet());
		l.addAll(pngs.keySet());
		l.addAll(tables.keySet());
		l.addAll(texts.keySet());
		l.addAll(files.keySet());
		return l;
	}

	/**
	 * Checks, before any work is done, that results could be written to {@code dir}: it is a writable folder or
	 * could be created as one.
	 *
	 * @throws IllegalArgumentException naming the folder and the problem
	 */
	public static void checkWritable(final File dir) {
		final Path p = dir.toPath().toAbsolutePath();
		if (Files.exists(p)) {
			if (!Files.isDirectory(p))
				throw new IllegalArgumentException("out: " + p + " exists and is not a folder; choose a folder for the results");
			if (!Files.isWritable(p)) throw new IllegalArgumentException("out: folder " + p + " is not writable; choose another");
			probe(p, p);
			return;
		}
		Path parent = p.getParent();
		while (parent != null && !Files.exists(parent)) parent = parent.getParent();
		if (parent == null) throw new IllegalArgumentException("out: cannot create folder " + p);
		if (!Files.isDirectory(parent))
			throw new IllegalArgumentException("out: cannot create folder " + p + " because " + parent + " is a file, not a folder");
		if (!Files.isWritable(parent))
			throw new IllegalArgumentException("out: cannot create folder " + p + " because " + parent + " is not writable");
		probe(parent, p);
	}

	/**
	 * Creates and deletes an empty file in {@code dir}: {@link Files#isWritable} says yes to root everywhere, even on
	 * read-only or virtual file systems, so only a real write tells before the work starts.
	 */
	private static void probe(final Path dir, final Path out) {
		try {
			Files.delete(Files.createTempFile(dir, ".memfwi-probe-", ".tmp"));
		}
		catch (final IOException | SecurityException e) {
			throw new IllegalArgumentException("out: cannot write to " + (dir.equals(out) ? "folder " + out : "folder " + out +
				" (in " + dir + ")") + ": " + reason(e) + "; choose a writable folder");
		}
	}

	/** A short reason for a failed file operation, without the path the message repeats. */
	static String reason(final Exception e) {
		if (e instanceof AccessDeniedException) return "permission denied";
		if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null)
			return ((FileSystemException) e).getReason();
		if (e instanceof NoSuchFileException) return "no such file or folder";
		return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
	}

	/**
	 * Writes every result into {@code dir} (created if needed), all or nothing.
	 *
	 * @return the files written
	 * @throws IOException naming the file that could not be written; nothing is left in {@code dir} then
	 */
	public List<File> writeTo(final File dir) throws IOException {
		checkWritable(dir);
		final Path target = dir.toPath().toAbsolutePath();
		final boolean created = !Files.exists(target);
		final Path tmp;
		try {
			Files.createDirectories(target);
			tmp = Files.createTempDirectory(target, ".memfwi-partial-");
		}
		catch (final IOException e) {
			throw new IOException("out: cannot write to folder " + target + ": " + reason(e) + "; choose a writable folder", e);
		}
		final List<File> written = new ArrayList<>();
		// files of an earlier run that this one replaces: kept in the temp folder until every new file is in place
		final Map<Path, Path> replaced = new LinkedHashMap<>();
		final Path backup = tmp.resolve(".replaced");
		boolean keep = false;
		try {
			for (final String name : fileNames()) {
				final Path parent = tmp.resolve(name).getParent();
				if (parent != null) Files.createDirectories(parent);
			}
			for (final Map.Entry<String, ImagePlus> e : images.entrySet()) {
				final File f = tmp.resolve(e.getKey()).toFile();
				final FileSaver fs = new FileSaver(e.getValue());
				final boolean ok = e.getValue().getStackSize() > 1 ? fs.saveAsTiffStack(f.getPath()) : fs.saveAsTiff(f.getPath());
				if (!ok || !f.isFile()) throw new IOException("could not write " + target.resolve(e.getKey()));
			}
			for (final Map.Entry<String, ImagePlus> e : pngs.entrySet()) {
				final BufferedImage bi = e.getValue().getBufferedImage();
				final BufferedImage rgb = new BufferedImage(bi.getWidth(), bi.getHeight(), BufferedImage.TYPE_INT_RGB);
				rgb.getGraphics().drawImage(bi, 0, 0, null);
				if (!ImageIO.write(rgb, "png", tmp.resolve(e.getKey()).toFile()))
					throw new IOException("could not write " + target.resolve(e.getKey()));
			}
			for (final Map.Entry<String, Table> e : tables.entrySet())
				Files.write(tmp.resolve(e.getKey()), e.getValue().toCsv().getBytes(StandardCharsets.UTF_8));
			for (final Map.Entry<String, String> e : texts.entrySet())
				Files.write(tmp.resolve(e.getKey()), e.getValue().getBytes(StandardCharsets.UTF_8));
			for (final Map.Entry<String, FileWriter> e : files.entrySet())
				e.getValue().write(tmp.resolve(e.getKey()));
			for (final String name : fileNames()) {
				final Path to = target.resolve(name);
				if (to.getParent() != null) Files.createDirectories(to.getParent());
				if (Files.isRegularFile(to)) {
					final Path old = backup.resolve(name);
					Files.createDirectories(old.getParent());
					Files.move(to, old);
					replaced.put(to, old);
				}
				try {
					Files.move(tmp.resolve(name), to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
				}
				catch (final AtomicMoveNotSupportedException x) {
					Files.move(tmp.resolve(name), to, StandardCopyOption.REPLACE_EXISTING);
				}
				written.add(to.toFile());
			}
			return written;
		}
		catch (final IOException | RuntimeException e) {
			// Undo as much as possible, never stopping at the first failure; earlier results that cannot be put back stay
			// in the temporary folder, and the message says where.
			for (final File f : written) {
				try {
					Files.deleteIfExists(f.toPath());
				}
				catch (final IOException x) {
					e.addSuppressed(x);
				}
			}
			for (final Map.Entry<Path, Path> r : replaced.entrySet()) {
				try {
					if (!Files.exists(r.getKey())) Files.move(r.getValue(), r.getKey());
				}
				catch (final IOException x) {
					keep = true;
					e.addSuppressed(x);
				}
			}
			if (keep) throw new IOException(e.getMessage() + "; some earlier results could not be put back and are kept in " +
				backup, e);
			if (created) deleteTree(target);
			throw e;
		}
		finally {
			if (!keep) deleteTree(tmp);
		}
	}

	private static void deleteTree(final Path p) throws IOException {
		if (!Files.exists(p)) return;
		if (Files.isDirectory(p)) try (Stream<Path> s = Files.list(p)) {
			for (final Path c : (Iterable<Path>) s::iterator) deleteTree(c);
		}
		Files.deleteIfExists(p);
	}
}
