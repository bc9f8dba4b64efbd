package org.memfwi.io;

import org.memfwi.commands.ForwardInputs;
import org.memfwi.commands.FwiInputs;
import java.util.Locale;

import org.memfwi.core.grid.Grid2D;
import org.memfwi.core.progress.Progress;
import org.memfwi.core.util.Memory;
import org.memfwi.core.util.Table;
import org.memfwi.core.wave.Acquisition;
import org.memfwi.core.wave.Propagator;
import org.memfwi.core.wave.SurveyDefaults;
import org.memfwi.core.wave.TimeDomainFwi;
import org.memfwi.core.wave.WaveSettings;
import org.memfwi.core.wave.WaveSetup;
import org.memfwi.core.wave.Wavelet;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.FloatProcessor;

/**
 * Time-domain shot gathers as ImageJ images and back: a 32-bit stack, width = receivers, height = time samples
 * (time down, y calibration = dt in s), one slice per shot; for several models a hyperstack with slices = shots and
 * frames = models. The acquisition and the modelling settings travel as {@code memfwi.*} image properties (they
 * survive TIFF), so that {@code fwi} can rebuild exactly the survey the data came from.
 */
public final class TimeDomainData {

	public static final String KIND = "shot-gathers";
	public static final String PHYSICS = "time";

	private TimeDomainData() {}

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
		final double dt = s.dt > 0 ? s.dt : SurveyDefaults.dt(grid);
		final Wavelet w;
		if (s.wavelet != null) {
			final double[] samples = waveletSamples(s.wavelet);
			if (s.nt > 0 && s.nt != samples.length) throw new IllegalArgumentException("nt = " + s.nt + " disagrees with the " +
				samples.length + " samples of the wavelet image; set nt=0 to use the wavelet's length");
			w = Wavelet.sampled(samples, dt);
		}
		else {
			final double f0 = s.f0 > 0 ? s.f0 : SurveyDefaults.f0(grid);
			w = Wavelet.ricker(f0, s.delay >= 0 ? s.delay : Wavelet.defaultDelay(f0), dt, s.nt > 0 ? s.nt : SurveyDefaults.nt(grid));
		}
		final Acquisition acq = acquisition(s, grid);
		final WaveSettings ws = WaveSettings.DEFAULT.withOrder(s.order).withCpml(s.cpml).withFreeSurface(s.freesurface)
			.withSubstep(s.substep);
		double vmin = Double.POSITIVE_INFINITY, vmax = 0;
		for (final float[] m : ms.models)
			for (final float v : m) {
				vmin = Math.min(vmin, v);
				vmax = Math.max(vmax, v);
			}
		final long bytes = 4L * ms.size() * acq.sources() * w.nt() * acq.receivers() +
			40L * (grid.nx() + 2L * s.cpml + 8) * (grid.nz() + 2L * s.cpml + 8) * Math.max(1, s.threads);
		Memory.require(bytes, "the shot gathers (" + ms.size() + " model(s) x " + acq.sources() + " shots x " + w.nt() + " samples x " +
			acq.receivers() + " receivers)", "use fewer models, shots, receivers or samples");
		final WaveSetup setup = new WaveSetup(grid, acq, w, ws, vmin, vmax, progress);
		final Propagator p = new Propagator(setup);
		final float[][][] data = new float[ms.size()][][];
		for (int m = 0; m < ms.size(); m++) {
			progress.status("Forward modelling: model " + (m + 1) + " of " + ms.size() + ", " + acq.sources() + " shots, " +
				setup.steps() + " steps");
			final double[] v = new double[grid.size()];
			for (int i = 0; i < v.length; i++) v[i] = ms.models[m][i];
			data[m] = p.forward(v, s.threads, progress.range((double) m / ms.size(), (m + 1.0) / ms.size()));
		}
		double std = s.noise;
		if (s.relative && s.noise > 0) {
			double max = 0;
			for (final float[][] d : data) for (final float[] g : d) for (final float x : g) max = Math.max(max, Math.abs(x));
			std = s.noise * max;
		}
		SurveyDefaults.addNoise(data, std, s.seed);
		final String base = s.model.getTitle() == null ? "model" : s.model.getTitle().replaceFirst("\\.tiff?$", "");
		return toImage(base + "-data", grid, acq, w, ws, data, std);
	}

	private static double[] waveletSamples(final ImagePlus imp) {
		if (imp.getBitDepth() != 32 || (imp.getWidth() != 1 && imp.getHeight() != 1) || imp.getStackSize() != 1)
			throw new IllegalArgumentException("wavelet ('" + imp.getTitle() + "') must be a 32-bit image one pixel high or one pixel wide " +
				"holding the samples at dt");
		final float[] px = (float[]) imp.getProcessor().getPixels();
		final double[] s = new double[px.length];
		for (int i = 0; i < px.length; i++) s[i] = px[i];
		return s;
	}

	private static Acquisition acquisition(final ForwardSpec s, final Grid2D grid) {
		final double depth = s.depth >= 0 ? s.depth : SurveyDefaults.depth(grid);
		final Acquisition auto = Acquisition.surface(grid, s.sources > 0 ? s.sources : SurveyDefaults.sources(grid), depth);
		final double[][] src = positions(s.sourcex, s.sourcez, "sourcex", "sourcez", auto.sourceXs(), depth);
		double[] recX = auto.receiverXs();
		if (s.receivers > 0) {
			final double width = (grid.nx() - 1) * grid.dx();
			recX = new double[s.receivers];
			for (int i = 0; i < recX.length; i++) recX[i] = recX.length == 1 ? width / 2 : width * i / (recX.length - 1);
		}
		final double[][] rec = positions(s.receiverx, s.receiverz, "receiverx", "receiverz", recX, depth);
		final Acquisition acq = new Acquisition(src[0], src[1], rec[0], rec[1]);
		acq.validate(grid);
		return acq;
	}

	/** x and z lists: given, or the automatic x with every z at depth; a single z applies to every x. */
	static double[][] positions(final String xs, final String zs, final String xKey, final String zKey, final double[] autoX,
		final double depth) {
		final double[] x = xs == null || xs.trim().isEmpty() ? autoX : parseList(xs, xKey);
		double[] z;
		if (zs == null || zs.trim().isEmpty()) {
			z = new double[x.length];
			java.util.Arrays.fill(z, depth);
		}
		else {
			z = parseList(zs, zKey);
			if (z.length == 1 && x.length > 1) {
				final double z0 = z[0];
				z = new double[x.length];
				java.util.Arrays.fill(z, z0);
			}
			if (z.length != x.length) throw new IllegalArgumentException(zKey + " lists " + z.length + " positions but " + xKey + " has " +
				x.length + "; give one z per x, or a single z for all");
		}
		return new double[][] { x, z };
	}

	/** What the fwi command asks for: the shared parameters only (velocity pixels, low-pass bands). */
	public static final class FwiSpec extends FwiInputs {
	}

	/** The outcome of {@link #invert}: the model image, the misfit table and plot, a summary. */
	public static final class FwiOutcome {
		public final ImagePlus model, plot;
		public final Table misfit, summary;
		public final boolean stoppedEarly;

		FwiOutcome(final ImagePlus model, final ImagePlus plot, final Table misfit, final Table summary, final boolean stoppedEarly) {
			this.model = model;
			this.plot = plot;
			this.misfit = misfit;
			this.summary = summary;
			this.stoppedEarly = stoppedEarly;
		}
	}

	/** The low-pass bands: "auto" = f0 / 3, 2 f0 / 3 and the full band; otherwise comma-separated Hz (0 = full band). */
	public static double[] bands(final String text, final Wavelet w) {
		if (isAuto(text)) {
			final double f0 = w.isRicker() ? w.f0() : w.highestFrequency() / 2.5;
			return new double[] { f0 / 3, 2 * f0 / 3, 0 };
		}
		return cutoffs(text);
	}

	/** True for the bands text "auto" (or an empty text). */
	static boolean isAuto(final String text) {
		return text == null || text.trim().isEmpty() || text.trim().equalsIgnoreCase("auto");
	}

	/** Comma-separated band cutoffs in Hz, increasing, 0 (last) = the full band. */
	static double[] cutoffs(final String text) {
		final double[] b = parseList(text, "bands");
		for (int i = 0; i < b.length; i++) {
			if (b[i] < 0) throw new IllegalArgumentException("bands: cutoff " + num(b[i]) + " Hz is negative; give frequencies in Hz, 0 = full band");
			final double bi = b[i] == 0 ? Double.POSITIVE_INFINITY : b[i];
			if (i > 0 && bi <= (b[i - 1] == 0 ? Double.POSITIVE_INFINITY : b[i - 1]))
				throw new IllegalArgumentException("bands must increase (lowest first, 0 = full band last), got " + text.trim());
		}
		return b;
	}

	/**
	 * Full-waveform inversion of time-domain shot gathers from a starting model.
	 *
	 * @throws IllegalArgumentException naming the bad parameter or property
	 */
	public static FwiOutcome invert(final FwiSpec s, final Progress progress) {
		final Gathers g = read(s.data, "data");
		final Images.ModelStack ms = Images.readModels(s.model, "model");
		if (g.data.length != 1) throw new IllegalArgumentException("data ('" + s.data.getTitle() + "') holds gathers of " + g.data.length +
			" models (frames); give the gathers of one model (Image > Duplicate... one frame)");
		checkGrid(g, ms.grid, "data", "model");
		final double[] start = startingModel(s.model, ms, s.vmin, s.vmax);
		final double[] bands = bands(s.bands, g.wavelet);
		final TimeDomainFwi.Settings fs = new TimeDomainFwi.Settings(bands, s.iterations, s.vmin, s.vmax, s.smoothing, s.threads);
		final TimeDomainFwi.Result r = TimeDomainFwi.invert(g.grid, g.acquisition, g.wavelet, g.settings, g.data[0], start, fs, progress);
		return outcome(s.model, g.grid, r.model, r.history, r.initialMisfit, r.finalMisfit, r.stoppedEarly);
	}

	/**
	 * The one starting model of an inversion as velocities (m/s), checked against the velocity bounds.
	 *
	 * @throws IllegalArgumentException naming model, vmin or vmax
	 */
	static double[] startingModel(final ImagePlus model, final Images.ModelStack ms, final double vmin, final double vmax) {
		if (ms.size() != 1) throw new IllegalArgumentException("model ('" + model.getTitle() + "') has " + ms.size() +
			" slices; give one starting model");
		if (!(vmin > 0) || !(vmax > vmin)) throw new IllegalArgumentException("vmin (" + num(vmin) + " m/s) must be positive and " +
			"less than vmax (" + num(vmax) + " m/s)");
		final double[] start = new double[ms.grid.size()];
		double lo = Double.POSITIVE_INFINITY, hi = 0;
		for (int i = 0; i < start.length; i++) {
			start[i] = ms.models[0][i];
			lo = Math.min(lo, start[i]);
			hi = Math.max(hi, start[i]);
		}
		if (lo < vmin) throw new IllegalArgumentException("vmin (" + num(vmin) + " m/s) is above the starting model's lowest velocity " +
			num(lo) + " m/s; lower vmin");
		if (hi > vmax) throw new IllegalArgumentException("vmax (" + num(vmax) + " m/s) is below the starting model's highest velocity " +
			num(hi) + " m/s; raise vmax");
		return start;
	}

	/**
	 * The outputs of an inversion of either physics: the model image (calibrated like the start, marked finished or
	 * stopped early), the misfit history and its plot, and the summary (metric,value).
	 */
	static FwiOutcome outcome(final ImagePlus start, final Grid2D grid, final double[] model, final Table history, final double initial,
		final double fin, final boolean stopped) {
		final float[] v = new float[model.length];
		for (int i = 0; i < v.length; i++) v[i] = (float) model[i];
		final String base = start.getTitle() == null ? "model" : start.getTitle().replaceFirst("\\.tiff?$", "");
		final ImagePlus out = Images.velocityStack(base + "-fwi", grid, new float[][] { v },
			new String[] { stopped ? "FWI (stopped early)" : "FWI" });
		Images.setProp(out, "memfwi.kind", "velocity-models");
		Images.setProp(out, "memfwi.fwi_status", stopped ? "stopped early" : "finished");
		final Table summary = new Table("metric", "value");
		summary.add("initial_misfit", initial);
		summary.add("final_misfit", fin);
		summary.add("misfit_reduction", initial / fin);
		summary.add("iterations", (double) Math.max(0, history.rowCount() - 1));
		summary.add("stopped_early", stopped ? 1.0 : 0.0);
		return new FwiOutcome(out, misfitPlot(history, stopped), history, summary, stopped);
	}

	/** The misfit against iteration on a log scale, one colour per band. */
	static ImagePlus misfitPlot(final Table t, final boolean stopped) {
		final ij.gui.Plot plot = new ij.gui.Plot("FWI misfit" + (stopped ? " (stopped early)" : ""), "iteration", "misfit (band data)");
		final java.awt.Color[] colours = { java.awt.Color.BLUE, java.awt.Color.RED, new java.awt.Color(0, 140, 0), java.awt.Color.MAGENTA,
			java.awt.Color.ORANGE, java.awt.Color.BLACK };
		int b = 1;
		int row = 0;
		while (row < t.rowCount()) {
			final java.util.List<Double> xs = new java.util.ArrayList<>(), ys = new java.util.ArrayList<>();
			while (row < t.rowCount() && (int) t.number(row, "band") == b) {
				xs.add(t.number(row, "iteration"));
				ys.add(Math.max(Double.MIN_NORMAL, t.number(row, "misfit")));
				row++;
			}
			if (!xs.isEmpty()) {
				plot.setColor(colours[(b - 1) % colours.length]);
				final double cut = t.number(row - 1, "cutoff_hz");
				plot.addPoints(toArray(xs), toArray(ys), ij.gui.Plot.CONNECTED_CIRCLES);
				plot.addLabel(0.02, 0.05 * b, "band " + b + (cut > 0 ? " (<= " + num(cut) + " Hz)" : " (full)"));
			}
			b++;
			if (b > 1000) break;
		}
		plot.setLogScaleY();
		plot.setLimitsToFit(false);
		return plot.getImagePlus();
	}

	private static double[] toArray(final java.util.List<Double> l) {
		final double[] a = new double[l.size()];
		for (int i = 0; i < a.length; i++) a[i] = l.get(i);
		return a;
	}

	/** Shot gathers read from an image, with everything needed to model them again. */
	public static final class Gathers {
		public final Grid2D grid;
		public final Acquisition acquisition;
		public final Wavelet wavelet;
		public final WaveSettings settings;
		/** [model][shot][nt x receivers]. */
		public final float[][][] data;
		public final double noise;

		Gathers(final Grid2D grid, final Acquisition acquisition, final Wavelet wavelet, final WaveSettings settings, final float[][][] data,
			final double noise) {
			this.grid = grid;
			this.acquisition = acquisition;
			this.wavelet = wavelet;
			this.settings = settings;
			this.data = data;
			this.noise = noise;
		}
	}

	/**
	 * The image of shot gathers for one or more models, with calibration and the acquisition properties.
	 *
	 * @param data [model][shot][nt x receivers], used without copying
	 * @param noise the standard deviation of the noise added (data units), 0 for none
	 */
	public static ImagePlus toImage(final String title, final Grid2D grid, final Acquisition acq, final Wavelet wavelet,
		final WaveSettings settings, final float[][][] data, final double noise) {
		final int nr = acq.receivers(), nt = wavelet.nt(), shots = acq.sources();
		final ImageStack stack = new ImageStack(nr, nt);
		for (int m = 0; m < data.length; m++)
			for (int s = 0; s < shots; s++)
				stack.addSlice(String.format(Locale.ROOT, "%sshot %d (x = %s m, z = %s m)", data.length > 1 ? "model " + (m + 1) + " " : "",
					s + 1, num(acq.sourceX(s)), num(acq.sourceZ(s))), new FloatProcessor(nr, nt, data[m][s]));
		final ImagePlus imp = new ImagePlus(title, stack);
		if (data.length > 1) {
			imp.setDimensions(1, shots, data.length);
			imp.setOpenAsHyperStack(true);
		}
		final Calibration c = imp.getCalibration();
		c.pixelWidth = receiverSpacing(acq);
		c.setXUnit("m");
		c.pixelHeight = wavelet.dt();
		c.setYUnit("s");
		Images.autoContrast(imp);
		recordGeometry(imp, KIND, PHYSICS, grid, acq.sourceXs(), acq.sourceZs(), acq.receiverXs(), acq.receiverZs());
		Images.setProp(imp, "memfwi.noise", noise);
		Images.setProp(imp, "memfwi.dt", wavelet.dt());
		Images.setProp(imp, "memfwi.nt", nt);
		if (wavelet.isRicker()) {
			Images.setProp(imp, "memfwi.wavelet", "ricker");
			Images.setProp(imp, "memfwi.f0", wavelet.f0());
			Images.setProp(imp, "memfwi.delay", wavelet.delay());
		}
		else {
			Images.setProp(imp, "memfwi.wavelet", "samples");
			Images.setProp(imp, "memfwi.wavelet_samples", list(wavelet.samples()));
		}
		Images.setProp(imp, "memfwi.order", settings.order());
		Images.setProp(imp, "memfwi.cpml", settings.cpml());
		Images.setProp(imp, "memfwi.freesurface", settings.freeSurface());
		Images.setProp(imp, "memfwi.substep", settings.substep());
		Images.setProp(imp, "memfwi.models", data.length);
		return imp;
	}

	private static double receiverSpacing(final Acquisition acq) {
		if (acq.receivers() < 2) return 1;
		final double d = acq.receiverX(1) - acq.receiverX(0);
		for (int i = 1; i < acq.receivers(); i++)
			if (Math.abs(acq.receiverX(i) - acq.receiverX(i - 1) - d) > 1e-6 * Math.abs(d) || acq.receiverZ(i) != acq.receiverZ(0)) return 1;
		return d > 0 ? d : 1;
	}

	/**
	 * Reads shot gathers and their acquisition back from an image written by {@link #toImage}.
	 *
	 * @param key the parameter name for messages, e.g. "data"
	 * @throws IllegalArgumentException naming the missing or bad property
	 */
	public static Gathers read(final ImagePlus imp, final String key) {
		if (imp == null) throw new IllegalArgumentException(key + ": no image given");
		final String kind = prop(imp, key, "memfwi.kind");
		if (!kind.equals(KIND)) throw new IllegalArgumentException(key + " ('" + imp.getTitle() + "') holds " + kind +
			", not time-domain shot gathers (memfwi.kind = " + KIND + ")" + (kind.equals(HelmholtzData.KIND) ?
				"; frequency-domain data need physics=helmholtz" : ""));
		final String physics = prop(imp, key, "memfwi.physics");
		if (!physics.equals(PHYSICS)) throw new IllegalArgumentException(key + " ('" + imp.getTitle() + "') has memfwi.physics = " + physics +
			"; these commands need physics=time data");
		if (imp.getBitDepth() != 32) throw new IllegalArgumentException(key + " ('" + imp.getTitle() + "') must be a 32-bit image");
		final Grid2D grid = new Grid2D(intProp(imp, key, "memfwi.nx"), intProp(imp, key, "memfwi.nz"), numProp(imp, key, "memfwi.dx"));
		final Acquisition acq = new Acquisition(listProp(imp, key, "memfwi.src_x"), listProp(imp, key, "memfwi.src_z"),
			listProp(imp, key, "memfwi.rec_x"), listProp(imp, key, "memfwi.rec_z"));
		final double dt = numProp(imp, key, "memfwi.dt");
		final int nt = intProp(imp, key, "memfwi.nt");
		final String wl = prop(imp, key, "memfwi.wavelet");
		final Wavelet wavelet;
		if (wl.equals("ricker")) wavelet = Wavelet.ricker(numProp(imp, key, "memfwi.f0"), numProp(imp, key, "memfwi.delay"), dt, nt);
		else if (wl.equals("samples")) {
			final double[] s = listProp(imp, key, "memfwi.wavelet_samples");
			if (s.length != nt) throw new IllegalArgumentException(key + ": memfwi.wavelet_samples has " + s.length + " values but memfwi.nt = " + nt);
			wavelet = Wavelet.sampled(s, dt);
		}
		else throw new IllegalArgumentException(key + ": memfwi.wavelet = " + wl + " is unknown (ricker or samples)");
		final WaveSettings settings = WaveSettings.DEFAULT.withOrder(intProp(imp, key, "memfwi.order"))
			.withCpml(intProp(imp, key, "memfwi.cpml")).withFreeSurface(boolProp(imp, key, "memfwi.freesurface"))
			.withSubstep(imp.getProp("memfwi.substep") == null || boolProp(imp, key, "memfwi.substep"));
		acq.validate(grid);
		if (imp.getWidth() != acq.receivers()) throw new IllegalArgumentException(key + " ('" + imp.getTitle() + "') is " + imp.getWidth() +
			" pixels wide but memfwi.rec_x lists " + acq.receivers() + " receivers");
		if (imp.getHeight() != nt) throw new IllegalArgumentException(key + " ('" + imp.getTitle() + "') is " + imp.getHeight() +
			" pixels high but memfwi.nt = " + nt + " time samples");
		final int shots = acq.sources();
		final int size = imp.getStackSize();
		if (size % shots != 0) throw new IllegalArgumentException(key + " ('" + imp.getTitle() + "') has " + size + " slices, not a multiple of the " +
			shots + " shots in memfwi.src_x");
		final ImageStack st = imp.getStack();
		final float[][][] data = new float[size / shots][shots][];
		for (int i = 0; i < size; i++) data[i / shots][i % shots] = (float[]) st.getProcessor(i + 1).getPixels();
		final String noise = imp.getProp("memfwi.noise");
		return new Gathers(grid, acq, wavelet, settings, data, noise == null ? 0 : parse(key, "memfwi.noise", noise));
	}

	/** Checks that gathers belong to a model grid, naming the disagreeing keys. */
	public static void checkGrid(final Gathers g, final Grid2D model, final String dataKey, final String modelKey) {
		if (!g.grid.sameAs(model)) throw new IllegalArgumentException(dataKey + " were modelled on " + g.grid + " (memfwi.nx, memfwi.nz, " +
			"memfwi.dx) but " + modelKey + " has " + model + "; use a model on the same grid as the data");
	}

	private static String prop(final ImagePlus imp, final String key, final String name) {
		final String v = imp.getProp(name);
		if (v == null || v.trim().isEmpty()) throw new IllegalArgumentException(key + " ('" + imp.getTitle() + "') has no property " + name +
			"; use shot gathers written by Forward Model (forward physics=time), which records the acquisition");
		return v.trim();
	}

	private static double parse(final String key, final String name, final String v) {
		try {
			final double d = Double.parseDouble(v.trim());
			if (!Double.isFinite(d)) throw new NumberFormatException();
			return d;
		}
		catch (final NumberFormatException e) {
			throw new IllegalArgumentException(key + ": property " + name + " = '" + v + "' is not a number");
		}
	}

	private static double numProp(final ImagePlus imp, final String key, final String name) {
		return parse(key, name, prop(imp, key, name));
	}

	private static int intProp(final ImagePlus imp, final String key, final String name) {
		final double d = numProp(imp, key, name);
		if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) throw new IllegalArgumentException(key + ": property " + name + " = " + d +
			" is not a whole number");
		return (int) d;
	}

	private static boolean boolProp(final ImagePlus imp, final String key, final String name) {
		final String v = prop(imp, key, name);
		if (v.equalsIgnoreCase("true")) return true;
		if (v.equalsIgnoreCase("false")) return false;
		throw new IllegalArgumentException(key + ": property " + name + " = '" + v + "' is not true or false");
	}

	private static double[] listProp(final ImagePlus imp, final String key, final String name) {
		return parseList(prop(imp, key, name), key + ": property " + name);
	}

	/**
	 * The properties every observed-data image carries, whatever its physics: kind, physics, the model grid and the
	 * source and receiver positions (m), in this order.
	 */
	static void recordGeometry(final ImagePlus imp, final String kind, final String physics, final Grid2D grid,
		final double[] srcX, final double[] srcZ, final double[] recX, final double[] recZ) {
		Images.setProp(imp, "memfwi.kind", kind);
		Images.setProp(imp, "memfwi.physics", physics);
		Images.setProp(imp, "memfwi.nx", grid.nx());
		Images.setProp(imp, "memfwi.nz", grid.nz());
		Images.setProp(imp, "memfwi.dx", grid.dx());
		Images.setProp(imp, "memfwi.src_x", list(srcX));
		Images.setProp(imp, "memfwi.src_z", list(srcZ));
		Images.setProp(imp, "memfwi.rec_x", list(recX));
		Images.setProp(imp, "memfwi.rec_z", list(recZ));
	}

	/** Parses a comma-separated list of numbers, naming the source in errors. */
	public static double[] parseList(final String text, final String what) {
		final String[] parts = text.split(",");
		final double[] v = new double[parts.length];
		for (int i = 0; i < parts.length; i++) {
			try {
				v[i] = Double.parseDouble(parts[i].trim());
				if (!Double.isFinite(v[i])) throw new NumberFormatException();
			}
			catch (final NumberFormatException e) {
				throw new IllegalArgumentException(what + ": '" + parts[i].trim() + "' is not a number (give comma-separated numbers)");
			}
		}
		return v;
	}

	static String list(final double[] v) {
		final StringBuilder sb = new StringBuilder();
		for (int i = 0; i < v.length; i++) {
			if (i > 0) sb.append(',');
			sb.append(num(v[i]));
		}
		return sb.toString();
	}

	static String num(final double v) {
		return org.memfwi.core.util.Table.format(v);
	}
}
