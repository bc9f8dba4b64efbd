package org.memfwi.core.prior;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.memfwi.core.util.Seeds;

import org.junit.jupiter.api.Test;

class KarhunenLoeveBasisTest {

	@Test
	void projectionInvertsSynthesisExactly() {
		final KarhunenLoeveBasis kl = new KarhunenLoeveBasis(6, 23, 17, 1, 2);
		final double[] c = new double[kl.size()];
		final SplittableRandom r = new SplittableRandom(1);
		for (int i = 0; i < c.length; i++) c[i] = r.nextDouble() - 0.5;
		final double[] back = kl.project(kl.synthesize(c, null), null);
		for (int i = 0; i < c.length; i++) assertEquals(c[i], back[i], 1e-12, "coefficient " + i);
	}

	@Test
	void basisFunctionsMatchTheClosedForm() {
		final KarhunenLoeveBasis kl = new KarhunenLoeveBasis(3, 10, 8, 0.5, 3);
		final int i1 = 2, i2 = 1, i = i1 + 3 * i2, ix = 7, iz = 5;
		final double x1 = (ix + 0.5) / 10, x2 = (iz + 0.5) / 8;
		assertEquals(2 * Math.cos(Math.PI * 2.5 * x1) * Math.cos(Math.PI * 1.5 * x2), kl.phi(i, ix, iz), 1e-14);
		assertEquals(Math.pow(0.5 + Math.PI * Math.PI * (2.5 * 2.5 + 1.5 * 1.5), -1.5), kl.eigenvalue(i), 1e-15);
		final double[] unit = new double[9];
		unit[i] = 1;
		assertEquals(kl.phi(i, ix, iz), kl.synthesize(unit, null)[ix + 10 * iz], 1e-14);
	}

	@Test
	void transposeIsTheAdjointOfSynthesis() {
		final KarhunenLoeveBasis kl = new KarhunenLoeveBasis(4, 12, 9, 1, 2);
		final SplittableRandom r = new SplittableRandom(2);
		final double[] c = new double[16], f = new double[108];
		for (int i = 0; i < c.length; i++) c[i] = Seeds.gaussian(r);
		for (int i = 0; i < f.length; i++) f[i] = Seeds.gaussian(r);
		final double[] sc = kl.synthesize(c, null), tf = kl.synthesizeTranspose(f, null);
		double lhs = 0, rhs = 0;
		for (int i = 0; i < f.length; i++) lhs += sc[i] * f[i];
		for (int i = 0; i < c.length; i++) rhs += c[i] * tf[i];
		assertEquals(lhs, rhs, 1e-12 * Math.abs(lhs));
	}
}
