package org.memfwi.commands;

import java.util.Arrays;

import org.memfwi.io.NumberLists;

import ij.ImagePlus;

/**
 * What forward modelling asks for whatever the physics: the models, the survey geometry and the noise (the
 * {@code forward} command's shared parameters; 0 or -1 mean the physics' defaults). Extended by
 * {@link TimeDomainWorkflow.ForwardSpec} and {@link HelmholtzWorkflow.ForwardSpec}.
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

	/** x and z lists: given, or the automatic x with every z at depth; a single z applies to every x. */
	static double[][] positions(final String xs, final String zs, final String xKey, final String zKey, final double[] autoX,
		final double depth) {
		final double[] x = xs == null || xs.trim().isEmpty() ? autoX : NumberLists.doubles(xs, xKey);
		double[] z;
		if (zs == null || zs.trim().isEmpty()) {
			z = new double[x.length];
			Arrays.fill(z, depth);
		}
		else {
			z = NumberLists.doubles(zs, zKey);
			if (z.length == 1 && x.length > 1) {
				final double z0 = z[0];
				z = new double[x.length];
				Arrays.fill(z, z0);
			}
			if (z.length != x.length) throw new IllegalArgumentException(zKey + " lists " + z.length + " positions but " + xKey + " has " +
				x.length + "; give one z per x, or a single z for all");
		}
		return new double[][] { x, z };
	}

}
