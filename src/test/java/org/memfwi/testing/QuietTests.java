package org.memfwi.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Keeps the test log quiet and tests reproducible (EJML's {@code EjmlStandardJUnit} idea), for every test of the
 * build: it is registered for all tests through src/test/resources (junit-platform.properties turns on extension
 * auto-detection, META-INF/services lists this class).
 * <ul>
 * <li>System.out and System.err are captured while a test class and each test run. A passing test that printed a
 * line it did not claim through a {@link CapturedOutput} parameter FAILS, naming the line: expected messages (a
 * command's {@code [ERROR]} log line for bad input, a physics warning) are asserted, not printed, and figures a test
 * measures go to a {@link Figures} parameter (written to target/test-figures/) instead of System.out.</li>
 * <li>A failing test's captured output is passed on to the real streams, so it shows in the report next to the
 * failure.</li>
 * <li>Parameters: {@link CapturedOutput}, {@link Figures} (written to target/test-figures/), a {@link Random}
 * seeded with {@link #SEED}, and a fresh {@link RecordingProgress}.</li>
 * </ul>
 * Tests of one JVM must run one at a time (JUnit's default; the captures swap the JVM-wide streams).
 */
public final class QuietTests implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback,
	ParameterResolver {

	/** The seed of every injected {@link Random}: the same for every test and every run, so a failure replays. */
	public static final long SEED = 345;

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(QuietTests.class);
	private static final String KEY = "capture", FIGURES = "figures";
	/** Where each test class's {@link Figures} go, relative to the project folder (Maven's working directory). */
	static final Path FIGURES_FOLDER = Paths.get("target", "test-figures");

	static {
		// java.util.prefs logs "Created user preferences directory." to System.err when a JVM first touches a user root
		// that has no .java/.userPrefs folder yet (a fresh machine or clone; Linux and other Unix systems, while macOS
		// keeps its preferences elsewhere): into whichever test touched it first. The build points the root into
		// target/ (pom.xml), and the folder is made here, before any capture.
		final String root = System.getProperty("java.util.prefs.userRoot");
		if (root != null) {
			try {
				Files.createDirectories(Paths.get(root, ".java", ".userPrefs"));
			}
			catch (final IOException e) {
				throw new UncheckedIOException("cannot create the preferences folder " + root, e);
			}
		}
	}

	@Override
	public void beforeAll(final ExtensionContext context) {
		begin(context);
	}

	@Override
	public void afterAll(final ExtensionContext context) {
		end(context);
		@SuppressWarnings("unchecked")
		final List<String> figures = context.getStore(NAMESPACE).remove(FIGURES, List.class);
		if (figures == null || figures.isEmpty() || !context.getTestClass().isPresent()) return;
		try {
			Files.createDirectories(FIGURES_FOLDER);
			Files.write(FIGURES_FOLDER.resolve(context.getRequiredTestClass().getName() + ".txt"), figures,
				StandardCharsets.UTF_8);
		}
		catch (final IOException e) {
			throw new UncheckedIOException("cannot write the figures of " + context.getDisplayName(), e);
		}
	}

	@Override
	public void beforeEach(final ExtensionContext context) {
		begin(context);
	}

	@Override
	public void afterEach(final ExtensionContext context) {
		end(context);
	}

	@Override
	public boolean supportsParameter(final ParameterContext parameter, final ExtensionContext context) {
		final Class<?> type = parameter.getParameter().getType();
		return type == CapturedOutput.class || type == Figures.class || type == Random.class ||
			type == RecordingProgress.class;
	}

	@Override
	public Object resolveParameter(final ParameterContext parameter, final ExtensionContext context) {
		final Class<?> type = parameter.getParameter().getType();
		if (type == Random.class) return new Random(SEED);
		if (type == RecordingProgress.class) return new RecordingProgress();
		if (type == Figures.class) return figures(context);
		final Capture c = context.getStore(NAMESPACE).get(KEY, Capture.class);
		if (c == null) throw new IllegalStateException("no output is being captured for " + context.getDisplayName());
		return new CapturedOutput(c);
	}

	/** A figure sink for the current test, collecting into its class's list (written after the class). */
	private static Figures figures(final ExtensionContext context) {
		ExtensionContext classContext = context;
		while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent())
			classContext = classContext.getParent().get(); // a parameterized test's invocation sits in its method's context
		@SuppressWarnings("unchecked")
		final List<String> sink = classContext.getStore(NAMESPACE).getOrComputeIfAbsent(FIGURES, k -> new ArrayList<String>(),
			List.class);
		final String test = context.getTestMethod().isPresent() ? context.getRequiredTestMethod().getName() +
			(context.getDisplayName().startsWith("[") ? " " + context.getDisplayName() : "") : context.getDisplayName();
		return new Figures(test, sink, value -> context.publishReportEntry("figure", value));
	}

	private static void begin(final ExtensionContext context) {
		context.getStore(NAMESPACE).put(KEY, Capture.start(context.getDisplayName()));
	}

	private static void end(final ExtensionContext context) {
		final Capture c = context.getStore(NAMESPACE).remove(KEY, Capture.class);
		if (c == null) return;
		c.stop();
		if (context.getExecutionException().isPresent()) {
			c.replay();
			return;
		}
		final String verdict = verdict(where(context), c.unexpected());
		if (verdict != null) throw new AssertionError(verdict);
	}

	/** The failure message for lines printed but not expected, or null if there were none. */
	static String verdict(final String where, final List<String> unexpected) {
		if (unexpected.isEmpty()) return null;
		return where + " printed " + unexpected.size() + " line(s) it did not expect:\n  " + String.join("\n  ", unexpected) +
			"\nA passing test must be quiet: assert expected output through a CapturedOutput parameter " +
			"(org.memfwi.testing), report measured figures through a Figures parameter, or remove the print.";
	}

	private static String where(final ExtensionContext context) {
		return context.getTestMethod().isPresent()
			? context.getRequiredTestClass().getSimpleName() + "." + context.getDisplayName()
			: context.getDisplayName() + " (outside its tests: @BeforeAll, @AfterAll, constructor or fields)";
	}
}
