package org.memfwi.commands;

import java.util.Locale;
import java.util.function.BiFunction;

import org.memfwi.core.grid.Grid2D;
import org.memfwi.core.helmholtz.HelmholtzMemory;
import org.memfwi.core.helmholtz.HelmholtzOperator;
import org.memfwi.core.helmholtz.HelmholtzSolver;
import org.memfwi.core.helmholtz.Parameterization;
import org.memfwi.core.helmholtz.VelocityPixels;
import org.memfwi.core.operator.ForwardOperator;
import org.memfwi.core.operator.SourceScaling;
import org.memfwi.core.progress.Progress;
import org.memfwi.core.util.Table;
import org.memfwi.core.wave.TimeDomainMemory;
import org.memfwi.core.wave.TimeDomainOperator;
import org.memfwi.core.wave.WaveSetup;
import org.memfwi.io.DataProperties;
import org.memfwi.io.HelmholtzData;
import org.memfwi.io.TimeDomainData;

import ij.ImagePlus;

/**
 * Observed data of either physics, read from a data image for the posterior commands: the data vector y in the
 * forward operator's order, the noise level recorded with the data, and the forward operator on velocity pixels (m/s)
 * that models them, rebuilt from the image's {@code memfwi.*} properties. Dispatches on {@code memfwi.physics}:
 * {@code time} (shot gathers, read by {@link TimeDomainData}; y = every trace sample, shot by shot, then time, then
 * receiver) or {@code helmholtz} (two-channel frequency-domain data, read by {@link HelmholtzData}; y in
 * {@link HelmholtzOperator}'s order). Data whose acquisition is missing or belongs to another model grid are
 * rejected, naming the property.
 */
public final class ObservedData {

	/** The {@code memfwi.physics} values understood. */
	public static final String TIME = TimeDomainData.PHYSICS, HELMHOLTZ = HelmholtzData.PHYSICS;

	/** Builds the forward operator for given threads per call and velocity range. */
	private interface OperatorFactory {
		ForwardOperator create(int threads, double vmin, double vmax, Progress progress);
	}

	private final String physics;
	private final String title;
	private final Grid2D grid;
	private final double[] y;
	private final double noise;
	private final String shape;
	private final long forwardBytes, linearizationBytes;
	private final OperatorFactory factory;
	/** How the data split into shots (time) or sources and frequencies (Helmholtz) for source scaling. */
	private SourceScaling blocks = SourceScaling.FIXED;
	/** Frequency-domain data only: the operator of another parameterization of the model (e.g. KL coefficients). */
	private BiFunction<Integer, Parameterization, ForwardOperator> reparameterized;

	private ObservedData(final String physics, final String title, final Grid2D grid, final double[] y, final double noise,
		final String shape, final long forwardBytes, final long linearizationBytes, final OperatorFactory factory) {
		this.physics = physics;
		this.title = title;
		this.grid = grid;
		this.y = y;
		this.noise = noise;
		this.shape = shape;
		this.forwardBytes = forwardBytes;
		this.linearizationBytes = linearizationBytes;
		this.factory = factory;
	}

	/**
	 * Reads observed data that belong to the given model grid.
	 *
	 * @param imp the data image (shot gathers or frequency-domain data, as written by the forward command)
	 * @param key the parameter name used in messages, e.g. "data"
	 * @param models the grid of the models the data are to be compared with (e.g. the training stack's)
	 * @param modelKey the parameter name of those models, e.g. "training"
	 * @throws IllegalArgumentException naming the missing, bad or disagreeing property
	 */
	public static ObservedData read(final ImagePlus imp, final String key, final Grid2D models, final String modelKey) {
		if (imp == null) throw new IllegalArgumentException(key + ": no image given; give the observed data (shot gathers or " +
			"frequency-domain data made by Forward Model)");
		final String physics = imp.getProp("memfwi.physics");
		if (physics == null || physics.trim().isEmpty()) throw new IllegalArgumentException(key + " ('" + imp.getTitle() +
			"') has no property memfwi.physics; give data made by Forward Model (saved as TIFF), which records the physics " +
			"and the acquisition");
		try {
			switch (physics.trim()) {
				case TIME: return time(imp, key, models, modelKey);
				case HELMHOLTZ: return helmholtz(imp, key, models, modelKey);
				default:
					throw new IllegalArgumentException(key + " ('" + imp.getTitle() + "') has memfwi.physics = " + physics.trim() +
						", which is unknown; expected " + TIME + " or " + HELMHOLTZ);
			}
		}
		catch (final IllegalArgumentException e) {
			throw named(key, imp.getTitle(), e);
		}
	}

	/**
	 * A message from the acquisition or solver checks, naming the data parameter it came from when it does not already
	 * (e.g. "source 4 is outside the model" from positions in the data's properties).
	 */
	private static IllegalArgumentException named(final String key, final String title, final IllegalArgumentException e) {
		final String m = e.getMessage() == null ? e.toString() : e.getMessage();
		if (m.startsWith(key + " ") || m.startsWith(key + ":") || m.startsWith("noise")) return e;
		return new IllegalArgumentException(key + " ('" + title + "'): the acquisition recorded in its memfwi.* properties " +
			"does not work: " + m, e);
	}

	private static ObservedData time(final ImagePlus imp, final String key, final Grid2D models, final String modelKey) {
		final TimeDomainData.Gathers g = TimeDomainData.read(imp, key);
		if (g.data.length != 1) throw new IllegalArgumentException(key + " ('" + imp.getTitle() + "') holds the gathers of " +
			g.data.length + " models (frames); give the observed gathers of one model (Image > Duplicate... one frame)");
		DataProperties.checkGrid(g.grid, models, key, modelKey);
		final int shots = g.data[0].length, per = g.data[0][0].length;
		final double[] y = new double[shots * per];
		for (int s = 0; s < shots; s++)
			for (int i = 0; i < per; i++) {
				final float v = g.data[0][s][i];
				if (!Float.isFinite(v)) throw new IllegalArgumentException(key + " ('" + imp.getTitle() + "') has the non-finite value " +
					v + " in shot " + (s + 1) + " at (receiver " + (i % g.acquisition.receivers() + 1) + ", sample " +
					(i / g.acquisition.receivers() + 1) + ")");
				y[s * per + i] = v;
			}
		final String shape = String.format(Locale.ROOT, "%d shots x %d samples x %d receivers (time domain)", shots,
			g.wavelet.nt(), g.acquisition.receivers());
		final long bytes = TimeDomainMemory.forwardBytes(g.grid, g.settings, y.length);
		final long lin = TimeDomainMemory.linearizationBytes(g.grid, g.settings, g.wavelet.nt(), y.length);
		final ObservedData o = new ObservedData(TIME, imp.getTitle(), g.grid, y, g.noise, shape, bytes, lin, (threads, vmin, vmax, progress) ->
			new TimeDomainOperator(new WaveSetup(g.grid, g.acquisition, g.wavelet, g.settings, vmin, vmax, progress),
				TimeDomainOperator.Precision.FLOAT, threads));
		o.blocks = SourceScaling.perShot(shots, per);
		return o;
	}

	private static ObservedData helmholtz(final ImagePlus imp, final String key, final Grid2D models, final String modelKey) {
		final HelmholtzData.Dataset d = HelmholtzData.read(imp, key);
		DataProperties.checkGrid(d.grid, models, key, modelKey);
		final String shape = String.format(Locale.ROOT, "%d frequencies x %d sources x %d receivers (frequency domain)",
			d.config.frequencyCount(), d.acquisition.sources(), d.acquisition.receivers());
		final long bytes = HelmholtzMemory.forwardBytes(d.grid, d.config, d.acquisition, d.data.length);
		final long lin = HelmholtzMemory.linearizationBytes(d.grid, d.config, d.acquisition, d.data.length);
		final ObservedData o = new ObservedData(HELMHOLTZ, imp.getTitle(), d.grid, d.data.clone(), d.noise, shape, bytes, lin,
			(threads, vmin, vmax, progress) ->
			new HelmholtzOperator(new HelmholtzSolver(d.grid, d.acquisition, d.config.withThreads(threads)), new VelocityPixels(d.grid)));
		o.blocks = SourceScaling.perSourceAndFrequency(d.config.frequencyCount(), d.acquisition.sources(), d.acquisition.receivers());
		o.reparameterized = (threads, param) -> new HelmholtzOperator(new HelmholtzSolver(d.grid, d.acquisition,
			d.config.withThreads(threads)), param);
		return o;
	}

	/**
	 * The forward operator of frequency-domain data in another parameterization of the model, e.g. the paper's
	 * Karhunen–Loève coefficients (whose Jacobian is small and dense).
	 *
	 * @param what the parameter that asked for it, for the message when the data are time-domain
	 * @throws IllegalArgumentException for time-domain data
	 */
	public ForwardOperator operator(final int threads, final Parameterization param, final String what) {
		if (reparameterized == null) throw new IllegalArgumentException(what + " needs frequency-domain data (forward " +
			"physics=helmholtz); data ('" + title + "') are " + physics + " data; use the velocity pixels");
		final ForwardOperator op = reparameterized.apply(threads, param);
		if (op.dataSize() != y.length) throw new IllegalStateException("the rebuilt operator makes " + op.dataSize() +
			" data values but the data image holds " + y.length);
		return op;
	}

	/**
	 * The forward operator that models these data from velocity pixels (m/s, x fastest).
	 *
	 * @param threads threads inside one operator call (0 = all); callers that evaluate many models in parallel use 1
	 * @param vmin the smallest velocity the operator will see (m/s), for the dispersion check
	 * @param vmax the largest velocity the operator will see (m/s): sets the stable time step of the time-domain solver
	 * @param progress receives the solver's warnings (sub-stepping, dispersion)
	 */
	public ForwardOperator operator(final int threads, final double vmin, final double vmax, final Progress progress) {
		final ForwardOperator op;
		try {
			op = factory.create(threads, vmin, vmax, progress);
		}
		catch (final IllegalArgumentException e) {
			final String m = e.getMessage() == null ? e.toString() : e.getMessage();
			throw new IllegalArgumentException("data ('" + title + "'): the operator rebuilt from its memfwi.* properties for the " +
				"models' velocities " + Table.format(vmin) + ".." + Table.format(vmax) + " m/s does not work: " + m, e);
		}
		if (op.dataSize() != y.length) throw new IllegalStateException("the rebuilt operator makes " + op.dataSize() +
			" data values but the data image holds " + y.length);
		return op;
	}

	/**
	 * The data noise standard deviation gamma to use.
	 *
	 * @param requested the user's value: positive = use it; 0 = the noise level recorded with the data
	 * @throws IllegalArgumentException naming {@code noise}: negative, or 0 while the data record no noise level
	 */
	public double gamma(final double requested) {
		if (requested > 0 && Double.isFinite(requested)) return requested;
		if (requested < 0 || !Double.isFinite(requested)) throw new IllegalArgumentException("noise (std of the data noise " +
			"gamma, data units) must be positive, or 0 to use the noise level recorded with the data; got " + requested);
		if (!(noise > 0)) throw new IllegalArgumentException("noise = 0 means the noise level recorded with the data, but data ('" +
			title + "') record none (memfwi.noise is missing or not positive: " + noise + "); give noise=S, the std of the data " +
			"noise in data units");
		return noise;
	}

	/** {@code time} or {@code helmholtz}. */
	public String physics() { return physics; }

	/**
	 * The source scaling for the {@code sourcescale} key: {@link SourceScaling#FIXED}, or one scalar per shot (time) or
	 * per source and frequency (Helmholtz).
	 */
	public SourceScaling sourceScaling(final boolean estimate) { return estimate ? blocks : SourceScaling.FIXED; }

	/** The model grid the data belong to. */
	public Grid2D grid() { return grid; }

	/** The observed data y in the operator's order (m values; do not modify). */
	public double[] values() { return y; }

	/** The noise standard deviation recorded with the data (memfwi.noise, data units), 0 when none. */
	public double recordedNoise() { return noise; }

	/** Estimated bytes of work space of one forward-operator evaluation (for up-front memory checks). */
	public long forwardBytes() { return forwardBytes; }

	/** Estimated bytes of work space of one linearization with its Jacobian and adjoint products. */
	public long linearizationBytes() { return linearizationBytes; }

	/** A short description, e.g. "5 shots x 1000 samples x 70 receivers (time domain)". */
	public String describe() { return shape; }
}
