package org.memfwi.fiji.commands;

import org.memfwi.core.progress.Progress;
import org.memfwi.fiji.MemFwiCommand;
import org.memfwi.fiji.TimeDomainData;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;

/**
 * Forward modelling: a velocity model (or a stack of models) and an acquisition give synthetic data, written as
 * data.tif with the acquisition in its properties. Physics {@code time}: shot gathers of the 2D acoustic wave
 * equation ({@link TimeDomainData}); the frequency-domain physics plugs in here later.
 */
@Plugin(type = Command.class, name = "forward", headless = true, menuPath = "Plugins>MemFWI>Forward Model...",
	description = "Synthetic data for a velocity model or stack: time-domain shot gathers (acoustic, CPML, order 2/4/8)")
public class ForwardCommand extends MemFwiCommand {

	@Parameter(label = "Physics", choices = { "time", "helmholtz" }, persist = false,
		description = "time: shot gathers of the acoustic wave equation; helmholtz: frequency-domain data (not available yet)")
	private String physics = "time";

	@Parameter(label = "Velocity model (m/s)", persist = false, description = "a 32-bit model or stack of models calibrated in m")
	private ImagePlus model;

	@Parameter(label = "Number of sources (0 = one per 14 columns)", min = "0", persist = false,
		description = "sources evenly spread over the width at the source depth; ignored when sourcex is given")
	private int sources = 0;

	@Parameter(label = "Source x positions (m, comma-separated; empty = evenly spread)", required = false, persist = false)
	private String sourcex = "";

	@Parameter(label = "Source z positions (m, comma-separated; empty = the depth below)", required = false, persist = false)
	private String sourcez = "";

	@Parameter(label = "Receiver x positions (m, comma-separated; empty = every column)", required = false, persist = false)
	private String receiverx = "";

	@Parameter(label = "Receiver z positions (m, comma-separated; empty = the depth below)", required = false, persist = false)
	private String receiverz = "";

	@Parameter(label = "Source and receiver depth (m; -1 = one cell)", min = "-1", persist = false)
	private double depth = -1;

	@Parameter(label = "Ricker peak frequency f0 (Hz; 0 = 150 / dx)", min = "0", persist = false,
		description = "15 Hz for 10 m cells, as OpenFWI")
	private double f0 = 0;

	@Parameter(label = "Ricker delay (s; -1 = 1.5 / f0)", min = "-1", persist = false)
	private double delay = -1;

	@Parameter(label = "User wavelet (optional image of nt samples at dt)", required = false, persist = false,
		description = "a 1-pixel-high (or 1-pixel-wide) 32-bit image that replaces the Ricker wavelet")
	private ImagePlus wavelet;

	@Parameter(label = "Time step dt (s; 0 = dx / 10,000)", min = "0", persist = false,
		description = "recording interval; 1 ms for 10 m cells; sub-stepped internally when above the stability limit")
	private double dt = 0;

	@Parameter(label = "Time samples nt (0 = 1,000 per 70 cells)", min = "0", persist = false)
	private int nt = 0;

	@Parameter(label = "Spatial order (2, 4 or 8)", persist = false)
	private int order = 8;

	@Parameter(label = "Absorbing layer width (CPML cells)", min = "0", persist = false)
	private int cpml = 20;

	@Parameter(label = "Free surface at the top", persist = false)
	private boolean freesurface = false;

	@Parameter(label = "Sub-step when dt is above the stability limit", persist = false)
	private boolean substep = true;

	@Parameter(label = "Noise level (0 = none)", min = "0", persist = false,
		description = "standard deviation of the Gaussian noise: in data units (absolute) or as a fraction of the largest |value| (relative)")
	private double noise = 0;

	@Parameter(label = "Noise mode", choices = { "relative", "absolute" }, persist = false)
	private String noisemode = "relative";

	@Parameter(label = "Random seed", persist = false, description = "the same seed gives the same noise")
	private long seed = 1;

	@Parameter(type = ItemIO.OUTPUT, label = "Synthetic data")
	private ImagePlus data;

	@Override
	protected void compute(final Progress progress) {
		switch (physics) {
			case "time": {
				final TimeDomainData.ForwardSpec s = new TimeDomainData.ForwardSpec();
				s.model = model;
				s.sources = sources;
				s.sourcex = sourcex;
				s.sourcez = sourcez;
				s.receiverx = receiverx;
				s.receiverz = receiverz;
				s.depth = depth;
				s.f0 = f0;
				s.delay = delay;
				s.wavelet = wavelet;
				s.dt = dt;
				s.nt = nt;
				s.order = order;
				s.cpml = cpml;
				s.freesurface = freesurface;
				s.substep = substep;
				s.noise = noise;
				s.relative = noisemode.equals("relative");
				s.seed = seed;
				s.threads = threads;
				data = TimeDomainData.forward(s, progress);
				break;
			}
			case "helmholtz":
				throw new IllegalArgumentException("physics=helmholtz is not available yet");
			default:
				throw new IllegalArgumentException("physics '" + physics + "' is unknown; use time or helmholtz");
		}
		results().image("data.tif", data);
	}

	/** The synthetic data (after a run). */
	public ImagePlus data() { return data; }
}
