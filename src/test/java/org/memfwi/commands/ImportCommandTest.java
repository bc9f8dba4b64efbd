package org.memfwi.commands;

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
import org.memfwi.core.grid.Grid2D;
import org.memfwi.io.array.FloatArray;
import org.memfwi.io.npy.NpyWriter;
import org.memfwi.testing.CapturedOutput;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import ij.ImagePlus;
import ij.io.Opener;

/** import: OpenFWI gathers with preset=openfwi get a complete acquisition; models get their cell size; bad keys are named. */
class ImportCommandTest {

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

	private static CommandModule run(final Object... keyValues) throws Exception {
		final Map<String, Object> in = new HashMap<>();
		for (int i = 0; i < keyValues.length; i += 2) in.put((String) keyValues[i], keyValues[i + 1]);
		return commands.run(ImportCommand.class, true, in).get();
	}

	@Test
	void openFwiGathersWithPresetReadAsObservedData(@TempDir final Path dir) throws Exception {
		final int n = 2, s = 5, nt = 20, r = 70;
		final float[] v = new float[n * s * nt * r];
		for (int i = 0; i < v.length; i++) v[i] = (float) Math.sin(i * 0.01);
		final File f = dir.resolve("data1.npy").toFile();
		NpyWriter.write(f.toPath(), new FloatArray(new int[] { n, s, nt, r }, v));
		final File out = dir.resolve("out").toFile();
		final CommandModule m = run("file", f, "index", "1", "preset", "openfwi", "noise", 0.01, "out", out);
		assertFalse(m.isCanceled(), m.getCancelReason());
		final ImagePlus imp = new Opener().openTiff(out.getPath() + File.separator, "imported.tif");
		assertEquals(5, imp.getStackSize());
		assertEquals(70, imp.getWidth());
		assertEquals("0,170,340,520,690", imp.getProp("memfwi.src_x"));
		assertEquals("10,10,10,10,10", imp.getProp("memfwi.src_z"));
		assertEquals("0.001", imp.getProp("memfwi.dt"));
		assertEquals("15", imp.getProp("memfwi.f0"));
		assertEquals("0.1", imp.getProp("memfwi.delay"));
		assertEquals("70", imp.getProp("memfwi.nx"));
		assertEquals(0.001, imp.getCalibration().pixelHeight, 1e-15);
		// shot 3, sample 4, receiver 5 of data set 1
		assertEquals(v[((1 * s + 2) * nt + 4) * r + 5], ((float[]) imp.getStack().getPixels(3))[4 * r + 5]);
		// every command reads it
		final ObservedData d = ObservedData.read(imp, "data", new Grid2D(70, 70, 10), "training");
		assertEquals(5 * 20 * 70, d.values().length);
		assertEquals(0.01, d.gamma(0), 1e-12);
	}

	@Test
	void receiverCountMismatchAndMissingKeysNamed(@TempDir final Path dir, final CapturedOutput output) throws Exception {
		final File f = dir.resolve("data.npy").toFile();
		NpyWriter.write(f.toPath(), new FloatArray(new int[] { 2, 10, 6 }, new float[120]));
		CommandModule m = run("file", f, "kind", "gathers", "receiverx", "0,10,20", "sourcex", "0,50", "dx", 10.0, "nz", 10, "dt", 0.001,
			"f0", 10.0, "out", dir.resolve("o1").toFile());
		assertTrue(m.isCanceled());
		assertEquals("data.npy has 6 receivers per shot (image width) but receiverx gives 3 positions; give one position per receiver",
			m.getCancelReason());
		CommandRunner.assertLoggedRefusal(output, m);
		m = run("file", f, "kind", "gathers", "out", dir.resolve("o2").toFile());
		assertEquals("data.npy has no receiver positions: give receiverx= (m, 6 comma-separated x positions, one per column) or " +
			"preset=openfwi", m.getCancelReason());
		CommandRunner.assertLoggedRefusal(output, m);
		m = run("file", f, "kind", "gathers", "receiverx", "0,10,20,30,40,50", "sourcex", "0,50", "dx", 10.0, "nz", 10,
			"out", dir.resolve("o3").toFile());
		assertEquals("data.npy has no time step: give dt= (s), e.g. dt=0.001", m.getCancelReason());
		CommandRunner.assertLoggedRefusal(output, m);
		assertFalse(dir.resolve("o1").toFile().exists() && dir.resolve("o1").toFile().list().length > 0, "nothing written on error");
	}

	@Test
	void modelsGetTheirCellSize(@TempDir final Path dir, final CapturedOutput output) throws Exception {
		final float[] v = new float[3 * 4 * 5];
		for (int i = 0; i < v.length; i++) v[i] = 1500 + i;
		final File f = dir.resolve("model1.npy").toFile();
		NpyWriter.write(f.toPath(), new FloatArray(new int[] { 3, 1, 4, 5 }, v));
		CommandModule m = run("file", f, "out", dir.resolve("x").toFile());
		assertEquals("model1.npy carries no cell size: give dx= (m), or preset=openfwi (10 m)", m.getCancelReason());
		CommandRunner.assertLoggedRefusal(output, m);
		final File out = dir.resolve("out").toFile();
		m = run("file", f, "index", "0-1", "dx", 12.5, "out", out);
		assertFalse(m.isCanceled(), m.getCancelReason());
		final ImagePlus imp = new Opener().openTiff(out.getPath() + File.separator, "imported.tif");
		assertEquals(2, imp.getStackSize());
		assertEquals(12.5, imp.getCalibration().pixelWidth, 0);
		assertEquals("m/s", imp.getCalibration().getValueUnit());
		assertEquals(1500 + 20 + 7, ((float[]) imp.getStack().getPixels(2))[7]);
	}

	/** The acquisition keys are declared once (AcquisitionCommand) and follow what they describe: the file, the image. */
	@Test
	void bothCommandsListTheSharedAcquisitionKeysAfterTheirOwnInput() {
		final String shared = "preset,dx,nx,nz,sourcex,sourcez,receiverx,receiverz,dt,f0,delay,order,cpml,freesurface,noise";
		assertEquals("file,kind,index,dataset,frequencies,pmldamping,stencil," + shared, keys(ImportCommand.class));
		assertEquals("data,kind,frequencies,pmldamping,stencil," + shared, keys(SetAcquisitionCommand.class));
	}

	private static String keys(final Class<? extends MemFwiCommand> type) {
		final StringBuilder b = new StringBuilder();
		for (final CommandSpec.Param p : CommandSpec.of(type).params())
			if (!MemFwiCommand.class.equals(p.field.getDeclaringClass())) b.append(b.length() > 0 ? "," : "").append(p.key);
		return b.toString();
	}
}
