package org.memfwi.commands;

import org.memfwi.core.fwi.DataMisfit;
import org.memfwi.core.fwi.SourceScaledMisfit;
import org.memfwi.core.grid.Grid2D;
import org.memfwi.core.helmholtz.HelmholtzAcquisition;
import org.memfwi.core.helmholtz.HelmholtzConfig;
import org.memfwi.core.helmholtz.HelmholtzForward;
import org.memfwi.core.helmholtz.HelmholtzFwi;
import org.memfwi.core.helmholtz.HelmholtzSolver;
import org.memfwi.core.helmholtz.PaperPreset;
import org.memfwi.core.helmholtz.Stencil;
import org.memfwi.core.operator.SourceScaling;
import org.memfwi.core.progress.Progress;
import org.memfwi.io.DataProperties;
import org.memfwi.io.HelmholtzData;
import org.memfwi.io.Images;
import org.memfwi.io.NumberLists;

import ij.ImagePlus;

/**
 * The {@code forward} and {@code fwi} commands for {@code physics=helmholtz}: their parameters read from images and
 * text, handed to the core ({@link HelmholtzForward}, {@link HelmholtzFwi}), and the results turned into images
 * ({@link HelmholtzData}).
 */
public final class HelmholtzWorkflow {

	/** Default number of sources (the paper's 5; fewer on grids narrower than 5 cells). */
	public static final int SOURCES = 5;
	/** Default number of receivers (the paper's 40; one per column on grids narrower than 40 cells). */
	public static final int RECEIVERS = 40;
	/** Default depth of sources and receivers, cells. */
	public static final int DEPTH_CELLS = 2;

	private HelmholtzWorkflow() {}

	/** What the forward command asks for: the shared parameters (0 or -1 mean the defaults above) and the operator's. */
	public static final class ForwardSpec extends ForwardInputs {
		/** Hz, comma-separated. */
		public String frequencies = "4";
		/** 5 or 9 points. */
		public int stencil = 5;
		/** PML width in cells. */
		public int pml = 20;
		/** True when the width was given with {@code pml=} (then it wins over a preset's). */
		public boolean pmlExplicit;
		/** PML maximum damping, 1/s; 0 = automatic (for the stack's highest velocity). */
		public double pmlDamping = 0;
		/**
		 * One of the paper's geometries, or null: then the frequency, the PML, sources and receivers come from it (the model
		 * must have its grid), and its relative noise is the default (complex, {@link PaperPreset#noiseStd} per part).
		 */
		public PaperPreset preset;
	}

	/**
	 * Models frequency-domain data for every model of the stack and returns them as one image (a hyperstack, frames =
	 * models, for several) with the acquisition properties. The PML damping is set for the stack's highest velocity;
	 * relative noise is a fraction of the largest |d| over the whole stack, and the noise of model i comes from its own
	 * random stream (i) of the seed.
	 *
	 * @throws IllegalArgumentException naming the bad parameter
	 */
	public static ImagePlus forward(final ForwardSpec s, final Progress progress) {
		final Images.ModelStack ms = Images.readModels(s.model, "model");
		final Grid2D grid = ms.grid;
		if (s.frequencies == null || s.frequencies.trim().isEmpty())
			throw new IllegalArgumentException("frequencies: give at least one frequency in Hz, e.g. frequencies=4 or frequencies=3,5,7");
		final double[] hz = NumberLists.doubles(s.frequencies, "frequencies");
		if (s.pml < 1) throw new IllegalArgumentException("cpml (absorbing layer width) must be at least 1 cell for physics=helmholtz, " +
			"got " + s.pml + "; use about half a wavelength, e.g. 20 cells");
		if (!(s.pmlDamping >= 0) || Double.isInfinite(s.pmlDamping)) throw new IllegalArgumentException("pmldamping (PML maximum " +
			"damping) must be >= 0 1/s (0 = automatic), got " + s.pmlDamping);
		if (s.preset != null) {
			final Grid2D pg = s.preset.grid();
			if (pg.nx() != grid.nx() || pg.nz() != grid.nz() || Math.abs(pg.dx() - grid.dx()) > 1e-9 * pg.dx())
				throw new IllegalArgumentException("preset=" + s.preset.name() + " is for " + pg.nx() + " x " + pg.nz() + " cells of " +
					pg.dx() + " m, the model is " + grid.nx() + " x " + grid.nz() + " cells of " + grid.dx() + " m; make the model on the " +
					"preset's grid (e.g. generate-models nx=" + pg.nx() + " nz=" + pg.nz() + " dx=" + pg.dx() + ") or leave preset empty");
		}
		final HelmholtzConfig cfg = (s.preset != null ? s.preset.config().withPml(s.pmlExplicit || s.pml != 20 ? s.pml : s.preset.pml())
			.withSigmaMax(s.pmlDamping > 0 ? s.pmlDamping : s.preset.pmlDamping()) : HelmholtzConfig.defaults().withFrequencies(hz)
			.withPml(s.pml).withSigmaMax(s.pmlDamping)).withStencil(stencil(s.stencil));
		final HelmholtzAcquisition acq = s.preset != null ? s.preset.acquisition().validate(grid) : acquisition(s, grid);
		// The paper's complex noise, noise_rel max|d| (xi + i xi') / sqrt(2): relative noise_rel / sqrt(2) per part.
		final boolean paperNoise = s.preset != null && s.noise == 0;
		final double noise = paperNoise ? s.preset.noise() / Math.sqrt(2) : s.noise;
		final HelmholtzForward.Result r = HelmholtzForward.model(ms.models, grid, acq, cfg, noise, paperNoise || s.relative, s.seed,
			s.threads, progress);
		final String base = s.model.getTitle() == null ? "model" : s.model.getTitle().replaceFirst("\\.tiff?$", "");
		return HelmholtzData.toImage(base + "-data", grid, acq, r.config(), r.data(), r.noise());
	}

	/** The stencil of the {@code stencil} parameter (5 or 9 points). */
	static Stencil stencil(final int points) {
		if (points == 5) return Stencil.FIVE_POINT;
		if (points == 9) return Stencil.NINE_POINT;
		throw new IllegalArgumentException("stencil must be 5 (the paper's 5-point operator) or 9 (optimal 9-point), got " + points);
	}

	private static HelmholtzAcquisition acquisition(final ForwardSpec s, final Grid2D grid) {
		final double depth = s.depth >= 0 ? s.depth : Math.min(DEPTH_CELLS, grid.nz() - 1) * grid.dx();
		final double[] autoSrc = HelmholtzAcquisition.spread(grid, s.sources > 0 ? s.sources : Math.min(SOURCES, grid.nx()), "sources");
		final double[] autoRec = HelmholtzAcquisition.spread(grid, s.receivers > 0 ? s.receivers : Math.min(RECEIVERS, grid.nx()),
			"receivers");
		final double[][] src = ForwardInputs.positions(s.sourcex, s.sourcez, "sourcex", "sourcez", autoSrc, depth);
		final double[][] rec = ForwardInputs.positions(s.receiverx, s.receiverz, "receiverx", "receiverz", autoRec, depth);
		return new HelmholtzAcquisition(src[0], src[1], rec[0], rec[1]).validate(grid);
	}

	/** What the fwi command asks for: the shared parameters and the parameterization (KL: K, alpha, s). */
	public static final class FwiSpec extends FwiInputs {
		public String parameterization = "velocity";
		public int modes = 8;
		public double alpha = 1, smoothness = 2;
	}

	/**
	 * Full-waveform inversion of frequency-domain data from a starting model ({@link HelmholtzFwi}): bands are stage
	 * cutoffs in Hz (each stage fits the data frequencies up to its cutoff, 0 = all), "auto" adds one frequency per
	 * stage, lowest first.
	 *
	 * @throws IllegalArgumentException naming the bad parameter or the property that disagrees with the model
	 */
	public static FwiOutcome invert(final FwiSpec s, final Progress progress) {
		final HelmholtzData.Dataset d = HelmholtzData.read(PresetData.apply(s.data, s.preset, "data"), "data");
		final Images.ModelStack ms = Images.readModels(s.model, "model");
		DataProperties.checkGrid(d.grid, ms.grid, "data", "model");
		final double[] start = FwiInputs.startingModel(s.model, ms, s.vmin, s.vmax);
		final double[] cutoffs = FwiInputs.isAuto(s.bands) ? new double[0] : FwiInputs.cutoffs(s.bands);
		final HelmholtzFwi.Settings fs = HelmholtzFwi.Settings.of(s.iterations, s.vmin, s.vmax).withCutoffs(cutoffs)
			.withModel(HelmholtzFwi.Model.fromLabel(s.parameterization))
			.withKl(s.modes, s.alpha, s.smoothness)
			.withFwi(s.fwiSettings(d.noise, d.grid)).validate();
		final HelmholtzSolver solver = new HelmholtzSolver(d.grid, d.acquisition, d.config.withThreads(s.threads));
		final SourceScaledMisfit scaled = SourceScaling.parseEstimate(s.sourcescale) ?
			SourceScaledMisfit.perSourceAndFrequency(d.acquisition.sources(), d.acquisition.receivers()) : null;
		final HelmholtzFwi.Result r = HelmholtzFwi.invert(solver, d.data, start, fs, scaled != null ? scaled : DataMisfit.LEAST_SQUARES,
			progress);
		final FwiOutcome o = FwiOutcome.of(s.model, d.grid, r.staged());
		FwiInputs.summarizeSourceScalars(o.summary, scaled);
		Images.setProp(o.model, "memfwi.parameterization", fs.model.label());
		o.summary.add("parameters", (double) r.parameters().length);
		o.summary.add("stages", (double) r.stages().length);
		return o;
	}


}
