package org.memfwi.commands;

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
}
