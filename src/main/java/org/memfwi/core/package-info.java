/**
 * The numerical core of MemFWI, in sub-packages: grid, wave and Helmholtz solvers, forward operators, optimizers,
 * priors and posteriors. Scripts and every front end call it directly; it uses no ImageJ, SciJava, AWT or Swing and
 * no other MemFWI room (io, commands, fiji, cli): a test reads the compiled classes to keep it so.
 */
package org.memfwi.core;
