package org.memfwi.commands;

import org.memfwi.core.posterior.TruthComparison;

/**
 * What a posterior command computed, typed, for Java callers that chain commands (the demo): the posterior mean and
 * pixel variance, the comparison with the true model, and what each method adds (training-model weights and misfits;
 * the number of linearized components; the DPS samples' misfits and memorization ratios). The same numbers as the
 * command's summary.csv, weights.csv, components.csv and samples.csv, without reading them back by name. Values a
 * method does not have are NaN (numbers), -1 (counts) or null (arrays).
 */
public final class PosteriorResult {

	private final double[] mean, variance, truth;
	private double ess = Double.NaN, effectiveModes = Double.NaN;
	private double[] misfits, weights;
	private int linearized = -1;
	private double memorizedFraction = Double.NaN, medianRatio = Double.NaN;
	private double[] sampleMisfits, sampleRatios;

	private PosteriorResult(final double[] mean, final double[] variance, final double[] truth) {
		this.mean = mean;
		this.variance = variance;
		this.truth = truth;
	}

	/** The mean (m/s) and pixel variance ((m/s)^2) of a posterior, and the true model (m/s) or null. */
	static PosteriorResult of(final double[] mean, final double[] variance, final double[] truth) {
		return new PosteriorResult(mean, variance, truth);
	}

	/** Adds the training models' weights (summing to 1), their scaled misfits, the ESS and the effective modes. */
	PosteriorResult withWeights(final double[] weights, final double[] misfits, final double ess, final double effectiveModes) {
		this.weights = weights;
		this.misfits = misfits;
		this.ess = ess;
		this.effectiveModes = effectiveModes;
		return this;
	}

	/** Adds the number of components that were linearized. */
	PosteriorResult withLinearized(final int count) {
		this.linearized = count;
		return this;
	}

	/** Adds the DPS samples' scaled misfits and memorization ratios, the memorized fraction and the median ratio. */
	PosteriorResult withSamples(final double[] misfits, final double[] ratios, final double memorizedFraction,
		final double medianRatio) {
		this.sampleMisfits = misfits;
		this.sampleRatios = ratios;
		this.memorizedFraction = memorizedFraction;
		this.medianRatio = medianRatio;
		return this;
	}

	/** Posterior mean, one value per pixel (m/s; do not modify). */
	public double[] mean() { return mean; }

	/** Posterior pixel variance ((m/s)^2; do not modify). */
	public double[] variance() { return variance; }

	/** Whether a true model was given. */
	public boolean hasTruth() { return truth != null; }

	/** RMS difference between the mean and the true model (m/s; summary key rmse_vs_truth), NaN without one. */
	public double rmseVsTruth() { return truth == null ? Double.NaN : TruthComparison.rmse(mean, truth); }

	/** Fraction of pixels whose true value is within 2 posterior stds of the mean (coverage_2sigma), NaN without truth. */
	public double coverage2Sigma() { return truth == null ? Double.NaN : TruthComparison.coverage(mean, variance, truth, 2); }

	/** Effective sample size of the weights (ess), NaN for DPS. */
	public double ess() { return ess; }

	/** Effective number of modes of the weights (effective_modes), NaN for DPS. */
	public double effectiveModes() { return effectiveModes; }

	/** Weights of the training models, in training order, or null (DPS). */
	public double[] weights() { return weights; }

	/** Scaled data misfits ||d - F(x_n)||^2 / gamma^2 of the training models, in training order, or null (DPS). */
	public double[] misfits() { return misfits; }

	/** Number of linearized components (linearized), -1 for the other methods. */
	public int linearizedCount() { return linearized; }

	/** Fraction of DPS samples that are memorized copies (memorized_fraction), NaN for the other methods. */
	public double memorizedFraction() { return memorizedFraction; }

	/** Median memorization ratio of the DPS samples (median_ratio), NaN for the other methods. */
	public double medianRatio() { return medianRatio; }

	/** Scaled data misfits of the DPS samples, or null. */
	public double[] sampleMisfits() { return sampleMisfits; }

	/** Memorization ratios d1/d2 of the DPS samples, or null. */
	public double[] sampleRatios() { return sampleRatios; }
}
