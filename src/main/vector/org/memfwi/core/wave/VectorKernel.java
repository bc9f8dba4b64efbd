package org.memfwi.core.wave;

import jdk.incubator.vector.FloatVector;
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

	private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED.length() <= 16 ? FloatVector.SPECIES_PREFERRED
		: FloatVector.SPECIES_512;
	private static final int L = S.length();

	@Override
	String name() { return "vector (" + L + " floats)"; }

	@Override
	void laplacian(final float[] t, final float[][] u, final int z, final float[] k, final boolean far, final int x0, final int x1) {
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
}
