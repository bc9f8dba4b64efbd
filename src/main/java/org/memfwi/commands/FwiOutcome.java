package org.memfwi.commands;

import org.memfwi.core.grid.Grid2D;
import org.memfwi.core.util.Table;
import org.memfwi.io.Images;
import org.memfwi.io.Plots;

import ij.ImagePlus;

/** The outcome of an inversion of either physics: the model image, the misfit table and plot, a summary. */
public final class FwiOutcome {
	public final ImagePlus model, plot;
	public final Table misfit, summary;
	public final boolean stoppedEarly;

FwiOutcome(final ImagePlus model, final ImagePlus plot, final Table misfit, final Table summary, final boolean stoppedEarly) {
		this.model = model;
		this.plot = plot;
		this.misfit = misfit;
		this.summary = summary;
		this.stoppedEarly = stoppedEarly;
	}

	/**
	 * The outputs of an inversion of either physics: the model image (calibrated like the start, marked finished or
	 * stopped early), the misfit history and its plot, and the summary (metric,value).
	 */
	static FwiOutcome of(final ImagePlus start, final Grid2D grid, final double[] model, final Table history, final double initial,
		final double fin, final boolean stopped) {
		final float[] v = new float[model.length];
		for (int i = 0; i < v.length; i++) v[i] = (float) model[i];
		final String base = start.getTitle() == null ? "model" : start.getTitle().replaceFirst("\\.tiff?$", "");
		final ImagePlus out = Images.velocityStack(base + "-fwi", grid, new float[][] { v },
			new String[] { stopped ? "FWI (stopped early)" : "FWI" });
		Images.setProp(out, "memfwi.kind", "velocity-models");
		Images.setProp(out, "memfwi.fwi_status", stopped ? "stopped early" : "finished");
		final Table summary = new Table("metric", "value");
		summary.add("initial_misfit", initial);
		summary.add("final_misfit", fin);
		summary.add("misfit_reduction", initial / fin);
		summary.add("iterations", (double) Math.max(0, history.rowCount() - 1));
		summary.add("stopped_early", stopped ? 1.0 : 0.0);
		return new FwiOutcome(out, Plots.fwiMisfit(history, stopped), history, summary, stopped);
	}

}
