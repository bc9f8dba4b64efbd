package org.memfwi.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.memfwi.io.array.FloatArray;
import org.memfwi.io.npy.NpyWriter;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.Opener;

/** File > Import > MemFWI... and Set Acquisition... from ImageJ macros in a real ImageJ 1. */
class ImportMacroIT {

	@Test
	void importMenuEntryReadsOpenFwiGathersAndModels(@TempDir final Path dir) throws Exception {
		final float[] d = new float[2 * 5 * 30 * 70];
		for (int i = 0; i < d.length; i++) d[i] = (float) Math.cos(i * 0.003);
		NpyWriter.write(dir.resolve("data1.npy"), new FloatArray(new int[] { 2, 5, 30, 70 }, d));
		final float[] m = new float[3 * 70 * 70];
		for (int i = 0; i < m.length; i++) m[i] = 1500 + i % 3000;
		NpyWriter.write(dir.resolve("model1.npy"), new FloatArray(new int[] { 3, 1, 70, 70 }, m));
		final ImageJ1 ij = new ImageJ1(dir);
		final Path gathers = dir.resolve("gathers.tif"), models = dir.resolve("models.tif");
		final ImageJ1.Outcome o = ij.runMacro(
			"run(\"MemFWI...\", \"file=" + ImageJ1.quote(dir.resolve("data1.npy")).replace("\"", "") + " index=0 preset=openfwi noise=0.01\");\n" +
			"print(\"gathers=\" + nSlices + \"x\" + getWidth());\n" +
			"saveAs(\"Tiff\", " + ImageJ1.quote(gathers) + ");\n" +
			"run(\"MemFWI...\", \"file=" + dir.resolve("model1.npy") + " index=1-2 preset=openfwi\");\n" +
			"print(\"models=\" + nSlices);\n" +
			"saveAs(\"Tiff\", " + ImageJ1.quote(models) + ");\n");
		assertEquals(0, o.exitCode, o.output);
		assertTrue(o.output.contains("gathers=5x70"), o.output);
		assertTrue(o.output.contains("models=2"), o.output);
		final ImagePlus g = new Opener().openTiff(dir + File.separator, "gathers.tif");
		assertEquals("0,170,340,520,690", g.getProp("memfwi.src_x"));
		assertEquals("time", g.getProp("memfwi.physics"));
		assertEquals(d[4 * 70 + 9], ((float[]) g.getStack().getPixels(1))[4 * 70 + 9]);
		final ImagePlus mm = new Opener().openTiff(dir + File.separator, "models.tif");
		assertEquals(10, mm.getCalibration().pixelWidth, 0);
		assertEquals(m[4900 + 17], ((float[]) mm.getStack().getPixels(1))[17]);
	}

	@Test
	void setAcquisitionStampsAnOpenImageOrAsksForTheMissingKey(@TempDir final Path dir) throws Exception {
		final ImageStack st = new ImageStack(70, 25);
		for (int s = 0; s < 5; s++) {
			final float[] px = new float[70 * 25];
			for (int i = 0; i < px.length; i++) px[i] = (float) Math.sin(0.01 * i + s);
			st.addSlice("shot " + (s + 1), px);
		}
		IJ.saveAsTiff(new ImagePlus("plain", st), dir.resolve("plain.tif").toString());
		final ImageJ1 ij = new ImageJ1(dir);
		final Path stamped = dir.resolve("stamped.tif");
		ImageJ1.Outcome o = ij.runMacro(
			"open(" + ImageJ1.quote(dir.resolve("plain.tif")) + ");\n" +
			"run(\"Set Acquisition...\", \"data=plain.tif preset=openfwi noise=0.5\");\n" +
			"saveAs(\"Tiff\", " + ImageJ1.quote(stamped) + ");\n");
		assertEquals(0, o.exitCode, o.output);
		final ImagePlus imp = new Opener().openTiff(dir + File.separator, "stamped.tif");
		assertEquals("15", imp.getProp("memfwi.f0"));
		assertEquals("0.5", imp.getProp("memfwi.noise"));
		assertEquals(0.001, imp.getCalibration().pixelHeight, 1e-15);
		o = ij.runMacro(
			"open(" + ImageJ1.quote(dir.resolve("plain.tif")) + ");\n" +
			"run(\"Set Acquisition...\", \"data=plain.tif dx=10 nz=70\");\n" +
			"print(\"macro went on\");\n");
		assertTrue(o.output.contains("plain.tif has no receiver positions: give receiverx= (m, 70 comma-separated x positions"), o.output);
		assertFalse(o.output.contains("macro went on"), o.output);
	}

	@Test
	void setAcquisitionStampsFrequencyDomainPlanes(@TempDir final Path dir) throws Exception {
		final ImageStack st = new ImageStack(6, 3);
		for (int q = 0; q < 4; q++) {
			final float[] px = new float[18];
			for (int i = 0; i < px.length; i++) px[i] = 100 * q + i;
			st.addSlice("plane " + (q + 1), px);
		}
		IJ.saveAsTiff(new ImagePlus("planes", st), dir.resolve("planes.tif").toString());
		final ImageJ1 ij = new ImageJ1(dir);
		final Path stamped = dir.resolve("stamped-fd.tif");
		ImageJ1.Outcome o = ij.runMacro(
			"open(" + ImageJ1.quote(dir.resolve("planes.tif")) + ");\n" +
			"run(\"Set Acquisition...\", \"data=planes.tif frequencies=3,5 dx=20 nx=30 nz=12 sourcex=100,300,500 " +
				"receiverx=50,150,250,350,450,550 pmldamping=100 cpml=6\");\n" +
			"Stack.getDimensions(w, h, channels, slices, frames);\n" +
			"print(\"dims=\" + channels + \"x\" + slices);\n" +
			"saveAs(\"Tiff\", " + ImageJ1.quote(stamped) + ");\n");
		assertEquals(0, o.exitCode, o.output);
		assertTrue(o.output.contains("dims=2x2"), o.output);
		final ImagePlus imp = new Opener().openTiff(dir + File.separator, "stamped-fd.tif");
		assertEquals("helmholtz-data", imp.getProp("memfwi.kind"));
		assertEquals("3,5", imp.getProp("memfwi.frequencies"));
		assertEquals("100", imp.getProp("memfwi.sigma"));
		assertEquals(300 + 17, ((float[]) imp.getStack().getPixels(4))[17]);
		o = ij.runMacro(
			"open(" + ImageJ1.quote(dir.resolve("planes.tif")) + ");\n" +
			"run(\"Set Acquisition...\", \"data=planes.tif frequencies=3,5 dx=20 nx=30 nz=12 sourcex=100,300,500 " +
				"receiverx=50,150,250,350,450,550\");\n" +
			"print(\"macro went on\");\n");
		assertTrue(o.output.contains("pmldamping: give the PML maximum damping (1/s)"), o.output);
		assertFalse(o.output.contains("macro went on"), o.output);
	}
}
