package org.memfwi.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ProcessBuilder.Redirect;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.lang.module.ModuleFinder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Re-launches the command-line JVM once with {@code --add-modules jdk.incubator.vector}, so that {@code java -jar
 * memfwi.jar ...} runs the time-domain propagator's Vector API kernel: a manifest cannot add a module, and the
 * module graph is fixed when {@code main} starts. The child gets the same java executable, JVM options, class path,
 * main class and arguments, inherits standard input and output, and its exit code becomes this process's. The child
 * also gets {@code -Djdk.incubator.vector.VECTOR_ACCESS_OOB_CHECK=0} (the kernel checks each loop's range on entry, so
 * the Vector API's check of every load is redundant), unless that property is given or
 * {@code -Dmemfwi.vector.checks=true}.
 * <p>
 * Nothing happens (the caller goes on in this JVM) when the module is already there, the JVM has no such module,
 * {@code -Dmemfwi.vector=false} is given, this JVM is itself a re-launched one (system property
 * {@value #GUARD}, so it cannot loop), this JVM was not started with {@link Main} as its entry point (tests, Fiji),
 * or the child cannot be started. Costs about 0.15 s of start-up.
 */
public final class VectorLauncher {

	/** The module of the Vector API. */
	static final String MODULE = "jdk.incubator.vector";
	/** The Vector API's switch for its per-load bounds checks (2, the default: on; 0: off). */
	static final String OOB_CHECK = "jdk.incubator.vector.VECTOR_ACCESS_OOB_CHECK";
	/** System property set in the re-launched JVM. */
	static final String GUARD = "memfwi.relaunched";
	/** What the JVM prints first on standard error when an incubator module is added. */
	private static final String WARNING = "WARNING: Using incubator modules: " + MODULE;

	private VectorLauncher() {}

	/**
	 * Runs Main in a JVM with the Vector API module and exits with its exit code, when that is useful and possible;
	 * returns otherwise.
	 */
	public static void relaunchIfUseful(final String[] args) {
		final List<String> command = command(args);
		if (command == null) return;
		final Process child;
		try {
			final ProcessBuilder pb = new ProcessBuilder(command).redirectInput(Redirect.INHERIT).redirectOutput(Redirect.INHERIT);
			// Options from these variables are among this JVM's input arguments already.
			pb.environment().remove("JDK_JAVA_OPTIONS");
			pb.environment().remove("JAVA_TOOL_OPTIONS");
			child = pb.start();
		}
		catch (final Exception e) {
			return;
		}
		final Thread errors = new Thread(() -> copyErrors(child.getErrorStream()), "memfwi-stderr");
		errors.setDaemon(true);
		errors.start();
		final Thread stop = new Thread(child::destroy);
		Runtime.getRuntime().addShutdownHook(stop);
		int code;
		while (true) {
			try {
				code = child.waitFor();
				break;
			}
			catch (final InterruptedException e) {
				// keep waiting: the child owns the terminal now
			}
		}
		try {
			errors.join(5000);
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		try {
			Runtime.getRuntime().removeShutdownHook(stop);
		}
		catch (final IllegalStateException e) {
			// shutting down already
		}
		System.exit(code);
	}

	/**
	 * Copies the child's standard error to ours, without the JVM's "WARNING: Using incubator modules" line (the
	 * re-launch chose the module; the propagator says which kernel runs).
	 */
	private static void copyErrors(final InputStream in) {
		try {
			final ByteArrayOutputStream first = new ByteArrayOutputStream();
			int b;
			while ((b = in.read()) >= 0) {
				first.write(b);
				if (b == '\n' || first.size() > 200) break;
			}
			if (!first.toString(StandardCharsets.UTF_8).trim().equals(WARNING)) {
				System.err.write(first.toByteArray());
				System.err.flush();
			}
			final byte[] buf = new byte[8192];
			int n;
			while ((n = in.read(buf)) >= 0) {
				System.err.write(buf, 0, n);
				System.err.flush();
			}
		}
		catch (final IOException e) {
			// the child has gone
		}
	}

	/** The re-launch command, or null when none is wanted (see the class comment). */
	static List<String> command(final String[] args) {
		if (Boolean.getBoolean(GUARD) || "false".equals(System.getProperty("memfwi.vector"))) return null;
		if (ModuleLayer.boot().findModule(MODULE).isPresent() || ModuleFinder.ofSystem().find(MODULE).isEmpty()) return null;
		if (!startedAsMain()) return null;
		final Optional<String> java = ProcessHandle.current().info().command();
		final String classPath = System.getProperty("java.class.path");
		if (java.isEmpty() || classPath == null || classPath.isEmpty()) return null;
		final List<String> cmd = new ArrayList<>();
		cmd.add(java.get());
		cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
		cmd.add("--add-modules=" + MODULE);
		// The kernel's loops check their ranges once per call (VectorKernel), so the per-load checks of the Vector API
		// only cost time (15-20 % of the forward); kept when asked for with -Dmemfwi.vector.checks=true or when the
		// user sets the property.
		if (!Boolean.getBoolean("memfwi.vector.checks") && System.getProperty(OOB_CHECK) == null) cmd.add("-D" + OOB_CHECK + "=0");
		cmd.add("-D" + GUARD + "=true");
		cmd.add("-cp");
		cmd.add(classPath);
		cmd.add(Main.class.getName());
		for (final String a : args) cmd.add(a);
		return cmd;
	}

	/** True if this JVM's entry point is Main: {@code java -jar memfwi.jar} or {@code java -cp ... org.memfwi.cli.Main}. */
	private static boolean startedAsMain() {
		final String cmd = System.getProperty("sun.java.command", "");
		final String first = cmd.split(" ", 2)[0];
		if (first.equals(Main.class.getName())) return true;
		return first.endsWith(".jar") && first.equals(System.getProperty("java.class.path"));
	}
}
