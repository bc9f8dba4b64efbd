/**
 * SEG-Y files (revisions 0 to 2): traces and trace headers with scalars applied, IBM and IEEE floats in either byte
 * order, shot gathers and velocity models out of them, and a revision 1 writer. Uses only {@code org.memfwi.io}'s
 * array types.
 */
package org.memfwi.io.segy;
