/**
 * Posteriors under a memorized prior and their diagnostics: the reweighted training set, the linearized Gaussian
 * mixture, diffusion posterior sampling with the closed-form denoiser, the exact posterior by quadrature for the
 * stylized problems, memorization metrics and collapse sweeps. Uses core.operator, core.prior, core.progress and
 * core.util.
 */
package org.memfwi.core.posterior;
