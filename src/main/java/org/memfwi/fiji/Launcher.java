package org.memfwi.fiji;

import java.io.File;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.memfwi.commands.Binder;
import org.memfwi.commands.CommandSpec;
import org.memfwi.commands.Commands;
import org.memfwi.commands.MemFwiCommand;
import org.memfwi.commands.Options;
import org.memfwi.commands.Results;
import org.memfwi.core.progress.CanceledException;
import org.memfwi.core.util.Table;
import org.memfwi.io.Display;
import org.memfwi.io.ForeignImages;
import org.memfwi.io.ResultsTables;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.io.Opener;
import ij.macro.Interpreter;
import ij.plugin.PlugIn;
import ij.plugin.Zoom;

/**
 * The ImageJ 1 entry of every MemFWI command, registered in plugins.config as
 * {@code Launcher("command-name")}. It reads the command's SciJava parameters ({@link CommandSpec}), takes their
 * values from the macro options or from a dialog built from them, records {@code key=value} options exactly as Fiji
 * records the SciJava command, runs the command and shows its results. In Fiji the SciJava command with the same
 * menu label replaces this entry, so each command appears once.
 */
public class Launcher implements PlugIn {

	/** The dialog choice for an optional image that is not given. */
	static final String NO_IMAGE = Binder.NO_IMAGE;

	@Override
	public void run(final String arg) {
		final CommandSpec spec;
		try {
			spec = Commands.byName(arg);
		}
		catch (final IllegalArgumentException e) {
			fail("MemFWI", e.getMessage());
			return;
		}
		final String options = Macro.getOptions();
		final Map<String, String> values;
		if (options != null) values = Options.parseMacro(options);
		else {
			values = CommandDialog.show(spec);
			if (values == null) return;
		}
		final MemFwiCommand cmd;
		final File out = values.get("out") == null || values.get("out").trim().isEmpty() ? null : new File(values.get("out").trim());
		try {
			cmd = Binder.bind(spec, values, Launcher::resolveImage);
			IJ.showStatus(spec.title() + "...");
			cmd.execute(ImageJProgress.create());
		}
		catch (final CanceledException e) {
			IJ.showStatus(spec.title() + ": canceled");
			return;
		}
		catch (final Exception | OutOfMemoryError e) {
			MemFwiCommand.reportFailure(out, spec.name(), MemFwiCommand.message(e));
			if (!(e instanceof IllegalArgumentException) && !(e instanceof IOException) && !(e instanceof OutOfMemoryError))
				IJ.handleException(e);
			else fail("MemFWI: " + spec.title(), MemFwiCommand.message(e));
			return;
		}
		finally {
			IJ.showProgress(1.0);
		}
		MemFwiCommand.clearFailure(out);
		show(cmd.results());
		if (!cmd.written().isEmpty())
			IJ.showStatus(spec.title() + ": wrote " + files(cmd.written().size()) + " to " + cmd.outputFolder());
	}

	/**
	 * Reports bad input: a dialog in the ImageJ window (which also aborts a running macro); when a macro runs
	 * without the ImageJ window ({@code ImageJ -batch}), where a dialog would wait forever, one line in the log
	 * (standard output) and the macro is aborted.
	 */
	static void fail(final String title, final String message) {
		if (IJ.getInstance() == null && IJ.isMacro()) {
			IJ.log(title + " error: " + message);
			Interpreter.abort();
			Macro.abort();
		}
		else IJ.error(title, message);
	}

	/** An image parameter in ImageJ: the title of an open image, or else the path of an image file. */
	static ImagePlus resolveImage(final CommandSpec.Param p, final String text) {
		final ImagePlus open = WindowManager.getImage(text);
		if (open != null) return open;
		if (ForeignImages.handles(text)) return ForeignImages.open(text, p.key);
		final File f = new File(text);
		if (f.isFile()) {
			final ImagePlus imp = new Opener().openImage(f.getAbsolutePath());
			if (imp != null) return imp;
			throw new IllegalArgumentException(p.key + ": cannot read " + f + " as an image");
		}
		throw new IllegalArgumentException(p.key + " (" + p.label + "): there is no open image titled '" + text +
			"' and no such file; open the image first");
	}

	/** Shows images, plots and tables of a finished command. */
	static void show(final Results r) {
		MemFwiCommand.prepareDisplay(r);
		for (final ImagePlus imp : r.images().values()) {
			imp.show();
			zoom(imp);
		}
		for (final ImagePlus imp : r.pngs().values()) imp.show();
		for (final Map.Entry<String, Table> e : r.tables().entrySet())
			ResultsTables.show(e.getValue(), MemFwiCommand.uniqueTitle(r.tableTitle(e.getKey())));
	}

	/** Zooms a shown image in until it is readable ({@link Display#zoom}); batch-mode images have no window. */
	static void zoom(final ImagePlus imp) {
		final double z = Display.zoom(imp.getWidth(), imp.getHeight());
		if (z > 1 && imp.getWindow() != null) Zoom.set(imp, z);
	}

	/** "1 file", "3 files". */
	static String files(final int n) {
		return n + (n == 1 ? " file" : " files");
	}
}
