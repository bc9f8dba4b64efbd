package org.memfwi.commands;

import org.memfwi.core.born.BornOperator;
import org.memfwi.core.fwi.DataMisfit;
import org.memfwi.core.fwi.SourceScaledMisfit;
import org.memfwi.core.grid.Grid2D;
import org.memfwi.core.operator.SourceScaling;
import org.memfwi.core.progress.Progress;
import org.memfwi.core.wave.Acquisition;
import org.memfwi.core.wave.ForwardModelling;
import org.memfwi.core.wave.SurveyDefaults;
import org.memfwi.core.wave.TimeDomainFwi;
import org.memfwi.core.wave.WaveSettings;
import org.memfwi.core.wave.Wavelet;
import org.memfwi.io.DataProperties;
import org.memfwi.io.Images;
import org.memfwi.io.TimeDomainData;

import ij.ImagePlus;

/**
 * The {@code forward} and {@code fwi} commands for {@code physics=time}: their parameters read from images and
 * text, handed to the core ({@link ForwardModelling}, {@link TimeDomainFwi}), and the results turned into images
 * ({@link TimeDomainData}).
 */
public final class TimeDomainWorkflow {

	private TimeDomainWorkflow() {}

	/**
	 * What the forward command asks for (its parameters; 0 or -1 mean the scaled defaults of {@link SurveyDefaults}):
	 * the shared ones (receivers are spread from the first to the last column; 0 = one on every column) and the wavelet,
	 * time sampling and CPML settings.
	 */
	public static final class ForwardSpec extends ForwardInputs {
		public double f0, delay = -1;
		public ImagePlus wavelet;
		public double dt;
		public int nt;
		public int order = 8, cpml = 20;
		public boolean freesurface, substep = true;
	}

	/**
	 * Models shot gathers for every model of the stack and returns them as one image (a hyperstack for several
	 * models) with the acquisition properties.
	 *
	 * @throws IllegalArgumentException naming the bad parameter
	 */
	public static ImagePlus forward(final ForwardSpec s, final Progress progress) {
		final Images.ModelStack ms = Images.readModels(s.model, "model");
		final Grid2D grid = ms.grid;
		final Wavelet w = wavelet(s, grid);
		final Acquisition acq = acquisition(s, grid);
		final WaveSettings ws = WaveSettings.DEFAULT.withOrder(s.order).withCpml(s.cpml).withFreeSurface(s.freesurface)
			.withSubstep(s.substep);
		final ForwardModelling.Result r = ForwardModelling.model(ms.models, grid, acq, w, ws, s.noise, s.relative, s.seed, s.threads,
			progress);
		final String base = s.model.getTitle() == null ? "model" : s.model.getTitle().replaceFirst("\\.tiff?$", "");
		return TimeDomainData.toImage(base + "-data", grid, acq, w, ws, r.data(), r.noise());
	}

	/**
	 * Born shot gathers ({@link BornOperator}) of every reflectivity image of the stack (dimensionless, calibrated in m)
	 * around a smooth background velocity, with the survey of {@link #forward}; returned as one image whose
	 * {@code memfwi.physics} is {@code born} and whose {@code memfwi.background} is the constant background (m/s) or
	 * {@code image}, with the image's values in {@code memfwi.background_values}, so that the posteriors rebuild the
	 * operator. Relative noise is a fraction of the largest |value| of the Born data over the stack.
	 *
	 * @param background the background velocity image (m/s, the model's grid), or null for the constant
	 * @param constant the constant background velocity, m/s (used when background is null)
	 * @throws IllegalArgumentException naming model, background or the survey parameter at fault
	 */
	public static ImagePlus bornForward(final ForwardSpec s, final ImagePlus background, final double constant, final Progress progress) {
		final Images.ModelStack rs = Images.readStack(s.model, "model");
		if (!Images.isMetric(s.model)) throw new IllegalArgumentException("model ('" + s.model.getTitle() + "') has no cell size in m; " +
			"physics=born needs a reflectivity image calibrated in m (Image > Properties..., unit m)");
		final Grid2D grid = rs.grid;
		final double[] v0 = BornData.background(background, constant, grid, "background", "vbackground");
		final Wavelet w = wavelet(s, grid);
		final Acquisition acq = acquisition(s, grid);
		final WaveSettings ws = WaveSettings.DEFAULT.withOrder(s.order).withCpml(s.cpml).withFreeSurface(s.freesurface)
			.withSubstep(s.substep);
		if (!(s.noise >= 0)) throw new IllegalArgumentException("noise must be >= 0, got " + s.noise);
		progress.status("Born modelling: the background wavefields (" + acq.sources() + " shots)");
		final BornOperator born = BornData.operator(grid, acq, w, ws, v0, s.threads, progress);
		final int shots = acq.sources(), per = born.dataSize() / shots;
		final float[][][] data = new float[rs.size()][shots][per];
		double max = 0;
		for (int m = 0; m < rs.size(); m++) {
			progress.checkCanceled();
			progress.status("Born modelling: reflectivity " + (m + 1) + " of " + rs.size());
			final double[] r = new double[grid.size()];
			for (int i = 0; i < r.length; i++) r[i] = rs.models[m][i];
			final double[] y = born.apply(r, null);
			for (int k = 0; k < y.length; k++) {
				data[m][k / per][k % per] = (float) y[k];
				max = Math.max(max, Math.abs(y[k]));
			}
			progress.fraction((m + 1.0) / rs.size());
		}
		final double std = s.relative ? s.noise * max : s.noise;
		SurveyDefaults.addNoise(data, std, s.seed);
		final String base = s.model.getTitle() == null ? "reflectivity" : s.model.getTitle().replaceFirst("\\.tiff?$", "");
		final ImagePlus imp = TimeDomainData.toImage(base + "-born-data", grid, acq, w, ws, data, std);
		BornData.record(imp, background == null ? null : v0, constant);
		return imp;
	}

	/** The wavelet of the forward parameters: a user's samples, or a Ricker (defaults scaled to the grid). */
	private static Wavelet wavelet(final ForwardSpec s, final Grid2D grid) {
		final double dt = s.dt > 0 ? s.dt : SurveyDefaults.dt(grid);
		final Wavelet w;
		if (s.wavelet != null) {
			final double[] samples = TimeDomainData.waveletSamples(s.wavelet);
			if (s.nt > 0 && s.nt != samples.length) throw new IllegalArgumentException("nt = " + s.nt + " disagrees with the " +
				samples.length + " samples of the wavelet image; set nt=0 to use the wavelet's length");
			w = Wavelet.sampled(samples, dt);
		}
		else {
			final double f0 = s.f0 > 0 ? s.f0 : SurveyDefaults.f0(grid);
			w = Wavelet.ricker(f0, s.delay >= 0 ? s.delay : Wavelet.defaultDelay(f0), dt, s.nt > 0 ? s.nt : SurveyDefaults.nt(grid));
		}
		return w;
	}

	private static Acquisition acquisition(final ForwardSpec s, final Grid2D grid) {
		final double depth = s.depth >= 0 ? s.depth : SurveyDefaults.depth(grid);
		final Acquisition auto = Acquisition.surface(grid, s.sources > 0 ? s.sources : SurveyDefaults.sources(grid), depth);
		final double[][] src = ForwardInputs.positions(s.sourcex, s.sourcez, "sourcex", "sourcez", auto.sourceXs(), depth);
		double[] recX = auto.receiverXs();
		if (s.receivers > 0) {
			final double width = (grid.nx() - 1) * grid.dx();
			recX = new double[s.receivers];
			for (int i = 0; i < recX.length; i++) recX[i] = recX.length == 1 ? width / 2 : width * i / (recX.length - 1);
		}
		final double[][] rec = ForwardInputs.positions(s.receiverx, s.receiverz, "receiverx", "receiverz", recX, depth);
		final Acquisition acq = new Acquisition(src[0], src[1], rec[0], rec[1]);
		return acq;
	}

	/** What the fwi command asks for: the shared parameters only (velocity pixels, low-pass bands). */
	public static final class FwiSpec extends FwiInputs {
	}

	/**
	 * The low-pass bands: "auto" = {@link TimeDomainFwi#autoBands} (from the lower of f0 / 3 and the frequency whose
	 * wavelength at the start's lowest velocity is half the model, doubling up to the full band); otherwise
	 * comma-separated Hz (0 = full band).
	 */
	public static double[] bands(final String text, final Wavelet w, final Grid2D grid, final double[] start) {
		if (FwiInputs.isAuto(text)) {
			final double f0 = w.isRicker() ? w.f0() : w.highestFrequency() / 2.5;
			double lo = Double.POSITIVE_INFINITY;
			for (final double v : start) lo = Math.min(lo, v);
			return TimeDomainFwi.autoBands(grid, f0, lo);
		}
		return FwiInputs.cutoffs(text);
	}

	/**
	 * Full-waveform inversion of time-domain shot gathers from a starting model.
	 *
	 * @throws IllegalArgumentException naming the bad parameter or property
	 */
	public static FwiOutcome invert(final FwiSpec s, final Progress progress) {
		final TimeDomainData.Gathers g = TimeDomainData.read(s.data, "data");
		final Images.ModelStack ms = Images.readModels(s.model, "model");
		if (g.data.length != 1) throw new IllegalArgumentException("data ('" + s.data.getTitle() + "') holds gathers of " + g.data.length +
			" models (frames); give the gathers of one model (Image > Duplicate... one frame)");
		DataProperties.checkGrid(g.grid, ms.grid, "data", "model");
		final double[] start = FwiInputs.startingModel(s.model, ms, s.vmin, s.vmax);
		final double[] bands = bands(s.bands, g.wavelet, g.grid, start);
		final TimeDomainFwi.Settings fs = TimeDomainFwi.Settings.of(s.fwiSettings(g.noise, g.grid)).withBands(bands)
			.withThreads(s.threads).validate();
		final SourceScaledMisfit scaled = SourceScaling.parseEstimate(s.sourcescale) ? SourceScaledMisfit.perShot(g.data[0].length) : null;
		final TimeDomainFwi.Result r = TimeDomainFwi.invert(g.grid, g.acquisition, g.wavelet, g.settings, g.data[0], start, fs,
			scaled != null ? scaled : DataMisfit.LEAST_SQUARES, progress);
		final FwiOutcome o = FwiOutcome.of(s.model, g.grid, r.staged());
		FwiInputs.summarizeSourceScalars(o.summary, scaled);
		return o;
	}

}
