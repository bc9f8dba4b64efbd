package org.memfwi.commands;

import org.memfwi.core.grid.Grid2D;
import org.memfwi.core.posterior.TruthComparison;
import org.memfwi.core.shard.PosteriorPartial;
import org.memfwi.core.util.Table;
import org.memfwi.io.Images;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.FloatProcessor;

/**
 * The calibrated output images and shared summary rows of a posterior, from what a single run and a merge of shards
 * both know: the model grid, the training set's size, the noise gamma, the physics and an optional true model. The
 * same facts travel in a partial's metadata ({@link #describe}, {@link #of(PosteriorPartial)}) so that
 * {@code merge} writes the single run's files.
 */
final class PosteriorOutputs {

	final Grid2D grid;
	final int size;
	final double gamma;
	final String physics;
	final double[] truth;

	PosteriorOutputs(final Grid2D grid, final int size, final double gamma, final String physics, final double[] truth) {
		this.grid = grid;
		this.size = size;
		this.gamma = gamma;
		this.physics = physics;
		this.truth = truth;
	}

	/** Stores the facts in a partial (grid, gamma and physics as metadata, the truth as an extra array). */
	void describe(final PosteriorPartial p) {
		p.info("nx", Integer.toString(grid.nx())).info("nz", Integer.toString(grid.nz())).info("dx", Double.toString(grid.dx()))
			.info("noise", Double.toString(gamma)).info("physics", physics);
		if (truth != null) p.extra("truth", truth);
	}

	/** The facts stored by {@link #describe}. */
	static PosteriorOutputs of(final PosteriorPartial p) {
		try {
			return new PosteriorOutputs(new Grid2D(Integer.parseInt(p.info("nx")), Integer.parseInt(p.info("nz")),
				Double.parseDouble(p.info("dx"))), p.header().total, Double.parseDouble(p.info("noise")), p.info("physics"), p.extra("truth"));
		}
		catch (final RuntimeException e) {
			throw new IllegalArgumentException("parts: a partial lacks its grid or noise (" + e.getMessage() + "); it was not written " +
				"by a posterior command of this MemFWI");
		}
	}

	/** A one-slice 32-bit image on the model grid, calibrated in m, with the given value unit. */
	ImagePlus image(final String title, final double[] values, final String valueUnit, final String label) {
		return stack(title, new double[][] { values }, valueUnit, new String[] { label });
	}

	/** A 32-bit stack on the model grid, calibrated in m, with the given value unit. */
	ImagePlus stack(final String title, final double[][] values, final String valueUnit, final String[] labels) {
		final Grid2D g = grid;
		final ImageStack st = new ImageStack(g.nx(), g.nz());
		for (int s = 0; s < values.length; s++) {
			if (values[s].length != g.size()) throw new IllegalStateException(title + " slice " + (s + 1) + " has " + values[s].length +
				" values, the grid " + g.size());
			final float[] px = new float[values[s].length];
			for (int i = 0; i < px.length; i++) px[i] = (float) values[s][i];
			st.addSlice(labels == null ? null : labels[s], new FloatProcessor(g.nx(), g.nz(), px));
		}
		final ImagePlus imp = new ImagePlus(title, st);
		Images.calibrate(imp, g.dx(), valueUnit);
		Images.autoContrast(imp);
		return imp;
	}

	/** The posterior mean image (m/s). */
	ImagePlus meanImage(final double[] mean, final String method) {
		final ImagePlus imp = image("posterior-mean", mean, Images.VELOCITY_UNIT, method + " posterior mean");
		Images.setProp(imp, "memfwi.kind", "posterior-mean");
		return imp;
	}

	/** The posterior pixel-variance image ((m/s)^2). */
	ImagePlus varianceImage(final double[] variance, final String method) {
		final ImagePlus imp = image("posterior-variance", variance, PosteriorInputs.VARIANCE_UNIT, method + " posterior variance");
		Images.setProp(imp, "memfwi.kind", "posterior-variance");
		return imp;
	}

	/** The summary rows every posterior command shares: sizes, noise, and the comparison with the truth when given. */
	void summarize(final Table summary, final double[] mean, final double[] variance) {
		summary.add("n_training", size);
		summary.add("noise", gamma);
		summary.add("physics", physics);
		if (truth != null) {
			summary.add("rmse_vs_truth", TruthComparison.rmse(mean, truth));
			summary.add("coverage_2sigma", TruthComparison.coverage(mean, variance, truth, 2));
		}
	}

	/**
	 * The posterior pixel standard deviation (m/s), the square root of the variance: the same information as the
	 * variance in the units of the velocities, which is what a reader compares with the prior's sigma.
	 */
	ImagePlus stdImage(final double[] variance, final String method) {
		final double[] sd = new double[variance.length];
		for (int i = 0; i < sd.length; i++) sd[i] = Math.sqrt(Math.max(0, variance[i]));
		final ImagePlus imp = image("posterior-std", sd, Images.VELOCITY_UNIT, method + " posterior standard deviation");
		Images.setProp(imp, "memfwi.kind", "posterior-std");
		return imp;
	}
}
