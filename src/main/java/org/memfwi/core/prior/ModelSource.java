package org.memfwi.core.prior;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * N models of d values that are read one at a time rather than held in memory: a training set larger than memory,
 * e.g. an imglib2 image (x, z, model) whose cells are loaded from files on demand. Streaming posteriors make one
 * sequential pass over it (model 0, 1, ..., N-1).
 */
public interface ModelSource {

	/** Number of models, N. */
	int size();

	/** Values per model, d. */
	int dimension();

	/**
	 * Model {@code k} (0-based).
	 *
	 * @param out d values, filled and returned; allocated when null
	 */
	float[] read(int k, float[] out);

	/** A description for status lines and messages, e.g. "120 files in model/". */
	default String describe() { return size() + " models of " + dimension() + " values"; }

	/** The models of an in-memory training set, read in single precision. */
	static ModelSource of(final TrainingSet t) {
		return new ModelSource() {
			@Override public int size() { return t.size(); }
			@Override public int dimension() { return t.dimension(); }
			@Override public float[] read(final int k, final float[] out) {
				final float[] o = out != null ? out : new float[t.dimension()];
				for (int i = 0; i < o.length; i++) o[i] = (float) t.value(k, i);
				return o;
			}
		};
	}

	/**
	 * The slices of a 3D imglib2 image (x, z, model) as models, x fastest; with a lazily loaded cell image
	 * ({@code LazyCellImg}) each model is read from its file when asked for.
	 */
	static ModelSource of(final RandomAccessibleInterval<FloatType> img, final String description) {
		if (img.numDimensions() != 3) throw new IllegalArgumentException("a model image needs 3 dimensions (x, z, model), not " +
			img.numDimensions());
		final long dl = img.dimension(0) * img.dimension(1);
		if (dl > Integer.MAX_VALUE || img.dimension(2) > Integer.MAX_VALUE) throw new IllegalArgumentException("models of " +
			img.dimension(0) + " x " + img.dimension(1) + " x " + img.dimension(2) + " are too large");
		final int d = (int) dl, n = (int) img.dimension(2);
		return new ModelSource() {
			@Override public int size() { return n; }
			@Override public int dimension() { return d; }
			@Override public String describe() { return description; }
			@Override public float[] read(final int k, final float[] out) {
				final float[] o = out != null ? out : new float[d];
				final Cursor<FloatType> c = Views.flatIterable(Views.hyperSlice(img, 2, img.min(2) + k)).cursor();
				for (int i = 0; i < d; i++) o[i] = c.next().get();
				return o;
			}
		};
	}
}
