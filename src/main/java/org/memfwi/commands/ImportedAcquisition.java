package org.memfwi.commands;

import java.util.Arrays;
import java.util.Locale;

import org.memfwi.core.grid.Grid2D;
import org.memfwi.core.util.Table;
import org.memfwi.core.wave.Acquisition;
import org.memfwi.core.wave.WaveSettings;
import org.memfwi.core.wave.Wavelet;
import org.memfwi.io.TimeDomainData;

import ij.ImagePlus;
import ij.ImageStack;

/**
 * The acquisition of shot gathers that come without MemFWI's properties (.npy, SEG-Y, other codes' TIFFs), from
 * keys, a preset or the file's own headers, checked against the data and written as complete {@code memfwi.*}
 * properties, so that every command reads the data like Forward Model's. A missing key is asked for by name.
 * <p>
 * {@code preset=openfwi}: OpenFWI's published acquisition (Deng et al. 2022): 70 x 70 cells of 10 m, 5 sources at
 * x = 0, 170, 340, 520, 690 m, 70 receivers every 10 m from x = 0, dt 1 ms, nt 1000, Ricker 15 Hz. The paper puts
 * sources and receivers "on the surface" and does not give the wavelet delay; MemFWI uses depth 10 m (one cell, its
 * own surface default, also the depth of the team's Deepwave comparison) and delay 1.5 / f0 = 0.1 s.
 */
public final class ImportedAcquisition {

	/** The keys, as given (0, -1 or blank = not given). */
	public static final class Keys {
		public String preset = "none";
		public int nx, nz;
		public double dx;
		public String sourcex = "", sourcez = "", receiverx = "", receiverz = "";
		public double dt, f0, delay = -1, noise;
		public int order = 8, cpml = 20;
		public boolean freesurface;
	}

	private ImportedAcquisition() {}

	/** OpenFWI's source positions (m). */
	static final double[] OPENFWI_SOURCES = { 0, 170, 340, 520, 690 };

	/** Fills keys not given from the preset. */
	static void applyPreset(final Keys k) {
		final String p = k.preset == null ? "none" : k.preset.trim().toLowerCase(Locale.ROOT);
		if (p.equals("none") || p.isEmpty()) return;
		if (!p.equals("openfwi")) throw new IllegalArgumentException("preset=" + k.preset + " is unknown; use preset=openfwi or none");
		if (k.nx == 0) k.nx = 70;
		if (k.nz == 0) k.nz = 70;
		if (k.dx == 0) k.dx = 10;
		if (k.sourcex.trim().isEmpty()) k.sourcex = "0,170,340,520,690";
		if (k.receiverx.trim().isEmpty()) {
			final double[] r = new double[70];
			for (int i = 0; i < 70; i++) r[i] = 10 * i;
			k.receiverx = list(r);
		}
		if (k.dt == 0) k.dt = 1e-3;
		if (k.f0 == 0) k.f0 = 15;
		if (k.delay < 0) k.delay = 1.5 / 15;
	}

	static double[] parseList(final String key, final String text) {
		if (text == null || text.trim().isEmpty()) return null;
		final String[] parts = text.trim().split("[,\\s]+");
		final double[] v = new double[parts.length];
		for (int i = 0; i < parts.length; i++)
			try {
				v[i] = Double.parseDouble(parts[i]);
			}
			catch (final NumberFormatException e) {
				throw new IllegalArgumentException(key + "=" + text + ": '" + parts[i] + "' is not a number; give positions in m separated by commas");
			}
		return v;
	}

	static String list(final double[] v) {
		final StringBuilder b = new StringBuilder();
		for (int i = 0; i < v.length; i++) b.append(i > 0 ? "," : "").append(Table.format(v[i]));
		return b.toString();
	}

	private static double[] propList(final ImagePlus imp, final String key) {
		final String v = imp.getProp(key);
		return v == null || v.trim().isEmpty() ? null : parseList(key, v);
	}

	private static double[] fill(final double[] v, final int n, final double value) {
		if (v != null) return v;
		final double[] o = new double[n];
		Arrays.fill(o, value);
		return o;
	}

	/**
	 * Shot gathers (one slice per shot, width receivers, height time samples) with a complete time-domain acquisition
	 * recorded as {@code memfwi.*} properties, calibrated like Forward Model's data.
	 *
	 * @param gathers the imported gathers; positions already in its properties (SEG-Y) are used unless keys are given
	 * @param name the file name, for messages
	 * @throws IllegalArgumentException naming the missing key, or the key that disagrees with the data
	 */
	public static ImagePlus stamp(final ImagePlus gathers, final String name, final Keys k) {
		applyPreset(k);
		final int r = gathers.getWidth(), nt = gathers.getHeight(), shots = gathers.getStackSize();
		double[] rx = parseList("receiverx", k.receiverx), sx = parseList("sourcex", k.sourcex);
		if (rx == null) rx = propList(gathers, "memfwi.rec_x");
		if (sx == null) sx = propList(gathers, "memfwi.src_x");
		if (rx == null) throw new IllegalArgumentException(name + " has no receiver positions: give receiverx= (m, " + r +
			" comma-separated x positions, one per column) or preset=openfwi");
		if (sx == null) throw new IllegalArgumentException(name + " has no source positions: give sourcex= (m, " + shots +
			" comma-separated x positions, one per shot) or preset=openfwi");
		if (rx.length != r) throw new IllegalArgumentException(name + " has " + r + " receivers per shot (image width) but receiverx " +
			"gives " + rx.length + " positions; give one position per receiver");
		if (sx.length != shots) throw new IllegalArgumentException(name + " has " + shots + " shots (slices) but sourcex gives " +
			sx.length + " positions; give one position per shot");
		double dt = k.dt;
		if (dt == 0 && gathers.getProp("memfwi.dt") != null) dt = Double.parseDouble(gathers.getProp("memfwi.dt"));
		if (!(dt > 0)) throw new IllegalArgumentException(name + " has no time step: give dt= (s), e.g. dt=0.001");
		if (!(k.dx > 0)) throw new IllegalArgumentException(name + " has no model grid: give dx= (m, the model's cell size)" +
			" and nz= (cells), or preset=openfwi");
		double maxX = 0;
		for (final double v : rx) maxX = Math.max(maxX, v);
		for (final double v : sx) maxX = Math.max(maxX, v);
		final int nx = k.nx > 0 ? k.nx : (int) Math.floor(maxX / k.dx + 1e-9) + 1;
		if (k.nz <= 0) throw new IllegalArgumentException(name + " has no model depth: give nz= (cells of " + Table.format(k.dx) +
			" m), or preset=openfwi");
		final Grid2D grid = new Grid2D(nx, k.nz, k.dx);
		final double surface = k.dx;
		double[] rz = parseList("receiverz", k.receiverz), sz = parseList("sourcez", k.sourcez);
		if (rz == null) rz = propList(gathers, "memfwi.rec_z");
		if (sz == null) sz = propList(gathers, "memfwi.src_z");
		rz = fill(rz, r, surface);
		sz = fill(sz, shots, surface);
		if (rz.length != r) throw new IllegalArgumentException("receiverz gives " + rz.length + " depths for " + r + " receivers");
		if (sz.length != shots) throw new IllegalArgumentException("sourcez gives " + sz.length + " depths for " + shots + " shots");
		final Acquisition acq = new Acquisition(sx, sz, rx, rz);
		acq.validate(grid);
		if (!(k.f0 > 0)) throw new IllegalArgumentException(name + " has no source wavelet: give f0= (Hz, Ricker peak frequency; " +
			"delay= in s, default 1.5 / f0) or preset=openfwi");
		final Wavelet w = Wavelet.ricker(k.f0, k.delay >= 0 ? k.delay : Wavelet.defaultDelay(k.f0), dt, nt);
		final WaveSettings settings = WaveSettings.DEFAULT.withOrder(k.order).withCpml(k.cpml).withFreeSurface(k.freesurface);
		final float[][][] data = new float[1][shots][];
		final ImageStack st = gathers.getStack();
		for (int s = 0; s < shots; s++) {
			final float[] px = (float[]) st.getProcessor(s + 1).convertToFloat().getPixels();
			for (int i = 0; i < px.length; i++)
				if (!Float.isFinite(px[i])) throw new IllegalArgumentException(name + " has the non-finite value " + px[i] + " in shot " +
					(s + 1) + " at (receiver " + (i % r + 1) + ", sample " + (i / r + 1) + "); repair the data first");
			data[0][s] = px;
		}
		final ImagePlus out = TimeDomainData.toImage(gathers.getTitle(), grid, acq, w, settings, data, k.noise);
		out.setProp("memfwi.source_file", name);
		return out;
	}
}
