package org.memfwi.io.array;

import java.io.IOException;

/**
 * An n-dimensional array in a file (a .npy file, an HDF5 dataset) that is read one entry of its first axis at a time,
 * so that a file of many models never has to fit in memory.
 */
public interface ArraySource {

	/** The file (and dataset) name, for messages. */
	String name();

	/** The shape, slowest axis first. */
	int[] shape();

	/**
	 * Entry {@code i} of the first axis in single precision, the remaining axes in C order (last fastest).
	 *
	 * @param out prod(shape[1..]) values, filled and returned; allocated when null
	 */
	float[] readEntry(int i, float[] out) throws IOException;
}
