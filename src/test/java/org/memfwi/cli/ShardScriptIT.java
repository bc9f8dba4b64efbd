package org.memfwi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.memfwi.commands.PosteriorFixtures;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;

/**
 * The built jar in subprocesses: the README's SLURM job-array script run as a loop over the array tasks (then its
 * merge step) equals a single run; a reweighted and a linearized run killed with SIGKILL after a checkpoint and resumed
 * with resume=true equal the uninterrupted runs byte for byte.
 */
class ShardScriptIT {

	@TempDir
	static Path dir;
	private static Path training, data;
	private static final Path JAR = Paths.get("target/memfwi.jar").toAbsolutePath();

	@BeforeAll
	static void inputs() {
		final ImagePlus t = PosteriorFixtures.training(40, 3);
		training = PosteriorFixtures.save(t, dir.resolve("training.tif"));
		data = PosteriorFixtures.save(PosteriorFixtures.timeData(PosteriorFixtures.slice(t, 7), 0.02, 3), dir.resolve("data.tif"));
	}

	private static Process start(final Path log, final String... args) throws Exception {
		final List<String> cmd = new ArrayList<>(Arrays.asList("java", "-jar", JAR.toString()));
		cmd.addAll(Arrays.asList(args));
		return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
	}

	private static void same(final Path a, final Path b, final String... files) throws Exception {
		for (final String f : files) assertTrue(Arrays.equals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f))),
			f + " differs between " + a + " and " + b);
	}

	@Test
	void theJobArrayScriptRunAsALoopEqualsOneRun() throws Exception {
		final Path single = dir.resolve("single");
		final Process s = start(dir.resolve("single.log"), "posterior-reweighted", "training=" + training, "data=" + data, "threads=2",
			"out=" + single);
		assertEquals(0, s.waitFor(), new String(Files.readAllBytes(dir.resolve("single.log"))));
		final Path script = Paths.get("scripts/memfwi-shards.sh").toAbsolutePath();
		final int k = 4;
		for (int i = 0; i < k; i++) {
			final ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), "shard").directory(dir.toFile()).redirectErrorStream(true)
				.redirectOutput(dir.resolve("task" + i + ".log").toFile());
			pb.environment().put("SLURM_ARRAY_TASK_ID", Integer.toString(i));
			pb.environment().put("SLURM_ARRAY_TASK_COUNT", Integer.toString(k));
			pb.environment().put("SLURM_CPUS_PER_TASK", "1");
			pb.environment().put("MEMFWI_JAR", JAR.toString());
			pb.environment().put("MEMFWI_KEYS", "training=training.tif data=data.tif");
			assertEquals(0, pb.start().waitFor(), new String(Files.readAllBytes(dir.resolve("task" + i + ".log"))));
			assertTrue(Files.isRegularFile(dir.resolve("runs/shard-" + i + "/partial.bin")));
		}
		final ProcessBuilder merge = new ProcessBuilder("bash", script.toString(), "merge").directory(dir.toFile()).redirectErrorStream(true)
			.redirectOutput(dir.resolve("merge.log").toFile());
		merge.environment().put("MEMFWI_JAR", JAR.toString());
		assertEquals(0, merge.start().waitFor(), new String(Files.readAllBytes(dir.resolve("merge.log"))));
		same(single, dir.resolve("runs/merged"), "weights.csv", "summary.csv");
		// a requeued task finds its partial and resumes: nothing left to do, same partial
		final byte[] before = Files.readAllBytes(dir.resolve("runs/shard-1/partial.bin"));
		final ProcessBuilder again = new ProcessBuilder("bash", script.toString(), "shard").directory(dir.toFile()).redirectErrorStream(true)
			.redirectOutput(dir.resolve("again.log").toFile());
		again.environment().put("SLURM_ARRAY_TASK_ID", "1");
		again.environment().put("SLURM_ARRAY_TASK_COUNT", Integer.toString(k));
		again.environment().put("MEMFWI_JAR", JAR.toString());
		assertEquals(0, again.start().waitFor(), new String(Files.readAllBytes(dir.resolve("again.log"))));
		assertTrue(Arrays.equals(before, Files.readAllBytes(dir.resolve("runs/shard-1/partial.bin"))));
	}

	@Test
	void aRunKilledAfterACheckpointResumesToTheSameResult() throws Exception {
		// a job of several seconds: 80 models of 24 x 20 cells, 1,200 time steps
		assertEquals(0, new MainTest.Run("generate-models", "family=flat", "n=80", "seed=5", "nx=24", "nz=20", "dx=10", "vmin=1500",
			"vmax=2500", "out=" + dir.resolve("long-train"), "--quiet").code);
		final String longTraining = dir.resolve("long-train/models.tif").toString();
		assertEquals(0, new MainTest.Run("generate-models", "family=flat", "n=1", "seed=6", "nx=24", "nz=20", "dx=10", "vmin=1500",
			"vmax=2500", "out=" + dir.resolve("long-truth"), "--quiet").code);
		final MainTest.Run f = new MainTest.Run("forward", "physics=time", "model=" + dir.resolve("long-truth/models.tif"), "sources=2", "f0=10",
			"nt=1200", "dt=0.001", "cpml=10", "noise=0.05", "out=" + dir.resolve("long-data"), "--quiet");
		assertEquals(0, f.code, f.err);
		final String longData;
		try (Stream<Path> st = Files.list(dir.resolve("long-data"))) {
			longData = st.filter(x -> x.toString().endsWith(".tif")).findFirst().get().toString();
		}
		final Path whole = dir.resolve("whole"), killed = dir.resolve("killed");
		final String[] keys = { "posterior-reweighted", "training=" + longTraining, "data=" + longData, "threads=1", "checkpoint=0.01" };
		final Process w = start(dir.resolve("whole.log"), concat(keys, "out=" + whole));
		assertEquals(0, w.waitFor(), new String(Files.readAllBytes(dir.resolve("whole.log"))));
		final Process p = start(dir.resolve("killed.log"), concat(keys, "out=" + killed));
		final Path partial = killed.resolve("partial.bin");
		final long t0 = System.nanoTime();
		// wait for a checkpoint, then a little more, then SIGKILL (Process.destroyForcibly is kill -9 on Linux)
		while (!Files.exists(partial) && p.isAlive() && System.nanoTime() - t0 < 120e9) Thread.sleep(20);
		assertTrue(p.isAlive(), "the run ended before it was killed; make the job longer\n" +
			new String(Files.readAllBytes(dir.resolve("killed.log"))));
		Thread.sleep(300);
		// SIGKILL to the whole process tree (memfwi.jar may have re-launched itself with the vector module)
		p.descendants().forEach(ProcessHandle::destroyForcibly);
		p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
		assertFalse(Files.exists(killed.resolve("weights.csv")), "killed before the end");
		final int covered = Integer.parseInt(new String(Files.readAllBytes(partial), "UTF-8").split("\nrows=")[1].split("\n")[0]);
		assertTrue(covered > 0 && covered < 80, "the checkpoint holds part of the run: " + covered);
		final Process r = start(dir.resolve("resumed.log"), concat(keys, "out=" + killed, "resume=true"));
		assertEquals(0, r.waitFor(), new String(Files.readAllBytes(dir.resolve("resumed.log"))));
		assertTrue(new String(Files.readAllBytes(dir.resolve("resumed.log"))).contains("Resuming: "));
		same(whole, killed, "weights.csv", "summary.csv", "posterior-mean.tif", "posterior-variance.tif", "best-matches.tif");
		assertFalse(Files.exists(partial), "the finished run drops its checkpoint");
	}

	@Test
	void aLinearizedRunKilledAfterACheckpointResumesToTheSameResult() throws Exception {
		// every model linearized (linearize=all): 16 models of 24 x 20 cells, 600 time steps, about 13 solves each
		assertEquals(0, new MainTest.Run("generate-models", "family=flat", "n=16", "seed=7", "nx=24", "nz=20", "dx=10", "vmin=1500",
			"vmax=2500", "out=" + dir.resolve("lin-train"), "--quiet").code);
		assertEquals(0, new MainTest.Run("generate-models", "family=flat", "n=1", "seed=8", "nx=24", "nz=20", "dx=10", "vmin=1500",
			"vmax=2500", "out=" + dir.resolve("lin-truth"), "--quiet").code);
		final MainTest.Run f = new MainTest.Run("forward", "physics=time", "model=" + dir.resolve("lin-truth/models.tif"), "sources=2",
			"f0=10", "nt=600", "dt=0.001", "cpml=10", "noise=0.05", "out=" + dir.resolve("lin-data"), "--quiet");
		assertEquals(0, f.code, f.err);
		final String linData;
		try (Stream<Path> st = Files.list(dir.resolve("lin-data"))) {
			linData = st.filter(x -> x.toString().endsWith(".tif")).findFirst().get().toString();
		}
		final Path whole = dir.resolve("lin-whole"), killed = dir.resolve("lin-killed");
		final String[] keys = { "posterior-linearized", "training=" + dir.resolve("lin-train/models.tif"), "data=" + linData, "sigma=20",
			"rank=2", "oversampling=2", "power=0", "keep=3", "linearize=all", "threads=1", "checkpoint=0.01" };
		final Process w = start(dir.resolve("lin-whole.log"), concat(keys, "out=" + whole));
		assertEquals(0, w.waitFor(), new String(Files.readAllBytes(dir.resolve("lin-whole.log"))));
		assertFalse(Files.exists(whole.resolve("partial.bin")), "the finished run drops its checkpoint");
		final Process p = start(dir.resolve("lin-killed.log"), concat(keys, "out=" + killed));
		final Path partial = killed.resolve("partial.bin");
		final long t0 = System.nanoTime();
		while (!Files.exists(partial) && p.isAlive() && System.nanoTime() - t0 < 120e9) Thread.sleep(20);
		assertTrue(p.isAlive(), "the run ended before it was killed; make the job longer\n" +
			new String(Files.readAllBytes(dir.resolve("lin-killed.log"))));
		Thread.sleep(200);
		p.descendants().forEach(ProcessHandle::destroyForcibly);
		p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
		assertFalse(Files.exists(killed.resolve("components.csv")), "killed before the end");
		final int covered = Integer.parseInt(new String(Files.readAllBytes(partial), "UTF-8").split("\nrows=")[1].split("\n")[0]);
		assertTrue(covered > 0 && covered < 16, "the checkpoint holds part of the run: " + covered);
		final Process r = start(dir.resolve("lin-resumed.log"), concat(keys, "out=" + killed, "resume=true"));
		assertEquals(0, r.waitFor(), new String(Files.readAllBytes(dir.resolve("lin-resumed.log"))));
		assertTrue(new String(Files.readAllBytes(dir.resolve("lin-resumed.log"))).contains("Resuming: "));
		same(whole, killed, "components.csv", "summary.csv", "posterior-mean.tif", "posterior-variance.tif",
			"posterior-within-variance.tif", "component-shifts.tif");
		assertFalse(Files.exists(partial), "the finished run drops its checkpoint");
	}

	private static String[] concat(final String[] a, final String... b) {
		final String[] c = Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, c, a.length, b.length);
		return c;
	}
}
