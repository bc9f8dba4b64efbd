package org.memfwi.core.wave;

import java.util.Arrays;
import java.util.Locale;

import org.memfwi.core.grid.Grid2D;
import org.memfwi.core.progress.Progress;

/**
 * Everything the time-domain propagators derive from a survey before stepping: the padded grid (model + CPML +
 * halo), CPML profiles, the internal time step (sub-stepping when the recording dt is above the stability limit),
 * the source time series at the internal step and the interpolation weights of sources and receivers. Shared by
 * the fast {@link Propagator} and the double-precision {@link ReferenceStepper}, which therefore solve the same
 * discrete problem.
 * <p>
 * The discrete scheme (grid units; C = v^2 dt^2 / dx^2 on the padded grid, edge-replicated from the model):
 * <pre>
 *   Px' = bx Px + ax Dx u                    (Px, Zx: CPML memory variables, non-zero only in the x layers)
 *   T_x = Dxx u + Dx Px',   Zx' = bx Zx + ax T_x
 *   (same for z)
 *   u(n+1) = 2 u(n) - u(n-1) + C (T_x + Zx' + T_z + Zz') + s(n) dt^2 / dx^2 (bilinear weights)
 * </pre>
 * The memory variables are updated before their derivative is taken (Pasalic and McGarry's CPML, as Deepwave):
 * the derivative of the previous step's Px instead reflected 5.7e-3 of the peak at case A's farthest offset, this
 * 2.2e-4 (CpmlReflectionTest). u = 0 beyond the padded grid, or, with a free surface, u = 0 on the top model row and an antisymmetric mirror
 * above it. Traces sample u at receivers every {@code m}-th internal step: sample j is u at t = j dt.
 */
public final class WaveSetup {

	final Grid2D grid;
	final Acquisition acquisition;
	final Wavelet wavelet;
	final WaveSettings settings;
	final Stencil stencil;
	final double vmax;
	/** Halo width of the arrays (always the largest stencil radius). */
	final int r = Stencil.MAX_RADIUS;
	final int p;
	final boolean fs;
	final int nxp, nzp, zt, W, H;
	final int nt;
	final double dtOut;
	/** Internal steps per recorded sample. */
	final int m;
	/** Internal time step in s. */
	final double dt;
	/** Number of internal steps: (nt - 1) m. */
	final int steps;
	final double[] ax, bx, az, bz;
	/** Source term per internal step n (added to u(n+1)): f(n dt) dt^2 / dx^2. */
	final double[] source;
	final int[][] srcIdx;
	final double[][] srcW;
	final int[][] recIdx;
	final double[][] recW;
	/** Array rows [row0, row1) and columns [col0, col1) are updated. */
	final int row0, row1, col0, col1;

	/**
	 * @param vmax the largest velocity the models will have (m/s): sets the stability limit and the CPML damping,
	 *        which must not depend on the model for the gradient to be exact
	 * @param vmin the smallest velocity (m/s), for the cells-per-wavelength check
	 * @param progress receives the sub-stepping and dispersion warnings
	 * @throws IllegalArgumentException for points outside the model or a dt that cannot be made stable
	 */
	public WaveSetup(final Grid2D grid, final Acquisition acquisition, final Wavelet wavelet, final WaveSettings settings,
		final double vmin, final double vmax, final Progress progress) {
		if (!(vmax > 0) || Double.isInfinite(vmax)) throw new IllegalArgumentException("vmax must be a positive velocity in m/s, got " + vmax);
		if (!(vmin > 0) || vmin > vmax) throw new IllegalArgumentException("vmin must be positive and at most vmax, got " + vmin);
		acquisition.validate(grid);
		this.grid = grid;
		this.acquisition = acquisition;
		this.wavelet = wavelet;
		this.settings = settings;
		this.stencil = Stencil.of(settings.order());
		this.vmax = vmax;
		p = settings.cpml();
		fs = settings.freeSurface();
		nxp = grid.nx() + 2 * p;
		zt = fs ? 0 : p;
		nzp = grid.nz() + zt + p;
		W = nxp + 2 * r;
		H = nzp + 2 * r;
		if ((long) W * H > Integer.MAX_VALUE / 2) throw new IllegalArgumentException("grid " + grid + " with CPML is too large");
		nt = wavelet.nt();
		dtOut = wavelet.dt();
		final double dx = grid.dx();
		final double dtMax = stencil.courantLimit() * dx / vmax;
		// the limit rounded down to 4 significant digits: a value a user can copy and that is stable
		final double decade = Math.pow(10, Math.floor(Math.log10(dtMax)) + 1), dtShown = Math.floor(dtMax * 1e4 / decade) / 1e4 * decade;
		if (dtOut <= dtMax) m = 1;
		else {
			final int need = (int) Math.ceil(dtOut / dtMax * (1 - 1e-12));
			if (!settings.substep() || need > WaveSettings.MAX_SUBSTEPS)
				throw new IllegalArgumentException("dt = " + Acquisition.sig(dtOut) + " s is unstable for vmax = " + Acquisition.num(vmax) +
					" m/s, dx = " + Acquisition.num(dx) + " m and order " + settings.order() + "; the largest stable dt is " +
					Acquisition.sig(dtShown) + " s" +
					(settings.substep() ? " and sub-stepping would need " + need + " steps per sample (at most " + WaveSettings.MAX_SUBSTEPS +
						"); lower dt or use a coarser grid" : "; lower dt or allow internal sub-stepping (substep=true)"));
			m = need;
			progress.warn("dt = " + Acquisition.sig(dtOut) + " s is above the stability limit " + Acquisition.sig(dtShown) + " s (vmax = " +
				Acquisition.num(vmax) + " m/s, dx = " + Acquisition.num(dx) + " m, order " + settings.order() + "): stepping internally at dt / " +
				m + " = " + Acquisition.sig(dtOut / m) + " s and keeping every " + m + "-th step");
		}
		dt = dtOut / m;
		steps = (nt - 1) * m;
		final double fmax = wavelet.highestFrequency();
		final double ppw = vmin / (fmax * dx);
		if (ppw < 6) progress.warn(String.format(Locale.ROOT, "only %.1f cells per shortest wavelength (vmin = %s m/s, highest " +
			"frequency %.3g Hz, dx = %s m): expect numerical dispersion; use at least 6 (smaller dx or lower frequency)",
			ppw, Acquisition.num(vmin), fmax, Acquisition.num(dx)));
		// CPML profiles (Komatitsch & Martin 2007 with kappa = 1): d = d0 s^2, alpha = pi f (1 - s), s = depth in layer.
		final double fdom = settings.pmlFrequency() > 0 ? settings.pmlFrequency() : wavelet.isRicker() ? wavelet.f0() : fmax / 2.5;
		final double d0 = p == 0 ? 0 : -3 * vmax * Math.log(settings.reflection()) / (2 * p * dx);
		ax = new double[W];
		bx = new double[W];
		az = new double[H];
		bz = new double[H];
		for (int i = 0; i < nxp; i++) {
			final double s = i < p ? (p - i) / (double) p : i >= nxp - p ? (i - (nxp - p - 1)) / (double) p : 0;
			profile(s, d0, Math.PI * fdom, ax, bx, i + r);
		}
		for (int i = 0; i < nzp; i++) {
			final double s = i < zt ? (zt - i) / (double) p : i >= nzp - p ? (i - (nzp - p - 1)) / (double) p : 0;
			profile(s, d0, Math.PI * fdom, az, bz, i + r);
		}
		source = wavelet.series(dt, steps);
		final double scale = dt * dt / (dx * dx);
		for (int n = 0; n < steps; n++) source[n] *= scale;
		srcIdx = new int[acquisition.sources()][];
		srcW = new double[acquisition.sources()][];
		points(acquisition.sourceXs(), acquisition.sourceZs(), srcIdx, srcW);
		recIdx = new int[acquisition.receivers()][];
		recW = new double[acquisition.receivers()][];
		points(acquisition.receiverXs(), acquisition.receiverZs(), recIdx, recW);
		row0 = r + (fs ? 1 : 0);
		row1 = r + nzp;
		col0 = r;
		col1 = r + nxp;
	}

	private void profile(final double s, final double d0, final double alpha0, final double[] a, final double[] b, final int k) {
		if (s <= 0) return;
		final double d = d0 * s * s, al = alpha0 * (1 - s);
		b[k] = Math.exp(-(d + al) * dt);
		a[k] = d + al > 0 ? d / (d + al) * (b[k] - 1) : 0;
	}

	/** Fills the array indices and bilinear weights of every point. */
	private void points(final double[] xs, final double[] zs, final int[][] idx, final double[][] w) {
		for (int i = 0; i < xs.length; i++) {
			final Object[] pw = weights(xs[i], zs[i]);
			idx[i] = (int[]) pw[0];
			w[i] = (double[]) pw[1];
		}
	}

	/** Bilinear weights of a point (metres) over the array cells; zero weights and the pinned free-surface row dropped. */
	private Object[] weights(final double x, final double z) {
		final double fx = Math.max(0, x / grid.dx()), fz = Math.max(0, z / grid.dx());
		final int ix = Math.min((int) Math.floor(fx), grid.nx() - 1), iz = Math.min((int) Math.floor(fz), grid.nz() - 1);
		final double wx = Math.min(1, fx - ix), wz = Math.min(1, fz - iz);
		final int[] idx = new int[4];
		final double[] w = new double[4];
		int n = 0;
		for (int j = 0; j < 2; j++)
			for (int i = 0; i < 2; i++) {
				final double wt = (i == 0 ? 1 - wx : wx) * (j == 0 ? 1 - wz : wz);
				final int izp = iz + j + zt;
				if (wt == 0 || (fs && izp == 0)) continue;
				idx[n] = index(ix + i + p, izp);
				w[n++] = wt;
			}
		return new Object[] { Arrays.copyOf(idx, n), Arrays.copyOf(w, n) };
	}

	/** Array index of padded cell (ixp, izp). */
	int index(final int ixp, final int izp) {
		return ixp + r + W * (izp + r);
	}

	/** Array size W * H. */
	int size() { return W * H; }

	/** The model pixel whose velocity the array cell takes (edge replication into the CPML), or -1 in the halo. */
	int modelPixel(final int arrayIndex) {
		final int ax0 = arrayIndex % W - r, az0 = arrayIndex / W - r;
		if (ax0 < 0 || ax0 >= nxp || az0 < 0 || az0 >= nzp) return -1;
		final int ix = Math.max(0, Math.min(grid.nx() - 1, ax0 - p)), iz = Math.max(0, Math.min(grid.nz() - 1, az0 - zt));
		return ix + grid.nx() * iz;
	}

	/**
	 * The update coefficient C = v^2 dt^2 / dx^2 on the padded array (0 in the halo).
	 *
	 * @throws IllegalArgumentException for a velocity that is not positive and finite or above vmax
	 */
	double[] coefficients(final double[] v) {
		checkModel(v);
		final double[] c = new double[size()];
		final double s = dt * dt / (grid.dx() * grid.dx());
		for (int i = 0; i < c.length; i++) {
			final int k = modelPixel(i);
			if (k >= 0) c[i] = v[k] * v[k] * s;
		}
		return c;
	}

	/** The perturbation of C for a velocity perturbation dv at v: 2 v dv dt^2 / dx^2 on the padded array. */
	double[] coefficientPerturbation(final double[] v, final double[] dv) {
		if (dv.length != grid.size()) throw new IllegalArgumentException("model perturbation has " + dv.length +
			" values but the grid " + grid + " has " + grid.size() + " cells");
		final double[] c = new double[size()];
		final double s = 2 * dt * dt / (grid.dx() * grid.dx());
		for (int i = 0; i < c.length; i++) {
			final int k = modelPixel(i);
			if (k >= 0) c[i] = v[k] * dv[k] * s;
		}
		return c;
	}

	/** Checks a model: nx * nz velocities, positive, finite, at most vmax. */
	void checkModel(final double[] v) {
		if (v.length != grid.size()) throw new IllegalArgumentException("velocity model has " + v.length + " values but the grid " +
			grid + " has " + grid.size() + " cells");
		for (int i = 0; i < v.length; i++) {
			final double x = v[i];
			if (!(x > 0) || Double.isInfinite(x)) throw new IllegalArgumentException("velocity model has velocity " + x +
				" m/s at pixel (x=" + i % grid.nx() + ", z=" + i / grid.nx() + "); velocities must be positive and finite");
			if (x > vmax * (1 + 1e-6)) throw new IllegalArgumentException("velocity model has velocity " + x + " m/s at pixel (x=" +
				i % grid.nx() + ", z=" + i / grid.nx() + "), above the " + vmax + " m/s this propagator was set up for (stability and " +
				"CPML); set it up with a larger vmax");
		}
	}

	/**
	 * Folds a gradient with respect to C on the padded array back to the model velocities:
	 * {@code g_v[k] = sum over cells copying pixel k of gC * 2 v dt^2 / dx^2}.
	 */
	double[] fold(final double[] gC, final double[] v, final double[] out) {
		final double[] g = out == null ? new double[grid.size()] : out;
		Arrays.fill(g, 0);
		for (int i = 0; i < gC.length; i++) {
			final int k = modelPixel(i);
			if (k >= 0) g[k] += gC[i];
		}
		final double s = 2 * dt * dt / (grid.dx() * grid.dx());
		for (int k = 0; k < g.length; k++) g[k] *= s * v[k];
		return g;
	}

	/** Padded grid cells updated per internal step (model + CPML), the figure used for cell-update rates. */
	public long cellsPerStep() { return (long) nxp * nzp; }

	/** Number of internal time steps. */
	public int steps() { return steps; }

	/** Internal steps per recorded sample (1 unless the recording dt is above the stability limit). */
	public int substeps() { return m; }

	/** The internal time step in s. */
	public double internalDt() { return dt; }

	public Grid2D grid() { return grid; }

	public Acquisition acquisition() { return acquisition; }

	public Wavelet wavelet() { return wavelet; }

	public WaveSettings settings() { return settings; }

	/** The velocity the CFL limit and CPML were set up for, m/s. */
	public double vmax() { return vmax; }

	/** Samples per trace. */
	public int nt() { return nt; }

	/** Number of data values: shots x nt x receivers. */
	public int dataSize() { return acquisition.sources() * nt * acquisition.receivers(); }

	/** Values per shot gather: nt x receivers (time-major, receivers fastest). */
	public int gatherSize() { return nt * acquisition.receivers(); }
}
