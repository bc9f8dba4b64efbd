/**
 * The time-domain acoustic wave solver: acquisition and wavelets, the fast
 * {@link org.memfwi.core.wave.Propagator} (forward, Born and adjoint-state gradient) with the slow
 * {@link org.memfwi.core.wave.ReferenceStepper} it is tested against, the
 * {@link org.memfwi.core.wave.TimeDomainOperator} and time-domain FWI. Uses core.grid, core.operator, core.optim,
 * core.signal, core.progress and core.util.
 */
package org.memfwi.core.wave;
