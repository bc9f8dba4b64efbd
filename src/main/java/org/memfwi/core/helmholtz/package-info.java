/**
 * The frequency-domain (Helmholtz) solver of the paper, with exact Jacobian and adjoint products.
 * <ul>
 * <li>{@link org.memfwi.core.helmholtz.HelmholtzSolver}: the discrete operator {@code A(m) u = b},
 * {@code A = Laplacian_PML + omega^2 diag(m)}, m the squared slowness, on the model grid extended by a PML on all four
 * sides (edge values replicated), 5-point or optimal 9-point {@link org.memfwi.core.helmholtz.Stencil}; rows scaled by
 * {@code s_x s_z} so the matrix is complex symmetric. Unit point sources {@code b = -delta / dx^2}: u approximates
 * {@code (i/4) H0^(1)(k r)}.</li>
 * <li>{@link org.memfwi.core.helmholtz.NestedDissection} and {@link org.memfwi.core.helmholtz.MultifrontalLdlt}: the
 * sparse direct solver written for these grids (geometric nested dissection, multifrontal LDL^T without pivoting,
 * blocked dense front kernels on split real/imaginary arrays, sparse right-hand sides and sparse outputs), one
 * factorization per frequency shared by forward, adjoint and Jacobian solves.</li>
 * <li>{@link org.memfwi.core.helmholtz.HelmholtzOperator}: the {@code ForwardOperator} (data = real and imaginary parts
 * of every receiver value of every source and frequency) in a {@link org.memfwi.core.helmholtz.Parameterization}:
 * {@link org.memfwi.core.helmholtz.VelocityPixels}, {@link org.memfwi.core.helmholtz.SquaredSlownessPixels} or the
 * Karhunen–Loève coefficients of {@link org.memfwi.core.helmholtz.KarhunenLoeveModel}.</li>
 * <li>{@link org.memfwi.core.helmholtz.HelmholtzConfig} (frequencies, PML, stencil, threads),
 * {@link org.memfwi.core.helmholtz.HelmholtzAcquisition} (positions in metres, defaults: 5 sources and 40 receivers
 * along the top at a depth of 2 cells) and {@link org.memfwi.core.helmholtz.HelmholtzNoise} (noise relative to
 * {@code max |d|}).</li>
 * </ul>
 * A typical use: {@code new HelmholtzOperator(new HelmholtzSolver(grid, HelmholtzAcquisition.defaults(grid),
 * HelmholtzConfig.defaults().resolve(vmax, dx)), new VelocityPixels(grid))}, then {@code apply} for data and
 * {@code linearize(v).adjointTimes(residual, null)} for the least-squares gradient.
 * <p>
 * Uses core.grid, core.operator, core.optim, core.prior, core.progress and core.util.
 */
package org.memfwi.core.helmholtz;
