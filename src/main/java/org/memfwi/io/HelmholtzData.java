package org.memfwi.io;

import java.util.Locale;

import org.memfwi.core.grid.Grid2D;
import org.memfwi.core.helmholtz.HelmholtzAcquisition;
import org.memfwi.core.helmholtz.HelmholtzConfig;
import org.memfwi.core.helmholtz.HelmholtzOperator;
import org.memfwi.core.helmholtz.HelmholtzSolver;
import org.memfwi.core.helmholtz.Stencil;
import org.memfwi.core.util.Table;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.FloatProcessor;

/**
 * Frequency-domain data as an image and back: a 32-bit hyperstack with two channels (real, imaginary parts), one
 * plane per frequency, width = receivers, height = sources; its pixel order is {@link HelmholtzOperator}'s data order
 * (channels fastest, then frequencies; receivers fastest within a plane). The model grid, the acquisition and the
 * physics travel as properties that survive saving as TIFF: {@code memfwi.kind = helmholtz-data},
 * {@code memfwi.physics = helmholtz}, {@code memfwi.nx}, {@code memfwi.nz}, {@code memfwi.dx} (m),
 * {@code memfwi.src_x}, {@code memfwi.src_z}, {@code memfwi.rec_x}, {@code memfwi.rec_z} (comma-separated m),
 * {@code memfwi.frequencies} (Hz), {@code memfwi.pml} (cells), {@code memfwi.sigma} (PML damping, 1/s, resolved),
 * {@code memfwi.stencil} (5-point or 9-point), {@code memfwi.noise} (standard deviation of the added noise, data
 * units) and {@code memfwi.models} (frames). The data of a stack of models are one hyperstack, frames = models.
 * The modelling itself is {@link org.memfwi.core.helmholtz.HelmholtzForward}.
 */
public final class HelmholtzData {

	public static final String KIND = "helmholtz-data";
	public static final String PHYSICS = "helmholtz";

	private HelmholtzData() {}

	/** Frequency-domain data read from an image: everything needed to rebuild the operator that made it. */
	public static final class Dataset {
		public final Grid2D grid;
		public final HelmholtzAcquisition acquisition;
		public final HelmholtzConfig config;
		/** In {@link HelmholtzOperator}'s order. */
		public final double[] data;
		/** Standard deviation of the noise in the data, data units (0 for clean data). */
		public final double noise;

		public Dataset(final Grid2D grid, final HelmholtzAcquisition acquisition, final HelmholtzConfig config, final double[] data,
			final double noise)
		{
			this.grid = grid;
			this.acquisition = acquisition;
			this.config = config;
			this.data = data;
			this.noise = noise;
		}

		/** The solver these data were made with (same grid, acquisition, frequencies, PML and stencil). */
		public HelmholtzSolver solver() {
			return new HelmholtzSolver(grid, acquisition, config);
		}
	}

	/**
	 * The data image: {@code 2 x frequencies} 32-bit planes of receivers x sources, slice labels such as
	 * "real 4 Hz", the properties listed in the class comment.
	 *
	 * @param d data ({@code 2 * frequencies * sources * receivers} values in the operator's order), grid, acquisition
	 *        and a configuration with a resolved PML damping
	 */
	public static ImagePlus toImage(final String title, final Dataset d) {
		return toImage(title, d.grid, d.acquisition, d.config, new double[][] { d.data }, d.noise);
	}

	/**
	 * The data of one or more models as one image: a hyperstack of 2 channels (real, imaginary) x frequencies (slices)
	 * x models (frames), 32-bit planes of receivers x sources, with the properties listed in the class comment.
	 *
	 * @param data per model {@code 2 * frequencies * sources * receivers} values in the operator's order
	 * @param config the configuration with a resolved PML damping
	 * @param noise standard deviation of the noise added to every value, data units (0 for none)
	 */
	public static ImagePlus toImage(final String title, final Grid2D grid, final HelmholtzAcquisition acq, final HelmholtzConfig config,
		final double[][] data, final double noise) {
		final int nf = config.frequencyCount(), ns = acq.sources(), nr = acq.receivers();
		final ImageStack stack = new ImageStack(nr, ns);
		for (int m = 0; m < data.length; m++) {
			if (data[m].length != 2 * nf * ns * nr) throw new IllegalArgumentException("data has " + data[m].length + " values, " +
				nf + " frequencies x " + ns + " sources x " + nr + " receivers need " + 2 * nf * ns * nr);
			for (int f = 0; f < nf; f++)
				for (int part = 0; part < 2; part++) {
					final float[] px = new float[nr * ns];
					final int off = (part + 2 * f) * nr * ns;
					for (int i = 0; i < px.length; i++) px[i] = (float) data[m][off + i];
					stack.addSlice((data.length > 1 ? "model " + (m + 1) + " " : "") + (part == 0 ? "real " : "imaginary ") +
						Table.format(config.frequency(f)) + " Hz", new FloatProcessor(nr, ns, px));
				}
		}
		final ImagePlus imp = new ImagePlus(title, stack);
		imp.setDimensions(2, nf, data.length);
		imp.setOpenAsHyperStack(true);
		DataProperties.recordGeometry(imp, KIND, PHYSICS, grid, acq.sourceX(), acq.sourceZ(), acq.receiverX(), acq.receiverZ());
		Images.setProp(imp, "memfwi.frequencies", NumberLists.join(config.frequencies()));
		Images.setProp(imp, "memfwi.pml", config.pml());
		Images.setProp(imp, "memfwi.sigma", config.sigmaMax());
		Images.setProp(imp, "memfwi.stencil", config.stencil().label());
		Images.setProp(imp, "memfwi.noise", noise);
		Images.setProp(imp, "memfwi.models", data.length);
		Images.autoContrast(imp);
		return imp;
	}

	/**
	 * Reads the data of one model written by {@link #toImage} (possibly through a TIFF file).
	 *
	 * @param key the parameter name used in error messages, e.g. "data"
	 * @throws IllegalArgumentException naming the parameter and the missing or inconsistent property, or when the
	 *         image holds the data of several models (frames)
	 */
	public static Dataset read(final ImagePlus imp, final String key) {
		final Dataset[] all = readAll(imp, key);
		if (all.length != 1) throw new IllegalArgumentException(key + " ('" + imp.getTitle() + "') holds the data of " + all.length +
			" models (frames); give the data of one model (Image > Duplicate... one frame)");
		return all[0];
	}

	/**
	 * Reads the data of every model (frame) of an image written by {@link #toImage}.
	 *
	 * @param key the parameter name used in error messages, e.g. "data"
	 * @throws IllegalArgumentException naming the parameter and the missing or inconsistent property
	 */
	public static Dataset[] readAll(final ImagePlus imp, final String key) {
		if (imp == null) throw new IllegalArgumentException(key + ": no image given");
		final DataProperties p = new DataProperties(imp, key, "give frequency-domain data made by forward physics=helmholtz " +
			"(saved as TIFF)");
		final String name = p.name();
		final String kind = p.text("memfwi.kind");
		if (!KIND.equals(kind)) throw new IllegalArgumentException(name + " has memfwi.kind = " + kind + ", expected " + KIND +
			"; give frequency-domain data made by forward physics=helmholtz" + (kind.equals(TimeDomainData.KIND) ?
				" (shot gathers need physics=time)" : ""));
		final String physics = p.text("memfwi.physics");
		if (!PHYSICS.equals(physics)) throw new IllegalArgumentException(name + " has memfwi.physics = " + physics +
			", expected " + PHYSICS);
		final Grid2D grid;
		try {
			grid = new Grid2D(p.integer("memfwi.nx"), p.integer("memfwi.nz"), p.number("memfwi.dx"));
		}
		catch (final IllegalArgumentException e) {
			throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
		}
		final HelmholtzAcquisition acq;
		try {
			acq = new HelmholtzAcquisition(p.numbers("memfwi.src_x"), p.numbers("memfwi.src_z"),
				p.numbers("memfwi.rec_x"), p.numbers("memfwi.rec_z")).validate(grid);
		}
		catch (final IllegalArgumentException e) {
			if (e.getMessage().startsWith(name)) throw e;
			throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
		}
		final String st = p.text("memfwi.stencil");
		final HelmholtzConfig cfg;
		try {
			cfg = HelmholtzConfig.defaults().withFrequencies(p.numbers("memfwi.frequencies")).withPml(p.integer(
				"memfwi.pml")).withSigmaMax(p.number("memfwi.sigma")).withStencil(Stencil.fromLabel(st)).validate();
		}
		catch (final IllegalArgumentException e) {
			if (e.getMessage().startsWith(name)) throw e;
			throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
		}
		final double noise = p.number("memfwi.noise");
		if (imp.getBitDepth() != 32) throw new IllegalArgumentException(name + " is not a 32-bit image");
		final int nf = cfg.frequencyCount(), ns = acq.sources(), nr = acq.receivers();
		if (imp.getWidth() != nr || imp.getHeight() != ns || imp.getStackSize() % (2 * nf) != 0 ||
			imp.getNChannels() == 2 && imp.getNSlices() != nf)
			throw new IllegalArgumentException(String.format(Locale.ROOT, "%s is %d x %d x %d planes but its properties describe %d " +
				"receivers (width) x %d sources (height) x 2 channels x %d frequencies", name, imp.getWidth(), imp.getHeight(),
				imp.getStackSize(), nr, ns, nf));
		final Dataset[] out = new Dataset[imp.getStackSize() / (2 * nf)];
		final ImageStack stack = imp.getStack();
		for (int m = 0; m < out.length; m++) {
			final double[] data = new double[2 * nf * ns * nr];
			for (int q = 0; q < 2 * nf; q++) {
				final int plane = m * 2 * nf + q + 1;
				final float[] px = (float[]) stack.getProcessor(plane).getPixels();
				for (int i = 0; i < px.length; i++) {
					if (!Float.isFinite(px[i])) throw new IllegalArgumentException(name + " has a non-finite value in plane " + plane +
						" at (receiver " + (i % nr + 1) + ", source " + (i / nr + 1) + ")");
					data[q * nr * ns + i] = px[i];
				}
			}
			out[m] = new Dataset(grid, acq, cfg, data, noise);
		}
		return out;
	}
}
