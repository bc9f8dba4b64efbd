package org.memfwi.io;

import ij.ImagePlus;
import ij.VirtualStack;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;

/**
 * A training set larger than memory as an ImageJ virtual stack: each slice is read from its file when displayed or
 * asked for, so Fiji can browse OpenFWI's 60,000 models, and the posterior commands recognise it and stream the models
 * in one pass instead of loading them.
 */
public final class LazyModelStack extends VirtualStack {

	private final TrainingFiles files;

	public LazyModelStack(final TrainingFiles files) {
		super(files.nx(), files.nz(), null, null);
		this.files = files;
		setBitDepth(32);
	}

	/** The files behind the stack. */
	public TrainingFiles files() { return files; }

	/**
	 * A calibrated 32-bit image (cells of {@code dx} m, values in m/s) over a training set's files.
	 *
	 * @param title the image title
	 */
	public static ImagePlus image(final String title, final TrainingFiles files, final double dx) {
		final ImagePlus imp = new ImagePlus(title, new LazyModelStack(files));
		Images.calibrate(imp, dx, Images.VELOCITY_UNIT);
		return imp;
	}

	@Override
	public ImageProcessor getProcessor(final int n) {
		return new FloatProcessor(files.nx(), files.nz(), files.read(n - 1, null));
	}

	@Override
	public Object getPixels(final int n) { return getProcessor(n).getPixels(); }

	@Override
	public int getSize() { return files.size(); }

	@Override
	public int size() { return files.size(); }

	@Override
	public String getSliceLabel(final int n) { return files.label(n - 1); }

	@Override
	public void addSlice(final String name) {
		throw new UnsupportedOperationException("a training set over files is read-only");
	}

	@Override
	public void deleteSlice(final int n) {
		throw new UnsupportedOperationException("a training set over files is read-only");
	}
}
