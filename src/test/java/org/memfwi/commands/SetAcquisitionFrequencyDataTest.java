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
import org.memfwi.testing.CapturedOutput;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.Opener;
import ij.process.FloatProcessor;

/**
 * Set Acquisition on Helmholtz frequency-domain data: forward physics=helmholtz data stripped of their properties and
 * stamped again with the same keys read back exactly as the forward's (values, grid, positions, frequencies, PML,
 * stencil), on the open image too; one key changed on stamped data keeps the others; several models become frames;
 * keys of the other kind of data and plane counts that do not fit are refused by name, and nothing is written.
 */
class SetAcquisitionFrequencyDataTest {

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

	/** Helmholtz data of a two-layer 24 x 16 model of 20 m cells, 3 and 4.5 Hz, 3 sources, PML 10 cells, 150 1/s, 9 points. */
	private static HelmholtzData.Dataset forward(final Path dir) throws Exception {
		final int nx = 24, nz = 16;
		final float[] v = new float[nx * nz];
		for (int i = 0; i < v.length; i++) v[i] = i / nx < 8 ? 1800 : 2600;
		final ImagePlus model = new ImagePlus("model", new FloatProcessor(nx, nz, v));
		Images.calibrate(model, 20, Images.VELOCITY_UNIT);
		final File fw = dir.resolve("fw").toFile();
		final CommandModule m = run(ForwardCommand.class, "model", model, "physics", "helmholtz", "frequencies", "3,4.5", "sources", 3,
			"cpml", 10, "pmldamping", 150.0, "stencil", 9, "out", fw);
		assertFalse(m.isCanceled(), m.getCancelReason());
		return HelmholtzData.read(new Opener().openTiff(fw.getPath() + File.separator, "data.tif"), "data");
	}

	/** The data's planes as a plain stack without any property, as another code's TIFF would be. */
	private static ImagePlus plain(final HelmholtzData.Dataset d, final int copies) {
		final int nr = d.acquisition.receivers(), ns = d.acquisition.sources(), planes = 2 * d.config.frequencyCount();
		final ImageStack st = new ImageStack(nr, ns);
		for (int c = 0; c < copies; c++)
			for (int q = 0; q < planes; q++) {
				final float[] px = new float[nr * ns];
				for (int i = 0; i < px.length; i++) px[i] = (float) ((c + 1) * d.data[q * nr * ns + i]);
				st.addSlice("", new FloatProcessor(nr, ns, px));
			}
		return new ImagePlus("plain", st);
	}

	private static String join(final double[] v) {
		final StringBuilder s = new StringBuilder();
		for (int i = 0; i < v.length; i++) s.append(i > 0 ? "," : "").append(v[i]);
		return s.toString();
	}

	private static Object[] acquisitionOf(final HelmholtzData.Dataset d, final Object... more) {
		final Object[] keys = { "nx", d.grid.nx(), "nz", d.grid.nz(), "dx", d.grid.dx(), "frequencies", join(d.config.frequencies()),
			"sourcex", join(d.acquisition.sourceX()), "sourcez", join(d.acquisition.sourceZ()), "receiverx",
			join(d.acquisition.receiverX()), "receiverz", join(d.acquisition.receiverZ()), "cpml", d.config.pml(), "pmldamping",
			d.config.sigmaMax(), "stencil", 9 };
		final Object[] all = new Object[keys.length + more.length];
		System.arraycopy(keys, 0, all, 0, keys.length);
		System.arraycopy(more, 0, all, keys.length, more.length);
		return all;
	}

	private static void assertSameAcquisition(final HelmholtzData.Dataset d, final HelmholtzData.Dataset e) {
		assertEquals(d.grid.nx(), e.grid.nx());
		assertEquals(d.grid.nz(), e.grid.nz());
		assertEquals(d.grid.dx(), e.grid.dx());
		assertArrayEquals(d.acquisition.sourceX(), e.acquisition.sourceX());
		assertArrayEquals(d.acquisition.sourceZ(), e.acquisition.sourceZ());
		assertArrayEquals(d.acquisition.receiverX(), e.acquisition.receiverX());
		assertArrayEquals(d.acquisition.receiverZ(), e.acquisition.receiverZ());
		assertArrayEquals(d.config.frequencies(), e.config.frequencies());
		assertEquals(d.config.pml(), e.config.pml());
		assertEquals(d.config.stencil(), e.config.stencil());
	}

	@Test
	void plainPlanesStampedWithTheForwardsKeysReadBackAsTheForwardsData(@TempDir final Path dir) throws Exception {
		final HelmholtzData.Dataset d = forward(dir);
		final ImagePlus open = plain(d, 1);
		final File out = dir.resolve("out").toFile();
		final CommandModule m = run(SetAcquisitionCommand.class, acquisitionOf(d, "data", open, "kind", "frequency-data", "noise", 0.02,
			"out", out));
		assertFalse(m.isCanceled(), m.getCancelReason());
		for (final ImagePlus imp : new ImagePlus[] { new Opener().openTiff(out.getPath() + File.separator, "imported.tif"), open }) {
			final HelmholtzData.Dataset e = HelmholtzData.read(imp, "data");
			assertSameAcquisition(d, e);
			assertEquals(150, e.config.sigmaMax());
			assertEquals(0.02, e.noise);
			assertArrayEquals(d.data, e.data, "float planes hold the forward's float values exactly");
			assertEquals(2, imp.getNChannels());
			assertEquals(2, imp.getNSlices());
		}
	}

	@Test
	void oneKeyChangedOnStampedDataKeepsTheOthers(@TempDir final Path dir) throws Exception {
		final HelmholtzData.Dataset d = forward(dir);
		final ImagePlus stamped = HelmholtzData.toImage("stamped", d);
		final CommandModule m = run(SetAcquisitionCommand.class, "data", stamped, "pmldamping", 300.0, "cpml", 10, "stencil", 9);
		assertFalse(m.isCanceled(), m.getCancelReason());
		final HelmholtzData.Dataset e = HelmholtzData.read(stamped, "data");
		assertSameAcquisition(d, e);
		assertEquals(300, e.config.sigmaMax());
		assertArrayEquals(d.data, e.data);
	}

	@Test
	void severalModelsBecomeFrames(@TempDir final Path dir) throws Exception {
		final HelmholtzData.Dataset d = forward(dir);
		final ImagePlus open = plain(d, 3);
		final CommandModule m = run(SetAcquisitionCommand.class, acquisitionOf(d, "data", open));
		assertFalse(m.isCanceled(), m.getCancelReason());
		assertEquals(3, open.getNFrames());
		final HelmholtzData.Dataset[] all = HelmholtzData.readAll(open, "data");
		assertEquals(3, all.length);
		for (int i = 0; i < d.data.length; i++) assertEquals(3 * (float) d.data[i], all[2].data[i], 0, "model 3, value " + i);
	}

	@Test
	void badInputNamedAndNothingWritten(@TempDir final Path dir, final CapturedOutput output) throws Exception {
		final HelmholtzData.Dataset d = forward(dir);
		final ImagePlus five = plain(d, 1);
		five.getStack().addSlice("", new FloatProcessor(five.getWidth(), five.getHeight()));
		final Object[][] bad = {
			{ "frequencies: plain has 5 planes, not a multiple of 2 x 2 frequencies (a real and an imaginary plane per frequency " +
				"and model); give one frequency per pair of planes", "frequencies", "3,4.5" },
			{ "plain has no frequencies: give frequencies= (Hz, comma-separated, one per pair of planes real, imaginary), e.g. " +
				"frequencies=3,4", "kind", "frequency-data" },
			{ "dt, f0: describe shot gathers, not frequency-domain data; frequency-domain data take nx, nz, dx, frequencies, sourcex, " +
				"receiverx, cpml (PML width), pmldamping and stencil: drop dt, f0", "frequencies", "3,4.5", "dt", 0.001, "f0", 5.0 },
			{ "pmldamping: describes frequency-domain data, not shot gathers; give kind=frequency-data for Helmholtz data, or drop " +
				"pmldamping", "kind", "gathers", "pmldamping", 100.0 } };
		for (int b = 0; b < bad.length; b++) {
			final Object[] keys = new Object[bad[b].length + 3];
			keys[0] = "data";
			keys[1] = b == 0 ? five : plain(d, 1);
			for (int i = 1; i < bad[b].length; i++) keys[1 + i] = bad[b][i];
			keys[keys.length - 2] = "out";
			keys[keys.length - 1] = dir.resolve("o" + b).toFile();
			final CommandModule m = run(SetAcquisitionCommand.class, keys);
			assertTrue(m.isCanceled(), (String) bad[b][0]);
			assertEquals(bad[b][0], m.getCancelReason());
			CommandRunner.assertLoggedRefusal(output, m);
			assertFalse(dir.resolve("o" + b + "/imported.tif").toFile().exists());
		}
		// receivers that disagree with the width
		final CommandModule m = run(SetAcquisitionCommand.class, acquisitionOf(d, "data", plain(d, 1), "receiverx", "10,20,30"));
		assertEquals("receiverx: plain holds " + d.acquisition.receivers() + " receivers but receiverx= lists 3 positions; give " +
			d.acquisition.receivers(), m.getCancelReason());
		CommandRunner.assertLoggedRefusal(output, m);
	}
}
