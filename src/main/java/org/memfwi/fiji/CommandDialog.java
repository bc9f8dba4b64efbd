package org.memfwi.fiji;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.memfwi.commands.Binder;
import org.memfwi.commands.CommandSpec;
import org.memfwi.commands.Help;
import org.memfwi.commands.Roles;
import org.memfwi.core.util.Table;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.plugin.frame.Recorder;

/**
 * The ImageJ 1 dialog of a command, built from its parameters ({@link CommandSpec}):
 * <ul>
 * <li>image inputs start with the open image of the right role ({@link Roles}: training stack, data, model, samples);
 * <li>the physics of a command that has one is read from the chosen data's {@code memfwi.physics}, or asked first
 * when there are no data (Forward Model), and only that physics' fields are shown; commands without a physics key
 * (the posteriors) hide the other physics' fields of their data too ({@link DialogLayout});
 * <li>rarely changed keys (the {@code advanced} attribute) sit in a second dialog behind a "Show advanced settings"
 * check box; the main dialog lists them and the advanced values that differ from the defaults;
 * <li>numbers with special values show words ("auto", "recorded") instead of sentinels;
 * <li>every value starts as the user last set it ({@link RememberedValues}: ImageJ's Prefs,
 * {@code memfwi.COMMAND.KEY}); macros never read these, so a macro that omits a key gets the documented default;
 * <li>a Help button shows the command's README section and parameter table.
 * </ul>
 * Returns the {@code key=value} map for {@link Binder}, and records it as one macro line, as Fiji records a SciJava
 * command. Fields of the physics not used are neither returned nor recorded, so the replayed line uses their defaults.
 */
final class CommandDialog {

	/** The label of the check box that opens the advanced settings. */
	static final String ADVANCED = "Show advanced settings";

	private final CommandSpec spec;
	private final Map<String, ImagePlus> defaults;
	private final CommandSpec.Param physicsParam;
	private final RememberedValues memory;
	/** The physics whose fields are shown, or null when the command has no physics. */
	private String physics;
	/** True when the physics was read from the data rather than chosen. */
	private boolean physicsFromData;

	private CommandDialog(final CommandSpec spec) {
		this.spec = spec;
		defaults = Roles.defaults(spec.params(), openImages());
		physicsParam = DialogLayout.physicsParam(spec);
		memory = new RememberedValues(spec);
	}

	/** Shows the dialogs of a command; null if the user canceled or an input is missing. */
	static Map<String, String> show(final CommandSpec spec) {
		return new CommandDialog(spec).run();
	}

	private Map<String, String> run() {
		if (physicsParam != null) {
			final ImagePlus data = defaults.get("data");
			final String fromData = data == null ? null : data.getProp("memfwi.physics");
			if (fromData != null && physicsParam.choices.contains(fromData)) {
				physics = fromData;
				physicsFromData = true;
			}
			else if (spec.param("data") == null || !spec.param("data").isImage()) {
				final GenericDialog gd = new GenericDialog("MemFWI: " + spec.title());
				gd.addChoice(label(physicsParam), physicsParam.choices.toArray(new String[0]), remembered(physicsParam));
				gd.addMessage("Only the settings of this physics are shown next.");
				gd.addHelp(Help.html(spec));
				if (!showQuietly(gd)) return null;
				physics = gd.getNextChoice();
			}
			else physics = remembered(physicsParam);
		}
		else if (DialogLayout.hasPhysicsFields(spec) && defaults.get("data") != null) {
			// No physics key (the posteriors): the data's physics still hides the other physics' fields.
			physics = defaults.get("data").getProp("memfwi.physics");
			physicsFromData = physics != null;
		}
		final DialogLayout layout = DialogLayout.of(spec, physics);
		final List<CommandSpec.Param> main = layout.main, advanced = layout.advanced;
		final GenericDialog gd = new GenericDialog("MemFWI: " + spec.title());
		if (!spec.description().isEmpty()) gd.addMessage(wrap(spec.description(), 90));
		if (physics != null)
			gd.addMessage("Physics: " + physics + (physicsFromData ? " (from the data's memfwi.physics)" : ""));
		final String[] titles = imageTitles();
		for (final CommandSpec.Param p : main)
			if (!addField(gd, p, titles)) return null;
		final List<String> changed = new ArrayList<>();
		for (final CommandSpec.Param p : advanced)
			if (!remembered(p).equals(p.defaultText())) changed.add(p.key + "=" + remembered(p));
		if (!advanced.isEmpty()) {
			gd.addCheckbox(ADVANCED + " (" + advanced.size() + " more: next dialog)", false);
			gd.addMessage(wrap("Advanced: " + String.join(", ", DialogLayout.keys(advanced)) + ". " + (changed.isEmpty() ?
				"All at their defaults." : "Changed from the defaults: " + String.join(" ", changed)), 90));
		}
		gd.addHelp(Help.html(spec));
		if (!showQuietly(gd)) return null;
		final Map<String, String> values = new LinkedHashMap<>();
		if (physicsParam != null) values.put(physicsParam.key, physics);
		for (final CommandSpec.Param p : main) {
			final String v = readField(gd, p);
			if (v == null) return null;
			values.put(p.key, v);
		}
		final boolean showAdvanced = !advanced.isEmpty() && gd.getNextBoolean();
		if (showAdvanced) {
			final GenericDialog ad = new GenericDialog("MemFWI: " + spec.title() + " (advanced)");
			for (final CommandSpec.Param p : advanced)
				if (!addField(ad, p, titles)) return null;
			ad.addHelp(Help.html(spec));
			if (!showQuietly(ad)) return null;
			for (final CommandSpec.Param p : advanced) {
				final String v = readField(ad, p);
				if (v == null) return null;
				values.put(p.key, v);
			}
		}
		else for (final CommandSpec.Param p : advanced)
			if (!p.isImage()) values.put(p.key, remembered(p));
		// Data of the other physics chosen in the dialog: their physics wins, the other physics' fields are dropped.
		if (physics != null && values.containsKey("data")) {
			final ImagePlus d = WindowManager.getImage(values.get("data"));
			final String dp = d == null ? null : d.getProp("memfwi.physics");
			if (dp != null && !dp.equals(physics) && (physicsParam == null || physicsParam.choices.contains(dp))) {
				physics = dp;
				if (physicsParam != null) values.put(physicsParam.key, dp);
				for (final CommandSpec.Param p : spec.params()) if (!shown(p)) values.remove(p.key);
			}
		}
		remember(values);
		if (Recorder.record) for (final Map.Entry<String, String> e : values.entrySet())
			if (!e.getValue().isEmpty()) Recorder.recordOption(e.getKey(), e.getValue());
		return values;
	}

	/** True if the field belongs to the physics shown (or to both). */
	private boolean shown(final CommandSpec.Param p) {
		return DialogLayout.shown(p, physics);
	}

	/** Shows a dialog without letting ImageJ record its fields (the launcher records key=value itself). */
	private static boolean showQuietly(final GenericDialog gd) {
		final boolean recording = Recorder.record;
		Recorder.record = false;
		try {
			gd.showDialog();
			return !gd.wasCanceled();
		}
		finally {
			Recorder.record = recording;
		}
	}

	/** The dialog label: the key first (ImageJ macros take the first word of a label as the key), then the label. */
	private static String label(final CommandSpec.Param p) {
		return p.key + ": " + p.label;
	}

	private boolean addField(final GenericDialog gd, final CommandSpec.Param p, final String[] titles) {
		final String label = label(p);
		if (p.isImage()) {
			final ImagePlus def = defaults.get(p.key);
			final boolean preselect = p.required || p.attrs.containsKey("role");
			final String initial = preselect && def != null ? def.getTitle() : null;
			if (!p.required) {
				final String[] withNone = new String[titles.length + 1];
				withNone[0] = Binder.NO_IMAGE;
				System.arraycopy(titles, 0, withNone, 1, titles.length);
				gd.addChoice(label, withNone, initial == null ? Binder.NO_IMAGE : initial);
			}
			else if (titles.length == 0) {
				IJ.error("MemFWI: " + spec.title(), p.label + " (" + p.key + ") needs an open image; open one first.");
				return false;
			}
			else gd.addChoice(label, titles, initial == null ? titles[0] : initial);
		}
		else if (!p.choices.isEmpty()) gd.addChoice(label, p.choices.toArray(new String[0]), remembered(p));
		else if (p.type == boolean.class || p.type == Boolean.class) gd.addCheckbox(label, Boolean.parseBoolean(remembered(p)));
		else if (p.isFile()) {
			if (p.isDirectory()) gd.addDirectoryField(label, remembered(p));
			else gd.addFileField(label, remembered(p));
		}
		else if (p.type == String.class || !p.words().isEmpty()) gd.addStringField(label, remembered(p), 20);
		else {
			final String r = remembered(p);
			double v;
			try {
				v = Double.parseDouble(r);
			}
			catch (final NumberFormatException e) {
				v = p.defaultValue == null ? 0 : ((Number) p.defaultValue).doubleValue();
			}
			gd.addNumericField(label, v, digits(p, v), 10, null);
		}
		return true;
	}

	/** Reads the next field of a parameter as text; null after telling the user about an invalid number. */
	private String readField(final GenericDialog gd, final CommandSpec.Param p) {
		if (p.isImage()) {
			final String c = gd.getNextChoice();
			return c.equals(Binder.NO_IMAGE) ? "" : c;
		}
		if (!p.choices.isEmpty()) return gd.getNextChoice();
		if (p.type == boolean.class || p.type == Boolean.class) return Boolean.toString(gd.getNextBoolean());
		if (p.isFile() || p.type == String.class || !p.words().isEmpty()) return gd.getNextString().trim();
		final double d = gd.getNextNumber();
		if (gd.invalidNumber()) {
			IJ.error("MemFWI: " + spec.title(), p.key + " (" + p.label + ") is not a number.");
			return null;
		}
		return isInteger(p) ? Long.toString(Math.round(d)) : Table.format(d);
	}

	/** The value the user last gave in this dialog, else the default, as text. */
	private String remembered(final CommandSpec.Param p) {
		return memory.get(p);
	}

	private void remember(final Map<String, String> values) {
		memory.remember(values);
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

	private static List<ImagePlus> openImages() {
		final List<ImagePlus> l = new ArrayList<>();
		final int[] ids = WindowManager.getIDList();
		if (ids != null) for (final int id : ids) {
			final ImagePlus imp = WindowManager.getImage(id);
			if (imp != null) l.add(imp);
		}
		return l;
	}

	/** Breaks a long text into lines of at most {@code width} characters at spaces. */
	static String wrap(final String text, final int width) {
		final StringBuilder sb = new StringBuilder();
		int col = 0;
		for (final String w : text.split(" ")) {
			if (col > 0 && col + 1 + w.length() > width) {
				sb.append('\n');
				col = 0;
			}
			else if (col > 0) {
				sb.append(' ');
				col++;
			}
			sb.append(w);
			col += w.length();
		}
		return sb.toString();
	}
}
