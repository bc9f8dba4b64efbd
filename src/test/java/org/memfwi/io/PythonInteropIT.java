package org.memfwi.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.memfwi.commands.ForwardCommand;
import org.memfwi.commands.ImportCommand;
import org.memfwi.core.progress.Progress;
import org.memfwi.io.array.ArrayLayouts;
import org.memfwi.io.array.FloatArray;
import org.memfwi.io.array.Planes;
import org.memfwi.io.hdf5.Hdf5Dataset;
import org.memfwi.io.hdf5.Hdf5Writer;
import org.memfwi.io.npy.NpyFile;
import org.memfwi.io.npy.NpyWriter;
import org.memfwi.io.segy.SegyFile;
import org.memfwi.io.segy.SegyLayouts;
import org.memfwi.io.segy.SegyWriter;
import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import ij.ImagePlus;
import ij.io.Opener;
import ij.process.FloatProcessor;

/**
 * Files written by the field's own tools (Debian's numpy, Equinor's segyio, h5py; /usr/bin/python3) read by MemFWI,
 * and files MemFWI writes read back by those tools, which check the values and headers themselves and exit non-zero
 * on a mismatch. Value of element (i, j, ...) in every fixture: {@code f = 1000 i + 10 j + k + 0.5} style formulas
 * computed on both sides.
 */
class PythonInteropIT {

	@TempDir
	Path dir;

	/** Runs a Python script in the temporary folder; fails with its output unless it exits with 0. */
	private void python(final String script) throws IOException, InterruptedException {
		final Path py = dir.resolve("script.py");
		Files.write(py, script.getBytes(StandardCharsets.UTF_8));
		final Process p = new ProcessBuilder("/usr/bin/python3", py.toString()).directory(dir.toFile()).redirectErrorStream(true).start();
		final byte[] out = readAll(p);
		assertTrue(p.waitFor(120, TimeUnit.SECONDS), "python timed out");
		assertEquals(0, p.exitValue(), "python failed:\n" + new String(out, StandardCharsets.UTF_8));
	}

	private static byte[] readAll(final Process p) throws IOException {
		return p.getInputStream().readAllBytes();
	}

	@Test
	void numpyFilesBothWays() throws Exception {
		python("import numpy as np\n" +
			"i,j,k,l = np.meshgrid(np.arange(4), np.arange(1), np.arange(3), np.arange(5), indexing='ij')\n" +
			"m = (1000*i + 10*k + l + 0.5).astype(np.float32)\n" +
			"np.save('model1.npy', m)\n" +
			"np.save('big64.npy', m[:, 0].astype('>f8'))\n" +
			"np.save('fortran.npy', np.asfortranarray(m[:, 0]))\n" +
			"a,s,t,r = np.meshgrid(np.arange(2), np.arange(3), np.arange(6), np.arange(4), indexing='ij')\n" +
			"np.save('data1.npy', (100*a + 10*s + t + 0.01*r).astype(np.float32))\n" +
			"np.save('bad.npy', np.zeros((2,2), dtype=np.int64))\n");
		for (final String f : new String[] { "model1.npy", "big64.npy", "fortran.npy" }) {
			final Planes p = ArrayLayouts.models(NpyFile.open(dir.resolve(f)), "1-2");
			assertEquals(5, p.width, f);
			assertEquals(3, p.height, f);
			assertEquals(1000 * 2 + 10 * 2 + 4 + 0.5f, p.planes[1][4 + 5 * 2], f);
		}
		assertTrue(NpyFile.open(dir.resolve("fortran.npy")).fortranOrder());
		final Planes g = ArrayLayouts.gathers(NpyFile.open(dir.resolve("data1.npy")), "1");
		assertEquals(3, g.size());
		assertEquals(100 + 10 * 2 + 5 + 0.03f, g.planes[2][3 + 4 * 5], 1e-5);
		try {
			NpyFile.open(dir.resolve("bad.npy"));
			throw new AssertionError("int64 accepted");
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage().startsWith("bad.npy holds int64 values"), e.getMessage());
		}
		// MemFWI writes, numpy reads
		final float[] v = new float[2 * 3 * 4];
		for (int i = 0; i < v.length; i++) v[i] = i * 0.5f - 3;
		NpyWriter.write(dir.resolve("mine.npy"), new FloatArray(new int[] { 2, 3, 4 }, v));
		python("import numpy as np\n" +
			"a = np.load('mine.npy')\n" +
			"assert a.dtype == np.float32 and a.shape == (2, 3, 4), (a.dtype, a.shape)\n" +
			"assert np.array_equal(a.ravel(), np.arange(24, dtype=np.float32) * 0.5 - 3), a\n");
	}

	@Test
	void segyioFilesBothWays() throws Exception {
		// 3 shots of 5 receivers, 40 samples of 2 ms; positions with scalar -10 (decimetres) and elevation scalar -100
		final String write = "import numpy as np, segyio\n" +
			"for name, fmt, endian in [('ibm.sgy', 1, 'big'), ('ieee.sgy', 5, 'big'), ('little.sgy', 5, 'little')]:\n" +
			"    spec = segyio.spec(); spec.format = fmt; spec.samples = np.arange(40) * 2.0; spec.tracecount = 15\n" +
			"    spec.endian = endian\n" +
			"    with segyio.create(name, spec) as f:\n" +
			"        f.bin.update(hdt=2000, hns=40)\n" +
			"        for s in range(3):\n" +
			"            for r in range(5):\n" +
			"                k = 5 * s + r\n" +
			"                f.header[k] = {segyio.su.fldr: 11 + s, segyio.su.scalco: -10, segyio.su.scalel: -100,\n" +
			"                    segyio.su.sx: int(10 * (170.5 * s)), segyio.su.gx: int(10 * (10 * r + 5)),\n" +
			"                    segyio.su.sdepth: 1000, segyio.su.gelev: -1500, segyio.su.ns: 40, segyio.su.dt: 2000}\n" +
			"                f.trace[k] = (np.sin(0.3 * np.arange(40) + r) * (s + 1)).astype(np.float32)\n";
		python(write);
		for (final String name : new String[] { "ibm.sgy", "ieee.sgy", "little.sgy" }) {
			final SegyFile f = SegyFile.read(dir.resolve(name));
			assertEquals(name.equals("little.sgy") ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN, f.order, name);
			assertEquals(name.equals("ibm.sgy") ? 1 : 5, f.format, name);
			final SegyLayouts.Gathers g = SegyLayouts.gathers(f, SegyLayouts.Grouping.AUTO, Double.NaN);
			assertEquals(2e-3, g.dt, 1e-12);
			assertArrayEquals(new double[] { 0, 170.5, 341 }, g.sourceX, 1e-9, name);
			assertArrayEquals(new double[] { 10, 10, 10 }, g.sourceZ, 1e-9, name);
			assertArrayEquals(new double[] { 5, 15, 25, 35, 45 }, g.receiverX, 1e-9, name);
			assertArrayEquals(new double[] { 15, 15, 15, 15, 15 }, g.receiverZ, 1e-9, name);
			for (int s = 0; s < 3; s++)
				for (int r = 0; r < 5; r++)
					for (int t = 0; t < 40; t += 7) {
						final float expect = (float) (Math.sin(0.3 * t + r) * (s + 1));
						assertEquals(expect, g.shots.planes[s][r + 5 * t], name.equals("ibm.sgy") ? 1e-6 : 1e-7, name + " shot " + s);
					}
		}
		// MemFWI writes (IEEE and IBM), segyio reads and checks
		final float[][] shots = new float[2][30 * 4];
		for (int s = 0; s < 2; s++)
			for (int i = 0; i < 120; i++) shots[s][i] = (float) Math.cos(0.1 * i + s);
		SegyWriter.ieee().writeGathers(dir.resolve("mine.sgy"), shots, 30, 1e-3, new double[] { 0, 690 }, new double[] { 10, 10 },
			new double[] { 0, 10, 20, 30 }, new double[] { 10, 10, 10, 10 });
		SegyWriter.ieee().withIbm().writeGathers(dir.resolve("mine-ibm.sgy"), shots, 30, 1e-3, new double[] { 0, 690 },
			new double[] { 10, 10 }, new double[] { 0, 10, 20, 30 }, new double[] { 10, 10, 10, 10 });
		final float[] model = new float[6 * 4];
		for (int i = 0; i < model.length; i++) model[i] = 1500 + i;
		SegyWriter.ieee().writeModels(dir.resolve("model.sgy"), new float[][] { model }, 6, 4, 12.5);
		python("import numpy as np, segyio\n" +
			"for name, fmt in [('mine.sgy', 5), ('mine-ibm.sgy', 1)]:\n" +
			"    with segyio.open(name, ignore_geometry=True) as f:\n" +
			"        assert f.tracecount == 8 and len(f.samples) == 30, (f.tracecount, len(f.samples))\n" +
			"        assert f.bin[segyio.BinField.Interval] == 1000 and f.bin[segyio.BinField.Format] == fmt\n" +
			"        assert abs(segyio.tools.dt(f) - 1000) < 1e-9\n" +
			"        for k in range(8):\n" +
			"            s, r = divmod(k, 4)\n" +
			"            h = f.header[k]\n" +
			"            sc = h[segyio.su.scalco]; scale = (1.0 / -sc) if sc < 0 else sc\n" +
			"            el = h[segyio.su.scalel]; escale = (1.0 / -el) if el < 0 else el\n" +
			"            assert h[segyio.su.fldr] == s + 1\n" +
			"            assert abs(h[segyio.su.sx] * scale - 690 * s) < 1e-9 and abs(h[segyio.su.gx] * scale - 10 * r) < 1e-9\n" +
			"            assert abs(h[segyio.su.sdepth] * escale - 10) < 1e-9 and abs(h[segyio.su.gelev] * escale + 10) < 1e-9\n" +
			"            want = np.cos(0.1 * (r + 4 * np.arange(30)) + s).astype(np.float32)\n" +
			"            assert np.allclose(f.trace[k], want, rtol=1e-6, atol=1e-7), (name, k)\n" +
			"with segyio.open('model.sgy', ignore_geometry=True) as f:\n" +
			"    m = segyio.tools.collect(f.trace[:])\n" +
			"    assert m.shape == (6, 4)\n" +
			"    assert np.array_equal(m.T.ravel(), 1500 + np.arange(24, dtype=np.float32)), m\n" +
			"    assert [f.header[i][segyio.su.cdpx] for i in range(6)] == [int(1250 * i) for i in range(6)]\n");
	}

	@Test
	void h5pyFilesBothWays() throws Exception {
		python("import numpy as np, h5py\n" +
			"n, z, x = np.meshgrid(np.arange(3), np.arange(4), np.arange(5), indexing='ij')\n" +
			"with h5py.File('archive.h5', 'w') as f:\n" +
			"    f.create_dataset('broadband_dm', data=(100*n + 10*z + x).astype(np.float32))\n" +
			"    g = f.create_group('more')\n" +
			"    g.create_dataset('vp', data=(5000 + 100*n + 10*z + x).astype(np.float64), chunks=(1, 4, 5), compression='gzip')\n");
		try (Hdf5Dataset d = Hdf5Dataset.open(dir.resolve("archive.h5"), "broadband_dm")) {
			final Planes p = ArrayLayouts.models(d, "2");
			assertEquals(200 + 30 + 4, p.planes[0][4 + 5 * 3]);
		}
		try (Hdf5Dataset d = Hdf5Dataset.open(dir.resolve("archive.h5"), "more/vp")) {
			assertEquals(5000 + 100 + 12, d.readEntry(1, null)[7]);
		}
		try {
			Hdf5Dataset.open(dir.resolve("archive.h5"), "nope");
			throw new AssertionError("missing path accepted");
		}
		catch (final IllegalArgumentException e) {
			assertEquals("archive.h5 has no dataset 'nope'; it holds [broadband_dm, more/vp]: give one of them with dataset=", e.getMessage());
		}
		// a training set over both datasets, through the lazily loaded cell image
		final TrainingFiles t = TrainingFiles.open(dir.resolve("archive.h5").toString(), Progress.NONE);
		assertEquals(6, t.size());
		assertEquals(5000 + 200 + 10, t.read(5, null)[5]);
		// MemFWI writes, h5py reads
		final Map<String, FloatArray> m = new LinkedHashMap<>();
		final float[] v = new float[2 * 3 * 4];
		for (int i = 0; i < v.length; i++) v[i] = 1500 + i;
		m.put("models", new FloatArray(new int[] { 2, 3, 4 }, v));
		Hdf5Writer.write(dir.resolve("mine.h5"), m);
		python("import numpy as np, h5py\n" +
			"with h5py.File('mine.h5', 'r') as f:\n" +
			"    a = f['models'][...]\n" +
			"    assert a.shape == (2, 3, 4) and a.dtype == np.float32, (a.shape, a.dtype)\n" +
			"    assert np.array_equal(a.ravel(), 1500 + np.arange(24, dtype=np.float32))\n");
		assertTrue(Arrays.asList(dir.toFile().list()).contains("mine.h5"));
	}

	/** Runs a MemFWI command as the CLI would (out= folder); fails with its reason if it is refused. */
	private static void command(final Class<? extends Command> type, final Object... keyValues) throws Exception {
		final Context context = new Context(CommandService.class);
		try {
			final Map<String, Object> in = new HashMap<>();
			for (int i = 0; i < keyValues.length; i += 2) in.put((String) keyValues[i], keyValues[i + 1]);
			final CommandModule m = context.service(CommandService.class).run(type, true, in).get();
			assertFalse(m.isCanceled(), m.getCancelReason());
		}
		finally {
			context.dispose();
		}
	}

	/**
	 * Frequency-domain data as numpy and h5py users keep them: complex64 and complex128 .npy in both byte orders (and
	 * Fortran order), h5py's complex dataset and a real (F, S, R, 2) dataset next to a reflectivity archive key, imported
	 * with kind=frequency-data; every value equals what Python wrote to float precision (half an ulp of the float32
	 * value: complex128 values are rounded once). Then forward physics=helmholtz format=npy writes complex64 (F, S, R)
	 * that numpy reads equal to the TIFF's values, and that imports back to the same data.
	 */
	@Test
	void frequencyDataFromNumpyAndH5pyAndBack() throws Exception {
		python("import numpy as np, h5py\n" +
			"f, s, r = np.meshgrid(np.arange(2), np.arange(3), np.arange(4), indexing='ij')\n" +
			"d = (100*f + 10*s + r + 0.25) - 1j*(f + s + r + 1) / 7.0\n" +
			"np.save('c8le.npy', d.astype('<c8'))\n" +
			"np.save('c8be.npy', d.astype('>c8'))\n" +
			"np.save('c16le.npy', d.astype('<c16'))\n" +
			"np.save('c16be.npy', d.astype('>c16'))\n" +
			"np.save('c16f.npy', np.asfortranarray(d.astype('<c16')))\n" +
			"with h5py.File('archive.h5', 'w') as h:\n" +
			"    h.create_dataset('broadband_dm', data=np.zeros((2, 8, 10), np.float32))\n" +
			"    h.create_dataset('data/complex', data=d)\n" +
			"    h.create_dataset('data/pairs', data=np.stack([d.real, d.imag], -1).astype(np.float32))\n" +
			"with open('values.txt', 'w') as t:\n" +
			"    for v in d.ravel(): t.write(repr(float(v.real)) + ' ' + repr(float(v.imag)) + '\\n')\n");
		final List<String> lines = Files.readAllLines(dir.resolve("values.txt"));
		assertEquals(24, lines.size());
		final String[][] files = { { "c8le.npy", "" }, { "c8be.npy", "" }, { "c16le.npy", "" }, { "c16be.npy", "" }, { "c16f.npy", "" },
			{ "archive.h5", "data/complex" }, { "archive.h5", "data/pairs" } };
		for (final String[] f : files) {
			final Path out = dir.resolve("imp-" + f[0] + f[1].replace('/', '-'));
			command(ImportCommand.class, "file", dir.resolve(f[0]).toFile(), "dataset", f[1], "kind", "frequency-data", "nx", 10, "nz", 8,
				"dx", 20.0, "frequencies", "3,5", "sourcex", "40,100,160", "receiverx", "20,60,100,140", "pmldamping", 100.0, "cpml", 6,
				"out", out.toFile());
			final HelmholtzData.Dataset d = HelmholtzData.read(new Opener().openTiff(out + File.separator, "imported.tif"), "data");
			for (int k = 0; k < 24; k++) {
				final String[] v = lines.get(k).split(" ");
				final int fq = k / 12, i = k % 12;
				final double re = Double.parseDouble(v[0]), im = Double.parseDouble(v[1]);
				assertEquals(re, d.data[2 * fq * 12 + i], Math.ulp((float) re) / 2, f[0] + " " + f[1] + " real " + k);
				assertEquals(im, d.data[(2 * fq + 1) * 12 + i], Math.ulp((float) im) / 2, f[0] + " " + f[1] + " imaginary " + k);
			}
		}
		// the readers of models and gathers refuse complex values, naming kind=frequency-data
		try {
			Hdf5Dataset.open(dir.resolve("archive.h5"), "data/complex").close();
			throw new AssertionError("complex dataset read as models");
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage().startsWith("archive.h5: dataset 'data/complex' holds complex values; complex arrays are " +
				"frequency-domain data (import kind=frequency-data reads them)"), e.getMessage());
		}
		try {
			NpyFile.open(dir.resolve("c16be.npy"));
			throw new AssertionError("complex .npy read as models");
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage().startsWith("c16be.npy holds complex128 values (dtype '>c16')"), e.getMessage());
		}
		// forward writes complex64 .npy, numpy reads it equal to the TIFF's values, import reads it back
		final float[] v = new float[16 * 10];
		for (int i = 0; i < v.length; i++) v[i] = i / 16 < 5 ? 1800 : 2500;
		final ImagePlus model = new ImagePlus("model", new FloatProcessor(16, 10, v));
		Images.calibrate(model, 20, Images.VELOCITY_UNIT);
		final Path fw = dir.resolve("fw");
		command(ForwardCommand.class, "model", model, "physics", "helmholtz", "frequencies", "3,4.5", "sources", 2, "cpml", 6,
			"pmldamping", 120.0, "format", "tif,npy", "out", fw.toFile());
		final HelmholtzData.Dataset d = HelmholtzData.read(new Opener().openTiff(fw + File.separator, "data.tif"), "data");
		final int ns = d.acquisition.sources(), nr = d.acquisition.receivers();
		final StringBuilder expected = new StringBuilder();
		for (final double x : d.data) expected.append(Float.toString((float) x)).append('\n');
		Files.write(dir.resolve("expected.txt"), expected.toString().getBytes(StandardCharsets.UTF_8));
		python("import numpy as np\n" +
			"a = np.load('fw/data.npy')\n" +
			"assert a.dtype == np.complex64 and a.shape == (2, " + ns + ", " + nr + "), (a.dtype, a.shape)\n" +
			"e = np.loadtxt('expected.txt', dtype=np.float32).reshape(2, 2, " + ns + ", " + nr + ")\n" +
			"assert np.array_equal(a.real, e[:, 0]) and np.array_equal(a.imag, e[:, 1]), np.abs(a - (e[:, 0] + 1j*e[:, 1])).max()\n");
		final Path back = dir.resolve("back");
		command(ImportCommand.class, "file", fw.resolve("data.npy").toFile(), "kind", "frequency-data", "nx", 16, "nz", 10, "dx", 20.0,
			"frequencies", "3,4.5", "sourcex", join(d.acquisition.sourceX()), "sourcez", join(d.acquisition.sourceZ()), "receiverx",
			join(d.acquisition.receiverX()), "receiverz", join(d.acquisition.receiverZ()), "pmldamping", 120.0, "cpml", 6, "out",
			back.toFile());
		assertArrayEquals(d.data, HelmholtzData.read(new Opener().openTiff(back + File.separator, "imported.tif"), "data").data);
	}

	private static String join(final double[] v) {
		final StringBuilder s = new StringBuilder();
		for (int i = 0; i < v.length; i++) s.append(i > 0 ? "," : "").append(v[i]);
		return s.toString();
	}
}
