package org.memfwi.core.prior;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.memfwi.core.grid.Grid2D;
import org.memfwi.core.progress.Progress;
import org.memfwi.core.util.Memory;
import org.memfwi.core.util.Parallel;
import org.memfwi.core.util.Seeds;

/**
 * Procedural velocity models (m/s) on a regular grid: layered families after OpenFWI and smooth Gaussian random
 * fields. Model {@code i} depends only on the seed and {@code i}, so a run is reproducible for any thread count,
 * and the first models of a long run equal those of a short one.
 */
public final class ModelGenerator {

	private ModelGenerator() {}

	/**
	 * Generates {@code s.n} models.
	 *
	 * @param threads worker threads, 0 = all processors
	 * @param progress progress and cancel; may be {@link Progress#NONE}
	 * @return {@code s.n} arrays of {@code nx * nz} velocities in m/s, x fastest
	 * @throws IllegalArgumentException if a setting is bad ({@link GeneratorSettings#validate()}) or the stack would not
	 *         fit in memory
	 * @throws org.memfwi.core.progress.CanceledException if canceled
	 */
	public static float[][] generate(final GeneratorSettings s, final int threads, final Progress progress) {
		s.validate();
		final Grid2D g = s.grid;
		Memory.require(4L * s.n * g.size() + 64L * s.n, "a stack of n = " + s.n + " models of " + g.nx() + " x " + g.nz(),
			"lower n or the model size");
		final float[][] out = new float[s.n][];
		final boolean mempost = s.family == ModelFamily.GRF && s.convention == GeneratorSettings.Convention.MEMPOST;
		final KarhunenLoeveBasis kl = s.family == ModelFamily.GRF && !mempost
			? new KarhunenLoeveBasis(s.modes, g.nx(), g.nz(), s.alpha, s.smoothness) : null;
		final MempostRandomField field = mempost ? new MempostRandomField(g.nx(), s.alpha, s.tau, s.vmin, s.vmax) : null;
		final MempostKlBasis paperKl = mempost ? MempostKlBasis.paper(g.nx(), g.nz()) : null;
		final AtomicInteger done = new AtomicInteger();
		progress.status("Generating " + s.n + " " + s.family.key() + " models of " + g);
		Parallel.forEach(s.n, threads, i -> {
			progress.checkCanceled();
			out[i] = mempost ? mempostField(s, field, paperKl, i) : kl != null ? randomField(s, kl, i) : layered(s, i);
			final int d = done.incrementAndGet();
			progress.fraction(d / (double) s.n);
		});
		progress.fraction(1);
		return out;
	}

	/** Model {@code index} of the given settings (the same as element {@code index} of {@link #generate}). */
	public static float[] model(final GeneratorSettings s, final int index) {
		s.validate();
		if (s.family == ModelFamily.GRF && s.convention == GeneratorSettings.Convention.MEMPOST) {
			final Grid2D g = s.grid;
			return mempostField(s, new MempostRandomField(g.nx(), s.alpha, s.tau, s.vmin, s.vmax), MempostKlBasis.paper(g.nx(), g.nz()), index);
		}
		if (s.family == ModelFamily.GRF) {
			final Grid2D g = s.grid;
			return randomField(s, new KarhunenLoeveBasis(s.modes, g.nx(), g.nz(), s.alpha, s.smoothness), index);
		}
		return layered(s, index);
	}

	// -- layered families --

	private static float[] layered(final GeneratorSettings s, final int index) {
		final SplittableRandom r = Seeds.stream(s.seed, index);
		final Grid2D g = s.grid;
		final int nx = g.nx(), nz = g.nz();
		final double width = g.width(), depth = g.depth(), dx = g.dx();

		final int layers = s.minLayers + r.nextInt(s.maxLayers - s.minLayers + 1);
		final double[] vel = new double[layers];
		for (int l = 0; l < layers; l++) vel[l] = s.vmin + (s.vmax - s.vmin) * r.nextDouble();
		if (s.ordering == GeneratorSettings.Ordering.INCREASING) Arrays.sort(vel);

		// Interface depths: random thicknesses, none thinner than about a third of the mean.
		final double[] w = new double[layers];
		double sum = 0;
		for (int l = 0; l < layers; l++) sum += (w[l] = 0.35 + r.nextDouble());
		final double[] top = new double[layers - 1];
		double acc = 0;
		for (int l = 0; l < layers - 1; l++) top[l] = (acc += w[l] / sum * depth);

		// Folding: one sine shared by all interfaces, each interface with its own amplitude factor.
		double amp = 0, cycles = 0, phase = 0;
		final double[] scale = new double[layers - 1];
		if (s.family.isCurved()) {
			amp = (0.03 + 0.09 * r.nextDouble()) * depth;
			cycles = 0.5 + 1.5 * r.nextDouble();
			phase = 2 * Math.PI * r.nextDouble();
		}
		for (int l = 0; l < layers - 1; l++) scale[l] = 0.6 + 0.8 * r.nextDouble();

		// Fault: a straight line through (x0, z0) dipping at theta; the hanging wall (right of it) moves by throw.
		double x0 = 0, z0 = 0, cot = 0, thr = 0;
		if (s.family.hasFault()) {
			x0 = (0.25 + 0.5 * r.nextDouble()) * width;
			z0 = (0.3 + 0.4 * r.nextDouble()) * depth;
			final double theta = Math.toRadians(35 + 45 * r.nextDouble());
			cot = (r.nextBoolean() ? 1 : -1) / Math.tan(theta);
			thr = (r.nextBoolean() ? 1 : -1) * (0.06 + 0.14 * r.nextDouble()) * depth;
		}

		final float[] m = new float[nx * nz];
		for (int ix = 0; ix < nx; ix++) {
			final double x = (ix + 0.5) * dx;
			final double fold = amp * Math.sin(2 * Math.PI * cycles * x / width + phase);
			for (int iz = 0; iz < nz; iz++) {
				final double z = (iz + 0.5) * dx;
				double zz = z;
				if (thr != 0 && x > x0 + (z - z0) * cot) zz = z - thr;
				int layer = 0;
				for (int l = 0; l < layers - 1; l++)
					if (zz > top[l] + scale[l] * fold) layer++;
				m[ix + nx * iz] = (float) vel[layer];
			}
		}
		return m;
	}

	// -- smooth Gaussian random field --

	/**
	 * The paper's training model: a sample of its FFT field of squared slowness, projected onto its KL basis and
	 * reconstructed (clipped as the paper clips), as velocity in m/s. The velocity bounds set the field's mean and
	 * standard deviation (as the paper's {@code bounds}); the model is not clipped to them.
	 */
	private static float[] mempostField(final GeneratorSettings s, final MempostRandomField field, final MempostKlBasis kl,
		final int index)
	{
		final double[] m = kl.reconstruct(kl.project(field.sample(s.seed, index, null), null), null);
		final float[] v = new float[m.length];
		for (int i = 0; i < m.length; i++) v[i] = (float) (1 / Math.sqrt(m[i]));
		return v;
	}

	private static float[] randomField(final GeneratorSettings s, final KarhunenLoeveBasis kl, final int index) {
		final SplittableRandom r = Seeds.stream(s.seed, index);
		final double[] coef = new double[kl.size()];
		for (int i = 0; i < coef.length; i++) coef[i] = Math.sqrt(kl.eigenvalue(i)) * Seeds.gaussian(r);
		final double[] field = kl.synthesize(coef, null);
		final double norm = s.amplitude / Math.sqrt(kl.eigenvalueSum());
		final float[] m = new float[field.length];
		for (int i = 0; i < m.length; i++) {
			final double v = s.background + norm * field[i];
			m[i] = (float) Math.max(s.vmin, Math.min(s.vmax, v));
		}
		return m;
	}
}
