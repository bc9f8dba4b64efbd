package org.memfwi.io.array;

/**
 * A stack of 2D planes of equal size read from a file: velocity models (width nx, height nz, x fastest) or shot
 * gathers (width receivers, height time samples, receivers fastest), with the file's labels for each plane.
 */
public final class Planes {

	public final int width, height;
	/** One array of width * height values per plane, not copied. */
	public final float[][] planes;
	/** One label per plane (e.g. "model 17 of model3.npy"). */
	public final String[] labels;

	public Planes(final int width, final int height, final float[][] planes, final String[] labels) {
		for (int k = 0; k < planes.length; k++)
			if (planes[k].length != width * height) throw new IllegalArgumentException("plane " + (k + 1) + " has " + planes[k].length +
				" values, not " + width + " x " + height);
		if (labels.length != planes.length) throw new IllegalArgumentException(labels.length + " labels for " + planes.length + " planes");
		this.width = width;
		this.height = height;
		this.planes = planes;
		this.labels = labels;
	}

	/** Number of planes. */
	public int size() { return planes.length; }
}
