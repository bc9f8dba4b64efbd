/**
 * The command framework ({@link org.memfwi.commands.MemFwiCommand}, {@link org.memfwi.commands.CommandSpec},
 * {@link org.memfwi.commands.Binder}, {@link org.memfwi.commands.Options}, {@link org.memfwi.commands.Results} and
 * the registry {@link org.memfwi.commands.Commands}) and every MemFWI command: one SciJava definition that Fiji, the
 * ImageJ 1 launcher and the command line all run. Uses io and the core, never fiji or cli.
 */
package org.memfwi.commands;
