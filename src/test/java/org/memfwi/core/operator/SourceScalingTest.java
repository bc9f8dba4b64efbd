package org.memfwi.core.operator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.memfwi.core.posterior.Likelihood;
import org.memfwi.core.posterior.ReweightedPosterior;
import org.memfwi.core.prior.TrainingSet;
import org.memfwi.core.progress.Progress;

/**
 * Variable-projection source scaling: invariance of the posterior weights to data multiplied by a constant (real per
 * shot, complex per source and frequency), optimality of the closed-form scalars, and a Taylor test of the projected
 * gradient J^T A^T (A F(x) - d).
 */
class SourceScalingTest {

	/** F(x) = M tanh(x / 1000): nonlinear, with the Jacobian M diag(1 - tanh^2) / 1000 known in closed form. */
	private static final class TanhOperator implements ForwardOperator {
		final double[][] m;

		TanhOperator(final int rows, final int cols, final Random rnd) {
			m = new double[rows][cols];
			for (final double[] r : m)
				for (int j = 0; j < cols; j++) r[j] = rnd.nextGaussian();
		}

		@Override public int modelSize() { return m[0].length; }
		@Override public int dataSize() { return m.length; }

		@Override
		public double[] apply(final double[] x, final double[] out) {
			final double[] o = out != null ? out : new double[m.length];
			for (int i = 0; i < m.length; i++) {
				double s = 0;
				for (int j = 0; j < x.length; j++) s += m[i][j] * Math.tanh(x[j] / 1000);
				o[i] = s;
			}
			return o;
		}

		double[] adjoint(final double[] x, final double[] w) {
			final double[] g = new double[x.length];
			for (int j = 0; j < x.length; j++) {
				final double t = Math.tanh(x[j] / 1000);
				double s = 0;
				for (int i = 0; i < m.length; i++) s += m[i][j] * w[i];
				g[j] = s * (1 - t * t) / 1000;
			}
			return g;
		}

		double[] jac(final double[] x, final double[] v) {
			final double[] o = new double[m.length];
			for (int i = 0; i < m.length; i++)
				for (int j = 0; j < x.length; j++) {
					final double t = Math.tanh(x[j] / 1000);
					o[i] += m[i][j] * (1 - t * t) / 1000 * v[j];
				}
			return o;
		}

		@Override
		public Linearization linearize(final double[] x) {
			final double[] xc = x.clone(), value = apply(x, null);
			return new Linearization() {
				@Override public double[] model() { return xc; }
				@Override public double[] value() { return value; }
				@Override public double[] jacobianTimes(final double[] v, final double[] out) {
					final double[] r = jac(xc, v);
					if (out == null) return r;
					System.arraycopy(r, 0, out, 0, r.length);
					return out;
				}
				@Override public double[] adjointTimes(final double[] w, final double[] out) {
					final double[] r = adjoint(xc, w);
					if (out == null) return r;
					System.arraycopy(r, 0, out, 0, r.length);
					return out;
				}
			};
		}
	}

	private static TrainingSet models(final int n, final int d, final Random rnd) {
		final double[][] x = new double[n][d];
		for (final double[] m : x)
			for (int j = 0; j < d; j++) m[j] = 2000 + 500 * rnd.nextGaussian();
		return TrainingSet.of(x);
	}

	@Test
	void weightsUnchangedByDataNegatedAndScaledPerShot() {
		final Random rnd = new Random(5);
		final int shots = 3, per = 8, d = 6, n = 40;
		final TanhOperator op = new TanhOperator(shots * per, d, rnd);
		final TrainingSet t = models(n, d, rnd);
		final double[] y = op.apply(t.copy(4, null), null);
		for (int i = 0; i < y.length; i++) y[i] += 0.05 * rnd.nextGaussian();
		final double gamma = 0.1, c = -2.4e8;
		final double[] yc = new double[y.length];
		for (int i = 0; i < y.length; i++) yc[i] = c * y[i];
		final SourceScaling s = SourceScaling.perShot(shots, per);
		final ReweightedPosterior a = ReweightedPosterior.compute(new Likelihood(op, y, gamma).withSourceScaling(s), t, 1, Progress.NONE);
		final ReweightedPosterior b = ReweightedPosterior.compute(new Likelihood(op, yc, gamma * Math.abs(c)).withSourceScaling(s), t, 1,
			Progress.NONE);
		assertArrayEquals(a.weights(), b.weights(), 1e-12);
		assertArrayEquals(a.mean(), b.mean(), 1e-9);
		// without estimation the scaled data are hopeless: the weights differ
		final ReweightedPosterior f = ReweightedPosterior.compute(new Likelihood(op, yc, gamma * Math.abs(c)), t, 1, Progress.NONE);
		double diff = 0;
		for (int k = 0; k < n; k++) diff = Math.max(diff, Math.abs(f.weights()[k] - a.weights()[k]));
		assertTrue(diff > 1e-3, "fixed scaling must see the constant, max weight difference " + diff);
		// the fitted scalars recover c (up to the noise) at the true model
		final Likelihood lc = new Likelihood(op, yc, 1).withSourceScaling(s);
		for (final double alpha : lc.sourceScalars(op.apply(t.copy(4, null), null))) assertEquals(c, alpha, 0.05 * Math.abs(c));
	}

	@Test
	void complexScalarPerSourceAndFrequencyAbsorbsAnyComplexFactor() {
		final Random rnd = new Random(8);
		final int nf = 2, ns = 3, nr = 5, d = 4, n = 25;
		final TanhOperator op = new TanhOperator(2 * nf * ns * nr, d, rnd);
		final TrainingSet t = models(n, d, rnd);
		final double[] y = op.apply(t.copy(2, null), null);
		for (int i = 0; i < y.length; i++) y[i] += 0.05 * rnd.nextGaussian();
		final SourceScaling s = SourceScaling.perSourceAndFrequency(nf, ns, nr);
		// multiply block (f, s) by its own complex factor of modulus 3 (the paper code's -1 is the factor e^{i pi})
		final double[] yc = new double[y.length];
		for (int f = 0; f < nf; f++)
			for (int src = 0; src < ns; src++) {
				final double ph = 0.7 * f + 1.3 * src + Math.PI, cr = 3 * Math.cos(ph), ci = 3 * Math.sin(ph);
				for (int r = 0; r < nr; r++) {
					final int re = r + nr * (src + ns * (2 * f)), im = r + nr * (src + ns * (2 * f + 1));
					yc[re] = cr * y[re] - ci * y[im];
					yc[im] = cr * y[im] + ci * y[re];
				}
			}
		final ReweightedPosterior a = ReweightedPosterior.compute(new Likelihood(op, y, 0.1).withSourceScaling(s), t, 1, Progress.NONE);
		final ReweightedPosterior b = ReweightedPosterior.compute(new Likelihood(op, yc, 0.3).withSourceScaling(s), t, 1, Progress.NONE);
		assertArrayEquals(a.weights(), b.weights(), 1e-12);
	}

	@Test
	void closedFormScalarsAreTheLeastSquaresOptimum() {
		final Random rnd = new Random(2);
		for (final boolean complex : new boolean[] { false, true }) {
			final SourceScaling s = complex ? SourceScaling.perSourceAndFrequency(2, 2, 4) : SourceScaling.perShot(3, 5);
			final double[] p = new double[s.dataSize()], d = new double[s.dataSize()];
			for (int i = 0; i < p.length; i++) {
				p[i] = rnd.nextGaussian();
				d[i] = rnd.nextGaussian();
			}
			final double best = s.misfit(p, d);
			final double[] alpha = s.scalars(p, d, null);
			for (int trial = 0; trial < 50; trial++) {
				final double[] a2 = alpha.clone();
				a2[rnd.nextInt(a2.length)] += 1e-3 * rnd.nextGaussian();
				final double[] q = s.scale(p, a2, null);
				double m = 0;
				for (int i = 0; i < d.length; i++) m += (q[i] - d[i]) * (q[i] - d[i]);
				assertTrue(m >= best - 1e-12, "perturbed scalars fit better: " + m + " < " + best);
			}
		}
	}

	@Test
	void taylorTestOfTheProjectedGradient() {
		final Random rnd = new Random(13);
		for (final boolean complex : new boolean[] { false, true }) {
			final SourceScaling s = complex ? SourceScaling.perSourceAndFrequency(2, 2, 3) : SourceScaling.perShot(3, 4);
			final int d = 5;
			final TanhOperator op = new TanhOperator(s.dataSize(), d, rnd);
			final double[] x = new double[d], v = new double[d];
			for (int j = 0; j < d; j++) {
				x[j] = 1500 * rnd.nextGaussian();
				v[j] = 100 * rnd.nextGaussian();
			}
			final double[] data = new double[s.dataSize()];
			for (int i = 0; i < data.length; i++) data[i] = rnd.nextGaussian();
			final double phi0 = 0.5 * s.misfit(op.apply(x, null), data);
			final double[] g = op.adjoint(x, s.adjointSource(op.apply(x, null), data, null));
			double gv = 0;
			for (int j = 0; j < d; j++) gv += g[j] * v[j];
			double previous = Double.NaN;
			for (int k = 0; k < 4; k++) {
				final double h = Math.pow(2, -k) * 1e-1;
				final double[] xh = x.clone();
				for (int j = 0; j < d; j++) xh[j] += h * v[j];
				final double r2 = Math.abs(0.5 * s.misfit(op.apply(xh, null), data) - phi0 - h * gv);
				if (k > 0) {
					final double slope = Math.log(previous / r2) / Math.log(2);
					assertEquals(2, slope, 0.15, (complex ? "complex" : "real") + " remainder slope at h = " + h);
				}
				previous = r2;
			}
		}
	}

	@Test
	void scaledOperatorGivesTheProjectedMisfitItsGradientAndAnAdjointPair() {
		final Random rnd = new Random(21);
		for (final boolean complex : new boolean[] { false, true }) {
			final SourceScaling s = complex ? SourceScaling.perSourceAndFrequency(2, 2, 3) : SourceScaling.perShot(3, 4);
			final int d = 5;
			final TanhOperator op = new TanhOperator(s.dataSize(), d, rnd);
			final double[] data = new double[s.dataSize()], x = new double[d], v = new double[d];
			for (int i = 0; i < data.length; i++) data[i] = rnd.nextGaussian();
			for (int j = 0; j < d; j++) {
				x[j] = 1500 * rnd.nextGaussian();
				v[j] = 100 * rnd.nextGaussian();
			}
			final SourceScaledOperator f = new SourceScaledOperator(op, s, data);
			// misfit of the wrapped operator = projected misfit
			final double[] fx = f.apply(x, null);
			double mis = 0;
			for (int i = 0; i < data.length; i++) mis += (fx[i] - data[i]) * (fx[i] - data[i]);
			assertEquals(s.misfit(op.apply(x, null), data), mis, 1e-12 * mis);
			// gradient J~^T (F~ - y) = the variable-projection gradient
			final double[] r = fx.clone();
			for (int i = 0; i < r.length; i++) r[i] -= data[i];
			final double[] g = f.linearize(x).adjointTimes(r, null);
			assertArrayEquals(op.adjoint(x, s.adjointSource(op.apply(x, null), data, null)), g, 1e-12);
			// dot-product test of the linearization: <J~ v, w> = <v, J~^T w>
			final double[] w = new double[data.length];
			for (int i = 0; i < w.length; i++) w[i] = rnd.nextGaussian();
			final Linearization lin = f.linearize(x);
			final double[] jv = lin.jacobianTimes(v, null), jtw = lin.adjointTimes(w, null);
			double a = 0, b = 0;
			for (int i = 0; i < w.length; i++) a += jv[i] * w[i];
			for (int j = 0; j < d; j++) b += v[j] * jtw[j];
			assertEquals(a, b, 1e-12 * (Math.abs(a) + 1e-300));
		}
	}

	@Test
	void keyParsedWithAFix() {
		assertTrue(SourceScaling.parseEstimate("estimate"));
		assertEquals("sourcescale=auto is not a source scaling; use sourcescale=fixed (the data as modelled) or sourcescale=estimate " +
			"(one least-squares scalar per shot, or per source and frequency)",
			assertThrows(IllegalArgumentException.class, () -> SourceScaling.parseEstimate("auto")).getMessage());
	}
}
