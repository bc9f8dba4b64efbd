package org.memfwi.fiji;

import java.awt.Button;
import java.awt.Choice;
import java.awt.EventQueue;
import java.awt.TextField;
import java.awt.Window;
import java.awt.event.ActionEvent;
import java.util.Vector;

import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import ij.gui.GenericDialog;
import ij.plugin.frame.Recorder;

/**
 * Started by {@link RecordingIT} in its own JVM under Xvfb, with plain ImageJ 1 on the class path: opens ImageJ with
 * the macro recorder, runs a MemFWI menu command interactively, types values into its dialog as a user would, presses
 * OK and prints what the recorder wrote. Arguments: menu label, then {@code open=PATH} (an image to open first),
 * {@code choice=I=ITEM}, {@code text=I=VALUE} (string field I) or a numeric field index followed by its text.
 */
public final class RecordingProbe {

	private RecordingProbe() {}

	public static void main(final String[] args) throws Exception {
		System.out.println("PROBE: started");
		final ImageJ ij = new ImageJ(ImageJ.NO_SHOW);
		System.out.println("PROBE: ImageJ up");
		for (int a = 1; a < args.length; a++)
			if (args[a].startsWith("open=")) {
				final ImagePlus imp = IJ.openImage(args[a].substring(5));
				if (imp == null) {
					System.out.println("PROBE: cannot open " + args[a]);
					System.exit(4);
				}
				imp.show();
				System.out.println("PROBE: showing " + imp.getTitle());
			}
		// The recorder window is built on the event thread: built from main, its layout held the AWT tree lock while the
		// event thread, activating an image window, appended to its text and waited for that lock (a deadlock seen under
		// Xvfb about one run in ten).
		EventQueue.invokeAndWait(() -> new Recorder(false));
		// As a menu click does: a new Executer thread, which tells the recorder about the command.
		IJ.doCommand(args[0]);
		System.out.println("PROBE: command started");
		GenericDialog gd = null;
		for (int i = 0; i < 600 && gd == null; i++) {
			Thread.sleep(50);
			for (final Window w : Window.getWindows())
				if (w instanceof GenericDialog && w.isShowing()) gd = (GenericDialog) w;
		}
		if (gd == null) {
			System.out.println("PROBE: no dialog appeared");
			System.exit(3);
		}
		@SuppressWarnings("unchecked")
		final Vector<TextField> numbers = gd.getNumericFields();
		@SuppressWarnings("unchecked")
		final Vector<TextField> texts = gd.getStringFields();
		@SuppressWarnings("unchecked")
		final Vector<Choice> choices = gd.getChoices();
		EventQueue.invokeAndWait(() -> { // like a user: every change to the dialog on the event thread
			for (int a = 1; a < args.length; a++) {
				if (args[a].startsWith("open=")) continue;
				if (args[a].startsWith("choice=") || args[a].startsWith("text=")) { // choice=I=ITEM, text=I=VALUE
					final String[] f = args[a].split("=", 3);
					if (f[0].equals("choice")) choices.get(Integer.parseInt(f[1])).select(f[2]);
					else texts.get(Integer.parseInt(f[1])).setText(f[2]);
					continue;
				}
				numbers.get(Integer.parseInt(args[a])).setText(args[++a]); // numeric field I, then its text
			}
		});
		System.out.println("PROBE: dialog filled");
		final Button ok = gd.getButtons()[0];
		final GenericDialog dialog = gd;
		EventQueue.invokeAndWait(() -> dialog.actionPerformed(new ActionEvent(ok, ActionEvent.ACTION_PERFORMED, "OK")));
		for (int i = 0; i < 1200; i++) {
			Thread.sleep(100);
			final Recorder r = Recorder.getInstance();
			if (r != null && r.getText().contains("run(")) break;
		}
		System.out.println("PROBE-RECORDED-BEGIN");
		System.out.println(Recorder.getInstance() == null ? "" : Recorder.getInstance().getText());
		System.out.println("PROBE-RECORDED-END");
		ij.exitWhenQuitting(true);
		System.exit(0);
	}
}
