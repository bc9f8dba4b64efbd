package org.memfwi.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

import org.memfwi.cli.bench.Bench;
import org.memfwi.io.ForeignImages;
import org.memfwi.commands.Binder;
import org.memfwi.commands.CommandSpec;
import org.memfwi.commands.Commands;
import org.memfwi.commands.MemFwiCommand;
import org.memfwi.commands.Options;
import org.memfwi.core.progress.CanceledException;

import ij.ImagePlus;
import ij.io.Opener;

/**
 * The command line: {@code java -jar memfwi.jar COMMAND key=value ... out=DIR}. The commands and their parameters
 * are the SciJava commands that Fiji shows in its menus; images are given as TIFF paths and results are written to
 * {@code out} (default {@value #DEFAULT_OUT}). Exit codes: 0 success, 1 bad input or failure (one line on standard
 * error, nothing written), 2 usage error, 130 canceled.
 */
public final class Main {

	/** Where results go when {@code out} is not given. */
	public static final String DEFAULT_OUT = "memfwi-out";

	private Main() {}

	public static void main(final String[] args) {
		VectorLauncher.relaunchIfUseful(args);
		System.setProperty("java.awt.headless", "true");
		System.exit(run(args, System.out, System.err));
	}

	/** Runs the command line and returns the exit code (for tests: nothing calls System.exit here). */
	public static int run(final String[] args, final PrintStream stdout, final PrintStream stderr) {
		if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
			printUsage(stdout);
			return args.length == 0 ? 2 : 0;
		}
		if (args[0].equals("bench")) return Bench.run(Arrays.copyOfRange(args, 1, args.length), stdout, stderr, Main::run);
		if (args[0].equals("--version")) {
			stdout.println("MemFWI " + version());
			return 0;
		}
		final CommandSpec spec;
		try {
			spec = Commands.byName(args[0]);
		}
		catch (final IllegalArgumentException e) {
			stderr.println("error: " + e.getMessage() + " (java -jar memfwi.jar --help lists them)");
			return 2;
		}
		boolean quiet = false;
		for (int i = 1; i < args.length; i++) {
			if (args[i].equals("--help") || args[i].equals("-h")) {
				printHelp(spec, stdout);
				return 0;
			}
			if (args[i].equals("--quiet") || args[i].equals("-q")) quiet = true;
		}
		final String[] rest = Arrays.stream(args, 1, args.length)
			.filter(a -> !a.equals("--quiet") && !a.equals("-q")).toArray(String[]::new);
		try {
			final Map<String, String> values = Options.parseArgs(rest, 0);
			if (!values.containsKey("out")) values.put("out", DEFAULT_OUT);
			final MemFwiCommand cmd = Binder.bind(spec, values, Main::openImage);
			cmd.execute(ConsoleProgress.create(quiet, stdout, stderr));
			if (!quiet) for (final File f : cmd.written()) stdout.println("wrote " + f.getPath());
			return 0;
		}
		catch (final CanceledException e) {
			stderr.println("canceled");
			return 130;
		}
		catch (final IllegalArgumentException | IllegalStateException | IOException | OutOfMemoryError e) {
			stderr.println("error: " + MemFwiCommand.message(e));
			return 1;
		}
		catch (final RuntimeException e) {
			stderr.println("error: internal error in " + spec.name() + " (" + e + "); please report it with the command line used");
			if (Boolean.getBoolean("memfwi.debug")) e.printStackTrace(stderr);
			return 1;
		}
	}

	/** An image parameter on the command line: the path of a TIFF (or any format ImageJ reads). */
	static ImagePlus openImage(final CommandSpec.Param p, final String path) {
		if (ForeignImages.handles(path)) return ForeignImages.open(path, p.key);
		final File f = new File(path);
		if (!f.isFile()) throw new IllegalArgumentException(p.key + ": file not found: " + f.getPath());
		final ImagePlus imp;
		final String name = f.getName().toLowerCase(Locale.ROOT);
		if (name.endsWith(".tif") || name.endsWith(".tiff")) {
			imp = new Opener().openTiff(f.getAbsoluteFile().getParent() + File.separator, f.getName());
		}
		else imp = new Opener().openImage(f.getAbsolutePath());
		if (imp == null) throw new IllegalArgumentException(p.key + ": cannot read " + f.getPath() + " as an image (use a TIFF)");
		return imp;
	}

	private static void printUsage(final PrintStream out) {
		out.println("MemFWI " + version() + " - full-waveform inversion with memorized generative priors");
		out.println();
		out.println("usage: java -jar memfwi.jar COMMAND key=value ... [out=DIR] [--quiet]");
		out.println("       java -jar memfwi.jar COMMAND --help     parameters of one command");
		out.println();
		out.println("commands:");
		for (final CommandSpec c : Commands.all())
			out.println(String.format(Locale.ROOT, "  %-22s %s", c.name(), c.description()));
		out.println(String.format(Locale.ROOT, "  %-22s %s", "bench", "solver throughput, for performance work (command line only)"));
		out.println();
		out.println("Images are TIFF paths; results go to out=DIR (default " + DEFAULT_OUT + "), written only when the command succeeds.");
		out.println("The same commands are in Fiji under Plugins > MemFWI, with the same keys in macros.");
	}

	private static void printHelp(final CommandSpec spec, final PrintStream out) {
		out.println(spec.name() + " - " + spec.description());
		out.println("Fiji menu: " + spec.menuPath().replace(">", " > ") + "   macro: run(\"" + spec.macroName() + "\", \"key=value ...\")");
		out.println();
		out.println("parameters (key=value; default in brackets):");
		for (final CommandSpec.Param p : spec.params()) {
			String def = p.key.equals("out") ? DEFAULT_OUT : p.defaultText();
			if (p.required && !p.key.equals("out")) def = "required";
			final StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "  %-14s %s [%s]", p.key, p.label, def));
			if (!p.choices.isEmpty()) sb.append("; one of ").append(String.join(", ", p.choices));
			if (p.isImage()) sb.append("; a TIFF path");
			out.println(sb);
			if (!p.description.isEmpty()) out.println(String.format(Locale.ROOT, "  %-14s   %s", "", p.description));
		}
	}

	static String version() {
		final String v = Main.class.getPackage() == null ? null : Main.class.getPackage().getImplementationVersion();
		return v == null ? "(development)" : v;
	}
}
