package org.memfwi.core.prior;

import org.memfwi.core.grid.Grid2D;

/**
 * What {@link ModelGenerator} makes: a family, a count, a grid, a velocity range and the family's shape
 * parameters. Immutable: {@link #of()} (the OpenFWI defaults), {@code with...} copies, {@link #validate()}.
 * The fields hold the values in effect: where a setting says "the family's default" (0 layers, 0 background,
 * 0 amplitude, NaN alpha) the field holds what that default resolves to.
 */
public final class GeneratorSettings {

	/** Velocity ordering of the layers. */
	public enum Ordering {
		/** Velocity increases with depth (the OpenFWI "A" versions). */
		INCREASING,
		/** Layer velocities drawn independently (the harder "B"-like variant). */
		RANDOM;

		public static Ordering fromKey(final String key) {
			for (final Ordering o : values())
				if (o.name().equalsIgnoreCase(key == null ? "" : key.trim())) return o;
			throw new IllegalArgumentException("velocities '" + key + "' is unknown; use increasing or random");
		}
	}

	/**
	 * Which random field {@link ModelFamily#GRF} means: MemFWI's cosine Karhunen–Loève field of velocity, or the paper
	 * code's periodic FFT field of squared slowness projected onto its KL basis ({@link MempostRandomField},
	 * {@link MempostKlBasis}).
	 */
	public enum Convention {
		MEMFWI, MEMPOST;

		public static Convention fromKey(final String key) {
			for (final Convention c : values())
				if (c.name().equalsIgnoreCase(key == null ? "" : key.trim())) return c;
			throw new IllegalArgumentException("convention '" + key + "' is unknown; use memfwi (MemFWI's cosine KL field of " +
				"velocity) or mempost (the paper code's FFT field of squared slowness)");
		}
	}

	/** The smallest grid side the generators accept. */
	public static final int MIN_SIZE = 8;

	public final ModelFamily family;
	/** Number of models. */
	public final int n;
	public final long seed;
	/** The model grid (nx x nz cells of dx metres); null while the size or dx is not a grid ({@link #validate()} says why). */
	public final Grid2D grid;
	/** Velocity range, m/s. */
	public final double vmin, vmax;
	/** Layer count range (layered families). */
	public final int minLayers, maxLayers;
	public final Ordering ordering;
	/** Random-field background velocity, m/s. */
	public final double background;
	/** Random-field standard deviation, m/s. */
	public final double amplitude;
	/** Random-field modes per direction (K). */
	public final int modes;
	/** Random-field eigenvalue shift. */
	public final double alpha;
	/** Random-field smoothness exponent. */
	public final double smoothness;
	/** Which random field (only for {@link ModelFamily#GRF}). */
	public final Convention convention;
	/** The paper's field: inverse correlation length tau on the unit square. */
	public final double tau;

	// What was asked for (0 or NaN = the default), kept so that with... copies resolve the defaults again.
	private final int nx, nz;
	private final double dx;
	private final int askedMinLayers, askedMaxLayers;
	private final double askedBackground, askedAmplitude, askedAlpha;

	/**
	 * The family's default largest layer count, lowered to what a grid of nz cells can hold (nz / 2, each layer at
	 * least two cells thick), so that a small grid works without naming maxlayers.
	 */
	static int defaultMaxLayers(final ModelFamily family, final int nz) {
		return Math.max(1, Math.min(family.defaultMaxLayers(), nz / 2));
	}

	private GeneratorSettings(final ModelFamily family, final int n, final long seed, final int nx, final int nz, final double dx,
		final double vmin, final double vmax, final int minLayers, final int maxLayers, final Ordering ordering,
		final double background, final double amplitude, final int modes, final double alpha, final double smoothness,
		final Convention convention, final double tau) {
		this.family = family;
		this.n = n;
		this.seed = seed;
		this.nx = nx;
		this.nz = nz;
		this.dx = dx;
		this.grid = nx >= 1 && nz >= 1 && dx > 0 && !Double.isInfinite(dx) ? new Grid2D(nx, nz, dx) : null;
		this.vmin = vmin;
		this.vmax = vmax;
		this.askedMinLayers = minLayers;
		this.askedMaxLayers = maxLayers;
		this.maxLayers = maxLayers > 0 || family == null ? maxLayers : defaultMaxLayers(family, nz);
		this.minLayers = minLayers > 0 || family == null ? minLayers : Math.min(family.defaultMinLayers(), this.maxLayers);
		this.ordering = ordering;
		this.askedBackground = background;
		this.askedAmplitude = amplitude;
		this.background = background > 0 ? background : 0.5 * (vmin + vmax);
		this.amplitude = amplitude > 0 ? amplitude : (vmax - vmin) / 6;
		this.modes = modes;
		this.convention = convention;
		this.askedAlpha = alpha;
		this.alpha = Double.isNaN(alpha) ? (convention == Convention.MEMPOST ? MempostRandomField.ALPHA : 1) : alpha;
		this.smoothness = smoothness;
		this.tau = tau;
	}

	/**
	 * The defaults: 10 flat-layer models of 70 x 70 cells of 10 m, 1500–4500 m/s, seed 1, increasing velocities;
	 * the family's layer counts; MemFWI's random field with K = 8 modes, alpha 1, smoothness 2, background and
	 * amplitude from the velocity range.
	 */
	public static GeneratorSettings of() {
		return new GeneratorSettings(ModelFamily.FLAT, 10, 1, 70, 70, 10, 1500, 4500, 0, 0, Ordering.INCREASING, 0, 0, 8, Double.NaN,
			2, Convention.MEMFWI, MempostRandomField.TAU);
	}

	/** A copy with {@code family} = v. */
	public GeneratorSettings withFamily(final ModelFamily v) {
		return new GeneratorSettings(v, n, seed, nx, nz, dx, vmin, vmax, askedMinLayers, askedMaxLayers, ordering, askedBackground,
			askedAmplitude, modes, askedAlpha, smoothness, convention, tau);
	}

	/** A copy that makes v models. */
	public GeneratorSettings withN(final int v) {
		return new GeneratorSettings(family, v, seed, nx, nz, dx, vmin, vmax, askedMinLayers, askedMaxLayers, ordering, askedBackground,
			askedAmplitude, modes, askedAlpha, smoothness, convention, tau);
	}

	/** A copy with {@code seed} = v. */
	public GeneratorSettings withSeed(final long v) {
		return new GeneratorSettings(family, n, v, nx, nz, dx, vmin, vmax, askedMinLayers, askedMaxLayers, ordering, askedBackground,
			askedAmplitude, modes, askedAlpha, smoothness, convention, tau);
	}

	/** A copy with a grid of width x height cells. */
	public GeneratorSettings withSize(final int width, final int height) {
		return new GeneratorSettings(family, n, seed, width, height, dx, vmin, vmax, askedMinLayers, askedMaxLayers, ordering,
			askedBackground, askedAmplitude, modes, askedAlpha, smoothness, convention, tau);
	}

	/** A copy with cells of v metres. */
	public GeneratorSettings withDx(final double v) {
		return new GeneratorSettings(family, n, seed, nx, nz, v, vmin, vmax, askedMinLayers, askedMaxLayers, ordering, askedBackground,
			askedAmplitude, modes, askedAlpha, smoothness, convention, tau);
	}

	/** A copy with the velocity range min..max, m/s. */
	public GeneratorSettings withVelocityRange(final double min, final double max) {
		return new GeneratorSettings(family, n, seed, nx, nz, dx, min, max, askedMinLayers, askedMaxLayers, ordering, askedBackground,
			askedAmplitude, modes, askedAlpha, smoothness, convention, tau);
	}

	/** A copy with the layer count range min..max; 0 means the family's default. */
	public GeneratorSettings withLayers(final int min, final int max) {
		return new GeneratorSettings(family, n, seed, nx, nz, dx, vmin, vmax, min, max, ordering, askedBackground, askedAmplitude,
			modes, askedAlpha, smoothness, convention, tau);
	}

	/** A copy with {@code ordering} = v. */
	public GeneratorSettings withOrdering(final Ordering v) {
		return new GeneratorSettings(family, n, seed, nx, nz, dx, vmin, vmax, askedMinLayers, askedMaxLayers, v, askedBackground,
			askedAmplitude, modes, askedAlpha, smoothness, convention, tau);
	}

	/** A copy with the random-field background velocity v (m/s); 0 means the middle of the velocity range. */
	public GeneratorSettings withBackground(final double v) {
		return new GeneratorSettings(family, n, seed, nx, nz, dx, vmin, vmax, askedMinLayers, askedMaxLayers, ordering, v,
			askedAmplitude, modes, askedAlpha, smoothness, convention, tau);
	}

	/** A copy with the random-field standard deviation v (m/s); 0 means a sixth of the velocity range. */
	public GeneratorSettings withAmplitude(final double v) {
		return new GeneratorSettings(family, n, seed, nx, nz, dx, vmin, vmax, askedMinLayers, askedMaxLayers, ordering,
			askedBackground, v, modes, askedAlpha, smoothness, convention, tau);
	}

	/** A copy with v random-field modes per direction. */
	public GeneratorSettings withModes(final int v) {
		return new GeneratorSettings(family, n, seed, nx, nz, dx, vmin, vmax, askedMinLayers, askedMaxLayers, ordering,
			askedBackground, askedAmplitude, v, askedAlpha, smoothness, convention, tau);
	}

	/** A copy with the random-field exponent v; NaN means the convention's (memfwi 1, mempost 3). */
	public GeneratorSettings withAlpha(final double v) {
		return new GeneratorSettings(family, n, seed, nx, nz, dx, vmin, vmax, askedMinLayers, askedMaxLayers, ordering,
			askedBackground, askedAmplitude, modes, v, smoothness, convention, tau);
	}

	/** A copy with the paper field's tau = v. */
	public GeneratorSettings withTau(final double v) {
		return new GeneratorSettings(family, n, seed, nx, nz, dx, vmin, vmax, askedMinLayers, askedMaxLayers, ordering,
			askedBackground, askedAmplitude, modes, askedAlpha, smoothness, convention, v);
	}

	/** A copy with {@code convention} = v. */
	public GeneratorSettings withConvention(final Convention v) {
		return new GeneratorSettings(family, n, seed, nx, nz, dx, vmin, vmax, askedMinLayers, askedMaxLayers, ordering,
			askedBackground, askedAmplitude, modes, askedAlpha, smoothness, v, tau);
	}

	/** A copy with the random-field smoothness exponent v. */
	public GeneratorSettings withSmoothness(final double v) {
		return new GeneratorSettings(family, n, seed, nx, nz, dx, vmin, vmax, askedMinLayers, askedMaxLayers, ordering,
			askedBackground, askedAmplitude, modes, askedAlpha, v, convention, tau);
	}

	/**
	 * Checks every value.
	 *
	 * @return these settings
	 * @throws IllegalArgumentException naming the first bad parameter and what to use instead
	 */
	public GeneratorSettings validate() {
		if (family == null) throw new IllegalArgumentException("family must be one of: " + ModelFamily.keys());
		if (n < 1) throw new IllegalArgumentException("n (number of models) must be at least 1, got " + n);
		if (nx < MIN_SIZE) throw new IllegalArgumentException("nx (model width) must be at least " + MIN_SIZE +
			" cells, got " + nx);
		if (nz < MIN_SIZE) throw new IllegalArgumentException("nz (model depth) must be at least " + MIN_SIZE +
			" cells, got " + nz);
		if (!(dx > 0) || Double.isInfinite(dx))
			throw new IllegalArgumentException("dx (cell size) must be a positive number of metres, got " + dx);
		if (ordering == null) throw new IllegalArgumentException("velocities: use increasing or random");
		if (convention == null) throw new IllegalArgumentException("convention: use memfwi or mempost");
		if (!(vmin > 0) || Double.isInfinite(vmin))
			throw new IllegalArgumentException("vmin (minimum velocity) must be a positive number of m/s, got " + vmin);
		if (!(vmax > vmin) || Double.isInfinite(vmax)) throw new IllegalArgumentException(
			"vmin (" + vmin + " m/s) must be less than vmax (" + vmax + " m/s); swap them or widen the range");
		if (family.isLayered()) {
			if (askedMinLayers < 0 || askedMaxLayers < 0)
				throw new IllegalArgumentException("minlayers and maxlayers must be positive (0 = family default)");
			if (minLayers > maxLayers) throw new IllegalArgumentException("minlayers (" + minLayers + ") must not exceed maxlayers (" +
				maxLayers + ")");
			if (maxLayers > nz / 2) throw new IllegalArgumentException("maxlayers = " + maxLayers + " is too many for nz = " + nz +
				" cells (at most nz / 2 = " + nz / 2 + ")");
		}
		else {
			if (askedBackground < 0 || Double.isNaN(askedBackground) || Double.isInfinite(askedBackground))
				throw new IllegalArgumentException("background velocity must be positive (0 = middle of the range), got " + askedBackground);
			if (askedBackground > 0 && (askedBackground < vmin || askedBackground > vmax))
				throw new IllegalArgumentException("background velocity " + askedBackground + " m/s lies outside [vmin, vmax] = [" +
					vmin + ", " + vmax + "] m/s");
			if (askedAmplitude < 0 || Double.isNaN(askedAmplitude) || Double.isInfinite(askedAmplitude))
				throw new IllegalArgumentException("amplitude must be positive (0 = a sixth of the velocity range), got " + askedAmplitude);
			if (convention == Convention.MEMPOST) {
				if (nx != nz || nx % 2 != 0) throw new IllegalArgumentException("convention=mempost: the paper's FFT random " +
					"field needs a square grid of even side, got " + nx + " x " + nz + "; use e.g. nx=nz=64");
				new MempostRandomField(nx, alpha, tau, vmin, vmax);
				MempostKlBasis.paper(nx, nz);
			}
			else new KarhunenLoeveBasis(modes, nx, nz, alpha, smoothness); // validates modes, alpha, s
		}
		return this;
	}
}
