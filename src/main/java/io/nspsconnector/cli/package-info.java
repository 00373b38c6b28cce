/**
 * The sub-commands of the jar: {@code validate-config} (the configuration checks of the start-up, without
 * starting), {@code explain} (what the connector would do with an event, offline) and {@code aot-training} (the
 * short run the build uses for the JDK's ahead-of-time cache).
 * <p>
 * May depend on {@code config}, {@code nsps}, {@code logging}, of {@code http} only the {@code Explanation} rendering,
 * and on {@link io.nspsconnector.Main} for the configuration tree. Only {@code Main} depends on this package.
 */
package io.nspsconnector.cli;
