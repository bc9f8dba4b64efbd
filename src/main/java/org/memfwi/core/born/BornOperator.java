package org.memfwi.core.born;

import org.memfwi.core.grid.Grid2D;
import org.memfwi.core.operator.ForwardOperator;
import org.memfwi.core.operator.Linearization;
import org.memfwi.core.util.Parallel;
import org.memfwi.core.wave.TimeDomainOperator;

import org.ejml.data.DMatrixRMaj;

/**
 * The linear (Born) seismic operator over reflectivity: a reflectivity image r (dimensionless reflection coefficients,
 * nx * nz, x fastest) becomes the log-velocity perturbation {@code delta ln v(ix, iz) = 2 sum_{k <= iz} r(ix, k)} (the
 * inverse of {@link Reflectivity#fromVelocity}: constant density, so impedance and velocity share their relative
 * changes, and a step of {@code 2 r} in ln v reflects with coefficient r), i.e. the velocity perturbation
 * {@code dv = v0 delta ln v} around a smooth background v0 (m/s); the data are the time-domain Born shot gathers
 * {@code J(v0) dv} of {@link TimeDomainOperator} (shots x nt x receivers), whose Jacobian-vector and adjoint products
 * are exact for the discrete scheme.
 * <p>
 * The operator is linear, {@code F(r) = B r}, so the linearized Gaussian-mixture posterior of a memorized prior over
 * reflectivity is its exact posterior. The background is linearized once (one forward run); every call after that
 * costs one Born or one adjoint run. Thread-safe, as the time-domain operator is.
 */
public final class BornOperator implements ForwardOperator {

	private final TimeDomainOperator op;
	private final Grid2D grid;
	private final double[] background;
	private final Linearization lin;
	/** The dense matrix, computed on first request (the same at every model: the operator is linear). */
	private DMatrixRMaj dense;

	/**
	 * @param op the time-domain operator (its grid is the reflectivity grid)
	 * @param background the smooth background velocity, nx * nz values in m/s, copied
	 * @throws IllegalArgumentException if the background does not fit the grid or is not positive
	 */
	public BornOperator(final TimeDomainOperator op, final double[] background) {
		this.op = op;
		grid = op.setup().grid();
		if (background.length != grid.size()) throw new IllegalArgumentException("background has " + background.length +
			" values, the grid " + grid.nx() + " x " + grid.nz() + " has " + grid.size() + "; give a background image of the same size");
		for (int i = 0; i < background.length; i++)
			if (!(background[i] > 0) || Double.isInfinite(background[i])) throw new IllegalArgumentException("background velocity " +
				"must be positive m/s everywhere, got " + background[i] + " at cell (" + i % grid.nx() + ", " + i / grid.nx() + ")");
		this.background = background.clone();
		lin = op.linearize(this.background);
	}

	public Grid2D grid() { return grid; }

	/** The background velocity, m/s (do not modify). */
	public double[] background() { return background; }

	/** The background's data {@code F(v0)} (the data the Born data are a perturbation of; do not modify). */
	public double[] backgroundData() { return lin.value(); }

	@Override
	public int modelSize() { return grid.size(); }

	@Override
	public int dataSize() { return op.dataSize(); }

	/** The velocity perturbation (m/s) of a reflectivity image: {@code v0 * 2 cumsum_z r}. */
	public double[] velocityPerturbation(final double[] r, double[] out) {
		if (r.length != grid.size()) throw new IllegalArgumentException("reflectivity has " + r.length + " values, the grid has " +
			grid.size());
		if (out == null) out = new double[r.length];
		final int nx = grid.nx(), nz = grid.nz();
		for (int ix = 0; ix < nx; ix++) {
			double acc = 0;
			for (int iz = 0; iz < nz; iz++) {
				acc += 2 * r[ix + nx * iz];
				out[ix + nx * iz] = background[ix + nx * iz] * acc;
			}
		}
		return out;
	}

	/** The transpose of {@link #velocityPerturbation}: {@code g_r(iz) = 2 sum_{k >= iz} v0(k) g_v(k)}. */
	public double[] velocityPerturbationTranspose(final double[] gv, double[] out) {
		if (out == null) out = new double[gv.length];
		final int nx = grid.nx(), nz = grid.nz();
		for (int ix = 0; ix < nx; ix++) {
			double acc = 0;
			for (int iz = nz - 1; iz >= 0; iz--) {
				acc += 2 * background[ix + nx * iz] * gv[ix + nx * iz];
				out[ix + nx * iz] = acc;
			}
		}
		return out;
	}

	@Override
	public double[] apply(final double[] r, final double[] out) {
		return lin.jacobianTimes(velocityPerturbation(r, null), out);
	}

	/** {@code B^T w}: the adjoint (migration) of a data-space vector, per reflectivity cell. */
	public double[] adjoint(final double[] w, final double[] out) {
		if (w.length != dataSize()) throw new IllegalArgumentException("data-space vector has " + w.length + " values, expected " +
			dataSize());
		return velocityPerturbationTranspose(lin.adjointTimes(w, null), out);
	}

	@Override
	public Linearization linearize(final double[] x) {
		final double[] model = x.clone();
		final double[] value = apply(model, null);
		return new Linearization() {
			@Override public double[] model() { return model; }

			@Override public double[] value() { return value; }

			@Override public double[] jacobianTimes(final double[] v, final double[] out) { return apply(v, out); }

			@Override public double[] adjointTimes(final double[] w, final double[] out) { return adjoint(w, out); }

			@Override public DMatrixRMaj jacobian() { return matrix().copy(); }
		};
	}

	/**
	 * The dense matrix B (data x cells), by one Born run per cell on first call and kept: the same at every model,
	 * so a dense linearized posterior over N training images costs d Born runs, not N d. Only for small grids.
	 */
	public synchronized DMatrixRMaj matrix() {
		if (dense == null) {
			final int d = modelSize(), m = dataSize();
			final DMatrixRMaj b = new DMatrixRMaj(m, d);
			Parallel.forEach(d, 0, j -> {
				final double[] e = new double[d];
				e[j] = 1;
				final double[] col = apply(e, null);
				for (int i = 0; i < m; i++) b.unsafe_set(i, j, col[i]);
			});
			dense = b;
		}
		return dense;
	}
}
