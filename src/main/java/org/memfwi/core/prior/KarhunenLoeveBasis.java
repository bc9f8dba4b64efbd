package org.memfwi.core.prior;

/**
 * The Karhunen–Loève basis of a smooth Gaussian random field on the unit square, sampled at the cell centres of an
 * {@code nx x nz} grid: eigenfunctions {@code phi_i(x1, x2) = 2 cos(pi (i1 + 1/2) x1) cos(pi (i2 + 1/2) x2)} and
 * eigenvalues {@code lambda_i = (alpha + pi^2 ((i1 + 1/2)^2 + (i2 + 1/2)^2))^(-s/2)} for
 * {@code i1, i2 = 0..K-1} (K^2 functions), coefficient index {@code i1 + K * i2}.
 * <p>
 * Sampled at cell centres the functions are exactly orthonormal for the mean over cells
 * {@code <f, g> = (1 / (nx nz)) sum f g} (discrete cosine transform of type IV), so {@link #project} inverts
 * {@link #synthesize} exactly when {@code K <= min(nx, nz)}.
 */
public final class KarhunenLoeveBasis {

	private final int k;
	private final int nx;
	private final int nz;
	private final double alpha;
	private final double s;
	private final double[] eigenvalues;
	/** cx[i1 * nx + ix] = sqrt(2) cos(pi (i1 + 1/2) (ix + 1/2) / nx), likewise cz. */
	private final double[] cx;
	private final double[] cz;

	/**
	 * @param k number of modes per direction (K^2 functions), 1..min(nx, nz)
	 * @param nx grid width in cells
	 * @param nz grid height in cells
	 * @param alpha eigenvalue shift, non-negative
	 * @param s smoothness exponent, positive: larger s, faster decay, smoother fields
	 */
	public KarhunenLoeveBasis(final int k, final int nx, final int nz, final double alpha, final double s) {
		if (k < 1) throw new IllegalArgumentException("modes (K) must be at least 1, got " + k);
		if (k > Math.min(nx, nz)) throw new IllegalArgumentException("modes (K) = " + k +
			" exceeds the grid size " + nx + " x " + nz + "; use at most " + Math.min(nx, nz));
		if (!(alpha >= 0) || Double.isInfinite(alpha))
			throw new IllegalArgumentException("alpha (eigenvalue shift) must be >= 0, got " + alpha);
		if (!(s > 0) || Double.isInfinite(s))
			throw new IllegalArgumentException("s (smoothness) must be > 0, got " + s);
		this.k = k;
		this.nx = nx;
		this.nz = nz;
		this.alpha = alpha;
		this.s = s;
		eigenvalues = new double[k * k];
		for (int i2 = 0; i2 < k; i2++)
			for (int i1 = 0; i1 < k; i1++) {
				final double a = i1 + 0.5, b = i2 + 0.5;
				eigenvalues[i1 + k * i2] = Math.pow(alpha + Math.PI * Math.PI * (a * a + b * b), -s / 2);
			}
		cx = cosines(k, nx);
		cz = cosines(k, nz);
	}

	private static double[] cosines(final int k, final int n) {
		final double[] c = new double[k * n];
		for (int i = 0; i < k; i++)
			for (int j = 0; j < n; j++)
				c[i * n + j] = Math.sqrt(2) * Math.cos(Math.PI * (i + 0.5) * (j + 0.5) / n);
		return c;
	}

	/** Modes per direction, K. */
	public int modes() { return k; }

	/** Number of basis functions, K^2. */
	public int size() { return k * k; }

	public int nx() { return nx; }

	public int nz() { return nz; }

	public double alpha() { return alpha; }

	public double smoothness() { return s; }

	/** Eigenvalue of function {@code i} (index {@code i1 + K * i2}). */
	public double eigenvalue(final int i) { return eigenvalues[i]; }

	/** Value of basis function {@code i} at cell (ix, iz). */
	public double phi(final int i, final int ix, final int iz) {
		return cx[(i % k) * nx + ix] * cz[(i / k) * nz + iz];
	}

	/**
	 * The field {@code sum_i coef[i] phi_i} on the grid.
	 *
	 * @param coef K^2 coefficients, not modified
	 * @param out nx * nz values, x fastest; filled and returned (allocated when null)
	 */
	public double[] synthesize(final double[] coef, double[] out) {
		checkCoef(coef);
		if (out == null) out = new double[nx * nz];
		final double[] row = new double[k]; // sum over i2 of coef * cz, for one iz
		for (int iz = 0; iz < nz; iz++) {
			for (int i1 = 0; i1 < k; i1++) {
				double acc = 0;
				for (int i2 = 0; i2 < k; i2++) acc += coef[i1 + k * i2] * cz[i2 * nz + iz];
				row[i1] = acc;
			}
			for (int ix = 0; ix < nx; ix++) {
				double v = 0;
				for (int i1 = 0; i1 < k; i1++) v += row[i1] * cx[i1 * nx + ix];
				out[ix + nx * iz] = v;
			}
		}
		return out;
	}

	/**
	 * The transpose of {@link #synthesize}: {@code out[i] = sum_cells field * phi_i}. This maps a gradient with respect
	 * to the pixels to the gradient with respect to the coefficients.
	 */
	public double[] synthesizeTranspose(final double[] field, double[] out) {
		if (field.length != nx * nz) throw new IllegalArgumentException("field has " + field.length +
			" values, the grid " + nx + " x " + nz + " has " + nx * nz);
		if (out == null) out = new double[k * k];
		final double[] tmp = new double[k * nz]; // tmp[i1 * nz + iz] = sum_ix field * cx
		for (int iz = 0; iz < nz; iz++)
			for (int i1 = 0; i1 < k; i1++) {
				double acc = 0;
				final int o = i1 * nx;
				for (int ix = 0; ix < nx; ix++) acc += field[ix + nx * iz] * cx[o + ix];
				tmp[i1 * nz + iz] = acc;
			}
		for (int i2 = 0; i2 < k; i2++)
			for (int i1 = 0; i1 < k; i1++) {
				double acc = 0;
				for (int iz = 0; iz < nz; iz++) acc += tmp[i1 * nz + iz] * cz[i2 * nz + iz];
				out[i1 + k * i2] = acc;
			}
		return out;
	}

	/** Orthogonal projection onto the basis: {@code coef_i = mean over cells of field * phi_i}. */
	public double[] project(final double[] field, double[] out) {
		out = synthesizeTranspose(field, out);
		final double inv = 1.0 / ((double) nx * nz);
		for (int i = 0; i < out.length; i++) out[i] *= inv;
		return out;
	}

	/** Sum of all eigenvalues: the pointwise variance of a field with coefficients sqrt(lambda_i) xi_i, averaged over cells. */
	public double eigenvalueSum() {
		double t = 0;
		for (final double e : eigenvalues) t += e;
		return t;
	}

	private void checkCoef(final double[] coef) {
		if (coef.length != k * k) throw new IllegalArgumentException("expected " + k * k + " coefficients (K = " + k +
			"), got " + coef.length);
	}
}
