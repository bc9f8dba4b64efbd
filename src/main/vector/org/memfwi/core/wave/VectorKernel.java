package org.memfwi.core.wave;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The {@link Kernel} written with the incubating Vector API (compiled from src/main/vector with
 * {@code --add-modules jdk.incubator.vector}, loaded reflectively by {@link Kernel#DEFAULT} only when that module is
 * present). A lane-transposed row's loop range [x0, x1) has a multiple of 16 floats, and its x-neighbours are 16 j
 * floats away, so with vectors of 4, 8 or 16 floats every load is a whole vector and there is no tail. Each
 * cell sees the same float operations in the same order as in {@link RowKernels}: the stencil term is one pass
 * instead of four, and the update with its flush one more.
 */
final class VectorKernel extends Kernel {

	/**
	 * The processor's preferred vector shape, at most 8 floats: 8 with AVX2 and with AVX-512, 4 with NEON or SSE.
	 * {@code -Dmemfwi.vector.bits=128|256|512} takes another one, so that the tests run the loops with the vector lengths
	 * of other machines (a shape the processor lacks runs correctly but slowly), and 512 gives AVX-512 processors 16
	 * floats (at most 16: the lane-transposed layout's unit).
	 * <p>
	 * Why not 16 floats on AVX-512: on an AMD EPYC with AVX-512 (family 26, JDK 17.0.15) 8 floats ran every full step
	 * faster, in 6 pairs of bench runs (medians): forward 1.17x (case A) and 1.30x (B), forward+gradient 1.19x and 1.24x,
	 * one thread.
	 * The CPML strips (24 cells a side) and the rows of OpenFWI-size models are short, and a segment's overlapping last
	 * vector recomputes up to 15 cells with 16 floats, 7 with 8; only the wide interior without CPML gained from 16.
	 * Each cell sees the same operations whatever the length, so the results do not change with it.
	 */
	private static final VectorSpecies<Float> S = species(System.getProperty("memfwi.vector.bits"));
	private static final int L = S.length();
	/**
	 * Masks the loop bounds of {@link #xzInPlace}: x0 and x1 are array indices (below 2^30 anyway), and bounds of a
	 * known range let C2 fold the offsets x - 4 .. x + 4 into the addresses (it cannot prove that an int x + 4 does not
	 * overflow otherwise, and spends registers and instructions on sign-extended indices). Measured there only: case A
	 * 1.04-1.06x, B 1.09x; in the interior loops it changed nothing (0.99).
	 */
	private static final int IDX = 0x3fffffff;
	/**
	 * True when the Vector API's per-load bounds checks are off ({@code -Djdk.incubator.vector.VECTOR_ACCESS_OOB_CHECK=0},
	 * set by the command-line launcher): the loops below then rely on their entry checks ({@link #holds}).
	 */
	private static final boolean UNCHECKED = Integer.getInteger("jdk.incubator.vector.VECTOR_ACCESS_OOB_CHECK", 2) == 0;

	/** The species for {@code memfwi.vector.bits} (null: the preferred one, capped at 256 bits). */
	static VectorSpecies<Float> species(final String bits) {
		if (bits == null || bits.isEmpty()) return FloatVector.SPECIES_PREFERRED.length() <= 8 ? FloatVector.SPECIES_PREFERRED : FloatVector.SPECIES_256;
		switch (bits.trim()) {
		case "128":
			return FloatVector.SPECIES_128;
		case "256":
			return FloatVector.SPECIES_256;
		case "512":
			return FloatVector.SPECIES_512;
		default:
			throw new IllegalArgumentException("memfwi.vector.bits must be 128, 256 or 512 (vector bits), not " + bits);
		}
	}

	@Override
	String name() { return "vector (" + L + " floats" + (UNCHECKED ? ", per-load bounds checks off" : "") + ")"; }

	@Override
	void laplacian(final float[] t, final float[][] u, final int z, final float[] k, final boolean far, final int x0, final int x1) {
		final int r = far ? 4 : 2, end = end(x0, x1);
		rows(u, z, r, x0, end);
		holds(u[z], x0 - 16 * r, end + 16 * r);
		holds(t, x0, end);
		final float[] a = u[z], m1 = u[z - 1], p1 = u[z + 1], m2 = u[z - 2], p2 = u[z + 2];
		final float c0 = 2 * k[0];
		final FloatVector vc1 = FloatVector.broadcast(S, k[1]), vc2 = FloatVector.broadcast(S, k[2]);
		if (!far) {
			for (int x = x0; x < x1; x += L) {
				FloatVector s = FloatVector.fromArray(S, a, x).mul(c0);
				s = FloatVector.fromArray(S, a, x - 16).add(FloatVector.fromArray(S, a, x + 16)).add(FloatVector.fromArray(S, m1, x))
					.add(FloatVector.fromArray(S, p1, x)).fma(vc1, s);
				s = FloatVector.fromArray(S, a, x - 32).add(FloatVector.fromArray(S, a, x + 32)).add(FloatVector.fromArray(S, m2, x))
					.add(FloatVector.fromArray(S, p2, x)).fma(vc2, s);
				s.intoArray(t, x);
			}
			return;
		}
		final float[] m3 = u[z - 3], p3 = u[z + 3], m4 = u[z - 4], p4 = u[z + 4];
		final FloatVector vc3 = FloatVector.broadcast(S, k[3]), vc4 = FloatVector.broadcast(S, k[4]);
		for (int x = x0; x < x1; x += L) {
			FloatVector s = FloatVector.fromArray(S, a, x).mul(c0);
			s = FloatVector.fromArray(S, a, x - 16).add(FloatVector.fromArray(S, a, x + 16)).add(FloatVector.fromArray(S, m1, x))
				.add(FloatVector.fromArray(S, p1, x)).fma(vc1, s);
			s = FloatVector.fromArray(S, a, x - 32).add(FloatVector.fromArray(S, a, x + 32)).add(FloatVector.fromArray(S, m2, x))
				.add(FloatVector.fromArray(S, p2, x)).fma(vc2, s);
			s = FloatVector.fromArray(S, a, x - 48).add(FloatVector.fromArray(S, a, x + 48)).add(FloatVector.fromArray(S, m3, x))
				.add(FloatVector.fromArray(S, p3, x)).fma(vc3, s);
			s = FloatVector.fromArray(S, a, x - 64).add(FloatVector.fromArray(S, a, x + 64)).add(FloatVector.fromArray(S, m4, x))
				.add(FloatVector.fromArray(S, p4, x)).fma(vc4, s);
			s.intoArray(t, x);
		}
	}

	@Override
	void finish(final float[] o, final float[] a, final float[] c, final float[] t, final boolean flush, final int x0, final int x1) {
		final int end = end(x0, x1);
		holds(o, x0, end);
		holds(a, x0, end);
		holds(c, x0, end);
		holds(t, x0, end);
		if (!flush) {
			for (int x = x0; x < x1; x += L)
				FloatVector.fromArray(S, a, x).mul(2f).sub(FloatVector.fromArray(S, o, x))
					.add(FloatVector.fromArray(S, c, x).mul(FloatVector.fromArray(S, t, x))).intoArray(o, x);
			return;
		}
		final float tiny = Propagator.FLUSH_BELOW;
		for (int x = x0; x < x1; x += L) {
			final FloatVector v = FloatVector.fromArray(S, a, x).mul(2f).sub(FloatVector.fromArray(S, o, x))
				.add(FloatVector.fromArray(S, c, x).mul(FloatVector.fromArray(S, t, x)));
			v.mul(v.abs().sub(tiny).mul(1e38f).max(0f).min(1f)).intoArray(o, x);
		}
	}

	@Override
	void zRow(final float[] t, final float[] tz, final float[] d, final float[][] u, final float[][] pz, final int z, final float[] zz,
		final float[] k, final boolean far, final float az, final float bz, final boolean flush, final int x0, final int x1) {
		final int r = far ? 4 : 2, end = end(x0, x1);
		rows(u, z, r, x0, end);
		rows(pz, z, r, x0, end);
		holds(u[z], x0 - 16 * r, end + 16 * r);
		holds(t, x0, end);
		holds(zz, x0, end);
		if (far) zRow8(t, u, pz, z, zz, k, az, bz, flush, x0, x1);
		else zRow4(t, u, pz, z, zz, k, az, bz, flush, x0, x1);
	}

	/** zRow for orders 2 and 4 (rings 1 and 2), in the operation order of the pure-Java passes. */
	private static void zRow4(final float[] t, final float[][] u, final float[][] pz, final int z, final float[] zz, final float[] k,
		final float az, final float bz, final boolean flush, final int x0, final int x1) {
		final float[] a = u[z], l1 = u[z - 1], r1 = u[z + 1], l2 = u[z - 2], r2 = u[z + 2];
		final float[] q1 = pz[z - 1], s1 = pz[z + 1], q2 = pz[z - 2], s2 = pz[z + 2];
		final float c0 = k[0], d2 = k[6];
		final FloatVector c1 = FloatVector.broadcast(S, k[1]), c2 = FloatVector.broadcast(S, k[2]), d1 = FloatVector.broadcast(S, k[5]);
		final FloatVector vc0 = FloatVector.broadcast(S, c0);
		final float tiny = Propagator.FLUSH_BELOW;
		for (int x = x0; x < x1; x += L) {
			final FloatVector av = FloatVector.fromArray(S, a, x);
			final FloatVector a1 = FloatVector.fromArray(S, l1, x), b1 = FloatVector.fromArray(S, r1, x);
			final FloatVector a2 = FloatVector.fromArray(S, l2, x), b2 = FloatVector.fromArray(S, r2, x);
			FloatVector tzv = a1.add(b1).fma(c1, a2.add(b2).fma(c2, av.mul(c0)));
			tzv = tzv.add(FloatVector.fromArray(S, s1, x).sub(FloatVector.fromArray(S, q1, x)).mul(k[5])
				.add(FloatVector.fromArray(S, s2, x).sub(FloatVector.fromArray(S, q2, x)).mul(d2)));
			FloatVector zn = FloatVector.fromArray(S, zz, x).mul(bz).add(tzv.mul(az));
			FloatVector tv = av.fma(vc0, tzv.add(zn));
			if (flush) zn = zn.mul(zn.abs().sub(tiny).mul(1e38f).max(0f).min(1f));
			zn.intoArray(zz, x);
			tv = FloatVector.fromArray(S, a, x - 16).add(FloatVector.fromArray(S, a, x + 16)).fma(c1,
				FloatVector.fromArray(S, a, x - 32).add(FloatVector.fromArray(S, a, x + 32)).fma(c2, tv));
			tv.intoArray(t, x);
		}
	}

	/** zRow for order 8 (rings 1 to 4), in the operation order of the pure-Java passes. */
	private static void zRow8(final float[] t, final float[][] u, final float[][] pz, final int z, final float[] zz, final float[] k,
		final float az, final float bz, final boolean flush, final int x0, final int x1) {
		final float[] a = u[z], l1 = u[z - 1], r1 = u[z + 1], l2 = u[z - 2], r2 = u[z + 2], l3 = u[z - 3], r3 = u[z + 3], l4 = u[z - 4],
			r4 = u[z + 4];
		final float[] q1 = pz[z - 1], s1 = pz[z + 1], q2 = pz[z - 2], s2 = pz[z + 2], q3 = pz[z - 3], s3 = pz[z + 3], q4 = pz[z - 4],
			s4 = pz[z + 4];
		final float c0 = k[0], d2 = k[6], d5 = k[5], d7 = k[7], d8 = k[8];
		final FloatVector c1 = FloatVector.broadcast(S, k[1]), c2 = FloatVector.broadcast(S, k[2]), c3 = FloatVector.broadcast(S, k[3]),
			c4 = FloatVector.broadcast(S, k[4]), d1 = FloatVector.broadcast(S, k[5]), d3 = FloatVector.broadcast(S, k[7]),
			d4 = FloatVector.broadcast(S, k[8]);
		final FloatVector vc0 = FloatVector.broadcast(S, c0);
		final float tiny = Propagator.FLUSH_BELOW;
		for (int x = x0; x < x1; x += L) {
			final FloatVector av = FloatVector.fromArray(S, a, x);
			FloatVector a1 = FloatVector.fromArray(S, l1, x), b1 = FloatVector.fromArray(S, r1, x);
			FloatVector a2 = FloatVector.fromArray(S, l2, x), b2 = FloatVector.fromArray(S, r2, x);
			FloatVector tzv = a1.add(b1).fma(c1, a2.add(b2).fma(c2, av.mul(c0)));
			a1 = FloatVector.fromArray(S, l3, x);
			b1 = FloatVector.fromArray(S, r3, x);
			a2 = FloatVector.fromArray(S, l4, x);
			b2 = FloatVector.fromArray(S, r4, x);
			tzv = a1.add(b1).fma(c3, a2.add(b2).fma(c4, tzv));
			tzv = tzv.add(FloatVector.fromArray(S, s1, x).sub(FloatVector.fromArray(S, q1, x)).mul(d5)
				.add(FloatVector.fromArray(S, s2, x).sub(FloatVector.fromArray(S, q2, x)).mul(d2)));
			tzv = tzv.add(FloatVector.fromArray(S, s3, x).sub(FloatVector.fromArray(S, q3, x)).mul(d7)
				.add(FloatVector.fromArray(S, s4, x).sub(FloatVector.fromArray(S, q4, x)).mul(d8)));
			FloatVector zn = FloatVector.fromArray(S, zz, x).mul(bz).add(tzv.mul(az));
			FloatVector tv = av.fma(vc0, tzv.add(zn));
			if (flush) zn = zn.mul(zn.abs().sub(tiny).mul(1e38f).max(0f).min(1f));
			zn.intoArray(zz, x);
			tv = FloatVector.fromArray(S, a, x - 16).add(FloatVector.fromArray(S, a, x + 16)).fma(c1,
				FloatVector.fromArray(S, a, x - 32).add(FloatVector.fromArray(S, a, x + 32)).fma(c2, tv));
			tv = FloatVector.fromArray(S, a, x - 48).add(FloatVector.fromArray(S, a, x + 48)).fma(c3,
				FloatVector.fromArray(S, a, x - 64).add(FloatVector.fromArray(S, a, x + 64)).fma(c4, tv));
			tv.intoArray(t, x);
		}
	}

	@Override
	void xColumn(final float[] corr, final float[] t, final float[] d, final float[] e, final float[][] p, final int q, final float[][] n,
		final float[] zx, final float[] k, final boolean far, final float a, final float b, final boolean flush, final int i0, final int i1) {
		if (far) {
			// The vector loop stops before i1 (a scalar tail): every array must hold [i0, i1).
			rows(p, q, 4, i0, i1);
			for (int j = 0; j < 8; j++) holds(n[j], i0, i1);
			holds(zx, i0, i1);
			holds(corr, i0, i1);
		}
		if (!far) {
			// Orders 2 and 4: the pure-Java passes (the x layers of these orders are not worth a fused copy).
			JAVA.xColumn(corr, t, d, e, p, q, n, zx, k, far, a, b, flush, i0, i1);
			return;
		}
		final float[] u0 = p[q], l1 = p[q - 1], r1 = p[q + 1], l2 = p[q - 2], r2 = p[q + 2], l3 = p[q - 3], r3 = p[q + 3], l4 = p[q - 4],
			r4 = p[q + 4];
		final float[] m1 = n[0], s1 = n[1], m2 = n[2], s2 = n[3], m3 = n[4], s3 = n[5], m4 = n[6], s4 = n[7];
		final float c0 = k[0], d2 = k[6], d7 = k[7], d8 = k[8];
		final FloatVector c1 = FloatVector.broadcast(S, k[1]), c2 = FloatVector.broadcast(S, k[2]), c3 = FloatVector.broadcast(S, k[3]),
			c4 = FloatVector.broadcast(S, k[4]), d1 = FloatVector.broadcast(S, k[5]), d3 = FloatVector.broadcast(S, k[7]),
			d4 = FloatVector.broadcast(S, k[8]);
		final float tiny = Propagator.FLUSH_BELOW;
		int i = i0;
		for (; i + L <= i1; i += L) {
			FloatVector a1 = FloatVector.fromArray(S, l1, i), b1 = FloatVector.fromArray(S, r1, i);
			FloatVector a2 = FloatVector.fromArray(S, l2, i), b2 = FloatVector.fromArray(S, r2, i);
			FloatVector tv = a1.add(b1).fma(c1, a2.add(b2).fma(c2, FloatVector.fromArray(S, u0, i).mul(c0)));
			a1 = FloatVector.fromArray(S, l3, i);
			b1 = FloatVector.fromArray(S, r3, i);
			a2 = FloatVector.fromArray(S, l4, i);
			b2 = FloatVector.fromArray(S, r4, i);
			tv = a1.add(b1).fma(c3, a2.add(b2).fma(c4, tv));
			FloatVector ev = FloatVector.fromArray(S, s1, i).sub(FloatVector.fromArray(S, m1, i)).fma(d1,
				FloatVector.fromArray(S, s2, i).sub(FloatVector.fromArray(S, m2, i)).mul(d2));
			ev = ev.add(FloatVector.fromArray(S, s3, i).sub(FloatVector.fromArray(S, m3, i)).mul(d7)
				.add(FloatVector.fromArray(S, s4, i).sub(FloatVector.fromArray(S, m4, i)).mul(d8)));
			FloatVector zn = FloatVector.fromArray(S, zx, i).mul(b).add(tv.add(ev).mul(a));
			ev.add(zn).intoArray(corr, i);
			if (flush) zn = zn.mul(zn.abs().sub(tiny).mul(1e38f).max(0f).min(1f));
			zn.intoArray(zx, i);
		}
		// The tail: the same operations on scalars (Math.fma rounds like the vector fma).
		final float k1 = k[1], k2 = k[2], k3 = k[3], k4 = k[4], k5 = k[5];
		for (; i < i1; i++) {
			float a1 = l1[i], b1 = r1[i], a2 = l2[i], b2 = r2[i];
			float tv = Math.fma(k1, a1 + b1, Math.fma(k2, a2 + b2, c0 * u0[i]));
			a1 = l3[i];
			b1 = r3[i];
			a2 = l4[i];
			b2 = r4[i];
			tv = Math.fma(k3, a1 + b1, Math.fma(k4, a2 + b2, tv));
			float ev = Math.fma(k5, s1[i] - m1[i], d2 * (s2[i] - m2[i]));
			ev += d7 * (s3[i] - m3[i]) + d8 * (s4[i] - m4[i]);
			float zn = b * zx[i] + a * (tv + ev);
			corr[i] = ev + zn;
			if (flush) zn = zn * Math.min(1f, Math.max(0f, (Math.abs(zn) - tiny) * 1e38f));
			zx[i] = zn;
		}
	}

	@Override
	void zRowAdjoint(final float[] t, final float[] tz, final float[] d, final float[] d2, final float[][] m, final float[][] tau,
		final float[][] pb, final float[] zb, final float[] zbn, final float[] az, final int z, final float[] k, final boolean far,
		final float bz, final boolean flush, final int x0, final int x1) {
		if (far) {
			final int end = end(x0, x1);
			holds(m[z], x0 - 64, end + 64);
			rows(tau, z, 4, x0, end);
			rows(pb, z, 4, x0, end);
			holds(zb, x0, end);
			holds(zbn, x0, end);
			holds(t, x0, end);
		}
		if (!far) {
			// Orders 2 and 4: the pure-Java passes.
			JAVA.zRowAdjoint(t, tz, d, d2, m, tau, pb, zb, zbn, az, z, k, far, bz, flush, x0, x1);
			return;
		}
		final float[] a = m[z], t0 = tau[z], l1 = tau[z - 1], r1 = tau[z + 1], l2 = tau[z - 2], r2 = tau[z + 2], l3 = tau[z - 3],
			r3 = tau[z + 3], l4 = tau[z - 4], r4 = tau[z + 4];
		final float[] p1 = pb[z + 1], q1 = pb[z - 1], p2 = pb[z + 2], q2 = pb[z - 2], p3 = pb[z + 3], q3 = pb[z - 3], p4 = pb[z + 4],
			q4 = pb[z - 4];
		final float a1 = az[z + 1], b1 = az[z - 1], a2 = az[z + 2], b2 = az[z - 2], a3 = az[z + 3], b3 = az[z - 3], a4 = az[z + 4],
			b4 = az[z - 4];
		final float c0 = k[0], d6 = k[6];
		final FloatVector c1 = FloatVector.broadcast(S, k[1]), c2 = FloatVector.broadcast(S, k[2]), c3 = FloatVector.broadcast(S, k[3]),
			c4 = FloatVector.broadcast(S, k[4]), d1 = FloatVector.broadcast(S, k[5]), d3 = FloatVector.broadcast(S, k[7]),
			d4 = FloatVector.broadcast(S, k[8]);
		final float tiny = Propagator.FLUSH_BELOW;
		for (int x = x0; x < x1; x += L) {
			final FloatVector av = FloatVector.fromArray(S, a, x);
			FloatVector tv = FloatVector.fromArray(S, a, x - 16).add(FloatVector.fromArray(S, a, x + 16)).fma(c1,
				FloatVector.fromArray(S, a, x - 32).add(FloatVector.fromArray(S, a, x + 32)).fma(c2, av.mul(c0)));
			tv = FloatVector.fromArray(S, a, x - 48).add(FloatVector.fromArray(S, a, x + 48)).fma(c3,
				FloatVector.fromArray(S, a, x - 64).add(FloatVector.fromArray(S, a, x + 64)).fma(c4, tv));
			FloatVector u1 = FloatVector.fromArray(S, l1, x), v1 = FloatVector.fromArray(S, r1, x);
			FloatVector u2 = FloatVector.fromArray(S, l2, x), v2 = FloatVector.fromArray(S, r2, x);
			FloatVector tzv = u1.add(v1).fma(c1, u2.add(v2).fma(c2, FloatVector.fromArray(S, t0, x).mul(c0)));
			u1 = FloatVector.fromArray(S, l3, x);
			v1 = FloatVector.fromArray(S, r3, x);
			u2 = FloatVector.fromArray(S, l4, x);
			v2 = FloatVector.fromArray(S, r4, x);
			tzv = u1.add(v1).fma(c3, u2.add(v2).fma(c4, tzv));
			FloatVector ev = FloatVector.fromArray(S, p1, x).mul(a1).sub(FloatVector.fromArray(S, q1, x).mul(b1)).fma(d1,
				FloatVector.fromArray(S, p2, x).mul(a2).sub(FloatVector.fromArray(S, q2, x).mul(b2)).mul(d6));
			ev = FloatVector.fromArray(S, p3, x).mul(a3).sub(FloatVector.fromArray(S, q3, x).mul(b3)).fma(d3,
				FloatVector.fromArray(S, p4, x).mul(a4).sub(FloatVector.fromArray(S, q4, x).mul(b4)).fma(d4, ev));
			FloatVector zn = av.add(FloatVector.fromArray(S, zb, x)).mul(bz);
			if (flush) zn = zn.mul(zn.abs().sub(tiny).mul(1e38f).max(0f).min(1f));
			zn.intoArray(zbn, x);
			tv.add(tzv.sub(ev)).intoArray(t, x);
		}
	}

	@Override
	void xColumnAdjoint(final float[] corr, final float[] t, final float[] d, final float[] e, final float[][] p, final int q,
		final float[][] dn, final float[][] an, final float[] zb, final float[] zbn, final float[] k, final boolean far, final float b,
		final boolean flush, final int i0, final int i1) {
		if (far) {
			holds(p[q], i0, i1);
			for (int j = 0; j < 9; j++) holds(dn[j], i0, i1);
			for (int j = 0; j < 8; j++) holds(an[j], i0, i1);
			holds(zb, i0, i1);
			holds(zbn, i0, i1);
			holds(corr, i0, i1);
		}
		if (!far) {
			// Orders 2 and 4: the pure-Java passes.
			JAVA.xColumnAdjoint(corr, t, d, e, p, q, dn, an, zb, zbn, k, far, b, flush, i0, i1);
			return;
		}
		final float[] u0 = p[q], l1 = p[q - 1], r1 = p[q + 1], l2 = p[q - 2], r2 = p[q + 2], l3 = p[q - 3], r3 = p[q + 3], l4 = p[q - 4],
			r4 = p[q + 4];
		final float[] e0 = dn[0], f1 = dn[1], g1 = dn[2], f2 = dn[3], g2 = dn[4], f3 = dn[5], g3 = dn[6], f4 = dn[7], g4 = dn[8];
		final float[] m1 = an[0], s1 = an[1], m2 = an[2], s2 = an[3], m3 = an[4], s3 = an[5], m4 = an[6], s4 = an[7];
		final float k0 = k[0], k1 = k[1], k2 = k[2], k3 = k[3], k4 = k[4], k5 = k[5], k6 = k[6], k7 = k[7], k8 = k[8];
		final FloatVector c1 = FloatVector.broadcast(S, k1), c2 = FloatVector.broadcast(S, k2), c3 = FloatVector.broadcast(S, k3),
			c4 = FloatVector.broadcast(S, k4), d1 = FloatVector.broadcast(S, k5), d2 = FloatVector.broadcast(S, k6),
			d3 = FloatVector.broadcast(S, k7), d4 = FloatVector.broadcast(S, k8);
		final float tiny = Propagator.FLUSH_BELOW;
		int i = i0;
		for (; i + L <= i1; i += L) {
			// t = Dxx delta (sumDiff12, sumDiff34)
			FloatVector a1 = FloatVector.fromArray(S, f1, i), b1 = FloatVector.fromArray(S, g1, i);
			FloatVector a2 = FloatVector.fromArray(S, f2, i), b2 = FloatVector.fromArray(S, g2, i);
			FloatVector tv = a1.add(b1).fma(c1, a2.add(b2).fma(c2, FloatVector.fromArray(S, e0, i).mul(k0)));
			a1 = FloatVector.fromArray(S, f3, i);
			b1 = FloatVector.fromArray(S, g3, i);
			a2 = FloatVector.fromArray(S, f4, i);
			b2 = FloatVector.fromArray(S, g4, i);
			tv = a1.add(b1).fma(c3, a2.add(b2).fma(c4, tv));
			// e = Dx (ax sigma) (diffSet, diffAdd)
			FloatVector ev = FloatVector.fromArray(S, s1, i).sub(FloatVector.fromArray(S, m1, i)).fma(d1,
				FloatVector.fromArray(S, s2, i).sub(FloatVector.fromArray(S, m2, i)).mul(k6));
			ev = ev.add(FloatVector.fromArray(S, s3, i).sub(FloatVector.fromArray(S, m3, i)).mul(k7)
				.add(FloatVector.fromArray(S, s4, i).sub(FloatVector.fromArray(S, m4, i)).mul(k8)));
			FloatVector zn = FloatVector.fromArray(S, u0, i).add(FloatVector.fromArray(S, zb, i)).mul(b);
			if (flush) zn = zn.mul(zn.abs().sub(tiny).mul(1e38f).max(0f).min(1f));
			zn.intoArray(zbn, i);
			tv.sub(ev).intoArray(corr, i);
		}
		// The tail: the same operations on scalars.
		for (; i < i1; i++) {
			float a1 = f1[i], b1 = g1[i], a2 = f2[i], b2 = g2[i];
			float tv = Math.fma(k1, a1 + b1, Math.fma(k2, a2 + b2, k0 * e0[i]));
			a1 = f3[i];
			b1 = g3[i];
			a2 = f4[i];
			b2 = g4[i];
			tv = Math.fma(k3, a1 + b1, Math.fma(k4, a2 + b2, tv));
			float ev = Math.fma(k5, s1[i] - m1[i], k6 * (s2[i] - m2[i]));
			ev += k7 * (s3[i] - m3[i]) + k8 * (s4[i] - m4[i]);
			float zn = b * (u0[i] + zb[i]);
			if (flush) zn = zn * Math.min(1f, Math.max(0f, (Math.abs(zn) - tiny) * 1e38f));
			zbn[i] = zn;
			corr[i] = tv - ev;
		}
	}

	// -- bounds: every public loop checks on entry that its arrays hold every index its vectors load or store, so
	// that the per-load checks of the Vector API may be switched off (jdk.incubator.vector.VECTOR_ACCESS_OOB_CHECK=0,
	// which the command-line launcher sets) without any access outside an array. A call with a bad range throws
	// IndexOutOfBoundsException as a checked load would, before touching anything.

	/** The end of the whole vectors that cover [x0, x1) from x0 (lane-transposed loops: x1 - x0 is a multiple of 16). */
	private static int end(final int x0, final int x1) {
		return x0 + (x1 - x0 + L - 1) / L * L;
	}

	/** Throws unless a holds [lo, hi) (nothing to check when empty). */
	private static void holds(final float[] a, final int lo, final int hi) {
		if (lo < hi && (lo < 0 || hi > a.length))
			throw new IndexOutOfBoundsException("range [" + lo + ", " + hi + ") of an array of " + a.length);
	}

	/** Throws unless rows z - r .. z + r of u exist and each holds [lo, hi). */
	private static void rows(final float[][] u, final int z, final int r, final int lo, final int hi) {
		if (z - r < 0 || z + r >= u.length) throw new IndexOutOfBoundsException("rows " + (z - r) + " to " + (z + r) + " of " + u.length);
		for (int j = z - r; j <= z + r; j++) holds(u[j], lo, hi);
	}

	// -- the row-major forward step: the operations of RowMajorKernels, L cells at a time --

	/**
	 * The threshold of the flush written out in the loops below, v (|v| - tiny) 1e38 clamped to [0, 1] (as
	 * {@link RowMajorKernels#flush}, inline: a helper is not inlined once C2's node budget of a large loop is spent,
	 * and its vectors are then boxed): {@link Propagator#FLUSH_BELOW}, or -1 without the flush, where the factor is
	 * exactly 1, so the loops have one store per result and no branch.
	 */
	private static float tiny(final boolean flush) {
		return flush ? Propagator.FLUSH_BELOW : -1f;
	}

	/**
	 * An in-place segment loop of at least L cells: the last vector (at x1 - L) is computed first into tmp, then the
	 * vectors from x0 below x1 - L (the last of them overlapping it), then tmp is copied to x1 - L; so no vector reads
	 * a value another has already updated.
	 */
	@Override
	void rmInterior(final float[] o, final float[][] u, final int z, final float[] c, final float[] k, final boolean flush,
		final float[] kOut, final int kShift, final int x0, final int x1, final float[] tmp) {
		rows(u, z, 4, x0, x1);
		holds(u[z], x0 - 4, x1 + 4);
		holds(o, x0, x1);
		holds(c, x0, x1);
		holds(tmp, 0, L);
		if (kOut != null) holds(kOut, x0 + kShift, x1 + kShift);
		if (x1 - x0 < L) {
			RowMajorKernels.interior(o, u, z, c, k, flush, kOut, kShift, x0, x1);
			return;
		}
		if (kOut != null) {
			if ((x1 - x0) % L == 0) {
				interiorRangeK(o, 0, o, u, z, c, k, flush, kOut, kShift, x0, x1);
				return;
			}
			final int t = x1 - L;
			interiorRangeK(tmp, -t, o, u, z, c, k, flush, kOut, kShift, t, t + 1);
			interiorRangeK(o, 0, o, u, z, c, k, flush, kOut, kShift, x0, t);
			FloatVector.fromArray(S, tmp, 0).intoArray(o, t);
			return;
		}
		if ((x1 - x0) % L == 0) {
			interiorInPlace(o, u, z, c, k, flush, x0, x1);
			return;
		}
		final int t = x1 - L;
		interiorRange(tmp, -t, o, u, z, c, k, flush, t, t + 1);
		interiorInPlace(o, u, z, c, k, flush, x0, t);
		FloatVector.fromArray(S, tmp, 0).intoArray(o, t);
	}

	/** The vectors at x = x0, x0 + L, ... below x1 of {@link RowMajorKernels#interior}, stored into dst at x + shift. */
	private static void interiorRange(final float[] dst, final int shift, final float[] o, final float[][] u, final int z, final float[] c,
		final float[] k, final boolean flush, final int x0, final int x1) {
		final float tiny = tiny(flush);
		final float[] a = u[z], m1 = u[z - 1], p1 = u[z + 1], m2 = u[z - 2], p2 = u[z + 2], m3 = u[z - 3], p3 = u[z + 3], m4 = u[z - 4],
			p4 = u[z + 4];
		final float c0 = 2 * k[0];
		final FloatVector c1 = FloatVector.broadcast(S, k[1]), c2 = FloatVector.broadcast(S, k[2]), c3 = FloatVector.broadcast(S, k[3]),
			c4 = FloatVector.broadcast(S, k[4]);
		for (int x = x0; x < x1; x += L) {
			final FloatVector av = FloatVector.fromArray(S, a, x);
			FloatVector s = FloatVector.fromArray(S, a, x - 4).add(FloatVector.fromArray(S, a, x + 4))
				.add(FloatVector.fromArray(S, m4, x).add(FloatVector.fromArray(S, p4, x))).fma(c4, av.mul(c0));
			s = FloatVector.fromArray(S, a, x - 3).add(FloatVector.fromArray(S, a, x + 3))
				.add(FloatVector.fromArray(S, m3, x).add(FloatVector.fromArray(S, p3, x))).fma(c3, s);
			s = FloatVector.fromArray(S, a, x - 2).add(FloatVector.fromArray(S, a, x + 2))
				.add(FloatVector.fromArray(S, m2, x).add(FloatVector.fromArray(S, p2, x))).fma(c2, s);
			s = FloatVector.fromArray(S, a, x - 1).add(FloatVector.fromArray(S, a, x + 1))
				.add(FloatVector.fromArray(S, m1, x).add(FloatVector.fromArray(S, p1, x))).fma(c1, s);
			final FloatVector v = s.fma(FloatVector.fromArray(S, c, x), av.mul(2f).sub(FloatVector.fromArray(S, o, x)));
			v.blend(0f, v.abs().compare(VectorOperators.LE, tiny)).intoArray(dst, x + shift);
		}
	}

	/** {@link #interiorRange} into o itself (fewer live pointers in the loop: measured faster). */
	private static void interiorInPlace(final float[] o, final float[][] u, final int z, final float[] c,
		final float[] k, final boolean flush, final int x0, final int x1) {
		final float tiny = tiny(flush);
		final float[] a = u[z], m1 = u[z - 1], p1 = u[z + 1], m2 = u[z - 2], p2 = u[z + 2], m3 = u[z - 3], p3 = u[z + 3], m4 = u[z - 4],
			p4 = u[z + 4];
		final float c0 = 2 * k[0];
		final FloatVector c1 = FloatVector.broadcast(S, k[1]), c2 = FloatVector.broadcast(S, k[2]), c3 = FloatVector.broadcast(S, k[3]),
			c4 = FloatVector.broadcast(S, k[4]);
		for (int x = x0; x < x1; x += L) {
			final FloatVector av = FloatVector.fromArray(S, a, x);
			FloatVector s = FloatVector.fromArray(S, a, x - 4).add(FloatVector.fromArray(S, a, x + 4))
				.add(FloatVector.fromArray(S, m4, x).add(FloatVector.fromArray(S, p4, x))).fma(c4, av.mul(c0));
			s = FloatVector.fromArray(S, a, x - 3).add(FloatVector.fromArray(S, a, x + 3))
				.add(FloatVector.fromArray(S, m3, x).add(FloatVector.fromArray(S, p3, x))).fma(c3, s);
			s = FloatVector.fromArray(S, a, x - 2).add(FloatVector.fromArray(S, a, x + 2))
				.add(FloatVector.fromArray(S, m2, x).add(FloatVector.fromArray(S, p2, x))).fma(c2, s);
			s = FloatVector.fromArray(S, a, x - 1).add(FloatVector.fromArray(S, a, x + 1))
				.add(FloatVector.fromArray(S, m1, x).add(FloatVector.fromArray(S, p1, x))).fma(c1, s);
			final FloatVector v = s.fma(FloatVector.fromArray(S, c, x), av.mul(2f).sub(FloatVector.fromArray(S, o, x)));
			v.blend(0f, v.abs().compare(VectorOperators.LE, tiny)).intoArray(o, x);
		}
	}

	/**
	 * {@link #interiorRange} with K stored into kOut at x + kShift (K does not depend on o, so an overlapping vector stores the
	 * same K): a separate loop, since a null test in the loop slowed plain forward modelling by about 10 %.
	 */
	private static void interiorRangeK(final float[] dst, final int shift, final float[] o, final float[][] u, final int z, final float[] c,
		final float[] k, final boolean flush, final float[] kOut, final int kShift, final int x0, final int x1) {
		final float tiny = tiny(flush);
		final float[] a = u[z], m1 = u[z - 1], p1 = u[z + 1], m2 = u[z - 2], p2 = u[z + 2], m3 = u[z - 3], p3 = u[z + 3], m4 = u[z - 4],
			p4 = u[z + 4];
		final float c0 = 2 * k[0];
		final FloatVector c1 = FloatVector.broadcast(S, k[1]), c2 = FloatVector.broadcast(S, k[2]), c3 = FloatVector.broadcast(S, k[3]),
			c4 = FloatVector.broadcast(S, k[4]);
		for (int x = x0; x < x1; x += L) {
			final FloatVector av = FloatVector.fromArray(S, a, x);
			FloatVector s = FloatVector.fromArray(S, a, x - 4).add(FloatVector.fromArray(S, a, x + 4))
				.add(FloatVector.fromArray(S, m4, x).add(FloatVector.fromArray(S, p4, x))).fma(c4, av.mul(c0));
			s = FloatVector.fromArray(S, a, x - 3).add(FloatVector.fromArray(S, a, x + 3))
				.add(FloatVector.fromArray(S, m3, x).add(FloatVector.fromArray(S, p3, x))).fma(c3, s);
			s = FloatVector.fromArray(S, a, x - 2).add(FloatVector.fromArray(S, a, x + 2))
				.add(FloatVector.fromArray(S, m2, x).add(FloatVector.fromArray(S, p2, x))).fma(c2, s);
			s = FloatVector.fromArray(S, a, x - 1).add(FloatVector.fromArray(S, a, x + 1))
				.add(FloatVector.fromArray(S, m1, x).add(FloatVector.fromArray(S, p1, x))).fma(c1, s);
			s.intoArray(kOut, x + kShift);
			final FloatVector v = s.fma(FloatVector.fromArray(S, c, x), av.mul(2f).sub(FloatVector.fromArray(S, o, x)));
			v.blend(0f, v.abs().compare(VectorOperators.LE, tiny)).intoArray(dst, x + shift);
		}
	}

	@Override
	void rmInterior2(final float[] o0, final float[] o1, final float[][] u, final int z, final float[] c0, final float[] c1, final float[] k,
		final boolean flush, final float[] kOut, final int kShift0, final int kShift1, final int x0, final int x1, final float[] tmp) {
		if (x1 - x0 < L) {
			rmInterior(o0, u, z, c0, k, flush, kOut, kShift0, x0, x1, tmp);
			rmInterior(o1, u, z + 1, c1, k, flush, kOut, kShift1, x0, x1, tmp);
			return;
		}
		if (z - 4 < 0 || z + 5 >= u.length) throw new IndexOutOfBoundsException("rows " + (z - 4) + " to " + (z + 5) + " of " + u.length);
		for (int j = z - 4; j <= z + 5; j++) holds(u[j], x0, x1);
		holds(u[z], x0 - 4, x1 + 4);
		holds(u[z + 1], x0 - 4, x1 + 4);
		holds(o0, x0, x1);
		holds(o1, x0, x1);
		holds(c0, x0, x1);
		holds(c1, x0, x1);
		holds(tmp, 0, 2 * L);
		if (kOut != null) {
			holds(kOut, x0 + kShift0, x1 + kShift0);
			holds(kOut, x0 + kShift1, x1 + kShift1);
			// As below, with a loop that also stores K (an overlapping vector stores the same K twice).
			if ((x1 - x0) % L == 0) {
				interior2RangeK(o0, o1, 0, o0, o1, u, z, c0, c1, k, flush, kOut, kShift0, kShift1, x0, x1);
				return;
			}
			final int t = x1 - L;
			interior2RangeK(tmp, tmp, -t, o0, o1, u, z, c0, c1, k, flush, kOut, kShift0, kShift1, t, t + 1);
			interior2RangeK(o0, o1, 0, o0, o1, u, z, c0, c1, k, flush, kOut, kShift0, kShift1, x0, t);
			FloatVector.fromArray(S, tmp, 0).intoArray(o0, t);
			FloatVector.fromArray(S, tmp, L).intoArray(o1, t);
			return;
		}
		if ((x1 - x0) % L == 0) {
			interior2InPlace(o0, o1, u, z, c0, c1, k, flush, x0, x1);
			return;
		}
		// The last vectors into tmp (row z + 1's at tmp[L..2L): dst1 offset by L below), their K of both rows into
		// tmp[2L..3L), unused: the loop with K serves this one vector too.
		holds(tmp, 0, 3 * L);
		final int t = x1 - L;
		interior2RangeK(tmp, tmp, -t, o0, o1, u, z, c0, c1, k, flush, tmp, 2 * L - t, 2 * L - t, t, t + 1);
		interior2InPlace(o0, o1, u, z, c0, c1, k, flush, x0, t);
		FloatVector.fromArray(S, tmp, 0).intoArray(o0, t);
		FloatVector.fromArray(S, tmp, L).intoArray(o1, t);
	}

	/**
	 * The vectors at x = x0, x0 + L, ... below x1 of {@link RowMajorKernels#interior} for rows z and z + 1, into o0
	 * and o1 themselves (the same operations in the same order as {@link #interior2RangeK}, without K).
	 */
	private static void interior2InPlace(final float[] o0, final float[] o1,
		final float[][] u, final int z, final float[] c0v, final float[] c1v, final float[] k, final boolean flush, final int x0, final int x1) {
		final float tiny = tiny(flush);
		final float[] a = u[z], b = u[z + 1], m1 = u[z - 1], p2 = u[z + 2], m2 = u[z - 2], p3 = u[z + 3], m3 = u[z - 3], p4 = u[z + 4],
			m4 = u[z - 4], p5 = u[z + 5];
		final float c0 = 2 * k[0];
		final FloatVector c1 = FloatVector.broadcast(S, k[1]), c2 = FloatVector.broadcast(S, k[2]), c3 = FloatVector.broadcast(S, k[3]),
			c4 = FloatVector.broadcast(S, k[4]);
		for (int x = x0; x < x1; x += L) {
			final FloatVector av = FloatVector.fromArray(S, a, x), bv = FloatVector.fromArray(S, b, x);
			final FloatVector r1m = FloatVector.fromArray(S, m1, x), r2p = FloatVector.fromArray(S, p2, x), r2m = FloatVector.fromArray(S, m2, x),
				r3p = FloatVector.fromArray(S, p3, x), r3m = FloatVector.fromArray(S, m3, x), r4p = FloatVector.fromArray(S, p4, x);
			// Row z: rings z -+ j; row z + 1: rings z + 1 -+ j. Same operations, same order as interiorRange.
			FloatVector s = FloatVector.fromArray(S, a, x - 4).add(FloatVector.fromArray(S, a, x + 4))
				.add(FloatVector.fromArray(S, m4, x).add(r4p)).fma(c4, av.mul(c0));
			s = FloatVector.fromArray(S, a, x - 3).add(FloatVector.fromArray(S, a, x + 3)).add(r3m.add(r3p)).fma(c3, s);
			s = FloatVector.fromArray(S, a, x - 2).add(FloatVector.fromArray(S, a, x + 2)).add(r2m.add(r2p)).fma(c2, s);
			s = FloatVector.fromArray(S, a, x - 1).add(FloatVector.fromArray(S, a, x + 1)).add(r1m.add(bv)).fma(c1, s);
			final FloatVector v = s.fma(FloatVector.fromArray(S, c0v, x), av.mul(2f).sub(FloatVector.fromArray(S, o0, x)));
			FloatVector q = FloatVector.fromArray(S, b, x - 4).add(FloatVector.fromArray(S, b, x + 4))
				.add(r3m.add(FloatVector.fromArray(S, p5, x))).fma(c4, bv.mul(c0));
			q = FloatVector.fromArray(S, b, x - 3).add(FloatVector.fromArray(S, b, x + 3)).add(r2m.add(r4p)).fma(c3, q);
			q = FloatVector.fromArray(S, b, x - 2).add(FloatVector.fromArray(S, b, x + 2)).add(r1m.add(r3p)).fma(c2, q);
			q = FloatVector.fromArray(S, b, x - 1).add(FloatVector.fromArray(S, b, x + 1)).add(av.add(r2p)).fma(c1, q);
			final FloatVector w = q.fma(FloatVector.fromArray(S, c1v, x), bv.mul(2f).sub(FloatVector.fromArray(S, o1, x)));
			v.blend(0f, v.abs().compare(VectorOperators.LE, tiny)).intoArray(o0, x);
			w.blend(0f, w.abs().compare(VectorOperators.LE, tiny)).intoArray(o1, x);
		}
	}

	/**
	 * The vectors at x = x0, x0 + L, ... below x1 of {@link RowMajorKernels#interior} for rows z and z + 1, stored into
	 * dst0 and dst1 at x + shift (when both are the same scratch array, row z + 1 at x + shift + L), with K of row z
	 * stored into kOut at x + kShift0 and of row z + 1 at x + kShift1.
	 */
	private static void interior2RangeK(final float[] dst0, final float[] dst1, final int shift, final float[] o0, final float[] o1,
		final float[][] u, final int z, final float[] c0v, final float[] c1v, final float[] k, final boolean flush, final float[] kOut,
		final int kShift0, final int kShift1, final int x0, final int x1) {
		final float tiny = tiny(flush);
		final int shift1 = dst1 == dst0 ? shift + L : shift;
		final float[] a = u[z], b = u[z + 1], m1 = u[z - 1], p2 = u[z + 2], m2 = u[z - 2], p3 = u[z + 3], m3 = u[z - 3], p4 = u[z + 4],
			m4 = u[z - 4], p5 = u[z + 5];
		final float c0 = 2 * k[0];
		final FloatVector c1 = FloatVector.broadcast(S, k[1]), c2 = FloatVector.broadcast(S, k[2]), c3 = FloatVector.broadcast(S, k[3]),
			c4 = FloatVector.broadcast(S, k[4]);
		for (int x = x0; x < x1; x += L) {
			final FloatVector av = FloatVector.fromArray(S, a, x), bv = FloatVector.fromArray(S, b, x);
			final FloatVector r1m = FloatVector.fromArray(S, m1, x), r2p = FloatVector.fromArray(S, p2, x), r2m = FloatVector.fromArray(S, m2, x),
				r3p = FloatVector.fromArray(S, p3, x), r3m = FloatVector.fromArray(S, m3, x), r4p = FloatVector.fromArray(S, p4, x);
			// Row z: rings z -+ j; row z + 1: rings z + 1 -+ j. Same operations, same order as interiorRange.
			FloatVector s = FloatVector.fromArray(S, a, x - 4).add(FloatVector.fromArray(S, a, x + 4))
				.add(FloatVector.fromArray(S, m4, x).add(r4p)).fma(c4, av.mul(c0));
			s = FloatVector.fromArray(S, a, x - 3).add(FloatVector.fromArray(S, a, x + 3)).add(r3m.add(r3p)).fma(c3, s);
			s = FloatVector.fromArray(S, a, x - 2).add(FloatVector.fromArray(S, a, x + 2)).add(r2m.add(r2p)).fma(c2, s);
			s = FloatVector.fromArray(S, a, x - 1).add(FloatVector.fromArray(S, a, x + 1)).add(r1m.add(bv)).fma(c1, s);
			s.intoArray(kOut, x + kShift0);
			final FloatVector v = s.fma(FloatVector.fromArray(S, c0v, x), av.mul(2f).sub(FloatVector.fromArray(S, o0, x)));
			FloatVector q = FloatVector.fromArray(S, b, x - 4).add(FloatVector.fromArray(S, b, x + 4))
				.add(r3m.add(FloatVector.fromArray(S, p5, x))).fma(c4, bv.mul(c0));
			q = FloatVector.fromArray(S, b, x - 3).add(FloatVector.fromArray(S, b, x + 3)).add(r2m.add(r4p)).fma(c3, q);
			q = FloatVector.fromArray(S, b, x - 2).add(FloatVector.fromArray(S, b, x + 2)).add(r1m.add(r3p)).fma(c2, q);
			q = FloatVector.fromArray(S, b, x - 1).add(FloatVector.fromArray(S, b, x + 1)).add(av.add(r2p)).fma(c1, q);
			q.intoArray(kOut, x + kShift1);
			final FloatVector w = q.fma(FloatVector.fromArray(S, c1v, x), bv.mul(2f).sub(FloatVector.fromArray(S, o1, x)));
			v.blend(0f, v.abs().compare(VectorOperators.LE, tiny)).intoArray(dst0, x + shift);
			w.blend(0f, w.abs().compare(VectorOperators.LE, tiny)).intoArray(dst1, x + shift1);
		}
	}

	@Override
	void rmPz(final float[] pn, final float[] p, final float[][] u, final int z, final float[] k, final float az, final float bz,
		final boolean flush, final int x0, final int x1) {
		rows(u, z, 4, x0, x1);
		holds(p, x0, x1);
		holds(pn, x0, x1);
		if (x1 - x0 < L) {
			RowMajorKernels.pz(pn, p, u, z, k, az, bz, flush, x0, x1);
			return;
		}
		// pn is not read: whole vectors, then the last one overlapping (counted loops, whose range checks C2 hoists).
		final int e = x1 - L;
		pzRange(pn, p, u, z, k, az, bz, flush, x0, e);
		pzRange(pn, p, u, z, k, az, bz, flush, e, e + 1);
	}

	/** The vectors of {@link RowMajorKernels#pz} at x = x0, x0 + L, ... below x1. */
	private static void pzRange(final float[] pn, final float[] p, final float[][] u, final int z, final float[] k, final float az,
		final float bz, final boolean flush, final int x0, final int x1) {
		final float tiny = tiny(flush);
		final float[] m1 = u[z - 1], p1 = u[z + 1], m2 = u[z - 2], p2 = u[z + 2], m3 = u[z - 3], p3 = u[z + 3], m4 = u[z - 4], p4 = u[z + 4];
		final float d4 = k[8];
		final FloatVector d1 = FloatVector.broadcast(S, k[5]), d2 = FloatVector.broadcast(S, k[6]), d3 = FloatVector.broadcast(S, k[7]),
			vbz = FloatVector.broadcast(S, bz);
		for (int x = x0; x < x1; x += L) {
			FloatVector d = FloatVector.fromArray(S, p4, x).sub(FloatVector.fromArray(S, m4, x)).mul(d4);
			d = FloatVector.fromArray(S, p3, x).sub(FloatVector.fromArray(S, m3, x)).fma(d3, d);
			d = FloatVector.fromArray(S, p2, x).sub(FloatVector.fromArray(S, m2, x)).fma(d2, d);
			d = FloatVector.fromArray(S, p1, x).sub(FloatVector.fromArray(S, m1, x)).fma(d1, d);
			final FloatVector v = FloatVector.fromArray(S, p, x).fma(vbz, d.mul(az));
			v.blend(0f, v.abs().compare(VectorOperators.LE, tiny)).intoArray(pn, x);
		}
	}

	@Override
	void rmPx(final float[] pn, final float[] p, final float[] a, final float[] ax, final float[] bx, final float[] k, final boolean flush,
		final int x0, final int x1) {
		holds(a, x0 - 4, x1 + 4);
		holds(p, x0, x1);
		holds(pn, x0, x1);
		holds(ax, x0, x1);
		holds(bx, x0, x1);
		if (x1 - x0 < L) {
			RowMajorKernels.px(pn, p, a, ax, bx, k, flush, x0, x1);
			return;
		}
		final int e = x1 - L;
		pxRange(pn, p, a, ax, bx, k, flush, x0, e);
		pxRange(pn, p, a, ax, bx, k, flush, e, e + 1);
	}

	/** The vectors of {@link RowMajorKernels#px} at x = x0, x0 + L, ... below x1. */
	private static void pxRange(final float[] pn, final float[] p, final float[] a, final float[] ax, final float[] bx, final float[] k,
		final boolean flush, final int x0, final int x1) {
		final float tiny = tiny(flush);
		final float d4 = k[8];
		final FloatVector d1 = FloatVector.broadcast(S, k[5]), d2 = FloatVector.broadcast(S, k[6]), d3 = FloatVector.broadcast(S, k[7]);
		for (int x = x0; x < x1; x += L) {
			FloatVector d = FloatVector.fromArray(S, a, x + 4).sub(FloatVector.fromArray(S, a, x - 4)).mul(d4);
			d = FloatVector.fromArray(S, a, x + 3).sub(FloatVector.fromArray(S, a, x - 3)).fma(d3, d);
			d = FloatVector.fromArray(S, a, x + 2).sub(FloatVector.fromArray(S, a, x - 2)).fma(d2, d);
			d = FloatVector.fromArray(S, a, x + 1).sub(FloatVector.fromArray(S, a, x - 1)).fma(d1, d);
			final FloatVector v = FloatVector.fromArray(S, bx, x).fma(FloatVector.fromArray(S, p, x), FloatVector.fromArray(S, ax, x).mul(d));
			v.blend(0f, v.abs().compare(VectorOperators.LE, tiny)).intoArray(pn, x);
		}
	}

	@Override
	void rmXLayer(final float[] o, final float[][] u, final float[] px, final float[] zx, final float[] ax, final float[] bx,
		final boolean zTerms, final float[][] pz, final float[] zz, final int z, final float[] c, final float[] k, final float az,
		final float bz, final boolean flush, final float[] kOut, final int kShift, final int x0, final int x1, final float[] tmp) {
		rows(u, z, 4, x0, x1);
		holds(u[z], x0 - 4, x1 + 4);
		holds(px, x0 - 4, x1 + 4);
		holds(zx, x0, x1);
		holds(ax, x0, x1);
		holds(bx, x0, x1);
		holds(c, x0, x1);
		holds(o, x0, x1);
		holds(tmp, 0, 3 * L);
		if (zTerms) {
			rows(pz, z, 4, x0, x1);
			holds(zz, x0, x1);
		}
		if (kOut != null) holds(kOut, x0 + kShift, x1 + kShift);
		if (x1 - x0 < L) {
			RowMajorKernels.xLayer(o, u, px, zx, ax, bx, zTerms, pz, zz, z, c, k, az, bz, flush, kOut, kShift, x0, x1);
			return;
		}
		if (kOut != null) {
			xLayerK(o, u, px, zx, ax, bx, zTerms, pz, zz, z, c, k, az, bz, flush, kOut, kShift, x0, x1, tmp);
			return;
		}
		if ((x1 - x0) % L == 0) {
			// Whole vectors: no last vector to compute first.
			if (zTerms) xzInPlace(o, u, px, zx, ax, bx, pz, zz, z, c, k, az, bz, flush, x0, x1);
			else xInPlace(o, u, px, zx, ax, bx, z, c, k, flush, x0, x1);
			return;
		}
		final int t = x1 - L;
		if (zTerms) {
			xzRange(tmp, -t, tmp, L - t, tmp, 2 * L - t, o, u, px, zx, ax, bx, pz, zz, z, c, k, az, bz, flush, t, t + 1);
			xzInPlace(o, u, px, zx, ax, bx, pz, zz, z, c, k, az, bz, flush, x0, t);
			FloatVector.fromArray(S, tmp, 2 * L).intoArray(zz, t);
		}
		else {
			xRange(tmp, -t, tmp, L - t, o, u, px, zx, ax, bx, z, c, k, flush, t, t + 1);
			xInPlace(o, u, px, zx, ax, bx, z, c, k, flush, x0, t);
		}
		FloatVector.fromArray(S, tmp, 0).intoArray(o, t);
		FloatVector.fromArray(S, tmp, L).intoArray(zx, t);
	}

	@Override
	void rmXSegments(final float[] o, final float[][] u, final float[] pxn, final float[] px, final float[] zx, final float[] ax,
		final float[] bx, final int z, final float[] c, final float[] k, final boolean flush, final float[] kOut, final int kShift,
		final int[] seg, final float[] tmp) {
		final int n = seg.length;
		if (n == 0) return;
		// The checks once for the hull of the segments (ascending and disjoint: checked here too).
		for (int i = 0; i < n; i++)
			if (i > 0 && seg[i] < seg[i - 1] || i % 2 == 1 && seg[i] <= seg[i - 1])
				throw new IllegalArgumentException("segments not ascending at " + i);
		final int lo = seg[0], hi = seg[n - 1];
		rows(u, z, 4, lo, hi);
		holds(u[z], lo - 4, hi + 4);
		holds(pxn, lo - 4, hi + 4);
		holds(px, lo, hi);
		holds(zx, lo, hi);
		holds(ax, lo, hi);
		holds(bx, lo, hi);
		holds(c, lo, hi);
		holds(o, lo, hi);
		if (kOut != null) holds(kOut, lo + kShift, hi + kShift);
		boolean whole = true;
		for (int i = 0; i < n; i += 2) whole &= (seg[i + 1] - seg[i]) % L == 0;
		if (!whole) {
			super.rmXSegments(o, u, pxn, px, zx, ax, bx, z, c, k, flush, kOut, kShift, seg, tmp);
			return;
		}
		if (kOut != null) xSegmentsK(o, u, pxn, px, zx, ax, bx, z, c, k, flush, kOut, kShift, seg);
		else xSegments(o, u, pxn, px, zx, ax, bx, z, c, k, flush, seg);
	}

	/**
	 * Segments of whole vectors: per segment the vectors of {@link RowMajorKernels#px}, then those of
	 * {@link RowMajorKernels#xLayer} without z terms in place (as {@link #xInPlace}), all in one method, so that the
	 * rows, the coefficients and the checks are set up once per row instead of twice per segment.
	 */
	private static void xSegments(final float[] o, final float[][] u, final float[] pxn, final float[] px, final float[] zx,
		final float[] ax, final float[] bx, final int z, final float[] c, final float[] k, final boolean flush, final int[] seg) {
		final float tiny = tiny(flush);
		final float[] a = u[z], m1 = u[z - 1], p1 = u[z + 1], m2 = u[z - 2], p2 = u[z + 2], m3 = u[z - 3], p3 = u[z + 3], m4 = u[z - 4],
			p4 = u[z + 4];
		final float c0 = k[0], e4 = k[8];
		final FloatVector c1 = FloatVector.broadcast(S, k[1]), c2 = FloatVector.broadcast(S, k[2]), c3 = FloatVector.broadcast(S, k[3]),
			c4 = FloatVector.broadcast(S, k[4]), d1 = FloatVector.broadcast(S, k[5]), d2 = FloatVector.broadcast(S, k[6]),
			d3 = FloatVector.broadcast(S, k[7]), d4 = FloatVector.broadcast(S, k[8]);
		for (int i = 0; i < seg.length; i += 2) {
			final int x0 = seg[i], x1 = seg[i + 1];
			for (int x = x0; x < x1; x += L) {
				FloatVector d = FloatVector.fromArray(S, a, x + 4).sub(FloatVector.fromArray(S, a, x - 4)).mul(e4);
				d = FloatVector.fromArray(S, a, x + 3).sub(FloatVector.fromArray(S, a, x - 3)).fma(d3, d);
				d = FloatVector.fromArray(S, a, x + 2).sub(FloatVector.fromArray(S, a, x - 2)).fma(d2, d);
				d = FloatVector.fromArray(S, a, x + 1).sub(FloatVector.fromArray(S, a, x - 1)).fma(d1, d);
				final FloatVector v = FloatVector.fromArray(S, bx, x).fma(FloatVector.fromArray(S, px, x), FloatVector.fromArray(S, ax, x).mul(d));
				v.blend(0f, v.abs().compare(VectorOperators.LE, tiny)).intoArray(pxn, x);
			}
			for (int x = x0; x < x1; x += L) {
				final FloatVector av = FloatVector.fromArray(S, a, x), a0 = av.mul(c0);
				FloatVector tx = FloatVector.fromArray(S, a, x - 4).add(FloatVector.fromArray(S, a, x + 4)).fma(c4, a0);
				tx = FloatVector.fromArray(S, a, x - 3).add(FloatVector.fromArray(S, a, x + 3)).fma(c3, tx);
				tx = FloatVector.fromArray(S, a, x - 2).add(FloatVector.fromArray(S, a, x + 2)).fma(c2, tx);
				tx = FloatVector.fromArray(S, a, x - 1).add(FloatVector.fromArray(S, a, x + 1)).fma(c1, tx);
				tx = FloatVector.fromArray(S, pxn, x + 4).sub(FloatVector.fromArray(S, pxn, x - 4)).fma(d4, tx);
				tx = FloatVector.fromArray(S, pxn, x + 3).sub(FloatVector.fromArray(S, pxn, x - 3)).fma(d3, tx);
				tx = FloatVector.fromArray(S, pxn, x + 2).sub(FloatVector.fromArray(S, pxn, x - 2)).fma(d2, tx);
				tx = FloatVector.fromArray(S, pxn, x + 1).sub(FloatVector.fromArray(S, pxn, x - 1)).fma(d1, tx);
				final FloatVector xn = FloatVector.fromArray(S, bx, x).fma(FloatVector.fromArray(S, zx, x), FloatVector.fromArray(S, ax, x).mul(tx));
				FloatVector tz = FloatVector.fromArray(S, m4, x).add(FloatVector.fromArray(S, p4, x)).fma(c4, a0);
				tz = FloatVector.fromArray(S, m3, x).add(FloatVector.fromArray(S, p3, x)).fma(c3, tz);
				tz = FloatVector.fromArray(S, m2, x).add(FloatVector.fromArray(S, p2, x)).fma(c2, tz);
				tz = FloatVector.fromArray(S, m1, x).add(FloatVector.fromArray(S, p1, x)).fma(c1, tz);
				final FloatVector kk = tx.add(xn).add(tz);
				final FloatVector v = kk.fma(FloatVector.fromArray(S, c, x), av.mul(2f).sub(FloatVector.fromArray(S, o, x)));
				xn.blend(0f, xn.abs().compare(VectorOperators.LE, tiny)).intoArray(zx, x);
				v.blend(0f, v.abs().compare(VectorOperators.LE, tiny)).intoArray(o, x);
			}
		}
	}

	/** {@link #xSegments} with K stored into kOut at x + kShift. */
	private static void xSegmentsK(final float[] o, final float[][] u, final float[] pxn, final float[] px, final float[] zx,
		final float[] ax, final float[] bx, final int z, final float[] c, final float[] k, final boolean flush, final float[] kOut, final int kShift,
		final int[] seg) {
		final float tiny = tiny(flush);
		final float[] a = u[z], m1 = u[z - 1], p1 = u[z + 1], m2 = u[z - 2], p2 = u[z + 2], m3 = u[z - 3], p3 = u[z + 3], m4 = u[z - 4],
			p4 = u[z + 4];
		final float c0 = k[0], e4 = k[8];
		final FloatVector c1 = FloatVector.broadcast(S, k[1]), c2 = FloatVector.broadcast(S, k[2]), c3 = FloatVector.broadcast(S, k[3]),
			c4 = FloatVector.broadcast(S, k[4]), d1 = FloatVector.broadcast(S, k[5]), d2 = FloatVector.broadcast(S, k[6]),
			d3 = FloatVector.broadcast(S, k[7]), d4 = FloatVector.broadcast(S, k[8]);
		for (int i = 0; i < seg.length; i += 2) {
			final int x0 = seg[i], x1 = seg[i + 1];
			for (int x = x0; x < x1; x += L) {
				FloatVector d = FloatVector.fromArray(S, a, x + 4).sub(FloatVector.fromArray(S, a, x - 4)).mul(e4);
				d = FloatVector.fromArray(S, a, x + 3).sub(FloatVector.fromArray(S, a, x - 3)).fma(d3, d);
				d = FloatVector.fromArray(S, a, x + 2).sub(FloatVector.fromArray(S, a, x - 2)).fma(d2, d);
				d = FloatVector.fromArray(S, a, x + 1).sub(FloatVector.fromArray(S, a, x - 1)).fma(d1, d);
				final FloatVector v = FloatVector.fromArray(S, bx, x).fma(FloatVector.fromArray(S, px, x), FloatVector.fromArray(S, ax, x).mul(d));
				v.blend(0f, v.abs().compare(VectorOperators.LE, tiny)).intoArray(pxn, x);
			}
			for (int x = x0; x < x1; x += L) {
				final FloatVector av = FloatVector.fromArray(S, a, x), a0 = av.mul(c0);
				FloatVector tx = FloatVector.fromArray(S, a, x - 4).add(FloatVector.fromArray(S, a, x + 4)).fma(c4, a0);
				tx = FloatVector.fromArray(S, a, x - 3).add(FloatVector.fromArray(S, a, x + 3)).fma(c3, tx);
				tx = FloatVector.fromArray(S, a, x - 2).add(FloatVector.fromArray(S, a, x + 2)).fma(c2, tx);
				tx = FloatVector.fromArray(S, a, x - 1).add(FloatVector.fromArray(S, a, x + 1)).fma(c1, tx);
				tx = FloatVector.fromArray(S, pxn, x + 4).sub(FloatVector.fromArray(S, pxn, x - 4)).fma(d4, tx);
				tx = FloatVector.fromArray(S, pxn, x + 3).sub(FloatVector.fromArray(S, pxn, x - 3)).fma(d3, tx);
				tx = FloatVector.fromArray(S, pxn, x + 2).sub(FloatVector.fromArray(S, pxn, x - 2)).fma(d2, tx);
				tx = FloatVector.fromArray(S, pxn, x + 1).sub(FloatVector.fromArray(S, pxn, x - 1)).fma(d1, tx);
				final FloatVector xn = FloatVector.fromArray(S, bx, x).fma(FloatVector.fromArray(S, zx, x), FloatVector.fromArray(S, ax, x).mul(tx));
				FloatVector tz = FloatVector.fromArray(S, m4, x).add(FloatVector.fromArray(S, p4, x)).fma(c4, a0);
				tz = FloatVector.fromArray(S, m3, x).add(FloatVector.fromArray(S, p3, x)).fma(c3, tz);
				tz = FloatVector.fromArray(S, m2, x).add(FloatVector.fromArray(S, p2, x)).fma(c2, tz);
				tz = FloatVector.fromArray(S, m1, x).add(FloatVector.fromArray(S, p1, x)).fma(c1, tz);
				final FloatVector kk = tx.add(xn).add(tz);
				kk.intoArray(kOut, x + kShift);
				final FloatVector v = kk.fma(FloatVector.fromArray(S, c, x), av.mul(2f).sub(FloatVector.fromArray(S, o, x)));
				xn.blend(0f, xn.abs().compare(VectorOperators.LE, tiny)).intoArray(zx, x);
				v.blend(0f, v.abs().compare(VectorOperators.LE, tiny)).intoArray(o, x);
			}
		}
	}

	@Override
	void rmZInterior(final float[] o, final float[][] u, final float[][] pz, final float[] zz, final int z, final float[] c, final float[] k,
		final float az, final float bz, final boolean flush, final int x0, final int x1, final float[] tmp) {
		rows(u, z, 4, x0, x1);
		holds(u[z], x0 - 4, x1 + 4);
		rows(pz, z, 4, x0, x1);
		holds(zz, x0, x1);
		holds(c, x0, x1);
		holds(o, x0, x1);
		holds(tmp, 0, 2 * L);
		if (x1 - x0 < L) {
			RowMajorKernels.zInterior(o, u, pz, zz, z, c, k, az, bz, flush, x0, x1);
			return;
		}
		if ((x1 - x0) % L == 0) {
			zInPlace(o, u, pz, zz, z, c, k, az, bz, flush, x0, x1);
			return;
		}
		// As in rmXLayer: the last vector first into tmp (o at 0, Zz' at L), then the rest in place.
		final int t = x1 - L;
		zRange(tmp, -t, tmp, L - t, o, u, pz, zz, z, c, k, az, bz, flush, t, t + 1);
		zInPlace(o, u, pz, zz, z, c, k, az, bz, flush, x0, t);
		FloatVector.fromArray(S, tmp, 0).intoArray(o, t);
		FloatVector.fromArray(S, tmp, L).intoArray(zz, t);
	}

	/** The vectors of {@link RowMajorKernels#zInterior}, stored at x + shift (o) and x + zShift (Zz). */
	private static void zRange(final float[] dst, final int shift, final float[] zDst, final int zShift, final float[] o, final float[][] u,
		final float[][] pz, final float[] zz, final int z, final float[] c, final float[] k, final float az, final float bz,
		final boolean flush, final int x0, final int x1) {
		final float tiny = tiny(flush);
		final float[] a = u[z], m1 = u[z - 1], p1 = u[z + 1], m2 = u[z - 2], p2 = u[z + 2], m3 = u[z - 3], p3 = u[z + 3], m4 = u[z - 4],
			p4 = u[z + 4];
		final float[] q1 = pz[z - 1], s1 = pz[z + 1], q2 = pz[z - 2], s2 = pz[z + 2], q3 = pz[z - 3], s3 = pz[z + 3], q4 = pz[z - 4],
			s4 = pz[z + 4];
		final float c0 = k[0];
		final FloatVector c1 = FloatVector.broadcast(S, k[1]), c2 = FloatVector.broadcast(S, k[2]), c3 = FloatVector.broadcast(S, k[3]),
			c4 = FloatVector.broadcast(S, k[4]), d1 = FloatVector.broadcast(S, k[5]), d2 = FloatVector.broadcast(S, k[6]),
			d3 = FloatVector.broadcast(S, k[7]), d4 = FloatVector.broadcast(S, k[8]), vbz = FloatVector.broadcast(S, bz);
		for (int x = x0; x < x1; x += L) {
			final FloatVector av = FloatVector.fromArray(S, a, x), a0 = av.mul(c0);
			FloatVector tx = FloatVector.fromArray(S, a, x - 4).add(FloatVector.fromArray(S, a, x + 4)).fma(c4, a0);
			tx = FloatVector.fromArray(S, a, x - 3).add(FloatVector.fromArray(S, a, x + 3)).fma(c3, tx);
			tx = FloatVector.fromArray(S, a, x - 2).add(FloatVector.fromArray(S, a, x + 2)).fma(c2, tx);
			tx = FloatVector.fromArray(S, a, x - 1).add(FloatVector.fromArray(S, a, x + 1)).fma(c1, tx);
			FloatVector tz = FloatVector.fromArray(S, m4, x).add(FloatVector.fromArray(S, p4, x)).fma(c4, a0);
			tz = FloatVector.fromArray(S, m3, x).add(FloatVector.fromArray(S, p3, x)).fma(c3, tz);
			tz = FloatVector.fromArray(S, m2, x).add(FloatVector.fromArray(S, p2, x)).fma(c2, tz);
			tz = FloatVector.fromArray(S, m1, x).add(FloatVector.fromArray(S, p1, x)).fma(c1, tz);
			tz = FloatVector.fromArray(S, s4, x).sub(FloatVector.fromArray(S, q4, x)).fma(d4, tz);
			tz = FloatVector.fromArray(S, s3, x).sub(FloatVector.fromArray(S, q3, x)).fma(d3, tz);
			tz = FloatVector.fromArray(S, s2, x).sub(FloatVector.fromArray(S, q2, x)).fma(d2, tz);
			tz = FloatVector.fromArray(S, s1, x).sub(FloatVector.fromArray(S, q1, x)).fma(d1, tz);
			final FloatVector zn = FloatVector.fromArray(S, zz, x).fma(vbz, tz.mul(az));
			final FloatVector v = tx.add(tz.add(zn)).fma(FloatVector.fromArray(S, c, x), av.mul(2f).sub(FloatVector.fromArray(S, o, x)));
			zn.blend(0f, zn.abs().compare(VectorOperators.LE, tiny)).intoArray(zDst, x + zShift);
			v.blend(0f, v.abs().compare(VectorOperators.LE, tiny)).intoArray(dst, x + shift);
		}
	}

	/** {@link #zRange} into o and Zz themselves. */
	private static void zInPlace(final float[] o, final float[][] u,
		final float[][] pz, final float[] zz, final int z, final float[] c, final float[] k, final float az, final float bz,
		final boolean flush, final int x0, final int x1) {
		final float tiny = tiny(flush);
		final float[] a = u[z], m1 = u[z - 1], p1 = u[z + 1], m2 = u[z - 2], p2 = u[z + 2], m3 = u[z - 3], p3 = u[z + 3], m4 = u[z - 4],
			p4 = u[z + 4];
		final float[] q1 = pz[z - 1], s1 = pz[z + 1], q2 = pz[z - 2], s2 = pz[z + 2], q3 = pz[z - 3], s3 = pz[z + 3], q4 = pz[z - 4],
			s4 = pz[z + 4];
		final float c0 = k[0];
		final FloatVector c1 = FloatVector.broadcast(S, k[1]), c2 = FloatVector.broadcast(S, k[2]), c3 = FloatVector.broadcast(S, k[3]),
			c4 = FloatVector.broadcast(S, k[4]), d1 = FloatVector.broadcast(S, k[5]), d2 = FloatVector.broadcast(S, k[6]),
			d3 = FloatVector.broadcast(S, k[7]), d4 = FloatVector.broadcast(S, k[8]), vbz = FloatVector.broadcast(S, bz);
		for (int x = x0; x < x1; x += L) {
			final FloatVector av = FloatVector.fromArray(S, a, x), a0 = av.mul(c0);
			FloatVector tx = FloatVector.fromArray(S, a, x - 4).add(FloatVector.fromArray(S, a, x + 4)).fma(c4, a0);
			tx = FloatVector.fromArray(S, a, x - 3).add(FloatVector.fromArray(S, a, x + 3)).fma(c3, tx);
			tx = FloatVector.fromArray(S, a, x - 2).add(FloatVector.fromArray(S, a, x + 2)).fma(c2, tx);
			tx = FloatVector.fromArray(S, a, x - 1).add(FloatVector.fromArray(S, a, x + 1)).fma(c1, tx);
			FloatVector tz = FloatVector.fromArray(S, m4, x).add(FloatVector.fromArray(S, p4, x)).fma(c4, a0);
			tz = FloatVector.fromArray(S, m3, x).add(FloatVector.fromArray(S, p3, x)).fma(c3, tz);
			tz = FloatVector.fromArray(S, m2, x).add(FloatVector.fromArray(S, p2, x)).fma(c2, tz);
			tz = FloatVector.fromArray(S, m1, x).add(FloatVector.fromArray(S, p1, x)).fma(c1, tz);
			tz = FloatVector.fromArray(S, s4, x).sub(FloatVector.fromArray(S, q4, x)).fma(d4, tz);
			tz = FloatVector.fromArray(S, s3, x).sub(FloatVector.fromArray(S, q3, x)).fma(d3, tz);
			tz = FloatVector.fromArray(S, s2, x).sub(FloatVector.fromArray(S, q2, x)).fma(d2, tz);
			tz = FloatVector.fromArray(S, s1, x).sub(FloatVector.fromArray(S, q1, x)).fma(d1, tz);
			final FloatVector zn = FloatVector.fromArray(S, zz, x).fma(vbz, tz.mul(az));
			final FloatVector v = tx.add(tz.add(zn)).fma(FloatVector.fromArray(S, c, x), av.mul(2f).sub(FloatVector.fromArray(S, o, x)));
			zn.blend(0f, zn.abs().compare(VectorOperators.LE, tiny)).intoArray(zz, x);
			v.blend(0f, v.abs().compare(VectorOperators.LE, tiny)).intoArray(o, x);
		}
	}

	/** {@link #rmXLayer} with K stored into kOut at x + kShift (at least L cells). */
	private static void xLayerK(final float[] o, final float[][] u, final float[] px, final float[] zx, final float[] ax, final float[] bx,
		final boolean zTerms, final float[][] pz, final float[] zz, final int z, final float[] c, final float[] k, final float az,
		final float bz, final boolean flush, final float[] kOut, final int kShift, final int x0, final int x1, final float[] tmp) {
		if ((x1 - x0) % L == 0) {
			if (zTerms) xzRangeK(o, 0, zx, 0, zz, 0, o, u, px, zx, ax, bx, pz, zz, z, c, k, az, bz, flush, kOut, kShift, x0, x1);
			else xRangeK(o, 0, zx, 0, o, u, px, zx, ax, bx, z, c, k, flush, kOut, kShift, x0, x1);
			return;
		}
		final int t = x1 - L;
		if (zTerms) {
			xzRangeK(tmp, -t, tmp, L - t, tmp, 2 * L - t, o, u, px, zx, ax, bx, pz, zz, z, c, k, az, bz, flush, kOut, kShift, t, t + 1);
			xzRangeK(o, 0, zx, 0, zz, 0, o, u, px, zx, ax, bx, pz, zz, z, c, k, az, bz, flush, kOut, kShift, x0, t);
			FloatVector.fromArray(S, tmp, 2 * L).intoArray(zz, t);
		}
		else {
			xRangeK(tmp, -t, tmp, L - t, o, u, px, zx, ax, bx, z, c, k, flush, kOut, kShift, t, t + 1);
			xRangeK(o, 0, zx, 0, o, u, px, zx, ax, bx, z, c, k, flush, kOut, kShift, x0, t);
		}
		FloatVector.fromArray(S, tmp, 0).intoArray(o, t);
		FloatVector.fromArray(S, tmp, L).intoArray(zx, t);
	}

	/** The vectors of {@link RowMajorKernels#xLayer} without z terms, stored at x + shift (o) and x + xShift (Zx). */
	private static void xRange(final float[] dst, final int shift, final float[] xDst, final int xShift, final float[] o, final float[][] u,
		final float[] px, final float[] zx, final float[] ax, final float[] bx, final int z, final float[] c, final float[] k,
		final boolean flush, final int x0, final int x1) {
		final float tiny = tiny(flush);
		final float[] a = u[z], m1 = u[z - 1], p1 = u[z + 1], m2 = u[z - 2], p2 = u[z + 2], m3 = u[z - 3], p3 = u[z + 3], m4 = u[z - 4],
			p4 = u[z + 4];
		final float c0 = k[0];
		final FloatVector c1 = FloatVector.broadcast(S, k[1]), c2 = FloatVector.broadcast(S, k[2]), c3 = FloatVector.broadcast(S, k[3]),
			c4 = FloatVector.broadcast(S, k[4]), d1 = FloatVector.broadcast(S, k[5]), d2 = FloatVector.broadcast(S, k[6]),
			d3 = FloatVector.broadcast(S, k[7]), d4 = FloatVector.broadcast(S, k[8]);
		for (int x = x0; x < x1; x += L) {
			final FloatVector av = FloatVector.fromArray(S, a, x), a0 = av.mul(c0);
			FloatVector tx = FloatVector.fromArray(S, a, x - 4).add(FloatVector.fromArray(S, a, x + 4)).fma(c4, a0);
			tx = FloatVector.fromArray(S, a, x - 3).add(FloatVector.fromArray(S, a, x + 3)).fma(c3, tx);
			tx = FloatVector.fromArray(S, a, x - 2).add(FloatVector.fromArray(S, a, x + 2)).fma(c2, tx);
			tx = FloatVector.fromArray(S, a, x - 1).add(FloatVector.fromArray(S, a, x + 1)).fma(c1, tx);
			tx = FloatVector.fromArray(S, px, x + 4).sub(FloatVector.fromArray(S, px, x - 4)).fma(d4, tx);
			tx = FloatVector.fromArray(S, px, x + 3).sub(FloatVector.fromArray(S, px, x - 3)).fma(d3, tx);
			tx = FloatVector.fromArray(S, px, x + 2).sub(FloatVector.fromArray(S, px, x - 2)).fma(d2, tx);
			tx = FloatVector.fromArray(S, px, x + 1).sub(FloatVector.fromArray(S, px, x - 1)).fma(d1, tx);
			final FloatVector xn = FloatVector.fromArray(S, bx, x).fma(FloatVector.fromArray(S, zx, x), FloatVector.fromArray(S, ax, x).mul(tx));
			FloatVector tz = FloatVector.fromArray(S, m4, x).add(FloatVector.fromArray(S, p4, x)).fma(c4, a0);
			tz = FloatVector.fromArray(S, m3, x).add(FloatVector.fromArray(S, p3, x)).fma(c3, tz);
			tz = FloatVector.fromArray(S, m2, x).add(FloatVector.fromArray(S, p2, x)).fma(c2, tz);
			tz = FloatVector.fromArray(S, m1, x).add(FloatVector.fromArray(S, p1, x)).fma(c1, tz);
			final FloatVector kk = tx.add(xn).add(tz);
			final FloatVector v = kk.fma(FloatVector.fromArray(S, c, x), av.mul(2f).sub(FloatVector.fromArray(S, o, x)));
			xn.blend(0f, xn.abs().compare(VectorOperators.LE, tiny)).intoArray(xDst, x + xShift);
			v.blend(0f, v.abs().compare(VectorOperators.LE, tiny)).intoArray(dst, x + shift);
		}
	}

	/** {@link #xRange} into o and Zx themselves. */
	private static void xInPlace(final float[] o, final float[][] u,
		final float[] px, final float[] zx, final float[] ax, final float[] bx, final int z, final float[] c, final float[] k,
		final boolean flush, final int x0, final int x1) {
		final float tiny = tiny(flush);
		final float[] a = u[z], m1 = u[z - 1], p1 = u[z + 1], m2 = u[z - 2], p2 = u[z + 2], m3 = u[z - 3], p3 = u[z + 3], m4 = u[z - 4],
			p4 = u[z + 4];
		final float c0 = k[0];
		final FloatVector c1 = FloatVector.broadcast(S, k[1]), c2 = FloatVector.broadcast(S, k[2]), c3 = FloatVector.broadcast(S, k[3]),
			c4 = FloatVector.broadcast(S, k[4]), d1 = FloatVector.broadcast(S, k[5]), d2 = FloatVector.broadcast(S, k[6]),
			d3 = FloatVector.broadcast(S, k[7]), d4 = FloatVector.broadcast(S, k[8]);
		for (int x = x0; x < x1; x += L) {
			final FloatVector av = FloatVector.fromArray(S, a, x), a0 = av.mul(c0);
			FloatVector tx = FloatVector.fromArray(S, a, x - 4).add(FloatVector.fromArray(S, a, x + 4)).fma(c4, a0);
			tx = FloatVector.fromArray(S, a, x - 3).add(FloatVector.fromArray(S, a, x + 3)).fma(c3, tx);
			tx = FloatVector.fromArray(S, a, x - 2).add(FloatVector.fromArray(S, a, x + 2)).fma(c2, tx);
			tx = FloatVector.fromArray(S, a, x - 1).add(FloatVector.fromArray(S, a, x + 1)).fma(c1, tx);
			tx = FloatVector.fromArray(S, px, x + 4).sub(FloatVector.fromArray(S, px, x - 4)).fma(d4, tx);
			tx = FloatVector.fromArray(S, px, x + 3).sub(FloatVector.fromArray(S, px, x - 3)).fma(d3, tx);
			tx = FloatVector.fromArray(S, px, x + 2).sub(FloatVector.fromArray(S, px, x - 2)).fma(d2, tx);
			tx = FloatVector.fromArray(S, px, x + 1).sub(FloatVector.fromArray(S, px, x - 1)).fma(d1, tx);
			final FloatVector xn = FloatVector.fromArray(S, bx, x).fma(FloatVector.fromArray(S, zx, x), FloatVector.fromArray(S, ax, x).mul(tx));
			FloatVector tz = FloatVector.fromArray(S, m4, x).add(FloatVector.fromArray(S, p4, x)).fma(c4, a0);
			tz = FloatVector.fromArray(S, m3, x).add(FloatVector.fromArray(S, p3, x)).fma(c3, tz);
			tz = FloatVector.fromArray(S, m2, x).add(FloatVector.fromArray(S, p2, x)).fma(c2, tz);
			tz = FloatVector.fromArray(S, m1, x).add(FloatVector.fromArray(S, p1, x)).fma(c1, tz);
			final FloatVector kk = tx.add(xn).add(tz);
			final FloatVector v = kk.fma(FloatVector.fromArray(S, c, x), av.mul(2f).sub(FloatVector.fromArray(S, o, x)));
			xn.blend(0f, xn.abs().compare(VectorOperators.LE, tiny)).intoArray(zx, x);
			v.blend(0f, v.abs().compare(VectorOperators.LE, tiny)).intoArray(o, x);
		}
	}

	/** {@link #xRange} with K stored into kOut at x + kShift. */
	private static void xRangeK(final float[] dst, final int shift, final float[] xDst, final int xShift, final float[] o, final float[][] u,
		final float[] px, final float[] zx, final float[] ax, final float[] bx, final int z, final float[] c, final float[] k,
		final boolean flush, final float[] kOut, final int kShift, final int x0, final int x1) {
		final float tiny = tiny(flush);
		final float[] a = u[z], m1 = u[z - 1], p1 = u[z + 1], m2 = u[z - 2], p2 = u[z + 2], m3 = u[z - 3], p3 = u[z + 3], m4 = u[z - 4],
			p4 = u[z + 4];
		final float c0 = k[0];
		final FloatVector c1 = FloatVector.broadcast(S, k[1]), c2 = FloatVector.broadcast(S, k[2]), c3 = FloatVector.broadcast(S, k[3]),
			c4 = FloatVector.broadcast(S, k[4]), d1 = FloatVector.broadcast(S, k[5]), d2 = FloatVector.broadcast(S, k[6]),
			d3 = FloatVector.broadcast(S, k[7]), d4 = FloatVector.broadcast(S, k[8]);
		for (int x = x0; x < x1; x += L) {
			final FloatVector av = FloatVector.fromArray(S, a, x), a0 = av.mul(c0);
			FloatVector tx = FloatVector.fromArray(S, a, x - 4).add(FloatVector.fromArray(S, a, x + 4)).fma(c4, a0);
			tx = FloatVector.fromArray(S, a, x - 3).add(FloatVector.fromArray(S, a, x + 3)).fma(c3, tx);
			tx = FloatVector.fromArray(S, a, x - 2).add(FloatVector.fromArray(S, a, x + 2)).fma(c2, tx);
			tx = FloatVector.fromArray(S, a, x - 1).add(FloatVector.fromArray(S, a, x + 1)).fma(c1, tx);
			tx = FloatVector.fromArray(S, px, x + 4).sub(FloatVector.fromArray(S, px, x - 4)).fma(d4, tx);
			tx = FloatVector.fromArray(S, px, x + 3).sub(FloatVector.fromArray(S, px, x - 3)).fma(d3, tx);
			tx = FloatVector.fromArray(S, px, x + 2).sub(FloatVector.fromArray(S, px, x - 2)).fma(d2, tx);
			tx = FloatVector.fromArray(S, px, x + 1).sub(FloatVector.fromArray(S, px, x - 1)).fma(d1, tx);
			final FloatVector xn = FloatVector.fromArray(S, bx, x).fma(FloatVector.fromArray(S, zx, x), FloatVector.fromArray(S, ax, x).mul(tx));
			FloatVector tz = FloatVector.fromArray(S, m4, x).add(FloatVector.fromArray(S, p4, x)).fma(c4, a0);
			tz = FloatVector.fromArray(S, m3, x).add(FloatVector.fromArray(S, p3, x)).fma(c3, tz);
			tz = FloatVector.fromArray(S, m2, x).add(FloatVector.fromArray(S, p2, x)).fma(c2, tz);
			tz = FloatVector.fromArray(S, m1, x).add(FloatVector.fromArray(S, p1, x)).fma(c1, tz);
			final FloatVector kk = tx.add(xn).add(tz);
			kk.intoArray(kOut, x + kShift);
			final FloatVector v = kk.fma(FloatVector.fromArray(S, c, x), av.mul(2f).sub(FloatVector.fromArray(S, o, x)));
			xn.blend(0f, xn.abs().compare(VectorOperators.LE, tiny)).intoArray(xDst, x + xShift);
			v.blend(0f, v.abs().compare(VectorOperators.LE, tiny)).intoArray(dst, x + shift);
		}
	}

	/**
	 * The vectors of {@link RowMajorKernels#xLayer} with z terms, stored at x + shift (o), x + xShift (Zx), x + zShift
	 * (Zz).
	 */
	private static void xzRange(final float[] dst, final int shift, final float[] xDst, final int xShift, final float[] zDst, final int zShift,
		final float[] o, final float[][] u, final float[] px, final float[] zx, final float[] ax, final float[] bx, final float[][] pz,
		final float[] zz, final int z, final float[] c, final float[] k, final float az, final float bz, final boolean flush,
		final int x0, final int x1) {
		final float tiny = tiny(flush);
		final float[] a = u[z], m1 = u[z - 1], p1 = u[z + 1], m2 = u[z - 2], p2 = u[z + 2], m3 = u[z - 3], p3 = u[z + 3], m4 = u[z - 4],
			p4 = u[z + 4];
		final float[] q1 = pz[z - 1], s1 = pz[z + 1], q2 = pz[z - 2], s2 = pz[z + 2], q3 = pz[z - 3], s3 = pz[z + 3], q4 = pz[z - 4],
			s4 = pz[z + 4];
		final float c0 = k[0];
		final FloatVector c1 = FloatVector.broadcast(S, k[1]), c2 = FloatVector.broadcast(S, k[2]), c3 = FloatVector.broadcast(S, k[3]),
			c4 = FloatVector.broadcast(S, k[4]), d1 = FloatVector.broadcast(S, k[5]), d2 = FloatVector.broadcast(S, k[6]),
			d3 = FloatVector.broadcast(S, k[7]), d4 = FloatVector.broadcast(S, k[8]), vbz = FloatVector.broadcast(S, bz);
		for (int x = x0; x < x1; x += L) {
			final FloatVector av = FloatVector.fromArray(S, a, x), a0 = av.mul(c0);
			FloatVector tx = FloatVector.fromArray(S, a, x - 4).add(FloatVector.fromArray(S, a, x + 4)).fma(c4, a0);
			tx = FloatVector.fromArray(S, a, x - 3).add(FloatVector.fromArray(S, a, x + 3)).fma(c3, tx);
			tx = FloatVector.fromArray(S, a, x - 2).add(FloatVector.fromArray(S, a, x + 2)).fma(c2, tx);
			tx = FloatVector.fromArray(S, a, x - 1).add(FloatVector.fromArray(S, a, x + 1)).fma(c1, tx);
			tx = FloatVector.fromArray(S, px, x + 4).sub(FloatVector.fromArray(S, px, x - 4)).fma(d4, tx);
			tx = FloatVector.fromArray(S, px, x + 3).sub(FloatVector.fromArray(S, px, x - 3)).fma(d3, tx);
			tx = FloatVector.fromArray(S, px, x + 2).sub(FloatVector.fromArray(S, px, x - 2)).fma(d2, tx);
			tx = FloatVector.fromArray(S, px, x + 1).sub(FloatVector.fromArray(S, px, x - 1)).fma(d1, tx);
			final FloatVector xn = FloatVector.fromArray(S, bx, x).fma(FloatVector.fromArray(S, zx, x), FloatVector.fromArray(S, ax, x).mul(tx));
			FloatVector tz = FloatVector.fromArray(S, m4, x).add(FloatVector.fromArray(S, p4, x)).fma(c4, a0);
			tz = FloatVector.fromArray(S, m3, x).add(FloatVector.fromArray(S, p3, x)).fma(c3, tz);
			tz = FloatVector.fromArray(S, m2, x).add(FloatVector.fromArray(S, p2, x)).fma(c2, tz);
			tz = FloatVector.fromArray(S, m1, x).add(FloatVector.fromArray(S, p1, x)).fma(c1, tz);
			tz = FloatVector.fromArray(S, s4, x).sub(FloatVector.fromArray(S, q4, x)).fma(d4, tz);
			tz = FloatVector.fromArray(S, s3, x).sub(FloatVector.fromArray(S, q3, x)).fma(d3, tz);
			tz = FloatVector.fromArray(S, s2, x).sub(FloatVector.fromArray(S, q2, x)).fma(d2, tz);
			tz = FloatVector.fromArray(S, s1, x).sub(FloatVector.fromArray(S, q1, x)).fma(d1, tz);
			final FloatVector zn = FloatVector.fromArray(S, zz, x).fma(vbz, tz.mul(az));
			final FloatVector kk = tx.add(xn).add(tz.add(zn));
			final FloatVector v = kk.fma(FloatVector.fromArray(S, c, x), av.mul(2f).sub(FloatVector.fromArray(S, o, x)));
			xn.blend(0f, xn.abs().compare(VectorOperators.LE, tiny)).intoArray(xDst, x + xShift);
			zn.blend(0f, zn.abs().compare(VectorOperators.LE, tiny)).intoArray(zDst, x + zShift);
			v.blend(0f, v.abs().compare(VectorOperators.LE, tiny)).intoArray(dst, x + shift);
		}
	}

	/** {@link #xzRange} into o, Zx and Zz themselves. */
	private static void xzInPlace(final float[] o, final float[][] u, final float[] px, final float[] zx, final float[] ax, final float[] bx, final float[][] pz,
		final float[] zz, final int z, final float[] c, final float[] k, final float az, final float bz, final boolean flush,
		final int x0, final int x1) {
		final float tiny = tiny(flush);
		final float[] a = u[z], m1 = u[z - 1], p1 = u[z + 1], m2 = u[z - 2], p2 = u[z + 2], m3 = u[z - 3], p3 = u[z + 3], m4 = u[z - 4],
			p4 = u[z + 4];
		final float[] q1 = pz[z - 1], s1 = pz[z + 1], q2 = pz[z - 2], s2 = pz[z + 2], q3 = pz[z - 3], s3 = pz[z + 3], q4 = pz[z - 4],
			s4 = pz[z + 4];
		final float c0 = k[0];
		final FloatVector c1 = FloatVector.broadcast(S, k[1]), c2 = FloatVector.broadcast(S, k[2]), c3 = FloatVector.broadcast(S, k[3]),
			c4 = FloatVector.broadcast(S, k[4]), d1 = FloatVector.broadcast(S, k[5]), d2 = FloatVector.broadcast(S, k[6]),
			d3 = FloatVector.broadcast(S, k[7]), d4 = FloatVector.broadcast(S, k[8]), vbz = FloatVector.broadcast(S, bz);
		for (int x = x0 & IDX, e = x1 & IDX; x < e; x += L) {
			final FloatVector av = FloatVector.fromArray(S, a, x), a0 = av.mul(c0);
			FloatVector tx = FloatVector.fromArray(S, a, x - 4).add(FloatVector.fromArray(S, a, x + 4)).fma(c4, a0);
			tx = FloatVector.fromArray(S, a, x - 3).add(FloatVector.fromArray(S, a, x + 3)).fma(c3, tx);
			tx = FloatVector.fromArray(S, a, x - 2).add(FloatVector.fromArray(S, a, x + 2)).fma(c2, tx);
			tx = FloatVector.fromArray(S, a, x - 1).add(FloatVector.fromArray(S, a, x + 1)).fma(c1, tx);
			tx = FloatVector.fromArray(S, px, x + 4).sub(FloatVector.fromArray(S, px, x - 4)).fma(d4, tx);
			tx = FloatVector.fromArray(S, px, x + 3).sub(FloatVector.fromArray(S, px, x - 3)).fma(d3, tx);
			tx = FloatVector.fromArray(S, px, x + 2).sub(FloatVector.fromArray(S, px, x - 2)).fma(d2, tx);
			tx = FloatVector.fromArray(S, px, x + 1).sub(FloatVector.fromArray(S, px, x - 1)).fma(d1, tx);
			final FloatVector xn = FloatVector.fromArray(S, bx, x).fma(FloatVector.fromArray(S, zx, x), FloatVector.fromArray(S, ax, x).mul(tx));
			FloatVector tz = FloatVector.fromArray(S, m4, x).add(FloatVector.fromArray(S, p4, x)).fma(c4, a0);
			tz = FloatVector.fromArray(S, m3, x).add(FloatVector.fromArray(S, p3, x)).fma(c3, tz);
			tz = FloatVector.fromArray(S, m2, x).add(FloatVector.fromArray(S, p2, x)).fma(c2, tz);
			tz = FloatVector.fromArray(S, m1, x).add(FloatVector.fromArray(S, p1, x)).fma(c1, tz);
			tz = FloatVector.fromArray(S, s4, x).sub(FloatVector.fromArray(S, q4, x)).fma(d4, tz);
			tz = FloatVector.fromArray(S, s3, x).sub(FloatVector.fromArray(S, q3, x)).fma(d3, tz);
			tz = FloatVector.fromArray(S, s2, x).sub(FloatVector.fromArray(S, q2, x)).fma(d2, tz);
			tz = FloatVector.fromArray(S, s1, x).sub(FloatVector.fromArray(S, q1, x)).fma(d1, tz);
			final FloatVector zn = FloatVector.fromArray(S, zz, x).fma(vbz, tz.mul(az));
			final FloatVector kk = tx.add(xn).add(tz.add(zn));
			final FloatVector v = kk.fma(FloatVector.fromArray(S, c, x), av.mul(2f).sub(FloatVector.fromArray(S, o, x)));
			xn.blend(0f, xn.abs().compare(VectorOperators.LE, tiny)).intoArray(zx, x);
			zn.blend(0f, zn.abs().compare(VectorOperators.LE, tiny)).intoArray(zz, x);
			v.blend(0f, v.abs().compare(VectorOperators.LE, tiny)).intoArray(o, x);
		}
	}

	/** {@link #xzRange} with K stored into kOut at x + kShift. */
	private static void xzRangeK(final float[] dst, final int shift, final float[] xDst, final int xShift, final float[] zDst, final int zShift,
		final float[] o, final float[][] u, final float[] px, final float[] zx, final float[] ax, final float[] bx, final float[][] pz,
		final float[] zz, final int z, final float[] c, final float[] k, final float az, final float bz, final boolean flush,
		final float[] kOut, final int kShift, final int x0, final int x1) {
		final float tiny = tiny(flush);
		final float[] a = u[z], m1 = u[z - 1], p1 = u[z + 1], m2 = u[z - 2], p2 = u[z + 2], m3 = u[z - 3], p3 = u[z + 3], m4 = u[z - 4],
			p4 = u[z + 4];
		final float[] q1 = pz[z - 1], s1 = pz[z + 1], q2 = pz[z - 2], s2 = pz[z + 2], q3 = pz[z - 3], s3 = pz[z + 3], q4 = pz[z - 4],
			s4 = pz[z + 4];
		final float c0 = k[0];
		final FloatVector c1 = FloatVector.broadcast(S, k[1]), c2 = FloatVector.broadcast(S, k[2]), c3 = FloatVector.broadcast(S, k[3]),
			c4 = FloatVector.broadcast(S, k[4]), d1 = FloatVector.broadcast(S, k[5]), d2 = FloatVector.broadcast(S, k[6]),
			d3 = FloatVector.broadcast(S, k[7]), d4 = FloatVector.broadcast(S, k[8]), vbz = FloatVector.broadcast(S, bz);
		for (int x = x0; x < x1; x += L) {
			final FloatVector av = FloatVector.fromArray(S, a, x), a0 = av.mul(c0);
			FloatVector tx = FloatVector.fromArray(S, a, x - 4).add(FloatVector.fromArray(S, a, x + 4)).fma(c4, a0);
			tx = FloatVector.fromArray(S, a, x - 3).add(FloatVector.fromArray(S, a, x + 3)).fma(c3, tx);
			tx = FloatVector.fromArray(S, a, x - 2).add(FloatVector.fromArray(S, a, x + 2)).fma(c2, tx);
			tx = FloatVector.fromArray(S, a, x - 1).add(FloatVector.fromArray(S, a, x + 1)).fma(c1, tx);
			tx = FloatVector.fromArray(S, px, x + 4).sub(FloatVector.fromArray(S, px, x - 4)).fma(d4, tx);
			tx = FloatVector.fromArray(S, px, x + 3).sub(FloatVector.fromArray(S, px, x - 3)).fma(d3, tx);
			tx = FloatVector.fromArray(S, px, x + 2).sub(FloatVector.fromArray(S, px, x - 2)).fma(d2, tx);
			tx = FloatVector.fromArray(S, px, x + 1).sub(FloatVector.fromArray(S, px, x - 1)).fma(d1, tx);
			final FloatVector xn = FloatVector.fromArray(S, bx, x).fma(FloatVector.fromArray(S, zx, x), FloatVector.fromArray(S, ax, x).mul(tx));
			FloatVector tz = FloatVector.fromArray(S, m4, x).add(FloatVector.fromArray(S, p4, x)).fma(c4, a0);
			tz = FloatVector.fromArray(S, m3, x).add(FloatVector.fromArray(S, p3, x)).fma(c3, tz);
			tz = FloatVector.fromArray(S, m2, x).add(FloatVector.fromArray(S, p2, x)).fma(c2, tz);
			tz = FloatVector.fromArray(S, m1, x).add(FloatVector.fromArray(S, p1, x)).fma(c1, tz);
			tz = FloatVector.fromArray(S, s4, x).sub(FloatVector.fromArray(S, q4, x)).fma(d4, tz);
			tz = FloatVector.fromArray(S, s3, x).sub(FloatVector.fromArray(S, q3, x)).fma(d3, tz);
			tz = FloatVector.fromArray(S, s2, x).sub(FloatVector.fromArray(S, q2, x)).fma(d2, tz);
			tz = FloatVector.fromArray(S, s1, x).sub(FloatVector.fromArray(S, q1, x)).fma(d1, tz);
			final FloatVector zn = FloatVector.fromArray(S, zz, x).fma(vbz, tz.mul(az));
			final FloatVector kk = tx.add(xn).add(tz.add(zn));
			kk.intoArray(kOut, x + kShift);
			final FloatVector v = kk.fma(FloatVector.fromArray(S, c, x), av.mul(2f).sub(FloatVector.fromArray(S, o, x)));
			xn.blend(0f, xn.abs().compare(VectorOperators.LE, tiny)).intoArray(xDst, x + xShift);
			zn.blend(0f, zn.abs().compare(VectorOperators.LE, tiny)).intoArray(zDst, x + zShift);
			v.blend(0f, v.abs().compare(VectorOperators.LE, tiny)).intoArray(dst, x + shift);
		}
	}

	// -- the row-major adjoint step: the operations of RowMajorKernels' adjoint loops, L cells at a time --

	@Override
	void rmTauX(final float[] t, final float[] qn, final float[] m, final float[] q, final float[] ax, final float[] bx, final boolean flush,
		final int x0, final int x1) {
		holds(t, x0, x1);
		holds(qn, x0, x1);
		holds(m, x0, x1);
		holds(q, x0, x1);
		holds(ax, x0, x1);
		holds(bx, x0, x1);
		if (x1 - x0 < L) {
			RowMajorKernels.tauX(t, qn, m, q, ax, bx, flush, x0, x1);
			return;
		}
		final int e = x1 - L;
		tauXRange(t, qn, m, q, ax, bx, flush, x0, e);
		tauXRange(t, qn, m, q, ax, bx, flush, e, e + 1);
	}

	/** The vectors of {@link RowMajorKernels#tauX} at x = x0, x0 + L, ... below x1. */
	private static void tauXRange(final float[] t, final float[] qn, final float[] m, final float[] q, final float[] ax, final float[] bx,
		final boolean flush, final int x0, final int x1) {
		final float tiny = tiny(flush);
		for (int x = x0; x < x1; x += L) {
			final FloatVector mv = FloatVector.fromArray(S, m, x), s = mv.add(FloatVector.fromArray(S, q, x));
			FloatVector.fromArray(S, ax, x).fma(s, mv).intoArray(t, x);
			final FloatVector v = FloatVector.fromArray(S, bx, x).mul(s);
			v.blend(0f, v.abs().compare(VectorOperators.LE, tiny)).intoArray(qn, x);
		}
	}

	@Override
	void rmSigmaX(final float[] as, final float[] pbn, final float[] pb, final float[] t, final float[] ax, final float[] bx, final float[] k,
		final boolean flush, final int x0, final int x1) {
		holds(as, x0, x1);
		holds(pbn, x0, x1);
		holds(pb, x0, x1);
		holds(t, x0 - 4, x1 + 4);
		holds(ax, x0, x1);
		holds(bx, x0, x1);
		if (x1 - x0 < L) {
			RowMajorKernels.sigmaX(as, pbn, pb, t, ax, bx, k, flush, x0, x1);
			return;
		}
		// Nothing read is written: whole vectors, then the last one overlapping (counted loops: C2 hoists the range
		// checks, which it cannot in a loop whose index is clamped).
		final int e = x1 - L;
		sigmaXRange(as, pbn, pb, t, ax, bx, k, flush, x0, e);
		sigmaXRange(as, pbn, pb, t, ax, bx, k, flush, e, e + 1);
	}

	/** The vectors of {@link RowMajorKernels#sigmaX} at x = x0, x0 + L, ... below x1. */
	private static void sigmaXRange(final float[] as, final float[] pbn, final float[] pb, final float[] t, final float[] ax, final float[] bx,
		final float[] k, final boolean flush, final int x0, final int x1) {
		final float tiny = tiny(flush);
		final float d4 = k[8];
		final FloatVector d1 = FloatVector.broadcast(S, k[5]), d2 = FloatVector.broadcast(S, k[6]), d3 = FloatVector.broadcast(S, k[7]);
		for (int x = x0; x < x1; x += L) {
			FloatVector d = FloatVector.fromArray(S, t, x + 4).sub(FloatVector.fromArray(S, t, x - 4)).mul(d4);
			d = FloatVector.fromArray(S, t, x + 3).sub(FloatVector.fromArray(S, t, x - 3)).fma(d3, d);
			d = FloatVector.fromArray(S, t, x + 2).sub(FloatVector.fromArray(S, t, x - 2)).fma(d2, d);
			d = FloatVector.fromArray(S, t, x + 1).sub(FloatVector.fromArray(S, t, x - 1)).fma(d1, d);
			final FloatVector s = FloatVector.fromArray(S, pb, x).sub(d);
			final FloatVector v = FloatVector.fromArray(S, bx, x).mul(s);
			v.blend(0f, v.abs().compare(VectorOperators.LE, tiny)).intoArray(pbn, x);
			FloatVector.fromArray(S, ax, x).mul(s).intoArray(as, x);
		}
	}

	@Override
	void rmSigmaZ(final float[] as, final float[] pbn, final float[] pb, final float[][] tau, final int z, final float[] k, final float az,
		final float bz, final boolean flush, final int x0, final int x1) {
		rows(tau, z, 4, x0, x1);
		holds(as, x0, x1);
		holds(pbn, x0, x1);
		holds(pb, x0, x1);
		if (x1 - x0 < L) {
			RowMajorKernels.sigmaZ(as, pbn, pb, tau, z, k, az, bz, flush, x0, x1);
			return;
		}
		final int e = x1 - L;
		sigmaZRange(as, pbn, pb, tau, z, k, az, bz, flush, x0, e);
		sigmaZRange(as, pbn, pb, tau, z, k, az, bz, flush, e, e + 1);
	}

	/** The vectors of {@link RowMajorKernels#sigmaZ} at x = x0, x0 + L, ... below x1. */
	private static void sigmaZRange(final float[] as, final float[] pbn, final float[] pb, final float[][] tau, final int z, final float[] k,
		final float az, final float bz, final boolean flush, final int x0, final int x1) {
		final float tiny = tiny(flush);
		final float[] m1 = tau[z - 1], p1 = tau[z + 1], m2 = tau[z - 2], p2 = tau[z + 2], m3 = tau[z - 3], p3 = tau[z + 3], m4 = tau[z - 4],
			p4 = tau[z + 4];
		final float d4 = k[8];
		final FloatVector d1 = FloatVector.broadcast(S, k[5]), d2 = FloatVector.broadcast(S, k[6]), d3 = FloatVector.broadcast(S, k[7]);
		for (int x = x0; x < x1; x += L) {
			FloatVector d = FloatVector.fromArray(S, p4, x).sub(FloatVector.fromArray(S, m4, x)).mul(d4);
			d = FloatVector.fromArray(S, p3, x).sub(FloatVector.fromArray(S, m3, x)).fma(d3, d);
			d = FloatVector.fromArray(S, p2, x).sub(FloatVector.fromArray(S, m2, x)).fma(d2, d);
			d = FloatVector.fromArray(S, p1, x).sub(FloatVector.fromArray(S, m1, x)).fma(d1, d);
			final FloatVector s = FloatVector.fromArray(S, pb, x).sub(d);
			final FloatVector v = s.mul(bz);
			v.blend(0f, v.abs().compare(VectorOperators.LE, tiny)).intoArray(pbn, x);
			s.mul(az).intoArray(as, x);
		}
	}

	@Override
	void rmXLayerAdjoint(final float[] o, final float[] m, final float[][] tau, final float[] t, final float[] as, final boolean zTerms,
		final float[][] sg, final float[] zb, final float[] zbn, final float bz, final int z, final float[] c, final float[] k,
		final boolean flush, final int x0, final int x1, final float[] tmp) {
		rows(tau, z, 4, x0, x1);
		holds(t, x0 - 4, x1 + 4);
		holds(as, x0 - 4, x1 + 4);
		holds(m, x0, x1);
		holds(o, x0, x1);
		holds(c, x0, x1);
		holds(tmp, 0, L);
		if (zTerms) {
			rows(sg, z, 4, x0, x1);
			holds(zb, x0, x1);
			holds(zbn, x0, x1);
		}
		if (x1 - x0 < L) {
			RowMajorKernels.xLayerAdjoint(o, m, tau, t, as, zTerms, sg, zb, zbn, bz, z, c, k, flush, x0, x1);
			return;
		}
		if ((x1 - x0) % L == 0) {
			if (zTerms) xzAdjointRange(o, 0, o, m, tau, t, as, sg, zb, zbn, bz, z, c, k, flush, x0, x1);
			else xAdjointRange(o, 0, o, m, tau, t, as, z, c, k, flush, x0, x1);
			return;
		}
		// o is updated in place (the last vector first into tmp); Zzbar' is not read, so it may be stored twice.
		final int e = x1 - L;
		if (zTerms) {
			xzAdjointRange(tmp, -e, o, m, tau, t, as, sg, zb, zbn, bz, z, c, k, flush, e, e + 1);
			xzAdjointRange(o, 0, o, m, tau, t, as, sg, zb, zbn, bz, z, c, k, flush, x0, e);
		}
		else {
			xAdjointRange(tmp, -e, o, m, tau, t, as, z, c, k, flush, e, e + 1);
			xAdjointRange(o, 0, o, m, tau, t, as, z, c, k, flush, x0, e);
		}
		FloatVector.fromArray(S, tmp, 0).intoArray(o, e);
	}

	/** The vectors of {@link RowMajorKernels#xLayerAdjoint} without z terms, o stored into dst at x + shift. */
	private static void xAdjointRange(final float[] dst, final int shift, final float[] o, final float[] m, final float[][] tau,
		final float[] t, final float[] as, final int z, final float[] c, final float[] k, final boolean flush, final int x0, final int x1) {
		final float tiny = tiny(flush);
		final float[] a = tau[z], m1 = tau[z - 1], p1 = tau[z + 1], m2 = tau[z - 2], p2 = tau[z + 2], m3 = tau[z - 3], p3 = tau[z + 3],
			m4 = tau[z - 4], p4 = tau[z + 4];
		final float c0 = k[0];
		final FloatVector c1 = FloatVector.broadcast(S, k[1]), c2 = FloatVector.broadcast(S, k[2]), c3 = FloatVector.broadcast(S, k[3]),
			c4 = FloatVector.broadcast(S, k[4]), d1 = FloatVector.broadcast(S, k[5]), d2 = FloatVector.broadcast(S, k[6]),
			d3 = FloatVector.broadcast(S, k[7]), d4 = FloatVector.broadcast(S, k[8]);
		for (int x = x0; x < x1; x += L) {
			FloatVector tx = FloatVector.fromArray(S, t, x - 4).add(FloatVector.fromArray(S, t, x + 4)).fma(c4,
				FloatVector.fromArray(S, t, x).mul(c0));
			tx = FloatVector.fromArray(S, t, x - 3).add(FloatVector.fromArray(S, t, x + 3)).fma(c3, tx);
			tx = FloatVector.fromArray(S, t, x - 2).add(FloatVector.fromArray(S, t, x + 2)).fma(c2, tx);
			tx = FloatVector.fromArray(S, t, x - 1).add(FloatVector.fromArray(S, t, x + 1)).fma(c1, tx);
			tx = FloatVector.fromArray(S, as, x - 4).sub(FloatVector.fromArray(S, as, x + 4)).fma(d4, tx);
			tx = FloatVector.fromArray(S, as, x - 3).sub(FloatVector.fromArray(S, as, x + 3)).fma(d3, tx);
			tx = FloatVector.fromArray(S, as, x - 2).sub(FloatVector.fromArray(S, as, x + 2)).fma(d2, tx);
			tx = FloatVector.fromArray(S, as, x - 1).sub(FloatVector.fromArray(S, as, x + 1)).fma(d1, tx);
			FloatVector tz = FloatVector.fromArray(S, m4, x).add(FloatVector.fromArray(S, p4, x)).fma(c4, FloatVector.fromArray(S, a, x).mul(c0));
			tz = FloatVector.fromArray(S, m3, x).add(FloatVector.fromArray(S, p3, x)).fma(c3, tz);
			tz = FloatVector.fromArray(S, m2, x).add(FloatVector.fromArray(S, p2, x)).fma(c2, tz);
			tz = FloatVector.fromArray(S, m1, x).add(FloatVector.fromArray(S, p1, x)).fma(c1, tz);
			final FloatVector v = tx.add(tz).fma(FloatVector.fromArray(S, c, x),
				FloatVector.fromArray(S, m, x).mul(2f).sub(FloatVector.fromArray(S, o, x)));
			v.blend(0f, v.abs().compare(VectorOperators.LE, tiny)).intoArray(dst, x + shift);
		}
	}

	/** The vectors of {@link RowMajorKernels#xLayerAdjoint} with z terms, o stored into dst at x + shift, Zzbar' at x. */
	private static void xzAdjointRange(final float[] dst, final int shift, final float[] o, final float[] m, final float[][] tau,
		final float[] t, final float[] as, final float[][] sg, final float[] zb, final float[] zbn, final float bz, final int z, final float[] c,
		final float[] k, final boolean flush, final int x0, final int x1) {
		final float tiny = tiny(flush);
		final float[] a = tau[z], m1 = tau[z - 1], p1 = tau[z + 1], m2 = tau[z - 2], p2 = tau[z + 2], m3 = tau[z - 3], p3 = tau[z + 3],
			m4 = tau[z - 4], p4 = tau[z + 4];
		final float[] q1 = sg[z - 1], s1 = sg[z + 1], q2 = sg[z - 2], s2 = sg[z + 2], q3 = sg[z - 3], s3 = sg[z + 3], q4 = sg[z - 4],
			s4 = sg[z + 4];
		final float c0 = k[0];
		final FloatVector c1 = FloatVector.broadcast(S, k[1]), c2 = FloatVector.broadcast(S, k[2]), c3 = FloatVector.broadcast(S, k[3]),
			c4 = FloatVector.broadcast(S, k[4]), d1 = FloatVector.broadcast(S, k[5]), d2 = FloatVector.broadcast(S, k[6]),
			d3 = FloatVector.broadcast(S, k[7]), d4 = FloatVector.broadcast(S, k[8]);
		for (int x = x0; x < x1; x += L) {
			FloatVector tx = FloatVector.fromArray(S, t, x - 4).add(FloatVector.fromArray(S, t, x + 4)).fma(c4,
				FloatVector.fromArray(S, t, x).mul(c0));
			tx = FloatVector.fromArray(S, t, x - 3).add(FloatVector.fromArray(S, t, x + 3)).fma(c3, tx);
			tx = FloatVector.fromArray(S, t, x - 2).add(FloatVector.fromArray(S, t, x + 2)).fma(c2, tx);
			tx = FloatVector.fromArray(S, t, x - 1).add(FloatVector.fromArray(S, t, x + 1)).fma(c1, tx);
			tx = FloatVector.fromArray(S, as, x - 4).sub(FloatVector.fromArray(S, as, x + 4)).fma(d4, tx);
			tx = FloatVector.fromArray(S, as, x - 3).sub(FloatVector.fromArray(S, as, x + 3)).fma(d3, tx);
			tx = FloatVector.fromArray(S, as, x - 2).sub(FloatVector.fromArray(S, as, x + 2)).fma(d2, tx);
			tx = FloatVector.fromArray(S, as, x - 1).sub(FloatVector.fromArray(S, as, x + 1)).fma(d1, tx);
			FloatVector tz = FloatVector.fromArray(S, m4, x).add(FloatVector.fromArray(S, p4, x)).fma(c4, FloatVector.fromArray(S, a, x).mul(c0));
			tz = FloatVector.fromArray(S, m3, x).add(FloatVector.fromArray(S, p3, x)).fma(c3, tz);
			tz = FloatVector.fromArray(S, m2, x).add(FloatVector.fromArray(S, p2, x)).fma(c2, tz);
			tz = FloatVector.fromArray(S, m1, x).add(FloatVector.fromArray(S, p1, x)).fma(c1, tz);
			tz = FloatVector.fromArray(S, q4, x).sub(FloatVector.fromArray(S, s4, x)).fma(d4, tz);
			tz = FloatVector.fromArray(S, q3, x).sub(FloatVector.fromArray(S, s3, x)).fma(d3, tz);
			tz = FloatVector.fromArray(S, q2, x).sub(FloatVector.fromArray(S, s2, x)).fma(d2, tz);
			tz = FloatVector.fromArray(S, q1, x).sub(FloatVector.fromArray(S, s1, x)).fma(d1, tz);
			final FloatVector mv = FloatVector.fromArray(S, m, x);
			final FloatVector zn = mv.add(FloatVector.fromArray(S, zb, x)).mul(bz);
			zn.blend(0f, zn.abs().compare(VectorOperators.LE, tiny)).intoArray(zbn, x);
			final FloatVector v = tx.add(tz).fma(FloatVector.fromArray(S, c, x), mv.mul(2f).sub(FloatVector.fromArray(S, o, x)));
			v.blend(0f, v.abs().compare(VectorOperators.LE, tiny)).intoArray(dst, x + shift);
		}
	}

	@Override
	void rmAccumulate(final float[] g, final float[] m, final float[] k, final int kShift, final int x0, final int x1) {
		holds(g, x0, x1);
		holds(m, x0, x1);
		holds(k, x0 + kShift, x1 + kShift);
		int x = x0;
		for (; x <= x1 - L; x += L)
			FloatVector.fromArray(S, m, x).fma(FloatVector.fromArray(S, k, x + kShift), FloatVector.fromArray(S, g, x)).intoArray(g, x);
		// g is read and written: the tail cell by cell.
		RowMajorKernels.accumulate(g, m, k, kShift, x, x1);
	}
}
