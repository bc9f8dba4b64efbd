package org.memfwi.core.prior;

import org.memfwi.core.grid.Grid2D;

/**
 * What {@link ModelGenerator} makes: a family, a count, a grid, a velocity range and the family's shape
 * parameters. Immutable; built with {@link #builder()}, validated by {@link Builder#build()}.
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

	public final ModelFamily family;
	public final int n;
	public final long seed;
	public final Grid2D grid;
	public final double vmin;
	public final double vmax;
	public final int minLayers;
	public final int maxLayers;
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

	/**
	 * The family's default largest layer count, lowered to what a grid of nz cells can hold (nz / 2, each layer at
	 * least two cells thick), so that a small grid works without naming maxlayers.
	 */
	static int defaultMaxLayers(final ModelFamily family, final int nz) {
		return Math.max(1, Math.min(family.defaultMaxLayers(), nz / 2));
	}

	private GeneratorSettings(final Builder b) {
		family = b.family;
		n = b.n;
		seed = b.seed;
		grid = new Grid2D(b.nx, b.nz, b.dx);
		vmin = b.vmin;
		vmax = b.vmax;
		maxLayers = b.maxLayers > 0 ? b.maxLayers : defaultMaxLayers(family, b.nz);
		minLayers = b.minLayers > 0 ? b.minLayers : Math.min(family.defaultMinLayers(), maxLayers);
		ordering = b.ordering;
		background = b.background > 0 ? b.background : 0.5 * (b.vmin + b.vmax);
		amplitude = b.amplitude > 0 ? b.amplitude : (b.vmax - b.vmin) / 6;
		modes = b.modes;
		convention = b.convention;
		alpha = Double.isNaN(b.alpha) ? (convention == Convention.MEMPOST ? MempostRandomField.ALPHA : 1) : b.alpha;
		smoothness = b.smoothness;
		tau = b.tau;
	}

	public static Builder builder() {
		return new Builder();
	}

	/** The smallest grid side the generators accept. */
	public static final int MIN_SIZE = 8;

	/** Builds and checks settings; every field has the OpenFWI default (70 x 70 cells of 10 m, 1500–4500 m/s). */
	public static final class Builder {

		private ModelFamily family = ModelFamily.FLAT;
		private int n = 10;
		private long seed = 1;
		private int nx = 70, nz = 70;
		private double dx = 10;
		private double vmin = 1500, vmax = 4500;
		private int minLayers, maxLayers;
		private Ordering ordering = Ordering.INCREASING;
		private double background, amplitude;
		private int modes = 8;
		private double alpha = Double.NaN, smoothness = 2, tau = MempostRandomField.TAU;
		private Convention convention = Convention.MEMFWI;

		public Builder family(final ModelFamily v) { family = v; return this; }
		public Builder n(final int v) { n = v; return this; }
		public Builder seed(final long v) { seed = v; return this; }
		public Builder size(final int width, final int height) { nx = width; nz = height; return this; }
		public Builder dx(final double v) { dx = v; return this; }
		public Builder velocityRange(final double min, final double max) { vmin = min; vmax = max; return this; }
		/** Layer count range; 0 means the family's default. */
		public Builder layers(final int min, final int max) { minLayers = min; maxLayers = max; return this; }
		public Builder ordering(final Ordering v) { ordering = v; return this; }
		/** Random-field background velocity (m/s); 0 means the middle of the velocity range. */
		public Builder background(final double v) { background = v; return this; }
		/** Random-field standard deviation (m/s); 0 means a sixth of the velocity range. */
		public Builder amplitude(final double v) { amplitude = v; return this; }
		public Builder modes(final int v) { modes = v; return this; }
		/** Random-field exponent; NaN (the default) = the convention's (memfwi 1, mempost 3). */
		public Builder alpha(final double v) { alpha = v; return this; }
		/** The paper's field: tau (default 5). */
		public Builder tau(final double v) { tau = v; return this; }
		public Builder convention(final Convention v) { convention = v; return this; }
		public Builder smoothness(final double v) { smoothness = v; return this; }

		/**
		 * @throws IllegalArgumentException naming the first bad parameter and what to use instead
		 */
		public GeneratorSettings build() {
			if (family == null) throw new IllegalArgumentException("family must be one of: " + ModelFamily.keys());
			if (n < 1) throw new IllegalArgumentException("n (number of models) must be at least 1, got " + n);
			if (nx < MIN_SIZE) throw new IllegalArgumentException("nx (model width) must be at least " + MIN_SIZE +
				" cells, got " + nx);
			if (nz < MIN_SIZE) throw new IllegalArgumentException("nz (model depth) must be at least " + MIN_SIZE +
				" cells, got " + nz);
			if (!(dx > 0) || Double.isInfinite(dx))
				throw new IllegalArgumentException("dx (cell size) must be a positive number of metres, got " + dx);
			if (!(vmin > 0) || Double.isInfinite(vmin))
				throw new IllegalArgumentException("vmin (minimum velocity) must be a positive number of m/s, got " + vmin);
			if (!(vmax > vmin) || Double.isInfinite(vmax)) throw new IllegalArgumentException(
				"vmin (" + vmin + " m/s) must be less than vmax (" + vmax + " m/s); swap them or widen the range");
			if (family.isLayered()) {
				final int hi = maxLayers > 0 ? maxLayers : defaultMaxLayers(family, nz);
				final int lo = minLayers > 0 ? minLayers : Math.min(family.defaultMinLayers(), hi);
				if (minLayers < 0 || maxLayers < 0)
					throw new IllegalArgumentException("minlayers and maxlayers must be positive (0 = family default)");
				if (lo > hi) throw new IllegalArgumentException("minlayers (" + lo + ") must not exceed maxlayers (" + hi + ")");
				if (hi > nz / 2) throw new IllegalArgumentException("maxlayers = " + hi + " is too many for nz = " + nz +
					" cells (at most nz / 2 = " + nz / 2 + ")");
			}
			else {
				if (background < 0 || Double.isNaN(background) || Double.isInfinite(background))
					throw new IllegalArgumentException("background velocity must be positive (0 = middle of the range), got " + background);
				if (background > 0 && (background < vmin || background > vmax))
					throw new IllegalArgumentException("background velocity " + background + " m/s lies outside [vmin, vmax] = [" +
						vmin + ", " + vmax + "] m/s");
				if (amplitude < 0 || Double.isNaN(amplitude) || Double.isInfinite(amplitude))
					throw new IllegalArgumentException("amplitude must be positive (0 = a sixth of the velocity range), got " + amplitude);
				if (convention == Convention.MEMPOST) {
					if (nx != nz || nx % 2 != 0) throw new IllegalArgumentException("convention=mempost: the paper's FFT random " +
						"field needs a square grid of even side, got " + nx + " x " + nz + "; use e.g. nx=nz=64");
					new MempostRandomField(nx, Double.isNaN(alpha) ? MempostRandomField.ALPHA : alpha, tau, vmin, vmax);
					MempostKlBasis.paper(nx, nz);
				}
				else new KarhunenLoeveBasis(modes, nx, nz, Double.isNaN(alpha) ? 1 : alpha, smoothness); // validates modes, alpha, s
			}
			return new GeneratorSettings(this);
		}
	}
}
