package org.memfwi.commands;

import org.memfwi.core.progress.Progress;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Menu;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;

/**
 * Full-waveform inversion: observed data (with their acquisition properties) and a starting model give the inverted
 * model (inverted-model.tif, calibrated like the start), the misfit history (misfit.csv, misfit.png) and a summary
 * (summary.csv). Cancel keeps the model reached so far, marked as stopped early. Both physics: L-BFGS with velocity
 * bounds, lowest frequencies first. Physics {@code time}: multiscale low-pass bands ({@link TimeDomainData}); physics
 * {@code helmholtz}: frequency continuation over the data frequencies, velocity, squared-slowness or KL
 * parameterization ({@link HelmholtzData}).
 */
@Plugin(type = Command.class, name = "fwi", headless = true, menuPath = "Plugins>MemFWI>Full Waveform Inversion...",
	menu = { @Menu(label = "Plugins"), @Menu(label = "MemFWI"), @Menu(label = "Full Waveform Inversion...", weight = 204) },
	description = "Invert shot gathers or frequency-domain data for velocity: L-BFGS with bounds, multiscale bands or " +
		"frequency continuation, misfit table and plot")
public class FwiCommand extends MemFwiCommand {

	@Parameter(label = "Physics", choices = { "time", "helmholtz" }, persist = false,
		description = "time: shot gathers of the acoustic wave equation; helmholtz: frequency-domain data of forward physics=helmholtz")
	private String physics = "time";

	@Parameter(label = "Observed data (from Forward Model)", persist = false,
		description = "shot gathers (time) or frequency-domain data (helmholtz) carrying the acquisition in their memfwi.* properties")
	private ImagePlus data;

	@Parameter(label = "Starting model (m/s)", persist = false, description = "a 32-bit model on the grid of the data")
	private ImagePlus model;

	@Parameter(label = "Iterations per band (stage)", min = "1", persist = false)
	private int iterations = 20;

	@Parameter(label = "Bands (Hz, lowest first; 0 = full; auto)", persist = false,
		description = "comma-separated cutoffs, e.g. 5,10,0. time: low-pass bands, auto = from min(f0/3, 2 vmin/L) (L the model's " +
			"larger side, not below f0/5), doubling up to the full band; " +
			"helmholtz: stage k fits the data frequencies up to cutoff k, auto = one stage per frequency, each adding the next")
	private String bands = "auto";

	@Parameter(label = "Minimum velocity (m/s)", min = "0", persist = false)
	private double vmin = 1500;

	@Parameter(label = "Maximum velocity (m/s)", min = "0", persist = false)
	private double vmax = 4500;

	@Parameter(label = "Smoothing weight (0 = none)", min = "0", persist = false,
		description = "both physics: weight of the roughness penalty of the velocity relative to each band's initial misfit")
	private double smoothing = 0;

	@Parameter(label = "Illumination preconditioning", persist = false,
		description = "both physics: scale the update by the inverse of the Hessian diagonal diag(J^T J) (source and receiver " +
			"illumination, estimated by 4 random probes per stage, water level 5 %), so that deep, poorly lit pixels move as readily " +
			"as shallow ones", attrs = { @Attr(name = "advanced") })
	private boolean precondition = true;

	@Parameter(label = "Taper radius around sources and receivers (m, 0 = none)", min = "0", persist = false,
		description = "both physics: the update is multiplied by sin^2(pi d / 2 r) within r of every source and receiver (0 at them)",
		attrs = { @Attr(name = "advanced") })
	private double taper = 0;

	@Parameter(label = "Regularization", choices = { "none", "tikhonov", "tv" }, persist = false,
		description = "both physics: tikhonov = squared velocity differences of neighbours (smooth), tv = total variation (blocky)")
	private String regularization = "none";

	@Parameter(label = "Source scaling", choices = { "fixed", "estimate" }, persist = false,
		description = "fixed: the data as modelled; estimate: one least-squares source scalar per shot (time) or complex scalar per " +
			"source and frequency (helmholtz), fitted at every model (variable projection), for data of other codes or of " +
			"unknown source strength", attrs = { @Attr(name = "advanced") })
	private String sourcescale = "fixed";

	@Parameter(label = "Regularization weight (auto = discrepancy principle)", persist = false,
		description = "dimensionless weight relative to each stage's initial misfit; auto lowers it in the last stage until the " +
			"data misfit reaches the noise level of the data (memfwi.noise)")
	private String weight = "auto";

	@Parameter(label = "Parameterization (helmholtz)", choices = { "velocity", "slowness", "kl" }, persist = false,
		description = "helmholtz: the unknowns: velocity pixels (m/s), squared-slowness pixels (s^2/m^2), or K^2 Karhunen-Loeve " +
			"coefficients of a smooth velocity update of the starting model (the output is then the synthesized field); " +
			"time: velocity only", attrs = { @Attr(name = "physics", value = "helmholtz") })
	private String parameterization = "velocity";

	@Parameter(label = "KL modes per direction K (kl)", min = "1", persist = false, description = "parameterization=kl: K^2 coefficients", attrs = { @Attr(name = "physics", value = "helmholtz"), @Attr(name = "advanced") })
	private int modes = 8;

	@Parameter(label = "KL eigenvalue shift alpha (kl)", min = "0", persist = false,
		description = "parameterization=kl: eigenvalues (alpha + pi^2 |i + 1/2|^2)^(-s/2)", attrs = { @Attr(name = "physics", value = "helmholtz"), @Attr(name = "advanced") })
	private double alpha = 1;

	@Parameter(label = "KL smoothness exponent s (kl)", min = "0", persist = false,
		description = "parameterization=kl: larger s weights smooth modes more", attrs = { @Attr(name = "physics", value = "helmholtz"), @Attr(name = "advanced") })
	private double smoothness = 2;

	@Parameter(type = ItemIO.OUTPUT, label = "Inverted model")
	private ImagePlus inverted;

	@Parameter(label = "Paper geometry (helmholtz; empty = the data's own)", required = false, choices = { "", "paper-64", "paper-200" },
		persist = false, description = "helmholtz only: the paper's survey (as forward preset=) for data without memfwi.* properties " +
			"(the paper's d_obs, receivers x sources x real/imaginary); data made by forward are checked against it",
		attrs = { @Attr(name = "physics", value = "helmholtz"), @Attr(name = "advanced") })
	private String preset = "";

	@Parameter(type = ItemIO.OUTPUT, label = "Misfit plot")
	private ImagePlus plot;

	private boolean stoppedEarly;
	private FwiOutcome outcome;

	/**
	 * What the last run computed, typed (model image, misfits, bound hits, the core's result): for Java callers that
	 * chain commands, instead of reading files and summary rows back by name.
	 *
	 * @throws IllegalStateException before a run
	 */
	public FwiOutcome outcome() {
		if (outcome == null) throw new IllegalStateException("no FWI result: run the command first");
		return outcome;
	}

	@Override
	protected void compute(final Progress progress) {
		final FwiOutcome o;
		switch (physics) {
			case "time": {
				if (!PresetData.none(preset)) throw new IllegalArgumentException("preset=" + preset.trim() + " is the paper's " +
					"frequency-domain geometry; use it with physics=helmholtz, or leave it empty for shot gathers");
				if (!parameterization.equals("velocity")) throw new IllegalArgumentException("parameterization=" + parameterization +
					" is available for physics=helmholtz only; physics=time inverts velocity pixels (parameterization=velocity)");
				o = TimeDomainWorkflow.invert(shared(new TimeDomainWorkflow.FwiSpec()), progress);
				break;
			}
			case "helmholtz": {
				final HelmholtzWorkflow.FwiSpec s = shared(new HelmholtzWorkflow.FwiSpec());
				s.parameterization = parameterization;
				s.modes = modes;
				s.alpha = alpha;
				s.smoothness = smoothness;
				o = HelmholtzWorkflow.invert(s, progress);
				break;
			}
			default:
				throw new IllegalArgumentException("physics '" + physics + "' is unknown; use time or helmholtz");
		}
		outcome = o;
		inverted = o.model;
		plot = o.plot;
		stoppedEarly = o.stoppedEarly;
		results().image("inverted-model.tif", inverted).image("bound-hits.tif", o.boundHits).table("misfit.csv", o.misfit)
			.table("summary.csv", o.summary).png("misfit.png", plot);
		progress.status(stoppedEarly ? "FWI stopped early: the model reached so far is kept" : "FWI finished");
	}

	/** Sets the parameters both physics share. */
	private <T extends FwiInputs> T shared(final T s) {
		s.data = data;
		s.model = model;
		s.iterations = iterations;
		s.bands = bands;
		s.vmin = vmin;
		s.vmax = vmax;
		s.smoothing = smoothing;
		s.threads = threads;
		s.precondition = precondition;
		s.taper = taper;
		s.regularization = regularization;
		s.weight = weight;
		s.sourcescale = sourcescale;
		s.preset = preset;
		return s;
	}

	/** The inverted model (after a run). */
	public ImagePlus inverted() { return inverted; }

	/** True if the last run was canceled and returned the model reached so far. */
	public boolean stoppedEarly() { return stoppedEarly; }
}
