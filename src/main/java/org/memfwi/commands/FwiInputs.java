package org.memfwi.commands;

import org.memfwi.core.fwi.Regularization;
import org.memfwi.core.fwi.SourceScaledMisfit;
import org.memfwi.core.fwi.StagedFwi;
import org.memfwi.core.grid.Grid2D;
import org.memfwi.core.util.Table;
import org.memfwi.io.Images;
import org.memfwi.io.NumberLists;

import ij.ImagePlus;

/**
 * What an inversion asks for whatever the physics (the {@code fwi} command's shared parameters). Extended by
 * {@link TimeDomainWorkflow.FwiSpec} and {@link HelmholtzWorkflow.FwiSpec}.
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

	/** True for the bands text "auto" (or an empty text). */
	static boolean isAuto(final String text) {
		return text == null || text.trim().isEmpty() || text.trim().equalsIgnoreCase("auto");
	}

	/** Comma-separated band cutoffs in Hz, increasing, 0 (last) = the full band. */
	static double[] cutoffs(final String text) {
		final double[] b = NumberLists.doubles(text, "bands");
		for (int i = 0; i < b.length; i++) {
			if (b[i] < 0) throw new IllegalArgumentException("bands: cutoff " + Table.format(b[i]) + " Hz is negative; give frequencies in Hz, 0 = full band");
			final double bi = b[i] == 0 ? Double.POSITIVE_INFINITY : b[i];
			if (i > 0 && bi <= (b[i - 1] == 0 ? Double.POSITIVE_INFINITY : b[i - 1]))
				throw new IllegalArgumentException("bands must increase (lowest first, 0 = full band last), got " + text.trim());
		}
		return b;
	}

	/**
	 * The one starting model of an inversion as velocities (m/s), checked against the velocity bounds.
	 *
	 * @throws IllegalArgumentException naming model, vmin or vmax
	 */
	static double[] startingModel(final ImagePlus model, final Images.ModelStack ms, final double vmin, final double vmax) {
		if (ms.size() != 1) throw new IllegalArgumentException("model ('" + model.getTitle() + "') has " + ms.size() +
			" slices; give one starting model");
		if (!(vmin > 0) || !(vmax > vmin)) throw new IllegalArgumentException("vmin (" + Table.format(vmin) + " m/s) must be positive and " +
			"less than vmax (" + Table.format(vmax) + " m/s)");
		final double[] start = new double[ms.grid.size()];
		double lo = Double.POSITIVE_INFINITY, hi = 0;
		for (int i = 0; i < start.length; i++) {
			start[i] = ms.models[0][i];
			lo = Math.min(lo, start[i]);
			hi = Math.max(hi, start[i]);
		}
		if (lo < vmin) throw new IllegalArgumentException("vmin (" + Table.format(vmin) + " m/s) is above the starting model's lowest velocity " +
			Table.format(lo) + " m/s; lower vmin");
		if (hi > vmax) throw new IllegalArgumentException("vmax (" + Table.format(vmax) + " m/s) is below the starting model's highest velocity " +
			Table.format(hi) + " m/s; raise vmax");
		return start;
	}

	/** Illumination (pseudo-Hessian) preconditioning of the gradient. */
	public boolean precondition = true;
	/** Taper radius around sources and receivers, m (0 = none). */
	public double taper;
	/** none, tikhonov or tv. */
	public String regularization = "none";
	/** The regularization weight (dimensionless), or "auto" = the discrepancy principle. */
	public String weight = "auto";
	/** {@code preset}: empty, or paper-64 / paper-200, the paper's geometry for data that carry none ({@link PresetData}). */
	public String preset = "";
	/** {@code sourcescale}: fixed, or estimate (one least-squares source scalar per shot, or per source and frequency). */
	public String sourcescale = "fixed";

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
		final StagedFwi.Settings base = StagedFwi.Settings.of(iterations, vmin, vmax).withNoise(Math.max(0, noise))
			.withPreconditioning(precondition, 4, 2, 0.05).withTaper(taper).validate();
		if (smoothing > 0) return base.withRegularization(Regularization.TIKHONOV, smoothing);
		if (reg != Regularization.NONE && auto && !(noise > 0)) throw new IllegalArgumentException("weight=auto (the discrepancy " +
			"principle) needs the data's noise level, but their memfwi.noise is 0; give a number for weight");
		return base.withRegularization(reg, w);
	}

	/**
	 * Summary rows with the source scalars of the final model on the complete data ({@code source_scale_1..S}, or
	 * {@code source_scale_re_k}/{@code _im_k} per source and frequency) when the scaling was estimated.
	 */
	static void summarizeSourceScalars(final Table summary, final SourceScaledMisfit scaled) {
		if (scaled == null) return;
		final double[] a = scaled.lastScalars();
		if (scaled.isComplex()) for (int b = 0; b < a.length / 2; b++) {
			summary.add("source_scale_re_" + (b + 1), a[2 * b]);
			summary.add("source_scale_im_" + (b + 1), a[2 * b + 1]);
		}
		else for (int b = 0; b < a.length; b++) summary.add("source_scale_" + (b + 1), a[b]);
	}
}
