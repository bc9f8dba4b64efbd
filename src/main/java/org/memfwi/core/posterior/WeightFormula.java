package org.memfwi.core.posterior;

import java.util.Locale;

/**
 * Which weights the linearized Gaussian-mixture posterior gives its components: {@link #EXACT}, the marginal likelihood
 * {@code N(r_n; 0, gamma^2 I + sigma^2 J_n J_n^T)} with its log-determinant (DESIGN.md section 1), or {@link #MEMPOST},
 * the paper code's {@code exp(-1/2 r_n^T (gamma^2 I + sigma^2 J_n J_n^T)^-1 r_n)} without it.
 */
public enum WeightFormula {
	/** The marginal likelihood of the linearized model, with the log-determinant term. */
	EXACT,
	/** The paper code's weights, without the log-determinant term. */
	MEMPOST;

	/** The unnormalized log weight of a component at noise level sigma. */
	public double logWeight(final WeightSpectrum sp, final double sigma) {
		return this == EXACT ? sp.logWeight(sigma) : sp.logWeightWithoutDeterminant(sigma);
	}

	/** "exact" or "mempost". */
	public String key() { return name().toLowerCase(Locale.ROOT); }

	/**
	 * The formula with a key (case-insensitive).
	 *
	 * @throws IllegalArgumentException naming the choices
	 */
	public static WeightFormula fromKey(final String key) {
		for (final WeightFormula f : values())
			if (f.name().equalsIgnoreCase(key == null ? "" : key.trim())) return f;
		throw new IllegalArgumentException("weights '" + key + "' is unknown; use exact (the marginal likelihood, with its " +
			"log-determinant) or mempost (the paper code's, without it)");
	}
}
