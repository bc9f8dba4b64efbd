package org.memfwi.commands;

import java.awt.Color;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.memfwi.core.posterior.EffectiveModes;
import org.memfwi.core.posterior.QuadratureGrid;
import org.memfwi.core.posterior.StylizedComparison;
import org.memfwi.core.posterior.StylizedProblem;
import org.memfwi.core.progress.Progress;
import org.memfwi.core.util.Table;
import org.memfwi.io.NumberLists;
import org.memfwi.io.Plots;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Menu;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;

/**
 * Reproduces one of the paper's figures in its own set-up (github.com/luqigroup/mempost): a PNG laid out like the
 * paper's panel, a CSV of every number plotted and summary.csv. Figures: {@code stylized-1d}, {@code stylized-2d}
 * (prior, likelihood, exact and linearized posteriors at sigma = 0.5, 0.3, 0.05, with the paper code's weights next to
 * the exact ones), {@code effective-modes} (the collapse figure), {@code helmholtz-memorization} and {@code born}.
 */
@Plugin(type = Command.class, name = "reproduce", headless = true, menuPath = "Plugins>MemFWI>Reproduce Paper Figure...",
	menu = { @Menu(label = "Plugins"), @Menu(label = "MemFWI"), @Menu(label = "Reproduce Paper Figure...", weight = 512) },
	description = "One of the paper's figures in its own set-up: a PNG laid out like its panel, a CSV of every plotted number, " +
		"summary.csv")
public class ReproduceCommand extends MemFwiCommand {

	/** The paper's sigmas of the stylized figures. */
	static final double[] STYLIZED_SIGMAS = { 0.5, 0.3, 0.05 };

	@Parameter(label = "Figure", choices = { "stylized-1d", "stylized-2d", "effective-modes", "helmholtz-memorization", "born" },
		persist = false, description = "stylized-1d, stylized-2d: the stylized posteriors at sigma 0.5, 0.3, 0.05; effective-modes: " +
			"the collapse figure (N = 3, 5, 10, 20, 100; 70 sigmas); helmholtz-memorization: DPS, reweighted and linearized " +
			"posteriors for N = 50, 200, 1000 on the 64 x 64 Helmholtz problem; born: the seismic Born track")
	private String figure = "effective-modes";

	@Parameter(label = "Samples per posterior (default = the figure's)", min = "0", persist = false,
		description = "helmholtz-memorization and born: DPS samples per training-set size (default 16)",
		attrs = { @Attr(name = "words", value = "default=0") })
	private int samples = 0;

	@Parameter(label = "Training-set sizes N (empty = the paper's)", required = false, persist = false,
		description = "helmholtz-memorization: comma-separated, default 50,200,1000; born: default 16,2048")
	private String n = "";

	@Parameter(label = "Grid (helmholtz-memorization)", choices = { "64", "200" }, persist = false,
		description = "64: the paper's 64 x 64 experiment (31.25 m, 4 Hz, 5 sources, 40 receivers); 200: its 200 x 200 " +
			"comparison (10 m, 6 Hz, 15 sources, 196 receivers)")
	private String grid = "64";

	@Parameter(label = "Reflectivity archive (born; HDF5, optional)", required = false, persist = false,
		description = "born: the paper's Parihaka archive (key broadband_dm); needs an HDF5 reader (not in this build): omit to " +
			"use reflectivity generated from the velocity families")
	private File archive;

	@Parameter(label = "Random seed", persist = false, description = "seed of training sets, truths, noise and samples")
	private long seed = 42;

	@Parameter(type = ItemIO.OUTPUT, label = "Figure")
	private ImagePlus plot;

	@Override
	protected void compute(final Progress progress) {
		switch (figure == null ? "" : figure.trim().toLowerCase(Locale.ROOT)) {
			case "stylized-1d": stylized("1d", progress); break;
			case "stylized-2d": stylized("2d", progress); break;
			case "effective-modes": effectiveModes(progress); break;
			case "helmholtz-memorization":
				plot = HelmholtzMemorizationFigure.run(this, results(), NumberLists.ints(n == null || n.trim().isEmpty() ?
					"50,200,1000" : n, "n", "50,200,1000"), samples > 0 ? samples : 16, grid, seed, threads, progress);
				break;
			case "born":
				plot = BornFigure.run(results(), NumberLists.ints(n == null || n.trim().isEmpty() ? "16,2048" : n, "n", "16,2048"),
					samples > 0 ? samples : 16, archive, seed, threads, progress);
				break;
			default:
				throw new IllegalArgumentException("figure '" + figure + "' is unknown; use stylized-1d, stylized-2d, effective-modes, " +
					"helmholtz-memorization or born");
		}
	}

	/** The figure (after a run). */
	public ImagePlus plot() { return plot; }

	// -- stylized --

	private void stylized(final String key, final Progress progress) {
		final StylizedProblem p = StylizedProblem.of(key);
		final List<ImagePlus> panels = new ArrayList<>();
		final Table comps = new Table(prefixed(key.equals("1d") ? new String[] { "index", "x1", "misfit", "mu1", "cov11", "weight",
			"weight_exact", "weight_reweighted", "weight_mempost" } : new String[] { "index", "x1", "x2", "misfit", "mu1", "mu2", "cov11",
			"cov12", "cov22", "weight", "weight_exact", "weight_reweighted", "weight_mempost" }));
		final Table curves = key.equals("1d") ? new Table("sigma", "x", "prior", "likelihood", "exact_posterior", "linearized_posterior",
			"reweighted_posterior") : new Table("sigma", "x1", "x2", "exact_posterior");
		final Table summary = new Table("metric", "value");
		summary.add("figure", "stylized-" + key);
		for (int s = 0; s < STYLIZED_SIGMAS.length; s++) {
			final double sigma = STYLIZED_SIGMAS[s];
			final StylizedComparison c = StylizedComparison.run(p, sigma, threads, progress.range(s / 3.0, (s + 1) / 3.0));
			final Table ct = c.componentTable();
			for (int r = 0; r < ct.rowCount(); r++) {
				final Object[] row = new Object[ct.columns().size() + 1];
				row[0] = sigma;
				for (int k = 0; k < ct.columns().size(); k++) row[k + 1] = ct.get(r, k);
				comps.add(row);
			}
			if (key.equals("1d")) {
				final Table cv = c.curves();
				for (int r = 0; r < cv.rowCount(); r++)
					curves.add(sigma, cv.get(r, 0), cv.get(r, 1), cv.get(r, 2), cv.get(r, 3), cv.get(r, 4), cv.get(r, 5));
			}
			else {
				final QuadratureGrid g = c.exact().grid();
				final double[] x = new double[2];
				for (int i = 0; i < g.size(); i += 1) {
					g.point(i, x);
					curves.add(sigma, x[0], x[1], c.posterior().value(i));
				}
			}
			final Table sm = c.summary();
			for (int r = 0; r < sm.rowCount(); r++) {
				final String m = (String) sm.get(r, 0);
				if (!m.equals("problem") && !m.equals("sigma")) summary.add(m + "@sigma=" + Table.format(sigma), sm.get(r, 1));
			}
			panels.add(StylizedCommand.plot(c));
		}
		plot = row("Stylized " + key + " problem at sigma = 0.5, 0.3, 0.05 (the paper's figure " + (key.equals("1d") ? 1 : 2) + ")",
			panels);
		results().png("stylized-" + key + ".png", plot);
		results().table("components.csv", comps);
		results().table(key.equals("1d") ? "curves.csv" : "density.csv", curves);
		results().table("summary.csv", summary);
	}

	private static String[] prefixed(final String[] cols) {
		final String[] out = new String[cols.length + 1];
		out[0] = "sigma";
		System.arraycopy(cols, 0, out, 1, cols.length);
		return out;
	}

	/** Panels side by side on white, as one RGB image. */
	static ImagePlus row(final String title, final List<ImagePlus> panels) {
		int w = 0, h = 0;
		for (final ImagePlus p : panels) {
			w += p.getWidth();
			h = Math.max(h, p.getHeight());
		}
		final ColorProcessor cp = new ColorProcessor(w, h);
		cp.setColor(Color.WHITE);
		cp.fill();
		int x = 0;
		for (final ImagePlus p : panels) {
			final ImageProcessor ip = p.getProcessor().convertToRGB();
			cp.insert(ip, x, 0);
			x += p.getWidth();
		}
		return new ImagePlus(title, cp);
	}

	// -- effective modes --

	private void effectiveModes(final Progress progress) {
		final EffectiveModes f = EffectiveModes.paper();
		final EffectiveModes.Result r = f.run(1500, threads, progress);
		final StringBuilder csv = new StringBuilder("sigma");
		for (final int size : r.sizes()) csv.append(",N").append(size);
		csv.append('\n');
		for (int j = 0; j < r.sigmas().length; j++) {
			csv.append(Double.toString(r.sigmas()[j]));
			for (int s = 0; s < r.sizes().length; s++) csv.append(',').append(r.modes()[s][j]);
			csv.append('\n');
		}
		final Table summary = new Table("metric", "value");
		summary.add("figure", "effective-modes");
		summary.add("gamma", StylizedProblem.GAMMA);
		summary.add("y", 0.0);
		summary.add("sigmas", (double) r.sigmas().length);
		final StringBuilder crit = new StringBuilder("n,delta,sigma_crit,effective_modes_at_sigma_crit,effective_modes_interpolated\n");
		final List<Plots.Curve> curves = new ArrayList<>();
		for (int s = 0; s < r.sizes().length; s++) {
			final int size = r.sizes()[s];
			crit.append(size).append(',').append(6.0 / (size - 1)).append(',').append(r.sigmaCrit()[s]).append(',')
				.append(r.modesAtCrit()[s]).append(',').append(r.modesAtCritInterpolated()[s]).append('\n');
			summary.add("sigma_crit_N" + size, r.sigmaCrit()[s]);
			summary.add("effective_modes_at_sigma_crit_N" + size, r.modesAtCrit()[s]);
			summary.add("effective_modes_max_N" + size, max(r.modes()[s]));
			summary.add("effective_modes_min_N" + size, min(r.modes()[s]));
			curves.add(new Plots.Curve("N = " + size, r.sigmas(), r.modes()[s], Plots.seriesColor(s), 2f, false));
			curves.add(new Plots.Curve("N = " + size + " at sigma_crit", new double[] { r.sigmaCrit()[s] },
				new double[] { r.modesAtCrit()[s] }, Plots.seriesColor(s), 3f, true));
		}
		plot = Plots.lines("Effective posterior modes vs sigma (exact weights; markers: sigma_crit)", "prior noise level sigma",
			"effective number of modes exp(H(w))", curves, null, true, true);
		results().png("effective-modes.png", plot);
		results().text("effective-modes.csv", csv.toString());
		results().text("sigma-crit.csv", crit.toString());
		results().table("summary.csv", summary);
	}

	private static double max(final double[] a) {
		double m = Double.NEGATIVE_INFINITY;
		for (final double v : a) if (v > m) m = v;
		return m;
	}

	private static double min(final double[] a) {
		double m = Double.POSITIVE_INFINITY;
		for (final double v : a) if (v < m) m = v;
		return m;
	}
}
