package org.memfwi.core.helmholtz;

import org.memfwi.core.grid.Grid2D;

/**
 * Memory estimates of the Helmholtz operator ({@link HelmholtzOperator}), for refusing a job that does not fit before
 * it starts.
 */
public final class HelmholtzMemory {

	private HelmholtzMemory() {}

	/**
	 * Bytes of one forward solve: the sparse factors of one frequency (nested dissection: about 30 complex entries a
	 * cell on these grids), the wavefields of every source and the data vector.
	 *
	 * @param dataLength number of data values (2 x frequencies x sources x receivers)
	 */
	public static long forwardBytes(final Grid2D grid, final HelmholtzConfig config, final HelmholtzAcquisition acq,
		final long dataLength) {
		final long cells = (grid.nx() + 2L * config.pml()) * (grid.nz() + 2L * config.pml());
		return 16L * cells * (30 + 2L * acq.sources()) + 12L * dataLength;
	}

	/** Bytes of one linearization: the factors and forward wavefields of every frequency. */
	public static long linearizationBytes(final Grid2D grid, final HelmholtzConfig config, final HelmholtzAcquisition acq,
		final long dataLength) {
		return forwardBytes(grid, config, acq, dataLength) * config.frequencyCount() + 16L * dataLength;
	}
}
