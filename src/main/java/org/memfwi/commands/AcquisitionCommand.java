package org.memfwi.commands;

import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;

/**
 * Base of the commands that stamp an acquisition onto data that have none (Import, Set Acquisition): the acquisition
 * keys, declared once and read by {@link #acquisitionKeys()} into {@link ImportedAcquisition.Keys} (shot gathers) or by
 * {@link #frequencyDataKeys} into {@link ImportedFrequencyData.Keys} (Helmholtz data; cpml is then the PML width).
 * {@link CommandSpec} lists them after the command's own parameters (the file or image they describe).
 */
@ListedAfterOwnParameters
public abstract class AcquisitionCommand extends MemFwiCommand {

	@Parameter(label = "Preset", choices = { "none", "openfwi" }, persist = false,
		description = "openfwi: 70 x 70 cells of 10 m, 5 sources at x = 0, 170, 340, 520, 690 m, 70 receivers every 10 m at 10 m " +
			"depth, dt 1 ms, Ricker 15 Hz delayed 0.1 s")
	protected String preset = "none";

	@Parameter(label = "Cell size dx (m; auto = from the preset or a model file)", min = "0", persist = false,
		attrs = { @Attr(name = "words", value = "auto=0") })
	protected double dx = 0;

	@Parameter(label = "Model width nx (cells; auto = from the positions)", min = "0", persist = false,
		description = "gathers: the width of the model grid the sources and receivers lie in",
		attrs = { @Attr(name = "words", value = "auto=0") })
	protected int nx = 0;

	@Parameter(label = "Model depth nz (cells)", min = "0", persist = false,
		description = "gathers: the depth of the model grid the sources and receivers lie in")
	protected int nz = 0;

	@Parameter(label = "Source x positions (m, comma-separated)", required = false, persist = false)
	protected String sourcex = "";

	@Parameter(label = "Source z positions (m; empty = one cell deep)", required = false, persist = false)
	protected String sourcez = "";

	@Parameter(label = "Receiver x positions (m, comma-separated)", required = false, persist = false)
	protected String receiverx = "";

	@Parameter(label = "Receiver z positions (m; empty = one cell deep)", required = false, persist = false)
	protected String receiverz = "";

	@Parameter(label = "Time step dt (s; auto = from the data or preset)", min = "0", persist = false,
		attrs = { @Attr(name = "words", value = "auto=0") })
	protected double dt = 0;

	@Parameter(label = "Ricker peak frequency f0 (Hz)", min = "0", persist = false)
	protected double f0 = 0;

	@Parameter(label = "Ricker delay (s; auto = 1.5 / f0)", persist = false,
		attrs = { @Attr(name = "words", value = "auto=-1") })
	protected double delay = -1;

	@Parameter(label = "Spatial order (2, 4 or 8)", persist = false)
	protected int order = 8;

	@Parameter(label = "Absorbing layer width (cells)", min = "1", persist = false)
	protected int cpml = 20;

	@Parameter(label = "Free surface at the top", persist = false)
	protected boolean freesurface = false;

	@Parameter(label = "Noise level of the data (data units; unknown = not recorded)", min = "0", persist = false,
		description = "recorded as memfwi.noise, the default noise of the posteriors",
		attrs = { @Attr(name = "words", value = "unknown=0") })
	protected double noise = 0;

	/** The acquisition keys as given (0, -1 or blank = not given), for {@link ImportedAcquisition#stamp}. */
	protected ImportedAcquisition.Keys acquisitionKeys() {
		final ImportedAcquisition.Keys k = new ImportedAcquisition.Keys();
		k.preset = preset;
		k.nx = nx;
		k.nz = nz;
		k.dx = dx;
		k.sourcex = sourcex;
		k.sourcez = sourcez;
		k.receiverx = receiverx;
		k.receiverz = receiverz;
		k.dt = dt;
		k.f0 = f0;
		k.delay = delay;
		k.order = order;
		k.cpml = cpml;
		k.freesurface = freesurface;
		k.noise = noise;
		return k;
	}

	/**
	 * Refuses the keys that only shot gathers have (preset, dt, f0, delay, freesurface) when frequency-domain data are
	 * stamped, and names the keys such data take instead.
	 */
	protected void refuseTimeDomainKeys(final String what) {
		final StringBuilder given = new StringBuilder();
		if (!preset.trim().isEmpty() && !preset.trim().equalsIgnoreCase("none")) given.append(", preset");
		if (dt != 0) given.append(", dt");
		if (f0 != 0) given.append(", f0");
		if (delay != -1) given.append(", delay");
		if (freesurface) given.append(", freesurface");
		if (given.length() > 0) throw new IllegalArgumentException(given.substring(2) + ": describe" + (given.indexOf(",", 2) > 0 ?
			"" : "s") + " shot gathers, not " + what + "; frequency-domain data take nx, nz, dx, frequencies, sourcex, receiverx, " +
			"cpml (PML width), pmldamping and stencil: drop " + given.substring(2));
	}

	/**
	 * Refuses the keys that only frequency-domain data have when shot gathers or models are stamped.
	 *
	 * @param what the data at hand, e.g. "shot gathers"
	 */
	protected static void refuseFrequencyDataKeys(final String what, final String frequencies, final double pmldamping,
		final int stencil) {
		final StringBuilder given = new StringBuilder();
		if (frequencies != null && !frequencies.trim().isEmpty()) given.append(", frequencies");
		if (pmldamping != 0) given.append(", pmldamping");
		if (stencil != 5) given.append(", stencil");
		if (given.length() > 0) throw new IllegalArgumentException(given.substring(2) + ": describe" + (given.indexOf(",", 2) > 0 ?
			"" : "s") + " frequency-domain data, not " + what + "; give kind=frequency-data for Helmholtz data, or drop " +
			given.substring(2));
	}

	/** The acquisition keys that describe frequency-domain data, with the three keys only such data have. */
	protected ImportedFrequencyData.Keys frequencyDataKeys(final String frequencies, final double pmldamping, final int stencil) {
		final ImportedFrequencyData.Keys k = new ImportedFrequencyData.Keys();
		k.nx = nx;
		k.nz = nz;
		k.dx = dx;
		k.frequencies = frequencies;
		k.sourcex = sourcex;
		k.sourcez = sourcez;
		k.receiverx = receiverx;
		k.receiverz = receiverz;
		k.pml = cpml;
		k.pmlDamping = pmldamping;
		k.stencil = stencil;
		k.noise = noise;
		return k;
	}
}
