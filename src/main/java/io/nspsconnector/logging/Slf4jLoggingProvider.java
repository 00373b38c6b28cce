package io.nspsconnector.logging;

import io.helidon.logging.common.spi.LoggingProvider;

/**
 * Tells Helidon how this service logs: Helidon looks this provider up when it starts (in the service and in tests)
 * and it routes Helidon's java.util.logging output into the JSON log.
 */
public final class Slf4jLoggingProvider implements LoggingProvider {

    @Override
    public void initialization() {
        Logs.bridgeJul();
    }

    @Override
    public void runTime() {
        Logs.bridgeJul();
    }
}
