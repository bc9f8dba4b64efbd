package org.memfwi.fiji;

import org.memfwi.core.progress.Progress;

import ij.IJ;

/** Progress in plain ImageJ 1: progress bar, status line, warnings to the Log window, Esc to cancel. */
public final class ImageJProgress {

	private ImageJProgress() {}

	/** ImageJ 1: progress bar, status line, warnings to the Log window, Esc to cancel. */
	public static Progress create() {
		IJ.resetEscape();
		return new Progress() {
			@Override public void fraction(final double done) { IJ.showProgress(done); }
			@Override public void status(final String message) { IJ.showStatus(message); }
			@Override public void warn(final String message) { IJ.log("MemFWI warning: " + message); }
			@Override public boolean isCanceled() { return IJ.escapePressed(); }
		};
	}

}
