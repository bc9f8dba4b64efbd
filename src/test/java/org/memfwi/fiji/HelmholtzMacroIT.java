package org.memfwi.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;

import org.memfwi.commands.HelmholtzCommandsTest;
import org.memfwi.io.HelmholtzData;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.io.Opener;

/** Forward Model and Full Waveform Inversion with physics=helmholtz from ImageJ macros in a real ImageJ 1. */
class HelmholtzMacroIT {

	private static Path saveModel(final Path dir, final String name, final double anomaly) {
		final ImagePlus m = HelmholtzCommandsTest.model(name, anomaly);
		final Path p = dir.resolve(name);
		assertTrue(new FileSaver(m).saveAsTiff(p.toString()));
		return p;
	}

	@Test
	void forwardMacroWritesTwoChannelDataWithTheAcquisition(@TempDir final Path dir) throws Exception {
		final Path model = saveModel(dir, "truth.tif", 150);
		final Path tif = dir.resolve("fdata.tif");
		final ImageJ1.Outcome o = new ImageJ1(dir).runMacro(
			"open(" + ImageJ1.quote(model) + ");\n" +
			"run(\"Forward Model...\", \"physics=helmholtz model=truth.tif frequencies=8,12,16 stencil=9 cpml=10 noise=0.05 " +
				"noisemode=relative seed=5\");\n" +
			"getDimensions(w, h, channels, slices, frames);\n" +
			"print(\"w=\" + w + \" h=\" + h + \" channels=\" + channels + \" slices=\" + slices);\n" +
			"print(\"noise=\" + Property.get(\"memfwi.noise\"));\n" +
			"saveAs(\"Tiff\", " + ImageJ1.quote(tif) + ");\n");
		assertEquals(0, o.exitCode, o.output);
		assertTrue(o.output.contains("w=24 h=5 channels=2 slices=3"), o.output);
		final ImagePlus d = new Opener().openTiff(dir + File.separator, "fdata.tif");
		assertEquals("helmholtz-data", d.getProp("memfwi.kind"));
		assertEquals("8,12,16", d.getProp("memfwi.frequencies"));
		assertEquals("9-point", d.getProp("memfwi.stencil"));
		assertTrue(o.output.contains("noise=" + d.getProp("memfwi.noise")), o.output);
		assertTrue(Double.parseDouble(d.getProp("memfwi.noise")) > 0);
		assertEquals(3, HelmholtzData.read(d, "data").config.frequencyCount());
	}

	@Test
	void fwiMacroInvertsAndStopsOnBadInput(@TempDir final Path dir) throws Exception {
		final Path truth = saveModel(dir, "truth.tif", 150);
		final Path start = saveModel(dir, "start.tif", 0);
		final Path out = dir.resolve("fwi-out");
		final ImageJ1.Outcome o = new ImageJ1(dir).runMacro(
			"open(" + ImageJ1.quote(truth) + ");\n" +
			"run(\"Forward Model...\", \"physics=helmholtz model=truth.tif frequencies=8,12 cpml=10\");\n" +
			"rename(\"observed\");\n" +
			"open(" + ImageJ1.quote(start) + ");\n" +
			"run(\"Full Waveform Inversion...\", \"physics=helmholtz data=observed model=start.tif iterations=3 " +
				"parameterization=kl modes=4 out=[" + out + "]\");\n" +
			"selectImage(\"start-fwi\");\n" +
			"print(\"done \" + Property.get(\"memfwi.parameterization\"));\n" +
			"run(\"Full Waveform Inversion...\", \"physics=helmholtz data=observed model=start.tif bands=5\");\n" +
			"print(\"macro went on\");\n");
		assertTrue(o.output.contains("done kl"), o.output);
		for (final String n : new String[] { "inverted-model.tif", "misfit.csv", "misfit.png", "summary.csv" })
			assertTrue(out.resolve(n).toFile().isFile(), n + "\n" + o.output);
		assertTrue(o.output.contains("bands: no data frequency is at or below 5 Hz (the data have 8, 12 Hz); raise the cutoff or use " +
			"bands=auto"), o.output);
		assertFalse(o.output.contains("macro went on"), o.output);
	}

	@Test
	void paperKeysFromMacros(@TempDir final Path dir) throws Exception {
		final Path out = dir.resolve("kl");
		final ImageJ1.Outcome o = new ImageJ1(dir).runMacro(
			"run(\"Generate Training Models...\", \"family=grf convention=mempost n=3 nx=12 nz=12 dx=50 vmin=1500 vmax=3000 seed=3\");\n" +
			"rename(\"train\");\n" +
			"run(\"Generate Training Models...\", \"family=grf convention=mempost n=1 nx=12 nz=12 dx=50 vmin=1500 vmax=3000 seed=9\");\n" +
			"rename(\"truth\");\n" +
			"run(\"Forward Model...\", \"physics=helmholtz model=truth frequencies=3 pml=6 pmldamping=90 noise=0.05\");\n" +
			"rename(\"obs\");\n" +
			"print(\"pml=\" + Property.get(\"memfwi.pml\"));\n" +
			"run(\"Linearized Gaussian-Mixture Posterior...\", \"training=train data=obs parameterization=kl convention=mempost " +
				"sigma=0.5 rank=0 linearize=0 out=[" + out + "]\");\n" +
			"run(\"Generate Training Models...\", \"family=grf convention=mempost n=2 nx=64 nz=64 dx=31.25 vmin=1500 vmax=3000 seed=3\");\n" +
			"rename(\"train64\");\n" +
			"run(\"Forward Model...\", \"physics=helmholtz model=train64 preset=paper-64\");\n" +
			"rename(\"obs64\");\n" +
			"run(\"Duplicate...\", \"duplicate frames=1\");\n" +
			"rename(\"one64\");\n" +
			"run(\"Memorized Posterior (Reweighted Training Set)...\", \"training=train64 data=one64 preset=paper-64 out=[" +
				dir.resolve("rw") + "]\");\n" +
			"newImage(\"trainr\", \"32-bit black\", 8, 8, 2);\n" +
			"setSlice(1); makeRectangle(0, 4, 8, 1); run(\"Set...\", \"value=0.05 slice\");\n" +
			"setSlice(2); makeRectangle(0, 5, 8, 1); run(\"Set...\", \"value=-0.03 slice\"); run(\"Select None\");\n" +
			"run(\"Properties...\", \"channels=1 slices=2 frames=1 unit=m pixel_width=10 pixel_height=10 voxel_depth=10\");\n" +
			"newImage(\"refl\", \"32-bit black\", 8, 8, 1);\n" +
			"makeRectangle(0, 4, 8, 1); run(\"Set...\", \"value=0.04\"); run(\"Select None\");\n" +
			"run(\"Properties...\", \"channels=1 slices=1 frames=1 unit=m pixel_width=10 pixel_height=10 voxel_depth=10\");\n" +
			"run(\"Forward Model...\", \"physics=born model=refl vbackground=2000 sources=1 nt=60 f0=8 noise=0.05\");\n" +
			"rename(\"borndata\");\n" +
			"print(\"physics=\" + Property.get(\"memfwi.physics\"));\n" +
			"run(\"Linearized Gaussian-Mixture Posterior...\", \"training=trainr data=borndata sigma=0.01 rank=0 out=[" +
				dir.resolve("born") + "]\");\n" +
			"print(\"done\");\n");
		assertEquals(0, o.exitCode, o.output);
		assertTrue(o.output.contains("pml=6"), o.output);
		assertTrue(o.output.contains("done"), o.output);
		assertTrue(out.resolve("kl-coefficients.csv").toFile().isFile(), o.output);
		assertTrue(new String(java.nio.file.Files.readAllBytes(out.resolve("summary.csv"))).contains("kl_convention,mempost"), o.output);
		assertTrue(dir.resolve("rw/weights.csv").toFile().isFile(), o.output);
		assertTrue(o.output.contains("physics=born"), o.output);
		assertTrue(new String(java.nio.file.Files.readAllBytes(dir.resolve("born/summary.csv"))).contains("exact,1"), o.output);
	}
}
