package org.memfwi.io.segy;

/**
 * IBM System/360 single-precision floats (SEG-Y data format 1): sign bit, 7-bit base-16 exponent biased by 64, 24-bit
 * fraction in [1/16, 1). Conversion to IEEE is exact; conversion from IEEE rounds to the nearest IBM value (relative
 * error below 2^-21, the hexadecimal normalization losing up to 3 bits).
 */
public final class IbmFloat {

	private IbmFloat() {}

	/** The value of the IBM float with these bits. */
	public static float toFloat(final int bits) {
		final int fraction = bits & 0xffffff;
		if (fraction == 0) return 0f;
		final int exponent = (bits >>> 24) & 0x7f;
		final double v = Math.scalb((double) fraction, 4 * (exponent - 64) - 24);
		return (float) (bits < 0 ? -v : v);
	}

	/** The bits of the IBM float nearest to {@code v}; values beyond IBM's range saturate, tiny values become 0. */
	public static int toBits(final float v) {
		if (v == 0 || Float.isNaN(v)) return 0;
		final int sign = v < 0 ? 0x80000000 : 0;
		final double a = Math.abs((double) v);
		if (Double.isInfinite(a)) return sign | 0x7fffffff;
		int e = Math.floorDiv(Math.getExponent(a), 4) + 1; // a < 16^e, a >= 16^(e-1)
		long mant = Math.round(Math.scalb(a, 24 - 4 * e));
		if (mant >= 1L << 24) {
			mant >>>= 4;
			e++;
		}
		if (e + 64 > 127) return sign | 0x7fffffff;
		if (e + 64 < 0) return 0;
		return sign | (e + 64) << 24 | (int) mant;
	}
}
