package org.memfwi.io;

import java.util.Locale;

import org.memfwi.core.grid.Grid2D;
import org.memfwi.core.util.Table;
import org.memfwi.core.wave.Acquisition;
import org.memfwi.core.wave.WaveSettings;
import org.memfwi.core.wave.Wavelet;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.FloatProcessor;

/**
 * Time-domain shot gathers as ImageJ images and back: a 32-bit stack, width = receivers, height = time samples
 * (time down, y calibration = dt in s), one slice per shot; for several models a hyperstack with slices = shots and
 * frames = models. The acquisition and the modelling settings travel as {@code memfwi.*} image properties (they
 * survive TIFF), so that {@code fwi} can rebuild exactly the survey the data came from. The modelling itself is
 * {@link org.memfwi.core.wave.ForwardModelling}.
 */
public final class TimeDomainData {

	public static final String KIND = "shot-gathers";
	public static final String PHYSICS = "time";
	/** memfwi.physics of Born (linearized) shot gathers over reflectivity. */
	public static final String BORN = "born";

	private TimeDomainData() {}

	/**
	 * The samples of a wavelet given as an image: 32-bit, one pixel high or one pixel wide, at the data's dt.
	 *
	 * @throws IllegalArgumentException for any other image
	 */
	public static double[] waveletSamples(final ImagePlus imp) {
		if (imp.getBitDepth() != 32 || (imp.getWidth() != 1 && imp.getHeight() != 1) || imp.getStackSize() != 1)
			throw new IllegalArgumentException("wavelet ('" + imp.getTitle() + "') must be a 32-bit image one pixel high or one pixel wide " +
				"holding the samples at dt");
		final float[] px = (float[]) imp.getProcessor().getPixels();
		final double[] s = new double[px.length];
		for (int i = 0; i < px.length; i++) s[i] = px[i];
		return s;
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

		public Gathers(final Grid2D grid, final Acquisition acquisition, final Wavelet wavelet, final WaveSettings settings, final float[][][] data,
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
					s + 1, Table.format(acq.sourceX(s)), Table.format(acq.sourceZ(s))), new FloatProcessor(nr, nt, data[m][s]));
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
		DataProperties.recordGeometry(imp, KIND, PHYSICS, grid, acq.sourceXs(), acq.sourceZs(), acq.receiverXs(), acq.receiverZs());
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
			Images.setProp(imp, "memfwi.wavelet_samples", NumberLists.join(wavelet.samples()));
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
		return read(imp, key, PHYSICS);
	}

	/**
	 * Reads Born shot gathers (memfwi.physics = {@value #BORN}, written by forward physics=born): the same layout and
	 * acquisition properties as {@link #read}; the background is read by the caller.
	 */
	public static Gathers readBorn(final ImagePlus imp, final String key) {
		return read(imp, key, BORN);
	}

	private static Gathers read(final ImagePlus imp, final String key, final String expected) {
		if (imp == null) throw new IllegalArgumentException(key + ": no image given");
		final DataProperties p = new DataProperties(imp, key, "use shot gathers written by Forward Model (forward physics=time), " +
			"which records the acquisition");
		final String kind = p.text("memfwi.kind");
		if (!kind.equals(KIND)) throw new IllegalArgumentException(key + " ('" + imp.getTitle() + "') holds " + kind +
			", not time-domain shot gathers (memfwi.kind = " + KIND + ")" + (kind.equals(HelmholtzData.KIND) ?
				"; frequency-domain data need physics=helmholtz" : ""));
		final String physics = p.text("memfwi.physics");
		if (!physics.equals(expected)) throw new IllegalArgumentException(key + " ('" + imp.getTitle() + "') has memfwi.physics = " + physics +
			"; " + (expected.equals(BORN) ? "Born data come from forward physics=born" : "these commands need physics=time data" +
				(physics.equals(BORN) ? " (Born data: posterior-linearized)" : "")));
		if (imp.getBitDepth() != 32) throw new IllegalArgumentException(key + " ('" + imp.getTitle() + "') must be a 32-bit image");
		final Grid2D grid = new Grid2D(p.integer("memfwi.nx"), p.integer("memfwi.nz"), p.number("memfwi.dx"));
		final Acquisition acq = new Acquisition(p.numbers("memfwi.src_x"), p.numbers("memfwi.src_z"),
			p.numbers("memfwi.rec_x"), p.numbers("memfwi.rec_z"));
		final double dt = p.number("memfwi.dt");
		final int nt = p.integer("memfwi.nt");
		final String wl = p.text("memfwi.wavelet");
		final Wavelet wavelet;
		if (wl.equals("ricker")) wavelet = Wavelet.ricker(p.number("memfwi.f0"), p.number("memfwi.delay"), dt, nt);
		else if (wl.equals("samples")) {
			final double[] s = p.numbers("memfwi.wavelet_samples");
			if (s.length != nt) throw new IllegalArgumentException(key + ": memfwi.wavelet_samples has " + s.length + " values but memfwi.nt = " + nt);
			wavelet = Wavelet.sampled(s, dt);
		}
		else throw new IllegalArgumentException(key + ": memfwi.wavelet = " + wl + " is unknown (ricker or samples)");
		final WaveSettings settings = WaveSettings.DEFAULT.withOrder(p.integer("memfwi.order"))
			.withCpml(p.integer("memfwi.cpml")).withFreeSurface(p.bool("memfwi.freesurface"))
			.withSubstep(imp.getProp("memfwi.substep") == null || p.bool("memfwi.substep"));
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
		return new Gathers(grid, acq, wavelet, settings, data, p.number("memfwi.noise", 0));
	}

}
