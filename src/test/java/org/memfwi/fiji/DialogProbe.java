package org.memfwi.fiji;

import java.awt.Button;
import java.awt.Checkbox;
import java.awt.Choice;
import java.awt.Component;
import java.awt.Container;
import java.awt.EventQueue;
import java.awt.Frame;
import java.awt.Label;
import java.awt.Point;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.TextField;
import java.awt.Window;
import java.awt.event.ActionEvent;
import java.awt.image.BufferedImage;
import java.io.File;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.gui.MultiLineLabel;
import ij.plugin.frame.Recorder;
import ij.text.TextWindow;

/**
 * Started by {@link DialogIT} in its own JVM under Xvfb with plain ImageJ 1: opens the sample images from the menu,
 * opens the dialogs of the given commands and prints every field as {@code FIELD <label> = <value>} (then cancels),
 * optionally saving a screenshot of each dialog, and runs the given macro lines; at the end prints the titles of all
 * image and text windows. Arguments: {@code sample=LABEL} (menu label of an Open Sample entry),
 * {@code dialog=LABEL} (a command whose dialog to read), {@code run=LABEL|OPTIONS} (a command run with macro
 * options), {@code shots=DIR} (save each dialog as DIR/dialog-N.png), {@code image=TITLE|FILE} (save an image or table
 * window as shown, zoom and colours included), {@code shot=LABEL|FILE[|ok,advanced]} (save a command's
 * dialog as FILE, then cancel; "ok" first presses OK on a dialog before it, "advanced" ticks "Show advanced settings"
 * there and presses OK, so the advanced dialog is saved),
 * {@code fill=LABEL|key=value;...|key=value;...} (a user run: types the values into the dialog's fields by key, ticks
 * "Show advanced settings" when advanced values follow and types them into the second dialog, presses OK and waits
 * for the command's image), {@code props} (prints the front image's slices and some memfwi.* properties
 * as {@code PROPS title n=... key=value ...}), {@code record} (starts the macro recorder; its text is printed at the end
 * between {@code RECORDED-BEGIN} and {@code RECORDED-END}).
 */
public final class DialogProbe {

	private DialogProbe() {}

	public static void main(final String[] args) throws Exception {
		final ImageJ ij = new ImageJ(ImageJ.NO_SHOW);
		System.out.println("PROBE: ImageJ up");
		File shots = null;
		int shot = 0;
		for (final String a : args) {
			if (a.equals("record")) EventQueue.invokeAndWait(() -> new Recorder(false));
			else if (a.equals("props")) {
				final ImagePlus imp = WindowManager.getCurrentImage();
				final StringBuilder sb = new StringBuilder("PROPS ");
				if (imp == null) sb.append("none");
				else {
					sb.append(imp.getTitle()).append(" n=").append(imp.getStackSize());
					for (final String k : new String[] { "memfwi.kind", "memfwi.family", "memfwi.seed", "memfwi.physics" })
						if (imp.getProp(k) != null) sb.append(' ').append(k).append('=').append(imp.getProp(k));
				}
				System.out.println(sb);
			}
			else if (a.startsWith("fill=")) {
				final String[] f = a.substring(5).split("\\|", -1);
				final int before = WindowManager.getImageCount();
				IJ.doCommand(f[0]);
				final boolean advanced = f.length > 2 && !f[2].isEmpty();
				fill(waitForDialog(), f[1], advanced);
				if (advanced) {
					Thread.sleep(500);
					fill(waitForDialog(), f[2], false);
				}
				for (int i = 0; i < 1200 && WindowManager.getImageCount() == before; i++) Thread.sleep(100);
				Thread.sleep(500);
				System.out.println("PROBE: filled " + f[0]);
			}
			else if (a.startsWith("shot=")) {
				final String[] f = a.substring(5).split("\\|", 3);
				IJ.doCommand(f[0]);
				GenericDialog gd = waitForDialog();
				// Dialogs before the one to save: "ok" presses OK (e.g. Forward Model's physics), "advanced" ticks
				// "Show advanced settings" first (the second dialog is saved).
				if (f.length > 2) for (final String step : f[2].split(",")) {
					fill(gd, "", step.equals("advanced"));
					Thread.sleep(500);
					gd = waitForDialog();
				}
				if (gd == null) {
					System.out.println("PROBE: no dialog for " + f[0]);
					System.exit(3);
				}
				Thread.sleep(1500); // let it paint
				save(gd, new File(f[1]));
				cancel(gd);
			}
			else if (a.startsWith("shots=")) shots = new File(a.substring(6));
			else if (a.startsWith("sample=")) {
				IJ.run(a.substring(7));
				System.out.println("PROBE: opened " + (WindowManager.getCurrentImage() == null ? "nothing" : WindowManager.getCurrentImage()
					.getTitle()));
			}
			else if (a.startsWith("run=")) {
				final String[] f = a.substring(4).split("\\|", 2);
				IJ.run(f[0], f[1]);
				System.out.println("PROBE: ran " + f[0]);
			}
			else if (a.startsWith("image=")) {
				final String[] f = a.substring(6).split("\\|", 2);
				final ImagePlus imp = WindowManager.getImage(f[0]);
				final Window w = imp != null ? imp.getWindow() : WindowManager.getWindow(f[0]);
				if (w == null) System.out.println("PROBE: no window " + f[0]);
				else {
					w.toFront();
					Thread.sleep(1500);
					save(w, new File(f[1]));
				}
			}
			else if (a.startsWith("dialog=")) {
				final String label = a.substring(7);
				IJ.doCommand(label);
				final GenericDialog gd = waitForDialog();
				if (gd == null) {
					System.out.println("PROBE: no dialog for " + label);
					System.exit(3);
				}
				Thread.sleep(800); // let it paint
				System.out.println("DIALOG " + label + " title=" + gd.getTitle());
				final List<Component> all = new ArrayList<>();
				collect(gd, all);
				String last = "";
				for (final Component c : all) {
					if (c instanceof MultiLineLabel) { // a message of several lines
						if (!last.isEmpty()) System.out.println("MESSAGE " + last);
						System.out.println("MESSAGE " + text((MultiLineLabel) c));
						last = "";
					}
					else if (c instanceof Label) {
						final String t = ((Label) c).getText();
						if (c.isVisible() && t != null && !t.trim().isEmpty()) {
							if (last.isEmpty()) last = t.trim();
							else System.out.println("MESSAGE " + last);
							last = t.trim();
						}
					}
					else if (c instanceof Choice) {
						System.out.println("FIELD " + last + " = " + ((Choice) c).getSelectedItem());
						last = "";
					}
					else if (c instanceof TextField) {
						System.out.println("FIELD " + last + " = " + ((TextField) c).getText());
						last = "";
					}
					else if (c instanceof Checkbox) {
						System.out.println("FIELD " + ((Checkbox) c).getLabel() + " = " + ((Checkbox) c).getState());
						last = "";
					}
				}
				if (!last.isEmpty()) System.out.println("MESSAGE " + last);
				final StringBuilder buttons = new StringBuilder("BUTTONS");
				for (final Button b : gd.getButtons()) if (b != null) buttons.append(" [").append(b.getLabel()).append(']');
				System.out.println(buttons);
				if (shots != null) save(gd, new File(shots, "dialog-" + shot++ + ".png"));
				cancel(gd);
			}
		}
		if (Recorder.getInstance() != null) {
			System.out.println("RECORDED-BEGIN");
			System.out.println(Recorder.getInstance().getText());
			System.out.println("RECORDED-END");
		}
		final int[] ids = WindowManager.getIDList();
		if (ids != null) for (final int id : ids) System.out.println("IMAGE " + WindowManager.getImage(id).getTitle());
		for (final Frame f : WindowManager.getNonImageWindows())
			if (f instanceof TextWindow) System.out.println("TABLE " + f.getTitle());
		System.out.println("PROBE-END");
		ij.exitWhenQuitting(true);
		System.exit(0);
	}

	/** The text of a multi-line message, its lines joined by spaces (ImageJ keeps them in a package-private field). */
	private static String text(final MultiLineLabel l) {
		try {
			final Field f = MultiLineLabel.class.getDeclaredField("lines");
			f.setAccessible(true);
			return String.join(" ", (String[]) f.get(l)).trim();
		}
		catch (final ReflectiveOperationException e) {
			return "?";
		}
	}

	private static void cancel(final GenericDialog gd) throws Exception {
		final Button cancel = gd.getButtons()[1];
		EventQueue.invokeAndWait(() -> gd.actionPerformed(new ActionEvent(cancel, ActionEvent.ACTION_PERFORMED, "Cancel")));
		for (int i = 0; i < 100 && gd.isShowing(); i++) Thread.sleep(50);
		Thread.sleep(300);
	}

	/**
	 * Types {@code key=value;...} into a dialog as a user would (fields found by their label, which starts with the
	 * key), optionally ticks "Show advanced settings", and presses OK.
	 */
	private static void fill(final GenericDialog gd, final String keyValues, final boolean advanced) throws Exception {
		if (gd == null) {
			System.out.println("PROBE: no dialog to fill");
			System.exit(3);
		}
		Thread.sleep(500);
		final Map<String, String> values = new LinkedHashMap<>();
		for (final String kv : keyValues.split(";"))
			if (!kv.isEmpty()) values.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
		final List<Component> all = new ArrayList<>();
		collect(gd, all);
		EventQueue.invokeAndWait(() -> {
			String last = "";
			for (final Component c : all) {
				if (c instanceof Label && ((Label) c).getText() != null && !((Label) c).getText().trim().isEmpty())
					last = ((Label) c).getText().trim();
				else if (c instanceof Choice || c instanceof TextField) {
					final String key = last.contains(":") ? last.substring(0, last.indexOf(':')) : "";
					if (values.containsKey(key)) {
						if (c instanceof Choice) ((Choice) c).select(values.remove(key));
						else ((TextField) c).setText(values.remove(key));
					}
					last = "";
				}
				else if (c instanceof Checkbox) {
					final Checkbox b = (Checkbox) c;
					final String key = b.getLabel().contains(":") ? b.getLabel().substring(0, b.getLabel().indexOf(':')) : "";
					if (values.containsKey(key)) b.setState(Boolean.parseBoolean(values.remove(key)));
					if (advanced && b.getLabel().startsWith(CommandDialog.ADVANCED)) b.setState(true);
					last = "";
				}
			}
		});
		if (!values.isEmpty()) {
			System.out.println("PROBE: no fields for " + values.keySet());
			System.exit(5);
		}
		final Button ok = gd.getButtons()[0];
		EventQueue.invokeAndWait(() -> gd.actionPerformed(new ActionEvent(ok, ActionEvent.ACTION_PERFORMED, "OK")));
		for (int i = 0; i < 100 && gd.isShowing(); i++) Thread.sleep(50);
	}

	private static GenericDialog waitForDialog() throws InterruptedException {
		for (int i = 0; i < 600; i++) {
			Thread.sleep(50);
			for (final Window w : Window.getWindows())
				if (w instanceof GenericDialog && w.isShowing()) return (GenericDialog) w;
		}
		return null;
	}

	private static void collect(final Container c, final List<Component> out) {
		for (final Component k : c.getComponents()) {
			out.add(k);
			if (k instanceof Container) collect((Container) k, out);
		}
	}

	/** A screenshot of a window as it is on the (virtual) screen. */
	private static void save(final Window w, final File f) throws Exception {
		f.getParentFile().mkdirs();
		// In front, and where it settled: without a window manager a new window may still move after it shows.
		EventQueue.invokeAndWait(w::toFront);
		Point at = null;
		for (int i = 0; i < 20; i++) {
			Thread.sleep(250);
			final Point now = w.getLocationOnScreen();
			if (now.equals(at)) break;
			at = now;
		}
		Thread.sleep(300);
		final Rectangle r = new Rectangle(w.getLocationOnScreen(), w.getSize());
		final BufferedImage img = new Robot().createScreenCapture(r);
		ImageIO.write(img, "png", f);
		System.out.println("PROBE: saved " + f);
	}
}
