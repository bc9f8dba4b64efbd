/**
 * The ImageJ and Fiji adapters: the ImageJ 1 {@link org.memfwi.fiji.Launcher} behind plugins.config, the sample
 * opener, the image path converter and ImageJ progress. Uses commands, io and the core, never cli.
 */
package org.memfwi.fiji;
