package org.memfwi.commands;

import org.memfwi.core.fwi.Regularization;
import org.memfwi.core.fwi.StagedFwi;
import org.memfwi.core.grid.Grid2D;

import ij.ImagePlus;

/**
 * What an inversion asks for whatever the physics (the {@code fwi} command's shared parameters). Extended by
 * {@link TimeDomainData.FwiSpec} and {@link HelmholtzData.FwiSpec}.
 */
public class FwiInputs {
	/** The observed data (with their acquisition properties) and the starting model (m/s). */
	public ImagePlus data, model;
	/** L-BFGS iterations per band or stage. */
	public int iterations = 20;
	/** Band cutoffs in Hz, comma-separated, or "auto". */
	public String bands = "auto";
	/** Velocity bounds (m/s) and the weight of the roughness penalty. */
	public double vmin = 1500, vmax = 4500, smoothing;
	public int threads;
	/** Illumination (pseudo-Hessian) preconditioning of the gradient. */
	public boolean precondition = true;
	/** Taper radius around sources and receivers, m (0 = none). */
	public double taper;
	/** none, tikhonov or tv. */
	public String regularization = "none";
	/** The regularization weight (dimensionless), or "auto" = the discrepancy principle. */
	public String weight = "auto";

	/**
	 * The staged driver's settings these inputs ask for.
	 *
	 * @param noise the data's noise standard deviation (data units, from memfwi.noise; 0 = unknown)
	 * @throws IllegalArgumentException naming regularization, weight, smoothing or taper
	 */
	public StagedFwi.Settings fwiSettings(final double noise, final Grid2D grid) {
		final Regularization reg = Regularization.fromLabel(regularization);
		if (!(smoothing >= 0)) throw new IllegalArgumentException("smoothing must be at least 0, got " + smoothing);
		if (!(taper >= 0) || Double.isInfinite(taper)) throw new IllegalArgumentException("taper must be a radius of at least 0 m " +
			"(0 = none), got " + taper);
		final boolean auto = weight == null || weight.trim().isEmpty() || weight.trim().equalsIgnoreCase("auto");
		double w = Double.NaN;
		if (!auto) {
			try {
				w = Double.parseDouble(weight.trim());
			}
			catch (final NumberFormatException e) {
				throw new IllegalArgumentException("weight must be a number (the dimensionless regularization weight) or auto, got '" +
					weight.trim() + "'");
			}
			if (!(w >= 0) || Double.isInfinite(w)) throw new IllegalArgumentException("weight must be at least 0 or auto, got " + weight.trim());
		}
		if (smoothing > 0 && reg != Regularization.NONE) throw new IllegalArgumentException("smoothing=" + smoothing + " and regularization=" +
			reg.label() + " both ask for a regularization; give its weight with weight= and leave smoothing at 0");
		final StagedFwi.Settings base = new StagedFwi.Settings(iterations, vmin, vmax).withNoise(Math.max(0, noise))
			.withPreconditioning(precondition, 4, 2, 0.05).withTaper(taper);
		if (smoothing > 0) return base.withRegularization(Regularization.TIKHONOV, smoothing);
		if (reg != Regularization.NONE && auto && !(noise > 0)) throw new IllegalArgumentException("weight=auto (the discrepancy " +
			"principle) needs the data's noise level, but their memfwi.noise is 0; give a number for weight");
		return base.withRegularization(reg, w);
	}
}
