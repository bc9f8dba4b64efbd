package org.memfwi.core.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LowPassTest {

	@Test
	void responseIsButterworth() {
		final double dt = 1e-3;
		final LowPass lp = new LowPass(10, dt, 4);
		assertEquals(1, lp.amplitude(0, dt), 1e-12);
		assertEquals(Math.sqrt(0.5), lp.amplitude(10, dt), 1e-9);
		// Measured on a sinusoid after the transient: 40 Hz is attenuated by about (10/40)^4 (pre-warped).
		final int n = 4000;
		final double[] x = new double[n];
		for (int i = 0; i < n; i++) x[i] = Math.sin(2 * Math.PI * 40 * i * dt);
		lp.apply(x, 0, 1, n);
		double peak = 0;
		for (int i = n / 2; i < n; i++) peak = Math.max(peak, Math.abs(x[i]));
		assertEquals(lp.amplitude(40, dt), peak, 1e-3);
		final double w = Math.tan(Math.PI * 10 * dt) / Math.tan(Math.PI * 40 * dt);
		assertEquals(1 / Math.sqrt(1 + Math.pow(1 / w, 8)), lp.amplitude(40, dt), 1e-9);
		assertTrue(peak < 0.01);
	}

	@Test
	void filteringIsLinearAndCausal() {
		final double dt = 2e-3;
		final LowPass lp = new LowPass(12, dt, 6);
		final double[] x = new double[300];
		x[100] = 1;
		lp.apply(x, 0, 1, x.length);
		for (int i = 0; i < 100; i++) assertEquals(0, x[i], 0);
		final double[] a = new double[300], b = new double[300], ab = new double[300];
		for (int i = 0; i < 300; i++) {
			a[i] = Math.sin(i * 0.1);
			b[i] = Math.cos(i * 0.37);
			ab[i] = 2 * a[i] - 3 * b[i];
		}
		lp.apply(a, 0, 1, 300);
		lp.apply(b, 0, 1, 300);
		lp.apply(ab, 0, 1, 300);
		for (int i = 0; i < 300; i++) assertEquals(2 * a[i] - 3 * b[i], ab[i], 1e-12);
	}
}
