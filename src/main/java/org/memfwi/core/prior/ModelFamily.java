package org.memfwi.core.prior;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The families of procedural velocity models. The layered ones follow the OpenFWI "Vel" and "Fault" families
 * (Deng et al., NeurIPS 2022); {@link #GRF} is the smooth Gaussian random field of a Karhunen–Loève expansion with
 * cosine eigenfunctions around a background velocity.
 */
public enum ModelFamily {

	/** Flat layers, as OpenFWI FlatVel. */
	FLAT("flat", "Flat layers (FlatVel-like)", 2, 6),
	/** Layers folded by a sine, as OpenFWI CurveVel. */
	CURVED("curved", "Curved layers (CurveVel-like)", 2, 6),
	/** Flat layers cut by one fault, as OpenFWI FlatFault. */
	FLAT_FAULT("flatfault", "Flat layers with a fault (FlatFault-like)", 2, 4),
	/** Curved layers cut by one fault, as OpenFWI CurveFault. */
	CURVED_FAULT("curvedfault", "Curved layers with a fault (CurveFault-like)", 2, 4),
	/** Smooth Gaussian random field (Karhunen–Loève, cosine eigenfunctions). */
	GRF("grf", "Smooth Gaussian random field (Karhunen-Loeve)", 0, 0);

	private final String key;
	private final String label;
	private final int minLayers;
	private final int maxLayers;

	ModelFamily(final String key, final String label, final int minLayers, final int maxLayers) {
		this.key = key;
		this.label = label;
		this.minLayers = minLayers;
		this.maxLayers = maxLayers;
	}

	/** The short name used on the command line and in macros, e.g. "flat". */
	public String key() { return key; }

	/** A descriptive label. */
	public String label() { return label; }

	/** Default smallest number of layers of this family (0 for the random field). */
	public int defaultMinLayers() { return minLayers; }

	/** Default largest number of layers of this family (0 for the random field). */
	public int defaultMaxLayers() { return maxLayers; }

	public boolean isLayered() { return this != GRF; }

	public boolean hasFault() { return this == FLAT_FAULT || this == CURVED_FAULT; }

	public boolean isCurved() { return this == CURVED || this == CURVED_FAULT; }

	/** The keys of all families, comma separated. */
	public static String keys() {
		return Arrays.stream(values()).map(ModelFamily::key).collect(Collectors.joining(", "));
	}

	/**
	 * The family with the given key (case-insensitive).
	 *
	 * @throws IllegalArgumentException listing the known keys
	 */
	public static ModelFamily fromKey(final String key) {
		final String k = key == null ? "" : key.trim().toLowerCase(Locale.ROOT);
		for (final ModelFamily f : values())
			if (f.key.equals(k)) return f;
		throw new IllegalArgumentException("family '" + key + "' is unknown; use one of: " + keys());
	}
}
