/**
 * HDF5 datasets through jhdf (pure Java): a dataset selected by its path, read one entry of its first axis at a time,
 * and a writer of float32 datasets. Uses only {@code org.memfwi.io}'s array types and jhdf.
 */
package org.memfwi.io.hdf5;
