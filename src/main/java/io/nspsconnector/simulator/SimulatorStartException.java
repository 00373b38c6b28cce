package io.nspsconnector.simulator;

/** The embedded WTL simulator could not listen where it is configured to (typically the port is taken). */
public final class SimulatorStartException extends RuntimeException {

    /**
     * @param host the configured interface
     * @param port the configured port
     */
    public SimulatorStartException(String host, int port) {
        super("the embedded WTL simulator cannot listen on " + host + ":" + port
              + " (port in use?): free it or set connector.simulator.port (0 = any free port)");
    }
}
