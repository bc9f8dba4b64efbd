package org.memfwi.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;

import org.memfwi.core.grid.Grid2D;
import org.memfwi.core.helmholtz.HelmholtzAcquisition;
import org.memfwi.core.helmholtz.HelmholtzConfig;
import org.memfwi.core.helmholtz.HelmholtzNoise;
import org.memfwi.core.helmholtz.HelmholtzOperator;
import org.memfwi.core.helmholtz.HelmholtzSolver;
import org.memfwi.core.helmholtz.Stencil;
import org.memfwi.core.helmholtz.VelocityPixels;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;

class HelmholtzDataTest {

	private static final Grid2D GRID = new Grid2D(24, 16, 10);

	private static HelmholtzData.Dataset dataset(final double relativeNoise) {
		final HelmholtzAcquisition acq = HelmholtzAcquisition.evenlySpaced(GRID, 3, 7, 2);
		final HelmholtzConfig cfg = HelmholtzConfig.defaults().withFrequencies(6, 9.5).withPml(6).withStencil(Stencil.NINE_POINT)
			.resolve(2500, GRID.dx());
		final HelmholtzSolver solver = new HelmholtzSolver(GRID, acq, cfg);
		final double[] v = new double[GRID.size()];
		for (int i = 0; i < v.length; i++) v[i] = 1800 + 20 * (i / GRID.nx());
		final double[] d = new HelmholtzOperator(solver, new VelocityPixels(GRID)).apply(v, null);
		final double gamma = HelmholtzNoise.add(d, 3 * 7, relativeNoise, 42);
		return new HelmholtzData.Dataset(GRID, acq, cfg, d, gamma);
	}

	@Test
	void roundTripThroughTiffKeepsDataAcquisitionAndPhysics(@TempDir final Path dir) {
		final HelmholtzData.Dataset d = dataset(0.05);
		final ImagePlus imp = HelmholtzData.toImage("data", d);
		assertEquals(2, imp.getNChannels());
		assertEquals(2, imp.getNSlices());
		assertEquals(7, imp.getWidth());
		assertEquals(3, imp.getHeight());
		final File f = dir.resolve("data.tif").toFile();
		new FileSaver(imp).saveAsTiffStack(f.getPath());
		final ImagePlus back = IJ.openImage(f.getPath());
		final HelmholtzData.Dataset r = HelmholtzData.read(back, "data");
		assertEquals(GRID, r.grid);
		assertArrayEquals(d.acquisition.sourceX(), r.acquisition.sourceX());
		assertArrayEquals(d.acquisition.sourceZ(), r.acquisition.sourceZ());
		assertArrayEquals(d.acquisition.receiverX(), r.acquisition.receiverX());
		assertArrayEquals(d.acquisition.receiverZ(), r.acquisition.receiverZ());
		assertArrayEquals(d.config.frequencies(), r.config.frequencies());
		assertEquals(d.config.pml(), r.config.pml());
		assertEquals(d.config.sigmaMax(), r.config.sigmaMax(), 1e-9 * d.config.sigmaMax());
		assertEquals(Stencil.NINE_POINT, r.config.stencil());
		assertEquals(d.noise, r.noise, 1e-9 * d.noise);
		for (int i = 0; i < d.data.length; i++) assertEquals((float) d.data[i], r.data[i], 0, "value " + i);
		// The solver rebuilt from the properties reproduces the clean data (sigma is stored to 10 digits).
		final HelmholtzData.Dataset clean = dataset(0);
		final HelmholtzData.Dataset cleanBack = HelmholtzData.read(HelmholtzData.toImage("clean", clean), "data");
		final double[] v = new double[GRID.size()];
		for (int i = 0; i < v.length; i++) v[i] = 1800 + 20 * (i / GRID.nx());
		final double[] again = new HelmholtzOperator(cleanBack.solver(), new VelocityPixels(GRID)).apply(v, null);
		for (int i = 0; i < again.length; i++) assertEquals(clean.data[i], again[i], 1e-8 * Math.abs(clean.data[i]) + 1e-14);
		// Plane order: channel (real, imaginary) fastest, then frequency.
		assertEquals("imaginary 9.5 Hz", back.getStack().getSliceLabel(4));
	}

	@Test
	void missingOrInconsistentPropertiesAreNamed() {
		final ImagePlus imp = HelmholtzData.toImage("d", dataset(0));
		imp.setProp("memfwi.frequencies", "");
		assertEquals("data ('d') has no property memfwi.frequencies; give frequency-domain data made by forward " +
			"physics=helmholtz (saved as TIFF)", assertThrows(IllegalArgumentException.class, () -> HelmholtzData.read(imp, "data"))
				.getMessage());
		imp.setProp("memfwi.frequencies", "6,9.5,12");
		assertEquals("data ('d') is 7 x 3 x 4 planes but its properties describe 7 receivers (width) x 3 sources (height) x " +
			"2 channels x 3 frequencies", assertThrows(IllegalArgumentException.class, () -> HelmholtzData.read(imp, "data"))
				.getMessage());
		imp.setProp("memfwi.frequencies", "6,9.5");
		imp.setProp("memfwi.kind", "shot-gathers");
		assertEquals("data ('d') has memfwi.kind = shot-gathers, expected helmholtz-data; give frequency-domain data made by " +
			"forward physics=helmholtz (shot gathers need physics=time)", assertThrows(IllegalArgumentException.class, () -> HelmholtzData.read(imp, "data"))
				.getMessage());
		imp.setProp("memfwi.kind", "helmholtz-data");
		imp.setProp("memfwi.src_x", "10,1000,20");
		assertEquals("data ('d'): source 2 at (x = 1000.0 m, z = 20.0 m) is outside the model grid, which spans x = 0..230.0 m " +
			"and z = 0..150.0 m; move it inside the model", assertThrows(IllegalArgumentException.class, () -> HelmholtzData.read(imp,
				"data")).getMessage());
		final HelmholtzData.Dataset ok = dataset(0);
		assertEquals("data: memfwi.nx = 24 but model is 25 cells wide; use data made on the grid of model", assertThrows(
			IllegalArgumentException.class, () -> DataProperties.checkGrid(ok.grid, new Grid2D(25, 16, 10), "data", "model")).getMessage());
		assertEquals("data: memfwi.dx = 10.0 m but the cell size of model is 5.0 m; use data made on the grid of model",
			assertThrows(IllegalArgumentException.class, () -> DataProperties.checkGrid(ok.grid, new Grid2D(24, 16, 5), "data", "model"))
				.getMessage());
	}

	/** Noise: standard deviation relative * max |d| on every real and imaginary part, reproducible from the seed. */
	@Test
	void noiseIsRelativeToTheLargestModulusAndSeeded() {
		final int block = 50;
		final double[] d = new double[2 * 200 * block];
		d[3] = 3;
		d[block + 3] = -4; // modulus 5 at frequency 0, value 3
		d[2 * block + 7] = 4.9;
		assertEquals(5, HelmholtzNoise.maxModulus(d, block), 0);
		final double[] a = d.clone(), b = d.clone();
		final double gamma = HelmholtzNoise.add(a, block, 0.05, 7);
		HelmholtzNoise.add(b, block, 0.05, 7);
		assertEquals(0.25, gamma, 1e-15);
		assertArrayEquals(a, b, 0);
		double ss = 0;
		for (int i = 0; i < d.length; i++) ss += (a[i] - d[i]) * (a[i] - d[i]);
		assertEquals(0.25, Math.sqrt(ss / d.length), 0.25 * 0.02); // 20000 samples: 0.5 % standard error
		final double[] c = d.clone();
		HelmholtzNoise.add(c, block, 0.05, 8);
		assertEquals(false, Arrays.equals(a, c));
		assertEquals("noise (relative to max |d|) must be >= 0, got -0.1", assertThrows(IllegalArgumentException.class,
			() -> HelmholtzNoise.add(c, block, -0.1, 1)).getMessage());
	}
}
