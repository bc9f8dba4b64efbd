package org.memfwi.core.helmholtz;

import java.util.Arrays;

import org.memfwi.core.util.Table;

/**
 * Immutable settings of the frequency-domain solver: the frequencies (Hz), the PML width (cells added on each side of
 * the model) and its maximum damping {@code sigma_max} (1/s), the stencil and the number of threads. The PML damping
 * grows quadratically, {@code sigma(d) = sigma_max (d / L)^2} at distance d into a PML of thickness {@code L = pml dx},
 * and stretches coordinates by {@code s = 1 + i sigma / omega}.
 * <p>
 * Defaults: the paper's single frequency 4 Hz, a 20-cell PML, {@code sigma_max} chosen automatically
 * ({@link #autoSigma}) for a theoretical reflection coefficient of 1e-5, the 5-point stencil, 1 thread. With these
 * defaults, a 64 x 64 model of 10 m cells at 4 Hz (2000 or 4000 m/s) gives the wavefield of a 400-cell PML to 3e-5
 * (relative l2 difference in the model).
 */
public final class HelmholtzConfig {

	/** Theoretical PML reflection coefficient used by {@link #autoSigma}. */
	public static final double AUTO_REFLECTION = 1e-5;

	private final double[] frequencies;
	private final int pml;
	private final double sigmaMax;
	private final Stencil stencil;
	private final int threads;

	private HelmholtzConfig(final double[] frequencies, final int pml, final double sigmaMax, final Stencil stencil,
		final int threads)
	{
		this.frequencies = frequencies.clone();
		this.pml = pml;
		this.sigmaMax = sigmaMax;
		this.stencil = stencil;
		this.threads = threads;
	}

	/** 4 Hz, PML of 20 cells, automatic sigma_max (0), 5-point stencil, 1 thread. */
	public static HelmholtzConfig defaults() {
		return new HelmholtzConfig(new double[] { 4 }, 20, 0, Stencil.FIVE_POINT, 1);
	}

	/** Frequencies in Hz, any number, each positive and finite. */
	public HelmholtzConfig withFrequencies(final double... hz) {
		return new HelmholtzConfig(hz, pml, sigmaMax, stencil, threads);
	}

	/** PML width in cells on each side of the model, at least 1. */
	public HelmholtzConfig withPml(final int cells) {
		return new HelmholtzConfig(frequencies, cells, sigmaMax, stencil, threads);
	}

	/** Maximum PML damping in 1/s; 0 means automatic (see {@link #resolve}). */
	public HelmholtzConfig withSigmaMax(final double perSecond) {
		return new HelmholtzConfig(frequencies, pml, perSecond, stencil, threads);
	}

	public HelmholtzConfig withStencil(final Stencil s) {
		return new HelmholtzConfig(frequencies, pml, sigmaMax, s, threads);
	}

	/** Threads for the frequencies and, left over, within each factorization (0 = all processors); results do not depend on it. */
	public HelmholtzConfig withThreads(final int n) {
		return new HelmholtzConfig(frequencies, pml, sigmaMax, stencil, n);
	}

	/** Frequencies in Hz (a copy). */
	public double[] frequencies() { return frequencies.clone(); }

	/** Number of frequencies. */
	public int frequencyCount() { return frequencies.length; }

	/** Frequency i in Hz. */
	public double frequency(final int i) { return frequencies[i]; }

	/** PML width in cells. */
	public int pml() { return pml; }

	/** Maximum PML damping in 1/s, 0 when automatic and not yet resolved. */
	public double sigmaMax() { return sigmaMax; }

	public Stencil stencil() { return stencil; }

	public int threads() { return threads; }

	/**
	 * The damping {@code sigma_max = 3 v ln(1 / R) / (2 L)} (1/s) that gives a PML of thickness {@code L = pml dx}
	 * with quadratic profile the theoretical normal-incidence reflection coefficient {@code R = 1e-5} for waves of
	 * speed v: the round trip through the layer attenuates by {@code exp(-2 sigma_max L / (3 v))}.
	 *
	 * @param vmax the largest velocity of the model, m/s
	 * @param pmlCells PML width in cells
	 * @param dx cell size in metres
	 */
	public static double autoSigma(final double vmax, final int pmlCells, final double dx) {
		return 3 * vmax * Math.log(1 / AUTO_REFLECTION) / (2 * pmlCells * dx);
	}

	/**
	 * This configuration with an automatic {@code sigma_max} replaced by {@link #autoSigma} for the given reference
	 * velocity (the model's largest, m/s). The damping must be fixed before a model is inverted: it is not a function of
	 * the model, so gradients stay exact.
	 */
	public HelmholtzConfig resolve(final double vmax, final double dx) {
		if (sigmaMax > 0) return this;
		if (!(vmax > 0) || Double.isInfinite(vmax))
			throw new IllegalArgumentException("reference velocity for the automatic PML damping must be positive, got " + vmax + " m/s");
		return withSigmaMax(autoSigma(vmax, pml, dx));
	}

	/**
	 * Checks every setting.
	 *
	 * @throws IllegalArgumentException naming the parameter and the fix
	 */
	public HelmholtzConfig validate() {
		if (frequencies.length == 0) throw new IllegalArgumentException("frequencies: give at least one frequency in Hz");
		for (int i = 0; i < frequencies.length; i++) {
			final double f = frequencies[i];
			if (!(f > 0) || Double.isInfinite(f)) throw new IllegalArgumentException("frequencies: every frequency must be > 0 Hz, got " +
				Table.format(f) + " (in " + list() + ")");
			for (int j = 0; j < i; j++)
				if (frequencies[j] == f) throw new IllegalArgumentException("frequencies: " + Table.format(f) + " Hz is listed twice (in " +
					list() + "); give each frequency once");
		}
		if (pml < 1) throw new IllegalArgumentException("pml (PML width) must be at least 1 cell, got " + pml +
			"; use about half a wavelength, e.g. 20 cells");
		if (!(sigmaMax >= 0) || Double.isInfinite(sigmaMax))
			throw new IllegalArgumentException("sigma (PML damping) must be >= 0 1/s (0 = automatic), got " + sigmaMax);
		if (stencil == null) throw new IllegalArgumentException("stencil must be 5-point or 9-point");
		return this;
	}

	private String list() {
		final StringBuilder sb = new StringBuilder();
		for (final double f : frequencies) sb.append(sb.length() == 0 ? "" : ",").append(Table.format(f));
		return sb.toString();
	}

	@Override
	public String toString() {
		return "frequencies " + Arrays.toString(frequencies) + " Hz, PML " + pml + " cells, sigma_max " + sigmaMax + " 1/s, " +
			stencil;
	}
}
