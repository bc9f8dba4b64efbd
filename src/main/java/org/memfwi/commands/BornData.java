package org.memfwi.commands;

import java.util.Arrays;

import org.memfwi.core.born.BornOperator;
import org.memfwi.core.grid.Grid2D;
import org.memfwi.core.progress.Progress;
import org.memfwi.core.util.Table;
import org.memfwi.core.wave.Acquisition;
import org.memfwi.core.wave.TimeDomainOperator;
import org.memfwi.core.wave.WaveSettings;
import org.memfwi.core.wave.WaveSetup;
import org.memfwi.core.wave.Wavelet;
import org.memfwi.io.DataProperties;
import org.memfwi.io.Images;
import org.memfwi.io.NumberLists;
import org.memfwi.io.TimeDomainData;

import ij.ImagePlus;

/**
 * Born shot gathers over reflectivity ({@code physics=born}): the background velocity they were modelled around, as
 * the forward command records it in the data's properties ({@code memfwi.background} = the constant in m/s, or
 * {@code image} with {@code memfwi.background_values}, comma-separated m/s, x fastest), and the {@link BornOperator}
 * rebuilt from them.
 */
final class BornData {

	/** The observed Born data: grid, data vector in the operator's order, recorded noise, and the operator. */
	static final class Observed {
		final Grid2D grid;
		final double[] y;
		final double noise;
		final BornOperator operator;
		final String shape;

		private Observed(final Grid2D grid, final double[] y, final double noise, final BornOperator operator, final String shape) {
			this.grid = grid;
			this.y = y;
			this.noise = noise;
			this.operator = operator;
			this.shape = shape;
		}
	}

	private BornData() {}

	/** True when the image holds Born data (memfwi.physics = born). */
	static boolean isBorn(final ImagePlus data) {
		return data != null && TimeDomainData.BORN.equals(data.getProp("memfwi.physics") == null ? null :
			data.getProp("memfwi.physics").trim());
	}

	/**
	 * The background velocity on the grid: the image's (one slice, same grid), else the constant.
	 *
	 * @throws IllegalArgumentException naming the key at fault
	 */
	static double[] background(final ImagePlus image, final double constant, final Grid2D grid, final String imageKey,
		final String constantKey) {
		final double[] v = new double[grid.size()];
		if (image != null) {
			final Images.ModelStack b = Images.readModels(image, imageKey);
			if (b.size() != 1) throw new IllegalArgumentException(imageKey + " ('" + image.getTitle() + "') has " + b.size() +
				" slices; give one background velocity model");
			PosteriorInputs.checkSameGrid(b.grid, grid, imageKey);
			for (int i = 0; i < v.length; i++) v[i] = b.models[0][i];
			return v;
		}
		if (!(constant > 0) || Double.isInfinite(constant)) throw new IllegalArgumentException(constantKey + " (constant background " +
			"velocity) must be a positive number of m/s, got " + constant + "; or give a background image");
		Arrays.fill(v, constant);
		return v;
	}

	/** Grids of at most this many cells run the Born operator in double precision; larger ones the fast float propagator. */
	static final int DOUBLE_CELLS = 400;

	/**
	 * The precision of the Born operator on a grid: double (the reference stepper, exact to
	 * rounding: the closed-form checks) up to {@link #DOUBLE_CELLS} cells, else the fast float propagator (the posterior's
	 * weights within 5e-6 and its variance within 5e-6 relative of the double closed form on an 8 x 8 test,
	 * LinearMixturePosteriorTest), so paper-sized grids stay usable.
	 */
	static TimeDomainOperator.Precision precision(final Grid2D grid) {
		return grid.size() <= DOUBLE_CELLS ? TimeDomainOperator.Precision.DOUBLE : TimeDomainOperator.Precision.FLOAT;
	}

	/**
	 * The Born operator around a background: one forward run of the time-domain propagator, stored for the products, at
	 * the grid's {@link #precision}.
	 *
	 * @param threads threads per product (the float propagator; the double stepper runs on one)
	 */
	static BornOperator operator(final Grid2D grid, final Acquisition acq, final Wavelet w, final WaveSettings ws, final double[] v0,
		final int threads, final Progress progress) {
		double lo = Double.POSITIVE_INFINITY, hi = 0;
		for (final double v : v0) {
			lo = Math.min(lo, v);
			hi = Math.max(hi, v);
		}
		return new BornOperator(new TimeDomainOperator(new WaveSetup(grid, acq, w, ws, lo, hi, progress),
			precision(grid), threads), v0);
	}

	/** Records physics=born and the background in the data image's properties. */
	static void record(final ImagePlus imp, final double[] backgroundImage, final double constant) {
		Images.setProp(imp, "memfwi.physics", TimeDomainData.BORN);
		Images.setProp(imp, "memfwi.unknown", "reflectivity");
		if (backgroundImage == null) Images.setProp(imp, "memfwi.background", Table.format(constant));
		else {
			Images.setProp(imp, "memfwi.background", "image");
			Images.setProp(imp, "memfwi.background_values", NumberLists.join(backgroundImage));
		}
	}

	/**
	 * Reads Born data and rebuilds their operator.
	 *
	 * @throws IllegalArgumentException naming the data parameter and the missing or bad property
	 */
	static Observed read(final ImagePlus imp, final String key, final int threads, final Progress progress) {
		final TimeDomainData.Gathers g = TimeDomainData.readBorn(imp, key);
		if (g.data.length != 1) throw new IllegalArgumentException(key + " ('" + imp.getTitle() + "') holds the gathers of " +
			g.data.length + " reflectivity models (frames); give the observed gathers of one (Image > Duplicate... one frame)");
		final DataProperties p = new DataProperties(imp, key, "give Born data made by forward physics=born");
		final String bg = p.text("memfwi.background");
		final double[] v0;
		if (bg.equals("image")) {
			v0 = p.numbers("memfwi.background_values");
			if (v0.length != g.grid.size()) throw new IllegalArgumentException(key + " ('" + imp.getTitle() + "'): memfwi.background_values " +
				"has " + v0.length + " values for " + g.grid.nx() + " x " + g.grid.nz() + " cells");
		}
		else v0 = background(null, p.number("memfwi.background"), g.grid, "background", key + ": memfwi.background");
		final int shots = g.data[0].length, per = g.data[0][0].length;
		final double[] y = new double[shots * per];
		for (int s = 0; s < shots; s++)
			for (int i = 0; i < per; i++) {
				final float v = g.data[0][s][i];
				if (!Float.isFinite(v)) throw new IllegalArgumentException(key + " ('" + imp.getTitle() + "') has the non-finite value " + v +
					" in shot " + (s + 1));
				y[s * per + i] = v;
			}
		final BornOperator op = operator(g.grid, g.acquisition, g.wavelet, g.settings, v0, threads, progress);
		final String shape = shots + " shots x " + g.wavelet.nt() + " samples x " + g.acquisition.receivers() + " receivers (Born)";
		return new Observed(g.grid, y, g.noise, op, shape);
	}
}
