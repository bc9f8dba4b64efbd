/**
 * NumPy {@code .npy} files: the header, reading one entry of the first axis at a time (float32/float64, either byte
 * order, C or Fortran order) and writing float32 arrays. Uses only {@code org.memfwi.io}'s array types.
 */
package org.memfwi.io.npy;
