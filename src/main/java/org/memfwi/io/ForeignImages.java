package org.memfwi.io;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.memfwi.core.progress.Progress;
import org.memfwi.core.util.Table;
import org.memfwi.io.array.ArrayLayouts;
import org.memfwi.io.array.ArraySource;
import org.memfwi.io.array.Planes;
import org.memfwi.io.hdf5.Hdf5Dataset;
import org.memfwi.io.npy.NpyFile;
import org.memfwi.io.segy.SegyFile;
import org.memfwi.io.segy.SegyLayouts;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.FloatProcessor;

/**
 * Opens the files of other codes as MemFWI images: NumPy .npy, SEG-Y (.sgy, .segy), HDF5 (.h5, .hdf5) and training
 * sets over many files (a folder, a glob, a multi-dataset HDF5 file). Options follow the path after {@code ?}, joined
 * by {@code &}: {@code index=} (which models or data set, 0-based; lists and ranges), {@code dx=} and {@code dz=}
 * (cell size in m where the file does not say), {@code dataset=} (HDF5 path), {@code kind=models|gathers},
 * {@code group=record|source} (SEG-Y shots) and {@code dt=} (s, where SEG-Y headers give none), e.g.
 * {@code data1.npy?index=0} or {@code archive.h5?dataset=broadband_dm&index=0-9&dx=10}.
 * <p>
 * Velocity models come as 32-bit stacks calibrated in m (when the cell size is known; otherwise marked
 * {@code memfwi.cellsize = unknown} and calibrated later from the data, {@link #adoptCellSize}); shot gathers as one
 * slice per shot, width receivers, height time samples, with the positions SEG-Y headers give.
 */
public final class ForeignImages {

	private static final Pattern OPTIONS = Pattern.compile("\\?([A-Za-z]\\w*=[^&]*)(&[A-Za-z]\\w*=[^&]*)*$");

	private ForeignImages() {}

	/** A path and its options. */
	public static final class Spec {
		public final String path;
		public final Map<String, String> options;

		Spec(final String path, final Map<String, String> options) {
			this.path = path;
			this.options = options;
		}

		public String get(final String key) { return options.get(key); }

		/** A number option, or NaN when absent. */
		public double number(final String key, final String owner) {
			final String v = options.get(key);
			if (v == null || v.trim().isEmpty()) return Double.NaN;
			try {
				final double d = Double.parseDouble(v.trim());
				if (!(d > 0) || Double.isInfinite(d)) throw new NumberFormatException();
				return d;
			}
			catch (final NumberFormatException e) {
				throw new IllegalArgumentException(owner + ": " + key + "=" + v + " is not a positive number");
			}
		}
	}

	/** Splits {@code path?key=value&key=value}; options are recognised only as key=value pairs (a glob's ? stays). */
	public static Spec parse(final String text) {
		final Map<String, String> o = new LinkedHashMap<>();
		String path = text.trim();
		final Matcher m = OPTIONS.matcher(path);
		if (m.find()) {
			final String opts = path.substring(m.start() + 1);
			path = path.substring(0, m.start());
			for (final String kv : opts.split("&")) {
				final int eq = kv.indexOf('=');
				o.put(kv.substring(0, eq).trim().toLowerCase(Locale.ROOT), kv.substring(eq + 1).trim());
			}
		}
		return new Spec(path, o);
	}

	private static final String[] KEYS = { "index", "dx", "dz", "dataset", "kind", "group", "dt" };

	/** True if MemFWI (not ImageJ's opener) reads this path: .npy, SEG-Y, HDF5, a folder or a glob, or a path with options. */
	public static boolean handles(final String text) {
		final Spec s = parse(text);
		if (!s.options.isEmpty()) return true;
		final String l = s.path.toLowerCase(Locale.ROOT);
		return l.endsWith(".npy") || l.endsWith(".sgy") || l.endsWith(".segy") || l.endsWith(".h5") || l.endsWith(".hdf5") ||
			TrainingFiles.isMultiFile(s.path);
	}

	/**
	 * Opens a file of another code as an image.
	 *
	 * @param text the path with options (see the class description)
	 * @param key the parameter it was given to, for messages
	 * @throws IllegalArgumentException naming the parameter, the file and the fix
	 */
	public static ImagePlus open(final String text, final String key) {
		return open(parse(text), key);
	}

	/** As {@link #open(String, String)} with the options given separately (blank values ignored). */
	public static ImagePlus open(final String path, final Map<String, String> options, final String key) {
		final Map<String, String> o = new LinkedHashMap<>();
		for (final Map.Entry<String, String> e : options.entrySet())
			if (e.getValue() != null && !e.getValue().trim().isEmpty()) o.put(e.getKey(), e.getValue().trim());
		return open(new Spec(path, o), key);
	}

	private static ImagePlus open(final Spec s, final String key) {
		final String text = s.path;
		for (final String k : s.options.keySet())
			if (!Arrays.asList(KEYS).contains(k)) throw new IllegalArgumentException(key + ": unknown option " + k + "= in " + text +
				"; the options of a file are " + String.join(", ", KEYS));
		try {
			final String l = s.path.toLowerCase(Locale.ROOT);
			final boolean hdf = l.endsWith(".h5") || l.endsWith(".hdf5");
			final File f = new File(s.path);
			if (TrainingFiles.isMultiFile(s.path) && !(hdf && (s.get("dataset") != null || s.get("index") != null))) {
				final TrainingFiles t = TrainingFiles.open(s.path, Progress.NONE);
				final double dx = s.number("dx", key);
				final ImagePlus imp = LazyModelStack.image(new File(s.path).getName(), t, Double.isNaN(dx) ? 1 : dx);
				if (Double.isNaN(dx)) markUnknownCellSize(imp);
				return imp;
			}
			if (!f.isFile()) throw new IllegalArgumentException(key + ": file not found: " + s.path);
			if (l.endsWith(".npy")) {
				final NpyFile npy = NpyFile.open(Paths.get(s.path));
				return fromArray(npy, s, key);
			}
			if (hdf) {
				try (Hdf5Dataset d = Hdf5Dataset.open(Paths.get(s.path), s.get("dataset"))) {
					return fromArray(d, s, key);
				}
			}
			if (l.endsWith(".sgy") || l.endsWith(".segy")) return segy(Paths.get(s.path), s, key);
			throw new IllegalArgumentException(key + ": options (" + String.join(", ", s.options.keySet()) + ") apply to .npy, SEG-Y and " +
				"HDF5 files, not to " + f.getName());
		}
		catch (final IOException e) {
			throw new IllegalArgumentException(key + ": cannot read " + s.path + ": " + e.getMessage());
		}
		catch (final IllegalArgumentException e) {
			final String m = e.getMessage();
			if (m != null && (m.startsWith(key + ":") || m.startsWith(key + " "))) throw e;
			throw new IllegalArgumentException(key + ": " + m, e);
		}
	}

	private static ImagePlus fromArray(final ArraySource src, final Spec s, final String key) throws IOException {
		final String kind = kind(s, src.shape());
		final String title = new File(s.path).getName();
		if (kind.equals("gathers")) {
			final Planes g = ArrayLayouts.gathers(src, s.get("index"));
			final ImagePlus imp = stack(title, g);
			final double dt = s.number("dt", key);
			if (!Double.isNaN(dt)) {
				imp.getCalibration().pixelHeight = dt;
				imp.getCalibration().setYUnit("s");
			}
			Images.setProp(imp, "memfwi.kind", "imported-gathers");
			Images.setProp(imp, "memfwi.source_file", title);
			return imp;
		}
		return modelImage(title, ArrayLayouts.models(src, s.get("index")), s.number("dx", key), s.number("dz", key), key);
	}

	/** models unless kind= says otherwise or the layout is OpenFWI's (N, S, nt, R) with S > 1. */
	private static String kind(final Spec s, final int[] shape) {
		final String k = s.get("kind");
		if (k != null) {
			final String t = k.toLowerCase(Locale.ROOT);
			if (t.startsWith("model")) return "models";
			if (t.startsWith("gather") || t.equals("data")) return "gathers";
			throw new IllegalArgumentException("kind=" + k + " is not a kind of image; use kind=models or kind=gathers");
		}
		return shape.length == 4 && shape[1] != 1 ? "gathers" : "models";
	}

	private static ImagePlus modelImage(final String title, final Planes p, final double dx, final double dz, final String key) {
		if (!Double.isNaN(dz) && !Double.isNaN(dx) && Math.abs(dz - dx) > 1e-9 * dx) throw new IllegalArgumentException(key + ": cells of " +
			"dx = " + Table.format(dx) + " m by dz = " + Table.format(dz) + " m are not square, and MemFWI's grids are; resample the models");
		final double h = !Double.isNaN(dx) ? dx : dz;
		final ImagePlus imp = stack(title, p);
		if (Double.isNaN(h)) {
			Images.calibrate(imp, 1, Images.VELOCITY_UNIT);
			markUnknownCellSize(imp);
		}
		else Images.calibrate(imp, h, Images.VELOCITY_UNIT);
		Images.autoContrast(imp);
		return imp;
	}

	private static ImagePlus stack(final String title, final Planes p) {
		final ImageStack st = new ImageStack(p.width, p.height);
		for (int k = 0; k < p.size(); k++) st.addSlice(p.labels[k], new FloatProcessor(p.width, p.height, p.planes[k]));
		final ImagePlus imp = new ImagePlus(title, st);
		Images.autoContrast(imp);
		return imp;
	}

	private static ImagePlus segy(final Path path, final Spec s, final String key) throws IOException {
		final SegyFile f = SegyFile.read(path);
		String kind = s.get("kind");
		if (kind == null) {
			boolean varies = false;
			for (int k = 1; k < f.size(); k++)
				if (f.fieldRecord[k] != f.fieldRecord[0] || f.sourceX[k] != f.sourceX[0]) varies = true;
			kind = varies ? "gathers" : "models";
		}
		final String t = kind.toLowerCase(Locale.ROOT);
		if (t.startsWith("model")) {
			final SegyLayouts.Model m = SegyLayouts.model(f, s.number("dx", key), s.number("dz", key));
			return modelImage(f.name, m.model, m.dx, Double.NaN, key);
		}
		if (!t.startsWith("gather") && !t.equals("data")) throw new IllegalArgumentException("kind=" + kind + " is not a kind of " +
			"image; use kind=models or kind=gathers");
		final SegyLayouts.Gathers g = SegyLayouts.gathers(f, SegyLayouts.Grouping.parse(s.get("group")), s.number("dt", key));
		final ImagePlus imp = stack(f.name, g.shots);
		final Calibration c = imp.getCalibration();
		c.pixelHeight = g.dt;
		c.setYUnit("s");
		if (g.receiverX.length > 1) {
			c.pixelWidth = g.receiverX[1] - g.receiverX[0];
			c.setXUnit("m");
		}
		Images.setProp(imp, "memfwi.kind", "imported-gathers");
		Images.setProp(imp, "memfwi.source_file", f.name);
		Images.setProp(imp, "memfwi.dt", g.dt);
		Images.setProp(imp, "memfwi.nt", f.ns);
		Images.setProp(imp, "memfwi.src_x", list(g.sourceX));
		Images.setProp(imp, "memfwi.src_z", list(g.sourceZ));
		Images.setProp(imp, "memfwi.rec_x", list(g.receiverX));
		Images.setProp(imp, "memfwi.rec_z", list(g.receiverZ));
		return imp;
	}

	/** Numbers as a comma-separated list, as the memfwi.* properties hold them. */
	public static String list(final double[] v) {
		final StringBuilder b = new StringBuilder();
		for (int i = 0; i < v.length; i++) {
			if (i > 0) b.append(',');
			b.append(Table.format(v[i]));
		}
		return b.toString();
	}

	/** Marks a model image whose file gave no cell size. */
	static void markUnknownCellSize(final ImagePlus imp) {
		imp.getCalibration().setUnit("pixel");
		imp.setProp("memfwi.cellsize", "unknown");
	}

	/** True if a model image came from a file without a cell size and was given none. */
	public static boolean cellSizeUnknown(final ImagePlus imp) {
		return imp != null && "unknown".equals(imp.getProp("memfwi.cellsize"));
	}

	/**
	 * Calibrates a model image read from a file without a cell size (.npy, HDF5) with the cell size recorded in the
	 * data ({@code memfwi.dx}), so that {@code training="model/*.npy"} works with imported data on the same grid.
	 *
	 * @throws IllegalArgumentException naming the parameter when the data do not record a cell size either
	 */
	public static void adoptCellSize(final ImagePlus models, final ImagePlus data, final String key) {
		if (!cellSizeUnknown(models)) return;
		final String dx = data == null ? null : data.getProp("memfwi.dx");
		double h = Double.NaN;
		try {
			if (dx != null) h = Double.parseDouble(dx.trim());
		}
		catch (final NumberFormatException e) {
			h = Double.NaN;
		}
		if (!(h > 0)) throw new IllegalArgumentException(key + " ('" + models.getTitle() + "') comes from a file without a cell size; " +
			"add it to the path, e.g. " + key + "=\"model/*.npy?dx=10\" (m)");
		Images.calibrate(models, h, Images.VELOCITY_UNIT);
		models.setProp("memfwi.cellsize", "from data");
	}
}
