/**
 * A WTL simulator, embedded ({@code --simulator}) or stand-alone, for trying the connector without an HLR: it
 * keeps subscribers in memory and answers as WTL does. Owns its settings
 * ({@link io.nspsconnector.simulator.SimulatorSettings}, with {@code SimulatorSettings.Embedded} for
 * {@code connector.simulator}).
 * <p>
 * May depend on {@code json}, {@code logging} and of {@code wtl} only its request model; nothing but the start-up
 * and {@code config} depends on it.
 */
package io.nspsconnector.simulator;
