package org.memfwi.core.util;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Coarse-grained parallel loops over independent items (models, shots, samples). The caller chooses the thread
 * count; each item's result must depend only on the item index, so results are identical for any thread count.
 */
public final class Parallel {

	private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
		final Thread t = new Thread(r, "memfwi-worker");
		t.setDaemon(true);
		return t;
	});

	private Parallel() {}

	/** The number of threads to use for a request: 0 or less means all available processors. */
	public static int threads(final int requested) {
		return requested > 0 ? requested : Runtime.getRuntime().availableProcessors();
	}

	/**
	 * Runs {@code task.accept(i)} for i = 0..n-1 on up to {@code threads} threads (0 = all), items taken in order.
	 * The first exception thrown by any item stops the remaining items and is rethrown here unchanged if it is
	 * unchecked.
	 */
	public static void forEach(final int n, final int threads, final IntConsumer task) {
		final int nt = Math.min(threads(threads), n);
		if (nt <= 1) {
			for (int i = 0; i < n; i++) task.accept(i);
			return;
		}
		final AtomicInteger next = new AtomicInteger();
		final AtomicInteger failed = new AtomicInteger();
		final List<Future<?>> futures = new ArrayList<>(nt);
		for (int t = 0; t < nt; t++) {
			futures.add(POOL.submit(() -> {
				int i;
				while (failed.get() == 0 && (i = next.getAndIncrement()) < n) {
					try {
						task.accept(i);
					}
					catch (final RuntimeException | Error e) {
						failed.set(1);
						throw e;
					}
				}
				return null;
			}));
		}
		RuntimeException first = null;
		Error firstError = null;
		for (final Future<?> f : futures) {
			try {
				f.get();
			}
			catch (final ExecutionException e) {
				final Throwable c = e.getCause();
				if (c instanceof RuntimeException && first == null) first = (RuntimeException) c;
				else if (c instanceof Error && firstError == null) firstError = (Error) c;
			}
			catch (final InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("interrupted while waiting for workers", e);
			}
		}
		if (firstError != null) throw firstError;
		if (first != null) throw first;
	}
}
