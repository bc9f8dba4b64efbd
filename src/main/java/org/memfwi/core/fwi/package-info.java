/**
 * Staged full-waveform inversion over any {@link org.memfwi.core.operator.ForwardOperator}: one driver
 * ({@link org.memfwi.core.fwi.StagedFwi}) for the time-domain and Helmholtz physics, with the data misfit in one place
 * ({@link org.memfwi.core.fwi.DataMisfit}), illumination preconditioning, a taper around sources and receivers,
 * Tikhonov / total-variation regularization with the discrepancy principle, and bound-hit counts. No ImageJ imports.
 */
package org.memfwi.core.fwi;
