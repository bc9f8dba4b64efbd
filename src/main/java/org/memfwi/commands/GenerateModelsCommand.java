package org.memfwi.commands;

import java.util.Locale;

import org.memfwi.core.prior.GeneratorSettings;
import org.memfwi.core.prior.ModelFamily;
import org.memfwi.core.prior.ModelGenerator;
import org.memfwi.core.progress.Progress;
import org.memfwi.io.Images;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Menu;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;

/**
 * Generates a stack of procedural velocity models: OpenFWI-like layered families (flat, curved, with a fault) or
 * smooth Gaussian random fields. Output: a 32-bit stack calibrated in metres with values in m/s.
 */
@Plugin(type = Command.class, name = "generate-models", headless = true,
	menuPath = "Plugins>MemFWI>Generate Training Models...",
	menu = { @Menu(label = "Plugins"), @Menu(label = "MemFWI"), @Menu(label = "Generate Training Models...", weight = 101) },
	description = "Procedural velocity models (OpenFWI-like layered families or smooth Gaussian random fields) as a 32-bit stack")
public class GenerateModelsCommand extends MemFwiCommand {

	@Parameter(label = "Model family", persist = false, choices = { "flat", "curved", "flatfault", "curvedfault", "grf" },
		description = "flat/curved layers (FlatVel/CurveVel-like), with a fault (FlatFault/CurveFault-like), or grf: smooth Gaussian random field")
	private String family = "flat";

	@Parameter(label = "Number of models", min = "1", persist = false)
	private int n = 10;

	@Parameter(label = "Random seed", persist = false, description = "the same seed gives the same models")
	private long seed = 1;

	@Parameter(label = "Width nx (cells)", min = "8", persist = false)
	private int nx = 70;

	@Parameter(label = "Depth nz (cells)", min = "8", persist = false)
	private int nz = 70;

	@Parameter(label = "Cell size dx (m)", min = "0", persist = false)
	private double dx = 10;

	@Parameter(label = "Minimum velocity (m/s)", min = "0", persist = false)
	private double vmin = 1500;

	@Parameter(label = "Maximum velocity (m/s)", min = "0", persist = false)
	private double vmax = 4500;

	@Parameter(label = "Fewest layers (auto = family default)", min = "0", persist = false,
		description = "layered families: 2 (flat, curved and faulted)", attrs = { @Attr(name = "words", value = "auto=0") })
	private int minlayers = 0;

	@Parameter(label = "Most layers (auto = family default, at most the grid allows)", min = "0", persist = false,
		description = "layered families: 6 (flat, curved), 4 (with a fault)", attrs = { @Attr(name = "words", value = "auto=0") })
	private int maxlayers = 0;

	@Parameter(label = "Layer velocities", choices = { "increasing", "random" }, persist = false,
		description = "increasing with depth (OpenFWI A versions) or drawn independently")
	private String velocities = "increasing";

	@Parameter(label = "Background velocity (m/s, grf; auto = mid-range)", min = "0", persist = false, attrs = { @Attr(name = "words", value = "auto=0") })
	private double background = 0;

	@Parameter(label = "Standard deviation (m/s, grf; auto = range / 6)", min = "0", persist = false, attrs = { @Attr(name = "words", value = "auto=0") })
	private double amplitude = 0;

	@Parameter(label = "Modes per direction K (grf)", min = "1", persist = false, attrs = { @Attr(name = "advanced") })
	private int modes = 8;

	@Parameter(label = "Eigenvalue shift / exponent alpha (grf; auto = the convention's)", min = "-1", persist = false,
		description = "memfwi: eigenvalue shift (default 1); mempost: the exponent of (-Laplacian + tau^2)^-alpha (the paper's 3); " +
			"-1 = the convention's default", attrs = { @Attr(name = "advanced"), @Attr(name = "words", value = "auto=-1") })
	private double alpha = -1;

	@Parameter(label = "Random-field convention (grf)", choices = { "memfwi", "mempost" }, persist = false,
		description = "memfwi: MemFWI's cosine Karhunen-Loeve field of velocity; mempost: the paper code's periodic FFT field of " +
			"squared slowness, mean and std from [1/vmax^2, 1/vmin^2], projected onto its KL basis (K = 10, 2 km/s, sigma_m 0.02 " +
			"s^2/km^2); the paper: nx=nz=64 dx=31.25 vmin=1500 vmax=3000 (even square grids only)",
		attrs = { @Attr(name = "advanced") })
	private String convention = "memfwi";

	@Parameter(label = "Inverse correlation length tau (grf, mempost)", min = "0", persist = false,
		description = "mempost only: tau of (-Laplacian + tau^2)^-alpha on the unit square (the paper's 5; its OOD truth: alpha 1.5, tau 1)",
		attrs = { @Attr(name = "advanced") })
	private double tau = 5;

	@Parameter(label = "Smoothness exponent s (grf)", min = "0", persist = false, attrs = { @Attr(name = "advanced") })
	private double smoothness = 2;

	@Parameter(type = ItemIO.OUTPUT, label = "Training models")
	private ImagePlus models;

	@Override
	protected void compute(final Progress progress) {
		final GeneratorSettings s = GeneratorSettings.of()
			.withFamily(ModelFamily.fromKey(family)).withN(n).withSeed(seed).withSize(nx, nz).withDx(dx).withVelocityRange(vmin, vmax)
			.withLayers(minlayers, maxlayers).withOrdering(GeneratorSettings.Ordering.fromKey(velocities))
			.withBackground(background).withAmplitude(amplitude).withModes(modes).withAlpha(alpha == -1 ? Double.NaN : alpha)
			.withSmoothness(smoothness).withConvention(GeneratorSettings.Convention.fromKey(convention)).withTau(tau).validate();
		final float[][] stack = ModelGenerator.generate(s, threads, progress);
		final String[] labels = new String[s.n];
		for (int i = 0; i < s.n; i++) labels[i] = s.family.key() + " model " + (i + 1) + " (seed " + s.seed + ")";
		models = Images.velocityStack(s.family.key() + "-models", s.grid, stack, labels);
		Images.setProp(models, "memfwi.kind", "velocity-models");
		Images.setProp(models, "memfwi.family", s.family.key());
		Images.setProp(models, "memfwi.seed", s.seed);
		Images.setProp(models, "memfwi.vmin", s.vmin);
		Images.setProp(models, "memfwi.vmax", s.vmax);
		if (s.family == ModelFamily.GRF) Images.setProp(models, "memfwi.convention", s.convention.name().toLowerCase(Locale.ROOT));
		results().image("models.tif", models);
		progress.status("Generated " + s.n + " " + s.family.label() + " models of " + s.grid);
	}

	/** The generated stack (after a run). */
	public ImagePlus models() { return models; }
}
