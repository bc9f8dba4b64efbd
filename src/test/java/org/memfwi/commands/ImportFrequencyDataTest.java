package org.memfwi.commands;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.memfwi.io.HelmholtzData;
import org.memfwi.io.Images;
import org.memfwi.io.array.FloatArray;
import org.memfwi.io.npy.NpyWriter;
import org.memfwi.testing.CapturedOutput;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import ij.ImagePlus;
import ij.io.Opener;
import ij.process.FloatProcessor;

/**
 * import kind=frequency-data: a hand-written (F, S, R, 2) file and its (2, F, S, R) twin give the same Helmholtz data
 * image; forward physics=helmholtz data written out as such an array and imported with the same acquisition give back
 * the forward's data, grid, positions, frequencies and PML exactly; bad shapes and missing keys are named.
 */
class ImportFrequencyDataTest {

	private static Context context;
	private static CommandService commands;

	@BeforeAll
	static void start() {
		context = new Context(CommandService.class);
		commands = context.service(CommandService.class);
	}

	@AfterAll
	static void stop() {
		context.dispose();
	}

	private static CommandModule run(final Class<? extends MemFwiCommand> c, final Object... keyValues) throws Exception {
		final Map<String, Object> in = new HashMap<>();
		for (int i = 0; i < keyValues.length; i += 2) in.put((String) keyValues[i], keyValues[i + 1]);
		return commands.run(c, true, in).get();
	}

	private static ImagePlus imported(final File out) {
		return new Opener().openTiff(out.getPath() + File.separator, "imported.tif");
	}

	@Test
	void bothLayoutsOfAHandWrittenFile(@TempDir final Path dir) throws Exception {
		final int nf = 2, ns = 3, nr = 4;
		final float[] trailing = new float[nf * ns * nr * 2], leading = new float[2 * nf * ns * nr];
		for (int f = 0; f < nf; f++)
			for (int s = 0; s < ns; s++)
				for (int r = 0; r < nr; r++)
					for (int part = 0; part < 2; part++) {
						final float v = 100 * f + 10 * s + r + (part == 0 ? 0.25f : -0.5f);
						trailing[((f * ns + s) * nr + r) * 2 + part] = v;
						leading[((part * nf + f) * ns + s) * nr + r] = v;
					}
		NpyWriter.write(dir.resolve("t.npy"), new FloatArray(new int[] { nf, ns, nr, 2 }, trailing));
		NpyWriter.write(dir.resolve("l.npy"), new FloatArray(new int[] { 2, nf, ns, nr }, leading));
		for (final String name : new String[] { "t.npy", "l.npy" }) {
			final File out = dir.resolve("out-" + name).toFile();
			final CommandModule m = run(ImportCommand.class, "file", dir.resolve(name).toFile(), "kind", "frequency-data", "nx", 20, "nz",
				10, "dx", 25.0, "frequencies", "3,5", "sourcex", "100,250,400", "receiverx", "50,150,250,350", "receiverz", "50",
				"pmldamping", 100.0, "cpml", 8, "noise", 0.01, "out", out);
			assertFalse(m.isCanceled(), m.getCancelReason());
			final HelmholtzData.Dataset d = HelmholtzData.read(imported(out), "data");
			assertEquals(20, d.grid.nx());
			assertEquals(10, d.grid.nz());
			assertEquals(25, d.grid.dx());
			assertArrayEquals(new double[] { 3, 5 }, d.config.frequencies());
			assertEquals(8, d.config.pml());
			assertEquals(100, d.config.sigmaMax());
			assertEquals(0.01, d.noise);
			assertArrayEquals(new double[] { 100, 250, 400 }, d.acquisition.sourceX());
			assertArrayEquals(new double[] { 25, 25, 25 }, d.acquisition.sourceZ(), "one cell deep by default");
			assertArrayEquals(new double[] { 50, 50, 50, 50 }, d.acquisition.receiverZ());
			for (int f = 0; f < nf; f++)
				for (int s = 0; s < ns; s++)
					for (int r = 0; r < nr; r++) {
						assertEquals(100 * f + 10 * s + r + 0.25, d.data[(2 * f) * ns * nr + s * nr + r], name + " real");
						assertEquals(100 * f + 10 * s + r - 0.5, d.data[(1 + 2 * f) * ns * nr + s * nr + r], name + " imaginary");
					}
		}
	}

	@Test
	void forwardDataRoundTrip(@TempDir final Path dir) throws Exception {
		final int nx = 24, nz = 16;
		final float[] v = new float[nx * nz];
		for (int i = 0; i < v.length; i++) v[i] = i / nx < 8 ? 1800 : 2600;
		final ImagePlus model = new ImagePlus("model", new FloatProcessor(nx, nz, v));
		Images.calibrate(model, 20, Images.VELOCITY_UNIT);
		final File fw = dir.resolve("fw").toFile();
		CommandModule m = run(ForwardCommand.class, "model", model, "physics", "helmholtz", "frequencies", "3,4.5", "sources", 3,
			"cpml", 10, "pmldamping", 150.0, "out", fw);
		assertFalse(m.isCanceled(), m.getCancelReason());
		final HelmholtzData.Dataset d = HelmholtzData.read(new Opener().openTiff(fw.getPath() + File.separator, "data.tif"), "data");
		final int nf = d.config.frequencyCount(), ns = d.acquisition.sources(), nr = d.acquisition.receivers();
		final float[] a = new float[nf * ns * nr * 2];
		for (int f = 0; f < nf; f++)
			for (int i = 0; i < ns * nr; i++)
				for (int part = 0; part < 2; part++) a[(f * ns * nr + i) * 2 + part] = (float) d.data[(part + 2 * f) * ns * nr + i];
		NpyWriter.write(dir.resolve("fd.npy"), new FloatArray(new int[] { nf, ns, nr, 2 }, a));
		final File out = dir.resolve("imp").toFile();
		m = run(ImportCommand.class, "file", dir.resolve("fd.npy").toFile(), "kind", "frequency-data", "nx", nx, "nz", nz, "dx", 20.0,
			"frequencies", "3,4.5", "sourcex", join(d.acquisition.sourceX()), "sourcez", join(d.acquisition.sourceZ()),
			"receiverx", join(d.acquisition.receiverX()), "receiverz", join(d.acquisition.receiverZ()), "cpml", 10,
			"pmldamping", 150.0, "out", out);
		assertFalse(m.isCanceled(), m.getCancelReason());
		final HelmholtzData.Dataset e = HelmholtzData.read(imported(out), "data");
		assertArrayEquals(d.data, e.data);
		assertArrayEquals(d.acquisition.sourceX(), e.acquisition.sourceX());
		assertArrayEquals(d.acquisition.receiverZ(), e.acquisition.receiverZ());
		assertArrayEquals(d.config.frequencies(), e.config.frequencies());
		assertEquals(d.config.pml(), e.config.pml());
		assertEquals(d.config.sigmaMax(), e.config.sigmaMax());
		assertEquals(d.config.stencil(), e.config.stencil());
	}

	private static String join(final double[] v) {
		final StringBuilder s = new StringBuilder();
		for (int i = 0; i < v.length; i++) s.append(i > 0 ? "," : "").append(v[i]);
		return s.toString();
	}

	@Test
	void badShapesAndMissingKeysNamed(@TempDir final Path dir, final CapturedOutput output) throws Exception {
		NpyWriter.write(dir.resolve("bad.npy"), new FloatArray(new int[] { 3, 4, 5 }, new float[60]));
		CommandModule m = run(ImportCommand.class, "file", dir.resolve("bad.npy").toFile(), "kind", "frequency-data", "nx", 10, "nz",
			10, "dx", 10.0, "out", dir.resolve("o1").toFile());
		assertTrue(m.getCancelReason().startsWith("file: bad.npy has shape [3, 4, 5]; kind=frequency-data needs (F, S, R, 2)"),
			m.getCancelReason());
		CommandRunner.assertLoggedRefusal(output, m);
		NpyWriter.write(dir.resolve("f.npy"), new FloatArray(new int[] { 2, 1, 3, 2 }, new float[12]));
		m = run(ImportCommand.class, "file", dir.resolve("f.npy").toFile(), "kind", "frequency-data", "nx", 10, "nz", 10, "dx", 10.0,
			"frequencies", "4", "out", dir.resolve("o2").toFile());
		assertEquals("frequencies: f.npy holds 2 frequencies but frequencies= lists 1; give the 2 frequencies of the file in Hz, in " +
			"its order, e.g. frequencies=3,4", m.getCancelReason());
		CommandRunner.assertLoggedRefusal(output, m);
		m = run(ImportCommand.class, "file", dir.resolve("f.npy").toFile(), "kind", "frequency-data", "nx", 10, "nz", 10, "dx", 10.0,
			"frequencies", "4,5", "sourcex", "50", "out", dir.resolve("o3").toFile());
		assertEquals("f.npy has no receiver positions: give receiverx= (m, 3 comma-separated values)", m.getCancelReason());
		CommandRunner.assertLoggedRefusal(output, m);
		m = run(ImportCommand.class, "file", dir.resolve("f.npy").toFile(), "kind", "frequency-data", "nx", 10, "nz", 10, "dx", 10.0,
			"frequencies", "4,5", "sourcex", "50", "receiverx", "10,20,30", "out", dir.resolve("o4").toFile());
		assertTrue(m.getCancelReason().startsWith("pmldamping: give the PML maximum damping"), m.getCancelReason());
		CommandRunner.assertLoggedRefusal(output, m);
		for (final String o : new String[] { "o1", "o2", "o3", "o4" }) assertFalse(dir.resolve(o + "/imported.tif").toFile().exists());
	}
}
