package org.memfwi.commands;

import ij.ImagePlus;

/**
 * What forward modelling asks for whatever the physics: the models, the survey geometry and the noise (the
 * {@code forward} command's shared parameters; 0 or -1 mean the physics' defaults). Extended by
 * {@link TimeDomainData.ForwardSpec} and {@link HelmholtzData.ForwardSpec}.
 */
public class ForwardInputs {
	/** A velocity model or a stack of models (m/s, calibrated in m). */
	public ImagePlus model;
	/** Sources and receivers evenly spread over the width; 0 = the physics' default count. */
	public int sources, receivers;
	/** Positions in m, comma-separated; empty = evenly spread at the depth. */
	public String sourcex = "", sourcez = "", receiverx = "", receiverz = "";
	/** Depth of sources and receivers, m; -1 = the physics' default. */
	public double depth = -1;
	/** Noise standard deviation: data units, or a fraction of the largest |value| when relative. */
	public double noise;
	public boolean relative = true;
	public long seed = 1;
	public int threads;
}
