package org.memfwi.commands;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.memfwi.core.posterior.CollapseSweep;
import org.memfwi.core.posterior.EffectiveModes;
import org.memfwi.core.posterior.Likelihood;
import org.memfwi.core.posterior.StylizedProblem;
import org.memfwi.core.prior.TrainingSet;
import org.memfwi.core.progress.Progress;
import org.memfwi.core.util.Memory;
import org.memfwi.core.util.Parallel;
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

/**
 * The collapse of the posterior onto the training set: the effective number of modes of the linearized
 * Gaussian-mixture posterior against the prior noise level sigma, for several training-set sizes N, with the exact
 * value (quadrature, stylized problems) and the sigma -> 0 limit (reweighted training set). Stylized problems: the
 * training set of size N is the first N points of a nested sequence whose first five are the paper's points (see
 * {@link StylizedProblem}). FWI ({@code problem=fwi}): a training stack and observed data; the set of size N is the
 * first N models of the stack, each linearized once (top-k Hessian eigenpairs), after which every sigma costs O(N k).
 * Writes collapse-sweep.csv and collapse-sweep.png.
 */
@Plugin(type = Command.class, name = "collapse-sweep", headless = true, menuPath = "Plugins>MemFWI>Posterior Collapse Sweep...",
	menu = { @Menu(label = "Plugins"), @Menu(label = "MemFWI"), @Menu(label = "Posterior Collapse Sweep...", weight = 410) },
	description = "Effective number of posterior modes against the prior noise level sigma for several training-set sizes N, " +
		"as a table and a plot")
public class CollapseSweepCommand extends MemFwiCommand {

	@Parameter(label = "Problem", choices = { "1d", "2d", "fwi" }, persist = false,
		description = "1d, 2d: the paper's stylized problems; training sets: the paper's five points, then seeded points (1d: " +
			"uniform on [-2, 3]; 2d: on the circle of radius 2 at uniform angles). fwi: the training stack and observed data " +
			"given below; the set of size N is the first N models of the stack")
	private String problem = "2d";

	@Parameter(label = "Training models (fwi: stack, m/s)", required = false, persist = false,
		description = "fwi only: the training stack, at least as many models as the largest size N")
	private ImagePlus training;

	@Parameter(label = "Observed data (fwi)", required = false, persist = false,
		description = "fwi only: shot gathers or frequency-domain data made by Forward Model")
	private ImagePlus data;

	@Parameter(label = "Data noise std (fwi; absolute, data units; recorded = the level stored with the data)", min = "0", persist = false,
		description = "fwi only: the data noise gamma; 0 uses the level recorded with the data (memfwi.noise)", attrs = { @Attr(name = "words", value = "recorded=0") })
	private double noise = 0;

	@Parameter(label = "Hessian eigenpairs k (fwi; dense = exact dense algebra)", min = "0", persist = false,
		description = "fwi only: top-k eigenpairs of J^T J / gamma^2 per training model; 0 = all, dense (small models only)", attrs = { @Attr(name = "words", value = "dense=0") })
	private int rank = 10;

	@Parameter(label = "Oversampling (fwi; randomized eigensolver)", min = "0", persist = false, attrs = { @Attr(name = "advanced") })
	private int oversampling = 10;

	@Parameter(label = "Power iterations (fwi; randomized eigensolver)", min = "0", persist = false, attrs = { @Attr(name = "advanced") })
	private int power = 1;

	@Parameter(label = "Training-set sizes N", persist = false, description = "comma-separated, each at least 1, e.g. 5,10,50,200")
	private String sizes = "5,10,50,200";

	@Parameter(label = "Smallest sigma", persist = false,
		description = "prior noise level at the start of the sweep, model units (fwi: m/s per pixel, e.g. sigmamin=1 sigmamax=1000)")
	private double sigmamin = 0.01;

	@Parameter(label = "Largest sigma", persist = false)
	private double sigmamax = 1;

	@Parameter(label = "Sigma steps (log-spaced)", min = "1", persist = false)
	private int steps = 13;

	@Parameter(label = "Data noise gamma (1d, 2d)", persist = false)
	private double gamma = StylizedProblem.GAMMA;

	@Parameter(label = "Random seed (training points beyond the paper's five)", persist = false)
	private long seed = 1;

	@Parameter(label = "Exact weights by quadrature", persist = false, description = "also compute the exact effective modes (slower)")
	private boolean exact = true;

	@Parameter(label = "Training points (1d, 2d; empty = nested sets)", required = false, persist = false,
		description = "1d, 2d: a pool of training points, comma-separated (1d values; 2d x1:x2 pairs) or paper-pool (1d: the " +
			"effective-modes figure's linspace(-3, 3, 100)); the set of size N is then the pool points at indices linspace(0, P-1, N) " +
			"truncated, as in the paper's figure")
	private String points = "";

	@Parameter(label = "Data y (1d, 2d; empty = the problem's)", required = false, persist = false,
		description = "1d, 2d: observed data, comma-separated (1d: one value, paper 0; 2d: two values)")
	private String y = "";

	@Parameter(type = ItemIO.OUTPUT, label = "Collapse sweep plot")
	private ImagePlus plot;

	@Override
	protected void compute(final Progress progress) {
		final int[] n = NumberLists.ints(sizes, "sizes", "5,10,50,200");
		final double[] sigmas = CollapseSweep.logSpaced(sigmamin, sigmamax, steps);
		final boolean fwi = problem.equals("fwi");
		final CollapseSweep.Settings s = CollapseSweep.Settings.of().withSizes(n).withSigmas(sigmas).withSeed(seed).withExact(exact && !fwi)
			.withRank(fwi ? rank : 0).withOversampling(oversampling).withPower(power).withThreads(threads).validate();
		final int maxN = Arrays.stream(n).max().getAsInt();
		final Table t;
		final String title;
		if (fwi) {
			if (training == null) throw new IllegalArgumentException("training is required for problem=fwi: give the training stack");
			if (data == null) throw new IllegalArgumentException("data is required for problem=fwi: give the observed data");
			// A training set over files (a folder, a glob, an HDF5 file) is streamed: the first max(N) models are read one
			// at a time, memory independent of N; an open stack is used as it is.
			final PosteriorInputs in = PosteriorInputs.readStreaming(training, data, noise, null, progress);
			if (maxN > in.size()) throw new IllegalArgumentException("sizes: N = " + maxN + " exceeds the " + in.size() +
				" training models in training ('" + training.getTitle() + "'); use sizes up to " + in.size());
			final int jobs = Math.min(maxN, Parallel.threads(threads));
			Memory.require(jobs * in.data.linearizationBytes() + 8L * in.grid().size() * jobs * (rank + 15),
				"the collapse sweep (" + jobs + " linearizations at a time)", "use fewer threads or a lower rank");
			progress.status(in.describe("Collapse sweep") + (in.stream != null ? "; the first " + maxN + " streamed from " +
				in.stream.describe() : ""));
			final Likelihood lik = in.likelihood(Math.max(1, Parallel.threads(threads) / jobs), progress);
			t = in.stream != null ? CollapseSweep.run(lik, in.stream, s, progress) : CollapseSweep.run(lik, in.set().first(maxN), s, progress);
			title = String.format(Locale.ROOT, "Posterior collapse, FWI (%s, gamma = %s)", in.data.describe(), Table.format(in.gamma));
		}
		else {
			StylizedProblem p = StylizedProblem.of(problem).withGamma(gamma);
			if (y != null && !y.trim().isEmpty())
				p = p.withData(NumberLists.doubles(y, "y", p.dimension() == 1 ? "0" : "1.4,0.392"));
			if (points != null && !points.trim().isEmpty()) {
				final double[][] pool = StylizedPoints.parse(points, p.dimension());
				t = new Table(CollapseSweep.COLUMNS);
				for (int k = 0; k < n.length; k++) {
					if (n[k] > pool.length) throw new IllegalArgumentException("sizes: N = " + n[k] + " exceeds the " + pool.length +
						" points given in points=; use sizes up to " + pool.length);
					final int[] idx = EffectiveModes.indices(n[k], pool.length);
					final double[][] sub = new double[n[k]][];
					for (int i = 0; i < sub.length; i++) sub[i] = pool[idx[i]];
					final CollapseSweep.Settings one = CollapseSweep.Settings.of().withSizes(n[k]).withSigmas(sigmas).withSeed(seed)
						.withExact(exact).withRank(0).withThreads(threads).validate();
					final Table part = CollapseSweep.run(p.likelihood(), TrainingSet.of(sub), one,
						progress.range(k / (double) n.length, (k + 1) / (double) n.length));
					for (int r = 0; r < part.rowCount(); r++) {
						final Object[] row = new Object[CollapseSweep.COLUMNS.length];
						for (int c = 0; c < row.length; c++) row[c] = part.get(r, c);
						t.add(row);
					}
				}
			}
			else t = CollapseSweep.run(p.likelihood(), p.training(maxN, seed), s, progress);
			title = String.format(Locale.ROOT, "Posterior collapse, stylized %s problem (gamma = %s)", p.key(), Table.format(p.gamma()));
		}
		plot = plot(t, n, sigmas, title, exact && !fwi, fwi ? "prior noise level sigma (m/s)" : "prior noise level sigma");
		results().table("collapse-sweep.csv", t);
		results().png("collapse-sweep.png", plot);
	}

	/** The plot (after a run). */
	public ImagePlus plot() { return plot; }

	private static ImagePlus plot(final Table t, final int[] sizes, final double[] sigmas, final String title, final boolean exact,
		final String xLabel) {
		final int[] distinct = Arrays.stream(sizes).distinct().toArray();
		final List<Plots.Curve> curves = new ArrayList<>();
		for (int k = 0; k < distinct.length; k++) {
			final double[] lin = new double[sigmas.length], ex = new double[sigmas.length], exSigma = new double[sigmas.length];
			int resolved = 0; // sigmas where the exact quadrature resolved the posterior (the others are left empty)
			for (int r = 0, j = 0; r < t.rowCount(); r++) {
				if (t.number(r, "n") != distinct[k] || j >= sigmas.length) continue;
				lin[j] = t.number(r, "effective_modes");
				if (exact && t.get(r, "effective_modes_exact") != null) {
					exSigma[resolved] = sigmas[j];
					ex[resolved++] = t.number(r, "effective_modes_exact");
				}
				j++;
			}
			curves.add(new Plots.Curve("N = " + distinct[k] + " linearized", sigmas, lin, Plots.seriesColor(k), 2f, false));
			if (resolved > 0) curves.add(new Plots.Curve("N = " + distinct[k] + " exact", Arrays.copyOf(exSigma, resolved),
				Arrays.copyOf(ex, resolved), Plots.seriesColor(k), 1.5f, true));
		}
		return Plots.lines(title, xLabel, "effective number of modes", curves, null, sigmas.length > 1 &&
				sigmas[sigmas.length - 1] > sigmas[0], true);
	}
}
