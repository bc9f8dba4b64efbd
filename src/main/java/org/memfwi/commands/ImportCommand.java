package org.memfwi.commands;

import java.io.File;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.memfwi.core.progress.Progress;
import org.memfwi.io.ForeignImages;
import org.memfwi.io.Images;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;
import ij.io.Opener;

/**
 * Imports velocity models or shot gathers from other codes' files (.npy, SEG-Y, HDF5, TIFF) as MemFWI images: models
 * calibrated in m with values in m/s; gathers with a complete acquisition in their {@code memfwi.*} properties (from
 * keys, {@code preset=openfwi} or SEG-Y headers; see {@link ImportedAcquisition}). Writes imported.tif.
 */
@Plugin(type = Command.class, name = "import", headless = true, menuPath = "File>Import>MemFWI...",
	description = "Velocity models or shot gathers from .npy, SEG-Y, HDF5 or TIFF files, with their cell size and acquisition, " +
		"as images every command reads")
public class ImportCommand extends AcquisitionCommand {

	@Parameter(label = "File (.npy, .sgy/.segy, .h5/.hdf5, .tif)", persist = false, style = "open",
		description = "the file to import; OpenFWI's model*.npy (N, 1, nz, nx) and data*.npy (N, S, nt, R) included")
	private File file;

	@Parameter(label = "Kind", choices = { "auto", "models", "gathers", "frequency-data" }, persist = false,
		description = "auto: (N, S, nt, R) arrays and SEG-Y files with several shots are gathers, the rest models; frequency-data: " +
			"Helmholtz data of other codes, a .npy or HDF5 array (F, S, R, 2) or (2, F, S, R) of real and imaginary parts, with " +
			"nx, nz, dx, frequencies, positions and pmldamping")
	private String kind = "auto";

	@Parameter(label = "Index (0-based; list or range)", required = false, persist = false,
		description = "which of the N models (e.g. 0, 0,3,9 or 0-99) or which data set; empty = all models")
	private String index = "";

	@Parameter(label = "HDF5 dataset", required = false, persist = false,
		description = "path of the dataset in an HDF5 file, e.g. broadband_dm; empty when the file holds one")
	private String dataset = "";

	@Parameter(label = ImportedFrequencyData.FREQUENCIES_LABEL, required = false, persist = false,
		description = ImportedFrequencyData.FREQUENCIES_DESCRIPTION)
	private String frequencies = "";

	@Parameter(label = ImportedFrequencyData.PMLDAMPING_LABEL, min = "0", persist = false,
		description = ImportedFrequencyData.PMLDAMPING_DESCRIPTION, attrs = { @Attr(name = "advanced") })
	private double pmldamping = 0;

	@Parameter(label = ImportedFrequencyData.STENCIL_LABEL, persist = false, description = ImportedFrequencyData.STENCIL_DESCRIPTION,
		attrs = { @Attr(name = "advanced") })
	private int stencil = 5;

	@Parameter(type = ItemIO.OUTPUT, label = "Imported")
	private ImagePlus imported;

	@Override
	protected void compute(final Progress progress) {
		if (file == null) throw new IllegalArgumentException("file: give the file to import");
		final String name = file.getName();
		final String lower = name.toLowerCase(Locale.ROOT);
		progress.status("Importing " + name);
		final boolean openfwi = preset.trim().equalsIgnoreCase("openfwi");
		if (kind.equals("frequency-data")) {
			refuseTimeDomainKeys("kind=frequency-data");
			final ImportedFrequencyData.Keys k = frequencyDataKeys(frequencies, pmldamping, stencil);
			k.dataset = dataset;
			imported = ImportedFrequencyData.read(file, k);
			results().image("imported.tif", imported);
			progress.status("Imported " + name + ": frequency-domain data, " + imported.getNSlices() + " frequencies x " +
				imported.getHeight() + " sources x " + imported.getWidth() + " receivers");
			return;
		}
		refuseFrequencyDataKeys(kind.equals("auto") ? "kind=auto (models or gathers)" : "kind=" + kind, frequencies, pmldamping,
			stencil);
		final ImagePlus raw;
		if (lower.endsWith(".tif") || lower.endsWith(".tiff")) {
			raw = new Opener().openImage(file.getAbsolutePath());
			if (raw == null) throw new IllegalArgumentException("file: cannot read " + file + " as an image");
		}
		else {
			final Map<String, String> o = new LinkedHashMap<>();
			o.put("index", index);
			o.put("dataset", dataset);
			if (!kind.equals("auto")) o.put("kind", kind);
			if (dx > 0) o.put("dx", Double.toString(dx));
			else if (openfwi) o.put("dx", "10");
			if (dt > 0) o.put("dt", Double.toString(dt));
			raw = ForeignImages.open(file.getPath(), o, "file");
		}
		final boolean gathers = kind.equals("gathers") || kind.equals("auto") && raw.getProp("memfwi.kind") != null &&
			raw.getProp("memfwi.kind").equals("imported-gathers");
		if (gathers) {
			imported = ImportedAcquisition.stamp(raw, name, acquisitionKeys());
		}
		else {
			if (ForeignImages.cellSizeUnknown(raw)) throw new IllegalArgumentException(name + " carries no cell size: give dx= (m), " +
				"or preset=openfwi (10 m)");
			if (dx > 0) Images.calibrate(raw, dx, Images.VELOCITY_UNIT);
			Images.readModels(raw, "file");
			Images.setProp(raw, "memfwi.kind", "velocity-models");
			Images.setProp(raw, "memfwi.source_file", name);
			imported = raw;
		}
		imported.setTitle("imported");
		results().image("imported.tif", imported);
		progress.status("Imported " + name + ": " + imported.getStackSize() + (gathers ? " shot gathers of " + imported.getWidth() +
			" receivers x " + imported.getHeight() + " samples" : " velocity models of " + imported.getWidth() + " x " +
			imported.getHeight() + " cells"));
	}
}
