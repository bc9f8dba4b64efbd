package org.memfwi.commands;

import java.util.Locale;

import org.memfwi.core.helmholtz.HelmholtzAcquisition;
import org.memfwi.core.helmholtz.HelmholtzConfig;
import org.memfwi.core.helmholtz.PaperPreset;
import org.memfwi.core.util.Table;
import org.memfwi.io.HelmholtzData;

import ij.ImagePlus;
import ij.ImageStack;

/**
 * The {@code preset=paper-64|paper-200} key of the commands that read observed data (fwi and the posteriors): the
 * paper's frequency-domain geometry ({@link PaperPreset}) for data that carry none, and a check for data that do.
 * <ul>
 * <li>Data with {@code memfwi.*} properties (made by {@code forward}) keep them; the preset only checks that they are
 * the preset's grid, frequency, PML and survey, and refuses them naming the first difference.</li>
 * <li>Data without them (e.g. the paper code's {@code d_obs} brought in with {@code import}: a 32-bit image of
 * receivers (width) x sources (height), two slices, real and imaginary part) get the preset's geometry, and as noise
 * level the paper's {@code noise_rel max|d| / sqrt(2)} per part, with max|d| the largest modulus of these (noisy)
 * data.</li>
 * </ul>
 */
final class PresetData {

	private PresetData() {}

	/** True when the preset text names no preset (empty or "none"). */
	static boolean none(final String preset) {
		return preset == null || preset.trim().isEmpty() || preset.trim().equalsIgnoreCase("none");
	}

	/**
	 * The data image to read, with the preset applied as the class comment says (the image itself when no preset).
	 *
	 * @param key the data parameter's name, for messages
	 * @throws IllegalArgumentException naming preset or the data parameter and the disagreement
	 */
	static ImagePlus apply(final ImagePlus data, final String preset, final String key) {
		if (none(preset) || data == null) return data;
		final PaperPreset p = PaperPreset.of(preset);
		final String physics = data.getProp("memfwi.physics");
		if (physics != null && !physics.trim().isEmpty()) {
			check(HelmholtzData.read(data, key), p, key, data.getTitle(), physics.trim());
			return data;
		}
		final HelmholtzAcquisition acq = p.acquisition();
		final int nr = acq.receivers(), ns = acq.sources();
		if (data.getBitDepth() != 32 || data.getWidth() != nr || data.getHeight() != ns || data.getStackSize() != 2)
			throw new IllegalArgumentException(String.format(Locale.ROOT, "%s ('%s') has no memfwi.* properties, so preset=%s reads it " +
				"as the paper's data: a 32-bit image of %d receivers (width) x %d sources (height) x 2 slices (real, imaginary); it is " +
				"%d x %d x %d (%d-bit); import the data with that shape, or leave preset empty for data made by forward", key,
				data.getTitle(), p.name(), nr, ns, data.getWidth(), data.getHeight(), data.getStackSize(), data.getBitDepth()));
		final ImageStack st = data.getStack();
		final float[] re = (float[]) st.getProcessor(1).getPixels(), im = (float[]) st.getProcessor(2).getPixels();
		final double[] y = new double[2 * nr * ns];
		double max = 0;
		for (int i = 0; i < re.length; i++) {
			if (!Float.isFinite(re[i]) || !Float.isFinite(im[i])) throw new IllegalArgumentException(key + " ('" + data.getTitle() +
				"') has a non-finite value at (receiver " + (i % nr + 1) + ", source " + (i / nr + 1) + ")");
			y[i] = re[i];
			y[nr * ns + i] = im[i];
			max = Math.max(max, Math.hypot(re[i], im[i]));
		}
		final HelmholtzConfig cfg = p.config();
		final String title = data.getTitle() == null ? "data" : data.getTitle().replaceFirst("\\.tiff?$", "");
		return HelmholtzData.toImage(title + "-" + p.name(), new HelmholtzData.Dataset(p.grid(), acq, cfg, y, p.noiseStd(max)));
	}

	private static void check(final HelmholtzData.Dataset d, final PaperPreset p, final String key, final String title,
		final String physics) {
		final String head = "preset=" + p.name() + " wants the paper's geometry, but " + key + " ('" + title + "') ";
		final String fix = "; leave preset empty to use the geometry recorded with the data";
		if (!physics.equals(HelmholtzData.PHYSICS)) throw new IllegalArgumentException(head + "are " + physics + " data" + fix);
		if (!d.grid.sameAs(p.grid()) || d.grid.nx() != p.grid().nx() || d.grid.nz() != p.grid().nz())
			throw new IllegalArgumentException(head + "belong to " + d.grid + ", the preset to " + p.grid() + fix);
		final double[] f = d.config.frequencies();
		if (f.length != 1 || Math.abs(f[0] - p.frequency()) > 1e-9 * p.frequency()) throw new IllegalArgumentException(head +
			"have frequencies " + join(f) + " Hz, the preset " + Table.format(p.frequency()) + " Hz" + fix);
		if (d.config.pml() != p.pml()) throw new IllegalArgumentException(head + "have a PML of " + d.config.pml() + " cells, the " +
			"preset " + p.pml() + fix);
		if (Math.abs(d.config.sigmaMax() - p.pmlDamping()) > 1e-9 * p.pmlDamping()) throw new IllegalArgumentException(head +
			"have a PML damping of " + Table.format(d.config.sigmaMax()) + " 1/s, the preset " + Table.format(p.pmlDamping()) + fix);
		final HelmholtzAcquisition a = d.acquisition, b = p.acquisition();
		if (!same(a.sourceX(), b.sourceX()) || !same(a.sourceZ(), b.sourceZ())) throw new IllegalArgumentException(head + "have " +
			a.sources() + " sources at x = " + join(a.sourceX()) + " m, the preset " + b.sources() + " at x = " + join(b.sourceX()) +
			" m, z = " + Table.format(b.sourceZ()[0]) + " m" + fix);
		if (!same(a.receiverX(), b.receiverX()) || !same(a.receiverZ(), b.receiverZ())) throw new IllegalArgumentException(head +
			"have " + a.receivers() + " receivers, not the preset's " + b.receivers() + " on row " + (p.grid().nz() - 1 - p.pad()) + fix);
	}

	private static boolean same(final double[] a, final double[] b) {
		if (a.length != b.length) return false;
		for (int i = 0; i < a.length; i++)
			if (Math.abs(a[i] - b[i]) > 1e-6) return false;
		return true;
	}

	private static String join(final double[] v) {
		final StringBuilder sb = new StringBuilder();
		for (int i = 0; i < v.length; i++) sb.append(i > 0 ? ", " : "").append(Table.format(v[i]));
		return sb.toString();
	}
}
