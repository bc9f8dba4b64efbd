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
public class SetAcquisitionCommand extends AcquisitionCommand {

	@Parameter(label = "Shot gathers (one slice per shot)", persist = false,
		description = "width receivers, height time samples; the image receives the memfwi.* properties")
	private ImagePlus data;

	@Override
	protected void compute(final Progress progress) {
		if (data == null) throw new IllegalArgumentException("data: give the shot gathers to stamp");
		final ImagePlus stamped = ImportedAcquisition.stamp(data, data.getTitle(), acquisitionKeys());
		for (final String key : stamped.getImageProperties().stringPropertyNames()) data.setProp(key, stamped.getProp(key));
		data.setCalibration(stamped.getCalibration().copy());
		results().image("imported.tif", stamped);
		progress.status("Acquisition set on " + data.getTitle() + ": " + stamped.getProp("memfwi.src_x").split(",").length + " sources, " +
			data.getWidth() + " receivers, dt " + stamped.getProp("memfwi.dt") + " s");
	}
}
