package org.memfwi.core.wave;

/**
 * The state of one batch of the fast propagator (rows: {@code field[z][x]}, z and x array coordinates including the
 * halo, each row lane-transposed as {@link Batch} describes): the wavefield with its CPML memory variables, the
 * adjoint ones, the work columns of the x layers and per-thread scratch rows.
 */
final class WaveState {

	private WaveState() {}

	/**
	 * One batch's wavefield with its CPML memory variables (double-buffered psi). The x-layer variables are stored
	 * by column, {@code pxT[segment][column][z]}, so that their x derivatives are vectorized passes along z.
	 */
	static final class Fields {
		float[][] u, up;
		float[][] pz, pzn, zz;
		float[][] pxT, pxnT, zxT;

		Fields(final Batch b) {
			u = b.rows();
			up = b.rows();
			if (b.g.p > 0) {
				pz = b.rows();
				pzn = b.rows();
				zz = b.rows();
				pxT = b.columns();
				pxnT = b.columns();
				zxT = b.columns();
			}
		}

		/** A view of the same arrays (each thread of a team swaps its own view). */
		Fields(final Fields o) {
			set(o);
		}

		void set(final Fields o) {
			u = o.u;
			up = o.up;
			pz = o.pz;
			pzn = o.pzn;
			zz = o.zz;
			pxT = o.pxT;
			pxnT = o.pxnT;
			zxT = o.zxT;
		}

		void swap() {
			float[][] t = u;
			u = up;
			up = t;
			if (pz == null) return;
			t = pz;
			pz = pzn;
			pzn = t;
			t = pxT;
			pxT = pxnT;
			pxnT = t;
		}
	}

	/** Adjoint wavefield mu = C lambda and the adjoints of the CPML variables (all double-buffered; x layers by column). */
	static final class Adjoint {
		float[][] m, mp;
		float[][] pzb, pzbn, zzb, zzbn;
		float[][] pxbT, pxbnT, zxbT, zxbnT;

		Adjoint(final Batch b) {
			m = b.rows();
			mp = b.rows();
			if (b.g.p > 0) {
				pzb = b.rows();
				pzbn = b.rows();
				zzb = b.rows();
				zzbn = b.rows();
				pxbT = b.columns();
				pxbnT = b.columns();
				zxbT = b.columns();
				zxbnT = b.columns();
			}
		}

		/** A view of the same arrays (each thread of a team swaps its own view). */
		Adjoint(final Adjoint o) {
			set(o);
		}

		void set(final Adjoint o) {
			m = o.m;
			mp = o.mp;
			pzb = o.pzb;
			pzbn = o.pzbn;
			zzb = o.zzb;
			zzbn = o.zzbn;
			pxbT = o.pxbT;
			pxbnT = o.pxbnT;
			zxbT = o.zxbT;
			zxbnT = o.zxbnT;
		}

		void swap() {
			float[][] t = m;
			m = mp;
			mp = t;
			if (pzb == null) return;
			t = pzb;
			pzb = pzbn;
			pzbn = t;
			t = zzb;
			zzb = zzbn;
			zzbn = t;
			float[][] tt = pxbT;
			pxbT = pxbnT;
			pxbnT = tt;
			tt = zxbT;
			zxbT = zxbnT;
			zxbnT = tt;
		}
	}

	/** Work columns of a batch shared by its team (each thread fills its own piece of the column length). */
	static final class Columns {
		/** The field on the strip columns widened by 4 columns each side (patch column q = strip column q - 4). */
		final float[][] patch;
		/** What the x layers add to each strip cell's stencil term. */
		final float[][] corr;
		/** Adjoint: delta = ax (mu + Zxbar) and ax Pxbar on the strip columns. */
		final float[][] delta, aP;
		final float[] zero;

		Columns(final Batch b, final boolean adjoint) {
			patch = new float[b.sw + 8][b.colLength];
			corr = b.columns();
			delta = adjoint ? b.columns() : null;
			aP = adjoint ? b.columns() : null;
			zero = new float[b.colLength];
		}

		/** Column c of a per-segment array, or zeros outside it. */
		float[] col(final float[][] a, final int c) {
			return c >= 0 && c < a.length ? a[c] : zero;
		}
	}

	/** Per-thread scratch rows. */
	static final class Scratch {
		final float[] t, tz, d, d2, c1, c2, c3;
		/** Adjoint: tau of each row (a row of tauRows, or the row of mu itself where az = 0), and sigma of each row. */
		final float[][] tau, tauRows, sigma, sigmaRows;

		Scratch(final int width, final int height, final int rows) {
			tau = new float[rows][];
			tauRows = new float[rows][];
			sigma = new float[rows][];
			sigmaRows = new float[rows][];
			t = new float[width];
			tz = new float[width];
			d = new float[width];
			d2 = new float[width];
			c1 = new float[height];
			c2 = new float[height];
			c3 = new float[height];
		}
	}
}
