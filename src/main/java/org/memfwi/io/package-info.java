/**
 * Files and images around the core: ImagePlus to and from flat arrays with units
 * ({@link org.memfwi.io.Images}), the {@code memfwi.*} image properties, encoding and decoding of data images
 * (time-domain shot gathers, Helmholtz data), plots, the report page, ResultsTable conversion and the bundled
 * samples; new readers and writers (.npy, SEG-Y, HDF5) go in sub-packages. Uses the core and ImageJ 1, never
 * commands, fiji or cli.
 */
package org.memfwi.io;
