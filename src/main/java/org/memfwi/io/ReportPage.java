package org.memfwi.io;

import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.LUT;

/**
 * A one-page picture made of titled panels in a grid: velocity images shown with a colour table and a scale bar of
 * their value range, and plots (any RGB picture, e.g. from ij.gui.Plot). Drawn into an RGB image with ImageJ's
 * processors only, so it works headless.
 */
public final class ReportPage {

	private static final int PANEL_W = 300, PANEL_H = 300, TITLE_H = 22, BAR_H = 34, MARGIN = 12;

	private final String title;
	private final int columns;
	private final List<Object[]> panels = new ArrayList<>();
	private final List<String> footer = new ArrayList<>();

	/** A page with the given title and number of panel columns. */
	public ReportPage(final String title, final int columns) {
		this.title = title;
		this.columns = columns;
	}

	/**
	 * Adds an image panel: the first slice of {@code imp} drawn with the colour table over [min, max], with a scale
	 * bar labelled in {@code unit}.
	 */
	public ReportPage image(final String caption, final ImagePlus imp, final double min, final double max, final String unit,
		final LUT lut) {
		panels.add(new Object[] { caption, imp, min, max, unit, lut });
		return this;
	}

	/** Adds a picture panel (a plot), scaled to fit. */
	public ReportPage picture(final String caption, final ImagePlus imp) {
		panels.add(new Object[] { caption, imp });
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
		final int cellW = PANEL_W + MARGIN, cellH = TITLE_H + PANEL_H + BAR_H + MARGIN;
		final int w = MARGIN + columns * cellW, h = 40 + rows * cellH + 18 * footer.size() + MARGIN;
		final ColorProcessor page = new ColorProcessor(w, h);
		page.setColor(Color.WHITE);
		page.fill();
		page.setAntialiasedText(true);
		page.setColor(Color.BLACK);
		page.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
		page.drawString(title, MARGIN, 30);
		page.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
		for (int i = 0; i < panels.size(); i++) {
			final int x = MARGIN + (i % columns) * cellW, y = 40 + (i / columns) * cellH;
			final Object[] p = panels.get(i);
			page.setColor(Color.BLACK);
			page.drawString((String) p[0], x, y + TITLE_H - 6);
			if (p.length == 2) drawPicture(page, (ImagePlus) p[1], x, y + TITLE_H);
			else drawImage(page, (ImagePlus) p[1], (Double) p[2], (Double) p[3], (String) p[4], (LUT) p[5], x, y + TITLE_H);
		}
		int fy = 40 + rows * cellH + 6;
		page.setColor(Color.BLACK);
		for (final String line : footer) {
			page.drawString(line, MARGIN, fy + 12);
			fy += 18;
		}
		return new ImagePlus(title, page);
	}

	private static void drawPicture(final ColorProcessor page, final ImagePlus imp, final int x, final int y) {
		final ImageProcessor ip = imp.getProcessor().convertToRGB();
		final double s = Math.min(PANEL_W / (double) ip.getWidth(), (PANEL_H + BAR_H) / (double) ip.getHeight());
		ip.setInterpolationMethod(ImageProcessor.BILINEAR);
		final ImageProcessor scaled = ip.resize((int) Math.round(ip.getWidth() * s), (int) Math.round(ip.getHeight() * s), true);
		page.insert(scaled, x, y);
	}

	private static void drawImage(final ColorProcessor page, final ImagePlus imp, final double min, final double max,
		final String unit, final LUT lut, final int x, final int y) {
		final FloatProcessor fp = imp.getStack().getProcessor(1).convertToFloatProcessor();
		final double s = Math.min(PANEL_W / (double) fp.getWidth(), PANEL_H / (double) fp.getHeight());
		final int sw = Math.max(1, (int) Math.round(fp.getWidth() * s)), sh = Math.max(1, (int) Math.round(fp.getHeight() * s));
		fp.setInterpolationMethod(ImageProcessor.NONE);
		final FloatProcessor big = (FloatProcessor) fp.resize(sw, sh);
		if (lut != null) big.setLut(lut);
		big.setMinAndMax(min, max == min ? min + 1 : max);
		page.insert(big.convertToRGB(), x, y);
		// Scale bar: the colour table from min to max, labelled.
		final FloatProcessor bar = new FloatProcessor(sw, 10);
		for (int i = 0; i < sw; i++) for (int j = 0; j < 10; j++) bar.setf(i, j, (float) (min + (max - min) * i / Math.max(1, sw - 1)));
		if (lut != null) bar.setLut(lut);
		bar.setMinAndMax(min, max == min ? min + 1 : max);
		page.insert(bar.convertToRGB(), x, y + sh + 4);
		page.setColor(Color.BLACK);
		page.drawString(format(min), x, y + sh + 28);
		final String right = format(max) + " " + unit;
		page.drawString(right, x + sw - page.getStringWidth(right), y + sh + 28);
	}

	private static String format(final double v) {
		if (v != 0 && (Math.abs(v) >= 1e5 || Math.abs(v) < 1e-2)) return String.format(java.util.Locale.ROOT, "%.2e", v);
		return String.format(java.util.Locale.ROOT, Math.abs(v) >= 100 ? "%.0f" : "%.3g", v);
	}
}
