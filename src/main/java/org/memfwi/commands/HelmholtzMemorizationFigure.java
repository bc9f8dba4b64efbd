package org.memfwi.commands;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.memfwi.core.helmholtz.PaperPreset;
import org.memfwi.core.posterior.PaperHelmholtzExperiment;
import org.memfwi.core.progress.Progress;
import org.memfwi.core.util.Table;

import ij.ImagePlus;
import ij.process.ColorProcessor;

/** reproduce figure=helmholtz-memorization: runs {@link PaperHelmholtzExperiment} and lays out its panel and tables. */
final class HelmholtzMemorizationFigure {

	private HelmholtzMemorizationFigure() {}

	static ImagePlus run(final MemFwiCommand cmd, final Results results, final int[] sizes, final int samples, final String grid,
		final long seed, final int threads, final Progress progress)
	{
		PaperHelmholtzExperiment.Settings s = PaperHelmholtzExperiment.Settings.of();
		if ("200".equals(grid == null ? "" : grid.trim())) s = s.withPreset(PaperPreset.PAPER_200);
		else if (!"64".equals(grid == null ? "" : grid.trim()))
			throw new IllegalArgumentException("grid must be 64 (the paper's 64 x 64 experiment) or 200 (its 200 x 200 comparison), got " + grid);
		s = s.withSizes(sizes);
		s = s.withSamples(samples);
		s = s.withSeed(seed);
		s = s.withThreads(threads);
		final PaperHelmholtzExperiment ex = new PaperHelmholtzExperiment(s);
		final List<PaperHelmholtzExperiment.Case> cases = ex.run(progress);
		final int g = s.preset.grid().nx();
		final Table metrics = new Table("truth", "method", "n", "rmse", "coverage_2sigma", "ess", "effective_modes", "memorized_fraction");
		final Table summary = new Table("metric", "value");
		summary.add("figure", "helmholtz-memorization");
		summary.add("preset", s.preset.name());
		summary.add("samples", (double) samples);
		summary.add("threshold", PaperHelmholtzExperiment.THRESHOLD);
		final StringBuilder pixels = new StringBuilder("truth,method,n,quantity,ix,iz,value\n");
		final List<List<ColorProcessor>> rows = new ArrayList<>();
		for (final PaperHelmholtzExperiment.Case c : cases) {
			double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
			for (final double v : c.velocity) {
				lo = Math.min(lo, v);
				hi = Math.max(hi, v);
			}
			summary.add("noise_std_" + c.truth, c.noiseStd);
			append(pixels, c.truth, "truth", 0, "velocity", c.velocity, g);
			double smax = 0;
			for (final PaperHelmholtzExperiment.Method m : c.methods) for (final double v : m.std()) smax = Math.max(smax, v);
			final List<ColorProcessor> means = new ArrayList<>(), stds = new ArrayList<>(), montage = new ArrayList<>();
			means.add(FigureTiles.tile(c.velocity, g, g, lo, hi, "truth (" + c.truth + ")", false));
			stds.add(FigureTiles.blank(means.get(0).getHeight()));
			montage.add(FigureTiles.blank(means.get(0).getHeight()));
			for (final PaperHelmholtzExperiment.Method m : c.methods) {
				metrics.add(c.truth, m.name(), m.n(), m.rmse(), m.coverage(), m.ess(), m.effectiveModes(), m.memorizedFraction());
				final String key = c.truth + "_" + m.name() + "_N" + m.n();
				summary.add("rmse_" + key, m.rmse());
				summary.add("coverage_" + key, m.coverage());
				summary.add("memorized_fraction_" + key, m.memorizedFraction());
				summary.add("effective_modes_" + key, m.effectiveModes());
				append(pixels, c.truth, m.name(), m.n(), "mean", m.mean(), g);
				append(pixels, c.truth, m.name(), m.n(), "std", m.std(), g);
				for (int k = 0; k < m.samples().length; k++) {
					append(pixels, c.truth, m.name(), m.n(), "sample" + (k + 1), m.samples()[k], g);
					append(pixels, c.truth, m.name(), m.n(), "nearest" + (k + 1), m.nearest()[k], g);
				}
				means.add(FigureTiles.tile(m.mean(), g, g, lo, hi, String.format(Locale.ROOT, "%s N=%d mean rmse %.0f", m.name().equals("reweighted") ? "rw" : m.name().equals("linearized") ? "lin" : "dps", m.n(), m.rmse()),
					false));
				stds.add(FigureTiles.tile(m.std(), g, g, 0, smax > 0 ? smax : 1, String.format(Locale.ROOT, "std; mem %.0f%% modes %.1f",
					100 * m.memorizedFraction(), m.effectiveModes()), false));
				if (m.name().equals("dps")) {
					montage.add(FigureTiles.tile(m.samples()[0], g, g, lo, hi, "DPS N=" + m.n() + " sample 1", false));
					montage.add(FigureTiles.tile(m.nearest()[0], g, g, lo, hi, "nearest training model", false));
				}
			}
			rows.add(means);
			rows.add(stds);
			rows.add(montage);
		}
		results.table("metrics.csv", metrics);
		results.text("pixels.csv", pixels.toString());
		results.table("summary.csv", summary);
		final ImagePlus imp = FigureTiles.grid("Helmholtz memorization, " + s.preset.name() + ": means, std, DPS sample and nearest " +
			"training model, per truth", rows);
		results.png("helmholtz-memorization.png", imp);
		return imp;
	}

	private static void append(final StringBuilder b, final String truth, final String method, final int n, final String q,
		final double[] v, final int g)
	{
		for (int i = 0; i < v.length; i++)
			b.append(truth).append(',').append(method).append(',').append(n).append(',').append(q).append(',').append(i % g).append(',')
				.append(i / g).append(',').append((float) v[i]).append('\n');
	}
}
