/**
 * N-dimensional float arrays as other codes store them: the array and file-entry types the format readers produce,
 * the {@code index=} selection and the layouts of models and shot gathers (OpenFWI's included). Uses nothing of
 * MemFWI; the format packages (npy, segy, hdf5) and {@code org.memfwi.io} use it.
 */
package org.memfwi.io.array;
