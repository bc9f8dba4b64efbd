package org.memfwi.fiji;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.memfwi.core.prior.GeneratorSettings;
import org.memfwi.core.prior.ModelGenerator;
import org.memfwi.io.Images;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.io.Opener;
import ij.process.FloatProcessor;

/**
 * A command run from its menu dialog in plain ImageJ 1 is recorded as one {@code run("Label...", "key=value ...")}
 * line with every parameter, in the form Fiji records the SciJava command, and replaying that line reproduces the
 * result.
 */
class RecordingIT {

	@Test
	void dialogRunIsRecordedAndTheRecordedLineReplays(@TempDir final Path dir) throws Exception {
		final ImageJ1 ij = new ImageJ1(dir);
		// Numeric fields of Generate Training Models: 0 n, 1 seed, 2 nx, 3 nz, 4 dx, ...
		final String recorded = record(dir, "Generate Training Models...", "0", "3", "1", "77", "2", "24");
		final Matcher m = Pattern.compile("run\\(\"Generate Training Models\\.\\.\\.\", \"([^\"]*)\"\\);").matcher(recorded);
		assertTrue(m.find(), "nothing recorded:\n" + recorded);
		final String options = m.group(1);
		for (final String kv : new String[] { "family=flat", "n=3", "seed=77", "nx=24", "nz=70", "dx=10", "vmin=1500",
			"vmax=4500", "velocities=increasing", "threads=auto" })
			assertTrue((" " + options + " ").contains(" " + kv + " "), "recorded options lack " + kv + ": " + options);

		final Path tif = dir.resolve("replayed.tif");
		final ImageJ1.Outcome o = ij.runMacro("run(\"Generate Training Models...\", \"" + options + "\");\n" +
			"saveAs(\"Tiff\", " + ImageJ1.quote(tif) + ");\n");
		assertEquals(0, o.exitCode, o.output);
		final ImagePlus replayed = new Opener().openTiff(dir + File.separator, "replayed.tif");
		assertEquals(3, replayed.getStackSize());
		assertEquals(24, replayed.getWidth());
		// Same parameters and seed as the dialog run: the same models as the core makes directly.
		final GeneratorSettings s = GeneratorSettings.of().withN(3).withSeed(77)
			.withSize(24, 70).validate();
		for (int i = 0; i < 3; i++)
			assertArrayEquals(ModelGenerator.model(s, i), (float[]) replayed.getStack().getPixels(i + 1));
	}

	/**
	 * A command whose inputs are open images (chosen in the dialog) records them by title, with the output folder; the
	 * recorded line, replayed in a macro that opens the same images, writes the same results.
	 */
	@Test
	void imageInputsAreRecordedByTitleAndReplay(@TempDir final Path dir) throws Exception {
		final ImageJ1 ij = new ImageJ1(dir);
		final GeneratorSettings s = GeneratorSettings.of().withN(6).withSeed(3)
			.withSize(20, 16).validate();
		final ImageStack train = new ImageStack(20, 16), gen = new ImageStack(20, 16);
		for (int i = 0; i < 6; i++) train.addSlice(new FloatProcessor(20, 16, ModelGenerator.model(s, i)));
		for (final int i : new int[] { 4, 1 }) gen.addSlice(new FloatProcessor(20, 16, ModelGenerator.model(s, i)));
		final Path trainTif = dir.resolve("train-models.tif"), genTif = dir.resolve("generated.tif");
		for (final Object[] o : new Object[][] { { train, trainTif }, { gen, genTif } }) {
			final ImagePlus imp = new ImagePlus(((Path) o[1]).getFileName().toString(), (ImageStack) o[0]);
			Images.calibrate(imp, 10, Images.VELOCITY_UNIT);
			new FileSaver(imp).saveAsTiffStack(o[1].toString());
		}
		final Path out1 = dir.resolve("dialog-run"), out2 = dir.resolve("replayed");
		final String recorded = record(dir, "Memorization Audit...", "open=" + trainTif, "open=" + genTif,
			"choice=0=train-models.tif", "choice=1=generated.tif", "text=0=" + out1);
		final Matcher m = Pattern.compile("run\\(\"Memorization Audit\\.\\.\\.\", \"([^\"]*)\"\\);").matcher(recorded);
		assertTrue(m.find(), "nothing recorded:\n" + recorded);
		final String options = m.group(1);
		for (final String kv : new String[] { "training=train-models.tif", "samples=generated.tif", "tau=0.5" })
			assertTrue((" " + options + " ").contains(" " + kv + " "), "recorded options lack " + kv + ": " + options);
		assertTrue(options.contains(out1.toString()), options);
		final List<String> audit = Files.readAllLines(out1.resolve("audit.csv"), StandardCharsets.UTF_8);
		assertTrue(audit.get(1).startsWith("1,5,0,") && audit.get(2).startsWith("2,2,0,"), "the dialog run: " + audit);

		final ImageJ1.Outcome o = ij.runMacro("open(" + ImageJ1.quote(trainTif) + ");\nopen(" + ImageJ1.quote(genTif) + ");\n" +
			"run(\"Memorization Audit...\", \"" + options.replace(out1.toString(), out2.toString()) + "\");\n");
		assertEquals(0, o.exitCode, o.output);
		assertEquals(audit, Files.readAllLines(out2.resolve("audit.csv"), StandardCharsets.UTF_8));
	}

	/** Runs {@link RecordingProbe} in plain ImageJ 1 under Xvfb and returns the recorder's text. */
	static String record(final Path dir, final String label, final String... fieldValues) throws Exception {
		final String cp = System.getProperty("memfwi.ijJar") + File.pathSeparator +
			new File(RecordingProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
		final List<String> cmd = new ArrayList<>(Arrays.asList("xvfb-run", "-a", "java", "-Xmx1g",
			"-Dplugins.dir=" + dir.resolve("imagej"), "-cp", cp, RecordingProbe.class.getName(), label));
		cmd.addAll(Arrays.asList(fieldValues));
		final Path log = dir.resolve("probe.out");
		final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		if (!p.waitFor(180, TimeUnit.SECONDS)) {
			// where it hangs: a thread dump of the probe's JVM, if it started
			p.descendants().filter(h -> h.info().command().map(c -> c.endsWith("java")).orElse(false)).forEach(h -> {
				try {
					new ProcessBuilder("jcmd", Long.toString(h.pid()), "Thread.print").redirectErrorStream(true)
						.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start().waitFor(30, TimeUnit.SECONDS);
				}
				catch (final Exception e) {
					// no dump: the output so far still says how far the probe got
				}
			});
			p.descendants().forEach(ProcessHandle::destroyForcibly);
			p.destroyForcibly();
			fail("the recording probe did not finish:\n" + new String(Files.readAllBytes(log), StandardCharsets.UTF_8));
		}
		final String out = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
		final int a = out.indexOf("PROBE-RECORDED-BEGIN"), b = out.indexOf("PROBE-RECORDED-END");
		if (a < 0 || b < 0) fail("the recording probe failed (exit " + p.exitValue() + "):\n" + out);
		return out.substring(a, b);
	}
}
