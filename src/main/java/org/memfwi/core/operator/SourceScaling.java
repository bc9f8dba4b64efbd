package org.memfwi.core.operator;

import java.util.Locale;

/**
 * Source scaling by variable projection: the data are compared with predictions whose source amplitude is unknown,
 * one least-squares scalar per shot (time domain, real) or one complex scalar per source and frequency (Helmholtz),
 * fitted in closed form for each evaluated model. For a block with prediction p and data d the scalar is
 * {@code alpha = <p, d> / <p, p>} (complex: {@code p^H d / p^H p}), and the misfit is that of the projected problem,
 * {@code sum_blocks ||alpha p - d||^2}. Because alpha is optimal, the gradient of the projected misfit is
 * {@code J^T A^T (A p - d)} with A the multiplication by alpha (Golub and Pereyra's variable projection): the adjoint
 * source of the scaled problem at fixed alpha ({@link #adjointSource}). This absorbs sign and amplitude conventions of
 * other codes (Deepwave's {@code -v^2 dt^2}, the paper code's {@code -1}) and unknown source strengths of field data.
 * <p>
 * Immutable. {@link #FIXED} leaves the data as they are (alpha = 1).
 */
public final class SourceScaling {

	/** No scaling: alpha = 1 for every block. */
	public static final SourceScaling FIXED = new SourceScaling(0, 0, 0, false);

	private final int blocks, nr, ns;
	private final boolean complex;

	private SourceScaling(final int blocks, final int nr, final int ns, final boolean complex) {
		this.blocks = blocks;
		this.nr = nr;
		this.ns = ns;
		this.complex = complex;
	}

	/**
	 * One real scalar per shot gather; the data are {@code shots} contiguous blocks of {@code perShot} values (the
	 * time-domain layout: shot-major, nt x receivers within a shot).
	 */
	public static SourceScaling perShot(final int shots, final int perShot) {
		if (shots < 1 || perShot < 1) throw new IllegalArgumentException("source scaling needs at least one shot of one value, got " +
			shots + " shots of " + perShot);
		return new SourceScaling(shots, perShot, 1, false);
	}

	/**
	 * One complex scalar per source and frequency, for the Helmholtz data layout
	 * {@code index(part, f, s, r) = r + nr (s + ns (part + 2 f))} (part 0 real, 1 imaginary).
	 */
	public static SourceScaling perSourceAndFrequency(final int frequencies, final int sources, final int receivers) {
		if (frequencies < 1 || sources < 1 || receivers < 1) throw new IllegalArgumentException("source scaling needs at least one " +
			"frequency, source and receiver, got " + frequencies + ", " + sources + ", " + receivers);
		return new SourceScaling(frequencies * sources, receivers, sources, true);
	}

	/**
	 * Parses the {@code sourcescale} key.
	 *
	 * @return true for {@code estimate}, false for {@code fixed}
	 */
	public static boolean parseEstimate(final String value) {
		final String v = value == null ? "fixed" : value.trim().toLowerCase(Locale.ROOT);
		if (v.equals("fixed") || v.isEmpty()) return false;
		if (v.equals("estimate")) return true;
		throw new IllegalArgumentException("sourcescale=" + value + " is not a source scaling; use sourcescale=fixed (the data as " +
			"modelled) or sourcescale=estimate (one least-squares scalar per shot, or per source and frequency)");
	}

	/** True unless this is {@link #FIXED}. */
	public boolean estimates() { return blocks > 0; }

	/** Number of scalars (shots, or sources x frequencies). */
	public int blocks() { return blocks; }

	/** True if the scalars are complex. */
	public boolean isComplex() { return complex; }

	/** Data values covered, to check against the operator's data size. */
	public int dataSize() { return complex ? 2 * blocks * nr : blocks * nr; }

	/** Throws unless the scaling covers m data values. */
	public void check(final int m) {
		if (estimates() && dataSize() != m) throw new IllegalArgumentException("the source scaling covers " + dataSize() +
			" data values but the data have " + m);
	}

	/** Index of value r (receiver or sample) of block b, real part (complex blocks: b = s + ns f). */
	private int re(final int b, final int r) {
		if (!complex) return r + nr * b;
		final int f = b / ns, s = b % ns;
		return r + nr * (s + ns * (2 * f));
	}

	private int im(final int b, final int r) {
		final int f = b / ns, s = b % ns;
		return r + nr * (s + ns * (1 + 2 * f));
	}

	/**
	 * The fitted scalars: {@code alpha_b} (real) or {@code (Re alpha_b, Im alpha_b)} pairs (complex). A block whose
	 * prediction is zero gets alpha = 0.
	 *
	 * @param p predicted data F(x), not modified
	 * @param d observed data, not modified
	 * @param out blocks (real) or 2 blocks (complex) values, filled and returned; allocated when null
	 */
	public double[] scalars(final double[] p, final double[] d, final double[] out) {
		final double[] a = out != null ? out : new double[complex ? 2 * blocks : blocks];
		for (int b = 0; b < blocks; b++) {
			double pp = 0, pdr = 0, pdi = 0;
			for (int r = 0; r < nr; r++) {
				final int i = re(b, r);
				if (!complex) {
					pp += p[i] * p[i];
					pdr += p[i] * d[i];
				}
				else {
					final int j = im(b, r);
					pp += p[i] * p[i] + p[j] * p[j];
					// conj(p) d
					pdr += p[i] * d[i] + p[j] * d[j];
					pdi += p[i] * d[j] - p[j] * d[i];
				}
			}
			if (!complex) a[b] = pp > 0 ? pdr / pp : 0;
			else {
				a[2 * b] = pp > 0 ? pdr / pp : 0;
				a[2 * b + 1] = pp > 0 ? pdi / pp : 0;
			}
		}
		return a;
	}

	/**
	 * The scaled prediction {@code A p}: each block multiplied by its scalar.
	 *
	 * @param alpha from {@link #scalars}
	 * @param out m values, filled and returned; allocated when null; may be p
	 */
	public double[] scale(final double[] p, final double[] alpha, final double[] out) {
		final double[] o = out != null ? out : new double[p.length];
		if (!estimates()) {
			if (o != p) System.arraycopy(p, 0, o, 0, p.length);
			return o;
		}
		for (int b = 0; b < blocks; b++)
			for (int r = 0; r < nr; r++) {
				final int i = re(b, r);
				if (!complex) o[i] = alpha[b] * p[i];
				else {
					final int j = im(b, r);
					final double ar = alpha[2 * b], ai = alpha[2 * b + 1], pr = p[i], pi = p[j];
					o[i] = ar * pr - ai * pi;
					o[j] = ar * pi + ai * pr;
				}
			}
		return o;
	}

	/** The projected misfit {@code sum_b min_alpha ||alpha p_b - d_b||^2} (unscaled by the noise). */
	public double misfit(final double[] p, final double[] d) {
		final double[] q = scale(p, estimates() ? scalars(p, d, null) : null, null);
		double s = 0;
		for (int i = 0; i < d.length; i++) {
			final double t = q[i] - d[i];
			s += t * t;
		}
		return s;
	}

	/**
	 * The adjoint source of the projected misfit {@code 1/2 ||A p - d||^2}: {@code A^T (A p - d)}, whose image under
	 * {@code J^T} is the gradient (variable projection: the derivative through alpha vanishes at the optimum).
	 *
	 * @param out m values, filled and returned; allocated when null
	 */
	public double[] adjointSource(final double[] p, final double[] d, final double[] out) {
		final double[] alpha = estimates() ? scalars(p, d, null) : null;
		final double[] q = scale(p, alpha, null);
		for (int i = 0; i < q.length; i++) q[i] -= d[i];
		if (!estimates()) return copyInto(q, out);
		final double[] o = out != null ? out : new double[p.length];
		for (int b = 0; b < blocks; b++)
			for (int r = 0; r < nr; r++) {
				final int i = re(b, r);
				if (!complex) o[i] = alpha[b] * q[i];
				else {
					// multiplication by conj(alpha)
					final int j = im(b, r);
					final double ar = alpha[2 * b], ai = alpha[2 * b + 1], qr = q[i], qi = q[j];
					o[i] = ar * qr + ai * qi;
					o[j] = ar * qi - ai * qr;
				}
			}
		return o;
	}

	private static double[] copyInto(final double[] q, final double[] out) {
		if (out == null) return q;
		System.arraycopy(q, 0, out, 0, q.length);
		return out;
	}
}
