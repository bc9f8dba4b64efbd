/**
 * The seismic Born track of the paper: reflectivity images made from velocity models, and the linear Born operator
 * that maps reflectivity to time-domain shot gathers around a smooth background (with its adjoint). Uses
 * {@code core.wave}, {@code core.operator}, {@code core.prior} and {@code core.posterior}; no ImageJ.
 */
package org.memfwi.core.born;
