package org.memfwi.fiji;

import java.io.File;
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
import org.memfwi.io.ResultsTables;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.io.Opener;
import ij.plugin.PlugIn;
import ij.plugin.frame.Recorder;

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
			values = dialog(spec);
			if (values == null) return;
		}
		final MemFwiCommand cmd;
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
			if (!(e instanceof IllegalArgumentException) && !(e instanceof java.io.IOException) && !(e instanceof OutOfMemoryError))
				IJ.handleException(e);
			else fail("MemFWI: " + spec.title(), MemFwiCommand.message(e));
			return;
		}
		finally {
			IJ.showProgress(1.0);
		}
		show(cmd.results());
		if (!cmd.written().isEmpty())
			IJ.showStatus(spec.title() + ": wrote " + cmd.written().size() + " files to " + cmd.outputFolder());
	}

	/**
	 * Reports bad input: a dialog in the ImageJ window (which also aborts a running macro); when a macro runs
	 * without the ImageJ window ({@code ImageJ -batch}), where a dialog would wait forever, one line in the log
	 * (standard output) and the macro is aborted.
	 */
	static void fail(final String title, final String message) {
		if (IJ.getInstance() == null && IJ.isMacro()) {
			IJ.log(title + " error: " + message);
			ij.macro.Interpreter.abort();
			Macro.abort();
		}
		else IJ.error(title, message);
	}

	/** An image parameter in ImageJ: the title of an open image, or else the path of an image file. */
	static ImagePlus resolveImage(final CommandSpec.Param p, final String text) {
		final ImagePlus open = WindowManager.getImage(text);
		if (open != null) return open;
		final File f = new File(text);
		if (f.isFile()) {
			final ImagePlus imp = new Opener().openImage(f.getAbsolutePath());
			if (imp != null) return imp;
			throw new IllegalArgumentException(p.key + ": cannot read " + f + " as an image");
		}
		throw new IllegalArgumentException(p.key + " (" + p.label + "): there is no open image titled '" + text +
			"' and no such file; open the image first");
	}

	private static Map<String, String> dialog(final CommandSpec spec) {
		final GenericDialog gd = new GenericDialog("MemFWI: " + spec.title());
		if (!spec.description().isEmpty()) gd.addMessage(spec.description());
		final String[] titles = imageTitles();
		for (final CommandSpec.Param p : spec.params()) {
			final String label = p.key + ": " + p.label; // the first word is the macro key
			if (p.isImage()) {
				if (!p.required) {
					final String[] withNone = new String[titles.length + 1];
					withNone[0] = NO_IMAGE;
					System.arraycopy(titles, 0, withNone, 1, titles.length);
					gd.addChoice(label, withNone, NO_IMAGE);
				}
				else if (titles.length == 0) {
					IJ.error("MemFWI: " + spec.title(), p.label + " (" + p.key + ") needs an open image; open one first.");
					return null;
				}
				else gd.addChoice(label, titles, titles[0]);
			}
			else if (!p.choices.isEmpty()) gd.addChoice(label, p.choices.toArray(new String[0]), p.defaultText());
			else if (p.type == boolean.class || p.type == Boolean.class) gd.addCheckbox(label, Boolean.TRUE.equals(p.defaultValue));
			else if (p.isFile()) {
				if (p.isDirectory()) gd.addDirectoryField(label, p.defaultText());
				else gd.addFileField(label, p.defaultText());
			}
			else if (p.type == String.class) gd.addStringField(label, p.defaultText(), 20);
			else {
				final double v = p.defaultValue == null ? 0 : ((Number) p.defaultValue).doubleValue();
				gd.addNumericField(label, v, digits(p, v), 10, null);
			}
		}
		// Record key=value for every parameter ourselves, as Fiji records SciJava commands (booleans as true/false).
		final boolean recording = Recorder.record;
		Recorder.record = false;
		final Map<String, String> values = new LinkedHashMap<>();
		try {
			gd.showDialog();
			if (gd.wasCanceled()) return null;
			for (final CommandSpec.Param p : spec.params()) {
				final String v;
				if (p.isImage()) {
					final String c = gd.getNextChoice();
					v = c.equals(NO_IMAGE) ? "" : c;
				}
				else if (!p.choices.isEmpty()) v = gd.getNextChoice();
				else if (p.type == boolean.class || p.type == Boolean.class) v = Boolean.toString(gd.getNextBoolean());
				else if (p.isFile() || p.type == String.class) v = gd.getNextString();
				else {
					final double d = gd.getNextNumber();
					if (gd.invalidNumber()) {
						IJ.error("MemFWI: " + spec.title(), p.key + " (" + p.label + ") is not a number.");
						return null;
					}
					v = isInteger(p) ? Long.toString(Math.round(d)) : Table.format(d);
				}
				values.put(p.key, v);
			}
		}
		finally {
			Recorder.record = recording;
		}
		if (recording) for (final Map.Entry<String, String> e : values.entrySet())
			if (!e.getValue().isEmpty()) Recorder.recordOption(e.getKey(), e.getValue());
		return values;
	}

	private static boolean isInteger(final CommandSpec.Param p) {
		return p.type == int.class || p.type == Integer.class || p.type == long.class || p.type == Long.class;
	}

	private static int digits(final CommandSpec.Param p, final double v) {
		if (isInteger(p)) return 0;
		for (int d = 0; d < 8; d++)
			if (Math.abs(v * Math.pow(10, d) - Math.rint(v * Math.pow(10, d))) < 1e-9) return Math.max(d, 1);
		return 8;
	}

	private static String[] imageTitles() {
		final String[] t = WindowManager.getImageTitles();
		return t == null ? new String[0] : t;
	}

	/** Shows images, plots and tables of a finished command. */
	static void show(final Results r) {
		for (final ImagePlus imp : r.images().values()) imp.show();
		for (final ImagePlus imp : r.pngs().values()) imp.show();
		for (final Map.Entry<String, Table> e : r.tables().entrySet()) ResultsTables.of(e.getValue()).show(e.getKey());
	}
}
