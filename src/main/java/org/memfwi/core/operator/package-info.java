/**
 * The forward operators the posteriors and optimizers see: {@link org.memfwi.core.operator.ForwardOperator} and its
 * {@link org.memfwi.core.operator.Linearization} (Jacobian and adjoint products), the paper's stylized and affine
 * operators, and helpers that combine them. Uses no other MemFWI package: the solvers implement it, not the reverse.
 */
package org.memfwi.core.operator;
