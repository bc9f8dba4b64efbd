package org.memfwi.core.helmholtz;

import org.memfwi.core.prior.MempostKlBasis;

/**
 * The paper code's KL parameterization of the Helmholtz model: K^2 coefficients z give the squared slowness
 * {@code m = max(m_bar + sigma_m sum_i z_i lambda_i phi_i, clip)} of {@link MempostKlBasis} (s^2/m^2), the map the paper's
 * DPS differentiates (torch's clamp: zero derivative where the clip is active).
 */
public final class MempostKlModel implements Parameterization {

	private final MempostKlBasis basis;

	public MempostKlModel(final MempostKlBasis basis) {
		this.basis = basis;
	}

	public MempostKlBasis basis() { return basis; }

	@Override public int size() { return basis.size(); }

	@Override public int cells() { return basis.nx() * basis.nz(); }

	@Override public String unit() { return "1"; }

	@Override
	public double[] slowness(final double[] z, final double[] m) {
		checkSize(z, "KL coefficients");
		for (int i = 0; i < z.length; i++)
			if (!Double.isFinite(z[i])) throw new IllegalArgumentException("KL coefficient " + i + " is " + z[i]);
		return basis.reconstruct(z, m);
	}

	@Override
	public double[] pushforward(final double[] z, final double[] v, double[] dm) {
		checkSize(v, "perturbation");
		dm = basis.perturbation(v, dm);
		final double[] p = basis.perturbation(z, null);
		for (int i = 0; i < dm.length; i++)
			if (basis.background() + p[i] < MempostKlBasis.CLIP) dm[i] = 0;
		return dm;
	}

	@Override
	public double[] pullback(final double[] z, final double[] gm, final double[] g) {
		final double[] p = basis.perturbation(z, null), masked = gm.clone();
		for (int i = 0; i < masked.length; i++)
			if (basis.background() + p[i] < MempostKlBasis.CLIP) masked[i] = 0;
		return basis.perturbationTranspose(masked, g);
	}
}
