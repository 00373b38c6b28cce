package io.nspsconnector.simulator;

import java.util.Map;

import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;

import io.nspsconnector.logging.Logs;

/**
 * Runs the WTL simulator as its own HTTP server at {@code /wtl/hlr/v1}: embedded by the connector, or alone as a
 * WTL stand-in for load tests ({@code java -cp target/nsps-connector.jar io.nspsconnector.simulator.WtlSimulatorServer},
 * settings from {@code SIM_HOST}, {@code SIM_PORT}, {@code WTL_API_TOKEN}).
 */
public final class WtlSimulatorServer {

    /** Base path of the simulated API. */
    public static final String BASE_PATH = "/wtl/hlr/v1";
    private static final byte[] NOT_FOUND = "{\"result\":false,\"error\":\"Not found\"}".getBytes();

    private WtlSimulatorServer() {
    }

    /**
     * Starts a simulator server.
     *
     * @param host     interface to listen on
     * @param port     port, 0 for any free one
     * @param settings simulator settings
     * @return the running server
     * @throws SimulatorStartException if it cannot listen there
     */
    public static WebServer start(String host, int port, SimulatorSettings settings) {
        return start(host, port, new WtlSimulator(settings));
    }

    /**
     * Starts a server for a given simulator (so a test can look at its state).
     *
     * @param host      interface to listen on
     * @param port      port, 0 for any free one
     * @param simulator the simulator
     * @return the running server
     * @throws SimulatorStartException if it cannot listen there (Helidon logs the cause and returns a stopped server)
     */
    public static WebServer start(String host, int port, WtlSimulator simulator) {
        return start(host, port, simulator, true);
    }

    /**
     * Starts the simulator embedded in the connector: it keeps serving while the connector drains on SIGTERM (no
     * shutdown hook of its own, which would stop it before the events in flight reach it); the connector stops it.
     *
     * @param host     interface to listen on
     * @param port     port, 0 for any free one
     * @param settings simulator settings
     * @return the running server
     */
    public static WebServer startEmbedded(String host, int port, SimulatorSettings settings) {
        return start(host, port, new WtlSimulator(settings), false);
    }

    private static WebServer start(String host, int port, WtlSimulator simulator, boolean shutdownHook) {
        WebServer server = WebServer.builder()
                .host(host)
                .port(port)
                // no observe feature of its own: its meters would land next to the connector's in /metrics
                .featuresDiscoverServices(false)
                .shutdownHook(shutdownHook)
                .routing(r -> r.register(BASE_PATH, simulator)
                        .any((req, res) -> res.status(Status.NOT_FOUND_404)
                                .header(HeaderValues.CONTENT_TYPE_JSON)
                                .send(NOT_FOUND)))
                .build()
                .start();
        if (!server.isRunning() || server.port() < 0) {
            server.stop();
            throw new SimulatorStartException(host, port);
        }
        return server;
    }

    /**
     * Server-only mode.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        Logs.bridgeJul();
        Map<String, String> env = System.getenv();
        String token = env.get("WTL_API_TOKEN");
        if (token == null || token.isBlank()) {
            System.err.println("WTL_API_TOKEN is required: the Bearer token the simulator accepts");
            System.exit(2);
        }
        String host = env.getOrDefault("SIM_HOST", "127.0.0.1");
        int port = Integer.parseInt(env.getOrDefault("SIM_PORT", "3001"));
        Logs.level(env.getOrDefault("LOG_LEVEL", "INFO"));
        WebServer server = start(host, port, new SimulatorSettings(token, true, 1_000_000, false, java.time.Duration.ZERO));
        System.out.println("WTL simulator listening on http://" + host + ":" + server.port() + BASE_PATH);
    }
}
