package org.memfwi.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.memfwi.commands.Binder;
import org.memfwi.commands.CommandSpec;
import org.memfwi.commands.Commands;
import org.memfwi.commands.MemFwiCommand;
import org.memfwi.commands.Options;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import ij.Macro;
import ij.Prefs;

/**
 * Dialogs start with the values the user last confirmed (ImageJ's Prefs), while macros get the documented defaults
 * for every key they leave out, whatever an earlier dialog held.
 */
class RememberedValuesTest {

	private final CommandSpec spec = Commands.byName("generate-models");

	@AfterEach
	void forget() {
		for (final CommandSpec.Param p : spec.params()) Prefs.set(RememberedValues.prefKey(spec, p), null);
	}

	@Test
	void aDialogStartsWithTheLastConfirmedValues() {
		final RememberedValues m = new RememberedValues(spec);
		assertEquals("flat", m.get(spec.param("family")), "nothing remembered yet: the default");
		assertEquals("10", m.get(spec.param("n")));
		m.remember(values("family", "curvedfault", "n", "5", "seed", "42", "modes", "5", "out", "/tmp/run1"));
		assertEquals("memfwi.generate-models.family", RememberedValues.prefKey(spec, spec.param("family")));
		assertEquals("curvedfault", Prefs.get("memfwi.generate-models.family", null));
		final RememberedValues next = new RememberedValues(spec); // the next time the dialog opens
		assertEquals("curvedfault", next.get(spec.param("family")));
		assertEquals("5", next.get(spec.param("n")));
		assertEquals("42", next.get(spec.param("seed")));
		assertEquals("5", next.get(spec.param("modes")), "advanced values are remembered too");
		assertEquals("", next.get(spec.param("out")), "the output folder is never remembered (it would be overwritten)");
		assertEquals("auto", next.get(spec.param("maxlayers")), "keys not given keep their default, as a word");
	}

	@Test
	void macrosNeitherReadNorWriteRememberedValues() throws Exception {
		new RememberedValues(spec).remember(values("family", "curvedfault", "n", "5", "seed", "42"));
		final AtomicReference<String> family = new AtomicReference<>(), n = new AtomicReference<>();
		final AtomicReference<MemFwiCommand> bound = new AtomicReference<>();
		final AtomicReference<Throwable> failed = new AtomicReference<>();
		// ImageJ gives macro options only to macro threads ("Run$_..."), as when a macro calls run("...", "...").
		final Thread macro = new Thread(() -> {
			try {
				Macro.setOptions("nx=20 nz=16 seed=7");
				final RememberedValues m = new RememberedValues(spec);
				family.set(m.get(spec.param("family")));
				n.set(m.get(spec.param("n")));
				m.remember(values("family", "grf"));
				// The launcher's macro route: the options alone, bound over the command's defaults.
				bound.set(Binder.bind(spec, Options.parseMacro(Macro.getOptions()), Launcher::resolveImage));
			}
			catch (final Throwable t) {
				failed.set(t);
			}
			finally {
				Macro.setOptions(null);
			}
		}, "Run$_test-macro");
		macro.start();
		macro.join();
		if (failed.get() != null) throw new AssertionError(failed.get());
		assertEquals("flat", family.get(), "a macro sees the documented default");
		assertEquals("10", n.get());
		assertEquals("curvedfault", Prefs.get("memfwi.generate-models.family", null), "a macro changes no remembered value");
		final MemFwiCommand cmd = bound.get();
		assertEquals("flat", spec.get(cmd, spec.param("family")));
		assertEquals(10, spec.get(cmd, spec.param("n")));
		assertEquals(7L, spec.get(cmd, spec.param("seed")));
		assertEquals(20, spec.get(cmd, spec.param("nx")));
	}

	private static Map<String, String> values(final String... kv) {
		final Map<String, String> m = new LinkedHashMap<>();
		for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
		return m;
	}
}
