/**
 * The Helidon floor of bench/run: a service that does only the connector's two hops (read the event, one WTL call,
 * answer), so the connector's rate can be given as a share of what the framework itself allows on the same machine.
 */
package io.nspsconnector.bench.floor;
