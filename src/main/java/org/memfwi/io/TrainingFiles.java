package org.memfwi.io;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.memfwi.core.prior.ModelSource;
import org.memfwi.core.progress.Progress;
import org.memfwi.io.array.ArrayLayouts;
import org.memfwi.io.array.ArraySource;
import org.memfwi.io.hdf5.Hdf5Dataset;
import org.memfwi.io.npy.NpyFile;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.Opener;
import ij.process.ImageProcessor;
import io.jhdf.HdfFile;
import net.imglib2.RandomAccess;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.cell.Cell;
import net.imglib2.img.cell.CellGrid;
import net.imglib2.img.cell.LazyCellImg;
import net.imglib2.type.numeric.real.FloatType;

/**
 * A training set larger than memory: the velocity models of a folder, a glob ({@code model/*.npy}, OpenFWI's 120
 * files of 500 models) or a multi-dataset HDF5 file, as one lazily loaded imglib2 image (x, z, model) whose cells — one
 * model each — are read from their file when asked for and not kept. Files are .npy ((nz, nx), (N, nz, nx) or
 * (N, 1, nz, nx)), HDF5 (every dataset of such a shape) or TIFF stacks; only their headers are read on opening, to
 * check that every file has the same grid. Files are ordered by name with numbers compared as numbers (model2 before
 * model10). One file is open at a time (the last one read), so a sequential pass opens each file once.
 */
public final class TrainingFiles implements ModelSource {

	/** One file or dataset and the models it holds. */
	private static final class Part {
		final Path path;
		final String dataset;
		final String label;
		final int count;
		final int nx, nz;

		Part(final Path path, final String dataset, final String label, final int count, final int nx, final int nz) {
			this.path = path;
			this.dataset = dataset;
			this.label = label;
			this.count = count;
			this.nx = nx;
			this.nz = nz;
		}
	}

	private final String spec;
	private final List<Part> parts;
	private final long[] first;
	private final int n, nx, nz;
	private final LazyCellImg<FloatType, FloatArray> image;
	private volatile Progress progress;
	private int openPart = -1;
	private ArraySource openSource;
	private ImageStack openStack;

	private TrainingFiles(final String spec, final List<Part> parts, final Progress progress) {
		this.spec = spec;
		this.parts = parts;
		this.progress = progress;
		first = new long[parts.size() + 1];
		for (int i = 0; i < parts.size(); i++) first[i + 1] = first[i] + parts.get(i).count;
		if (first[parts.size()] > Integer.MAX_VALUE) throw new IllegalArgumentException("training=" + spec + " holds " +
			first[parts.size()] + " models, more than MemFWI indexes; use fewer files");
		n = (int) first[parts.size()];
		nx = parts.get(0).nx;
		nz = parts.get(0).nz;
		final CellGrid grid = new CellGrid(new long[] { nx, nz, n }, new int[] { nx, nz, 1 });
		image = new LazyCellImg<>(grid, new FloatType(),
			index -> new Cell<>(new int[] { nx, nz, 1 }, new long[] { 0, 0, index }, new FloatArray(load((int) index))));
	}

	/** True if a {@code training=} value names several files: a folder, a glob, or an HDF5 file without a dataset. */
	public static boolean isMultiFile(final String spec) {
		if (spec == null) return false;
		if (hasWildcard(spec)) return true;
		final File f = new File(spec);
		if (f.isDirectory()) return true;
		final String lower = spec.toLowerCase(Locale.ROOT);
		return f.isFile() && (lower.endsWith(".h5") || lower.endsWith(".hdf5"));
	}

	private static boolean hasWildcard(final String s) {
		return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0 || s.indexOf('{') >= 0;
	}

	/**
	 * Opens a training set: reads every file's header and checks the grids.
	 *
	 * @param spec a folder, a glob (relative to the working directory or absolute) or an HDF5 file
	 * @param progress receives a status line for each file as the pass reaches it
	 * @throws IllegalArgumentException naming the pattern or the files: nothing matches, a file that is not a model
	 *         array, files of different grid sizes
	 */
	public static TrainingFiles open(final String spec, final Progress progress) throws IOException {
		final List<Path> files = resolve(spec);
		final List<Part> parts = new ArrayList<>();
		for (final Path f : files) parts.addAll(partsOf(f));
		if (parts.isEmpty()) throw new IllegalArgumentException("training=" + spec + " holds no velocity models");
		final Part p0 = parts.get(0);
		for (final Part p : parts)
			if (p.nx != p0.nx || p.nz != p0.nz) throw new IllegalArgumentException("training=" + spec + ": " + p.label + " holds models of " +
				p.nx + " x " + p.nz + " cells but " + p0.label + " of " + p0.nx + " x " + p0.nz + "; a training set needs one grid size " +
				"(move the other files elsewhere or narrow the pattern)");
		return new TrainingFiles(spec, parts, progress == null ? Progress.NONE : progress);
	}

	/** The files a folder or glob names, by natural name order. */
	static List<Path> resolve(final String spec) throws IOException {
		final List<Path> out = new ArrayList<>();
		if (!hasWildcard(spec)) {
			final Path p = Paths.get(spec);
			if (Files.isDirectory(p)) {
				try (DirectoryStream<Path> ds = Files.newDirectoryStream(p)) {
					for (final Path f : ds)
						if (Files.isRegularFile(f) && isModelFile(f)) out.add(f);
				}
				if (out.isEmpty()) throw new IllegalArgumentException("training=" + spec + " is a folder without .npy, .h5 or .tif files; " +
					"put the model files there or give a pattern such as training=\"model/*.npy\"");
			}
			else if (Files.isRegularFile(p)) out.add(p);
			else throw new IllegalArgumentException("training=" + spec + ": no such file or folder; check the path");
		}
		else {
			// the folder is the part of the pattern before its first wildcard component
			final String norm = spec.replace('\\', '/');
			final String[] comps = norm.split("/");
			final StringBuilder base = new StringBuilder();
			int k = 0;
			for (; k < comps.length - 1 && !hasWildcard(comps[k]); k++) base.append(comps[k]).append('/');
			final Path dir = Paths.get(base.length() == 0 ? "." : base.toString());
			final String pattern = String.join("/", Arrays.copyOfRange(comps, k, comps.length));
			if (!Files.isDirectory(dir)) throw new IllegalArgumentException("training=" + spec + ": the folder " + dir + " does not exist");
			final PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
			final boolean deep = pattern.contains("/") || pattern.contains("**");
			try (Stream<Path> s = deep ? Files.walk(dir) : Files.list(dir)) {
				s.filter(Files::isRegularFile).filter(f -> m.matches(dir.relativize(f))).forEach(out::add);
			}
			if (out.isEmpty()) throw new IllegalArgumentException("training=" + spec + " matches no file in " + dir.toAbsolutePath().normalize() +
				"; check the folder and the pattern (quote it so that the shell does not expand it)");
		}
		out.sort(Comparator.comparing(f -> f.getFileName().toString(), TrainingFiles::naturalCompare));
		return out;
	}

	private static boolean isModelFile(final Path f) {
		final String s = f.getFileName().toString().toLowerCase(Locale.ROOT);
		return s.endsWith(".npy") || s.endsWith(".h5") || s.endsWith(".hdf5") || s.endsWith(".tif") || s.endsWith(".tiff");
	}

	/** Compares names with runs of digits compared as numbers: model2.npy before model10.npy. */
	static int naturalCompare(final String a, final String b) {
		int i = 0, j = 0;
		while (i < a.length() && j < b.length()) {
			final char ca = a.charAt(i), cb = b.charAt(j);
			if (Character.isDigit(ca) && Character.isDigit(cb)) {
				int ie = i, je = j;
				while (ie < a.length() && Character.isDigit(a.charAt(ie))) ie++;
				while (je < b.length() && Character.isDigit(b.charAt(je))) je++;
				final String da = a.substring(i, ie).replaceFirst("^0+(?=.)", ""), db = b.substring(j, je).replaceFirst("^0+(?=.)", "");
				if (da.length() != db.length()) return da.length() - db.length();
				final int c = da.compareTo(db);
				if (c != 0) return c;
				i = ie;
				j = je;
			}
			else {
				if (ca != cb) return ca - cb;
				i++;
				j++;
			}
		}
		return (a.length() - i) - (b.length() - j);
	}

	private static List<Part> partsOf(final Path f) throws IOException {
		final String name = f.getFileName().toString();
		final String lower = name.toLowerCase(Locale.ROOT);
		final List<Part> out = new ArrayList<>();
		if (lower.endsWith(".npy")) {
			final NpyFile npy = NpyFile.open(f);
			final int[] s = ArrayLayouts.modelShape(npy);
			out.add(new Part(f, null, name, s[0], s[2], s[1]));
		}
		else if (lower.endsWith(".h5") || lower.endsWith(".hdf5")) {
			for (final String ds : datasetsOf(f))
				try (Hdf5Dataset d = Hdf5Dataset.open(f, ds)) {
					final int[] s = ArrayLayouts.modelShape(d);
					out.add(new Part(f, ds, name + ":" + ds, s[0], s[2], s[1]));
				}
		}
		else if (lower.endsWith(".tif") || lower.endsWith(".tiff")) {
			final ImagePlus imp = new Opener().openImage(f.toAbsolutePath().toString());
			if (imp == null) throw new IllegalArgumentException("training: cannot read " + name + " as an image");
			out.add(new Part(f, null, name, imp.getStackSize(), imp.getWidth(), imp.getHeight()));
		}
		else throw new IllegalArgumentException("training: " + name + " is not a .npy, .h5 or .tif file");
		return out;
	}

	private static List<String> datasetsOf(final Path f) throws IOException {
		try (HdfFile h = new HdfFile(f)) {
			return Hdf5Dataset.datasets(h);
		}
	}

	/** Reads model k from its file (the current file stays open for the next model). */
	private synchronized float[] load(final int k) {
		int p = Arrays.binarySearch(first, k);
		p = p >= 0 ? p : -p - 2;
		while (parts.get(p).count == 0) p++;
		final Part part = parts.get(p);
		final int local = (int) (k - first[p]);
		try {
			if (p != openPart) {
				closeOpen();
				progress.status("Reading " + part.label + " (file " + (p + 1) + " of " + parts.size() + ", models " + (first[p] + 1) + "-" +
					first[p + 1] + " of " + n + ")");
				final String lower = part.path.getFileName().toString().toLowerCase(Locale.ROOT);
				if (lower.endsWith(".npy")) openSource = NpyFile.open(part.path);
				else if (part.dataset != null) openSource = Hdf5Dataset.open(part.path, part.dataset);
				else openStack = new Opener().openImage(part.path.toAbsolutePath().toString()).getStack();
				openPart = p;
			}
			if (openStack != null) {
				final ImageProcessor ip = openStack.getProcessor(local + 1);
				return (float[]) ip.convertToFloat().getPixels();
			}
			if (openSource.shape().length == 2) {
				final int[] s = openSource.shape();
				final float[] all = new float[s[0] * s[1]];
				final float[] row = new float[s[1]];
				for (int i = 0; i < s[0]; i++) System.arraycopy(openSource.readEntry(i, row), 0, all, i * s[1], s[1]);
				return all;
			}
			return openSource.readEntry(local, null);
		}
		catch (final IOException e) {
			throw new UncheckedIOException("training: cannot read model " + (local + 1) + " of " + part.label + ": " + e.getMessage(), e);
		}
	}

	private void closeOpen() {
		if (openSource instanceof Hdf5Dataset) ((Hdf5Dataset) openSource).close();
		openSource = null;
		openStack = null;
		openPart = -1;
	}

	/**
	 * Where "Reading model12.npy (file 3 of 40, models 1001-1500 of 20000)" goes from now on, one line per file opened
	 * (e.g. the progress of the command that streams the set; the set is opened before the command runs).
	 */
	public TrainingFiles reportTo(final Progress p) {
		progress = p == null ? Progress.NONE : p;
		return this;
	}

	/** Closes the file kept open. */
	public synchronized void close() {
		closeOpen();
	}

	/** The training set as a lazily loaded imglib2 image (x, z, model): every access to a model reads it from its file. */
	public LazyCellImg<FloatType, FloatArray> image() { return image; }

	/** Models per row. */
	public int nx() { return nx; }

	/** Rows per model. */
	public int nz() { return nz; }

	/** Number of files (and HDF5 datasets). */
	public int files() { return parts.size(); }

	/** The file (and dataset) that holds model k, for labels. */
	public String label(final int k) {
		int p = Arrays.binarySearch(first, k);
		p = p >= 0 ? p : -p - 2;
		while (parts.get(p).count == 0) p++;
		return "model " + (k - first[p]) + " of " + parts.get(p).label;
	}

	@Override
	public int size() { return n; }

	@Override
	public int dimension() { return nx * nz; }

	@Override
	public float[] read(final int k, final float[] out) {
		final RandomAccess<Cell<FloatArray>> ra = image.getCells().randomAccess();
		ra.setPosition(new long[] { 0, 0, k });
		final float[] m = ra.get().getData().getCurrentStorageArray();
		if (out == null) return m;
		System.arraycopy(m, 0, out, 0, m.length);
		return out;
	}

	@Override
	public String describe() {
		return n + " models of " + nx + " x " + nz + " cells in " + parts.size() + (parts.size() == 1 ? " file" : " files") + " (" + spec + ")";
	}
}
