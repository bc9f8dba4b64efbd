package org.memfwi.core.wave;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A team of threads that step one wavefield together: each thread owns a band of rows and the team meets at a
 * spinning barrier between time steps (a parked barrier would cost more than a step of a small grid; measured, it
 * is also slower when other processes compete for the cores).
 * The caller is thread 0. If any member fails, the others leave their barrier and the first failure is rethrown.
 */
final class Team {

	/** The work of one member; {@code thread} is 0..size-1. */
	interface Body {
		void run(int thread);
	}

	private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
		final Thread t = new Thread(r, "memfwi-wave");
		t.setDaemon(true);
		return t;
	});

	private static final class Aborted extends RuntimeException {
		private static final long serialVersionUID = 1L;
	}

	private final int size;
	private final AtomicInteger arrived = new AtomicInteger();
	private volatile int phase;
	private volatile boolean failed;

	Team(final int size) {
		this.size = Math.max(1, size);
	}

	int size() { return size; }

	/** First row of thread t's band of [from, to). */
	int bandStart(final int t, final int from, final int to) {
		return from + (int) ((long) (to - from) * t / size);
	}

	/** Waits until every member arrived (no-op for a team of one). */
	void await() {
		if (size == 1) return;
		final int ph = phase;
		if (arrived.incrementAndGet() == size) {
			arrived.set(0);
			phase = ph + 1;
			return;
		}
		int spins = 0;
		while (phase == ph) {
			if (failed) throw new Aborted();
			if (++spins < 4000) Thread.onSpinWait();
			else Thread.yield();
		}
	}

	/** Runs body on every member and waits for all; rethrows the first failure. */
	void run(final Body body) {
		if (size == 1) {
			body.run(0);
			return;
		}
		failed = false;
		arrived.set(0);
		final List<Future<?>> others = new ArrayList<>();
		for (int t = 1; t < size; t++) {
			final int id = t;
			others.add(POOL.submit(() -> {
				try {
					body.run(id);
				}
				catch (final RuntimeException | Error e) {
					failed = true;
					throw e;
				}
				return null;
			}));
		}
		Throwable first = null;
		try {
			body.run(0);
		}
		catch (final RuntimeException | Error e) {
			failed = true;
			first = e;
		}
		for (final Future<?> f : others) {
			try {
				f.get();
			}
			catch (final ExecutionException e) {
				if ((first == null || first instanceof Aborted) && !(e.getCause() instanceof Aborted)) first = e.getCause();
			}
			catch (final InterruptedException e) {
				Thread.currentThread().interrupt();
				failed = true;
				if (first == null) first = new IllegalStateException("interrupted while waiting for wave threads", e);
			}
		}
		if (first instanceof RuntimeException) throw (RuntimeException) first;
		if (first instanceof Error) throw (Error) first;
		if (first != null) throw new IllegalStateException(first);
	}
}
