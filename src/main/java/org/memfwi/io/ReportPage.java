package org.memfwi.io;

import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import ij.ImagePlus;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.LUT;

/**
 * A one-page picture made of titled panels in a grid: images (e.g. velocity models) drawn with a colour table, axes in
 * metres from their calibration, an optional acquisition (sources as red triangles, receivers as dots), a colour bar
 * labelled with its unit; plots (any picture, e.g. from ij.gui.Plot); and text lines under the title and under the
 * panels. Drawn into an RGB image with ImageJ's processors only, so it works headless. Text sizes are chosen to be
 * read at 100 %.
 */
public final class ReportPage {

	private static final int PANEL_W = 300, PANEL_H = 300, TITLE_H = 24, AXIS_W = 44, BELOW_H = 66, MARGIN = 14;
	private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 22), CAPTION = new Font(Font.SANS_SERIF, Font.BOLD, 15),
		TEXT = new Font(Font.SANS_SERIF, Font.PLAIN, 15), SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
	/** Colour of pixels outside the colour scale when {@link Panel#outside} is set. */
	public static final Color OUTSIDE = new Color(255, 0, 255);

	/** One panel: an image with its scale, or a picture. Options are set with the {@code with...}-style methods. */
	public static final class Panel {
		final String caption;
		final ImagePlus imp;
		final double min, max;
		final String unit;
		final LUT lut;
		final boolean picture;
		boolean warn, outside;
		String note, scaleLabel;
		double[] srcX, srcZ, recX, recZ;

		Panel(final String caption, final ImagePlus imp, final double min, final double max, final String unit, final LUT lut,
			final boolean picture) {
			this.caption = caption;
			this.imp = imp;
			this.min = min;
			this.max = max;
			this.unit = unit;
			this.lut = lut;
			this.picture = picture;
		}

		/** Caption in red: the panel shows something a reader must not take at face value. */
		public Panel warn() {
			warn = true;
			return this;
		}

		/** Pixels below the scale's minimum or above its maximum drawn in magenta instead of the end colours. */
		public Panel markOutside() {
			outside = true;
			return this;
		}

		/** A message drawn over a grey panel instead of the image (e.g. "collapsed"). */
		public Panel note(final String text) {
			note = text;
			return this;
		}

		/** Text under the colour bar, e.g. "shared scale". */
		public Panel scaleLabel(final String text) {
			scaleLabel = text;
			return this;
		}

		/** Sources and receivers (x, z in metres from the image origin) drawn on the image. */
		public Panel acquisition(final double[] sx, final double[] sz, final double[] rx, final double[] rz) {
			srcX = sx;
			srcZ = sz;
			recX = rx;
			recZ = rz;
			return this;
		}
	}

	private final String title;
	private final int columns;
	private final List<Panel> panels = new ArrayList<>();
	private final List<String> subtitle = new ArrayList<>();
	private final List<String> footer = new ArrayList<>();

	/** A page with the given title and number of panel columns. */
	public ReportPage(final String title, final int columns) {
		this.title = title;
		this.columns = columns;
	}

	/**
	 * Adds an image panel: the first slice of {@code imp} drawn with the colour table over [min, max], with a colour bar
	 * labelled in {@code unit} and axes in the image's calibration unit.
	 */
	public Panel image(final String caption, final ImagePlus imp, final double min, final double max, final String unit,
		final LUT lut) {
		final Panel p = new Panel(caption, imp, min, max, unit, lut, false);
		panels.add(p);
		return p;
	}

	/** Adds a picture panel (a plot), scaled to fit. */
	public Panel picture(final String caption, final ImagePlus imp) {
		final Panel p = new Panel(caption, imp, 0, 0, null, null, true);
		panels.add(p);
		return p;
	}

	/** Adds an empty cell (keeps the grid's rows aligned). */
	public ReportPage skip() {
		panels.add(null);
		return this;
	}

	/** Adds a line of text under the title. */
	public ReportPage subtitle(final String line) {
		subtitle.add(line);
		return this;
	}

	/** Adds a line of text under the panels. */
	public ReportPage footer(final String line) {
		footer.add(line);
		return this;
	}

	/** The page as an RGB image. */
	public ImagePlus render() {
		final int rows = (panels.size() + columns - 1) / columns;
		final int cellW = AXIS_W + PANEL_W + MARGIN, cellH = TITLE_H + PANEL_H + BELOW_H + MARGIN;
		final int top = 44 + 21 * subtitle.size();
		final int w = MARGIN + columns * cellW, h = top + rows * cellH + 21 * footer.size() + MARGIN;
		final ColorProcessor page = new ColorProcessor(w, h);
		page.setColor(Color.WHITE);
		page.fill();
		page.setAntialiasedText(true);
		page.setColor(Color.BLACK);
		page.setFont(TITLE);
		page.drawString(title, MARGIN, 32);
		page.setFont(TEXT);
		int sy = 36;
		for (final String line : subtitle) {
			sy += 21;
			page.drawString(line, MARGIN, sy);
		}
		for (int i = 0; i < panels.size(); i++) {
			final Panel p = panels.get(i);
			if (p == null) continue;
			final int x = MARGIN + (i % columns) * cellW, y = top + (i / columns) * cellH;
			page.setFont(CAPTION);
			page.setColor(p.warn ? new Color(200, 0, 0) : Color.BLACK);
			page.drawString(fit(page, p.caption, AXIS_W + PANEL_W), x, y + TITLE_H - 6);
			if (p.picture) drawPicture(page, p.imp, x, y + TITLE_H);
			else drawImage(page, p, x + AXIS_W, y + TITLE_H);
		}
		int fy = top + rows * cellH;
		page.setColor(Color.BLACK);
		page.setFont(TEXT);
		for (final String line : footer) {
			page.drawString(line, MARGIN, fy + 14);
			fy += 21;
		}
		return new ImagePlus(title, page);
	}

	/** The text, shortened with an ellipsis to fit the width. */
	private static String fit(final ImageProcessor page, final String text, final int width) {
		if (page.getStringWidth(text) <= width) return text;
		String t = text;
		while (t.length() > 1 && page.getStringWidth(t + "\u2026") > width) t = t.substring(0, t.length() - 1);
		return t + "\u2026";
	}

	private static void drawPicture(final ColorProcessor page, final ImagePlus imp, final int x, final int y) {
		final ImageProcessor ip = imp.getProcessor().convertToRGB();
		final int maxW = AXIS_W + PANEL_W, maxH = PANEL_H + BELOW_H;
		final double s = Math.min(maxW / (double) ip.getWidth(), maxH / (double) ip.getHeight());
		ip.setInterpolationMethod(ImageProcessor.BILINEAR);
		final ImageProcessor scaled = ip.resize((int) Math.round(ip.getWidth() * s), (int) Math.round(ip.getHeight() * s), true);
		page.insert(scaled, x, y);
	}

	private static void drawImage(final ColorProcessor page, final Panel p, final int x, final int y) {
		final FloatProcessor fp = p.imp.getStack().getProcessor(1).convertToFloatProcessor();
		final double s = Math.min(PANEL_W / (double) fp.getWidth(), PANEL_H / (double) fp.getHeight());
		final int sw = Math.max(1, (int) Math.round(fp.getWidth() * s)), sh = Math.max(1, (int) Math.round(fp.getHeight() * s));
		final double min = p.min, max = p.max == p.min ? p.min + 1 : p.max;
		if (p.note != null) {
			page.setColor(new Color(225, 225, 225));
			page.fillRect(x, y, sw, sh);
			page.setColor(new Color(200, 0, 0));
			page.setFont(CAPTION);
			int ly = y + sh / 2 - 20;
			for (final String line : p.note.split("\n")) {
				page.drawString(line, x + (sw - page.getStringWidth(line)) / 2, ly);
				ly += 20;
			}
		}
		else {
			fp.setInterpolationMethod(ImageProcessor.NONE);
			final FloatProcessor big = (FloatProcessor) fp.resize(sw, sh);
			if (p.lut != null) big.setLut(p.lut);
			big.setMinAndMax(min, max);
			final ImageProcessor rgb = big.convertToRGB();
			if (p.outside) for (int j = 0; j < sh; j++)
				for (int i = 0; i < sw; i++) {
					final float v = big.getf(i, j);
					if (v < min || v > max) rgb.set(i, j, OUTSIDE.getRGB() & 0xffffff);
				}
			page.insert(rgb, x, y);
		}
		page.setColor(Color.BLACK);
		page.drawRect(x - 1, y - 1, sw + 2, sh + 2);
		axes(page, p.imp, s, x, y, sw, sh);
		if (p.srcX != null) acquisition(page, p, p.imp.getCalibration().pixelWidth, s, x, y);
		// Colour bar: the colour table from min to max, labelled.
		final int by = y + sh + 22;
		final FloatProcessor bar = new FloatProcessor(sw, 10);
		for (int i = 0; i < sw; i++) for (int j = 0; j < 10; j++) bar.setf(i, j, (float) (min + (max - min) * i / Math.max(1, sw - 1)));
		if (p.lut != null) bar.setLut(p.lut);
		bar.setMinAndMax(min, max);
		page.insert(bar.convertToRGB(), x, by);
		page.setColor(Color.BLACK);
		page.setFont(SMALL);
		page.drawString(format(min), x, by + 25);
		final String right = format(max) + (p.unit == null ? "" : " " + p.unit);
		page.drawString(right, x + sw - page.getStringWidth(right), by + 25);
		if (p.scaleLabel != null) {
			page.setFont(p.note == null ? SMALL : CAPTION);
			page.drawString(p.scaleLabel, x + (sw - page.getStringWidth(p.scaleLabel)) / 2, by + 25);
		}
	}

	/** Ticks in the calibration unit (metres for models): x along the bottom, z (depth, down) along the left. */
	private static void axes(final ColorProcessor page, final ImagePlus imp, final double s, final int x, final int y, final int sw,
		final int sh) {
		final double dx = imp.getCalibration().pixelWidth, dz = imp.getCalibration().pixelHeight;
		final String unit = imp.getCalibration().getUnit();
		if (unit == null || unit.equals("pixel")) return;
		page.setFont(SMALL);
		page.setColor(Color.BLACK);
		final double xmax = (imp.getWidth() - 1) * dx, zmax = (imp.getHeight() - 1) * dz;
		final List<Double> xt = Plots.ticks(0, xmax), zt = Plots.ticks(0, zmax);
		for (int k = 0; k < xt.size(); k++) { // the last tick carries the unit: "400 m"
			final double t = xt.get(k);
			final int px = x + (int) Math.round((t / dx + 0.5) * s);
			page.drawLine(px, y + sh + 1, px, y + sh + 4);
			final String l = label(t) + (k == xt.size() - 1 ? " " + unit : "");
			page.drawString(l, Math.min(px - page.getStringWidth(label(t)) / 2, x + sw - page.getStringWidth(l)), y + sh + 18);
		}
		for (int k = 0; k < zt.size(); k++) {
			final double t = zt.get(k);
			final int pz = y + (int) Math.round((t / dz + 0.5) * s);
			page.drawLine(x - 4, pz, x - 1, pz);
			final String l = label(t);
			page.drawString(l, x - 6 - page.getStringWidth(l), pz + 6);
			if (k == zt.size() - 1) page.drawString(unit, x - 6 - page.getStringWidth(unit), pz + 22);
		}
	}

	private static void acquisition(final ColorProcessor page, final Panel p, final double dx, final double s, final int x,
		final int y) {
		page.setColor(Color.WHITE);
		for (int i = 0; i < p.recX.length; i++) {
			final int px = x + (int) Math.round((p.recX[i] / dx + 0.5) * s), pz = y + (int) Math.round((p.recZ[i] / dx + 0.5) * s);
			page.setColor(Color.BLACK);
			page.fillRect(px - 2, pz - 2, 5, 5);
			page.setColor(Color.WHITE);
			page.fillRect(px - 1, pz - 1, 3, 3);
		}
		for (int i = 0; i < p.srcX.length; i++) {
			final int px = x + (int) Math.round((p.srcX[i] / dx + 0.5) * s), pz = y + (int) Math.round((p.srcZ[i] / dx + 0.5) * s);
			page.setColor(Color.BLACK);
			triangle(page, px, pz, 8);
			page.setColor(Color.RED);
			triangle(page, px, pz, 6);
		}
	}

	/** A filled triangle pointing down, centred on (px, pz). */
	private static void triangle(final ColorProcessor page, final int px, final int pz, final int r) {
		for (int j = -r; j <= r / 2; j++) {
			final int half = (int) Math.round((r / 2.0 - j) * 0.7);
			page.drawLine(px - half, pz + j, px + half, pz + j);
		}
	}

	private static String label(final double v) {
		return String.format(Locale.ROOT, "%.6g", v).replaceFirst("\\.?0+$", "");
	}

	private static String format(final double v) {
		if (v != 0 && (Math.abs(v) >= 1e5 || Math.abs(v) < 1e-2)) return String.format(Locale.ROOT, "%.2e", v);
		return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.0f" : "%.3g", v);
	}
}
