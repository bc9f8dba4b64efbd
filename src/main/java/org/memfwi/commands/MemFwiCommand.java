package org.memfwi.commands;

import java.awt.GraphicsEnvironment;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.memfwi.core.progress.CanceledException;
import org.memfwi.core.progress.Progress;
import org.memfwi.core.util.Table;
import org.memfwi.io.Display;
import org.memfwi.io.ResultsTables;

import org.scijava.Initializable;
import org.scijava.app.StatusService;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.ui.DialogPrompt;
import org.scijava.ui.UIService;
import org.scijava.widget.Button;

import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.HTMLDialog;

/**
 * Base of every MemFWI command. A subclass declares its inputs and outputs as SciJava {@code @Parameter} fields
 * (the single definition read by Fiji, the ImageJ 1 launcher and the command line, see {@link CommandSpec}) and
 * implements {@link #compute}: validate, convert images to arrays, call the core, convert back, add every file it
 * produces to {@link #results()}.
 * <p>
 * In Fiji, {@link #run()} reports bad input in a dialog (or the log, headless) and cancels the command, so no output
 * is displayed. The launcher and the command line call {@link #execute} instead, which throws.
 */
public abstract class MemFwiCommand extends ContextCommand implements Initializable {

	@Parameter(required = false)
	private StatusService statusService;

	@Parameter(required = false)
	private LogService logService;

	@Parameter(required = false)
	private UIService uiService;

	@Parameter(label = "Threads (auto = all processors)", min = "0", persist = false,
		description = "worker threads; results are identical for any count", attrs = { @Attr(name = "words", value = "auto=0"), @Attr(name = "advanced") })
	protected int threads = 0;

	@Parameter(label = "Output folder (optional: save all results there)", required = false, style = "directory",
		persist = false, description = "folder to write the result files to; created if needed; nothing is written on error")
	protected File out;

	@Parameter(label = "Help", callback = "openHelp", required = false, persist = false,
		description = "opens this command's sections of the README and every parameter's key, default and meaning")
	private Button help;

	@Parameter(label = "Image formats (tif, npy, segy)", required = false, persist = false,
		description = "result images are written as TIFF; add npy and/or segy (comma-separated) for copies next to them: .npy " +
			"of every 32-bit image, SEG-Y of velocity models and time-domain shot gathers")
	protected String format = "tif";

	private Results results = new Results();
	private List<File> written = Collections.emptyList();

	/** Runs the command under SciJava: errors become a dialog (or a log line when headless) and cancel it. */
	@Override
	public final void run() {
		final Progress progress = ProgressAdapters.scijava(statusService, logService, this);
		try {
			execute(progress);
			clearFailure(out);
			if (uiService != null && !uiService.isHeadless()) {
				prepareDisplay(results);
				if (out == null) for (final Map.Entry<String, Table> t : results.tables().entrySet())
					ResultsTables.show(t.getValue(), uniqueTitle(results.tableTitle(t.getKey())));
			}
		}
		catch (final CanceledException e) {
			cancel("Canceled by the user.");
		}
		catch (final IllegalArgumentException | IllegalStateException | IOException | OutOfMemoryError e) {
			final String msg = message(e);
			reportFailure(out, CommandSpec.of(getClass()).name(), msg);
			if (logService != null) logService.error("MemFWI " + getClass().getSimpleName() + ": " + msg);
			if (uiService != null && !uiService.isHeadless())
				uiService.showDialog(msg, "MemFWI", DialogPrompt.MessageType.ERROR_MESSAGE);
			cancel(msg);
		}
		finally {
			if (statusService != null) statusService.clearStatus();
		}
	}

	/**
	 * Runs the command with the given progress sink: checks the output folder, computes, and writes every result to
	 * {@link #out} if it is set, all or nothing.
	 *
	 * @throws IllegalArgumentException for bad input, naming the parameter and the fix
	 * @throws IOException if results could not be written (nothing is left behind then)
	 * @throws CanceledException if the user canceled
	 */
	public final void execute(final Progress progress) throws IOException {
		results = new Results();
		final ImageFormats formats = ImageFormats.parse(format);
		if (out != null) Results.checkWritable(out);
		compute(progress);
		results.label(sourceTitle(), method());
		if (out != null) {
			formats.addCopies(results);
			written = results.writeTo(out);
		}
	}

	/**
	 * The short name of the method in the titles of this command's windows, e.g. "reweighted": the command-line name
	 * without "posterior-".
	 */
	protected String method() {
		final String n = CommandSpec.of(getClass()).name();
		return n.startsWith("posterior-") ? n.substring("posterior-".length()) : n;
	}

	/**
	 * The title of the image this command's results derive from, for the titles of their windows: the {@code data}
	 * input if the command has one and it is set, else the first image input that is set, else null.
	 */
	protected String sourceTitle() {
		final CommandSpec spec = CommandSpec.of(getClass());
		final CommandSpec.Param data = spec.param("data");
		if (data != null && data.isImage() && spec.get(this, data) != null) return ((ImagePlus) spec.get(this, data)).getTitle();
		for (final CommandSpec.Param p : spec.params())
			if (p.isImage() && spec.get(this, p) != null) return ((ImagePlus) spec.get(this, p)).getTitle();
		return null;
	}

	/**
	 * Makes results ready to be shown: images dressed by their kind ({@link Display#dress}: velocity colour table,
	 * seismic display of data, slice labels) and titled uniquely among the open windows.
	 */
	public static void prepareDisplay(final Results r) {
		for (final Map.Entry<String, ImagePlus> e : r.images().entrySet()) {
			Display.dress(e.getValue(), Display.baseName(e.getKey()));
			e.getValue().setTitle(uniqueTitle(e.getValue().getTitle()));
		}
		for (final ImagePlus imp : r.pngs().values()) imp.setTitle(uniqueTitle(imp.getTitle()));
	}

	/** The title, or the title with " (2)", " (3)", ... appended, so that no open image or window has it. */
	public static String uniqueTitle(final String title) {
		String t = title;
		for (int k = 2; WindowManager.getImage(t) != null || WindowManager.getWindow(t) != null; k++) t = title + " (" + k + ")";
		return t;
	}

	/** Name of the file that a failed run leaves in its output folder (only in ImageJ and Fiji, not on the command line). */
	public static final String ERROR_FILE = "error.txt";

	/**
	 * Leaves {@value #ERROR_FILE} with the error message in the output folder if that folder exists, so that a script
	 * running ImageJ with {@code -batch} or Fiji headless (whose exit code is 0 even when a plugin fails) can tell a
	 * failure; a folder that does not exist is not created (a failed run writes nothing new), and a folder that cannot
	 * be written is left alone.
	 */
	public static void reportFailure(final File out, final String command, final String message) {
		if (out == null || !out.isDirectory()) return;
		try {
			Files.write(out.toPath().resolve(ERROR_FILE), (command + ": " + message + "\n")
				.getBytes(StandardCharsets.UTF_8));
		}
		catch (final IOException | RuntimeException e) {
			// the folder itself is the problem: the message in the log and dialog is all there is
		}
	}

	/** Removes a {@value #ERROR_FILE} that an earlier failed run left in the output folder. */
	public static void clearFailure(final File out) {
		if (out == null) return;
		try {
			Files.deleteIfExists(out.toPath().resolve(ERROR_FILE));
		}
		catch (final IOException | RuntimeException e) {
			// nothing to clear
		}
	}

	/**
	 * SciJava's initializer, called before Fiji shows the command's dialog: every image input that is not set yet starts
	 * with the open image of its role (training stack, observed data, one model, samples; {@link Roles}), read from the
	 * images' {@code memfwi.kind}, as the ImageJ 1 dialogs do. A macro's or a caller's values are set later and win.
	 */
	@Override
	public void initialize() {
		initializeImages(openImages());
	}

	/** Sets every unset image input to the best-fitting of {@code open} for its role ({@link Roles#defaults}). */
	final void initializeImages(final List<ImagePlus> open) {
		final CommandSpec spec = CommandSpec.of(getClass());
		final List<CommandSpec.Param> unset = new ArrayList<>();
		for (final CommandSpec.Param p : spec.params()) if (p.isImage() && spec.get(this, p) == null) unset.add(p);
		final List<ImagePlus> free = new ArrayList<>(open);
		for (final CommandSpec.Param p : spec.params()) if (p.isImage() && spec.get(this, p) != null) free.remove(spec.get(this, p));
		for (final Map.Entry<String, ImagePlus> e : Roles.defaults(unset, free).entrySet()) spec.set(this, spec.param(e.getKey()),
			e.getValue());
	}

	/** The open images, in the order ImageJ lists them (the most recent last); empty when there are none. */
	static List<ImagePlus> openImages() {
		final List<ImagePlus> out = new ArrayList<>();
		final int[] ids = WindowManager.getIDList();
		if (ids != null) for (final int id : ids) {
			final ImagePlus imp = WindowManager.getImage(id);
			if (imp != null) out.add(imp);
		}
		return out;
	}

	/** The Help button's callback in Fiji: this command's help (README sections and parameters) in a window. */
	protected void openHelp() {
		final String html = Help.html(CommandSpec.of(getClass()));
		if (GraphicsEnvironment.isHeadless()) {
			if (logService != null) logService.info(html);
			return;
		}
		new HTMLDialog("MemFWI help: " + CommandSpec.of(getClass()).name(), html, false);
	}

	/** Does the work. Bad input throws {@link IllegalArgumentException} with a message naming the parameter. */
	protected abstract void compute(Progress progress) throws IOException;

	/** The files this command produced in its last run (written to {@link #out} when set). */
	public final Results results() { return results; }

	/** The files written by the last {@link #execute}, empty when no output folder was given. */
	public final List<File> written() { return written; }

	/** The output folder, or null. */
	public final File outputFolder() { return out; }

	/** A one-line message for an error. */
	public static String message(final Throwable e) {
		if (e instanceof OutOfMemoryError) return "out of memory: the job is too large for the Java heap; make it smaller " +
			"or give Java more memory (Fiji: Edit > Options > Memory & Threads; command line: java -Xmx...)";
		final String m = e.getMessage();
		return m == null || m.isEmpty() ? e.getClass().getSimpleName() : m;
	}
}
