package org.memfwi.io;

import java.awt.Color;
import java.awt.image.IndexColorModel;
import java.util.Arrays;
import java.util.Locale;

import ij.CompositeImage;
import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ImageProcessor;
import ij.process.LUT;

/**
 * How MemFWI images look on screen, decided from their {@code memfwi.kind} and value unit: velocity images in the
 * viridis colour table over their own range, standard deviations and variances in grey, shot gathers and
 * frequency-domain data in a blue-white-red seismic table over a range symmetric about zero, every slice labelled,
 * and a zoom at which small images are readable. Only the display changes: pixel values, calibration and properties
 * stay as they are, and nothing here is saved to the TIFF files commands write (they are written before dressing).
 */
public final class Display {

	/** Smallest displayed size (pixels on screen) of an image's larger side that {@link #zoom} aims for. */
	public static final int READABLE_SIDE = 320;

	/** ImageJ's own zoom levels (ij.gui.ImageCanvas), up to 32x. */
	private static final double[] ZOOM_LEVELS = { 1, 1.5, 2, 3, 4, 6, 8, 12, 16, 24, 32 };

	private Display() {}

	/** What an image shows, as far as its display is concerned. */
	public enum Role {
		/** Velocity models, posterior means and samples, inverted models: m/s. */
		VELOCITY,
		/** Standard deviations, variances, shifts: non-negative spreads. */
		SPREAD,
		/** Time-domain shot gathers: signed wavefield amplitudes. */
		GATHERS,
		/** Frequency-domain data: signed real and imaginary parts. */
		HELMHOLTZ,
		/** Anything else: left as it is. */
		OTHER
	}

	/** The display role of an image from its {@code memfwi.kind} property and its value unit. */
	public static Role role(final ImagePlus imp) {
		final String kind = imp.getProp("memfwi.kind") == null ? "" : imp.getProp("memfwi.kind");
		if (kind.equals(TimeDomainData.KIND)) return Role.GATHERS;
		if (kind.equals(HelmholtzData.KIND)) return Role.HELMHOLTZ;
		if (kind.contains("std") || kind.contains("variance") || kind.contains("shift")) return Role.SPREAD;
		final String unit = imp.getCalibration().getValueUnit();
		if (imp.getBitDepth() == 32 && Images.VELOCITY_UNIT.equals(unit)) return Role.VELOCITY;
		if (imp.getBitDepth() == 32 && unit != null && unit.startsWith("(m/s)")) return Role.SPREAD;
		return Role.OTHER;
	}

	/**
	 * Dresses an image for display by its {@link #role}: colour table and display range; slice labels for stacks
	 * that lack them ({@code prefix 3/10}).
	 *
	 * @param labelPrefix the text before the slice number in generated slice labels, e.g. "model"
	 */
	public static void dress(final ImagePlus imp, final String labelPrefix) {
		labelSlices(imp, labelPrefix);
		switch (role(imp)) {
			case VELOCITY:
				imp.setLut(Plots.viridisLut());
				Images.autoContrast(imp);
				break;
			case SPREAD:
				imp.setLut(LUT.createLutFromColor(Color.WHITE));
				Images.autoContrast(imp);
				break;
			case GATHERS:
			case HELMHOLTZ:
				final double a = symmetricRange(imp);
				if (imp instanceof CompositeImage) {
					final CompositeImage ci = (CompositeImage) imp;
					ci.setMode(CompositeImage.COLOR); // one channel at a time, in its own table (GRAYSCALE ignores channel tables)
					for (int c = 1; c <= ci.getNChannels(); c++) {
						ci.setChannelLut(seismicLut(), c);
						ci.setPositionWithoutUpdate(c, ci.getSlice(), ci.getFrame());
						ci.setDisplayRange(-a, a);
					}
					ci.setPositionWithoutUpdate(1, ci.getSlice(), ci.getFrame());
				}
				else {
					imp.setLut(seismicLut());
					imp.setDisplayRange(-a, a);
				}
				break;
			default:
				break;
		}
	}

	/** Gives every unlabelled slice of a stack the label {@code prefix k/n}; one-slice images are left alone. */
	public static void labelSlices(final ImagePlus imp, final String prefix) {
		final ImageStack st = imp.getStack();
		final int n = st.getSize();
		if (n < 2) return;
		for (int s = 1; s <= n; s++) {
			final String l = st.getSliceLabel(s);
			if (l == null || l.trim().isEmpty()) st.setSliceLabel(String.format(Locale.ROOT, "%s %d/%d", prefix, s, n), s);
		}
	}

	/**
	 * Half-width of a display range symmetric about zero: the 99th percentile of |value| over the stack (the direct
	 * wave near a source would otherwise leave every reflection white), at least the smallest positive |value|.
	 */
	public static double symmetricRange(final ImagePlus imp) {
		final ImageStack st = imp.getStack();
		int count = 0;
		for (int s = 1; s <= st.getSize(); s++) count += st.getWidth() * st.getHeight();
		final float[] abs = new float[count];
		int k = 0;
		for (int s = 1; s <= st.getSize(); s++) {
			final ImageProcessor ip = st.getProcessor(s);
			for (int i = 0; i < ip.getPixelCount(); i++) {
				final float v = ip.getf(i);
				abs[k++] = Float.isFinite(v) ? Math.abs(v) : 0;
			}
		}
		Arrays.sort(abs);
		double a = abs[Math.min(abs.length - 1, (int) Math.floor(0.99 * (abs.length - 1)))];
		if (!(a > 0)) a = abs[abs.length - 1];
		return a > 0 ? a : 1;
	}

	/**
	 * The seismic colour table: blue for negative, white at zero, red for positive amplitudes (as in Seismic Unix's
	 * and Madagascar's red-white-blue displays); linear in each half.
	 */
	public static LUT seismicLut() {
		final byte[] r = new byte[256], g = new byte[256], b = new byte[256];
		for (int i = 0; i < 256; i++) {
			final double t = (i - 127.5) / 127.5; // -1 .. 1
			final double u = Math.abs(t);
			final int fade = (int) Math.round(255 * (1 - u));
			if (t < 0) {
				r[i] = (byte) fade;
				g[i] = (byte) fade;
				b[i] = (byte) Math.round(255 - 100 * u);
			}
			else {
				r[i] = (byte) Math.round(255 - 100 * u);
				g[i] = (byte) fade;
				b[i] = (byte) fade;
			}
		}
		return new LUT(new IndexColorModel(8, 256, r, g, b), 0, 255);
	}

	/**
	 * The zoom at which an image's larger side shows at least {@link #READABLE_SIDE} screen pixels (one of ImageJ's
	 * zoom levels, at most 32), and its smaller side at least 48; 1 for images that are big enough.
	 */
	public static double zoom(final int width, final int height) {
		final int big = Math.max(width, height), small = Math.min(width, height);
		for (final double z : ZOOM_LEVELS)
			if (big * z >= READABLE_SIDE && small * z >= 48 || big * z >= 4 * READABLE_SIDE) return z;
		return ZOOM_LEVELS[ZOOM_LEVELS.length - 1];
	}

	/** A file name without folders and extension, e.g. "posterior-mean" for "reweighted/posterior-mean.tif". */
	public static String baseName(final String fileName) {
		String b = fileName.substring(fileName.lastIndexOf('/') + 1);
		final int dot = b.lastIndexOf('.');
		if (dot > 0) b = b.substring(0, dot);
		return b;
	}
}
