/**
 * Priors: the training set ({@link org.memfwi.core.prior.TrainingSet}), the memorized prior with its closed-form
 * denoiser ({@link org.memfwi.core.prior.MemorizedPrior}), procedural velocity-model generators and the
 * Karhunen–Loève basis. Uses core.grid, core.progress and core.util.
 */
package org.memfwi.core.prior;
