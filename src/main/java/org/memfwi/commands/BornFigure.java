package org.memfwi.commands;

import org.memfwi.core.progress.Progress;

import ij.ImagePlus;

/** reproduce figure=born: see {@link org.memfwi.core.born.BornOperator}. */
final class BornFigure {

	private BornFigure() {}

	static ImagePlus run(final Results results, final int[] sizes, final int samples, final long seed, final int threads,
		final Progress progress)
	{
		throw new IllegalArgumentException("figure=born is not available yet in this build: the Born operator and its exact " +
			"posterior exist in the core (org.memfwi.core.born), the figure does not");
	}
}
