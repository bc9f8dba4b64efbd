package org.memfwi.commands;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.memfwi.io.HelmholtzData;
import org.memfwi.io.TimeDomainData;

import ij.ImagePlus;

/**
 * Which open image an image input of a dialog should start with, from the role the input plays and the images'
 * {@code memfwi.kind} properties: a training stack (velocity models, more than one slice), observed data (shot gathers
 * or frequency-domain data), one velocity model (a starting or true model), generated samples (a stack that is not
 * the training stack). The role is the parameter's {@code role} attribute, else read from its key (training, data,
 * model, truth, samples); so a new command whose inputs use these keys gets the right defaults without code.
 */
public final class Roles {

	private Roles() {}

	/** The roles the defaults know. */
	public enum Role {
		TRAINING, DATA, MODEL, SAMPLES, NONE
	}

	/** The role of an image parameter. */
	public static Role of(final CommandSpec.Param p) {
		final String r = (p.attrs.containsKey("role") ? p.attrs.get("role") : p.key).toLowerCase(Locale.ROOT);
		switch (r) {
			case "training": return Role.TRAINING;
			case "data": case "observed": return Role.DATA;
			case "model": case "truth": case "start": return Role.MODEL;
			case "samples": case "generated": return Role.SAMPLES;
			default: return Role.NONE;
		}
	}

	/** How well an image fits a role: higher is better, 0 = not at all. */
	static int score(final Role role, final ImagePlus imp) {
		final String kind = imp.getProp("memfwi.kind") == null ? "" : imp.getProp("memfwi.kind");
		final boolean data = kind.equals(TimeDomainData.KIND) || kind.equals(HelmholtzData.KIND);
		final boolean velocity = imp.getBitDepth() == 32 && "m/s".equals(imp.getCalibration().getValueUnit()) && !data;
		final int n = imp.getStackSize();
		switch (role) {
			case TRAINING:
				if (kind.equals("velocity-models") && n > 1) return 3;
				return velocity && n > 1 && !kind.contains("sample") ? 2 : 0;
			case DATA:
				return data ? 3 : 0;
			case MODEL:
				if (kind.equals("velocity-models") && n == 1) return 3;
				return velocity && n == 1 && !kind.contains("variance") && !kind.contains("std") ? 2 : 0;
			case SAMPLES:
				if (kind.contains("sample")) return 3;
				return !data && n > 1 ? 1 : 0;
			default:
				return 0;
		}
	}

	/**
	 * The default image of every image input, by key: the best-fitting open image for its role, each image used for at
	 * most one input (the training stack is not also the samples); inputs without a fitting image are absent.
	 *
	 * @param params the command's parameters
	 * @param open the open images, in the order ImageJ lists them (the most recent last)
	 */
	public static Map<String, ImagePlus> defaults(final List<CommandSpec.Param> params, final Collection<ImagePlus> open) {
		final Map<String, ImagePlus> chosen = new LinkedHashMap<>();
		final List<ImagePlus> free = new ArrayList<>(open);
		// the most specific roles first, so that a stack fit for both training and samples goes to training
		for (final Role role : new Role[] { Role.DATA, Role.TRAINING, Role.MODEL, Role.SAMPLES })
			for (final CommandSpec.Param p : params) {
				if (!p.isImage() || of(p) != role) continue;
				ImagePlus best = null;
				int bestScore = 0;
				for (final ImagePlus imp : free) {
					final int s = score(role, imp);
					if (s > bestScore || s == bestScore && s > 0) { // ties: the most recently opened
						best = imp;
						bestScore = s;
					}
				}
				if (best != null) {
					chosen.put(p.key, best);
					free.remove(best);
				}
			}
		return chosen;
	}
}
