package org.memfwi.core.helmholtz;

import org.memfwi.core.prior.KarhunenLoeveBasis;

/**
 * MemFWI's Karhunen–Loève parameterization (after the paper's, but not the paper code's basis: that one is
 * {@link org.memfwi.core.prior.MempostKlBasis}, with modes 1..K, coefficients scaling lambda itself, squared slowness
 * and the paper's clip; see {@link MempostKlModel}): K^2 coefficients c define a field around a background,
 * {@code f = f0 + amplitude * sum_i c_i sqrt(lambda_i) phi_i} ({@link KarhunenLoeveBasis}: cosine eigenfunctions
 * sampled at cell centres, eigenvalues {@code (alpha + pi^2 ((i1 + 1/2)^2 + (i2 + 1/2)^2))^(-s/2)}), and the field is
 * read by an inner pixel parameterization: velocity (f in m/s) or squared slowness (f in s^2/m^2). With standard
 * normal coefficients, f - f0 is a sample of the Gaussian random field whose covariance has these eigenpairs, scaled
 * by {@code amplitude}. The map from c to f is linear; with squared-slowness pixels so is the map to m.
 * <p>
 * A Jacobian in these coefficients has d = K^2 columns, small enough for dense posterior algebra.
 */
public final class KarhunenLoeveModel implements Parameterization {

	private final KarhunenLoeveBasis basis;
	private final double[] background;
	private final double amplitude;
	private final Parameterization pixels;
	private final double[] scale;

	/**
	 * @param basis the KL basis on the model grid
	 * @param background f0, {@code nx * nz} values in the inner parameterization's unit (copied)
	 * @param amplitude factor applied to the field, same unit as the background, positive
	 * @param pixels the inner pixel parameterization ({@link VelocityPixels} or {@link SquaredSlownessPixels}) on the
	 *        same grid
	 */
	public KarhunenLoeveModel(final KarhunenLoeveBasis basis, final double[] background, final double amplitude,
		final Parameterization pixels)
	{
		if (pixels instanceof KarhunenLoeveModel) throw new IllegalArgumentException("the inner parameterization must be pixels");
		if (pixels.size() != basis.nx() * basis.nz()) throw new IllegalArgumentException("KL basis grid " + basis.nx() + " x " +
			basis.nz() + " does not match the model grid of " + pixels.size() + " cells");
		if (background.length != pixels.size()) throw new IllegalArgumentException("background has " + background.length +
			" values, the grid has " + pixels.size());
		if (!(amplitude > 0) || Double.isInfinite(amplitude))
			throw new IllegalArgumentException("amplitude of the KL field must be positive, got " + amplitude);
		this.basis = basis;
		this.background = background.clone();
		this.amplitude = amplitude;
		this.pixels = pixels;
		scale = new double[basis.size()];
		for (int i = 0; i < scale.length; i++) scale[i] = amplitude * Math.sqrt(basis.eigenvalue(i));
	}

	public KarhunenLoeveBasis basis() { return basis; }

	public double amplitude() { return amplitude; }

	/** The inner pixel parameterization. */
	public Parameterization pixels() { return pixels; }

	@Override public int size() { return basis.size(); }

	@Override public int cells() { return pixels.cells(); }

	@Override public String unit() { return "1"; }

	/**
	 * The field f on the grid (inner unit).
	 *
	 * @param c K^2 coefficients, not modified
	 */
	public double[] field(final double[] c, double[] f) {
		checkSize(c, "coefficients");
		final double[] sc = new double[c.length];
		for (int i = 0; i < c.length; i++) sc[i] = scale[i] * c[i];
		f = basis.synthesize(sc, f);
		for (int i = 0; i < f.length; i++) f[i] += background[i];
		return f;
	}

	/**
	 * The coefficients of the orthogonal projection of a field (inner unit) onto the basis: the inverse of
	 * {@link #field} for fields in its range.
	 */
	public double[] coefficients(final double[] field, double[] c) {
		final double[] d = new double[field.length];
		for (int i = 0; i < d.length; i++) d[i] = field[i] - background[i];
		c = basis.project(d, c);
		for (int i = 0; i < c.length; i++) c[i] /= scale[i];
		return c;
	}

	@Override
	public double[] slowness(final double[] x, final double[] m) {
		return pixels.slowness(field(x, null), m);
	}

	@Override
	public double[] pushforward(final double[] x, final double[] v, double[] dm) {
		checkSize(v, "perturbation");
		final double[] sv = new double[v.length];
		for (int i = 0; i < v.length; i++) sv[i] = scale[i] * v[i];
		final double[] df = basis.synthesize(sv, null);
		return pixels.pushforward(field(x, null), df, dm);
	}

	@Override
	public double[] pullback(final double[] x, final double[] gm, double[] g) {
		final double[] gf = pixels.pullback(field(x, null), gm, null);
		g = basis.synthesizeTranspose(gf, g);
		for (int i = 0; i < g.length; i++) g[i] *= scale[i];
		return g;
	}
}
