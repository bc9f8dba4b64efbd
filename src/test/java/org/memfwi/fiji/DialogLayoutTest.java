package org.memfwi.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.memfwi.commands.CommandSpec;
import org.memfwi.commands.Commands;

import org.junit.jupiter.api.Test;

/**
 * The fields of the ImageJ 1 dialogs ({@link DialogLayout}), per command and physics: the main dialog, the advanced
 * one, and the fields of the other physics hidden; while the command-line and macro keys stay every parameter.
 */
class DialogLayoutTest {

	private static final List<String> OUT = Arrays.asList("out", "format");

	@Test
	void forwardModelShowsOnlyTheChosenPhysicsFields() {
		check("forward", "time",
			"model, sources, receivers, sourcex, receiverx, depth, f0, dt, nt, noise, noisemode, seed",
			"sourcez, receiverz, delay, wavelet, order, cpml, freesurface, substep, threads");
		check("forward", "helmholtz",
			"model, sources, receivers, sourcex, receiverx, depth, frequencies, preset, noise, noisemode, seed",
			"sourcez, receiverz, stencil, cpml, pml, pmldamping, threads");
		// Born data are time-domain gathers around a background: the time fields and the background, no Helmholtz fields.
		check("forward", "born",
			"background, vbackground, model, sources, receivers, sourcex, receiverx, depth, f0, dt, nt, noise, noisemode, seed",
			"sourcez, receiverz, delay, wavelet, order, cpml, freesurface, substep, threads");
		// The count: 25 fields (physics included) before; now the main dialog has 13-16 with out and format.
		assertTrue(DialogLayout.of(spec("forward"), "helmholtz").main.size() <= 13);
	}

	@Test
	void fwiFoldsTheRemediesAndShowsKlOnlyForHelmholtz() {
		check("fwi", "time", "data, model, iterations, bands, vmin, vmax, smoothing, regularization, weight",
			"precondition, taper, sourcescale, threads");
		check("fwi", "helmholtz", "data, model, iterations, bands, vmin, vmax, smoothing, regularization, weight, parameterization",
			"precondition, taper, sourcescale, modes, alpha, smoothness, preset, threads");
	}

	@Test
	void posteriorsHideThePaperGeometryOnTimeDomainData() {
		check("posterior-reweighted", "helmholtz", "training, data, noise, truth",
			"sourcescale, preset, best, prune, shard, checkpoint, resume, threads");
		check("posterior-reweighted", "time", "training, data, noise, truth", "sourcescale, best, prune, shard, checkpoint, resume, threads");
		check("posterior-linearized", "helmholtz", "training, data, noise, truth, sigma, parameterization, linearize, samples, seed",
			"sourcescale, preset, convention, modes, alpha, smoothness, amplitude, rank, oversampling, power, keep, weights, shard, " +
				"checkpoint, resume, threads");
		check("posterior-linearized", "time", "training, data, noise, truth, sigma, parameterization, linearize, samples, seed",
			"sourcescale, convention, modes, alpha, smoothness, amplitude, rank, oversampling, power, keep, weights, shard, " +
				"checkpoint, resume, threads");
		check("posterior-dps", "helmholtz", "training, data, noise, truth, samples, steps, seed",
			"sourcescale, preset, zeta, guidance, step, sigmamax, sigmamin, tau, threads");
		check("posterior-dps", "time", "training, data, noise, truth, samples, steps, seed",
			"sourcescale, zeta, guidance, step, sigmamax, sigmamin, tau, threads");
		// Data without memfwi.physics (e.g. the paper's bare d_obs): every field.
		assertTrue(DialogLayout.keys(DialogLayout.of(spec("posterior-dps"), null).advanced).contains("preset"));
		assertNull(DialogLayout.physicsParam(spec("posterior-dps")), "the posteriors have no physics key to ask");
	}

	@Test
	void demoAndGeneratorFoldTheirRareKeys() {
		check("demo", null, "physics, training, data, truth, iterations, sigma, samples, steps", "rank, linearize, seed, preset, threads");
		check("generate-models", null,
			"family, n, seed, nx, nz, dx, vmin, vmax, minlayers, maxlayers, velocities, background, amplitude",
			"modes, alpha, convention, tau, smoothness, threads");
	}

	/** The keys the issue names as rarely changed are advanced wherever they occur; every advanced field has a default. */
	@Test
	void rarelyChangedKeysAreAdvancedInEveryCommand() {
		final Set<String> rare = new HashSet<>(Arrays.asList("oversampling", "power", "zeta", "pml", "pmldamping", "stencil", "threads",
			"shard", "checkpoint", "resume", "sourcescale", "precondition", "taper", "guidance", "substep"));
		int seen = 0;
		for (final CommandSpec c : Commands.all())
			for (final CommandSpec.Param p : c.params()) {
				if (rare.contains(p.key)) {
					assertTrue(p.isAdvanced(), c.name() + " " + p.key + " should be advanced");
					seen++;
				}
				if (p.isAdvanced()) assertFalse(p.required, c.name() + " " + p.key + " is advanced but required");
			}
		assertTrue(seen > 30, "the rare keys were found " + seen + " times");
		for (final String cmd : new String[] { "posterior-linearized", "demo" })
			assertTrue(spec(cmd).param("rank").isAdvanced(), cmd + " rank");
	}

	/**
	 * For every command and physics the dialogs show each parameter at most once, the other physics' fields never, and
	 * over all physics every parameter somewhere: folding and hiding change no command-line or macro key.
	 */
	@Test
	void everyKeyIsShownForSomePhysicsAndNoneTwice() {
		for (final CommandSpec c : Commands.all()) {
			final CommandSpec.Param pp = DialogLayout.physicsParam(c);
			final List<String> physics = new ArrayList<>();
			if (pp != null) physics.addAll(pp.choices);
			else {
				physics.add(null);
				if (DialogLayout.hasPhysicsFields(c)) physics.addAll(Arrays.asList("time", "helmholtz"));
			}
			final Set<String> everShown = new HashSet<>();
			if (pp != null) everShown.add(pp.key);
			for (final String ph : physics) {
				final DialogLayout l = DialogLayout.of(c, ph);
				final List<String> all = new ArrayList<>(DialogLayout.keys(l.main));
				all.addAll(DialogLayout.keys(l.advanced));
				assertEquals(new HashSet<>(all).size(), all.size(), c.name() + " " + ph + " shows a key twice: " + all);
				for (final CommandSpec.Param p : c.params()) {
					final boolean other = ph != null && !p.physics().isEmpty() && !p.physics().equals(ph) &&
						!(ph.equals("born") && p.physics().equals("time"));
					if (other) assertFalse(all.contains(p.key), c.name() + " " + ph + " shows " + p.key + " of " + p.physics());
				}
				for (final CommandSpec.Param p : l.advanced) assertTrue(p.isAdvanced());
				for (final CommandSpec.Param p : l.main) assertFalse(p.isAdvanced());
				everShown.addAll(all);
			}
			final Set<String> keys = new HashSet<>();
			for (final CommandSpec.Param p : c.params()) keys.add(p.key);
			assertEquals(keys, everShown, c.name());
		}
	}

	@Test
	void physicsIsAskedOnlyWhereFieldsDependOnIt() {
		assertNotNull(DialogLayout.physicsParam(spec("forward")));
		assertNotNull(DialogLayout.physicsParam(spec("fwi")));
		assertNull(DialogLayout.physicsParam(spec("demo")), "the demo's physics picks a sample; its fields are the same");
	}

	private static CommandSpec spec(final String name) {
		return Commands.byName(name);
	}

	/** Asserts the main (without out and format, which every command ends with) and advanced fields. */
	private static void check(final String command, final String physics, final String main, final String advanced) {
		final DialogLayout l = DialogLayout.of(spec(command), physics);
		final List<String> m = DialogLayout.keys(l.main);
		assertEquals(OUT, m.subList(m.size() - 2, m.size()), command + " ends with out, format");
		assertEquals(Arrays.asList(main.split(", ")), m.subList(0, m.size() - 2), command + " " + physics + " main");
		assertEquals(Arrays.asList(advanced.split(", ")), DialogLayout.keys(l.advanced), command + " " + physics + " advanced");
	}
}
