package org.memfwi.core.helmholtz;

import java.util.Locale;

import org.memfwi.core.grid.Grid2D;

/**
 * The paper's two frequency-domain geometries (mempost configs helmholtz_fwi*.json and
 * helmholtz_dps_comparison_c64.json), as a value object:
 * <ul>
 * <li>{@link #PAPER_64}: 64 x 64 cells of 31.25 m (a 2 km square), 4 Hz, 5 sources on the top row and 40 receivers
 * on the bottom row at {@code ix = linspace(0, 63, n)} truncated to integers, PML of 10 cells with maximum damping
 * 100 1/s, 5 % noise;</li>
 * <li>{@link #PAPER_200}: 200 x 200 cells of 10 m, 6 Hz, 15 sources on row 2 and 196 receivers on row 197 at
 * {@code ix = linspace(2, 197, n)} truncated ({@code pad = 2}), PML of 30 cells with maximum damping 200 1/s,
 * 5.5 % noise.</li>
 * </ul>
 * The paper's PML damping {@code sigma(d) = pml_max (d / npml)^2} outside the model is the form of
 * {@link HelmholtzConfig}. Its noise is complex: {@code noise_rel max|d| (xi + i xi') / sqrt(2)}, so each real and
 * each imaginary part has standard deviation {@code noise_rel max|d| / sqrt(2)} ({@link #noiseStd}).
 */
public final class PaperPreset {

	/** The 64 x 64 memorization experiment. */
	public static final PaperPreset PAPER_64 = new PaperPreset("paper-64", 64, 31.25, 4, 5, 40, 0, 10, 100, 0.05);
	/** The 200 x 200 comparison. */
	public static final PaperPreset PAPER_200 = new PaperPreset("paper-200", 200, 10, 6, 15, 196, 2, 30, 200, 0.055);

	private final String name;
	private final int n, sources, receivers, pad, pml;
	private final double dx, frequency, pmlDamping, noise;

	private PaperPreset(final String name, final int n, final double dx, final double frequency, final int sources,
		final int receivers, final int pad, final int pml, final double pmlDamping, final double noise)
	{
		this.name = name;
		this.n = n;
		this.dx = dx;
		this.frequency = frequency;
		this.sources = sources;
		this.receivers = receivers;
		this.pad = pad;
		this.pml = pml;
		this.pmlDamping = pmlDamping;
		this.noise = noise;
	}

	/**
	 * The preset with a key: paper-64 or paper-200 (case-insensitive).
	 *
	 * @throws IllegalArgumentException naming the choices
	 */
	public static PaperPreset of(final String key) {
		final String k = key == null ? "" : key.trim().toLowerCase(Locale.ROOT);
		if (k.equals(PAPER_64.name)) return PAPER_64;
		if (k.equals(PAPER_200.name)) return PAPER_200;
		throw new IllegalArgumentException("preset '" + key + "' is unknown; use paper-64 (64 x 64, 4 Hz, 5 sources, 40 receivers) " +
			"or paper-200 (200 x 200, 6 Hz, 15 sources, 196 receivers)");
	}

	/** "paper-64" or "paper-200". */
	public String name() { return name; }

	/** The model grid: n x n cells of dx metres. */
	public Grid2D grid() { return new Grid2D(n, n, dx); }

	/** Frequency, Hz. */
	public double frequency() { return frequency; }

	/** PML width, cells. */
	public int pml() { return pml; }

	/** PML maximum damping, 1/s. */
	public double pmlDamping() { return pmlDamping; }

	/** Noise relative to the data's largest modulus (0.05 = 5 %). */
	public double noise() { return noise; }

	/** Offset of sources and receivers from the model's edges, cells. */
	public int pad() { return pad; }

	/** Per real and imaginary part: {@code noise max|d| / sqrt(2)} (the paper's complex noise). */
	public double noiseStd(final double maxModulus) {
		return noise * maxModulus / Math.sqrt(2);
	}

	/** The configuration: the frequency, the PML width and damping. */
	public HelmholtzConfig config() {
		return HelmholtzConfig.defaults().withFrequencies(frequency).withPml(pml).withSigmaMax(pmlDamping);
	}

	/** numpy's {@code linspace(lo, hi, count, dtype=int)}: the values truncated toward zero. */
	static int[] truncatedLinspace(final int lo, final int hi, final int count) {
		final int[] out = new int[count];
		if (count == 1) {
			out[0] = lo;
			return out;
		}
		final double step = (double) (hi - lo) / (count - 1);
		for (int i = 0; i < count; i++) out[i] = (int) (lo + i * step);
		out[count - 1] = hi;
		return out;
	}

	/** Source cells along x: {@code linspace(pad, n - 1 - pad, sources)} truncated. */
	public int[] sourceColumns() { return truncatedLinspace(pad, n - 1 - pad, sources); }

	/** Receiver cells along x: {@code linspace(pad, n - 1 - pad, receivers)} truncated. */
	public int[] receiverColumns() { return truncatedLinspace(pad, n - 1 - pad, receivers); }

	/** The survey in metres: sources on row {@code pad}, receivers on row {@code n - 1 - pad}. */
	public HelmholtzAcquisition acquisition() {
		final int[] s = sourceColumns(), r = receiverColumns();
		final double[] sx = new double[s.length], sz = new double[s.length], rx = new double[r.length], rz = new double[r.length];
		for (int i = 0; i < s.length; i++) {
			sx[i] = s[i] * dx;
			sz[i] = pad * dx;
		}
		for (int i = 0; i < r.length; i++) {
			rx[i] = r[i] * dx;
			rz[i] = (n - 1 - pad) * dx;
		}
		return new HelmholtzAcquisition(sx, sz, rx, rz);
	}

	@Override
	public String toString() {
		return String.format(Locale.ROOT, "%s: %d x %d cells of %g m, %g Hz, %d sources, %d receivers, PML %d cells / %g 1/s, " +
			"noise %g %%", name, n, n, dx, frequency, sources, receivers, pml, pmlDamping, 100 * noise);
	}
}
