package org.memfwi.core.progress;

/** Thrown by a computation that stopped because the user asked it to. */
public class CanceledException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public CanceledException() {
		super("canceled by the user");
	}
}
