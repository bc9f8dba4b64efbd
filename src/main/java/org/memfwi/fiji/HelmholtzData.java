package org.memfwi.fiji;

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
 * {@code memfwi.stencil} (5-point or 9-point) and {@code memfwi.noise} (standard deviation of the added noise, data
 * units).
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
		final int nf = d.config.frequencyCount(), ns = d.acquisition.sources(), nr = d.acquisition.receivers();
		if (d.data.length != 2 * nf * ns * nr) throw new IllegalArgumentException("data has " + d.data.length + " values, " +
			nf + " frequencies x " + ns + " sources x " + nr + " receivers need " + 2 * nf * ns * nr);
		final ImageStack stack = new ImageStack(nr, ns);
		for (int f = 0; f < nf; f++)
			for (int part = 0; part < 2; part++) {
				final float[] px = new float[nr * ns];
				final int off = (part + 2 * f) * nr * ns;
				for (int i = 0; i < px.length; i++) px[i] = (float) d.data[off + i];
				stack.addSlice((part == 0 ? "real " : "imaginary ") + Table.format(d.config.frequency(f)) + " Hz",
					new FloatProcessor(nr, ns, px));
			}
		final ImagePlus imp = new ImagePlus(title, stack);
		imp.setDimensions(2, nf, 1);
		imp.setOpenAsHyperStack(true);
		Images.setProp(imp, "memfwi.kind", KIND);
		Images.setProp(imp, "memfwi.physics", PHYSICS);
		Images.setProp(imp, "memfwi.nx", d.grid.nx());
		Images.setProp(imp, "memfwi.nz", d.grid.nz());
		Images.setProp(imp, "memfwi.dx", d.grid.dx());
		Images.setProp(imp, "memfwi.src_x", list(d.acquisition.sourceX()));
		Images.setProp(imp, "memfwi.src_z", list(d.acquisition.sourceZ()));
		Images.setProp(imp, "memfwi.rec_x", list(d.acquisition.receiverX()));
		Images.setProp(imp, "memfwi.rec_z", list(d.acquisition.receiverZ()));
		Images.setProp(imp, "memfwi.frequencies", list(d.config.frequencies()));
		Images.setProp(imp, "memfwi.pml", d.config.pml());
		Images.setProp(imp, "memfwi.sigma", d.config.sigmaMax());
		Images.setProp(imp, "memfwi.stencil", d.config.stencil().label());
		Images.setProp(imp, "memfwi.noise", d.noise);
		Images.autoContrast(imp);
		return imp;
	}

	private static String list(final double[] v) {
		final StringBuilder sb = new StringBuilder();
		for (int i = 0; i < v.length; i++) {
			if (i > 0) sb.append(',');
			sb.append(Table.format(v[i]));
		}
		return sb.toString();
	}

	/**
	 * Reads data written by {@link #toImage} (possibly through a TIFF file).
	 *
	 * @param key the parameter name used in error messages, e.g. "data"
	 * @throws IllegalArgumentException naming the parameter and the missing or inconsistent property
	 */
	public static Dataset read(final ImagePlus imp, final String key) {
		if (imp == null) throw new IllegalArgumentException(key + ": no image given");
		final String name = key + " ('" + imp.getTitle() + "')";
		final String kind = prop(imp, name, "memfwi.kind");
		if (!KIND.equals(kind)) throw new IllegalArgumentException(name + " has memfwi.kind = " + kind + ", expected " + KIND +
			"; give frequency-domain data made by forward physics=helmholtz");
		final String physics = prop(imp, name, "memfwi.physics");
		if (!PHYSICS.equals(physics)) throw new IllegalArgumentException(name + " has memfwi.physics = " + physics +
			", expected " + PHYSICS);
		final Grid2D grid;
		try {
			grid = new Grid2D(integer(imp, name, "memfwi.nx"), integer(imp, name, "memfwi.nz"), number(imp, name, "memfwi.dx"));
		}
		catch (final IllegalArgumentException e) {
			throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
		}
		final HelmholtzAcquisition acq;
		try {
			acq = new HelmholtzAcquisition(numbers(imp, name, "memfwi.src_x"), numbers(imp, name, "memfwi.src_z"),
				numbers(imp, name, "memfwi.rec_x"), numbers(imp, name, "memfwi.rec_z")).validate(grid);
		}
		catch (final IllegalArgumentException e) {
			if (e.getMessage().startsWith(name)) throw e;
			throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
		}
		final String st = prop(imp, name, "memfwi.stencil");
		final HelmholtzConfig cfg;
		try {
			cfg = HelmholtzConfig.defaults().withFrequencies(numbers(imp, name, "memfwi.frequencies")).withPml(integer(imp, name,
				"memfwi.pml")).withSigmaMax(number(imp, name, "memfwi.sigma")).withStencil(Stencil.fromLabel(st)).validate();
		}
		catch (final IllegalArgumentException e) {
			if (e.getMessage().startsWith(name)) throw e;
			throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
		}
		final double noise = number(imp, name, "memfwi.noise");
		if (imp.getBitDepth() != 32) throw new IllegalArgumentException(name + " is not a 32-bit image");
		final int nf = cfg.frequencyCount(), ns = acq.sources(), nr = acq.receivers();
		if (imp.getWidth() != nr || imp.getHeight() != ns || imp.getStackSize() != 2 * nf)
			throw new IllegalArgumentException(String.format(Locale.ROOT, "%s is %d x %d x %d planes but its properties describe %d " +
				"receivers (width) x %d sources (height) x 2 channels x %d frequencies", name, imp.getWidth(), imp.getHeight(),
				imp.getStackSize(), nr, ns, nf));
		final double[] data = new double[2 * nf * ns * nr];
		final ImageStack stack = imp.getStack();
		for (int p = 0; p < 2 * nf; p++) {
			final float[] px = (float[]) stack.getProcessor(p + 1).getPixels();
			for (int i = 0; i < px.length; i++) {
				if (!Float.isFinite(px[i])) throw new IllegalArgumentException(name + " has a non-finite value in plane " + (p + 1) +
					" at (receiver " + (i % nr + 1) + ", source " + (i / nr + 1) + ")");
				data[p * nr * ns + i] = px[i];
			}
		}
		return new Dataset(grid, acq, cfg, data, noise);
	}

	/**
	 * Checks that data belong to a model grid.
	 *
	 * @throws IllegalArgumentException naming the key that disagrees
	 */
	public static void checkGrid(final Dataset d, final Grid2D model, final String key) {
		if (d.grid.nx() != model.nx()) throw new IllegalArgumentException(key + ": memfwi.nx = " + d.grid.nx() +
			" but the model is " + model.nx() + " cells wide; use data made on this model's grid");
		if (d.grid.nz() != model.nz()) throw new IllegalArgumentException(key + ": memfwi.nz = " + d.grid.nz() +
			" but the model is " + model.nz() + " cells high; use data made on this model's grid");
		if (!d.grid.sameAs(model)) throw new IllegalArgumentException(key + ": memfwi.dx = " + d.grid.dx() +
			" m but the model's cell size is " + model.dx() + " m; use data made on this model's grid");
	}

	private static String prop(final ImagePlus imp, final String name, final String key) {
		final String v = imp.getProp(key);
		if (v == null || v.trim().isEmpty()) throw new IllegalArgumentException(name + " has no property " + key +
			"; give frequency-domain data made by forward physics=helmholtz (saved as TIFF)");
		return v.trim();
	}

	private static double number(final ImagePlus imp, final String name, final String key) {
		final String v = prop(imp, name, key);
		try {
			return Double.parseDouble(v);
		}
		catch (final NumberFormatException e) {
			throw new IllegalArgumentException(name + " has " + key + " = '" + v + "', which is not a number");
		}
	}

	private static int integer(final ImagePlus imp, final String name, final String key) {
		final double v = number(imp, name, key);
		if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) throw new IllegalArgumentException(name + " has " + key + " = " +
			v + ", which is not a whole number");
		return (int) v;
	}

	private static double[] numbers(final ImagePlus imp, final String name, final String key) {
		final String[] parts = prop(imp, name, key).split(",");
		final double[] v = new double[parts.length];
		for (int i = 0; i < parts.length; i++) {
			try {
				v[i] = Double.parseDouble(parts[i].trim());
			}
			catch (final NumberFormatException e) {
				throw new IllegalArgumentException(name + " has " + key + " = '" + imp.getProp(key) + "': item " + (i + 1) +
					" is not a number");
			}
		}
		return v;
	}
}
