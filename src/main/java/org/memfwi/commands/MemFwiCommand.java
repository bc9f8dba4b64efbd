package org.memfwi.commands;

import java.io.File;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.memfwi.core.progress.CanceledException;
import org.memfwi.core.progress.Progress;
import org.memfwi.core.util.Table;
import org.memfwi.io.ResultsTables;

import org.scijava.app.StatusService;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.ui.DialogPrompt;
import org.scijava.ui.UIService;

/**
 * Base of every MemFWI command. A subclass declares its inputs and outputs as SciJava {@code @Parameter} fields
 * (the single definition read by Fiji, the ImageJ 1 launcher and the command line, see {@link CommandSpec}) and
 * implements {@link #compute}: validate, convert images to arrays, call the core, convert back, add every file it
 * produces to {@link #results()}.
 * <p>
 * In Fiji, {@link #run()} reports bad input in a dialog (or the log, headless) and cancels the command, so no output
 * is displayed. The launcher and the command line call {@link #execute} instead, which throws.
 */
public abstract class MemFwiCommand extends ContextCommand {

	@Parameter(required = false)
	private StatusService statusService;

	@Parameter(required = false)
	private LogService logService;

	@Parameter(required = false)
	private UIService uiService;

	@Parameter(label = "Threads (0 = all processors)", min = "0", persist = false,
		description = "worker threads; results are identical for any count")
	protected int threads = 0;

	@Parameter(label = "Output folder (optional: save all results there)", required = false, style = "directory",
		persist = false, description = "folder to write the result files to; created if needed; nothing is written on error")
	protected File out;

	private Results results = new Results();
	private List<File> written = Collections.emptyList();

	/** Runs the command under SciJava: errors become a dialog (or a log line when headless) and cancel it. */
	@Override
	public final void run() {
		final Progress progress = ProgressAdapters.scijava(statusService, logService, this);
		try {
			execute(progress);
			if (out == null && uiService != null && !uiService.isHeadless())
				for (final Map.Entry<String, Table> t : results.tables().entrySet())
					ResultsTables.of(t.getValue()).show(t.getKey());
		}
		catch (final CanceledException e) {
			cancel("Canceled by the user.");
		}
		catch (final IllegalArgumentException | IllegalStateException | IOException | OutOfMemoryError e) {
			final String msg = message(e);
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
		if (out != null) Results.checkWritable(out);
		compute(progress);
		if (out != null) written = results.writeTo(out);
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
