package org.memfwi.core.prior;

/**
 * The paper code's Karhunen–Loève prior of squared slowness (mempost's {@code VelocityKLPrior}): on an
 * {@code nx x nz} grid with cell centres {@code x1 = (ix + 1/2) / nx}, {@code x2 = (iz + 1/2) / nz},
 * <pre>
 *   phi_i(x1, x2) = 2 cos(pi (i1 + 1/2) x1) cos(pi (i2 + 1/2) x2),          i1, i2 = 1..K
 *   lambda_i      = sigma (alpha + pi^2 ((i1 + 1/2)^2 + (i2 + 1/2)^2))^(-s/2)   (alpha = 0, s = 1.1, sigma = 1)
 *   m(x)          = max(m_bar + sigma_m sum_i z_i lambda_i phi_i(x), 1e-6 s^2/km^2),  z ~ N(0, I)
 * </pre>
 * with {@code m_bar = 1 / v_background^2}, v_background = 2 km/s and sigma_m = 0.02 s^2/km^2 in the paper; here in SI
 * units (s^2/m^2). Coefficient index {@code (i1 - 1) K + (i2 - 1)} (i2, the vertical mode, fastest), i1 along x.
 * <p>
 * Differences from MemFWI's own {@link KarhunenLoeveBasis} (which the Helmholtz FWI uses): modes start at 1, not 0
 * (no mode with half a cosine period across the model), the coefficients multiply {@code lambda_i} itself, not
 * {@code sqrt(lambda_i)}, the field is squared slowness, not velocity, and the index order is transposed.
 * <p>
 * The functions are orthogonal at cell centres (discrete cosine transform of type IV), {@code sum_cells phi_i^2 =
 * nx nz}, so the paper's least-squares projection is {@code z_i = sum_cells phi_i (m - m_bar) / (nx nz sigma_m lambda_i)}
 * exactly, for K < min(nx, nz).
 */
public final class MempostKlBasis {

	/** The paper's number of modes per direction, K = 10. */
	public static final int K = 10;
	/** The paper's background velocity, 2000 m/s. */
	public static final double BACKGROUND = 2000;
	/** The paper's perturbation scale sigma_m = 0.02 s^2/km^2, in s^2/m^2. */
	public static final double SIGMA_M = 0.02e-6;
	/** The paper's eigenvalue decay s = 1.1. */
	public static final double S = 1.1;
	/** The paper's clip of the squared slowness, 1e-6 s^2/km^2, in s^2/m^2. */
	public static final double CLIP = 1e-12;

	private final int k, nx, nz;
	private final double mBar, sigmaM;
	private final double[] eigenvalues;
	/** cx[(i1 - 1) * nx + ix] = 2 cos(pi (i1 + 1/2) (ix + 1/2) / nx); cz likewise without the factor 2. */
	private final double[] cx, cz;

	/**
	 * @param k modes per direction, 1 .. min(nx, nz) - 1
	 * @param nx grid width in cells
	 * @param nz grid height in cells
	 * @param background background velocity, m/s
	 * @param sigmaM perturbation scale, s^2/m^2
	 * @param alpha eigenvalue shift (the paper's 0)
	 * @param s eigenvalue decay (the paper's 1.1)
	 * @param sigma eigenvalue scale (the paper's 1)
	 */
	public MempostKlBasis(final int k, final int nx, final int nz, final double background, final double sigmaM,
		final double alpha, final double s, final double sigma)
	{
		if (k < 1 || k >= Math.min(nx, nz)) throw new IllegalArgumentException("modes (K) = " + k + " must be between 1 and " +
			(Math.min(nx, nz) - 1) + " on a " + nx + " x " + nz + " grid");
		if (!(background > 0) || Double.isInfinite(background)) throw new IllegalArgumentException("background velocity must be a " +
			"positive number of m/s, got " + background);
		if (!(sigmaM > 0) || Double.isInfinite(sigmaM)) throw new IllegalArgumentException("sigma_m must be a positive squared " +
			"slowness (s^2/m^2; the paper's 0.02 s^2/km^2 = 2e-8), got " + sigmaM);
		if (!(alpha >= 0) || !(s > 0) || !(sigma > 0) || Double.isInfinite(alpha + s + sigma))
			throw new IllegalArgumentException("KL eigenvalues need alpha >= 0, s > 0, sigma > 0; got " + alpha + ", " + s + ", " + sigma);
		this.k = k;
		this.nx = nx;
		this.nz = nz;
		mBar = 1 / (background * background);
		this.sigmaM = sigmaM;
		eigenvalues = new double[k * k];
		for (int i1 = 1; i1 <= k; i1++)
			for (int i2 = 1; i2 <= k; i2++) {
				final double a = i1 + 0.5, b = i2 + 0.5;
				eigenvalues[(i1 - 1) * k + i2 - 1] = sigma * Math.pow(alpha + Math.PI * Math.PI * (a * a + b * b), -s / 2);
			}
		cx = new double[k * nx];
		cz = new double[k * nz];
		for (int i = 1; i <= k; i++) {
			for (int ix = 0; ix < nx; ix++) cx[(i - 1) * nx + ix] = 2 * Math.cos(Math.PI * (i + 0.5) * ((ix + 0.5) / nx));
			for (int iz = 0; iz < nz; iz++) cz[(i - 1) * nz + iz] = Math.cos(Math.PI * (i + 0.5) * ((iz + 0.5) / nz));
		}
	}

	/** The paper's basis (K = 10, 2 km/s, sigma_m = 0.02 s^2/km^2, alpha 0, s 1.1, sigma 1) on an nx x nz grid. */
	public static MempostKlBasis paper(final int nx, final int nz) {
		return new MempostKlBasis(K, nx, nz, BACKGROUND, SIGMA_M, 0, S, 1);
	}

	public int modes() { return k; }

	/** Number of coefficients, K^2. */
	public int size() { return k * k; }

	public int nx() { return nx; }

	public int nz() { return nz; }

	/** The background squared slowness m_bar, s^2/m^2. */
	public double background() { return mBar; }

	/** sigma_m, s^2/m^2. */
	public double sigmaM() { return sigmaM; }

	/** lambda of coefficient p = (i1 - 1) K + (i2 - 1). */
	public double eigenvalue(final int p) { return eigenvalues[p]; }

	/** phi of coefficient p at cell (ix, iz). */
	public double phi(final int p, final int ix, final int iz) {
		return cx[(p / k) * nx + ix] * cz[(p % k) * nz + iz];
	}

	/**
	 * The unclipped perturbation {@code sigma_m sum_p v_p lambda_p phi_p} (linear in v), s^2/m^2.
	 *
	 * @param v K^2 coefficients, not modified
	 * @param out nx * nz values, x fastest; filled and returned (allocated when null)
	 */
	public double[] perturbation(final double[] v, double[] out) {
		if (v.length != k * k) throw new IllegalArgumentException("expected " + k * k + " KL coefficients (K = " + k + "), got " + v.length);
		if (out == null) out = new double[nx * nz];
		final double[] row = new double[k];
		for (int iz = 0; iz < nz; iz++) {
			for (int i1 = 0; i1 < k; i1++) {
				double acc = 0;
				for (int i2 = 0; i2 < k; i2++) acc += v[i1 * k + i2] * eigenvalues[i1 * k + i2] * cz[i2 * nz + iz];
				row[i1] = sigmaM * acc;
			}
			for (int ix = 0; ix < nx; ix++) {
				double acc = 0;
				for (int i1 = 0; i1 < k; i1++) acc += row[i1] * cx[i1 * nx + ix];
				out[ix + nx * iz] = acc;
			}
		}
		return out;
	}

	/** The transpose of {@link #perturbation}: {@code out_p = sigma_m lambda_p sum_cells g phi_p}. */
	public double[] perturbationTranspose(final double[] g, double[] out) {
		if (g.length != nx * nz) throw new IllegalArgumentException("field has " + g.length + " values, the grid " + nx + " x " +
			nz + " has " + nx * nz);
		if (out == null) out = new double[k * k];
		final double[] tmp = new double[k * nz];
		for (int iz = 0; iz < nz; iz++)
			for (int i1 = 0; i1 < k; i1++) {
				double acc = 0;
				for (int ix = 0; ix < nx; ix++) acc += g[ix + nx * iz] * cx[i1 * nx + ix];
				tmp[i1 * nz + iz] = acc;
			}
		for (int i1 = 0; i1 < k; i1++)
			for (int i2 = 0; i2 < k; i2++) {
				double acc = 0;
				for (int iz = 0; iz < nz; iz++) acc += tmp[i1 * nz + iz] * cz[i2 * nz + iz];
				out[i1 * k + i2] = sigmaM * eigenvalues[i1 * k + i2] * acc;
			}
		return out;
	}

	/** The paper's reconstruction {@code max(m_bar + perturbation(z), 1e-12 s^2/m^2)}, squared slowness in s^2/m^2. */
	public double[] reconstruct(final double[] z, double[] out) {
		out = perturbation(z, out);
		for (int i = 0; i < out.length; i++) out[i] = Math.max(mBar + out[i], CLIP);
		return out;
	}

	/** The paper's least-squares projection of a squared-slowness field (s^2/m^2) onto the coefficients (exact: see above). */
	public double[] project(final double[] m, double[] out) {
		final double[] d = new double[m.length];
		for (int i = 0; i < d.length; i++) d[i] = m[i] - mBar;
		out = perturbationTranspose(d, out);
		final double cells = (double) nx * nz;
		for (int p = 0; p < out.length; p++) {
			final double s = sigmaM * eigenvalues[p];
			out[p] /= cells * s * s;
		}
		return out;
	}

	/** Velocity (m/s) of a squared-slowness field, {@code 1 / sqrt(max(m, clip))}, as the paper's {@code to_velocity}. */
	public static double[] velocity(final double[] m, double[] out) {
		if (out == null) out = new double[m.length];
		for (int i = 0; i < m.length; i++) out[i] = 1 / Math.sqrt(Math.max(m[i], CLIP));
		return out;
	}
}
