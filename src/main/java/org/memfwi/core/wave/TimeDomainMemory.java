package org.memfwi.core.wave;

import org.memfwi.core.grid.Grid2D;

/**
 * Memory estimates of the time-domain wave operator ({@link TimeDomainOperator}), for refusing a job that does not fit
 * before it starts.
 */
public final class TimeDomainMemory {

	private TimeDomainMemory() {}

	/**
	 * Bytes of one forward solve: the wavefields with their CPML variables on the padded grid (about 10 floats a cell),
	 * the gathers and the data vector.
	 *
	 * @param dataLength number of data values (shots x samples x receivers)
	 */
	public static long forwardBytes(final Grid2D grid, final WaveSettings settings, final long dataLength) {
		return 40L * paddedCells(grid, settings) + 12L * dataLength;
	}

	/**
	 * Bytes of one linearization (Jacobian and adjoint products): the forward work space plus about 2 sqrt(3 nt)
	 * checkpointed wavefields per shot.
	 */
	public static long linearizationBytes(final Grid2D grid, final WaveSettings settings, final int nt, final long dataLength) {
		return forwardBytes(grid, settings, dataLength) + 4L * paddedCells(grid, settings) * (long) (2 * Math.sqrt(3.0 * nt) + 20) +
			16L * dataLength;
	}

	private static long paddedCells(final Grid2D grid, final WaveSettings settings) {
		final int pad = settings.cpml();
		return (grid.nx() + 2L * pad + 8) * (grid.nz() + 2L * pad + 8);
	}
}
