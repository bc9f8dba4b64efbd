package org.memfwi.io;

import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

import org.memfwi.core.posterior.GridDensity;
import org.memfwi.core.posterior.QuadratureGrid;
import org.memfwi.core.util.Table;

import ij.ImagePlus;
import ij.gui.Plot;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;
import ij.process.LUT;

/**
 * Plots of posterior results as RGB images (saved as PNG, shown in ImageJ): curves with ImageJ's {@link Plot}, and
 * a 2D density rendered as a colour image with Gaussian components drawn as ellipses.
 */
public final class Plots {

	private static final Color[] SERIES = { new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd),
		new Color(0xff7f0e), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f) };

	private Plots() {}

	/** A colour for series i. */
	public static Color seriesColor(final int i) {
		return SERIES[i % SERIES.length];
	}

	/** One curve of a line plot. */
	public static final class Curve {
		final String label;
		final double[] x, y;
		final Color color;
		final float width;
		final boolean markers;

		/** @param markers draw circles at the points instead of a line */
		public Curve(final String label, final double[] x, final double[] y, final Color color, final float width,
			final boolean markers) {
			this.label = label;
			this.x = x;
			this.y = y;
			this.color = color;
			this.width = width;
			this.markers = markers;
		}
	}

	/**
	 * A line plot of several curves with a legend, as an RGB image.
	 *
	 * @param xRange {lo, hi} of the x axis, or null for automatic
	 * @param logX logarithmic x axis
	 * @param logY logarithmic y axis (values must be positive)
	 */
	public static ImagePlus lines(final String title, final String xLabel, final String yLabel, final List<Curve> curves,
		final double[] xRange, final boolean logX, final boolean logY) {
		// log y: the axis title is drawn below, clear of the plain-number tick labels (see the end)
		final Plot plot = new Plot(title, xLabel, logY && xRange == null ? "" : yLabel);
		plot.setSize(760, 480);
		plot.setFont(new Font("SansSerif", Font.PLAIN, 14));
		final StringBuilder legend = new StringBuilder();
		double ymax = Double.NEGATIVE_INFINITY, ymin = Double.POSITIVE_INFINITY;
		for (final Curve c : curves) {
			plot.setColor(c.color);
			plot.setLineWidth(c.width);
			plot.addPoints(c.x, c.y, c.markers ? Plot.CIRCLE : Plot.LINE);
			if (legend.length() > 0) legend.append('\n');
			legend.append(c.label);
			for (int i = 0; i < c.y.length; i++)
				if (Double.isFinite(c.y[i]) && (xRange == null || (c.x[i] >= xRange[0] && c.x[i] <= xRange[1]))) {
					ymax = Math.max(ymax, c.y[i]);
					ymin = Math.min(ymin, c.y[i]);
				}
		}
		plot.setColor(Color.BLACK);
		plot.setLineWidth(1);
		plot.setLegend(legend.toString(), Plot.AUTO_POSITION);
		if (logX) plot.setLogScaleX();
		if (logY) plot.setLogScaleY();
		if (xRange != null && ymax > Double.NEGATIVE_INFINITY) {
			final double lo = Math.min(0, ymin);
			plot.setLimits(xRange[0], xRange[1], lo, ymax + 0.05 * (ymax - lo));
		}
		else if ((logX || logY) && ymax > Double.NEGATIVE_INFINITY) {
			// Log axes: a margin on every side (curves on the frame are hidden by it), and tick labels as plain numbers
			// ("5", not ImageJ's "5·10⁰").
			double xmin = Double.POSITIVE_INFINITY, xmax = Double.NEGATIVE_INFINITY;
			for (final Curve c : curves)
				for (final double x : c.x)
					if (Double.isFinite(x) && (!logX || x > 0)) {
						xmin = Math.min(xmin, x);
						xmax = Math.max(xmax, x);
					}
			final double[] xl = margin(xmin, xmax, logX), yl = margin(logY ? Math.max(ymin, Double.MIN_NORMAL) : ymin, ymax, logY);
			plot.setLimits(xl[0], xl[1], yl[0], yl[1]);
			plot.setFormatFlags(plot.getFlags() & ~((logX ? Plot.X_NUMBERS : 0) | (logY ? Plot.Y_NUMBERS : 0)));
			final ImagePlus imp = plot.getImagePlus();
			final ImageProcessor ip = imp.getProcessor();
			final Rectangle f = plot.getDrawingFrame();
			ip.setColor(Color.BLACK);
			ip.setAntialiasedText(true);
			ip.setFont(new Font("SansSerif", Font.PLAIN, 14));
			if (logX) for (final double v : logTicks(xl[0], xl[1])) {
				final String l = tickLabel(v);
				ip.drawString(l, (int) Math.round(plot.scaleXtoPxl(v)) - ip.getStringWidth(l) / 2, f.y + f.height + 20);
			}
			if (logY) {
				int widest = 0;
				for (final double v : logTicks(yl[0], yl[1])) {
					final String l = tickLabel(v);
					widest = Math.max(widest, ip.getStringWidth(l));
					ip.drawString(l, f.x - 6 - ip.getStringWidth(l), (int) Math.round(plot.scaleYtoPxl(v)) + 7);
				}
				final ColorProcessor label = new ColorProcessor(ip.getStringWidth(yLabel) + 4, 20);
				label.setColor(Color.WHITE);
				label.fill();
				label.setColor(Color.BLACK);
				label.setAntialiasedText(true);
				label.setFont(new Font("SansSerif", Font.PLAIN, 14));
				label.drawString(yLabel, 2, 17);
				final ImageProcessor up = label.rotateLeft();
				final int x = Math.max(0, f.x - 12 - widest - up.getWidth());
				((ColorProcessor) (ip instanceof ColorProcessor ? ip : ip.convertToRGB())).insert(up, x,
					f.y + (f.height - up.getHeight()) / 2);
			}
			imp.setTitle(title);
			return imp;
		}
		else plot.setLimitsToFit(false);
		final ImagePlus imp = plot.getImagePlus();
		imp.setTitle(title);
		return imp;
	}

	/** Tick values of a log axis over [lo, hi]: the powers of ten, and 2 and 5 times them when fewer than three fit. */
	static List<Double> logTicks(final double lo, final double hi) {
		final List<Double> t = new ArrayList<>();
		for (final double[] mult : new double[][] { { 1 }, { 1, 2, 5 } }) {
			t.clear();
			for (int e = (int) Math.floor(Math.log10(lo)); e <= (int) Math.ceil(Math.log10(hi)); e++)
				for (final double m : mult) {
					final double v = m * Math.pow(10, e);
					if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) t.add(Double.parseDouble(String.format(Locale.ROOT, "%.6g", v)));
				}
			if (t.size() >= 3) break;
		}
		return t;
	}

	/** An axis range around [lo, hi] with a margin of 8 % of the span (of the logarithms on a log axis). */
	static double[] margin(final double lo, final double hi, final boolean log) {
		if (log) {
			final double a = Math.log10(lo), b = Math.log10(hi), m = Math.max(0.08 * (b - a), 0.05);
			return new double[] { Math.pow(10, a - m), Math.pow(10, b + m) };
		}
		final double m = Math.max(0.08 * (hi - lo), 1e-12 * Math.max(1, Math.abs(hi)));
		return new double[] { lo - m, hi + m };
	}

	/** A Gaussian component drawn on a 2D density plot: mean, covariance, weight. */
	public static final class Ellipse {
		final double[] mean;
		/** {c11, c12, c22}. */
		final double[] cov;
		final double weight;

		public Ellipse(final double[] mean, final double c11, final double c12, final double c22, final double weight) {
			this.mean = mean.clone();
			this.cov = new double[] { c11, c12, c22 };
			this.weight = weight;
		}
	}

	/**
	 * A 2D density as a colour image (square-root colour scale, so that weak modes stay visible) over a view box, with
	 * the 2-sigma ellipse of each Gaussian component (labelled with its weight), points (e.g. training models) as
	 * white circles and an optional marked point (e.g. the truth) as a red cross. The y axis points up.
	 *
	 * @param view {x1lo, x1hi, x2lo, x2hi} in model units
	 */
	public static ImagePlus density2d(final String title, final GridDensity density, final double[] view, final List<Ellipse> ellipses,
		final double[][] points, final double[] marked, final String caption) {
		return density2d(title, density, view, ellipses, points, marked, caption, null, 0);
	}

	/**
	 * As above, with the likelihood drawn as its contours at 1 and 2 standard deviations of the data (log-likelihood
	 * 0.5 and 2 below its maximum in the view; light green) and the prior as circles of radius 2 sigma around the
	 * training points (its components; dashed grey), when {@code logLikelihood} is given and {@code priorSigma > 0}.
	 */
	public static ImagePlus density2d(final String title, final GridDensity density, final double[] view, final List<Ellipse> ellipses,
		final double[][] points, final double[] marked, final String caption,
		final ToDoubleFunction<double[]> logLikelihood, final double priorSigma) {
		final int size = 560, left = 70, top = 40, bottom = 112, right = 30;
		final ColorProcessor ip = new ColorProcessor(left + size + right, top + size + bottom);
		ip.setColor(Color.WHITE);
		ip.fill();
		final QuadratureGrid g = density.grid();
		double max = 0;
		for (final double v : density.values()) max = Math.max(max, v);
		final double sx = (view[1] - view[0]) / size, sy = (view[3] - view[2]) / size;
		for (int py = 0; py < size; py++) {
			final double x2 = view[3] - (py + 0.5) * sy;
			final int i1 = (int) Math.floor((x2 - g.lo(1)) / g.step(1));
			for (int px = 0; px < size; px++) {
				final double x1 = view[0] + (px + 0.5) * sx;
				final int i0 = (int) Math.floor((x1 - g.lo(0)) / g.step(0));
				double v = 0;
				if (i0 >= 0 && i0 < g.count(0) && i1 >= 0 && i1 < g.count(1)) v = density.value(i0 + g.count(0) * i1);
				ip.set(left + px, top + py, viridis(max > 0 ? Math.sqrt(v / max) : 0));
			}
		}
		ip.setAntialiasedText(true);
		if (logLikelihood != null) {
			final double[] ll = new double[size * size];
			final double[] x = new double[2];
			double top1 = Double.NEGATIVE_INFINITY;
			for (int py = 0; py < size; py++)
				for (int px = 0; px < size; px++) {
					x[0] = view[0] + (px + 0.5) * sx;
					x[1] = view[3] - (py + 0.5) * sy;
					ll[px + size * py] = logLikelihood.applyAsDouble(x);
					top1 = Math.max(top1, ll[px + size * py]);
				}
			final Color green = new Color(0x98df8a);
			for (final double drop : new double[] { 0.5, 2 }) { // 1 and 2 data standard deviations
				final double level = top1 - drop;
				for (int py = 0; py < size - 1; py++)
					for (int px = 0; px < size - 1; px++) {
						final boolean in = ll[px + size * py] >= level;
						if (in != (ll[px + 1 + size * py] >= level) || in != (ll[px + size * (py + 1)] >= level))
							ip.set(left + px, top + py, green.getRGB() & 0xffffff);
					}
			}
		}
		if (priorSigma > 0) {
			ip.setColor(Color.LIGHT_GRAY);
			final double r = 2 * priorSigma / sx;
			if (r >= 3)
				for (final double[] p : points) {
					final double cx = left + (p[0] - view[0]) / sx, cy = top + (view[3] - p[1]) / sy;
					for (int k = 0; k < 64; k += 2) { // dashed
						final double t0 = 2 * Math.PI * k / 64, t1 = 2 * Math.PI * (k + 1) / 64;
						ip.drawLine((int) Math.round(cx + r * Math.cos(t0)), (int) Math.round(cy + r * Math.sin(t0)),
							(int) Math.round(cx + r * Math.cos(t1)), (int) Math.round(cy + r * Math.sin(t1)));
					}
				}
		}
		ip.setLineWidth(2);
		for (final Ellipse e : ellipses) {
			// 2-sigma ellipse from the eigen-decomposition of the 2 x 2 covariance.
			final double a = e.cov[0], b = e.cov[1], c = e.cov[2];
			final double tr = 0.5 * (a + c), det = Math.sqrt(Math.max(0, 0.25 * (a - c) * (a - c) + b * b));
			final double l1 = tr + det, l2 = Math.max(0, tr - det);
			final double theta = 0.5 * Math.atan2(2 * b, a - c);
			final double ct = Math.cos(theta), st = Math.sin(theta);
			ip.setColor(Color.WHITE);
			int lx = 0, ly = 0;
			for (int k = 0; k <= 96; k++) {
				final double t = 2 * Math.PI * k / 96;
				final double u = 2 * Math.sqrt(l1) * Math.cos(t), w = 2 * Math.sqrt(l2) * Math.sin(t);
				final int x = left + (int) Math.round((e.mean[0] + ct * u - st * w - view[0]) / sx);
				final int y = top + (int) Math.round((view[3] - (e.mean[1] + st * u + ct * w)) / sy);
				if (k > 0) ip.drawLine(lx, ly, x, y);
				lx = x;
				ly = y;
			}
			final int mx = left + (int) Math.round((e.mean[0] - view[0]) / sx), my = top + (int) Math.round((view[3] - e.mean[1]) / sy);
			ip.drawLine(mx - 4, my, mx + 4, my);
			ip.drawLine(mx, my - 4, mx, my + 4);
			if (e.weight >= 1e-3) {
				ip.setFont(new Font("SansSerif", Font.BOLD, 13));
				final String label = String.format(Locale.ROOT, "w=%.3g", e.weight);
				ip.setColor(Color.BLACK); // a shadow keeps the label readable over bright density and lines
				ip.drawString(label, mx + 7, my + 19);
				ip.setColor(Color.WHITE);
				ip.drawString(label, mx + 6, my + 18);
			}
		}
		ip.setLineWidth(1);
		for (final double[] p : points) {
			final int x = left + (int) Math.round((p[0] - view[0]) / sx), y = top + (int) Math.round((view[3] - p[1]) / sy);
			ip.setColor(Color.WHITE);
			ip.fillOval(x - 5, y - 5, 11, 11);
			ip.setColor(Color.BLACK);
			ip.drawOval(x - 5, y - 5, 11, 11);
		}
		if (marked != null) {
			final int x = left + (int) Math.round((marked[0] - view[0]) / sx), y = top + (int) Math.round((view[3] - marked[1]) / sy);
			ip.setColor(Color.RED);
			ip.setLineWidth(3);
			ip.drawLine(x - 7, y - 7, x + 7, y + 7);
			ip.drawLine(x - 7, y + 7, x + 7, y - 7);
			ip.setLineWidth(1);
		}
		// Frame, ticks and labels.
		ip.setColor(Color.BLACK);
		ip.drawRect(left, top, size + 1, size + 1);
		ip.setFont(new Font("SansSerif", Font.PLAIN, 13));
		for (final double t : ticks(view[0], view[1])) {
			final int x = left + (int) Math.round((t - view[0]) / sx);
			ip.drawLine(x, top + size, x, top + size + 6);
			final String s = tickLabel(t);
			ip.drawString(s, x - ip.getStringWidth(s) / 2, top + size + 22);
		}
		for (final double t : ticks(view[2], view[3])) {
			final int y = top + (int) Math.round((view[3] - t) / sy);
			ip.drawLine(left - 6, y, left, y);
			final String s = tickLabel(t);
			ip.drawString(s, left - 10 - ip.getStringWidth(s), y + 6);
		}
		ip.drawString("x1", left + size / 2 - 6, top + size + 42);
		ip.drawString("x2", 8, top + size / 2);
		ip.setFont(new Font("SansSerif", Font.BOLD, 15));
		ip.drawString(title, left, top - 12);
		ip.setFont(new Font("SansSerif", Font.PLAIN, 12));
		int y = top + size + 62;
		for (final String line : caption.split("\n")) {
			ip.drawString(line, left, y);
			y += 16;
		}
		return new ImagePlus(title, ip);
	}

	/** Round tick positions (about five) in [lo, hi]. */
	static List<Double> ticks(final double lo, final double hi) {
		final double raw = (hi - lo) / 5, mag = Math.pow(10, Math.floor(Math.log10(raw)));
		final double step = raw / mag < 1.5 ? mag : raw / mag < 3.5 ? 2 * mag : raw / mag < 7.5 ? 5 * mag : 10 * mag;
		final List<Double> t = new ArrayList<>();
		for (double v = Math.ceil(lo / step) * step; v <= hi + 1e-9 * step; v += step) t.add(Math.abs(v) < 1e-12 * step ? 0 : v);
		return t;
	}

	private static String tickLabel(final double v) {
		return String.format(Locale.ROOT, "%.6g", v).replaceFirst("\\.?0+$", "");
	}

	private static final int[][] VIRIDIS = { { 68, 1, 84 }, { 72, 40, 120 }, { 62, 74, 137 }, { 49, 104, 142 }, { 38, 130, 142 },
		{ 31, 158, 137 }, { 53, 183, 121 }, { 109, 205, 89 }, { 180, 222, 44 }, { 253, 231, 37 } };

	/** The viridis colour map as an ImageJ colour table. */
	public static LUT viridisLut() {
		final byte[] r = new byte[256], g = new byte[256], b = new byte[256];
		for (int i = 0; i < 256; i++) {
			final int c = viridis(i / 255.0);
			r[i] = (byte) (c >> 16);
			g[i] = (byte) (c >> 8);
			b[i] = (byte) c;
		}
		return new LUT(r, g, b);
	}

	/** The viridis colour map at t in [0, 1], as packed RGB. */
	static int viridis(final double t) {
		final double s = Math.max(0, Math.min(1, t)) * (VIRIDIS.length - 1);
		final int i = Math.min(VIRIDIS.length - 2, (int) s);
		final double f = s - i;
		final int r = (int) Math.round(VIRIDIS[i][0] + f * (VIRIDIS[i + 1][0] - VIRIDIS[i][0]));
		final int g = (int) Math.round(VIRIDIS[i][1] + f * (VIRIDIS[i + 1][1] - VIRIDIS[i][1]));
		final int b = (int) Math.round(VIRIDIS[i][2] + f * (VIRIDIS[i + 1][2] - VIRIDIS[i][2]));
		return (r << 16) | (g << 8) | b;
	}

	/** The misfit against iteration on a log scale, one colour per band. */
	public static ImagePlus fwiMisfit(final Table t, final boolean stopped) {
		final Plot plot = new Plot("FWI misfit" + (stopped ? " (stopped early)" : ""), "iteration", "misfit (band data)");
		final Color[] colours = { Color.BLUE, Color.RED, new Color(0, 140, 0), Color.MAGENTA,
			Color.ORANGE, Color.BLACK };
		int b = 1;
		int row = 0;
		while (row < t.rowCount()) {
			final List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
			while (row < t.rowCount() && (int) t.number(row, "band") == b) {
				xs.add(t.number(row, "iteration"));
				ys.add(Math.max(Double.MIN_NORMAL, t.number(row, "misfit")));
				row++;
			}
			if (!xs.isEmpty()) {
				plot.setColor(colours[(b - 1) % colours.length]);
				final double cut = t.number(row - 1, "cutoff_hz");
				plot.addPoints(toArray(xs), toArray(ys), Plot.CONNECTED_CIRCLES);
				plot.addLabel(0.02, 0.05 * b, "band " + b + (cut > 0 ? " (<= " + Table.format(cut) + " Hz)" : " (full)"));
			}
			b++;
			if (b > 1000) break;
		}
		plot.setLogScaleY();
		plot.setLimitsToFit(false);
		return plot.getImagePlus();
	}

	private static double[] toArray(final List<Double> l) {
		final double[] a = new double[l.size()];
		for (int i = 0; i < a.length; i++) a[i] = l.get(i);
		return a;
	}

}
