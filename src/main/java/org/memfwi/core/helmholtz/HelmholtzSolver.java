package org.memfwi.core.helmholtz;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.memfwi.core.grid.Grid2D;

/**
 * The discrete 2D Helmholtz problem of the paper on a model grid, in squared slowness m (s^2/m^2):
 * {@code A(m) u = b} with {@code A = Laplacian_PML + omega^2 diag(m)}, for a point source of unit amplitude
 * {@code b = -delta_s / dx^2}, so that in a homogeneous medium u approximates the outgoing Green's function
 * {@code (i/4) H0^(1)(k r)} (time dependence {@code exp(-i omega t)}). The data are the wavefield at the receivers.
 * <p>
 * The model is surrounded by a PML of {@code pml} cells on all four sides (the "extended grid",
 * {@code (nx + 2 pml) x (nz + 2 pml)} cells, u = 0 beyond it) in which the model is extended by replicating its edge
 * values; coordinates there are stretched by {@code s = 1 + i sigma / omega} with
 * {@code sigma(d) = sigma_max (d / L)^2}, d the distance into the PML and L its thickness. The PML Laplacian
 * {@code (1/s_x) d/dx (1/s_x d/dx) + (1/s_z) d/dz (1/s_z d/dz)} is discretized with stretch factors at cell centres
 * and half-cells and every row is multiplied by {@code s_x s_z}: the matrix assembled here,
 * {@code S A} with {@code S = diag(s_x s_z)}, is complex symmetric, so one {@link MultifrontalLdlt} factorization
 * serves forward, adjoint and Jacobian solves. S = 1 inside the model, where sources and receivers are, so
 * {@code (S A)^{-1} S b = A^{-1} b} there.
 * <p>
 * Derivatives: the model enters only the mass term, linearly. For an extended-grid cell k,
 * {@code d(S A)/dm_k} is {@code omega^2 s_x s_z} times the mass stencil's pattern at k, and a model pixel's
 * derivative sums over every extended cell that replicates it (the PML cells beyond an edge pixel), which is what
 * makes gradients exact at the model's edges.
 * <p>
 * Thread-safe after construction (no mutable state).
 */
public final class HelmholtzSolver {

	private final Grid2D grid;
	private final HelmholtzAcquisition acq;
	private final HelmholtzConfig cfg;
	private final int pml;
	private final int ex;
	private final int ez;
	private final NestedDissection analysis;
	/** Source and receiver points on the extended grid: cells and bilinear weights. */
	private final int[][] srcCells;
	private final double[][] srcWeights;
	private final int[][] recSlots;
	private final double[][] recWeights;
	/** The distinct extended cells that receivers read. */
	private final int[] recCells;
	/** The mass stencil: offsets and weights of the points with a non-zero weight (the centre first). */
	private final int[] massDx;
	private final int[] massDz;
	private final double[] massW;
	/** x-derivative row weights: centre row, neighbour rows. */
	private final double rowCentre;
	private final double rowSide;

	/**
	 * @param grid the model grid
	 * @param acq sources and receivers, inside the model
	 * @param cfg the settings; {@code sigma_max} must be resolved (positive), see {@link HelmholtzConfig#resolve}
	 * @throws IllegalArgumentException naming the bad setting
	 */
	public HelmholtzSolver(final Grid2D grid, final HelmholtzAcquisition acq, final HelmholtzConfig cfg) {
		cfg.validate();
		acq.validate(grid);
		if (!(cfg.sigmaMax() > 0)) throw new IllegalArgumentException("sigma (PML damping) must be resolved to a positive value " +
			"before solving; use HelmholtzConfig.resolve(vmax, dx) or give sigma > 0 in 1/s");
		this.grid = grid;
		this.acq = acq;
		this.cfg = cfg;
		pml = cfg.pml();
		ex = grid.nx() + 2 * pml;
		ez = grid.nz() + 2 * pml;
		analysis = new NestedDissection(ex, ez, cfg.stencil().hasCorners());
		final int ns = acq.sources(), nr = acq.receivers();
		srcCells = new int[ns][];
		srcWeights = new double[ns][];
		final double[] sx = acq.sourceX(), sz = acq.sourceZ(), rx = acq.receiverX(), rz = acq.receiverZ();
		for (int s = 0; s < ns; s++) {
			final Map<Integer, Double> w = bilinear(sx[s], sz[s]);
			srcCells[s] = w.keySet().stream().mapToInt(Integer::intValue).toArray();
			srcWeights[s] = w.values().stream().mapToDouble(Double::doubleValue).toArray();
		}
		final Map<Integer, Integer> slot = new LinkedHashMap<>();
		recSlots = new int[nr][];
		recWeights = new double[nr][];
		for (int r = 0; r < nr; r++) {
			final Map<Integer, Double> w = bilinear(rx[r], rz[r]);
			recSlots[r] = new int[w.size()];
			recWeights[r] = new double[w.size()];
			int i = 0;
			for (final Map.Entry<Integer, Double> e : w.entrySet()) {
				recSlots[r][i] = slot.computeIfAbsent(e.getKey(), c -> slot.size());
				recWeights[r][i++] = e.getValue();
			}
		}
		recCells = slot.keySet().stream().mapToInt(Integer::intValue).toArray();
		if (cfg.stencil() == Stencil.NINE_POINT) {
			massDx = new int[] { 0, 1, -1, 0, 0, 1, -1, 1, -1 };
			massDz = new int[] { 0, 0, 0, 1, -1, 1, 1, -1, -1 };
			massW = new double[] { Stencil.JO_B, Stencil.JO_C, Stencil.JO_C, Stencil.JO_C, Stencil.JO_C, Stencil.JO_D, Stencil.JO_D,
				Stencil.JO_D, Stencil.JO_D };
			rowCentre = (1 + Stencil.JO_A) / 2;
			rowSide = (1 - Stencil.JO_A) / 4;
		}
		else {
			massDx = new int[] { 0 };
			massDz = new int[] { 0 };
			massW = new double[] { 1 };
			rowCentre = 1;
			rowSide = 0;
		}
	}

	/** Bilinear weights of a position (m) on the extended grid, zero weights dropped, keyed by extended cell. */
	private Map<Integer, Double> bilinear(final double x, final double z) {
		final double fx = x / grid.dx(), fz = z / grid.dx();
		final int ix = Math.max(0, Math.min((int) Math.floor(fx), grid.nx() - 2));
		final int iz = Math.max(0, Math.min((int) Math.floor(fz), grid.nz() - 2));
		final double tx = Math.max(0, Math.min(1, fx - ix)), tz = Math.max(0, Math.min(1, fz - iz));
		final Map<Integer, Double> w = new LinkedHashMap<>();
		put(w, ix, iz, (1 - tx) * (1 - tz));
		put(w, ix + 1, iz, tx * (1 - tz));
		put(w, ix, iz + 1, (1 - tx) * tz);
		put(w, ix + 1, iz + 1, tx * tz);
		return w;
	}

	private void put(final Map<Integer, Double> w, final int ix, final int iz, final double v) {
		if (v == 0 || ix >= grid.nx() || iz >= grid.nz()) return;
		w.merge(ix + pml + ex * (iz + pml), v, Double::sum);
	}

	public Grid2D grid() { return grid; }

	public HelmholtzAcquisition acquisition() { return acq; }

	public HelmholtzConfig config() { return cfg; }

	/** Width of the extended grid (model + PML), cells. */
	public int extendedNx() { return ex; }

	/** Height of the extended grid, cells. */
	public int extendedNz() { return ez; }

	/** Unknowns per frequency, {@code extendedNx * extendedNz}. */
	public int unknowns() { return ex * ez; }

	/** The nested-dissection analysis shared by all factorizations of this solver. */
	public NestedDissection analysis() { return analysis; }

	/** Angular frequency of frequency i, rad/s. */
	public double omega(final int f) { return 2 * Math.PI * cfg.frequency(f); }

	/**
	 * The model extended onto the PML by replicating its edge values.
	 *
	 * @param m squared slowness, {@code nx * nz} values, not modified
	 * @return {@code unknowns()} values
	 */
	public double[] extend(final double[] m) {
		final int nx = grid.nx(), nz = grid.nz();
		final double[] e = new double[ex * ez];
		for (int j = 0; j < ez; j++) {
			final int iz = Math.max(0, Math.min(nz - 1, j - pml));
			for (int i = 0; i < ex; i++) e[i + ex * j] = m[Math.max(0, Math.min(nx - 1, i - pml)) + nx * iz];
		}
		return e;
	}

	/**
	 * The transpose of {@link #extend}: each model pixel receives the sum over the extended cells that copy it.
	 *
	 * @param ge extended-grid values, not modified
	 * @param g {@code nx * nz} values, overwritten and returned (allocated when null)
	 */
	public double[] fold(final double[] ge, double[] g) {
		final int nx = grid.nx(), nz = grid.nz();
		if (g == null) g = new double[nx * nz];
		else Arrays.fill(g, 0);
		for (int j = 0; j < ez; j++) {
			final int iz = Math.max(0, Math.min(nz - 1, j - pml));
			for (int i = 0; i < ex; i++) g[Math.max(0, Math.min(nx - 1, i - pml)) + nx * iz] += ge[i + ex * j];
		}
		return g;
	}

	/**
	 * Stretch factors of one frequency along one axis: at cell centres c[i] and at faces h[i] = s(i - 1/2), i = 0..n,
	 * and the inverses at the faces, ih[i] = 1 / h[i].
	 */
	static final class Stretch {
		final double[] cr, ci, hr, hi, ihr, ihi;

		Stretch(final int n, final int inner, final int pml, final double sigmaMax, final double omega) {
			cr = new double[n];
			ci = new double[n];
			hr = new double[n + 1];
			hi = new double[n + 1];
			for (int i = 0; i < n; i++) {
				cr[i] = 1;
				ci[i] = sigma(i, inner, pml, sigmaMax) / omega;
			}
			ihr = new double[n + 1];
			ihi = new double[n + 1];
			for (int i = 0; i <= n; i++) {
				hr[i] = 1;
				hi[i] = sigma(i - 0.5, inner, pml, sigmaMax) / omega;
				final double d = hr[i] * hr[i] + hi[i] * hi[i];
				ihr[i] = hr[i] / d;
				ihi[i] = -hi[i] / d;
			}
		}

		/** Damping at extended coordinate p (cells): quadratic in the distance into the PML. */
		private static double sigma(final double p, final int inner, final int pml, final double sigmaMax) {
			final double d = p < pml ? pml - p : p > pml + inner - 1 ? p - (pml + inner - 1) : 0;
			final double t = d / pml;
			return sigmaMax * t * t;
		}
	}

	/** The per-frequency quantities: stretch factors and the row scaling S = s_x s_z per extended cell. */
	final class Frequency {
		final double omega;
		final Stretch sx, sz;
		final double[] sr, si;

		Frequency(final double omega) {
			this.omega = omega;
			sx = new Stretch(ex, grid.nx(), pml, cfg.sigmaMax(), omega);
			sz = new Stretch(ez, grid.nz(), pml, cfg.sigmaMax(), omega);
			sr = new double[ex * ez];
			si = new double[ex * ez];
			for (int j = 0; j < ez; j++)
				for (int i = 0; i < ex; i++) {
					sr[i + ex * j] = sx.cr[i] * sz.cr[j] - sx.ci[i] * sz.ci[j];
					si[i + ex * j] = sx.cr[i] * sz.ci[j] + sx.ci[i] * sz.cr[j];
				}
		}
	}

	Frequency frequency(final int f) {
		return new Frequency(omega(f));
	}

	/**
	 * The scaled, complex symmetric Helmholtz matrix {@code S A(m)} on the extended grid for angular frequency omega.
	 *
	 * @param mext squared slowness on the extended grid ({@link #extend}), s^2/m^2
	 */
	public GridMatrix matrix(final double[] mext, final double omega) {
		return matrix(mext, new Frequency(omega));
	}

	GridMatrix matrix(final double[] mext, final Frequency fq) {
		final GridMatrix a = new GridMatrix(ex, ez, cfg.stencil().hasCorners());
		final double h2 = 1 / (grid.dx() * grid.dx());
		final Stretch sx = fq.sx, sz = fq.sz;
		final double[] rowW = { rowSide, rowCentre, rowSide };
		final double w2 = fq.omega * fq.omega;
		final double[] er = new double[9], ei = new double[9]; // entries of one row, (dx + 1) + 3 (dz + 1)
		for (int j = 0; j < ez; j++)
			for (int i = 0; i < ex; i++) {
				Arrays.fill(er, 0);
				Arrays.fill(ei, 0);
				// x-derivative term, averaged over rows j-1, j, j+1.
				final double apr = sx.ihr[i + 1], api = sx.ihi[i + 1], amr = sx.ihr[i], ami = sx.ihi[i];
				for (int dj = -1; dj <= 1; dj++) {
					final double w = rowW[dj + 1];
					final int jj = j + dj;
					if (w == 0 || jj < 0 || jj >= ez) continue;
					final double br = 0.5 * (sz.cr[j] + sz.cr[jj]) * w * h2, bi = 0.5 * (sz.ci[j] + sz.ci[jj]) * w * h2;
					final int row = 3 * (dj + 1);
					addProduct(er, ei, row + 2, br, bi, apr, api, 1);
					addProduct(er, ei, row, br, bi, amr, ami, 1);
					addProduct(er, ei, row + 1, br, bi, apr + amr, api + ami, -1);
				}
				// z-derivative term, averaged over columns i-1, i, i+1.
				final double bpr = sz.ihr[j + 1], bpi = sz.ihi[j + 1], bmr = sz.ihr[j], bmi = sz.ihi[j];
				for (int di = -1; di <= 1; di++) {
					final double w = rowW[di + 1];
					final int ii = i + di;
					if (w == 0 || ii < 0 || ii >= ex) continue;
					final double br = 0.5 * (sx.cr[i] + sx.cr[ii]) * w * h2, bi = 0.5 * (sx.ci[i] + sx.ci[ii]) * w * h2;
					addProduct(er, ei, 6 + di + 1, br, bi, bpr, bpi, 1);
					addProduct(er, ei, di + 1, br, bi, bmr, bmi, 1);
					addProduct(er, ei, 3 + di + 1, br, bi, bpr + bmr, bpi + bmi, -1);
				}
				// Mass term: coefficient between k and q = omega^2 mu (S_k m_k + S_q m_q) / 2.
				final int k = i + ex * j;
				for (int t = 0; t < massW.length; t++) {
					final int q = massNeighbour(i, j, t);
					if (q < 0) continue;
					final double mu = massW[t] * w2;
					final int e = massDx[t] + 1 + 3 * (massDz[t] + 1);
					er[e] += 0.5 * (fq.sr[k] * mext[k] + fq.sr[q] * mext[q]) * mu;
					ei[e] += 0.5 * (fq.si[k] * mext[k] + fq.si[q] * mext[q]) * mu;
				}
				for (int o = 0; o < a.offsets(); o++) {
					if (!a.hasNeighbour(i, j, o)) continue;
					final int e = a.offsetX(o) + 1 + 3 * (a.offsetZ(o) + 1);
					a.add(i, j, o, er[e], ei[e]);
				}
			}
		return a;
	}

	/** The extended cell at mass-stencil point t of cell (i, j), or -1 outside the extended grid. */
	private int massNeighbour(final int i, final int j, final int t) {
		final int ii = i + massDx[t], jj = j + massDz[t];
		return ii < 0 || ii >= ex || jj < 0 || jj >= ez ? -1 : ii + ex * jj;
	}

	private static void addProduct(final double[] er, final double[] ei, final int e, final double ar, final double ai,
		final double br, final double bi, final double sign)
	{
		er[e] += sign * (ar * br - ai * bi);
		ei[e] += sign * (ar * bi + ai * br);
	}

	/** Factors {@code S A(m)} for frequency index f on one thread. */
	public MultifrontalLdlt factor(final double[] mext, final int f) {
		return factor(mext, f, 1);
	}

	/** Factors {@code S A(m)} for frequency index f on up to {@code threads} threads (same result for any count). */
	public MultifrontalLdlt factor(final double[] mext, final int f, final int threads) {
		return new MultifrontalLdlt(analysis, matrix(mext, omega(f)), threads);
	}

	/**
	 * Right-hand sides of every source, {@code b = -delta_s / dx^2} (bilinear weights), on the extended grid.
	 *
	 * @param br real parts, {@code sources * unknowns()} values (source-major), overwritten
	 * @param bi imaginary parts, overwritten with zeros
	 */
	public void sourceTerms(final double[] br, final double[] bi) {
		final int n = unknowns();
		Arrays.fill(br, 0);
		Arrays.fill(bi, 0);
		final double scale = -1 / (grid.dx() * grid.dx());
		for (int s = 0; s < srcCells.length; s++)
			for (int i = 0; i < srcCells[s].length; i++) br[s * n + srcCells[s][i]] += scale * srcWeights[s][i];
	}

	/** The distinct extended cells the receivers read (bilinear supports). */
	public int[] receiverCells() { return recCells.clone(); }

	/**
	 * Receiver values from wavefields given at {@link #receiverCells()}.
	 *
	 * @param vr real parts at the receiver cells, {@code fields * receiverCells().length} values, not modified
	 * @param outR real parts of the data, {@code fields * receivers}, filled ({@code out[field * nr + r]})
	 */
	public void sampleCells(final double[] vr, final double[] vi, final int fields, final double[] outR, final double[] outI) {
		final int nr = recSlots.length, nc = recCells.length;
		for (int f = 0; f < fields; f++)
			for (int r = 0; r < nr; r++) {
				double a = 0, b = 0;
				for (int i = 0; i < recSlots[r].length; i++) {
					a += recWeights[r][i] * vr[f * nc + recSlots[r][i]];
					b += recWeights[r][i] * vi[f * nc + recSlots[r][i]];
				}
				outR[f * nr + r] = a;
				outI[f * nr + r] = b;
			}
	}

	/**
	 * Receiver values of full extended-grid wavefields.
	 *
	 * @param ur real parts, {@code fields * unknowns()}, not modified
	 * @param outR real parts of the data, {@code fields * receivers}, filled
	 */
	public void sample(final double[] ur, final double[] ui, final int fields, final double[] outR, final double[] outI) {
		final int nc = recCells.length, n = unknowns();
		final double[] vr = new double[fields * nc], vi = new double[fields * nc];
		for (int f = 0; f < fields; f++)
			for (int c = 0; c < nc; c++) {
				vr[f * nc + c] = ur[f * n + recCells[c]];
				vi[f * nc + c] = ui[f * n + recCells[c]];
			}
		sampleCells(vr, vi, fields, outR, outI);
	}

	/**
	 * Adjoint sources: {@code P^T w} for every field, where P samples the receivers.
	 *
	 * @param wr real parts of receiver values, {@code fields * receivers}, not modified
	 * @param outR real parts on the extended grid, {@code fields * unknowns()}, overwritten
	 */
	public void spreadReceivers(final double[] wr, final double[] wi, final int fields, final double[] outR, final double[] outI) {
		final int nr = recSlots.length, n = unknowns();
		Arrays.fill(outR, 0, fields * n, 0);
		Arrays.fill(outI, 0, fields * n, 0);
		for (int f = 0; f < fields; f++)
			for (int r = 0; r < nr; r++)
				for (int i = 0; i < recSlots[r].length; i++) {
					final int c = f * n + recCells[recSlots[r][i]];
					outR[c] += recWeights[r][i] * wr[f * nr + r];
					outI[c] += recWeights[r][i] * wi[f * nr + r];
				}
	}

	/**
	 * {@code out = -omega^2 M(dm) u} for each field: the right-hand side of the Born (Jacobian) system, where
	 * {@code omega^2 M(m)} is the mass part of {@code S A(m)}.
	 *
	 * @param dmext a squared-slowness perturbation on the extended grid
	 * @param ur real parts of the wavefields, {@code fields * unknowns()}
	 * @param outR filled, same layout
	 */
	void bornSources(final Frequency fq, final double[] dmext, final double[] ur, final double[] ui, final int fields,
		final double[] outR, final double[] outI)
	{
		final int n = unknowns();
		final double w2 = fq.omega * fq.omega;
		Arrays.fill(outR, 0, fields * n, 0);
		Arrays.fill(outI, 0, fields * n, 0);
		// Coefficient of the pair (k, q): -w2 mu (S_k dm_k + S_q dm_q) / 2; the centre: -w2 mu_0 S_k dm_k.
		for (int j = 0; j < ez; j++)
			for (int i = 0; i < ex; i++) {
				final int k = i + ex * j;
				for (int t = 0; t < massW.length; t++) {
					final int q = massNeighbour(i, j, t);
					if (q < 0) continue;
					final double cr = -0.5 * w2 * massW[t] * (fq.sr[k] * dmext[k] + fq.sr[q] * dmext[q]);
					final double ci = -0.5 * w2 * massW[t] * (fq.si[k] * dmext[k] + fq.si[q] * dmext[q]);
					if (cr == 0 && ci == 0) continue;
					for (int f = 0; f < fields; f++) {
						final double xr = ur[f * n + q], xi = ui[f * n + q];
						outR[f * n + k] += cr * xr - ci * xi;
						outI[f * n + k] += cr * xi + ci * xr;
					}
				}
			}
	}

	/**
	 * Adds, for each extended cell k, {@code -z^T (d(S A)/dm_k) u} summed over the fields: the complex sensitivity
	 * kernel whose real part is the gradient contribution of the adjoint fields z.
	 *
	 * @param ur forward wavefields, {@code fields * unknowns()} values from {@code uOff}
	 * @param zr adjoint wavefields, same layout from {@code zOff}
	 * @param kr real parts of the kernel, {@code unknowns()} values, accumulated
	 * @param ki imaginary parts, accumulated (may be null when only the real part is wanted)
	 */
	void kernel(final Frequency fq, final double[] ur, final double[] ui, final int uOff, final double[] zr,
		final double[] zi, final int zOff, final int fields, final double[] kr, final double[] ki)
	{
		final int n = unknowns();
		final double w2 = fq.omega * fq.omega;
		for (int j = 0; j < ez; j++)
			for (int i = 0; i < ex; i++) {
				final int k = i + ex * j;
				// sum over q of mu_kq (z_k u_q + z_q u_k) / 2 (q = k: mu_0 z_k u_k).
				double pr = 0, pi = 0;
				for (int t = 0; t < massW.length; t++) {
					final int q = massNeighbour(i, j, t);
					if (q < 0) continue;
					final double h = q == k ? massW[t] : 0.5 * massW[t];
					for (int f = 0; f < fields; f++) {
						final int a = f * n + k, b = f * n + q;
						final int ua = uOff + a, ub = uOff + b, za = zOff + a, zb = zOff + b;
						double tr = zr[za] * ur[ub] - zi[za] * ui[ub], ti = zr[za] * ui[ub] + zi[za] * ur[ub];
						if (q != k) {
							tr += zr[zb] * ur[ua] - zi[zb] * ui[ua];
							ti += zr[zb] * ui[ua] + zi[zb] * ur[ua];
						}
						pr += h * tr;
						pi += h * ti;
					}
				}
				// times -omega^2 S_k
				final double sr = fq.sr[k], si = fq.si[k];
				kr[k] -= w2 * (sr * pr - si * pi);
				if (ki != null) ki[k] -= w2 * (sr * pi + si * pr);
			}
	}
}
