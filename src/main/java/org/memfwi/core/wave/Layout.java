package org.memfwi.core.wave;

import org.memfwi.core.wave.WaveState.Columns;

/**
 * The layout of the fast propagator derived from a {@link WaveSetup}, shared by its parts: the stencil coefficients
 * as floats ({@code k[0..4]} second-derivative, {@code k[5..8]} first-derivative), the z-layer CPML profile by row,
 * the x strips (width {@code sw}, {@code sides} per shot, the right one mirrored) with their CPML profile by column,
 * the rows near a z layer, the checkpoint interval of the gradient and the number of shots per batch. Immutable.
 */
final class Layout {

	/** Batches aim at rows of about this many columns. */
	private static final int BATCH_COLUMNS = 1024;

	final WaveSetup g;
	final float[] k = new float[9];
	/** False for orders 2 and 4: the stencil terms at distance 3 and 4 (all zero) are skipped. */
	final boolean far;
	final float[] az, bz;
	/**
	 * x-layer work by columns: {@code sides} strips of {@code sw} columns per shot, the right strip mirrored
	 * (column c of it is array column col1 - 1 - c) so that both share the CPML profile column by column; one
	 * strip spanning the whole width when the grid is too narrow for two separate ones; none without CPML.
	 */
	final int sw, sides;
	/** CPML coefficients of strip column c. */
	final float[] cax, cbx;
	/** Strip columns [0, layerEnd) include every absorbing column; columns with ax = 0 only see Dx Px' (forward). */
	final int layerEnd;
	final boolean[] zStrip;
	/** Checkpoint interval in steps. */
	final int interval;
	/** Rows of the z layers (CPML state in a checkpoint), and the rank of each among them (-1 for other rows). */
	final int zRows;
	final int[] zRank;
	final int batchSize;

	Layout(final WaveSetup setup) {
		g = setup;
		final int r = g.stencil.radius();
		for (int j = 0; j <= 4; j++) k[j] = j <= r ? (float) g.stencil.c(j) : 0;
		for (int j = 1; j <= 4; j++) k[4 + j] = j <= r ? (float) g.stencil.d(j) : 0;
		far = r > 2;
		az = toFloat(g.az);
		bz = toFloat(g.bz);
		final int wide = g.p + Stencil.MAX_RADIUS;
		if (g.p == 0) {
			sw = 0;
			sides = 0;
		}
		else if (g.nxp >= 2 * wide) {
			sw = wide;
			sides = 2;
		}
		else {
			sw = g.nxp;
			sides = 1;
		}
		cax = new float[sw];
		cbx = new float[sw];
		int last = 0;
		for (int c = 0; c < sw; c++) {
			if (g.ax[g.col0 + c] != 0) last = c + 1;
			cax[c] = (float) g.ax[g.col0 + c];
			cbx[c] = (float) g.bx[g.col0 + c];
			if (sides == 2 && (g.ax[g.col0 + c] != g.ax[g.col1 - 1 - c] || g.bx[g.col0 + c] != g.bx[g.col1 - 1 - c]))
				throw new IllegalStateException("the x CPML profile is not symmetric");
		}
		layerEnd = last;
		zStrip = new boolean[g.H];
		int zRows = 0;
		for (int z = g.row0; z < g.row1; z++) {
			zStrip[z] = g.p > 0 && ((g.zt > 0 && z < g.r + g.zt + Stencil.MAX_RADIUS) || z >= g.row1 - wide);
			if (zStrip[z]) zRows++;
		}
		this.zRows = zRows;
		zRank = new int[g.H];
		for (int z = 0, i = 0; z < g.H; z++) zRank[z] = zStrip[z] ? i++ : -1;
		// Floats of CPML state per shot in a checkpoint (z-layer rows and x-layer columns, psi and zeta).
		final int pmlFloats = g.p == 0 ? 0 : 2 * zRows * g.W + 2 * sides * sw * g.H;
		interval = Math.max(1, (int) Math.round(Math.sqrt((2.0 + (double) pmlFloats / g.size()) * g.steps)));
		batchSize = Math.max(1, Math.min(g.srcIdx.length, BATCH_COLUMNS / g.W));
	}

	private static float[] toFloat(final double[] a) {
		final float[] f = new float[a.length];
		for (int i = 0; i < a.length; i++) f[i] = (float) a[i];
		return f;
	}

	/** The shots in batches of the given size. */
	Batch[] batches(final int size) {
		final int shots = g.srcIdx.length;
		final Batch[] b = new Batch[(shots + size - 1) / size];
		for (int i = 0; i < b.length; i++) b[i] = new Batch(this, i * size, Math.min(size, shots - i * size));
		return b;
	}

	/** The x-layer work columns of a batch, or null without x layers. */
	Columns columns(final Batch b, final boolean adjoint) {
		return sw > 0 ? new Columns(b, adjoint) : null;
	}
}
