package org.memfwi.io;

import org.memfwi.commands.ForwardInputs;
import org.memfwi.commands.FwiInputs;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import org.memfwi.core.grid.Grid2D;
import org.memfwi.core.helmholtz.HelmholtzAcquisition;
import org.memfwi.core.helmholtz.HelmholtzConfig;
import org.memfwi.core.helmholtz.HelmholtzFwi;
import org.memfwi.core.helmholtz.HelmholtzNoise;
import org.memfwi.core.helmholtz.HelmholtzOperator;
import org.memfwi.core.helmholtz.HelmholtzSolver;
import org.memfwi.core.helmholtz.Stencil;
import org.memfwi.core.helmholtz.VelocityPixels;
import org.memfwi.core.progress.Progress;
import org.memfwi.core.util.Memory;
import org.memfwi.core.util.Parallel;
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
 * <p>
 * Also the orchestration of the {@code forward} and {@code fwi} commands for {@code physics=helmholtz}
 * ({@link #forward}, {@link #invert}), as {@link TimeDomainData} does for the time domain.
 */
public final class HelmholtzData {

	public static final String KIND = "helmholtz-data";
	public static final String PHYSICS = "helmholtz";

	/** Default number of sources (the paper's 5; fewer on grids narrower than 5 cells). */
	public static final int SOURCES = 5;
	/** Default number of receivers (the paper's 40; one per column on grids narrower than 40 cells). */
	public static final int RECEIVERS = 40;
	/** Default depth of sources and receivers, cells. */
	public static final int DEPTH_CELLS = 2;

	private HelmholtzData() {}

	/** What the forward command asks for: the shared parameters (0 or -1 mean the defaults above) and the operator's. */
	public static final class ForwardSpec extends ForwardInputs {
		/** Hz, comma-separated. */
		public String frequencies = "4";
		/** 5 or 9 points. */
		public int stencil = 5;
		/** PML width in cells. */
		public int pml = 20;
	}

	/**
	 * Models frequency-domain data for every model of the stack and returns them as one image (a hyperstack, frames =
	 * models, for several) with the acquisition properties. The PML damping is set for the stack's highest velocity;
	 * relative noise is a fraction of the largest |d| over the whole stack, and the noise of model i comes from its own
	 * random stream (i) of the seed.
	 *
	 * @throws IllegalArgumentException naming the bad parameter
	 */
	public static ImagePlus forward(final ForwardSpec s, final Progress progress) {
		final Images.ModelStack ms = Images.readModels(s.model, "model");
		final Grid2D grid = ms.grid;
		if (s.frequencies == null || s.frequencies.trim().isEmpty())
			throw new IllegalArgumentException("frequencies: give at least one frequency in Hz, e.g. frequencies=4 or frequencies=3,5,7");
		final double[] hz = TimeDomainData.parseList(s.frequencies, "frequencies");
		if (s.pml < 1) throw new IllegalArgumentException("cpml (absorbing layer width) must be at least 1 cell for physics=helmholtz, " +
			"got " + s.pml + "; use about half a wavelength, e.g. 20 cells");
		double vmax = 0;
		for (final float[] m : ms.models) for (final float v : m) vmax = Math.max(vmax, v);
		final HelmholtzConfig cfg = HelmholtzConfig.defaults().withFrequencies(hz).withPml(s.pml).withStencil(stencil(s.stencil))
			.validate().resolve(vmax, grid.dx());
		final HelmholtzAcquisition acq = acquisition(s, grid);
		if (!(s.noise >= 0)) throw new IllegalArgumentException("noise must be >= 0, got " + s.noise);
		final int models = ms.size(), workers = Math.min(models, Parallel.threads(s.threads));
		final int perWorker = Math.max(1, Parallel.threads(s.threads) / workers);
		final HelmholtzSolver solver = new HelmholtzSolver(grid, acq, cfg.withThreads(perWorker));
		// Every frequency in progress holds its factors and the wavefields of every source; all data are kept.
		final long inFlight = (long) workers * Math.min(perWorker, cfg.frequencyCount());
		Memory.require(inFlight * (solver.analysis().factorBytes() + 32L * acq.sources() * solver.unknowns()) +
			16L * models * cfg.frequencyCount() * acq.sources() * acq.receivers(), "Helmholtz modelling of " + models + " model(s) on " +
				solver.extendedNx() + " x " + solver.extendedNz() + " cells (" + inFlight + " frequencies at a time)",
			"use fewer threads, fewer models or a coarser grid");
		final double[][] data = new double[models][];
		final AtomicInteger done = new AtomicInteger();
		progress.status("Helmholtz forward modelling: " + models + " model(s), " + cfg.frequencyCount() + " frequencies, " +
			acq.sources() + " sources");
		// One operator for all models (thread-safe): it warns once about the sampling of the slowest velocity. A single
		// model shows the operator's own progress per frequency.
		final HelmholtzOperator op = new HelmholtzOperator(solver, new VelocityPixels(grid), models == 1 ? progress : progress.quiet());
		Parallel.forEach(models, workers, m -> {
			progress.checkCanceled();
			final double[] v = new double[grid.size()];
			for (int i = 0; i < v.length; i++) v[i] = ms.models[m][i];
			data[m] = op.apply(v, null);
			progress.fraction(done.incrementAndGet() / (double) models);
		});
		double std = s.noise;
		if (s.relative && s.noise > 0) {
			double max = 0;
			for (final double[] d : data) max = Math.max(max, HelmholtzNoise.maxModulus(d, acq.sources() * acq.receivers()));
			std = s.noise * max;
		}
		for (int m = 0; m < models; m++) HelmholtzNoise.addGaussian(data[m], std, s.seed, m);
		final String base = s.model.getTitle() == null ? "model" : s.model.getTitle().replaceFirst("\\.tiff?$", "");
		return toImage(base + "-data", grid, acq, cfg, data, std);
	}

	/** The stencil of the {@code stencil} parameter (5 or 9 points). */
	static Stencil stencil(final int points) {
		if (points == 5) return Stencil.FIVE_POINT;
		if (points == 9) return Stencil.NINE_POINT;
		throw new IllegalArgumentException("stencil must be 5 (the paper's 5-point operator) or 9 (optimal 9-point), got " + points);
	}

	private static HelmholtzAcquisition acquisition(final ForwardSpec s, final Grid2D grid) {
		final double depth = s.depth >= 0 ? s.depth : Math.min(DEPTH_CELLS, grid.nz() - 1) * grid.dx();
		final double[] autoSrc = HelmholtzAcquisition.spread(grid, s.sources > 0 ? s.sources : Math.min(SOURCES, grid.nx()), "sources");
		final double[] autoRec = HelmholtzAcquisition.spread(grid, s.receivers > 0 ? s.receivers : Math.min(RECEIVERS, grid.nx()),
			"receivers");
		final double[][] src = TimeDomainData.positions(s.sourcex, s.sourcez, "sourcex", "sourcez", autoSrc, depth);
		final double[][] rec = TimeDomainData.positions(s.receiverx, s.receiverz, "receiverx", "receiverz", autoRec, depth);
		return new HelmholtzAcquisition(src[0], src[1], rec[0], rec[1]).validate(grid);
	}

	/** What the fwi command asks for: the shared parameters and the parameterization (KL: K, alpha, s). */
	public static final class FwiSpec extends FwiInputs {
		public String parameterization = "velocity";
		public int modes = 8;
		public double alpha = 1, smoothness = 2;
	}

	/**
	 * Full-waveform inversion of frequency-domain data from a starting model ({@link HelmholtzFwi}): bands are stage
	 * cutoffs in Hz (each stage fits the data frequencies up to its cutoff, 0 = all), "auto" adds one frequency per
	 * stage, lowest first.
	 *
	 * @throws IllegalArgumentException naming the bad parameter or the property that disagrees with the model
	 */
	public static TimeDomainData.FwiOutcome invert(final FwiSpec s, final Progress progress) {
		final Dataset d = read(s.data, "data");
		final Images.ModelStack ms = Images.readModels(s.model, "model");
		checkGrid(d, ms.grid, "data");
		final double[] start = TimeDomainData.startingModel(s.model, ms, s.vmin, s.vmax);
		final double[] cutoffs = TimeDomainData.isAuto(s.bands) ? new double[0] : TimeDomainData.cutoffs(s.bands);
		final HelmholtzFwi.Settings fs = new HelmholtzFwi.Settings(cutoffs, s.iterations, s.vmin, s.vmax, s.smoothing)
			.withModel(HelmholtzFwi.Model.fromLabel(s.parameterization)).withKl(s.modes, s.alpha, s.smoothness);
		final HelmholtzSolver solver = new HelmholtzSolver(d.grid, d.acquisition, d.config.withThreads(s.threads));
		final HelmholtzFwi.Result r = HelmholtzFwi.invert(solver, d.data, start, fs, progress);
		final TimeDomainData.FwiOutcome o = TimeDomainData.outcome(s.model, d.grid, r.velocity, r.history, r.initialMisfit,
			r.finalMisfit, r.stoppedEarly);
		Images.setProp(o.model, "memfwi.parameterization", fs.model.label());
		o.summary.add("parameters", (double) r.parameters.length);
		o.summary.add("stages", (double) r.stages.length);
		return o;
	}


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
		TimeDomainData.recordGeometry(imp, KIND, PHYSICS, grid, acq.sourceX(), acq.sourceZ(), acq.receiverX(), acq.receiverZ());
		Images.setProp(imp, "memfwi.frequencies", TimeDomainData.list(config.frequencies()));
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
		final String name = key + " ('" + imp.getTitle() + "')";
		final String kind = prop(imp, name, "memfwi.kind");
		if (!KIND.equals(kind)) throw new IllegalArgumentException(name + " has memfwi.kind = " + kind + ", expected " + KIND +
			"; give frequency-domain data made by forward physics=helmholtz" + (kind.equals(TimeDomainData.KIND) ?
				" (shot gathers need physics=time)" : ""));
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
		if (imp.getWidth() != nr || imp.getHeight() != ns || imp.getStackSize() % (2 * nf) != 0 ||
			imp.getNChannels() == 2 && imp.getNSlices() != nf)
			throw new IllegalArgumentException(String.format(Locale.ROOT, "%s is %d x %d x %d planes but its properties describe %d " +
				"receivers (width) x %d sources (height) x 2 channels x %d frequencies", name, imp.getWidth(), imp.getHeight(),
				imp.getStackSize(), nr, ns, nf));
		final Dataset[] out = new Dataset[imp.getStackSize() / (2 * nf)];
		final ImageStack stack = imp.getStack();
		for (int m = 0; m < out.length; m++) {
			final double[] data = new double[2 * nf * ns * nr];
			for (int p = 0; p < 2 * nf; p++) {
				final int plane = m * 2 * nf + p + 1;
				final float[] px = (float[]) stack.getProcessor(plane).getPixels();
				for (int i = 0; i < px.length; i++) {
					if (!Float.isFinite(px[i])) throw new IllegalArgumentException(name + " has a non-finite value in plane " + plane +
						" at (receiver " + (i % nr + 1) + ", source " + (i / nr + 1) + ")");
					data[p * nr * ns + i] = px[i];
				}
			}
			out[m] = new Dataset(grid, acq, cfg, data, noise);
		}
		return out;
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
