package org.memfwi.commands;

import org.memfwi.core.helmholtz.PaperPreset;
import org.memfwi.core.progress.Progress;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Menu;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;

/**
 * Forward modelling: a velocity model (or a stack of models) and an acquisition give synthetic data, written as
 * data.tif with the acquisition in its properties. Physics {@code time}: shot gathers of the 2D acoustic wave
 * equation ({@link TimeDomainData}); physics {@code helmholtz}: frequency-domain data of the 2D Helmholtz equation,
 * two channels (real, imaginary) x frequencies ({@link HelmholtzData}). Parameters of one physics set to a
 * non-default value with the other are refused (they would be ignored).
 */
@Plugin(type = Command.class, name = "forward", headless = true, menuPath = "Plugins>MemFWI>Forward Model...",
	menu = { @Menu(label = "Plugins"), @Menu(label = "MemFWI"), @Menu(label = "Forward Model...", weight = 203) },
	description = "Synthetic data for a velocity model or stack: time-domain shot gathers (acoustic, CPML, order 2/4/8) or " +
		"frequency-domain Helmholtz data (PML, 5- or 9-point stencil)")
public class ForwardCommand extends MemFwiCommand {

	@Parameter(label = "Physics", choices = { "time", "helmholtz", "born" }, persist = false,
		description = "time: shot gathers of the acoustic wave equation; helmholtz: frequency-domain data (real and imaginary " +
			"channels x frequencies, receivers x sources); born: linearized (Born) shot gathers of a reflectivity image around a " +
			"background velocity (background or vbackground), with the time keys")
	private String physics = "time";

	@Parameter(label = "Background velocity model (born; optional)", required = false, persist = false,
		description = "born only: the smooth velocity (m/s, the reflectivity's grid) the Born data are linearized around; " +
			"without it the constant vbackground")
	private ImagePlus background;

	@Parameter(label = "Constant background velocity (m/s, born; without a background image)", min = "0", persist = false,
		description = "born only: used when no background image is given")
	private double vbackground = 2000;

	@Parameter(label = "Velocity model (m/s; born: reflectivity)", persist = false, description = "a 32-bit model or stack of models " +
		"calibrated in m (physics=born: reflectivity images, dimensionless)")
	private ImagePlus model;

	@Parameter(label = "Number of sources (auto = time: one per 14 columns; helmholtz: 5)", min = "0", persist = false,
		description = "both physics: sources evenly spread over the width at the source depth (time: first and last column " +
			"included; helmholtz: centred in equal parts, on grid points); ignored when sourcex is given", attrs = { @Attr(name = "words", value = "auto=0") })
	private int sources = 0;

	@Parameter(label = "Number of receivers (auto = time: every column; helmholtz: 40)", min = "0", persist = false,
		description = "both physics: receivers evenly spread over the width like the sources (helmholtz: at most one per " +
			"column by default); ignored when receiverx is given", attrs = { @Attr(name = "words", value = "auto=0") })
	private int receivers = 0;

	@Parameter(label = "Source x positions (m, comma-separated; empty = evenly spread)", required = false, persist = false)
	private String sourcex = "";

	@Parameter(label = "Source z positions (m, comma-separated; empty = the depth below)", required = false, persist = false, attrs = { @Attr(name = "advanced") })
	private String sourcez = "";

	@Parameter(label = "Receiver x positions (m, comma-separated; empty = evenly spread)", required = false, persist = false)
	private String receiverx = "";

	@Parameter(label = "Receiver z positions (m, comma-separated; empty = the depth below)", required = false, persist = false, attrs = { @Attr(name = "advanced") })
	private String receiverz = "";

	@Parameter(label = "Source and receiver depth (m; auto = time: one cell; helmholtz: two cells)", min = "-1", persist = false,
		description = "both physics; ignored for the positions given in sourcez or receiverz", attrs = { @Attr(name = "words", value = "auto=-1") })
	private double depth = -1;

	@Parameter(label = "Frequencies (Hz, comma-separated; helmholtz)", persist = false,
		description = "helmholtz only: one data plane pair (real, imaginary) per frequency; the paper uses 4 Hz")
	private String frequencies = "4";

	@Parameter(label = "Stencil points (5 or 9; helmholtz)", persist = false,
		description = "helmholtz only: 5 = the paper's 5-point operator, 9 = the optimal 9-point scheme of Jo, Shin and Suh (1996)", attrs = { @Attr(name = "advanced") })
	private int stencil = 5;

	@Parameter(label = "Ricker peak frequency f0 (Hz; auto = 150 / dx)", min = "0", persist = false,
		description = "time only: 15 Hz for 10 m cells, as OpenFWI", attrs = { @Attr(name = "words", value = "auto=0") })
	private double f0 = 0;

	@Parameter(label = "Ricker delay (s; auto = 1.5 / f0)", min = "-1", persist = false, description = "time only", attrs = { @Attr(name = "words", value = "auto=-1"), @Attr(name = "advanced") })
	private double delay = -1;

	@Parameter(label = "User wavelet (time; optional image of nt samples at dt)", required = false, persist = false,
		description = "time only: a 1-pixel-high (or 1-pixel-wide) 32-bit image that replaces the Ricker wavelet", attrs = { @Attr(name = "advanced") })
	private ImagePlus wavelet;

	@Parameter(label = "Time step dt (s; auto = dx / 10,000)", min = "0", persist = false,
		description = "time only: recording interval; 1 ms for 10 m cells; sub-stepped internally when above the stability limit", attrs = { @Attr(name = "words", value = "auto=0") })
	private double dt = 0;

	@Parameter(label = "Time samples nt (auto = 1,000 per 70 cells)", min = "0", persist = false, description = "time only", attrs = { @Attr(name = "words", value = "auto=0") })
	private int nt = 0;

	@Parameter(label = "Spatial order (2, 4 or 8; time)", persist = false, description = "time only", attrs = { @Attr(name = "advanced") })
	private int order = 8;

	@Parameter(label = "Absorbing layer width (cells; CPML for time, PML for helmholtz)", min = "0", persist = false,
		description = "both physics: cells added on each side (time: CPML; helmholtz: PML with quadratic damping for a " +
			"reflection coefficient of 1e-5, at least 1 cell)", attrs = { @Attr(name = "advanced") })
	private int cpml = 20;

	@Parameter(label = "PML width (cells, helmholtz; auto = cpml, or the preset's)", min = "0", persist = false,
		description = "helmholtz only: the PML width in cells on each side, explicitly (the paper: 10 on 64 x 64, 30 on 200 x 200); " +
			"auto takes cpml, or the preset's width when preset is given",
		attrs = { @Attr(name = "words", value = "auto=0"), @Attr(name = "advanced") })
	private int pml = 0;

	@Parameter(label = "PML maximum damping (1/s, helmholtz; auto = for the highest velocity)", min = "0", persist = false,
		description = "helmholtz only: sigma_max of the PML's quadratic damping sigma_max (d / L)^2 (the paper: 100 on 64 x 64, 200 on 200 x 200)",
		attrs = { @Attr(name = "words", value = "auto=0"), @Attr(name = "advanced") })
	private double pmldamping = 0;

	@Parameter(label = "Paper geometry (helmholtz; empty = none)", required = false, choices = { "", "paper-64", "paper-200" },
		persist = false, description = "helmholtz only: paper-64 (64 x 64 cells of 31.25 m, 4 Hz, 5 sources on the top row, 40 " +
			"receivers on the bottom row, PML 10 cells / 100 1/s, 5 % complex noise) or paper-200 (200 x 200 of 10 m, 6 Hz, 15 sources, " +
			"196 receivers, PML 30 / 200 1/s, 5.5 %); the model must be on that grid")
	private String preset = "";

	@Parameter(label = "Free surface at the top (time)", persist = false, description = "time only", attrs = { @Attr(name = "advanced") })
	private boolean freesurface = false;

	@Parameter(label = "Sub-step when dt is above the stability limit (time)", persist = false, description = "time only", attrs = { @Attr(name = "advanced") })
	private boolean substep = true;

	@Parameter(label = "Noise level (relative: fraction of the largest |value|; absolute: data units; 0 = none)", min = "0", persist = false,
		description = "both physics: standard deviation of the Gaussian noise, in data units (absolute) or as a fraction of " +
			"the largest |value| (relative; helmholtz: of the largest complex modulus, on real and imaginary parts alike)")
	private double noise = 0;

	@Parameter(label = "Noise mode", choices = { "relative", "absolute" }, persist = false)
	private String noisemode = "relative";

	@Parameter(label = "Random seed", persist = false, description = "the same seed gives the same noise")
	private long seed = 1;

	@Parameter(type = ItemIO.OUTPUT, label = "Synthetic data")
	private ImagePlus data;

	@Override
	protected void compute(final Progress progress) {
		if (!physics.equals("born")) {
			refuse("born", background != null, "background", "leave it empty for physics=" + physics);
			refuse("born", vbackground != 2000, "vbackground", "leave it at 2000 for physics=" + physics);
		}
		switch (physics) {
			case "time":
			case "born": {
				refuse("helmholtz", !frequencies.trim().equals("4"), "frequencies", "for physics=" + physics + " set the Ricker peak frequency f0");
				refuse("helmholtz", stencil != 5, "stencil", "for physics=" + physics + " set order");
				refuse("helmholtz", pml != 0, "pml", "for physics=" + physics + " set the CPML width with cpml");
				refuse("helmholtz", pmldamping != 0, "pmldamping", "physics=time sets its CPML damping from vmax");
				refuse("helmholtz", preset != null && !preset.trim().isEmpty(), "preset", "the paper's geometries are frequency-domain");
				final TimeDomainWorkflow.ForwardSpec s = shared(new TimeDomainWorkflow.ForwardSpec());
				s.f0 = f0;
				s.delay = delay;
				s.wavelet = wavelet;
				s.dt = dt;
				s.nt = nt;
				s.order = order;
				s.cpml = cpml;
				s.freesurface = freesurface;
				s.substep = substep;
				data = physics.equals("born") ? TimeDomainWorkflow.bornForward(s, background, vbackground, progress) :
					TimeDomainWorkflow.forward(s, progress);
				break;
			}
			case "helmholtz": {
				refuse("time", f0 != 0, "f0", "for physics=helmholtz set frequencies (Hz)");
				refuse("time", delay != -1, "delay", "leave it at -1 for physics=helmholtz");
				refuse("time", wavelet != null, "wavelet", "frequency-domain sources have unit amplitude");
				refuse("time", dt != 0, "dt", "leave it at 0 for physics=helmholtz");
				refuse("time", nt != 0, "nt", "leave it at 0 for physics=helmholtz");
				refuse("time", order != 8, "order", "for physics=helmholtz set stencil (5 or 9)");
				refuse("time", freesurface, "freesurface", "physics=helmholtz has a PML on all four sides");
				refuse("time", !substep, "substep", "leave it at true for physics=helmholtz");
				final HelmholtzWorkflow.ForwardSpec s = shared(new HelmholtzWorkflow.ForwardSpec());
				s.frequencies = frequencies;
				s.stencil = stencil;
				if (pml < 0) throw new IllegalArgumentException("pml (PML width) must be at least 1 cell, or auto; got " + pml);
				s.pml = pml > 0 ? pml : cpml;
				s.pmlExplicit = pml > 0;
				s.pmlDamping = pmldamping;
				if (preset != null && !preset.trim().isEmpty()) s.preset = PaperPreset.of(preset);
				data = HelmholtzWorkflow.forward(s, progress);
				break;
			}
			default:
				throw new IllegalArgumentException("physics '" + physics + "' is unknown; use time, helmholtz or born");
		}
		results().image("data.tif", data);
	}

	/** Sets the parameters both physics share. */
	private <T extends ForwardInputs> T shared(final T s) {
		s.model = model;
		s.sources = sources;
		s.receivers = receivers;
		s.sourcex = sourcex;
		s.sourcez = sourcez;
		s.receiverx = receiverx;
		s.receiverz = receiverz;
		s.depth = depth;
		s.noise = noise;
		s.relative = noisemode.equals("relative");
		s.seed = seed;
		s.threads = threads;
		return s;
	}

	/** Refuses a parameter of one physics given a non-default value while the other physics runs (it would be ignored). */
	private static void refuse(final String owner, final boolean set, final String key, final String fix) {
		if (set) throw new IllegalArgumentException(key + " applies to physics=" + owner + " only; " + fix);
	}

	/** The synthetic data (after a run). */
	public ImagePlus data() { return data; }
}
