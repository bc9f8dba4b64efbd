package org.memfwi.commands;

import java.awt.Color;
import java.awt.Font;
import java.util.List;

import org.memfwi.io.Plots;

import ij.ImagePlus;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;

/** Image tiles for the reproduced figures: a model as a coloured, labelled, scaled tile, and tiles laid out in a grid. */
final class FigureTiles {

	static final int TILE = 160, LABEL = 18;

	private FigureTiles() {}

	/** A model (nx * nz values, x fastest) as an RGB tile of TILE x TILE pixels plus a label strip, colours over [lo, hi]. */
	static ColorProcessor tile(final double[] values, final int nx, final int nz, final double lo, final double hi, final String label,
		final boolean diverging)
	{
		final float[] px = new float[values.length];
		for (int i = 0; i < px.length; i++) px[i] = (float) values[i];
		final FloatProcessor fp = new FloatProcessor(nx, nz, px);
		fp.setInterpolationMethod(ImageProcessor.NONE);
		final ImageProcessor scaled = fp.resize(TILE, TILE * nz / nx);
		scaled.setMinAndMax(lo, hi);
		if (!diverging) scaled.setLut(Plots.viridisLut());
		final ColorProcessor rgb = scaled.convertToColorProcessor();
		final ColorProcessor out = new ColorProcessor(TILE, rgb.getHeight() + LABEL);
		out.setColor(Color.WHITE);
		out.fill();
		out.insert(rgb, 0, LABEL);
		out.setColor(Color.BLACK);
		out.setFont(new Font("SansSerif", Font.PLAIN, 11));
		out.setAntialiasedText(true);
		out.drawString(label, 2, LABEL - 3);
		return out;
	}

	/** A blank tile. */
	static ColorProcessor blank(final int height) {
		final ColorProcessor out = new ColorProcessor(TILE, height);
		out.setColor(Color.WHITE);
		out.fill();
		return out;
	}

	/** Rows of tiles (each row left to right) under a title, on white. */
	static ImagePlus grid(final String title, final List<List<ColorProcessor>> rows) {
		int w = 0, h = 24;
		for (final List<ColorProcessor> r : rows) {
			int rw = 0, rh = 0;
			for (final ColorProcessor t : r) {
				rw += t.getWidth() + 4;
				rh = Math.max(rh, t.getHeight());
			}
			w = Math.max(w, rw);
			h += rh + 4;
		}
		final ColorProcessor cp = new ColorProcessor(Math.max(w, 400), h);
		cp.setColor(Color.WHITE);
		cp.fill();
		cp.setColor(Color.BLACK);
		cp.setFont(new Font("SansSerif", Font.BOLD, 13));
		cp.setAntialiasedText(true);
		cp.drawString(title, 4, 18);
		int y = 24;
		for (final List<ColorProcessor> r : rows) {
			int x = 0, rh = 0;
			for (final ColorProcessor t : r) {
				cp.insert(t, x, y);
				x += t.getWidth() + 4;
				rh = Math.max(rh, t.getHeight());
			}
			y += rh + 4;
		}
		return new ImagePlus(title, cp);
	}
}
