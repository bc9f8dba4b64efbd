package org.memfwi.core.operator;

/** Argument checks shared by the operators. */
final class Operators {

	private Operators() {}

	/** Throws if {@code v} is null or does not have {@code n} values. */
	static void checkLength(final double[] v, final int n, final String what) {
		if (v == null) throw new IllegalArgumentException(what + " is missing");
		if (v.length != n) throw new IllegalArgumentException(what + " has " + v.length + " values, expected " + n);
	}
}
