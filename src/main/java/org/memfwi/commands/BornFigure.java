package org.memfwi.commands;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.memfwi.core.born.PaperBornExperiment;
import org.memfwi.core.posterior.PaperHelmholtzExperiment;
import org.memfwi.core.progress.Progress;
import org.memfwi.core.util.Table;
import org.memfwi.io.Plots;

import ij.ImagePlus;
import ij.process.ColorProcessor;

/** reproduce figure=born: runs {@link PaperBornExperiment} and lays out its panel and tables. */
final class BornFigure {

	private BornFigure() {}

	static ImagePlus run(final Results results, final int[] sizes, final int samples, final File archive, final long seed,
		final int threads, final Progress progress)
	{
		if (archive != null) throw new IllegalArgumentException("archive: reading the paper's HDF5 reflectivity archive (key " +
			"broadband_dm) needs an HDF5 reader, which this build does not have; omit archive= to use reflectivity generated " +
			"from the velocity families");
		final PaperBornExperiment.Settings s = PaperBornExperiment.Settings.of()
			.withSizes(sizes)
			.withSamples(samples)
			.withSeed(seed)
			.withThreads(threads);
		final PaperBornExperiment.Result r = new PaperBornExperiment(s).run(progress);
		final int g = r.grid().nx();
		double amp = 0;
		for (final double v : r.truth()) amp = Math.max(amp, Math.abs(v));
		final Table metrics = new Table("method", "n", "rmse", "coverage_2sigma", "ess", "effective_modes", "memorized_fraction");
		final Table summary = new Table("metric", "value");
		summary.add("figure", "born");
		summary.add("linearized", 1.0);
		summary.add("linearized_exact", 1.0);
		summary.add("sigma", r.sigma());
		summary.add("noise_std", r.noiseStd());
		summary.add("samples", (double) samples);
		summary.add("threshold", PaperHelmholtzExperiment.THRESHOLD);
		final StringBuilder pixels = new StringBuilder("method,n,quantity,ix,iz,value\n");
		append(pixels, "truth", 0, "reflectivity", r.truth(), g);
		final List<List<ColorProcessor>> rows = new ArrayList<>();
		final List<ColorProcessor> head = new ArrayList<>();
		head.add(FigureTiles.tile(r.truth(), g, g, -amp, amp, "truth reflectivity", true));
		rows.add(head);
		for (final PaperHelmholtzExperiment.Method m : r.methods()) {
			metrics.add(m.name(), m.n(), m.rmse(), m.coverage(), m.ess(), m.effectiveModes(), m.memorizedFraction());
			final String key = m.name() + "_N" + m.n();
			summary.add("rmse_" + key, m.rmse());
			summary.add("memorized_fraction_" + key, m.memorizedFraction());
			summary.add("effective_modes_" + key, m.effectiveModes());
			append(pixels, m.name(), m.n(), "mean", m.mean(), g);
			append(pixels, m.name(), m.n(), "std", m.std(), g);
			for (int k = 0; k < m.samples().length; k++) {
				append(pixels, m.name(), m.n(), "sample" + (k + 1), m.samples()[k], g);
				append(pixels, m.name(), m.n(), "nearest" + (k + 1), m.nearest()[k], g);
			}
			if (m.name().equals("reweighted")) continue;
			double smax = 0;
			for (final double v : m.std()) smax = Math.max(smax, v);
			final List<ColorProcessor> row = new ArrayList<>();
			row.add(FigureTiles.tile(m.mean(), g, g, -amp, amp, String.format(Locale.ROOT, "%s N=%d mean", m.name(), m.n()), true));
			row.add(FigureTiles.tile(m.std(), g, g, 0, smax > 0 ? smax : 1, String.format(Locale.ROOT, "std; mem %.0f%%", 100 *
				m.memorizedFraction()), false));
			for (int k = 0; k < Math.min(2, m.samples().length); k++) {
					row.add(FigureTiles.tile(m.samples()[k], g, g, -amp, amp, "sample " + (k + 1), true));
				row.add(FigureTiles.tile(m.nearest()[k], g, g, -amp, amp, "nearest training", true));
			}
			rows.add(row);
		}
		final StringBuilder weights = new StringBuilder("n,posterior,rank,weight\n");
		final List<Plots.Curve> curves = new ArrayList<>();
		for (int k = 0; k < r.sortedWeights().size(); k++) {
			final double[][] both = { r.sortedWeights().get(k), r.sortedLinearizedWeights().get(k) };
			for (int b = 0; b < 2; b++) {
				final double[] w = both[b];
				final String name = b == 0 ? "reweighted" : "linearized";
				final int shown = Math.min(w.length, 50);
				final double[] x = new double[shown], y = new double[shown];
				for (int i = 0; i < w.length; i++)
					weights.append(sizes[k]).append(',').append(name).append(',').append(i + 1).append(',').append(w[i]).append('\n');
				for (int i = 0; i < shown; i++) {
					x[i] = i + 1;
					y[i] = Math.max(w[i], 1e-16);
				}
				curves.add(new Plots.Curve("N = " + sizes[k] + (b == 0 ? ", reweighted (sigma -> 0)" : ", linearized (exact)"), x, y,
					Plots.seriesColor(k), b == 0 ? 2f : 1.5f, b == 0));
			}
		}
		final ImagePlus wplot = Plots.lines(String.format(Locale.ROOT, "Posterior weights, largest 50: reweighted and linearized " +
			"(exact, sigma = %.3g)", r.sigma()), "rank", "weight", curves, null, false, true);
		final ImagePlus tiles = FigureTiles.grid("Born track: truth; per N the linearized (exact) and DPS mean, std, samples with " +
			"nearest training images", rows);
		final List<ImagePlus> both = new ArrayList<>();
		both.add(tiles);
		both.add(wplot);
		final ImagePlus imp = ReproduceCommand.row("Born track", both);
		results.table("metrics.csv", metrics);
		results.text("weights.csv", weights.toString());
		results.text("pixels.csv", pixels.toString());
		results.table("summary.csv", summary);
		results.png("born.png", imp);
		return imp;
	}

	private static void append(final StringBuilder b, final String method, final int n, final String q, final double[] v, final int g) {
		for (int i = 0; i < v.length; i++)
			b.append(method).append(',').append(n).append(',').append(q).append(',').append(i % g).append(',').append(i / g).append(',')
				.append((float) v[i]).append('\n');
	}
}
