package org.memfwi.core.fwi;

import org.memfwi.core.grid.Grid2D;
import org.memfwi.core.optim.SmoothingPenalty;

/**
 * Model regularization of FWI on the velocity field v (m/s), scaled by a reference velocity vref so that the weight
 * is dimensionless: Tikhonov (first-order, the roughness {@code 1/2 sum over neighbour pairs ((v_i - v_j) / vref)^2})
 * or total variation ({@code sum over cells sqrt((Dx v / vref)^2 + (Dz v / vref)^2 + eps^2) - eps}, forward
 * differences, 0 beyond the last row and column, eps = {@value #TV_EPSILON} so that it is differentiable).
 */
public enum Regularization {
	/** No regularization. */
	NONE("none"),
	/** First-order Tikhonov: the squared differences of neighbouring pixels (favours smooth models). */
	TIKHONOV("tikhonov"),
	/** Total variation: the gradient's magnitude (keeps sharp interfaces). */
	TV("tv");

	/** The relative velocity jump below which TV is quadratic. */
	public static final double TV_EPSILON = 1e-3;

	private final String label;

	Regularization(final String label) {
		this.label = label;
	}

	/** The parameter value: "none", "tikhonov" or "tv". */
	public String label() { return label; }

	/** The regularization named by a label; throws naming the choices. */
	public static Regularization fromLabel(final String s) {
		for (final Regularization r : values())
			if (r.label.equalsIgnoreCase(s == null ? "" : s.trim())) return r;
		throw new IllegalArgumentException("regularization '" + s + "' is unknown; use none, tikhonov or tv");
	}

	/**
	 * The penalty {@code w R(v / vref)}; adds its gradient with respect to v to grad when grad is not null.
	 *
	 * @param v {@code nx * nz} velocities, m/s, not modified
	 * @param w the weight (0 returns 0)
	 */
	public double value(final Grid2D grid, final double[] v, final double[] grad, final double w, final double vref) {
		if (w == 0 || this == NONE) return 0;
		if (this == TIKHONOV) return SmoothingPenalty.value(grid, v, grad, w / (vref * vref));
		final int nx = grid.nx(), nz = grid.nz();
		final double eps = TV_EPSILON;
		double s = 0;
		for (int iz = 0; iz < nz; iz++)
			for (int ix = 0; ix < nx; ix++) {
				final int i = ix + nx * iz;
				final double dx = ix + 1 < nx ? (v[i + 1] - v[i]) / vref : 0;
				final double dz = iz + 1 < nz ? (v[i + nx] - v[i]) / vref : 0;
				final double a = Math.sqrt(dx * dx + dz * dz + eps * eps);
				s += a - eps;
				if (grad != null) {
					final double gx = w * dx / (a * vref), gz = w * dz / (a * vref);
					if (ix + 1 < nx) {
						grad[i + 1] += gx;
						grad[i] -= gx;
					}
					if (iz + 1 < nz) {
						grad[i + nx] += gz;
						grad[i] -= gz;
					}
				}
			}
		return w * s;
	}
}
