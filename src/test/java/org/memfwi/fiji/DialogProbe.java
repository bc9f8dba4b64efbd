package org.memfwi.fiji;

import java.awt.Button;
import java.awt.Checkbox;
import java.awt.Choice;
import java.awt.Component;
import java.awt.Container;
import java.awt.EventQueue;
import java.awt.Frame;
import java.awt.Label;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.TextField;
import java.awt.Window;
import java.awt.event.ActionEvent;
import java.awt.image.BufferedImage;
import java.io.File;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.text.TextWindow;

/**
 * Started by {@link DialogIT} in its own JVM under Xvfb with plain ImageJ 1: opens the sample images from the menu,
 * opens the dialogs of the given commands and prints every field as {@code FIELD <label> = <value>} (then cancels),
 * optionally saving a screenshot of each dialog, and runs the given macro lines; at the end prints the titles of all
 * image and text windows. Arguments: {@code sample=LABEL} (menu label of an Open Sample entry),
 * {@code dialog=LABEL} (a command whose dialog to read), {@code run=LABEL|OPTIONS} (a command run with macro
 * options), {@code shots=DIR} (save each dialog as DIR/dialog-N.png), {@code image=TITLE|FILE} (save an image or table
 * window as shown, zoom and colours included).
 */
public final class DialogProbe {

	private DialogProbe() {}

	public static void main(final String[] args) throws Exception {
		final ImageJ ij = new ImageJ(ImageJ.NO_SHOW);
		System.out.println("PROBE: ImageJ up");
		File shots = null;
		int shot = 0;
		for (final String a : args) {
			if (a.startsWith("shots=")) shots = new File(a.substring(6));
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
					if (c instanceof Label) {
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
				final Button cancel = gd.getButtons()[1];
				EventQueue.invokeAndWait(() -> gd.actionPerformed(new ActionEvent(cancel, ActionEvent.ACTION_PERFORMED, "Cancel")));
				for (int i = 0; i < 100 && gd.isShowing(); i++) Thread.sleep(50);
				Thread.sleep(300);
			}
		}
		final int[] ids = WindowManager.getIDList();
		if (ids != null) for (final int id : ids) System.out.println("IMAGE " + WindowManager.getImage(id).getTitle());
		for (final Frame f : WindowManager.getNonImageWindows())
			if (f instanceof TextWindow) System.out.println("TABLE " + f.getTitle());
		System.out.println("PROBE-END");
		ij.exitWhenQuitting(true);
		System.exit(0);
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
		final Rectangle r = w.getBounds();
		final BufferedImage img = new Robot().createScreenCapture(r);
		ImageIO.write(img, "png", f);
		System.out.println("PROBE: saved " + f);
	}
}
