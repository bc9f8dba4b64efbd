package org.memfwi.fiji.commands;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.memfwi.core.posterior.CollapseSweep;
import org.memfwi.core.posterior.StylizedProblem;
import org.memfwi.core.progress.Progress;
import org.memfwi.core.util.Table;
import org.memfwi.fiji.MemFwiCommand;
import org.memfwi.fiji.Plots;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;

/**
 * The collapse of the posterior onto the training set: the effective number of modes of the linearized
 * Gaussian-mixture posterior against the prior noise level sigma, for several training-set sizes N, with the exact
 * value (quadrature) and the sigma -> 0 limit (reweighted training set). The training set of size N is the first N
 * points of a nested sequence whose first five are the paper's points (see {@link StylizedProblem}). Writes
 * collapse-sweep.csv and collapse-sweep.png.
 */
@Plugin(type = Command.class, name = "collapse-sweep", headless = true, menuPath = "Plugins>MemFWI>Posterior Collapse Sweep...",
	description = "Effective number of posterior modes against the prior noise level sigma for several training-set sizes N, " +
		"as a table and a plot")
public class CollapseSweepCommand extends MemFwiCommand {

	@Parameter(label = "Problem", choices = { "1d", "2d" }, persist = false,
		description = "the paper's stylized problem; training sets: the paper's five points, then seeded points (1d: uniform on " +
			"[-2, 3]; 2d: on the circle of radius 2 at uniform angles)")
	private String problem = "2d";

	@Parameter(label = "Training-set sizes N", persist = false, description = "comma-separated, each at least 1, e.g. 5,10,50,200")
	private String sizes = "5,10,50,200";

	@Parameter(label = "Smallest sigma", persist = false, description = "prior noise level at the start of the sweep (model units)")
	private double sigmamin = 0.01;

	@Parameter(label = "Largest sigma", persist = false)
	private double sigmamax = 1;

	@Parameter(label = "Sigma steps (log-spaced)", min = "1", persist = false)
	private int steps = 13;

	@Parameter(label = "Data noise gamma", persist = false)
	private double gamma = StylizedProblem.GAMMA;

	@Parameter(label = "Random seed (training points beyond the paper's five)", persist = false)
	private long seed = 1;

	@Parameter(label = "Exact weights by quadrature", persist = false, description = "also compute the exact effective modes (slower)")
	private boolean exact = true;

	@Parameter(type = ItemIO.OUTPUT, label = "Collapse sweep plot")
	private ImagePlus plot;

	@Override
	protected void compute(final Progress progress) {
		final int[] n = ListParameters.ints(sizes, "sizes", "5,10,50,200");
		final double[] sigmas = CollapseSweep.logSpaced(sigmamin, sigmamax, steps);
		final CollapseSweep.Settings s = CollapseSweep.Settings.builder().sizes(n).sigmas(sigmas).seed(seed).exact(exact)
			.threads(threads).build();
		final StylizedProblem p = StylizedProblem.of(problem).withGamma(gamma);
		final int maxN = Arrays.stream(n).max().getAsInt();
		final Table t = CollapseSweep.run(p.likelihood(), p.training(maxN, seed), s, progress);
		plot = plot(t, n, sigmas, p, exact);
		results().table("collapse-sweep.csv", t);
		results().png("collapse-sweep.png", plot);
	}

	/** The plot (after a run). */
	public ImagePlus plot() { return plot; }

	private static ImagePlus plot(final Table t, final int[] sizes, final double[] sigmas, final StylizedProblem p, final boolean exact) {
		final int[] distinct = Arrays.stream(sizes).distinct().toArray();
		final List<Plots.Curve> curves = new ArrayList<>();
		for (int k = 0; k < distinct.length; k++) {
			final double[] lin = new double[sigmas.length], ex = new double[sigmas.length];
			for (int r = 0, j = 0; r < t.rowCount(); r++) {
				if (t.number(r, "n") != distinct[k] || j >= sigmas.length) continue;
				lin[j] = t.number(r, "effective_modes");
				if (exact) ex[j] = t.number(r, "effective_modes_exact");
				j++;
			}
			curves.add(new Plots.Curve("N = " + distinct[k] + " linearized", sigmas, lin, Plots.seriesColor(k), 2f, false));
			if (exact) curves.add(new Plots.Curve("N = " + distinct[k] + " exact", sigmas, ex, Plots.seriesColor(k), 1.5f, true));
		}
		return Plots.lines(String.format(Locale.ROOT, "Posterior collapse, stylized %s problem (gamma = %s)", p.key(),
			Table.format(p.gamma())), "prior noise level sigma", "effective number of modes", curves, null, sigmas.length > 1 &&
				sigmas[sigmas.length - 1] > sigmas[0], true);
	}
}
