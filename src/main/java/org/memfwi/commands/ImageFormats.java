package org.memfwi.commands;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.memfwi.io.HelmholtzData;
import org.memfwi.io.Images;
import org.memfwi.io.npy.NpyWriter;
import org.memfwi.io.segy.SegyWriter;

import ij.ImagePlus;

/**
 * The {@code format=} key of every command: result images are always TIFFs; {@code npy} adds a NumPy copy of every
 * 32-bit image ((N, height, width) float32, or (height, width) for one slice; Helmholtz data as complex64 (F, sources,
 * receivers), or (models, F, sources, receivers), the array import kind=frequency-data reads), {@code segy} a SEG-Y copy of velocity
 * models (one trace per column) and time-domain shot gathers (positions in the trace headers), for Python, segyio,
 * Madagascar or OpendTect users.
 */
final class ImageFormats {

	private final boolean npy, segy;

	private ImageFormats(final boolean npy, final boolean segy) {
		this.npy = npy;
		this.segy = segy;
	}

	/** Parses {@code tif,npy,segy} (any subset; tif is always written). */
	static ImageFormats parse(final String text) {
		boolean n = false, s = false;
		if (text != null)
			for (final String part : text.split("[,\\s]+")) {
				final String p = part.trim().toLowerCase(Locale.ROOT);
				if (p.isEmpty() || p.equals("tif") || p.equals("tiff")) continue;
				if (p.equals("npy")) n = true;
				else if (p.equals("segy") || p.equals("sgy")) s = true;
				else throw new IllegalArgumentException("format=" + text + ": '" + part + "' is not an image format; use tif, npy and/or " +
					"segy, e.g. format=tif,npy,segy");
			}
		return new ImageFormats(n, s);
	}

	/** Adds the .npy and SEG-Y copies of the result images. */
	void addCopies(final Results results) {
		if (!npy && !segy) return;
		final Map<String, ImagePlus> images = new LinkedHashMap<>(results.images());
		for (final Map.Entry<String, ImagePlus> e : images.entrySet()) {
			final ImagePlus imp = e.getValue();
			if (imp.getBitDepth() != 32) continue;
			final String base = e.getKey().replaceFirst("\\.tiff?$", "");
			final float[][] planes = planes(imp);
			final int w = imp.getWidth(), h = imp.getHeight();
			if (npy && HelmholtzData.KIND.equals(imp.getProp("memfwi.kind")) && planes.length % 2 == 0) {
				// frequency-domain data: complex64 (F, S, R), or (M, F, S, R) for several models, as numpy users keep them
				final int nf = imp.getNChannels() == 2 ? imp.getNSlices() : planes.length / 2, models = planes.length / (2 * nf);
				final float[] pairs = new float[planes.length * w * h];
				for (int q = 0; q < planes.length; q++)
					for (int i = 0; i < w * h; i++) pairs[2 * ((q / 2) * w * h + i) + q % 2] = planes[q][i];
				final int[] shape = models == 1 ? new int[] { nf, h, w } : new int[] { models, nf, h, w };
				results.file(base + ".npy", p -> NpyWriter.writeComplex(p, shape, pairs));
			}
			else if (npy) results.file(base + ".npy", p -> NpyWriter.writePlanes(p, w, h, planes, true));
			if (segy) {
				if ("time".equals(imp.getProp("memfwi.physics")) && imp.getProp("memfwi.rec_x") != null) {
					final double dt = Double.parseDouble(imp.getProp("memfwi.dt"));
					final double[] sx = list(imp, "memfwi.src_x"), sz = list(imp, "memfwi.src_z"), rx = list(imp, "memfwi.rec_x"),
						rz = list(imp, "memfwi.rec_z");
					// the gathers of several models follow one another, field records numbering every shot
					final int models = planes.length / sx.length;
					final double[] sxa = tile(sx, models), sza = tile(sz, models);
					results.file(base + ".sgy", p -> SegyWriter.ieee().writeGathers(p, planes, h, dt, sxa, sza, rx, rz));
				}
				else if (Images.VELOCITY_UNIT.equals(imp.getCalibration().getValueUnit()) && "m".equals(imp.getCalibration().getUnit())) {
					final double dx = imp.getCalibration().pixelWidth;
					results.file(base + ".sgy", p -> SegyWriter.ieee().writeModels(p, planes, w, h, dx));
				}
			}
		}
	}

	private static double[] tile(final double[] v, final int times) {
		final double[] o = new double[v.length * times];
		for (int t = 0; t < times; t++) System.arraycopy(v, 0, o, t * v.length, v.length);
		return o;
	}

	private static float[][] planes(final ImagePlus imp) {
		final List<float[]> l = new ArrayList<>();
		for (int s = 1; s <= imp.getStackSize(); s++) l.add((float[]) imp.getStack().getProcessor(s).getPixels());
		return l.toArray(new float[0][]);
	}

	private static double[] list(final ImagePlus imp, final String key) {
		return Arrays.stream(imp.getProp(key).split(",")).mapToDouble(Double::parseDouble).toArray();
	}
}
