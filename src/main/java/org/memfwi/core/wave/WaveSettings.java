package org.memfwi.core.wave;

/**
 * Numerical settings of the time-domain acoustic propagator: spatial order (2, 4 or 8), CPML width in cells,
 * free surface at the top, whether a too coarse dt may be sub-stepped internally, and the CPML target reflection
 * coefficient. Immutable; the {@code with...} methods return modified copies.
 */
public final class WaveSettings {

	/** Defaults: order 8, 20 CPML cells, no free surface, sub-stepping allowed, reflection 1e-4. */
	public static final WaveSettings DEFAULT = new WaveSettings(8, 20, false, true, 1e-4);

	/** The most internal sub-steps per recorded sample before an unstable dt is refused. */
	public static final int MAX_SUBSTEPS = 64;

	private final int order;
	private final int cpml;
	private final boolean freeSurface;
	private final boolean substep;
	private final double reflection;
	private final double pmlFrequency;

	private WaveSettings(final int order, final int cpml, final boolean freeSurface, final boolean substep, final double reflection) {
		this(order, cpml, freeSurface, substep, reflection, 0);
	}

	private WaveSettings(final int order, final int cpml, final boolean freeSurface, final boolean substep, final double reflection,
		final double pmlFrequency) {
		Stencil.of(order);
		if (cpml < 0) throw new IllegalArgumentException("cpml (absorbing layer width) must be at least 0 cells, got " + cpml);
		if (!(reflection > 0 && reflection < 1))
			throw new IllegalArgumentException("CPML reflection coefficient must be between 0 and 1, got " + reflection);
		this.order = order;
		this.cpml = cpml;
		this.freeSurface = freeSurface;
		this.substep = substep;
		this.reflection = reflection;
		if (!(pmlFrequency >= 0)) throw new IllegalArgumentException("CPML frequency must be at least 0 Hz, got " + pmlFrequency);
		this.pmlFrequency = pmlFrequency;
	}

	public int order() { return order; }

	/** CPML width in cells on each absorbing side. */
	public int cpml() { return cpml; }

	/** True if the top of the model is a free surface (pressure zero at z = 0) instead of an absorbing layer. */
	public boolean freeSurface() { return freeSurface; }

	/** True if a dt above the stability limit may be split into internal sub-steps. */
	public boolean substep() { return substep; }

	/** Target normal-incidence reflection coefficient of the CPML. */
	public double reflection() { return reflection; }

	/**
	 * The frequency (Hz) that sets the CPML's complex-frequency shift alpha = pi f; 0 = the wavelet's dominant
	 * frequency. Fix it when several wavelets (e.g. filtered bands) must see the same absorbing layer.
	 */
	public double pmlFrequency() { return pmlFrequency; }

	public WaveSettings withPmlFrequency(final double f) { return new WaveSettings(order, cpml, freeSurface, substep, reflection, f); }

	public WaveSettings withOrder(final int o) { return new WaveSettings(o, cpml, freeSurface, substep, reflection, pmlFrequency); }

	public WaveSettings withCpml(final int c) { return new WaveSettings(order, c, freeSurface, substep, reflection, pmlFrequency); }

	public WaveSettings withFreeSurface(final boolean f) { return new WaveSettings(order, cpml, f, substep, reflection, pmlFrequency); }

	public WaveSettings withSubstep(final boolean s) { return new WaveSettings(order, cpml, freeSurface, s, reflection, pmlFrequency); }

	public WaveSettings withReflection(final double r) { return new WaveSettings(order, cpml, freeSurface, substep, r, pmlFrequency); }

	@Override
	public String toString() {
		return "order " + order + ", CPML " + cpml + " cells" + (freeSurface ? ", free surface" : "") + (substep ? "" : ", no sub-stepping");
	}
}
