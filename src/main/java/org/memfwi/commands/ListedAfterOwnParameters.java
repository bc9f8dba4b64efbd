package org.memfwi.commands;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On an abstract base of commands: {@link CommandSpec} lists the base's parameters after the command's own (not
 * before, as it does for {@link PosteriorCommand}'s shared inputs), because they refine what the command's own first
 * parameter names (e.g. the acquisition keys of {@link AcquisitionCommand} after the file or image they describe).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ListedAfterOwnParameters {}
