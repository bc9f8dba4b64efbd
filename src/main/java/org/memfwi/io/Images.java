package org.memfwi.io;

import java.util.Locale;

import org.memfwi.core.grid.Grid2D;
import org.memfwi.core.util.Table;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;

/**
 * Conversion between ImageJ images and the core's flat arrays, keeping units: a velocity model is a 32-bit image,
 * width nx, height nz (z down), square cells of dx metres (calibration unit "m"), values in m/s (value unit "m/s");
 * a training set is a stack of such models. Pixel arrays are shared, not copied: the core never modifies its inputs.
 */
public final class Images {

	/** Value unit of velocity images. */
	public static final String VELOCITY_UNIT = "m/s";

	private Images() {}

	/** A velocity model or training stack read from an image: its grid and one pixel array per slice. */
	public static final class ModelStack {
		public final Grid2D grid;
		public final float[][] models;
		public final String[] labels;

		ModelStack(final Grid2D grid, final float[][] models, final String[] labels) {
			this.grid = grid;
			this.models = models;
			this.labels = labels;
		}

		public int size() { return models.length; }
	}

	/**
	 * A 32-bit stack of velocity models with calibration (dx in m, values in m/s).
	 *
	 * @param models one array of nx * nz velocities per slice, used without copying
	 * @param labels slice labels, or null
	 */
	public static ImagePlus velocityStack(final String title, final Grid2D grid, final float[][] models, final String[] labels) {
		final ImageStack stack = new ImageStack(grid.nx(), grid.nz());
		for (int i = 0; i < models.length; i++) {
			grid.checkLength(models[i], "model " + (i + 1));
			stack.addSlice(labels == null ? null : labels[i], new FloatProcessor(grid.nx(), grid.nz(), models[i]));
		}
		final ImagePlus imp = new ImagePlus(title, stack);
		calibrate(imp, grid.dx(), VELOCITY_UNIT);
		autoContrast(imp);
		return imp;
	}

	/** Square cells of {@code dx} metres and the given value unit. */
	public static void calibrate(final ImagePlus imp, final double dx, final String valueUnit) {
		final Calibration c = imp.getCalibration();
		c.pixelWidth = dx;
		c.pixelHeight = dx;
		c.pixelDepth = 1;
		c.setUnit("m");
		if (valueUnit != null) c.setValueUnit(valueUnit);
	}

	/** Display range set to the minimum and maximum over all slices. */
	public static void autoContrast(final ImagePlus imp) {
		double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
		final ImageStack st = imp.getStack();
		for (int s = 1; s <= st.getSize(); s++) {
			final ImageProcessor ip = st.getProcessor(s);
			if (!(ip instanceof FloatProcessor)) return;
			for (final float v : (float[]) ip.getPixels())
				if (Float.isFinite(v)) {
					if (v < lo) lo = v;
					if (v > hi) hi = v;
				}
		}
		if (lo <= hi) imp.setDisplayRange(lo, hi == lo ? lo + 1 : hi);
	}

	/**
	 * Reads velocity models from an image, checking type, calibration and values.
	 *
	 * @param imp the image (one model or a stack)
	 * @param key the parameter name used in error messages, e.g. "training"
	 * @throws IllegalArgumentException naming the parameter and the fix
	 */
	public static ModelStack readModels(final ImagePlus imp, final String key) {
		if (imp == null) throw new IllegalArgumentException(key + ": no image given");
		final String name = key + " ('" + imp.getTitle() + "')";
		if (imp.getBitDepth() != 32) throw new IllegalArgumentException(name + " is a " + describeType(imp) +
			" image; velocity models must be 32-bit images in m/s (Image > Type > 32-bit, then scale the values to m/s)");
		if (imp.getNChannels() > 1 || imp.getNFrames() > 1)
			throw new IllegalArgumentException(name + " has channels or frames; velocity models must be a plain stack of slices");
		final Grid2D grid = new Grid2D(imp.getWidth(), imp.getHeight(), cellSize(imp, key));
		return slices(imp, grid, (s, i, v) -> {
			if (!(v > 0) || Float.isInfinite(v)) throw new IllegalArgumentException(name + " slice " + s + " has velocity " + v +
				" m/s at (x=" + i % grid.nx() + ", z=" + i / grid.nx() + "); velocities must be positive and finite");
		});
	}

	/** A check of one pixel value: slice (1-based), pixel index, value; throws to refuse it. */
	private interface ValueCheck {
		void check(int slice, int index, float value);
	}

	/** The slices as float arrays (32-bit pixels shared, others converted), each value checked, with their labels. */
	private static ModelStack slices(final ImagePlus imp, final Grid2D grid, final ValueCheck check) {
		final ImageStack st = imp.getStack();
		final float[][] models = new float[st.getSize()][];
		final String[] labels = new String[st.getSize()];
		for (int s = 1; s <= st.getSize(); s++) {
			final ImageProcessor ip = st.getProcessor(s);
			final float[] px = (float[]) (ip instanceof FloatProcessor ? ip : ip.convertToFloat()).getPixels();
			for (int i = 0; i < px.length; i++) check.check(s, i, px[i]);
			models[s - 1] = px;
			labels[s - 1] = st.getSliceLabel(s);
		}
		return new ModelStack(grid, models, labels);
	}

	/**
	 * Any grayscale stack as float images, for comparisons that need no physics (e.g. samples of a user's own generative
	 * model, normalized or uncalibrated): 8-, 16- or 32-bit, finite values; the grid's cell size is the calibration in
	 * metres if there is one, else 1 (see {@link #isMetric}).
	 *
	 * @throws IllegalArgumentException for a missing, RGB or multi-channel image, or a NaN or infinite value
	 */
	public static ModelStack readStack(final ImagePlus imp, final String key) {
		if (imp == null) throw new IllegalArgumentException(key + ": no image given");
		final String name = key + " ('" + imp.getTitle() + "')";
		if (imp.getType() == ImagePlus.COLOR_RGB || imp.getType() == ImagePlus.COLOR_256)
			throw new IllegalArgumentException(name + " is a " + describeType(imp) + " image; use a grayscale stack (Image > Type > 32-bit)");
		if (imp.getNChannels() > 1 || imp.getNFrames() > 1)
			throw new IllegalArgumentException(name + " has channels or frames; use a plain stack of slices");
		final Grid2D grid = new Grid2D(imp.getWidth(), imp.getHeight(), isMetric(imp) ? cellSize(imp, key) : 1);
		return slices(imp, grid, (s, i, v) -> {
			if (!Float.isFinite(v)) throw new IllegalArgumentException(name + " slice " + s + " has the value " + v + " at (x=" +
				i % grid.nx() + ", z=" + i / grid.nx() + "); every value must be finite");
		});
	}

	/** True if the image is calibrated in metres (or kilometres) with square cells. */
	public static boolean isMetric(final ImagePlus imp) {
		try {
			cellSize(imp, "");
			return true;
		}
		catch (final IllegalArgumentException e) {
			return false;
		}
	}

	/**
	 * The cell size in metres from the image calibration (unit m or km, square pixels).
	 *
	 * @throws IllegalArgumentException if the image is not calibrated in metres or its pixels are not square
	 */
	public static double cellSize(final ImagePlus imp, final String key) {
		final Calibration c = imp.getCalibration();
		final String unit = c.getUnit() == null ? "" : c.getUnit().trim().toLowerCase(Locale.ROOT);
		final double scale;
		switch (unit) {
			case "m": case "meter": case "meters": case "metre": case "metres": scale = 1; break;
			case "km": case "kilometer": case "kilometers": case "kilometre": case "kilometres": scale = 1000; break;
			default:
				throw new IllegalArgumentException(key + " ('" + imp.getTitle() + "') is not calibrated in metres (unit '" + c.getUnit() +
					"'); set Image > Properties: unit m, pixel width = pixel height = the cell size in m");
		}
		if (Math.abs(c.pixelWidth - c.pixelHeight) > 1e-6 * c.pixelWidth)
			throw new IllegalArgumentException(key + " ('" + imp.getTitle() + "') has non-square cells (" + c.pixelWidth + " x " +
				c.pixelHeight + " " + c.getUnit() + "); the solvers need square cells");
		if (!(c.pixelWidth > 0)) throw new IllegalArgumentException(key + " ('" + imp.getTitle() + "') has cell size " +
			c.pixelWidth + "; set a positive pixel width in Image > Properties");
		return c.pixelWidth * scale;
	}

	private static String describeType(final ImagePlus imp) {
		switch (imp.getType()) {
			case ImagePlus.COLOR_RGB: return "RGB";
			case ImagePlus.COLOR_256: return "8-bit color";
			default: return imp.getBitDepth() + "-bit";
		}
	}

	/** Stores a key/value property that survives saving as TIFF. */
	public static void setProp(final ImagePlus imp, final String key, final Object value) {
		imp.setProp(key, value == null ? "" : value instanceof Double ? Table.format(value) : value.toString());
	}
}
