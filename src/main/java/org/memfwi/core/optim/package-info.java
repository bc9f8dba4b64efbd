/**
 * Optimizers for inversion: projected L-BFGS with box constraints ({@link org.memfwi.core.optim.Lbfgs}) over an
 * {@link org.memfwi.core.optim.Objective}, and a smoothing penalty. Uses core.grid and core.progress only.
 */
package org.memfwi.core.optim;
