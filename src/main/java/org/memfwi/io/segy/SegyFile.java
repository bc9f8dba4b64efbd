package org.memfwi.io.segy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The traces of a SEG-Y file (revision 0, 1 or 2), with the trace-header fields MemFWI uses, coordinates already
 * scaled: positions by the coordinate scalar (bytes 71-72), depths and elevations by the elevation scalar (bytes
 * 69-70), negative scalars dividing. Reads IBM (format 1) and IEEE (format 5) floats, IEEE doubles (6) and 8/16/32-bit
 * integers (8, 3, 2), big- or little-endian (rev 2's byte-order constant, else the format code decides), and skips
 * extended textual headers. The sample interval and count come from the binary header (rev 2's extended fields when
 * set), else from the first trace header.
 */
public final class SegyFile {

	/** File name, for messages. */
	public final String name;
	/** Samples per trace. */
	public final int ns;
	/** Sample interval from the headers in seconds (the interval field is in microseconds), 0 when the headers give none. */
	public final double interval;
	/** Raw interval field of the binary header (microseconds for time data; other units for depth data). */
	public final double intervalField;
	/** Data sample format code (1 IBM, 5 IEEE, ...). */
	public final int format;
	/** Byte order of the headers and samples. */
	public final ByteOrder order;
	/** SEG-Y revision major number (0, 1 or 2). */
	public final int revision;
	/** One array of ns samples per trace. */
	public final float[][] traces;
	/** Field record number (bytes 9-12) of every trace. */
	public final int[] fieldRecord;
	/** CDP ensemble number (bytes 21-24). */
	public final int[] cdp;
	/** Source and receiver group coordinates (bytes 73-88), CDP coordinates (181-188), scaled, in metres. */
	public final double[] sourceX, sourceY, groupX, groupY, cdpX, cdpY;
	/** Source depth below surface (bytes 49-52), receiver group elevation (41-44) and source surface elevation (45-48), scaled. */
	public final double[] sourceDepth, groupElevation, sourceElevation;

	private SegyFile(final String name, final int ns, final double intervalField, final int format, final ByteOrder order,
		final int revision, final int traces) {
		this.name = name;
		this.ns = ns;
		this.intervalField = intervalField;
		this.interval = intervalField * 1e-6;
		this.format = format;
		this.order = order;
		this.revision = revision;
		this.traces = new float[traces][];
		fieldRecord = new int[traces];
		cdp = new int[traces];
		sourceX = new double[traces];
		sourceY = new double[traces];
		groupX = new double[traces];
		groupY = new double[traces];
		cdpX = new double[traces];
		cdpY = new double[traces];
		sourceDepth = new double[traces];
		groupElevation = new double[traces];
		sourceElevation = new double[traces];
	}

	/** Number of traces. */
	public int size() { return traces.length; }

	/** Bytes per sample of a data format code, or 0 when MemFWI does not read it. */
	static int bytesPerSample(final int format) {
		switch (format) {
			case 1: case 2: case 5: return 4;
			case 3: return 2;
			case 6: return 8;
			case 8: return 1;
			default: return 0;
		}
	}

	private static boolean plausibleFormat(final int f) {
		return f >= 1 && f <= 16;
	}

	/**
	 * Reads a whole SEG-Y file.
	 *
	 * @throws IllegalArgumentException naming the file and the fix: too short for its headers, an unknown sample format,
	 *         traces of different lengths or a size that is not a whole number of traces
	 */
	public static SegyFile read(final Path path) throws IOException {
		final String name = path.getFileName().toString();
		try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
			final long size = ch.size();
			if (size < 3600) throw new IllegalArgumentException(name + " has " + size + " bytes, fewer than the 3600 of a SEG-Y file's " +
				"textual and binary headers; it is not a SEG-Y file or it is truncated");
			final ByteBuffer bin = ByteBuffer.allocate(400);
			readFully(ch, bin, 3200);
			bin.flip();
			final ByteOrder order = byteOrder(bin, name);
			bin.order(order);
			final int format = bin.getShort(24);
			final int bps = bytesPerSample(format);
			if (bps == 0) throw new IllegalArgumentException(name + " stores samples in SEG-Y data format " + format + ", which MemFWI " +
				"does not read; convert it to IEEE floats (format 5) or IBM floats (format 1), e.g. with segyio");
			final int rev = (bin.getShort(300) >>> 8) & 0xff;
			int binNs = bin.getShort(20) & 0xffff;
			double binDt = bin.getShort(16) & 0xffff;
			if (rev >= 2) {
				final int ens = bin.getInt(68);
				if (ens > 0) binNs = ens;
				final double edt = bin.getDouble(72);
				if (edt > 0 && Double.isFinite(edt)) binDt = edt;
			}
			final int ext = bin.getShort(304);
			if (ext < 0) throw new IllegalArgumentException(name + " has a variable number of extended textual headers, which MemFWI " +
				"does not read; write it with a fixed count (e.g. segyio)");
			final long first = 3600L + 3200L * ext;
			if (size < first + 240) throw new IllegalArgumentException(name + " holds no trace (" + size + " bytes); check that the " +
				"file is complete");
			final ByteBuffer th = ByteBuffer.allocate(240).order(order);
			readFully(ch, th, first);
			final int traceNs = th.getShort(114) & 0xffff;
			final int ns = binNs > 0 ? binNs : traceNs;
			if (ns == 0) throw new IllegalArgumentException(name + " gives 0 samples per trace in its binary and trace headers; it " +
				"cannot be read");
			final double dt = binDt > 0 ? binDt : th.getShort(116) & 0xffff;
			final long traceBytes = 240L + (long) ns * bps;
			final long body = size - first;
			if (body % traceBytes != 0) throw new IllegalArgumentException(name + " does not hold a whole number of traces of " + ns +
				" samples (" + body + " bytes after the headers, " + traceBytes + " per trace): its traces have inconsistent lengths " +
				"or it is truncated; MemFWI reads fixed-length traces only");
			final long n = body / traceBytes;
			if ((long) ns * n > Integer.MAX_VALUE) throw new IllegalArgumentException(name + " has " + n + " traces of " + ns +
				" samples, more than MemFWI reads at once");
			final SegyFile f = new SegyFile(name, ns, dt, format, order, rev, (int) n);
			final ByteBuffer tb = ByteBuffer.allocate((int) traceBytes).order(order);
			for (int k = 0; k < n; k++) {
				tb.clear();
				readFully(ch, tb, first + k * traceBytes);
				tb.flip();
				f.decodeTrace(k, tb);
			}
			return f;
		}
		catch (final NoSuchFileException e) {
			throw new IllegalArgumentException(path + " does not exist; check the file name");
		}
	}

	private static ByteOrder byteOrder(final ByteBuffer bin, final String name) {
		final int constant = bin.order(ByteOrder.BIG_ENDIAN).getInt(96);
		if (constant == 0x01020304) return ByteOrder.BIG_ENDIAN;
		if (constant == 0x04030201) return ByteOrder.LITTLE_ENDIAN;
		if (plausibleFormat(bin.order(ByteOrder.BIG_ENDIAN).getShort(24))) return ByteOrder.BIG_ENDIAN;
		if (plausibleFormat(bin.order(ByteOrder.LITTLE_ENDIAN).getShort(24))) return ByteOrder.LITTLE_ENDIAN;
		throw new IllegalArgumentException(name + " has no valid data format code in its binary header (bytes 3225-3226) in either " +
			"byte order; it is not a SEG-Y file");
	}

	private void decodeTrace(final int k, final ByteBuffer tb) {
		final int traceNs = tb.getShort(114) & 0xffff;
		if (traceNs != 0 && traceNs != ns) throw new IllegalArgumentException(name + ": trace " + (k + 1) + " has " +
			traceNs + " samples but the binary header says " + ns + "; the traces have inconsistent lengths, and MemFWI reads " +
			"fixed-length traces only (resample or pad them to one length)");
		fieldRecord[k] = tb.getInt(8);
		cdp[k] = tb.getInt(20);
		final double scalel = scalar(tb.getShort(68)), scalco = scalar(tb.getShort(70));
		groupElevation[k] = tb.getInt(40) * scalel;
		sourceElevation[k] = tb.getInt(44) * scalel;
		sourceDepth[k] = tb.getInt(48) * scalel;
		sourceX[k] = tb.getInt(72) * scalco;
		sourceY[k] = tb.getInt(76) * scalco;
		groupX[k] = tb.getInt(80) * scalco;
		groupY[k] = tb.getInt(84) * scalco;
		cdpX[k] = tb.getInt(180) * scalco;
		cdpY[k] = tb.getInt(184) * scalco;
		final float[] t = new float[ns];
		tb.position(240);
		for (int i = 0; i < ns; i++) {
			switch (format) {
				case 1: t[i] = IbmFloat.toFloat(tb.getInt()); break;
				case 2: t[i] = tb.getInt(); break;
				case 3: t[i] = tb.getShort(); break;
				case 5: t[i] = tb.getFloat(); break;
				case 6: t[i] = (float) tb.getDouble(); break;
				case 8: t[i] = tb.get(); break;
				default: throw new IllegalStateException("format " + format);
			}
		}
		traces[k] = t;
	}

	/** A SEG-Y scalar: positive multiplies, negative divides, zero means 1. */
	static double scalar(final short s) {
		return s == 0 ? 1 : s > 0 ? s : -1.0 / s;
	}

	private static void readFully(final FileChannel ch, final ByteBuffer b, final long pos) throws IOException {
		long p = pos;
		while (b.hasRemaining()) {
			final int r = ch.read(b, p);
			if (r < 0) break;
			p += r;
		}
	}
}
