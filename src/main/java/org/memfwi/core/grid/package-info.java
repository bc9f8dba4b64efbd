/**
 * The model grid: {@link org.memfwi.core.grid.Grid2D} (nx columns, nz rows with z down, square cells of dx metres,
 * flat arrays x fastest), the shape every core array is checked against. Uses no other MemFWI package.
 */
package org.memfwi.core.grid;
