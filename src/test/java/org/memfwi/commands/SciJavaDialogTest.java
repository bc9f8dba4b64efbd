package org.memfwi.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.memfwi.io.Samples;

import org.junit.jupiter.api.Test;
import org.scijava.plugin.Menu;
import org.scijava.plugin.Plugin;
import org.scijava.widget.Button;

import ij.ImagePlus;
import ij.WindowManager;
import ij.macro.Interpreter;

/**
 * What Fiji's SciJava dialogs get from the commands without ImageJ 1: image inputs that start with the open image of
 * their role (the commands' {@code initialize()}, from the images ImageJ lists), menu weights in the workflow order of
 * plugins.config, and a Help button that is no key of the command line or macro.
 */
class SciJavaDialogTest {

	private static ImagePlus field(final MemFwiCommand c, final String key) {
		final CommandSpec spec = CommandSpec.of(c.getClass());
		return (ImagePlus) spec.get(c, spec.param(key));
	}

	@Test
	void initializerPicksTheOpenImageOfEachRoleFromTheWindowManager() throws IOException {
		final ImagePlus training = Samples.open("training-models.tif"), truth = Samples.open("true-model.tif"),
			data = Samples.open("observed-data-helmholtz.tif"), gathers = Samples.open("shot-gathers.tif");
		final boolean batch = Interpreter.isBatchMode();
		Interpreter.batchMode = true; // batch-mode images are listed by WindowManager without windows (headless)
		try {
			// opened in an unhelpful order: the truth first, the data last
			for (final ImagePlus imp : new ImagePlus[] { truth, training, gathers, data }) Interpreter.addBatchModeImage(imp);
			assertEquals(4, WindowManager.getIDList().length);
			for (final Class<? extends PosteriorCommand> c : Arrays.asList(PosteriorReweightedCommand.class,
				PosteriorLinearizedCommand.class, PosteriorDpsCommand.class)) {
				final MemFwiCommand cmd = CommandSpec.of(c).newInstance();
				cmd.initialize();
				assertSame(training, field(cmd, "training"), c.getSimpleName());
				assertSame(data, field(cmd, "data"), c.getSimpleName() + ": the most recent data");
				assertSame(truth, field(cmd, "truth"), c.getSimpleName());
			}
			final MemFwiCommand fwi = CommandSpec.of(FwiCommand.class).newInstance();
			cmd(fwi, "data", gathers); // set by a macro or a caller before: kept
			fwi.initialize();
			assertSame(gathers, field(fwi, "data"));
			assertSame(truth, field(fwi, "model"), "one model, never the training stack");
			// the demo uses its bundled samples unless the user picks images
			final MemFwiCommand demo = CommandSpec.of(DemoCommand.class).newInstance();
			demo.initialize();
			assertNull(field(demo, "training"));
			assertNull(field(demo, "data"));
		}
		finally {
			for (final ImagePlus imp : new ImagePlus[] { truth, training, gathers, data }) Interpreter.removeBatchModeImage(imp);
			Interpreter.batchMode = batch;
		}
		// no open images: nothing is set, nothing fails
		final MemFwiCommand none = CommandSpec.of(PosteriorReweightedCommand.class).newInstance();
		none.initialize();
		assertNull(field(none, "training"));
	}

	private static void cmd(final MemFwiCommand c, final String key, final Object v) {
		final CommandSpec spec = CommandSpec.of(c.getClass());
		spec.set(c, spec.param(key), v);
	}

	@Test
	void menuWeightsFollowTheWorkflowOrderOfPluginsConfig() throws IOException {
		final List<String> order = new ArrayList<>();
		final Matcher m = Pattern.compile("^Plugins>MemFWI, \"[^\"]+\", org\\.memfwi\\.fiji\\.Launcher\\(\"([^\"]+)\"\\)", Pattern.MULTILINE)
			.matcher(new String(Files.readAllBytes(Paths.get("plugins.config")), StandardCharsets.UTF_8));
		while (m.find()) order.add(m.group(1));
		assertTrue(order.size() >= 10, order.toString());
		double last = Double.NEGATIVE_INFINITY;
		for (final String name : order) {
			final CommandSpec spec = Commands.byName(name);
			final Plugin p = spec.type().getAnnotation(Plugin.class);
			final Menu[] menu = p.menu();
			assertEquals(3, menu.length, name + ": menu = { Plugins, MemFWI, leaf with its weight }");
			final StringBuilder path = new StringBuilder();
			for (final Menu e : menu) path.append(path.length() == 0 ? "" : ">").append(e.label());
			assertEquals(spec.menuPath(), path.toString(), name + ": menu and menuPath name the same entry");
			final double w = menu[2].weight();
			assertTrue(w > last, name + " has weight " + w + ", not above the previous entry's " + last);
			last = w;
		}
	}

	@Test
	void theHelpButtonIsNoCommandLineKey() {
		for (final CommandSpec spec : Commands.all()) {
			assertNull(spec.param("help"), spec.name());
			for (final CommandSpec.Param p : spec.params()) assertFalse(p.type == Button.class, spec.name());
		}
	}
}
