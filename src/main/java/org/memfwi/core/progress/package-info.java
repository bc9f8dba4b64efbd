/**
 * Progress, warnings and cancellation of long computations ({@link org.memfwi.core.progress.Progress},
 * {@link org.memfwi.core.progress.CanceledException}): the one channel from the core to status bars and consoles,
 * which the front ends adapt. Uses no other MemFWI package.
 */
package org.memfwi.core.progress;
