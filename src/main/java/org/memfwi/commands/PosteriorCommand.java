package org.memfwi.commands;

import org.memfwi.core.operator.MemoizedForwardOperator;

import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;

import ij.ImagePlus;

/**
 * Base of the posterior commands: the inputs they share, declared once (training stack, observed data, data noise,
 * optional true model) and read by {@link #readInputs()}. {@link CommandSpec} lists these first, before the
 * command's own parameters, in the dialog, the macro and the command line.
 */
public abstract class PosteriorCommand extends MemFwiCommand {

	@Parameter(label = "Training models (stack, m/s)", persist = false,
		description = "the memorized prior's training set: a 32-bit stack of velocity models, at least 2")
	protected ImagePlus training;

	@Parameter(label = "Observed data", persist = false,
		description = "shot gathers or frequency-domain data made by Forward Model, with their acquisition properties")
	protected ImagePlus data;

	@Parameter(label = "Data noise std gamma (absolute, data units; recorded = the level stored with the data)", min = "0",
		persist = false, description = "standard deviation of the data noise; 0 uses the level recorded with the data (memfwi.noise)",
		attrs = { @Attr(name = "words", value = "recorded=0") })
	protected double noise = 0;

	@Parameter(label = "True model (optional)", required = false, persist = false,
		description = "for synthetic tests: adds rmse_vs_truth and coverage_2sigma to the summary",
		attrs = { @Attr(name = "role", value = "truth") })
	protected ImagePlus truth;

	@Parameter(label = "Source scaling", choices = { "fixed", "estimate" }, persist = false,
		description = "fixed: the data as modelled; estimate: one least-squares source scalar per shot (time) or complex scalar per " +
			"source and frequency (helmholtz), fitted for every model (variable projection), for data of other codes or of " +
			"unknown source strength", attrs = { @Attr(name = "advanced") })
	protected String sourcescale = "fixed";

	@Parameter(label = "Paper geometry (helmholtz; empty = the data's own)", required = false, choices = { "", "paper-64", "paper-200" },
		persist = false, description = "the paper's frequency-domain survey (as forward preset=): data without memfwi.* properties " +
			"(the paper's d_obs, receivers x sources x real/imaginary) get it, with the paper's noise level; data made by forward " +
			"are checked against it", attrs = { @Attr(name = "advanced"), @Attr(name = "physics", value = "helmholtz") })
	protected String preset = "";

	/** The observed data with {@code preset} applied ({@link PresetData}). */
	protected ImagePlus observed() {
		return PresetData.apply(data, preset, "data");
	}

	/**
	 * Reads and checks the shared inputs (see {@link PosteriorInputs#read}).
	 *
	 * @throws IllegalArgumentException naming the parameter at fault
	 */
	protected PosteriorInputs readInputs() {
		return PosteriorInputs.read(training, observed(), noise, truth).rememberForwards(forwards);
	}

	/** What the last run computed, typed; null before a run (and for shard runs, which write a partial). */
	protected PosteriorResult posterior;

	/**
	 * The posterior computed by the last run, typed (mean, variance, comparison with the truth, weights or samples):
	 * for Java callers that chain commands, instead of reading files and summary rows back by name.
	 *
	 * @throws IllegalStateException before a run, or after a shard run (which computes a partial posterior only)
	 */
	public PosteriorResult posterior() {
		if (posterior == null) throw new IllegalStateException("no posterior: run the command first (without shard=)");
		return posterior;
	}

	/** Shared by the commands of one pipeline on the same training set and data (the demo); null when run alone. */
	MemoizedForwardOperator.Store forwards;

	/**
	 * Lets this command reuse (and add to) the forward results of earlier commands on the same training set and data:
	 * the files it writes are the same, each training model is simulated once.
	 *
	 * @return this
	 */
	PosteriorCommand rememberForwards(final MemoizedForwardOperator.Store store) {
		forwards = store;
		return this;
	}
}
