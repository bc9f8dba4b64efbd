package org.memfwi.commands;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.memfwi.core.posterior.GridDensity;
import org.memfwi.core.posterior.Likelihood;
import org.memfwi.core.posterior.LinearizedComponent;
import org.memfwi.core.posterior.QuadratureGrid;
import org.memfwi.core.posterior.StylizedComparison;
import org.memfwi.core.posterior.StylizedProblem;
import org.memfwi.core.posterior.WeightFormula;
import org.memfwi.core.progress.Progress;
import org.memfwi.core.util.Table;
import org.memfwi.io.Images;
import org.memfwi.io.NumberLists;
import org.memfwi.io.Plots;

import org.ejml.data.DMatrixRMaj;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Menu;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.FloatProcessor;

/**
 * The paper's stylized problems (1D: {@code F(x) = x + 0.3 x^3}, five training points, y = 0; 2D:
 * {@code F(x) = [x1 + 0.3 x1 x2, x2 + 0.2 x1^2]}, five training points on a circle of radius 2, truth (1.4, 0)) at any
 * prior noise level sigma: the exact posterior of the memorized diffusion prior by quadrature against the linearized
 * Gaussian mixture and the reweighted training set. Writes posterior.png, components.csv, summary.csv, and
 * curves.csv (1D) or posterior-density.tif (2D).
 */
@Plugin(type = Command.class, name = "stylized", headless = true, menuPath = "Plugins>MemFWI>Stylized Problem...",
	menu = { @Menu(label = "Plugins"), @Menu(label = "MemFWI"), @Menu(label = "Stylized Problem...", weight = 411) },
	description = "The paper's 1D/2D problems: exact posterior of the memorized prior (quadrature) vs the linearized " +
		"Gaussian mixture and the reweighted training set")
public class StylizedCommand extends MemFwiCommand {

	@Parameter(label = "Problem", choices = { "1d", "2d" }, persist = false,
		description = "1d: F(x) = x + 0.3 x^3, training points -1.5, -0.4, 0.4, 1.2, 2.5; 2d: F(x) = [x1 + 0.3 x1 x2, x2 + 0.2 x1^2], " +
			"five training points on a circle of radius 2, truth (1.4, 0)")
	private String problem = "1d";

	@Parameter(label = "Prior noise level sigma", persist = false,
		description = "noise level of the memorized diffusion prior (model units); small sigma = sharply memorized")
	private double sigma = 0.3;

	@Parameter(label = "Data noise gamma", persist = false, description = "standard deviation of the data noise (data units)")
	private double gamma = StylizedProblem.GAMMA;

	@Parameter(label = "Data y (empty = the paper's)", required = false, persist = false,
		description = "observed data, comma-separated: one value for 1d (paper: 0), two for 2d (paper: F(1.4, 0) = 1.4,0.392)")
	private String data = "";

	@Parameter(label = "Training points (empty = the paper's)", required = false, persist = false,
		description = "comma-separated training points: 1d values (e.g. -1.5,-0.4,0.4,1.2,2.5), 2d x1:x2 pairs (e.g. 2:0,-1:1.5); " +
			"paper-pool = the effective-modes figure's 100 points linspace(-3, 3, 100) (1d)")
	private String points = "";

	@Parameter(label = "Linearized weights", choices = { "exact", "mempost" }, persist = false,
		description = "exact: the marginal likelihood with its log-determinant; mempost: the paper code's weights, without it " +
			"(components.csv lists both either way)")
	private String weights = "exact";

	@Parameter(type = ItemIO.OUTPUT, label = "Stylized posterior plot")
	private ImagePlus plot;

	@Override
	protected void compute(final Progress progress) {
		StylizedProblem p = StylizedProblem.of(problem).withGamma(gamma);
		if (data != null && !data.trim().isEmpty()) p = p.withData(NumberLists.doubles(data, "data", p.dimension() == 1 ? "0" : "1.4,0.392"));
		if (points != null && !points.trim().isEmpty()) p = p.withPoints(StylizedPoints.parse(points, p.dimension()));
		final StylizedComparison c = StylizedComparison.run(p, sigma, threads, progress, WeightFormula.fromKey(weights));
		plot = p.dimension() == 1 ? plot1d(c) : plot2d(c);
		results().png("posterior.png", plot);
		results().table("components.csv", c.componentTable());
		results().table("summary.csv", c.summary());
		if (p.dimension() == 1) results().table("curves.csv", c.curves());
		else results().image("posterior-density.tif", densityImage(c));
		progress.status(String.format(Locale.ROOT, "Stylized %s problem, sigma = %s: L1(exact, linearized) = %.3g, %.3g effective modes",
			p.key(), sigma, c.l1ExactVsLinearized(), c.linearized().effectiveModes()));
	}

	/** The plot (after a run). */
	public ImagePlus plot() { return plot; }

	/** The 1D or 2D plot of a comparison (also one panel of reproduce figure=stylized-*). */
	static ImagePlus plot(final StylizedComparison c) {
		return c.problem().dimension() == 1 ? plot1d(c) : plot2d(c);
	}

	private static String title(final StylizedComparison c) {
		return String.format(Locale.ROOT, "Stylized %s problem, sigma = %s, gamma = %s", c.problem().key(), fmt(c.sigma()), fmt(c.problem().gamma()));
	}

	private static String fmt(final double v) {
		return Table.format(v);
	}

	private static ImagePlus plot1d(final StylizedComparison c) {
		final QuadratureGrid g = c.exact().grid();
		final double[] x = new double[g.size()];
		for (int i = 0; i < x.length; i++) x[i] = g.coordinate(0, i);
		double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
		for (int n = 0; n < c.training().size(); n++) {
			lo = Math.min(lo, c.training().value(n, 0));
			hi = Math.max(hi, c.training().value(n, 0));
		}
		final double pad = Math.max(3 * c.sigma(), 0.5);
		final double[] range = { Math.max(g.lo(0), lo - pad), Math.min(g.hi(0), hi + pad) };
		final double[] tx = new double[c.training().size()], ty = new double[c.training().size()];
		for (int n = 0; n < tx.length; n++) tx[n] = c.training().value(n, 0);
		final List<Plots.Curve> curves = new ArrayList<>();
		curves.add(new Plots.Curve("prior p_sigma", x, c.prior().values(), Color.GRAY, 1.5f, false));
		curves.add(new Plots.Curve("likelihood (normalized)", x, c.likelihood().values(), new Color(0x2ca02c), 1.5f, false));
		curves.add(new Plots.Curve("exact posterior", x, c.posterior().values(), new Color(0x1f77b4), 3f, false));
		curves.add(new Plots.Curve(String.format(Locale.ROOT, "linearized posterior (L1 = %.3g)", c.l1ExactVsLinearized()), x,
			c.linearizedDensity().values(), new Color(0xd62728), 1.5f, false));
		curves.add(new Plots.Curve("training points", tx, ty, Color.BLACK, 2f, true));
		return Plots.lines(title(c), "x", "density", curves, range, false, false);
	}

	private static ImagePlus plot2d(final StylizedComparison c) {
		final List<Plots.Ellipse> ellipses = new ArrayList<>();
		double x1lo = Double.POSITIVE_INFINITY, x1hi = Double.NEGATIVE_INFINITY, x2lo = Double.POSITIVE_INFINITY, x2hi = Double.NEGATIVE_INFINITY;
		final double[][] pts = new double[c.training().size()][];
		final double[] truth = c.problem().truth();
		for (int n = 0; n < pts.length; n++) {
			pts[n] = c.training().copy(n, null);
			final LinearizedComponent comp = c.components()[n];
			final double[] mu = comp.mean(c.sigma(), null);
			final DMatrixRMaj s = comp.covariance(c.sigma());
			ellipses.add(new Plots.Ellipse(mu, s.get(0, 0), s.get(0, 1), s.get(1, 1), c.linearized().weights()[n]));
			for (final double[] q : new double[][] { pts[n], mu, truth }) {
				x1lo = Math.min(x1lo, q[0]);
				x1hi = Math.max(x1hi, q[0]);
				x2lo = Math.min(x2lo, q[1]);
				x2hi = Math.max(x2hi, q[1]);
			}
		}
		final double pad = Math.max(3 * c.sigma(), 0.5);
		final double half = 0.5 * Math.max(x1hi - x1lo, x2hi - x2lo) + pad;
		final double c1 = 0.5 * (x1lo + x1hi), c2 = 0.5 * (x2lo + x2hi);
		final double[] view = { c1 - half, c1 + half, c2 - half, c2 + half };
		final String caption = String.format(Locale.ROOT, "Colour: exact posterior density (square-root scale). White: 2-sigma " +
			"ellipses of the\nlinearized components with their weights. Green: likelihood at 1 and 2 data std.\n" +
			"Grey dashes: prior components (2 sigma). Circles: training points. Red x: truth.\n" +
			"L1(exact, linearized) = %.3g; effective modes %.3g (exact %.3g)", c.l1ExactVsLinearized(), c.linearized().effectiveModes(),
			c.exactEffectiveModes());
		final Likelihood lik = c.problem().likelihood();
		return Plots.density2d(title(c), c.posterior(), view, ellipses, pts, truth, caption, lik::logLikelihood, c.sigma());
	}

	/** The exact and linearized densities as a 2-slice 32-bit image, x2 up, calibrated in model units. */
	private static ImagePlus densityImage(final StylizedComparison c) {
		final QuadratureGrid g = c.exact().grid();
		final int w = g.count(0), h = g.count(1);
		final ImageStack st = new ImageStack(w, h);
		final GridDensity[] ds = { c.posterior(), c.linearizedDensity() };
		final String[] labels = { "exact posterior", "linearized posterior" };
		for (int k = 0; k < 2; k++) {
			final float[] px = new float[w * h];
			for (int i1 = 0; i1 < h; i1++)
				for (int i0 = 0; i0 < w; i0++) px[i0 + w * (h - 1 - i1)] = (float) ds[k].value(i0 + w * i1);
			st.addSlice(labels[k], new FloatProcessor(w, h, px));
		}
		final ImagePlus imp = new ImagePlus("posterior-density", st);
		final Calibration cal = imp.getCalibration();
		cal.pixelWidth = g.step(0);
		cal.pixelHeight = g.step(1);
		cal.setUnit("unit");
		cal.xOrigin = -g.lo(0) / g.step(0);
		cal.yOrigin = g.hi(1) / g.step(1);
		cal.setInvertY(true);
		cal.setValueUnit("1/unit^2");
		Images.autoContrast(imp);
		Images.setProp(imp, "memfwi.kind", "posterior-density");
		Images.setProp(imp, "memfwi.sigma", c.sigma());
		return imp;
	}
}
