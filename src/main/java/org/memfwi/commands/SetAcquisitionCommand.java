package org.memfwi.commands;

import org.memfwi.core.progress.Progress;
import org.memfwi.io.HelmholtzData;

import org.scijava.command.Command;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Menu;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;

/**
 * Stamps an acquisition onto open data that lack MemFWI's properties (imported from another code, opened from a plain
 * TIFF): the {@code memfwi.*} properties and the calibration are set on the image itself; missing keys are asked for
 * by name. Shot gathers (one slice per shot) get a time-domain acquisition from keys or {@code preset=openfwi}
 * ({@link ImportedAcquisition}); Helmholtz frequency-domain data (planes of receivers x sources, real and imaginary
 * part per frequency) get the model grid, frequencies, positions and PML of {@link ImportedFrequencyData}, the keys
 * not given being kept from the image's own properties. Macro-recordable; writes the stamped data as imported.tif when
 * out= is given.
 */
@Plugin(type = Command.class, name = "set-acquisition", headless = true, menuPath = "Plugins>MemFWI>Set Acquisition...",
	menu = { @Menu(label = "Plugins"), @Menu(label = "MemFWI"), @Menu(label = "Set Acquisition...", weight = 202) },
	description = "Stamp an acquisition (positions, wavelet, dt or frequencies, model grid) onto shot gathers or Helmholtz data " +
		"that have none, e.g. imported from another code")
public class SetAcquisitionCommand extends AcquisitionCommand {

	@Parameter(label = "Data (shot gathers, or frequency-domain data)", persist = false,
		description = "shot gathers: one slice per shot, width receivers, height time samples; frequency-data: planes of receivers " +
			"(width) x sources (height), real then imaginary part per frequency (2 channels x F slices); the image receives the " +
			"memfwi.* properties")
	private ImagePlus data;

	@Parameter(label = "Kind", choices = { "auto", "gathers", "frequency-data" }, persist = false,
		description = "auto: frequency-data when frequencies= is given or the image already holds Helmholtz data (memfwi.kind = " +
			"helmholtz-data), else shot gathers")
	private String kind = "auto";

	@Parameter(label = ImportedFrequencyData.FREQUENCIES_LABEL, required = false, persist = false,
		description = ImportedFrequencyData.FREQUENCIES_DESCRIPTION)
	private String frequencies = "";

	@Parameter(label = ImportedFrequencyData.PMLDAMPING_LABEL, min = "0", persist = false,
		description = ImportedFrequencyData.PMLDAMPING_DESCRIPTION, attrs = { @Attr(name = "advanced") })
	private double pmldamping = 0;

	@Parameter(label = ImportedFrequencyData.STENCIL_LABEL, persist = false, description = ImportedFrequencyData.STENCIL_DESCRIPTION,
		attrs = { @Attr(name = "advanced") })
	private int stencil = 5;

	@Override
	protected void compute(final Progress progress) {
		if (data == null) throw new IllegalArgumentException("data: give the shot gathers or frequency-domain data to stamp");
		final boolean frequencyData;
		if (kind.equals("auto")) frequencyData = !frequencies.trim().isEmpty() || HelmholtzData.KIND.equals(data.getProp("memfwi.kind"));
		else if (kind.equals("gathers") || kind.equals("frequency-data")) frequencyData = kind.equals("frequency-data");
		else throw new IllegalArgumentException("kind=" + kind + " is unknown; use auto, gathers or frequency-data");
		final ImagePlus stamped;
		if (frequencyData) {
			refuseTimeDomainKeys("frequency-domain data");
			stamped = ImportedFrequencyData.stamp(data, data.getTitle(), frequencyDataKeys(frequencies, pmldamping, stencil));
		}
		else {
			refuseFrequencyDataKeys("shot gathers", frequencies, pmldamping, stencil);
			stamped = ImportedAcquisition.stamp(data, data.getTitle(), acquisitionKeys());
		}
		stamped.setTitle(data.getTitle());
		for (final String key : stamped.getImageProperties().stringPropertyNames()) data.setProp(key, stamped.getProp(key));
		data.setCalibration(stamped.getCalibration().copy());
		if (frequencyData) {
			data.setDimensions(stamped.getNChannels(), stamped.getNSlices(), stamped.getNFrames());
			data.setOpenAsHyperStack(true);
		}
		results().image("imported.tif", stamped);
		if (frequencyData) progress.status("Acquisition set on " + data.getTitle() + ": frequency-domain data, " + stamped.getNSlices() +
			" frequencies (" + stamped.getProp("memfwi.frequencies") + " Hz) x " + data.getHeight() + " sources x " + data.getWidth() +
			" receivers" + (stamped.getNFrames() > 1 ? " x " + stamped.getNFrames() + " models" : ""));
		else progress.status("Acquisition set on " + data.getTitle() + ": " + stamped.getProp("memfwi.src_x").split(",").length +
			" sources, " + data.getWidth() + " receivers, dt " + stamped.getProp("memfwi.dt") + " s");
	}
}
