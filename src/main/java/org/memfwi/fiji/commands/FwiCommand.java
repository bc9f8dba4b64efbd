package org.memfwi.fiji.commands;

import org.memfwi.core.progress.Progress;
import org.memfwi.fiji.MemFwiCommand;
import org.memfwi.fiji.TimeDomainData;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;

/**
 * Full-waveform inversion: observed data (with their acquisition properties) and a starting model give the inverted
 * model (inverted-model.tif, calibrated like the start), the misfit history (misfit.csv, misfit.png) and a summary
 * (summary.csv). Cancel keeps the model reached so far, marked as stopped early. Physics {@code time}: L-BFGS with
 * velocity bounds, multiscale low-pass bands ({@link TimeDomainData}).
 */
@Plugin(type = Command.class, name = "fwi", headless = true, menuPath = "Plugins>MemFWI>Full Waveform Inversion...",
	description = "Invert shot gathers for velocity: L-BFGS with bounds, multiscale bands, misfit table and plot")
public class FwiCommand extends MemFwiCommand {

	@Parameter(label = "Physics", choices = { "time", "helmholtz" }, persist = false,
		description = "time: shot gathers of the acoustic wave equation; helmholtz: frequency-domain data (not available yet)")
	private String physics = "time";

	@Parameter(label = "Observed data (from Forward Model)", persist = false,
		description = "shot gathers carrying the acquisition in their memfwi.* properties")
	private ImagePlus data;

	@Parameter(label = "Starting model (m/s)", persist = false, description = "a 32-bit model on the grid of the data")
	private ImagePlus model;

	@Parameter(label = "Iterations per band", min = "1", persist = false)
	private int iterations = 20;

	@Parameter(label = "Low-pass bands (Hz, lowest first; 0 = full; auto)", persist = false,
		description = "comma-separated cutoffs, e.g. 5,10,0; auto = f0/3, 2 f0/3 and the full band")
	private String bands = "auto";

	@Parameter(label = "Minimum velocity (m/s)", min = "0", persist = false)
	private double vmin = 1500;

	@Parameter(label = "Maximum velocity (m/s)", min = "0", persist = false)
	private double vmax = 4500;

	@Parameter(label = "Smoothing weight (0 = none)", min = "0", persist = false,
		description = "weight of the roughness penalty relative to each band's initial misfit")
	private double smoothing = 0;

	@Parameter(type = ItemIO.OUTPUT, label = "Inverted model")
	private ImagePlus inverted;

	@Parameter(type = ItemIO.OUTPUT, label = "Misfit plot")
	private ImagePlus plot;

	private boolean stoppedEarly;

	@Override
	protected void compute(final Progress progress) {
		switch (physics) {
			case "time": {
				final TimeDomainData.FwiSpec s = new TimeDomainData.FwiSpec();
				s.data = data;
				s.model = model;
				s.iterations = iterations;
				s.bands = bands;
				s.vmin = vmin;
				s.vmax = vmax;
				s.smoothing = smoothing;
				s.threads = threads;
				final TimeDomainData.FwiOutcome o = TimeDomainData.invert(s, progress);
				inverted = o.model;
				plot = o.plot;
				stoppedEarly = o.stoppedEarly;
				results().image("inverted-model.tif", inverted).table("misfit.csv", o.misfit).table("summary.csv", o.summary)
					.png("misfit.png", plot);
				progress.status(stoppedEarly ? "FWI stopped early: the model reached so far is kept" : "FWI finished");
				break;
			}
			case "helmholtz":
				throw new IllegalArgumentException("physics=helmholtz is not available yet");
			default:
				throw new IllegalArgumentException("physics '" + physics + "' is unknown; use time or helmholtz");
		}
	}

	/** The inverted model (after a run). */
	public ImagePlus inverted() { return inverted; }

	/** True if the last run was canceled and returned the model reached so far. */
	public boolean stoppedEarly() { return stoppedEarly; }
}
