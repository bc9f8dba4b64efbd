package org.memfwi.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In a real ImageJ 1 under Xvfb, as a user would: the three samples opened from the menu, every posterior dialog
 * starts with the training stack, the data and the true model in the right inputs, FWI's dialog takes its physics
 * from the data, and two runs of the same command leave windows and tables whose titles say what they came from and
 * never collide.
 */
class DialogIT {

	private static final String TRAINING = "training-models.tif", TRUTH = "true-model.tif", DATA = "observed-data-helmholtz.tif";
	private static final String RW = "Memorized Posterior (Reweighted Training Set)...";

	@Test
	void dialogsChooseImagesByRoleAndRunsDoNotCollide(@TempDir final Path dir) throws Exception {
		new ImageJ1(dir);
		final String rwRun = "run=" + RW + "|training=" + TRAINING + " data=" + DATA + " truth=" + TRUTH + " best=2";
		final String out = probe(dir, "sample=True Model (held out)", "sample=Training Models (300 CurveFault-like)",
			"sample=Observed Data (Helmholtz 4-8-12-16 Hz)", "dialog=" + RW, "dialog=Linearized Gaussian-Mixture Posterior...",
			"dialog=Diffusion Posterior Sampling (Memorized Prior)...", "dialog=Full Waveform Inversion...", rwRun, rwRun);
		for (final String d : new String[] { RW, "Linearized Gaussian-Mixture Posterior...", "Diffusion Posterior Sampling (Memorized Prior)..." }) {
			final String dialog = section(out, d);
			assertTrue(dialog.contains("FIELD training: Training models (stack, m/s) = " + TRAINING), dialog);
			assertTrue(dialog.contains("FIELD data: Observed data = " + DATA), dialog);
			assertTrue(dialog.contains("FIELD truth: True model (optional) = " + TRUTH), dialog);
			assertTrue(dialog.contains("[Help]"), "every dialog has a Help button:\n" + dialog);
			assertTrue(dialog.contains("FIELD " + CommandDialog.ADVANCED), "advanced settings are folded:\n" + dialog);
			assertTrue(!dialog.contains("FIELD threads:") && !dialog.contains("FIELD sourcescale:"), "advanced keys shown:\n" + dialog);
		}
		final String fwi = section(out, "Full Waveform Inversion...");
		assertTrue(fwi.contains("FIELD data: Observed data (from Forward Model) = " + DATA), fwi);
		assertTrue(fwi.contains("Physics: helmholtz (from the data's memfwi.physics)"), fwi);
		assertTrue(!fwi.contains("FIELD physics"), "physics is not asked when the data say it:\n" + fwi);
		assertTrue(fwi.contains("FIELD parameterization:") && !fwi.contains("FIELD precondition:"),
			"Helmholtz data: the Helmholtz-only parameterization is shown, the advanced preconditioning is folded:\n" + fwi);

		final List<String> images = lines(out, "IMAGE "), tables = lines(out, "TABLE ");
		assertEquals(new HashSet<>(images).size(), images.size(), "image titles collide: " + images);
		assertEquals(new HashSet<>(tables).size(), tables.size(), "table titles collide: " + tables);
		final Set<String> all = new HashSet<>(images);
		all.addAll(tables);
		for (final String t : new String[] { "observed-data-helmholtz \u00b7 reweighted mean", "observed-data-helmholtz \u00b7 reweighted mean (2)",
			"observed-data-helmholtz \u00b7 reweighted std (2)", "observed-data-helmholtz \u00b7 reweighted summary",
			"observed-data-helmholtz \u00b7 reweighted summary (2)", "observed-data-helmholtz \u00b7 reweighted weights (2)" })
			assertTrue(all.contains(t), "no window '" + t + "' in " + all);
	}

	/**
	 * A user's values come back in the next dialog (advanced ones listed as changed), are recorded as given, and a macro
	 * that leaves keys out still gets the documented defaults, not the remembered values.
	 */
	@Test
	void dialogsRememberTheUsersValuesAndMacrosGetTheDefaults(@TempDir final Path dir) throws Exception {
		new ImageJ1(dir);
		final String gen = "Generate Training Models...";
		final String out = probe(dir, "record", "fill=" + gen + "|family=curvedfault;n=5;seed=42;nx=24;nz=20|modes=5", "props",
			"dialog=" + gen, "run=" + gen + "|nx=24 nz=20", "props");
		final List<String> props = lines(out, "PROPS ");
		assertEquals(2, props.size(), out);
		assertTrue(props.get(0).contains(" n=5 ") && props.get(0).contains("memfwi.family=curvedfault") &&
			props.get(0).contains("memfwi.seed=42"), "the dialog run used the values typed: " + props.get(0));
		final String dialog = section(out, gen);
		for (final String field : new String[] { "FIELD family: Model family = curvedfault", "FIELD n: Number of models = 5",
			"FIELD seed: Random seed = 42", "FIELD nx: Width nx (cells) = 24" })
			assertTrue(dialog.contains(field), "the next dialog starts with the last values (" + field + "):\n" + dialog);
		assertTrue(dialog.contains("Changed from the defaults: modes=5"), "the advanced value is remembered and listed:\n" + dialog);
		assertTrue(props.get(1).contains(" n=10 ") && props.get(1).contains("memfwi.family=flat") && props.get(1).contains("memfwi.seed=1"),
			"a macro without family, n and seed gets the defaults (flat, 10, 1): " + props.get(1));
		final String recorded = out.substring(out.indexOf("RECORDED-BEGIN"), out.indexOf("RECORDED-END"));
		final Matcher m = Pattern.compile("run\\(\"Generate Training Models\\.\\.\\.\", \"([^\"]*)\"\\);").matcher(recorded);
		assertTrue(m.find(), "the dialog run is recorded:\n" + recorded);
		for (final String kv : new String[] { "family=curvedfault", "n=5", "seed=42", "nx=24", "nz=20", "modes=5" })
			assertTrue((" " + m.group(1) + " ").contains(" " + kv + " "), "recorded line lacks " + kv + ": " + m.group(1));
	}

	/** The probe's lines from "DIALOG label" to the next "DIALOG" or "PROBE: ran". */
	private static String section(final String out, final String label) {
		final int a = out.indexOf("DIALOG " + label);
		assertTrue(a >= 0, "no dialog " + label + ":\n" + out);
		int b = out.indexOf("DIALOG ", a + 1);
		final int c = out.indexOf("PROBE: ran", a + 1);
		if (b < 0 || c >= 0 && c < b) b = c;
		return out.substring(a, b < 0 ? out.length() : b);
	}

	private static List<String> lines(final String out, final String prefix) {
		final List<String> l = new ArrayList<>();
		for (final String s : out.split("\n"))
			if (s.startsWith(prefix)) l.add(s.substring(prefix.length()).trim());
		return l;
	}

	/** Runs {@link DialogProbe} in plain ImageJ 1 under Xvfb with the plugin installed in dir/imagej/plugins. */
	static String probe(final Path dir, final String... args) throws Exception {
		final String cp = System.getProperty("memfwi.ijJar") + File.pathSeparator +
			new File(DialogProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
		final List<String> cmd = new ArrayList<>(Arrays.asList("xvfb-run", "-a", "java", "-Xmx1g", "-Dfile.encoding=UTF-8",
			"-Dsun.stdout.encoding=UTF-8", "-Dplugins.dir=" + dir.resolve("imagej"), "-cp", cp, DialogProbe.class.getName()));
		cmd.addAll(Arrays.asList(args));
		final Path log = dir.resolve("dialog-probe.out");
		final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		if (!p.waitFor(600, TimeUnit.SECONDS)) { // two posterior runs take 220 s at load 17
			p.descendants().forEach(ProcessHandle::destroyForcibly);
			p.destroyForcibly();
			fail("the dialog probe did not finish:\n" + new String(Files.readAllBytes(log), StandardCharsets.UTF_8));
		}
		final String out = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
		if (!out.contains("PROBE-END")) fail("the dialog probe failed (exit " + p.exitValue() + "):\n" + out);
		return out;
	}
}
