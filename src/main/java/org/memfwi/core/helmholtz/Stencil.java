package org.memfwi.core.helmholtz;

import java.util.Locale;

/**
 * The finite-difference stencil of the Helmholtz operator.
 * <ul>
 * <li>{@link #FIVE_POINT}: the paper's operator, second-order 5-point Laplacian and a point (diagonal) mass term.</li>
 * <li>{@link #NINE_POINT}: the optimal 9-point scheme of Jo, Shin and Suh (1996, Geophysics 61, 529), written in the
 * "average-derivative" form: each second difference along x is averaged over the rows z-1, z, z+1 with weights
 * {@code (1 - a) / 4, (1 + a) / 2, (1 - a) / 4} (and likewise along z), which in a homogeneous medium is exactly
 * {@code a * (5-point Laplacian) + (1 - a) * (45-degree rotated Laplacian)} with {@code a = 0.5461}, and the mass
 * term is lumped over the 9 points with weights {@code b = 0.6248} (centre), {@code c = 0.09381} (edges),
 * {@code d = (1 - b - 4 c) / 4} (corners). Inside the PML the averaged x-derivative between rows z and z' uses the
 * mean of their stretch factors, and the mass coefficient between two points the mean of
 * {@code s_x s_z m} at both points, so that the scaled matrix stays complex symmetric; in a heterogeneous medium this
 * differs from Jo et al.'s centre-weighted mass term by O(dx |grad m|).</li>
 * </ul>
 */
public enum Stencil {
	FIVE_POINT("5-point"), NINE_POINT("9-point");

	/** Jo, Shin and Suh (1996): weight of the 5-point Laplacian in {@code a L5 + (1 - a) Lrot}. */
	public static final double JO_A = 0.5461;
	/** Jo, Shin and Suh (1996): mass weight of the centre point. */
	public static final double JO_B = 0.6248;
	/** Jo, Shin and Suh (1996): mass weight of each of the 4 edge neighbours. */
	public static final double JO_C = 0.09381;
	/** Mass weight of each of the 4 corner neighbours, {@code (1 - b - 4 c) / 4}, so the weights sum to 1. */
	public static final double JO_D = (1 - JO_B - 4 * JO_C) / 4;

	private final String label;

	Stencil(final String label) {
		this.label = label;
	}

	/** The label used in parameters and image properties: "5-point" or "9-point". */
	public String label() { return label; }

	/** True if the stencil couples diagonal neighbours. */
	public boolean hasCorners() { return this == NINE_POINT; }

	/**
	 * The stencil named by a label ("5-point", "9-point", also "5", "9", "five", "nine").
	 *
	 * @throws IllegalArgumentException naming the choices
	 */
	public static Stencil fromLabel(final String s) {
		final String t = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
		switch (t) {
			case "5-point": case "5": case "five": case "five_point": case "5point": return FIVE_POINT;
			case "9-point": case "9": case "nine": case "nine_point": case "9point": return NINE_POINT;
			default: throw new IllegalArgumentException("stencil must be 5-point or 9-point, got '" + s + "'");
		}
	}

	@Override
	public String toString() { return label; }
}
