/**
 * Small tools shared by the core: log-space sums, memory estimates, the worker threads
 * ({@link org.memfwi.core.util.Parallel}), reproducible random streams ({@link org.memfwi.core.util.Seeds}),
 * statistics, and the CSV {@link org.memfwi.core.util.Table} the core returns. Uses no other MemFWI package.
 */
package org.memfwi.core.util;
