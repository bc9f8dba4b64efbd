package org.memfwi.io.segy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.memfwi.io.array.Planes;

/**
 * MemFWI's images out of SEG-Y traces: shot gathers grouped by field record or by source coordinates (one plane per
 * shot, width receivers, height time samples, positions from the trace headers), and velocity models stored one trace
 * per column (width traces, height samples), as public models such as Marmousi2 are distributed.
 */
public final class SegyLayouts {

	private SegyLayouts() {}

	/** How traces are grouped into shots. */
	public enum Grouping {
		/** By field record number when it varies, else by source coordinates. */
		AUTO,
		/** By field record number (bytes 9-12). */
		FIELD_RECORD,
		/** By source coordinates (bytes 73-80). */
		SOURCE;

		/** Parses {@code auto}, {@code fldr}/{@code record} or {@code source}. */
		public static Grouping parse(final String s) {
			if (s == null || s.isEmpty() || s.equalsIgnoreCase("auto")) return AUTO;
			switch (s.toLowerCase(Locale.ROOT)) {
				case "fldr": case "record": case "field-record": return FIELD_RECORD;
				case "source": case "sx": return SOURCE;
				default: throw new IllegalArgumentException("group=" + s + " is not a SEG-Y grouping; use group=auto, group=record or group=source");
			}
		}
	}

	/** Shot gathers with their acquisition: positions in metres (depths positive down), dt in seconds. */
	public static final class Gathers {
		public final Planes shots;
		public final double[] sourceX, sourceZ, receiverX, receiverZ;
		public final double dt;

		Gathers(final Planes shots, final double[] sx, final double[] sz, final double[] rx, final double[] rz, final double dt) {
			this.shots = shots;
			sourceX = sx;
			sourceZ = sz;
			receiverX = rx;
			receiverZ = rz;
			this.dt = dt;
		}
	}

	/**
	 * Groups the traces into shot gathers. Every shot must have the same receivers (MemFWI's acquisition has one fixed
	 * receiver line); receiver depth is minus the group elevation, source depth the source-depth field.
	 *
	 * @param dt the sample interval in s to use when the headers give none (NaN for none)
	 * @throws IllegalArgumentException naming the file and the fix: zero sample interval and no dt, shots with different
	 *         receiver counts or positions
	 */
	public static Gathers gathers(final SegyFile f, final Grouping grouping, final double dt) {
		final double step = f.interval > 0 ? f.interval : dt;
		if (!(step > 0)) throw new IllegalArgumentException(f.name + " has a zero sample interval in its binary and trace headers; " +
			"give the time step with dt= (s)");
		final Map<String, List<Integer>> groups = new LinkedHashMap<>();
		boolean byRecord = grouping == Grouping.FIELD_RECORD;
		if (grouping == Grouping.AUTO) {
			for (int k = 1; k < f.size(); k++)
				if (f.fieldRecord[k] != f.fieldRecord[0]) byRecord = true;
		}
		for (int k = 0; k < f.size(); k++) {
			final String key = byRecord ? Integer.toString(f.fieldRecord[k]) : f.sourceX[k] + "," + f.sourceY[k];
			groups.computeIfAbsent(key, x -> new ArrayList<>()).add(k);
		}
		final int s = groups.size();
		final List<List<Integer>> list = new ArrayList<>(groups.values());
		final int r = list.get(0).size();
		final double[] rx = new double[r], rz = new double[r];
		for (int i = 0; i < r; i++) {
			final int k = list.get(0).get(i);
			rx[i] = f.groupX[k];
			rz[i] = -f.groupElevation[k];
		}
		final double[] sx = new double[s], sz = new double[s];
		final float[][] planes = new float[s][];
		final String[] labels = new String[s];
		for (int g = 0; g < s; g++) {
			final List<Integer> tr = list.get(g);
			final int k0 = tr.get(0);
			if (tr.size() != r) throw new IllegalArgumentException(f.name + ": shot " + (g + 1) + " (" + describe(f, k0, byRecord) + ") has " +
				tr.size() + " traces but shot 1 has " + r + "; MemFWI needs the same receivers for every shot (drop or pad the traces, or " +
				"import the shots separately)");
			sx[g] = f.sourceX[k0];
			sz[g] = f.sourceDepth[k0];
			final float[] p = new float[f.ns * r];
			for (int i = 0; i < r; i++) {
				final int k = tr.get(i);
				if (Math.abs(f.groupX[k] - rx[i]) > 1e-6 * (1 + Math.abs(rx[i])) ||
					Math.abs(-f.groupElevation[k] - rz[i]) > 1e-6 * (1 + Math.abs(rz[i]))) throw new IllegalArgumentException(f.name +
						": shot " + (g + 1) + " (" + describe(f, k0, byRecord) + ") has receiver " + (i + 1) + " at x = " + f.groupX[k] +
						" m but shot 1 at x = " + rx[i] + " m; MemFWI needs one fixed receiver line for all shots");
				if (f.sourceX[k] != sx[g]) throw new IllegalArgumentException(f.name + ": field record " + f.fieldRecord[k0] +
					" mixes sources at x = " + sx[g] + " m and " + f.sourceX[k] + " m; group the shots by source with group=source");
				final float[] t = f.traces[k];
				for (int it = 0; it < f.ns; it++) p[i + r * it] = t[it];
			}
			planes[g] = p;
			labels[g] = "shot " + (g + 1) + " of " + f.name + " (" + describe(f, k0, byRecord) + ")";
		}
		return new Gathers(new Planes(r, f.ns, planes, labels), sx, sz, rx, rz, step);
	}

	private static String describe(final SegyFile f, final int k, final boolean byRecord) {
		return byRecord ? "field record " + f.fieldRecord[k] : "source x = " + f.sourceX[k] + " m";
	}

	/** A velocity model stored one trace per column, with its cell size. */
	public static final class Model {
		public final Planes model;
		/** Cell size in metres. */
		public final double dx;

		Model(final Planes model, final double dx) {
			this.model = model;
			this.dx = dx;
		}
	}

	/**
	 * A velocity model, one trace per column (width = traces, height = samples). The horizontal cell size is
	 * {@code dx} when given, else the spacing of the CDP (or receiver) coordinates when they are evenly spaced; the
	 * vertical one {@code dz} when given, else dx (MemFWI's cells are square).
	 *
	 * @param dx horizontal cell size in m, or NaN to take it from the headers
	 * @param dz vertical cell size in m, or NaN for square cells
	 * @throws IllegalArgumentException naming the key to give when the headers do not say, or when the cells are not square
	 */
	public static Model model(final SegyFile f, final double dx, final double dz) {
		double h = dx;
		if (!(h > 0)) h = spacing(f.cdpX);
		if (!(h > 0)) h = spacing(f.groupX);
		if (!(h > 0)) throw new IllegalArgumentException(f.name + " has no evenly spaced trace coordinates (CDP_X or GroupX) to give " +
			"the cell size; give it with dx= (m)");
		final double v = dz > 0 ? dz : h;
		if (Math.abs(v - h) > 1e-9 * h) throw new IllegalArgumentException(f.name + ": cells of dx = " + h + " m by dz = " + v +
			" m are not square, and MemFWI's grids are; resample the model to square cells first");
		final int nx = f.size(), nz = f.ns;
		final float[] p = new float[nx * nz];
		for (int ix = 0; ix < nx; ix++) {
			final float[] t = f.traces[ix];
			for (int iz = 0; iz < nz; iz++) p[ix + nx * iz] = t[iz];
		}
		return new Model(new Planes(nx, nz, new float[][] { p }, new String[] { f.name }), h);
	}

	/** The common spacing of evenly spaced increasing values, or NaN. */
	private static double spacing(final double[] x) {
		if (x.length < 2) return Double.NaN;
		final double h = x[1] - x[0];
		if (!(h > 0)) return Double.NaN;
		for (int i = 2; i < x.length; i++)
			if (Math.abs(x[i] - x[i - 1] - h) > 1e-6 * h) return Double.NaN;
		return h;
	}
}
