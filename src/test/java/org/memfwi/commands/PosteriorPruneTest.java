package org.memfwi.commands;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.memfwi.core.posterior.PruningBound;
import org.memfwi.core.progress.CanceledException;
import org.memfwi.core.progress.Progress;
import org.memfwi.core.shard.PosteriorPartial;
import org.memfwi.testing.CapturedOutput;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import ij.ImagePlus;
import ij.io.Opener;

/**
 * posterior-reweighted with prune=true: the same posterior as the full evaluation (mean, variance, weights and best
 * matches, bit for bit), with the misfits of the pruned models given as lower bounds and marked in weights.csv.
 */
class PosteriorPruneTest {

	private static Context context;
	private static CommandService commands;
	private static ImagePlus training, data;

	@BeforeAll
	static void start() {
		context = new Context(CommandService.class);
		commands = context.service(CommandService.class);
		training = PosteriorFixtures.training(40, 3);
		data = PosteriorFixtures.timeData(PosteriorFixtures.slice(training, 17), 0.01, 5);
	}

	@AfterAll
	static void stop() {
		context.dispose();
	}

	private static CommandModule run(final Object... keyValues) throws Exception {
		final Map<String, Object> in = new HashMap<>();
		for (int i = 0; i < keyValues.length; i += 2) in.put((String) keyValues[i], keyValues[i + 1]);
		return commands.run(PosteriorReweightedCommand.class, true, in).get();
	}

	private static float[][] pixels(final File dir, final String name) {
		final ImagePlus imp = new Opener().openTiff(dir.getPath() + File.separator, name);
		final float[][] p = new float[imp.getStackSize()][];
		for (int i = 0; i < p.length; i++) p[i] = (float[]) imp.getStack().getPixels(i + 1);
		return p;
	}

	@Test
	void prunedRunGivesTheFullRunsPosteriorAndMarksTheBounds(@TempDir final Path dir) throws Exception {
		final File full = dir.resolve("full").toFile();
		final CommandModule fm = run("training", training, "data", data, "best", 2, "threads", 2, "out", full);
		assertFalse(fm.isCanceled());
		final PosteriorResult fr = ((PosteriorReweightedCommand) fm.getDelegateObject()).posterior();
		final List<String[]> wf = PosteriorCommandsTest.csv(full.toPath().resolve("weights.csv"));
		for (final int threads : new int[] { 1, 2 }) {
			final File pr = dir.resolve("pruned" + threads).toFile();
			final CommandModule m = run("training", training, "data", data, "best", 2, "threads", threads, "prune", true, "out", pr);
			assertFalse(m.isCanceled(), m.getCancelReason());
			// The posterior in double precision, before it is written: the same bits.
			final PosteriorResult pr2 = ((PosteriorReweightedCommand) m.getDelegateObject()).posterior();
			assertArrayEquals(fr.mean(), pr2.mean(), "mean, bit for bit");
			assertArrayEquals(fr.variance(), pr2.variance(), "variance, bit for bit");
			assertArrayEquals(fr.weights(), pr2.weights(), "weights, bit for bit");
			assertEquals(Double.doubleToLongBits(fr.ess()), Double.doubleToLongBits(pr2.ess()), "ESS");
			assertEquals(Double.doubleToLongBits(fr.effectiveModes()), Double.doubleToLongBits(pr2.effectiveModes()), "modes");
			for (final String img : new String[] { "posterior-mean.tif", "posterior-variance.tif", "best-matches.tif" }) {
				final float[][] a = pixels(full, img), b = pixels(pr, img);
				assertEquals(a.length, b.length, img);
				for (int i = 0; i < a.length; i++) assertArrayEquals(a[i], b[i], 0, img + " slice " + (i + 1));
			}
			final List<String[]> w = PosteriorCommandsTest.csv(pr.toPath().resolve("weights.csv"));
			assertEquals("index,misfit,log_weight,weight,evaluated", String.join(",", w.get(0)));
			// The misfits run from 2,898 (the best) through 2,906, 3,344, 3,504 and 4,177 (weights down to e^-640, not zero in
			// double precision, so a margin below 1,279 would drop a model of non-zero weight and fail here) to 167,691.
			double best = Double.POSITIVE_INFINITY;
			for (int k = 1; k <= 40; k++) best = Math.min(best, Double.parseDouble(wf.get(k)[1]));
			int pruned = 0;
			for (int k = 1; k <= 40; k++) {
				final String[] r = w.get(k), f = wf.get(k);
				assertEquals(f[3], r[3], "weight of model " + k);
				final double evaluated = Double.parseDouble(r[4]), misfit = Double.parseDouble(r[1]), exact = Double.parseDouble(f[1]);
				if (evaluated < 1) {
					pruned++;
					assertEquals("0", r[3], "a pruned model's weight");
					assertTrue(misfit <= exact * (1 + 1e-12), "model " + k + ": bound " + misfit + " above the misfit " + exact);
					assertTrue(misfit > best + PruningBound.MARGIN, "model " + k + ": bound " + misfit + " not beyond the margin");
				}
				else assertEquals(f[1], r[1], "misfit of complete model " + k);
			}
			// 40 layered models and 1 % noise: many fit far worse than the best and are stopped early (9 with 1 and 2
			// threads when written).
			assertTrue(pruned >= 5, pruned + " of 40 models pruned");
			final Map<String, String> s = StylizedCommandTest.summary(pr.toPath().resolve("summary.csv"));
			assertEquals(Integer.toString(pruned), s.get("pruned_models"));
			final Map<String, String> sf = StylizedCommandTest.summary(full.toPath().resolve("summary.csv"));
			for (final String key : new String[] { "ess", "effective_modes", "best_index", "best_weight", "best_misfit" })
				assertEquals(sf.get(key), s.get(key), key);
		}
	}

	@Test
	void prunedShardsMergeIntoTheFullRunsPosterior(@TempDir final Path dir) throws Exception {
		// Each shard prunes against its own complete models; partial.bin keeps which misfits are bounds.
		final File full = dir.resolve("full").toFile();
		assertFalse(run("training", training, "data", data, "best", 2, "out", full).isCanceled());
		for (int i = 0; i < 2; i++)
			assertFalse(run("training", training, "data", data, "best", 2, "prune", true, "shard", i + "/2", "out",
				dir.resolve("shard-" + i).toFile()).isCanceled());
		final File merged = dir.resolve("merged").toFile();
		final Map<String, Object> in = new HashMap<>();
		in.put("parts", dir.resolve("shard-0") + "," + dir.resolve("shard-1"));
		in.put("out", merged);
		final CommandModule m = commands.run(MergeCommand.class, true, in).get();
		assertFalse(m.isCanceled(), m.getCancelReason());
		for (final String img : new String[] { "posterior-mean.tif", "posterior-variance.tif", "best-matches.tif" }) {
			final float[][] a = pixels(full, img), b = pixels(merged, img);
			for (int i = 0; i < a.length; i++) assertArrayEquals(a[i], b[i], 0, img + " slice " + (i + 1));
		}
		final List<String[]> wf = PosteriorCommandsTest.csv(full.toPath().resolve("weights.csv")),
			w = PosteriorCommandsTest.csv(merged.toPath().resolve("weights.csv"));
		assertEquals("index,misfit,log_weight,weight,evaluated", String.join(",", w.get(0)));
		int pruned = 0;
		for (int k = 1; k <= 40; k++) {
			assertEquals(wf.get(k)[3], w.get(k)[3], "weight of model " + k);
			if (Double.parseDouble(w.get(k)[4]) < 1) pruned++;
			else assertEquals(wf.get(k)[1], w.get(k)[1], "misfit of complete model " + k);
		}
		assertTrue(pruned > 0, "no model pruned in the shards");
	}

	@Test
	void prunedModelsFoldedBeforeTheBestOneLeaveNoTrace() throws Exception {
		// Data of the last model: models pruned against the best so far are folded (in model order) before the best
		// one, so the running moments see their bounds first; the posterior is still the full run's, to the bit.
		final ImagePlus last = PosteriorFixtures.timeData(PosteriorFixtures.slice(training, 40), 0.01, 7);
		final PosteriorResult full = ((PosteriorReweightedCommand) run("training", training, "data", last, "best", 1).getDelegateObject())
			.posterior();
		final CommandModule m = run("training", training, "data", last, "best", 1, "prune", true);
		final PosteriorReweightedCommand c = (PosteriorReweightedCommand) m.getDelegateObject();
		final PosteriorResult r = c.posterior();
		assertArrayEquals(full.mean(), r.mean(), "mean, bit for bit");
		assertArrayEquals(full.variance(), r.variance(), "variance, bit for bit");
		assertArrayEquals(full.weights(), r.weights(), "weights, bit for bit");
		final double[] w = r.weights();
		int best = 0;
		for (int k = 1; k < w.length; k++) if (w[k] > w[best]) best = k;
		assertEquals(39, best, "the model that made the data");
		final org.memfwi.core.util.Table t = c.results().tables().get("weights.csv");
		int before = 0;
		for (int k = 0; k < best; k++) if (t.number(k, "evaluated") < 1) before++;
		assertTrue(before >= 3, before + " models pruned before the best one");
	}

	@Test
	void frequencyDomainDataArePrunedBetweenFrequencies() throws Exception {
		// 2 frequencies (3 and 5 Hz): a model whose 3 Hz misfit is already beyond the limit skips the 5 Hz solve.
		final ImagePlus h = PosteriorFixtures.helmholtzData(PosteriorFixtures.slice(training, 17), 2e-3, 5);
		final PosteriorResult full = ((PosteriorReweightedCommand) run("training", training, "data", h, "best", 1).getDelegateObject())
			.posterior();
		final PosteriorReweightedCommand c = (PosteriorReweightedCommand) run("training", training, "data", h, "best", 1, "prune", true)
			.getDelegateObject();
		final PosteriorResult r = c.posterior();
		assertArrayEquals(full.mean(), r.mean(), "mean, bit for bit");
		assertArrayEquals(full.variance(), r.variance(), "variance, bit for bit");
		assertArrayEquals(full.weights(), r.weights(), "weights, bit for bit");
		final org.memfwi.core.util.Table t = c.results().tables().get("weights.csv");
		int pruned = 0;
		for (int k = 0; k < 40; k++) if (t.number(k, "evaluated") < 1) {
			pruned++;
			assertEquals(0.5, t.number(k, "evaluated"), 0, "one of the two frequencies compared");
		}
		assertTrue(pruned >= 5, pruned + " of 40 models pruned");
	}

	@Test
	void aCancelledPrunedRunResumesToTheFullRunsPosterior(@TempDir final Path dir) throws Exception {
		final File full = dir.resolve("full").toFile(), out = dir.resolve("resumed").toFile();
		final CommandModule fm = run("training", training, "data", data, "best", 2, "threads", 1, "out", full);
		final PosteriorResult fr = ((PosteriorReweightedCommand) fm.getDelegateObject()).posterior();
		// Cancelled after the second block of 2 models: the checkpoint holds 4 models (complete ones and bounds).
		final Map<String, String> args = new HashMap<>();
		args.put("training", "training");
		args.put("data", "data");
		args.put("best", "2");
		args.put("threads", "1");
		args.put("prune", "true");
		args.put("out", out.getPath());
		final Map<String, ImagePlus> images = new HashMap<>();
		images.put("training", training);
		images.put("data", data);
		final int[] blocks = { 0 };
		final MemFwiCommand first = Binder.bind(Commands.byName("posterior-reweighted"), args, (p, text) -> images.get(text));
		try {
			first.execute(new Progress() {
				@Override public void fraction(final double done) { if (done >= 0.1) blocks[0]++; }
				@Override public void status(final String message) {}
				@Override public void warn(final String message) {}
				@Override public boolean isCanceled() { return blocks[0] > 0; }
			});
		}
		catch (final CanceledException e) {
			// expected
		}
		final PosteriorPartial cp = PosteriorPartial.read(out.toPath());
		assertTrue(cp.size() > 0 && cp.size() < 40, cp.size() + " models in the checkpoint");
		args.put("resume", "true");
		final MemFwiCommand second = Binder.bind(Commands.byName("posterior-reweighted"), args, (p, text) -> images.get(text));
		second.execute(Progress.NONE);
		final PosteriorResult r = ((PosteriorReweightedCommand) second).posterior();
		assertArrayEquals(fr.mean(), r.mean(), "mean, bit for bit");
		assertArrayEquals(fr.variance(), r.variance(), "variance, bit for bit");
		assertArrayEquals(fr.weights(), r.weights(), "weights, bit for bit");
		final List<String[]> w = PosteriorCommandsTest.csv(out.toPath().resolve("weights.csv"));
		assertEquals("index,misfit,log_weight,weight,evaluated", String.join(",", w.get(0)));
	}

	@Test
	void withoutPrunedModelsTheFilesAreThoseOfTheFullRun(@TempDir final Path dir) throws Exception {
		// Noise 1,000 times larger: every misfit lies within the margin of the best, so nothing may be pruned.
		final double gamma = 1000 * Double.parseDouble(data.getProp("memfwi.noise"));
		final File full = dir.resolve("full").toFile(), pr = dir.resolve("pruned").toFile();
		assertFalse(run("training", training, "data", data, "noise", gamma, "out", full).isCanceled());
		assertFalse(run("training", training, "data", data, "noise", gamma, "prune", true, "out", pr).isCanceled());
		for (final String f : new String[] { "weights.csv", "summary.csv" })
			assertArrayEquals(Files.readAllBytes(full.toPath().resolve(f)), Files.readAllBytes(pr.toPath().resolve(f)), f);
	}

	@Test
	void pruneWithFittedSourceScalarsIsRefused(@TempDir final Path dir, final CapturedOutput output) throws Exception {
		final File out = dir.resolve("out").toFile();
		final CommandModule m = run("training", training, "data", data, "prune", true, "sourcescale", "estimate", "out", out);
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason().startsWith("prune=true cannot be combined with sourcescale=estimate"), m.getCancelReason());
		CommandRunner.assertLoggedRefusal(output, m);
		assertFalse(out.exists(), "wrote " + out);
	}
}
