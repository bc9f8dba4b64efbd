package org.memfwi.core.posterior;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.memfwi.core.prior.MemorizedPrior;
import org.memfwi.core.prior.TrainingSet;
import org.memfwi.core.progress.Progress;
import org.memfwi.core.util.LogSpace;
import org.memfwi.core.util.Table;

import org.ejml.data.DMatrixRMaj;

/**
 * The three posteriors of a stylized problem at one prior noise level sigma, side by side: the exact posterior of the
 * memorized diffusion prior (quadrature), the linearized Gaussian mixture (dense, exact weights with the
 * log-determinant) and the reweighted training set; with their densities on one grid, distances and diagnostics.
 * The reweighted training set is compared as a density through the prior's components reweighted by the likelihood at
 * their centres, {@code sum_n w_n N(x; x_n, sigma^2 I)} (its sigma -> 0 limit is the reweighted training set itself).
 */
public final class StylizedComparison {

	/** Largest quadrature grid per axis: 1D, 2D. */
	static final int[] MAX_CELLS = { 20000, 1500 };

	private final StylizedProblem problem;
	private final double sigma;
	private final TrainingSet training;
	private final ExactPosterior exact;
	private final GridDensity posterior, prior, likelihood, linearizedDensity, reweightedDensity;
	private final LinearizedComponent[] components;
	private final LinearizedPosterior.Result linearized;
	private final ReweightedPosterior reweighted;
	private final double[] mempostWeights;
	private final double[] exactWeights;
	/** Exact mean, covariance and L1 distances to the linearized and the reweighted densities. */
	private final ExactPosterior.Summary exactSummary;

	private final WeightFormula weights;

	private StylizedComparison(final StylizedProblem problem, final double sigma, final int threads, final Progress progress,
		final WeightFormula weights) {
		this.weights = weights;
		this.problem = problem;
		this.sigma = sigma;
		final Likelihood lik = problem.likelihood();
		training = problem.trainingPoints();
		progress.status("Stylized " + problem.key() + " problem: linearized posterior at sigma = " + sigma);
		final LinearizedPosterior.Settings s = LinearizedPosterior.Settings.of(sigma).withKeep(training.size()).withThreads(threads).validate();
		components = LinearizedPosterior.components(lik, training, s, Progress.NONE);
		linearized = LinearizedPosterior.combine(components, sigma, 0, 0, 1, weights);
		mempostWeights = LinearizedPosterior.combine(components, sigma, 0, 0, 1, WeightFormula.MEMPOST).weights();
		reweighted = ReweightedPosterior.compute(lik, training, threads, Progress.NONE);
		progress.fraction(0.1);
		progress.status("Stylized " + problem.key() + " problem: exact posterior by quadrature");
		exact = new ExactPosterior(lik, training, sigma, MAX_CELLS[problem.dimension() - 1], threads);
		progress.checkCanceled();
		posterior = exact.posterior();
		prior = exact.prior();
		likelihood = exact.likelihood();
		exactWeights = exact.componentWeights(threads);
		progress.fraction(0.6);
		progress.checkCanceled();
		final GaussianMixture lin = mixture(linearized.logWeights(), true), rw = mixture(reweighted.logWeights(), false);
		linearizedDensity = GridDensity.of(exact.grid(), lin, threads);
		reweightedDensity = GridDensity.of(exact.grid(), rw, threads);
		progress.fraction(0.8);
		exactSummary = exact.summarize(threads, new GaussianMixture[] { lin, rw }, posterior,
			new GridDensity[] { linearizedDensity, reweightedDensity });
		if (!exactSummary.resolved())
			progress.warn(String.format(Locale.ROOT, "sigma = %g with gamma = %g is beyond what exact quadrature resolves here: " +
				"the quadrature cells are wider than the likelihood (or the windows miss mass), so the exact columns are approximate " +
				"(quadrature_resolved = 0 in the summary)", sigma, problem.gamma()));
		progress.fraction(1);
	}

	/**
	 * Computes the comparison.
	 *
	 * @throws IllegalArgumentException for sigma <= 0 or a problem with bad gamma or data
	 */
	public static StylizedComparison run(final StylizedProblem problem, final double sigma, final int threads, final Progress progress) {
		return run(problem, sigma, threads, progress, WeightFormula.EXACT);
	}

	/** As {@link #run(StylizedProblem, double, int, Progress)}, the linearized posterior with the given weights. */
	public static StylizedComparison run(final StylizedProblem problem, final double sigma, final int threads, final Progress progress,
		final WeightFormula weights) {
		if (weights == null) throw new IllegalArgumentException("weights must be exact or mempost");
		if (problem == null) throw new IllegalArgumentException("the problem is missing");
		MemorizedPrior.checkSigma(sigma);
		problem.likelihood(); // checks gamma and data first
		return new StylizedComparison(problem, sigma, threads, progress, weights);
	}

	/** The linearized components (or, unlinearized, the prior's components) as a mixture with the given weights. */
	private GaussianMixture mixture(final double[] logWeights, final boolean linearizedComponents) {
		final int n = components.length, d = problem.dimension();
		final double[][] mu = new double[n][];
		final DMatrixRMaj[] cov = new DMatrixRMaj[n];
		for (int i = 0; i < n; i++) {
			if (linearizedComponents) {
				mu[i] = components[i].mean(sigma, null);
				cov[i] = components[i].covariance(sigma);
			}
			else {
				mu[i] = training.copy(i, null);
				cov[i] = new DMatrixRMaj(d, d);
				for (int a = 0; a < d; a++) cov[i].set(a, a, sigma * sigma);
			}
		}
		return new GaussianMixture(logWeights, mu, cov);
	}

	/** {@code integral |exact - linearized|}. */
	public double l1ExactVsLinearized() { return exactSummary.l1()[0]; }

	/** {@code integral |exact - sum_n w_n^rw N(x_n, sigma^2 I)|}. */
	public double l1ExactVsReweighted() { return exactSummary.l1()[1]; }

	/** {@code sum_n |w_n - w_n^exact|} for the linearized weights. */
	public double weightDistanceLinearized() { return distance(linearized.weights(), exactWeights); }

	/** {@code sum_n |w_n - w_n^exact|} for the reweighted weights. */
	public double weightDistanceReweighted() { return distance(reweighted.weights(), exactWeights); }

	private static double distance(final double[] a, final double[] b) {
		double s = 0;
		for (int i = 0; i < a.length; i++) s += Math.abs(a[i] - b[i]);
		return s;
	}

	/** Effective number of modes of the exact component weights. */
	public double exactEffectiveModes() {
		final double[] lw = exactWeights.clone();
		for (int i = 0; i < lw.length; i++) lw[i] = Math.log(lw[i]);
		return LogSpace.effectiveModes(lw);
	}

	/** Axis names x1 (and x2). */
	private String axis(final int a) { return "x" + (a + 1); }

	/**
	 * One row per component: index (1-based), training point, misfit, linearized mean and covariance (cov11[, cov12,
	 * cov22]), linearized weight, exact weight, reweighted weight.
	 */
	public Table componentTable() {
		final int d = problem.dimension();
		final List<String> cols = new ArrayList<>();
		cols.add("index");
		for (int a = 0; a < d; a++) cols.add(axis(a));
		cols.add("misfit");
		for (int a = 0; a < d; a++) cols.add("mu" + (a + 1));
		cols.add("cov11");
		if (d == 2) {
			cols.add("cov12");
			cols.add("cov22");
		}
		cols.add("weight");
		cols.add("weight_exact");
		cols.add("weight_reweighted");
		cols.add("weight_mempost");
		final Table t = new Table(cols.toArray(new String[0]));
		for (int n = 0; n < components.length; n++) {
			final List<Object> row = new ArrayList<>();
			row.add(n + 1);
			for (int a = 0; a < d; a++) row.add(training.value(n, a));
			row.add(linearized.misfits()[n]);
			final double[] mu = components[n].mean(sigma, null);
			for (int a = 0; a < d; a++) row.add(mu[a]);
			final DMatrixRMaj c = components[n].covariance(sigma);
			row.add(c.get(0, 0));
			if (d == 2) {
				row.add(c.get(0, 1));
				row.add(c.get(1, 1));
			}
			row.add(linearized.weights()[n]);
			row.add(exactWeights[n]);
			row.add(reweighted.weights()[n]);
			row.add(mempostWeights[n]);
			t.add(row.toArray());
		}
		return t;
	}

	/** The summary: metric, value. */
	public Table summary() {
		final Table t = new Table("metric", "value");
		t.add("problem", problem.key());
		t.add("sigma", sigma);
		t.add("gamma", problem.gamma());
		t.add("weights", weights.key());
		t.add("n", (double) training.size());
		t.add("l1_exact_vs_linearized", l1ExactVsLinearized());
		t.add("l1_exact_vs_reweighted", l1ExactVsReweighted());
		t.add("l1_weights_linearized_vs_exact", weightDistanceLinearized());
		t.add("l1_weights_reweighted_vs_exact", weightDistanceReweighted());
		t.add("l1_weights_mempost_vs_exact", distance(mempostWeights, exactWeights));
		t.add("ess", linearized.effectiveSampleSize());
		t.add("effective_modes", linearized.effectiveModes());
		t.add("ess_reweighted", reweighted.effectiveSampleSize());
		t.add("effective_modes_reweighted", reweighted.effectiveModes());
		t.add("effective_modes_exact", exactEffectiveModes());
		final double[] me = exactSummary.mean(), ce = exactSummary.covariance();
		final int d = problem.dimension();
		for (int a = 0; a < d; a++) {
			t.add("mean_exact_" + axis(a), me[a]);
			t.add("mean_linearized_" + axis(a), linearized.mean()[a]);
			t.add("mean_reweighted_" + axis(a), reweighted.mean()[a]);
		}
		for (int a = 0; a < d; a++) {
			t.add("variance_exact_" + axis(a), ce[a * d + a]);
			t.add("variance_linearized_" + axis(a), linearized.variance()[a]);
			t.add("variance_reweighted_" + axis(a), reweighted.variance()[a]);
		}
		t.add("quadrature_cells", (double) exact.grid().size());
		t.add("quadrature", exact.gridResolves() ? "grid" : "windows");
		t.add("quadrature_resolved", exactSummary.resolved() ? 1.0 : 0.0);
		return t;
	}

	/** 1D only: the densities on the grid (x, prior, likelihood, exact, linearized, reweighted). */
	public Table curves() {
		if (problem.dimension() != 1) throw new IllegalStateException("curves are for the 1D problem");
		final Table t = new Table("x", "prior", "likelihood", "exact_posterior", "linearized_posterior", "reweighted_posterior");
		final QuadratureGrid g = exact.grid();
		for (int i = 0; i < g.size(); i++)
			t.add(g.coordinate(0, i), prior.value(i), likelihood.value(i), posterior.value(i), linearizedDensity.value(i),
				reweightedDensity.value(i));
		return t;
	}

	public StylizedProblem problem() { return problem; }

	public double sigma() { return sigma; }

	public TrainingSet training() { return training; }

	public ExactPosterior exact() { return exact; }

	public GridDensity posterior() { return posterior; }

	public GridDensity prior() { return prior; }

	public GridDensity likelihood() { return likelihood; }

	public GridDensity linearizedDensity() { return linearizedDensity; }

	public GridDensity reweightedDensity() { return reweightedDensity; }

	public LinearizedComponent[] components() { return components; }

	public LinearizedPosterior.Result linearized() { return linearized; }

	public ReweightedPosterior reweighted() { return reweighted; }

	/**
	 * The paper code's linearized weights (without the log-determinant term, {@link WeightFormula#MEMPOST}), in training
	 * order, next to the exact-formula ones of {@link #linearized()}.
	 */
	public double[] mempostWeights() { return mempostWeights; }

	/** Exact component weights (softmax of the component masses). */
	public double[] exactWeights() { return exactWeights; }

	/** Which weights the linearized posterior ({@link #linearized()}) uses. */
	public WeightFormula weights() { return weights; }
}
