package org.memfwi.commands;

import java.io.File;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;

import org.memfwi.core.grid.Grid2D;
import org.memfwi.core.helmholtz.HelmholtzAcquisition;
import org.memfwi.core.helmholtz.HelmholtzConfig;
import org.memfwi.io.HelmholtzData;
import org.memfwi.io.Images;
import org.memfwi.io.NumberLists;
import org.memfwi.io.array.ArraySource;
import org.memfwi.io.hdf5.Hdf5Dataset;
import org.memfwi.io.npy.NpyFile;

import ij.ImagePlus;
import ij.ImageStack;

/**
 * {@code import kind=frequency-data}: frequency-domain (Helmholtz) data of other codes, e.g. the paper code's, as
 * MemFWI's Helmholtz data image ({@link HelmholtzData}) with complete {@code memfwi.*} properties; and Set Acquisition
 * on an open image of such planes ({@link #stamp}). The file is a .npy or HDF5 array, frequencies x sources x
 * receivers, of complex numbers (numpy's complex64 and complex128, h5py's complex compound; read as a trailing axis
 * of real and imaginary parts) or of real numbers holding the real and imaginary parts in one of two layouts:
 * {@code (F, S, R, 2)} (numpy's {@code np.stack([d.real, d.imag], -1)}; the trailing axis is [real, imaginary]) or
 * {@code (2, F, S, R)} ({@code np.stack([d.real, d.imag])}); with one frequency also {@code (S, R, 2)}
 * or {@code (2, S, R)}. A trailing axis of 2 wins when both ends are 2. The acquisition comes from keys: the model
 * grid (nx, nz, dx), the F frequencies (Hz), the S source and R receiver positions (m), the PML width (cells) and its
 * damping (1/s; it is MemFWI's PML for the inversion, which a file of another code does not describe), the stencil
 * and the noise level. Values are taken as they are: codes whose source term differs by a factor (the paper code's
 * {@code +delta / dx^2} is -1 times MemFWI's) are matched by {@code sourcescale=estimate} on the commands.
 */
final class ImportedFrequencyData {

	/** The keys of import and Set Acquisition that describe frequency-domain data. */
	static final class Keys {
		String dataset = "";
		int nx, nz;
		double dx;
		String frequencies = "";
		String sourcex = "", sourcez = "", receiverx = "", receiverz = "";
		int pml = 20;
		double pmlDamping;
		int stencil = 5;
		double noise;

		Keys copy() {
			final Keys c = new Keys();
			c.dataset = dataset;
			c.nx = nx;
			c.nz = nz;
			c.dx = dx;
			c.frequencies = frequencies;
			c.sourcex = sourcex;
			c.sourcez = sourcez;
			c.receiverx = receiverx;
			c.receiverz = receiverz;
			c.pml = pml;
			c.pmlDamping = pmlDamping;
			c.stencil = stencil;
			c.noise = noise;
			return c;
		}
	}

	/** Label and description of the frequencies= key (import and Set Acquisition declare it with these). */
	static final String FREQUENCIES_LABEL = "Frequencies (Hz, comma-separated; frequency-data)";
	static final String FREQUENCIES_DESCRIPTION = "frequency-data only: the F frequencies of the data, in their order";
	/** Label and description of the pmldamping= key. */
	static final String PMLDAMPING_LABEL = "PML maximum damping (1/s; frequency-data)";
	static final String PMLDAMPING_DESCRIPTION = "frequency-data only: sigma_max of the PML used to invert the data (the paper: " +
		"100 on 64 x 64, 200 on 200 x 200); the absorbing layer width is the cpml key's";
	/** Label and description of the stencil= key. */
	static final String STENCIL_LABEL = "Stencil points (5 or 9; frequency-data)";
	static final String STENCIL_DESCRIPTION = "frequency-data only: 5 = the paper's 5-point operator, 9 = the optimal 9-point scheme";

	private ImportedFrequencyData() {}

	/**
	 * Reads the file and returns the data image (one model's data: 2 channels x F frequencies, planes of R x S).
	 *
	 * @throws IllegalArgumentException naming the key or the file and the fix
	 */
	static ImagePlus read(final File file, final Keys k) {
		final String name = file.getName();
		final String lower = name.toLowerCase(Locale.ROOT);
		final boolean npy = lower.endsWith(".npy"), h5 = lower.endsWith(".h5") || lower.endsWith(".hdf5");
		if (!npy && !h5) throw new IllegalArgumentException("file: kind=frequency-data reads a .npy or HDF5 (.h5, .hdf5) array of " +
			"shape (F, S, R, 2) or (2, F, S, R), real and imaginary parts; " + name + " is neither");
		final double[] values;
		final int nf, ns, nr;
		try (ArraySourceHandle a = new ArraySourceHandle(npy ? NpyFile.openComplexAsPairs(file.toPath()) : Hdf5Dataset.openComplexAsPairs(file.toPath(),
			k.dataset == null ? "" : k.dataset.trim()))) {
			final int[] shape = a.source.shape();
			final boolean trailing;
			final int[] fsr;
			if (shape.length == 4 && shape[3] == 2 || shape.length == 3 && shape[2] == 2) {
				trailing = true;
				fsr = shape.length == 4 ? new int[] { shape[0], shape[1], shape[2] } : new int[] { 1, shape[0], shape[1] };
			}
			else if (shape.length == 4 && shape[0] == 2 || shape.length == 3 && shape[0] == 2) {
				trailing = false;
				fsr = shape.length == 4 ? new int[] { shape[1], shape[2], shape[3] } : new int[] { 1, shape[1], shape[2] };
			}
			else throw new IllegalArgumentException("file: " + name + " has shape " + Arrays.toString(shape) + "; kind=frequency-data " +
				"needs (F, S, R, 2) or (2, F, S, R) (real and imaginary parts; with one frequency (S, R, 2) or (2, S, R)), e.g. " +
				"np.save(f, np.stack([d.real, d.imag], -1)) for a complex array d of frequencies x sources x receivers");
			nf = fsr[0];
			ns = fsr[1];
			nr = fsr[2];
			values = new double[2 * nf * ns * nr];
			final int plane = ns * nr;
			if (trailing) {
				// entries along the first axis: frequency f (S x R x 2), or with one frequency source s (R x 2)
				final boolean single = shape.length == 3;
				final int entries = single ? ns : nf;
				float[] e = null;
				for (int i = 0; i < entries; i++) {
					e = a.source.readEntry(i, e);
					final int f = single ? 0 : i, s0 = single ? i : 0, sCount = single ? 1 : ns;
					for (int s = 0; s < sCount; s++)
						for (int r = 0; r < nr; r++)
							for (int part = 0; part < 2; part++)
								values[(part + 2 * f) * plane + (s0 + s) * nr + r] = e[(s * nr + r) * 2 + part];
				}
			}
			else {
				float[] e = null;
				for (int part = 0; part < 2; part++) {
					e = a.source.readEntry(part, e);
					for (int f = 0; f < nf; f++)
						for (int i = 0; i < plane; i++) values[(part + 2 * f) * plane + i] = e[f * plane + i];
				}
			}
		}
		catch (final IOException e) {
			throw new IllegalArgumentException("file: cannot read " + name + ": " + e.getMessage(), e);
		}
		for (final double v : values)
			if (!Double.isFinite(v)) throw new IllegalArgumentException("file: " + name + " holds a value " + v + "; every value must " +
				"be finite");
		return build(new double[][] { values }, nf, ns, nr, name, k, null);
	}

	/**
	 * Stamps a frequency-domain acquisition onto an open image of Helmholtz data (Set Acquisition): 32-bit (or
	 * convertible) planes of receivers (width) x sources (height), two per frequency (real, then imaginary: ImageJ's
	 * channel order), the planes of several models one after the other. Keys not given (0 or blank) are taken from
	 * the image's own {@code memfwi.*} properties when it has them (grid, positions, frequencies, PML damping), so
	 * that data made by forward can be re-stamped with one key changed.
	 *
	 * @param name the image's title, for messages
	 * @return the data image with complete properties and hyperstack dimensions (2 channels x F slices x models)
	 * @throws IllegalArgumentException naming the missing key, or the key that disagrees with the image
	 */
	static ImagePlus stamp(final ImagePlus data, final String name, final Keys given) {
		final Keys k = withImageProperties(given, data);
		if (k.frequencies == null || k.frequencies.trim().isEmpty()) throw new IllegalArgumentException(name + " has no frequencies: " +
			"give frequencies= (Hz, comma-separated, one per pair of planes real, imaginary), e.g. frequencies=3,4");
		final double[] hz = NumberLists.doubles(k.frequencies, "frequencies", "4,6");
		final int nf = hz.length, planes = data.getStackSize();
		if (data.getNChannels() == 2 && data.getNSlices() != nf) throw new IllegalArgumentException("frequencies: " + name + " holds " +
			data.getNSlices() + " frequencies (slices of 2 channels) but frequencies= lists " + nf + "; give one frequency per slice");
		if (planes % (2 * nf) != 0) throw new IllegalArgumentException("frequencies: " + name + " has " + planes + " planes, not a " +
			"multiple of 2 x " + nf + " frequenc" + (nf == 1 ? "y" : "ies") + " (a real and an imaginary plane per frequency and " +
			"model); give one frequency per pair of planes");
		final int models = planes / (2 * nf), ns = data.getHeight(), nr = data.getWidth(), plane = ns * nr;
		final double[][] values = new double[models][2 * nf * plane];
		final ImageStack stack = data.getStack();
		for (int m = 0; m < models; m++)
			for (int q = 0; q < 2 * nf; q++) {
				final float[] px = (float[]) stack.getProcessor(m * 2 * nf + q + 1).convertToFloat().getPixels();
				for (int i = 0; i < plane; i++) {
					if (!Float.isFinite(px[i])) throw new IllegalArgumentException(name + " has the non-finite value " + px[i] + " in plane " +
						(m * 2 * nf + q + 1) + " at (receiver " + (i % nr + 1) + ", source " + (i / nr + 1) + "); repair the data first");
					values[m][q * plane + i] = px[i];
				}
			}
		return build(values, nf, ns, nr, name, k, hz);
	}

	/** The keys, with the ones not given (0 or blank) taken from the image's memfwi.* properties where present. */
	private static Keys withImageProperties(final Keys given, final ImagePlus imp) {
		final Keys k = given.copy();
		if (k.nx <= 0 && imp.getProp("memfwi.nx") != null) k.nx = (int) number(imp, "memfwi.nx");
		if (k.nz <= 0 && imp.getProp("memfwi.nz") != null) k.nz = (int) number(imp, "memfwi.nz");
		if (!(k.dx > 0) && imp.getProp("memfwi.dx") != null) k.dx = number(imp, "memfwi.dx");
		if (blank(k.frequencies)) k.frequencies = prop(imp, "memfwi.frequencies");
		if (blank(k.sourcex)) k.sourcex = prop(imp, "memfwi.src_x");
		if (blank(k.sourcez)) k.sourcez = prop(imp, "memfwi.src_z");
		if (blank(k.receiverx)) k.receiverx = prop(imp, "memfwi.rec_x");
		if (blank(k.receiverz)) k.receiverz = prop(imp, "memfwi.rec_z");
		if (!(k.pmlDamping > 0) && imp.getProp("memfwi.sigma") != null) k.pmlDamping = number(imp, "memfwi.sigma");
		if (k.noise == 0 && imp.getProp("memfwi.noise") != null) k.noise = number(imp, "memfwi.noise");
		return k;
	}

	private static boolean blank(final String s) {
		return s == null || s.trim().isEmpty();
	}

	private static String prop(final ImagePlus imp, final String key) {
		final String v = imp.getProp(key);
		return v == null ? "" : v.trim();
	}

	private static double number(final ImagePlus imp, final String key) {
		try {
			return Double.parseDouble(imp.getProp(key).trim());
		}
		catch (final NumberFormatException e) {
			throw new IllegalArgumentException("data: " + key + " = " + imp.getProp(key) + " is not a number; give the key " +
				key.substring("memfwi.".length()) + "= instead", e);
		}
	}

	/**
	 * The data image of the given values (per model {@code 2 * nf * ns * nr} values in the operator's order) with the
	 * acquisition of the keys, checked against the counts.
	 *
	 * @param parsed the frequencies when already parsed, or null
	 */
	private static ImagePlus build(final double[][] values, final int nf, final int ns, final int nr, final String name, final Keys k,
		final double[] parsed) {
		if (!(k.dx > 0)) throw new IllegalArgumentException("dx: frequency-domain data carry the model grid; give dx= (m), nx= and " +
			"nz= (cells) of the models the data belong to");
		if (k.nx < 1 || k.nz < 1) throw new IllegalArgumentException("nx, nz: frequency-domain data carry the model grid; give nx= " +
			"and nz= (cells), got " + k.nx + " x " + k.nz);
		final Grid2D grid = new Grid2D(k.nx, k.nz, k.dx);
		final double[] hz = parsed != null ? parsed : k.frequencies == null || k.frequencies.trim().isEmpty() ? new double[0] :
			NumberLists.doubles(k.frequencies, "frequencies", "4,6");
		if (hz.length != nf) throw new IllegalArgumentException("frequencies: " + name + " holds " + nf + " frequenc" +
			(nf == 1 ? "y" : "ies") + " but frequencies= lists " + hz.length + "; give the " + nf + " frequencies of the file in Hz, " +
			"in its order, e.g. frequencies=" + (nf == 1 ? "4" : "3,4"));
		final double[] sx = positions(k.sourcex, "sourcex", ns, "sources", name), rx = positions(k.receiverx, "receiverx", nr,
			"receivers", name);
		final double[] sz = depths(k.sourcez, "sourcez", ns, grid), rz = depths(k.receiverz, "receiverz", nr, grid);
		final HelmholtzAcquisition acq = new HelmholtzAcquisition(sx, sz, rx, rz).validate(grid);
		if (!(k.pmlDamping > 0) || Double.isInfinite(k.pmlDamping)) throw new IllegalArgumentException("pmldamping: give the PML " +
			"maximum damping (1/s) for inverting these data, e.g. pmldamping=100 as the paper's 64 x 64 runs; a file of another " +
			"code does not record it, and the automatic value needs the model's highest velocity");
		final HelmholtzConfig cfg = HelmholtzConfig.defaults().withFrequencies(hz).withPml(k.pml).withSigmaMax(k.pmlDamping)
			.withStencil(HelmholtzWorkflow.stencil(k.stencil)).validate();
		if (!(k.noise >= 0)) throw new IllegalArgumentException("noise must be 0 (unknown) or the data's noise level, got " + k.noise);
		final ImagePlus imp = HelmholtzData.toImage("imported", grid, acq, cfg, values, k.noise);
		Images.setProp(imp, "memfwi.source_file", name);
		return imp;
	}

	private static double[] positions(final String text, final String key, final int count, final String what, final String file) {
		if (text == null || text.trim().isEmpty()) throw new IllegalArgumentException(file + " has no " + what.substring(0,
			what.length() - 1) + " positions: give " + key + "= (m, " + count + " comma-separated values)");
		final double[] v = NumberLists.doubles(text, key);
		if (v.length != count) throw new IllegalArgumentException(key + ": " + file + " holds " + count + " " + what + " but " + key +
			"= lists " + v.length + " positions; give " + count);
		return v;
	}

	/** Depths (m): the list given, one value for all, or empty for one cell deep. */
	private static double[] depths(final String text, final String key, final int count, final Grid2D grid) {
		final double[] v = new double[count];
		if (text == null || text.trim().isEmpty()) {
			Arrays.fill(v, grid.dx());
			return v;
		}
		final double[] g = NumberLists.doubles(text, key);
		if (g.length == 1) {
			Arrays.fill(v, g[0]);
			return v;
		}
		if (g.length != count) throw new IllegalArgumentException(key + ": give one depth for all or " + count + " depths (m), got " +
			g.length);
		return g;
	}

	/** Closes an HDF5 dataset after reading (a .npy source holds no open file). */
	private static final class ArraySourceHandle implements AutoCloseable {
		final ArraySource source;

		ArraySourceHandle(final ArraySource source) {
			this.source = source;
		}

		@Override
		public void close() {
			if (source instanceof Hdf5Dataset) ((Hdf5Dataset) source).close();
		}
	}
}
