package org.memfwi.commands;

import org.memfwi.core.progress.Progress;

import org.scijava.command.Command;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Menu;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;

/**
 * Stamps a time-domain acquisition onto open shot gathers that lack MemFWI's properties (imported from another code,
 * opened from a plain TIFF): the {@code memfwi.*} properties and the calibration are set on the image itself, from
 * keys or {@code preset=openfwi} ({@link ImportedAcquisition}); missing keys are asked for by name. Macro-recordable;
 * writes the stamped data as imported.tif when out= is given.
 */
@Plugin(type = Command.class, name = "set-acquisition", headless = true, menuPath = "Plugins>MemFWI>Set Acquisition...",
	menu = { @Menu(label = "Plugins"), @Menu(label = "MemFWI"), @Menu(label = "Set Acquisition...", weight = 202) },
	description = "Stamp an acquisition (positions, wavelet, dt, model grid) onto shot gathers that have none, e.g. imported " +
		"from another code")
public class SetAcquisitionCommand extends MemFwiCommand {

	@Parameter(label = "Shot gathers (one slice per shot)", persist = false,
		description = "width receivers, height time samples; the image receives the memfwi.* properties")
	private ImagePlus data;

	@Parameter(label = "Preset", choices = { "none", "openfwi" }, persist = false,
		description = "openfwi: 70 x 70 cells of 10 m, 5 sources at x = 0, 170, 340, 520, 690 m, 70 receivers every 10 m at 10 m " +
			"depth, dt 1 ms, Ricker 15 Hz delayed 0.1 s")
	private String preset = "none";

	@Parameter(label = "Cell size dx (m)", min = "0", persist = false)
	private double dx = 0;

	@Parameter(label = "Model width nx (cells; auto = from the positions)", min = "0", persist = false,
		attrs = { @Attr(name = "words", value = "auto=0") })
	private int nx = 0;

	@Parameter(label = "Model depth nz (cells)", min = "0", persist = false)
	private int nz = 0;

	@Parameter(label = "Source x positions (m, comma-separated)", required = false, persist = false)
	private String sourcex = "";

	@Parameter(label = "Source z positions (m; empty = one cell deep)", required = false, persist = false)
	private String sourcez = "";

	@Parameter(label = "Receiver x positions (m, comma-separated)", required = false, persist = false)
	private String receiverx = "";

	@Parameter(label = "Receiver z positions (m; empty = one cell deep)", required = false, persist = false)
	private String receiverz = "";

	@Parameter(label = "Time step dt (s)", min = "0", persist = false)
	private double dt = 0;

	@Parameter(label = "Ricker peak frequency f0 (Hz)", min = "0", persist = false)
	private double f0 = 0;

	@Parameter(label = "Ricker delay (s; auto = 1.5 / f0)", persist = false,
		attrs = { @Attr(name = "words", value = "auto=-1") })
	private double delay = -1;

	@Parameter(label = "Spatial order (2, 4 or 8)", persist = false)
	private int order = 8;

	@Parameter(label = "Absorbing layer width (cells)", min = "1", persist = false)
	private int cpml = 20;

	@Parameter(label = "Free surface at the top", persist = false)
	private boolean freesurface = false;

	@Parameter(label = "Noise level of the data (data units; unknown = not recorded)", min = "0", persist = false,
		attrs = { @Attr(name = "words", value = "unknown=0") })
	private double noise = 0;

	@Override
	protected void compute(final Progress progress) {
		if (data == null) throw new IllegalArgumentException("data: give the shot gathers to stamp");
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
		final ImagePlus stamped = ImportedAcquisition.stamp(data, data.getTitle(), k);
		for (final String key : stamped.getImageProperties().stringPropertyNames()) data.setProp(key, stamped.getProp(key));
		data.setCalibration(stamped.getCalibration().copy());
		results().image("imported.tif", stamped);
		progress.status("Acquisition set on " + data.getTitle() + ": " + stamped.getProp("memfwi.src_x").split(",").length + " sources, " +
			data.getWidth() + " receivers, dt " + stamped.getProp("memfwi.dt") + " s");
	}
}
