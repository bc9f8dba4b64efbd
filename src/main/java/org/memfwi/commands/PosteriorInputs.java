package org.memfwi.commands;

import java.util.Locale;

import org.memfwi.core.grid.Grid2D;
import org.memfwi.core.operator.ForwardOperator;
import org.memfwi.core.operator.MemoizedForwardOperator;
import org.memfwi.core.operator.SourceScaledOperator;
import org.memfwi.core.operator.SourceScaling;
import org.memfwi.core.posterior.Likelihood;
import org.memfwi.core.posterior.TruthComparison;
import org.memfwi.core.prior.ModelSource;
import org.memfwi.core.prior.TrainingSet;
import org.memfwi.core.progress.Progress;
import org.memfwi.core.shard.SettingsHash;
import org.memfwi.core.util.Memory;
import org.memfwi.core.util.Table;
import org.memfwi.io.ForeignImages;
import org.memfwi.io.Images;
import org.memfwi.io.LazyModelStack;

import ij.ImagePlus;

/**
 * What every posterior command reads and writes the same way: the training stack (velocity models, at least two),
 * the observed data on the same grid ({@link ObservedData}), the data noise gamma, an optional true model; and the
 * calibrated output images (mean in m/s, variance in (m/s)^2) and the truth rows of the summary.
 */
public final class PosteriorInputs {

	/** Value unit of variance images. */
	public static final String VARIANCE_UNIT = "(m/s)^2";

	/** The training models as read from the stack (arrays shared with the image); null when streamed. */
	public final Images.ModelStack training;
	/** The core's training set over the same models, built on first use by {@link #set()}. */
	private TrainingSet set;
	/** The training models read one at a time from their files ({@link #readStreaming}), or null when in memory. */
	public final ModelSource stream;
	private final Grid2D grid;
	public final ObservedData data;
	/** The data noise standard deviation gamma (data units). */
	public final double gamma;
	/** The true model (d values, m/s), or null. */
	public final double[] truth;
	/** Smallest and largest training velocity (m/s). */
	public final double vmin, vmax;
	/**
	 * The SHA-256 (hex) of a streamed training set's models in order, taken during the velocity-range scan, so that the
	 * settings hash of a partial posterior needs no second pass over the files; null when in memory.
	 */
	public final String streamHash;
	/** Where the forward operator's results are remembered across commands (the demo's posteriors), or null. */
	private MemoizedForwardOperator.Store forwards;

	private PosteriorInputs(final Images.ModelStack training, final ObservedData data, final double gamma, final double[] truth) {
		this.training = training;
		this.stream = null;
		this.grid = training.grid;
		this.data = data;
		this.gamma = gamma;
		this.truth = truth;
		double lo = Double.POSITIVE_INFINITY, hi = 0;
		for (final float[] m : training.models)
			for (final float v : m) {
				if (v < lo) lo = v;
				if (v > hi) hi = v;
			}
		vmin = lo;
		vmax = hi;
		streamHash = null;
	}

	private PosteriorInputs(final ModelSource stream, final String streamHash, final Grid2D grid, final double[] range,
		final ObservedData data, final double gamma, final double[] truth) {
		this.streamHash = streamHash;
		this.training = null;
		this.stream = stream;
		this.grid = grid;
		this.data = data;
		this.gamma = gamma;
		this.truth = truth;
		vmin = range[0];
		vmax = range[1];
	}

	/**
	 * The same models as the core's training set (not copied), or null when streamed. Built on first use: runs that go
	 * model by model (the shards of posterior-reweighted and posterior-linearized) never need it, and its check of every
	 * value repeats the one {@link Images#readModels} made.
	 */
	public TrainingSet set() {
		if (set == null && training != null) set = TrainingSet.ofFloats(training.models);
		return set;
	}

	/**
	 * As {@link #read}, but a training set over files (a folder, a glob, a multi-dataset HDF5 file) is not loaded: its
	 * models are streamed by the caller through {@link #stream}. The velocity range that the solvers need before the
	 * first model is found by a scan of the files (reading them, no solves).
	 */
	public static PosteriorInputs readStreaming(final ImagePlus training, final ImagePlus data, final double noise, final ImagePlus truth,
		final Progress progress) {
		if (training == null || !(training.getStack() instanceof LazyModelStack)) return read(training, data, noise, truth);
		ForeignImages.adoptCellSize(training, data, "training");
		final ModelSource src = ((LazyModelStack) training.getStack()).files().reportTo(progress);
		if (src.size() < 2) throw new IllegalArgumentException("training ('" + training.getTitle() + "') holds " + src.size() +
			" model; a memorized prior needs a training set of at least 2 models");
		final Grid2D g = new Grid2D(training.getWidth(), training.getHeight(), Images.cellSize(training, "training"));
		final ObservedData d = ObservedData.read(data, "data", g, "training");
		final double gamma = d.gamma(noise);
		final double[] tr = truth == null ? null : readTruth(truth, g);
		progress.status("Scanning the velocity range of " + src.describe());
		final double[] range = { Double.POSITIVE_INFINITY, 0 };
		final float[] m = new float[src.dimension()];
		final SettingsHash models = new SettingsHash();
		for (int k = 0; k < src.size(); k++) {
			progress.checkCanceled();
			src.read(k, m);
			models.add("model", m);
			for (int i = 0; i < m.length; i++) {
				final float v = m[i];
				if (!(v > 0) || Float.isInfinite(v)) throw new IllegalArgumentException("training ('" + training.getTitle() + "') slice " +
					(k + 1) + " has velocity " + v + " m/s at (x=" + i % g.nx() + ", z=" + i / g.nx() + "); velocities must be positive and finite");
				if (v < range[0]) range[0] = v;
				if (v > range[1]) range[1] = v;
			}
		}
		return new PosteriorInputs(src, models.hex(), g, range, d, gamma, tr);
	}

	private static double[] readTruth(final ImagePlus truth, final Grid2D g) {
		if (ForeignImages.cellSizeUnknown(truth)) Images.calibrate(truth, g.dx(), Images.VELOCITY_UNIT);
		final Images.ModelStack m = Images.readModels(truth, "truth");
		if (m.size() != 1) throw new IllegalArgumentException("truth ('" + truth.getTitle() + "') has " + m.size() +
			" slices; give one true model");
		checkSameGrid(m.grid, g, "truth");
		final double[] tr = new double[m.grid.size()];
		for (int i = 0; i < tr.length; i++) tr[i] = m.models[0][i];
		return tr;
	}

	/**
	 * Reads and checks the inputs of a posterior command, in the order a user would fix them: training stack, data,
	 * noise, truth.
	 *
	 * @param noise the {@code noise} parameter: gamma in data units, or 0 for the level recorded with the data
	 * @param truth an optional true model (null for none)
	 * @throws IllegalArgumentException naming the parameter and the fix
	 */
	public static PosteriorInputs read(final ImagePlus training, final ImagePlus data, final double noise, final ImagePlus truth) {
		if (training != null && training.getStack() instanceof LazyModelStack) {
			ForeignImages.adoptCellSize(training, data, "training");
			final long bytes = 4L * training.getStackSize() * training.getWidth() * training.getHeight();
			Memory.require(bytes, "training ('" + training.getTitle() + "', " + training.getStackSize() + " models read from files) in memory",
				"this command needs the training models in memory: use fewer files, or posterior-reweighted, which streams them");
		}
		final Images.ModelStack t = Images.readModels(training, "training");
		if (t.size() < 2) throw new IllegalArgumentException("training ('" + training.getTitle() + "') holds " + t.size() +
			" model; a memorized prior needs a training set of at least 2 models (a stack with one model per slice)");
		final ObservedData d = ObservedData.read(data, "data", t.grid, "training");
		final double gamma = d.gamma(noise);
		final double[] tr = truth == null ? null : readTruth(truth, t.grid);
		return new PosteriorInputs(t, d, gamma, tr);
	}

	/**
	 * Throws unless a model grid equals the training models' grid.
	 *
	 * @param key the parameter holding the other models
	 */
	public static void checkSameGrid(final Grid2D other, final Grid2D training, final String key) {
		if (other.nx() != training.nx() || other.nz() != training.nz()) throw new IllegalArgumentException(key + " is " + other.nx() +
			" x " + other.nz() + " cells but the training models are " + training.nx() + " x " + training.nz() +
			" cells; use models on the same grid");
		if (!other.sameAs(training)) throw new IllegalArgumentException(key + " has cells of " + Table.format(other.dx()) +
			" m but the training models of " + Table.format(training.dx()) + " m; use models with the same calibration");
	}

	/** The model grid. */
	public Grid2D grid() { return grid; }

	/** Number of training models N. */
	public int size() { return stream != null ? stream.size() : training.size(); }

	/**
	 * Training model {@code k} (0-based, m/s) as a new array, from memory or read from its file (reads of a streamed set
	 * are serialized, so several threads may ask).
	 */
	public double[] model(final int k) {
		final float[] f;
		if (stream == null) f = training.models[k];
		else synchronized (stream) {
			f = stream.read(k, null);
		}
		final double[] x = new double[f.length];
		for (int i = 0; i < x.length; i++) x[i] = f[i];
		return x;
	}

	/**
	 * The likelihood of the observed data, with the forward operator rebuilt for the training models' velocity range.
	 *
	 * @param threads threads per operator call (1 when models are evaluated in parallel)
	 */
	public Likelihood likelihood(final int threads, final Progress progress) {
		return new Likelihood(operator(threads, progress), data.values(), gamma);
	}

	/**
	 * Remembers the forward operator's results in {@code store} (null: not at all), so that commands run on the same
	 * training set and data evaluate each training model once (the demo's three posteriors). The store must only be
	 * shared between inputs with the same data and training velocity range, which fix the operator.
	 *
	 * @return this
	 */
	PosteriorInputs rememberForwards(final MemoizedForwardOperator.Store store) {
		forwards = store;
		return this;
	}

	/** The data's forward operator for the training velocity range, remembered when {@link #rememberForwards} was given. */
	private ForwardOperator operator(final int threads, final Progress progress) {
		final ForwardOperator op = data.operator(threads, vmin, vmax, progress);
		return forwards == null ? op : new MemoizedForwardOperator(op, forwards);
	}

	/**
	 * The likelihood with the {@code sourcescale} key applied: {@code fixed}, or {@code estimate} (one least-squares
	 * source scalar per shot, or per source and frequency, fitted for every model).
	 */
	public Likelihood likelihood(final int threads, final Progress progress, final String sourcescale) {
		if (!SourceScaling.parseEstimate(sourcescale)) return likelihood(threads, progress);
		return new Likelihood(new SourceScaledOperator(operator(threads, progress), data.sourceScaling(true),
			data.values()), data.values(), gamma);
	}

	/**
	 * Summary rows with the source scalars fitted to one model's prediction ({@code source_scale_1..S}, or
	 * {@code source_scale_re_k}/{@code _im_k} per source and frequency), when the scaling is estimated.
	 */
	public void summarizeSourceScalars(final Table summary, final Likelihood lik, final double[] model) {
		if (!(lik.operator() instanceof SourceScaledOperator)) return;
		final SourceScaledOperator op = (SourceScaledOperator) lik.operator();
		final double[] a = op.scalars(model);
		final boolean complex = op.scaling().isComplex();
		for (int b = 0; b < op.scaling().blocks(); b++) {
			if (complex) {
				summary.add("source_scale_re_" + (b + 1), a[2 * b]);
				summary.add("source_scale_im_" + (b + 1), a[2 * b + 1]);
			}
			else summary.add("source_scale_" + (b + 1), a[b]);
		}
	}

	/** The outputs' grid, size, noise, physics and truth. */
	PosteriorOutputs outputs() {
		return new PosteriorOutputs(grid(), size(), gamma, data.physics(), truth);
	}

	/** A one-slice 32-bit image on the model grid, calibrated in m, with the given value unit. */
	public ImagePlus image(final String title, final double[] values, final String valueUnit, final String label) {
		return outputs().image(title, values, valueUnit, label);
	}

	/** A 32-bit stack on the model grid, calibrated in m, with the given value unit. */
	public ImagePlus stack(final String title, final double[][] values, final String valueUnit, final String[] labels) {
		return outputs().stack(title, values, valueUnit, labels);
	}

	/** The posterior mean image (m/s). */
	public ImagePlus meanImage(final double[] mean, final String method) {
		return outputs().meanImage(mean, method);
	}

	/** The posterior pixel-variance image ((m/s)^2). */
	public ImagePlus varianceImage(final double[] variance, final String method) {
		return outputs().varianceImage(variance, method);
	}

	/**
	 * The posterior pixel standard deviation (m/s), the square root of the variance: the same information as the
	 * variance in the units of the velocities, which is what a reader compares with the prior's sigma.
	 */
	public ImagePlus stdImage(final double[] variance, final String method) {
		return outputs().stdImage(variance, method);
	}

	/** The summary rows every posterior command shares: sizes, noise, and the comparison with the truth when given. */
	public void summarize(final Table summary, final double[] mean, final double[] variance) {
		outputs().summarize(summary, mean, variance);
	}

	/** A status line describing the job. */
	public String describe(final String method) {
		return String.format(Locale.ROOT, "%s: %d training models of %s, data %s, noise %s", method, size(), grid(), data.describe(),
			Table.format(gamma));
	}
}
