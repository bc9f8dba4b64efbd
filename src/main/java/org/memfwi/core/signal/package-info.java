/**
 * Signal processing for the wave solvers: the causal Butterworth {@link org.memfwi.core.signal.LowPass} of multiscale
 * inversion. Uses no other MemFWI package.
 */
package org.memfwi.core.signal;
