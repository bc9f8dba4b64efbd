package org.memfwi.commands;

import java.nio.file.Path;
import java.util.SplittableRandom;

import org.memfwi.core.grid.Grid2D;
import org.memfwi.core.helmholtz.HelmholtzAcquisition;
import org.memfwi.core.helmholtz.HelmholtzConfig;
import org.memfwi.core.helmholtz.HelmholtzOperator;
import org.memfwi.core.helmholtz.HelmholtzSolver;
import org.memfwi.core.helmholtz.VelocityPixels;
import org.memfwi.core.prior.GeneratorSettings;
import org.memfwi.core.prior.ModelFamily;
import org.memfwi.core.prior.ModelGenerator;
import org.memfwi.core.progress.Progress;
import org.memfwi.core.util.Seeds;
import org.memfwi.io.HelmholtzData;
import org.memfwi.io.Images;

import ij.ImagePlus;
import ij.io.FileSaver;

/**
 * Small posterior problems for the command tests: a stack of 12 x 10 layered models (10 m cells, 1,500..2,500 m/s)
 * and the observed data of one model, time domain (2 shots, 10 Hz Ricker, 120 samples of 1 ms, 10-cell CPML) or
 * frequency domain (3 and 5 Hz, 2 sources, 12 receivers), with the acquisition properties the forward command writes.
 */
public final class PosteriorFixtures {

	static final int NX = 12, NZ = 10;
	static final double DX = 10;

	private PosteriorFixtures() {}

	/** The first n models of a seeded layered family on the 12 x 10 grid. */
	public static ImagePlus training(final int n, final long seed) {
		final GeneratorSettings s = GeneratorSettings.of().withFamily(ModelFamily.fromKey("flat")).withN(n).withSeed(seed)
			.withSize(NX, NZ).withDx(DX).withVelocityRange(1500, 2500).withLayers(2, 4).validate();
		final ImagePlus imp = Images.velocityStack("training", s.grid, ModelGenerator.generate(s, 1, Progress.NONE), null);
		imp.setTitle("training");
		return imp;
	}

	/** Slice i (1-based) of a stack as a one-model image with the stack's calibration. */
	public static ImagePlus slice(final ImagePlus stack, final int i) {
		final float[] px = ((float[]) stack.getStack().getPixels(i)).clone();
		final ImagePlus imp = Images.velocityStack("model-" + i, new Grid2D(stack.getWidth(), stack.getHeight(),
			stack.getCalibration().pixelWidth), new float[][] { px }, null);
		return imp;
	}

	/** Time-domain shot gathers of a model, through the forward command's own code. */
	public static ImagePlus timeData(final ImagePlus model, final double relativeNoise, final long seed) {
		final TimeDomainWorkflow.ForwardSpec s = new TimeDomainWorkflow.ForwardSpec();
		s.model = model;
		s.sources = 2;
		s.f0 = 10;
		s.nt = 120;
		s.dt = 1e-3;
		s.cpml = 10;
		s.noise = relativeNoise;
		s.relative = true;
		s.seed = seed;
		s.threads = 1;
		final ImagePlus imp = TimeDomainWorkflow.forward(s, Progress.NONE);
		imp.setTitle("data");
		return imp;
	}

	/** Frequency-domain data of a model (3 and 5 Hz), with Gaussian noise of the given standard deviation. */
	public static ImagePlus helmholtzData(final ImagePlus model, final double noise, final long seed) {
		final Images.ModelStack m = Images.readModels(model, "model");
		final HelmholtzAcquisition acq = HelmholtzAcquisition.evenlySpaced(m.grid, 2, NX, 1);
		final HelmholtzConfig cfg = HelmholtzConfig.defaults().withFrequencies(3, 5).withPml(10).resolve(2500, DX);
		final HelmholtzOperator op = new HelmholtzOperator(new HelmholtzSolver(m.grid, acq, cfg), new VelocityPixels(m.grid));
		final double[] v = new double[m.grid.size()];
		for (int i = 0; i < v.length; i++) v[i] = m.models[0][i];
		final double[] y = op.apply(v, null);
		final SplittableRandom r = Seeds.stream(seed, 0);
		for (int i = 0; i < y.length; i++) y[i] += noise * Seeds.gaussian(r);
		final ImagePlus imp = HelmholtzData.toImage("data", new HelmholtzData.Dataset(m.grid, acq, cfg, y, noise));
		imp.setTitle("data");
		return imp;
	}

	/** Saves an image as TIFF and returns its path. */
	public static Path save(final ImagePlus imp, final Path file) {
		final boolean ok = imp.getStackSize() > 1 ? new FileSaver(imp).saveAsTiffStack(file.toString())
			: new FileSaver(imp).saveAsTiff(file.toString());
		if (!ok) throw new IllegalStateException("could not save " + file);
		return file;
	}
}
