package org.memfwi.commands;

import org.memfwi.core.fwi.StagedFwi;
import org.memfwi.core.grid.Grid2D;
import org.memfwi.core.util.Table;
import org.memfwi.io.Images;
import org.memfwi.io.Plots;

import ij.ImagePlus;

/** The outcome of an inversion of either physics: the model image, the misfit table and plot, a summary. */
public final class FwiOutcome {
	/** boundHits: -1 where the model sits at vmin, +1 at vmax, 0 inside (32-bit, calibrated like the model). */
	public final ImagePlus model, plot, boundHits;
	public final Table misfit, summary;
	public final boolean stoppedEarly;
	/** Everything the inversion reports (bound hits, weight, misfits). */
	public final StagedFwi.Result result;

	FwiOutcome(final ImagePlus model, final ImagePlus plot, final ImagePlus boundHits, final Table misfit, final Table summary,
		final StagedFwi.Result result) {
		this.model = model;
		this.plot = plot;
		this.boundHits = boundHits;
		this.misfit = misfit;
		this.summary = summary;
		this.stoppedEarly = result.stoppedEarly();
		this.result = result;
	}

	/**
	 * The outputs of an inversion of either physics: the model image (calibrated like the start, marked finished or
	 * stopped early), the misfit history and its plot, and the summary (metric,value).
	 */
	static FwiOutcome of(final ImagePlus start, final Grid2D grid, final StagedFwi.Result r) {
		final double[] model = r.velocity();
		final Table history = r.history();
		final double initial = r.initialMisfit(), fin = r.finalMisfit();
		final boolean stopped = r.stoppedEarly();
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
		// When stopped early, final_misfit is the last finite misfit, of the band's (stage's) data.
		summary.add("final_misfit_full_data", r.finalMisfitOnFullData() ? 1.0 : 0.0);
		summary.add("bound_hits", (double) r.boundHits());
		summary.add("bound_hits_lower", (double) r.lowerBoundHits());
		summary.add("bound_hits_upper", (double) r.upperBoundHits());
		summary.add("pixels", (double) model.length);
		summary.add("regularization_weight", r.weight());
		summary.add("noise_level_misfit", r.targetMisfit());
		Images.setProp(out, "memfwi.bound_hits", r.boundHits());
		final byte[] mask = r.boundMask();
		final float[] m = new float[mask.length];
		for (int i = 0; i < m.length; i++) m[i] = mask[i];
		final ImagePlus hits = Images.velocityStack(base + "-fwi bound hits", grid, new float[][] { m },
			new String[] { "-1 = at vmin, +1 = at vmax" });
		hits.getCalibration().setValueUnit("");
		Images.setProp(hits, "memfwi.kind", "fwi-bound-hits");
		return new FwiOutcome(out, Plots.fwiMisfit(history, stopped), hits, history, summary, r);
	}

}
