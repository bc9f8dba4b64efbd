package org.memfwi.fiji;

import java.awt.Button;
import java.awt.TextField;
import java.awt.Window;
import java.awt.event.ActionEvent;
import java.util.Vector;

import ij.IJ;
import ij.ImageJ;
import ij.gui.GenericDialog;
import ij.plugin.frame.Recorder;

/**
 * Started by {@link RecordingIT} in its own JVM under Xvfb, with plain ImageJ 1 on the class path: opens ImageJ with
 * the macro recorder, runs a MemFWI menu command interactively, types values into its dialog as a user would, presses
 * OK and prints what the recorder wrote. Arguments: menu label, then pairs of (field index, text).
 */
public final class RecordingProbe {

	private RecordingProbe() {}

	public static void main(final String[] args) throws Exception {
		final ImageJ ij = new ImageJ(ImageJ.NO_SHOW);
		new Recorder(false);
		// As a menu click does: a new Executer thread, which tells the recorder about the command.
		IJ.doCommand(args[0]);
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
		for (int a = 1; a + 1 < args.length; a += 2) numbers.get(Integer.parseInt(args[a])).setText(args[a + 1]);
		final Button ok = gd.getButtons()[0];
		final GenericDialog dialog = gd;
		java.awt.EventQueue.invokeAndWait(() -> dialog.actionPerformed(new ActionEvent(ok, ActionEvent.ACTION_PERFORMED, "OK")));
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
