package org.memfwi.io.segy;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Writes SEG-Y revision 1 files of 4-byte floats (IEEE, format 5, by default; or IBM, format 1), big-endian as the
 * standard says (little-endian on request): MemFWI's shot gathers (one trace per receiver and shot, field record =
 * shot number, source and receiver positions with coordinate scalar -100, i.e. centimetres, depths with elevation
 * scalar -100, receiver elevation = minus its depth) and velocity models (one trace per column, CDP_X the column's x,
 * the sample-interval fields holding dz in millimetres). An ASCII textual header says what the file holds.
 */
public final class SegyWriter {

	/** Coordinate and elevation scalar written: divide by 100. */
	static final short SCALAR = -100;

	private final ByteOrder order;
	private final int format;

	private SegyWriter(final ByteOrder order, final int format) {
		this.order = order;
		this.format = format;
	}

	/** Big-endian IEEE floats (format 5). */
	public static SegyWriter ieee() { return new SegyWriter(ByteOrder.BIG_ENDIAN, 5); }

	/** A copy writing IBM floats (format 1). */
	public SegyWriter withIbm() { return new SegyWriter(order, 1); }

	/** A copy writing in the given byte order. */
	public SegyWriter withOrder(final ByteOrder o) { return new SegyWriter(o, format); }

	/**
	 * Writes shot gathers.
	 *
	 * @param shots one plane per shot, nt rows of R values (receivers fastest)
	 * @param dt sample interval in s (written in microseconds: must be a whole number of them, at most 65.535 ms)
	 */
	public void writeGathers(final Path path, final float[][] shots, final int nt, final double dt, final double[] sx, final double[] sz,
		final double[] rx, final double[] rz) throws IOException {
		final int r = rx.length;
		final long us = Math.round(dt * 1e6);
		if (us < 1 || us > 65535 || Math.abs(us - dt * 1e6) > 1e-6 * us) throw new IllegalArgumentException("dt = " + dt +
			" s cannot be written to SEG-Y, whose sample interval is a whole number of microseconds up to 65535");
		try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16)) {
			os.write(textual("MEMFWI SHOT GATHERS: " + shots.length + " SHOTS, " + r + " RECEIVERS, " + nt + " SAMPLES OF " + us + " US",
				"FIELD RECORD = SHOT NUMBER; SX/GX IN M WITH SCALCO -100; DEPTHS WITH SCALEL -100"));
			os.write(binary(nt, (int) us, r));
			final ByteBuffer tb = ByteBuffer.allocate(240 + 4 * nt).order(order);
			int seq = 0;
			for (int s = 0; s < shots.length; s++)
				for (int i = 0; i < r; i++) {
					tb.clear();
					Arrays.fill(tb.array(), (byte) 0);
					seq++;
					tb.putInt(0, seq);
					tb.putInt(4, seq);
					tb.putInt(8, s + 1);
					tb.putInt(12, i + 1);
					tb.putShort(28, (short) 1);
					tb.putInt(36, (int) Math.round(rx[i] - sx[s]));
					tb.putInt(40, scaled(-rz[i]));
					tb.putInt(48, scaled(sz[s]));
					tb.putShort(68, SCALAR);
					tb.putShort(70, SCALAR);
					tb.putInt(72, scaled(sx[s]));
					tb.putInt(80, scaled(rx[i]));
					tb.putShort(88, (short) 1);
					tb.putShort(114, (short) nt);
					tb.putShort(116, (short) us);
					tb.putInt(180, scaled((sx[s] + rx[i]) / 2));
					final float[] p = shots[s];
					tb.position(240);
					for (int it = 0; it < nt; it++) putSample(tb, p[i + r * it]);
					os.write(tb.array());
				}
		}
	}

	/**
	 * Writes a velocity model (or a stack of models, one after another), one trace per column.
	 *
	 * @param models planes of nx * nz values, x fastest
	 * @param dx cell size in m
	 */
	public void writeModels(final Path path, final float[][] models, final int nx, final int nz, final double dx) throws IOException {
		final long mm = Math.round(dx * 1000);
		try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16)) {
			os.write(textual("MEMFWI VELOCITY MODEL" + (models.length > 1 ? "S: " + models.length + " MODELS" : "") + ", " + nx + " X " + nz +
				" CELLS OF " + dx + " M, M/S", "ONE TRACE PER COLUMN; CDP_X = X IN M WITH SCALCO -100; SAMPLE INTERVAL FIELD = DZ IN MM"));
			os.write(binary(nz, mm > 0 && mm <= 65535 ? (int) mm : 0, nx));
			final ByteBuffer tb = ByteBuffer.allocate(240 + 4 * nz).order(order);
			int seq = 0;
			for (int m = 0; m < models.length; m++)
				for (int ix = 0; ix < nx; ix++) {
					tb.clear();
					Arrays.fill(tb.array(), (byte) 0);
					seq++;
					tb.putInt(0, seq);
					tb.putInt(4, seq);
					tb.putInt(8, m + 1);
					tb.putInt(12, ix + 1);
					tb.putInt(20, ix + 1);
					tb.putShort(28, (short) 1);
					tb.putShort(68, SCALAR);
					tb.putShort(70, SCALAR);
					tb.putInt(80, scaled(ix * dx));
					tb.putShort(114, (short) nz);
					tb.putShort(116, (short) (mm > 0 && mm <= 65535 ? mm : 0));
					tb.putInt(180, scaled(ix * dx));
					final float[] p = models[m];
					tb.position(240);
					for (int iz = 0; iz < nz; iz++) putSample(tb, p[ix + nx * iz]);
					os.write(tb.array());
				}
		}
	}

	private void putSample(final ByteBuffer b, final float v) {
		if (format == 1) b.putInt(IbmFloat.toBits(v));
		else b.putFloat(v);
	}

	private static int scaled(final double metres) {
		final double c = Math.rint(metres * 100);
		if (Math.abs(c) > Integer.MAX_VALUE) throw new IllegalArgumentException("position " + metres + " m is too far for SEG-Y's " +
			"32-bit coordinates in centimetres");
		return (int) c;
	}

	private byte[] binary(final int ns, final int interval, final int perEnsemble) {
		if (ns > 65535) throw new IllegalArgumentException(ns + " samples per trace do not fit a SEG-Y revision 1 header (at most 65535)");
		final ByteBuffer b = ByteBuffer.allocate(400).order(order);
		b.putInt(0, 1);
		b.putShort(12, (short) Math.min(perEnsemble, Short.MAX_VALUE));
		b.putShort(16, (short) interval);
		b.putShort(20, (short) ns);
		b.putShort(24, (short) format);
		b.putShort(26, (short) 1);
		b.putShort(54, (short) 1);
		b.putShort(300, (short) 0x0100);
		b.putShort(302, (short) 1);
		return b.array();
	}

	/** A 3200-byte ASCII textual header of 40 card images. */
	private static byte[] textual(final String line1, final String line2) {
		final StringBuilder t = new StringBuilder();
		final String[] lines = { line1, line2, "WRITTEN BY MEMFWI", "SEG-Y REV1" };
		for (int i = 0; i < 40; i++) {
			String l = String.format(Locale.ROOT, "C%2d ", i + 1) + (i < lines.length ? lines[i] : (i == 39 ? "END TEXTUAL HEADER" : ""));
			if (l.length() > 80) l = l.substring(0, 80);
			t.append(l);
			for (int k = l.length(); k < 80; k++) t.append(' ');
		}
		return t.toString().getBytes(StandardCharsets.US_ASCII);
	}
}
