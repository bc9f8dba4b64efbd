package org.memfwi.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.memfwi.core.progress.Progress;
import org.memfwi.core.util.Table;
import org.memfwi.io.Samples;

import org.junit.jupiter.api.Test;

import ij.ImagePlus;

/**
 * The command framework's front-end mechanisms that every command gets for free: words for special numbers (old
 * numbers still accepted), a forgotten '=' named, roles choosing the default images, titles that say what a window
 * came from, and the README help.
 */
class FrontEndFrameworkTest {

	private static MemFwiCommand bind(final String command, final String... kv) {
		final Map<String, String> m = new LinkedHashMap<>();
		for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
		for (final CommandSpec.Param p : Commands.byName(command).params()) if (p.required && p.isImage()) m.putIfAbsent(p.key, "image");
		return Binder.bind(Commands.byName(command), m, (p, t) -> new ImagePlus());
	}

	private static Object field(final MemFwiCommand cmd, final String command, final String key) {
		final CommandSpec spec = Commands.byName(command);
		return spec.get(cmd, spec.param(key));
	}

	@Test
	void wordsReplaceSentinelsAndOldNumbersStillWork() {
		assertEquals(0, field(bind("forward", "sources", "auto"), "forward", "sources"));
		assertEquals(0, field(bind("forward", "sources", "0"), "forward", "sources"));
		assertEquals(-1.0, field(bind("forward", "depth", "AUTO"), "forward", "depth"));
		assertEquals(0.0, field(bind("posterior-reweighted", "noise", "recorded"), "posterior-reweighted", "noise"));
		assertEquals(0, field(bind("generate-models", "threads", "auto"), "generate-models", "threads"));
		final CommandSpec.Param depth = Commands.byName("forward").param("depth");
		assertEquals("auto", depth.defaultText(), "the default is shown as its word");
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bind("forward", "sources", "many"));
		assertTrue(e.getMessage().startsWith("sources must be a whole number or auto"), e.getMessage());
		// No label still explains a sentinel number: the dialogs and --help show the words.
		for (final CommandSpec c : Commands.all())
			for (final CommandSpec.Param p : c.params())
				if (!p.type.equals(String.class)) // 0 = none (no noise, no smoothing) is a value, not a sentinel
					assertFalse(p.label.matches(".*[(;] ?(0|-1) = (?!none).*"), c.name() + "." + p.key + ": " + p.label);
	}

	@Test
	void aForgottenEqualsSignIsNamed() {
		final Map<String, String> args = Options.parseArgs(new String[] { "n", "3" }, 0);
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> Binder.bind(Commands.byName("generate-models"), args, (p, t) -> null));
		assertTrue(e.getMessage().startsWith("n needs a value"), e.getMessage());
		// a bare boolean key still means true
		assertEquals(true, field(bind("forward", "freesurface", "true"), "forward", "freesurface"));
	}

	@Test
	void rolesPickTheBundledSamplesForEveryPosteriorInput() throws Exception {
		final ImagePlus training = Samples.open("training-models.tif"), truth = Samples.open("true-model.tif"),
			data = Samples.open("observed-data-helmholtz.tif"), gathers = Samples.open("shot-gathers.tif");
		// opened in an unhelpful order: the data last, the truth first
		final List<ImagePlus> open = Arrays.asList(truth, training, data);
		for (final String c : new String[] { "posterior-reweighted", "posterior-linearized", "posterior-dps" }) {
			final Map<String, ImagePlus> d = Roles.defaults(Commands.byName(c).params(), open);
			assertEquals("training-models.tif", d.get("training").getTitle(), c);
			assertEquals("observed-data-helmholtz.tif", d.get("data").getTitle(), c);
			assertEquals("true-model.tif", d.get("truth").getTitle(), c);
		}
		final Map<String, ImagePlus> fwi = Roles.defaults(Commands.byName("fwi").params(), Arrays.asList(gathers, training, truth));
		assertEquals("shot-gathers.tif", fwi.get("data").getTitle());
		assertEquals("true-model.tif", fwi.get("model").getTitle(), "a one-model image, never the training stack");
		// the audit: training and samples are both stacks, one image for each
		final ImagePlus other = PosteriorFixtures.training(4, 9);
		other.setTitle("generated");
		final Map<String, ImagePlus> audit = Roles.defaults(Commands.byName("memorization-audit").params(), Arrays.asList(training, other));
		assertNotEquals(audit.get("training"), audit.get("samples"));
	}

	@Test
	void twoRunsLeaveWindowsAndTablesNamedAfterTheirDataAndMethod() throws Exception {
		final ImagePlus training = PosteriorFixtures.training(4, 1);
		final ImagePlus data = PosteriorFixtures.helmholtzData(PosteriorFixtures.slice(training, 2), 0.01, 3);
		data.setTitle("true-model data.tif");
		final Set<String> titles = new HashSet<>();
		for (final String c : new String[] { "posterior-reweighted", "posterior-dps" }) {
			final Map<String, Object> in = new LinkedHashMap<>();
			in.put("training", training);
			in.put("data", data);
			if (c.equals("posterior-dps")) {
				in.put("samples", 2);
				in.put("steps", 3);
			}
			final Results r = Commands.run(c, in, Progress.NONE).results();
			for (final ImagePlus imp : r.images().values()) assertTrue(titles.add(imp.getTitle()), "twice: " + imp.getTitle());
			for (final String t : r.tables().keySet()) assertTrue(titles.add(r.tableTitle(t)), "twice: " + r.tableTitle(t));
		}
		assertTrue(titles.contains("true-model data \u00b7 reweighted mean"), titles.toString());
		assertTrue(titles.contains("true-model data \u00b7 dps std"), titles.toString());
		assertTrue(titles.contains("true-model data \u00b7 reweighted summary"), titles.toString());
		assertTrue(titles.contains("true-model data \u00b7 dps summary"), titles.toString());
	}

	@Test
	void helpShowsTheReadmeSectionAndEveryParameter() {
		final String html = Help.html(Commands.byName("generate-models"));
		assertTrue(html.startsWith("<html>"));
		assertTrue(html.contains("Karhunen"), "the README section on generate-models is bundled and found");
		for (final CommandSpec.Param p : Commands.byName("generate-models").params()) assertTrue(html.contains("<b>" + p.key + "</b>"), p.key);
		for (final CommandSpec c : Commands.all())
			assertFalse(Help.commandSections(Help.readme(), c).isEmpty(), "no README section for " + c.name());
	}

	@Test
	void aSmallGridWorksWithTheDefaultLayerCounts() throws Exception {
		for (final String family : new String[] { "flat", "curved", "flatfault", "curvedfault" }) {
			final Map<String, Object> in = new LinkedHashMap<>();
			in.put("family", family);
			in.put("nx", 10);
			in.put("nz", 10);
			in.put("n", 2);
			final ImagePlus models = Commands.run("generate-models", in, Progress.NONE).results().images().get("models.tif");
			assertEquals(10, models.getHeight(), family);
		}
		final Map<String, Object> in = new LinkedHashMap<>();
		in.put("nz", 10);
		in.put("maxlayers", 6);
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Commands.run("generate-models", in, Progress.NONE));
		assertTrue(e.getMessage().startsWith("maxlayers = 6 is too many for nz = 10"), "an explicit value is still checked: " + e.getMessage());
	}

	@Test
	void theLinearizedSummaryReportsTheMassOutsideThePhysicalRange() throws Exception {
		assertEquals(0.841344746, PosteriorLinearizedCommand.normalCdf(1), 2e-7);
		assertEquals(0.022750132, PosteriorLinearizedCommand.normalCdf(-2), 2e-7);
		assertEquals(0.5, PosteriorLinearizedCommand.normalCdf(0), 2e-7);
		final ImagePlus training = PosteriorFixtures.training(4, 1);
		final ImagePlus data = PosteriorFixtures.timeData(PosteriorFixtures.slice(training, 2), 0.01, 3);
		final double[] mass = new double[2];
		final double[] sigmas = { 1, 20000 };
		for (int k = 0; k < 2; k++) {
			final Map<String, Object> in = new LinkedHashMap<>();
			in.put("training", training);
			in.put("data", data);
			in.put("sigma", sigmas[k]);
			in.put("rank", 2);
			in.put("linearize", 4);
			final Table s = Commands.run("posterior-linearized", in, Progress.NONE).results().tables().get("summary.csv");
			for (int i = 0; i < s.rowCount(); i++) if ("mass_outside_training_range".equals(s.get(i, 0))) mass[k] = s.number(i, "value");
		}
		// sigma -> 0: the components sit on training models, inside the range; a prior std of 20 km/s spills far outside
		assertTrue(mass[0] < 1e-6, "sigma = 1 m/s: " + mass[0]);
		assertTrue(mass[1] > 0.5, "sigma = 20,000 m/s: " + mass[1]);
	}
}
