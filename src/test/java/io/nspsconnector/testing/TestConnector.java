package io.nspsconnector.testing;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;

import io.nspsconnector.Connector;
import io.nspsconnector.config.ConnectorConfig;
import io.nspsconnector.delivery.DeliveryLedger;

/** Builds the real connector for a test server, with the shipped config files and test overrides. */
public final class TestConnector {

    /** The API token tests authenticate with. */
    public static final String API_TOKEN = "test-api-token";
    /** A second accepted token, as during a rotation. */
    public static final String ROTATED_TOKEN = "test-api-token-next";
    /** The token the connector sends to WTL. */
    public static final String WTL_TOKEN = "test-wtl-token";

    /**
     * Tests of other features re-post the same fixture and expect a WTL call each time: they run without the
     * duplicate and stale records. The delivery tests turn them back on with their own overrides.
     */
    public static final Map<String, String> NO_DELIVERY_RECORDS = Map.of(
            "connector.delivery.applied-events.max-size", "0",
            "connector.delivery.subscribers.max-size", "0");

    private TestConnector() {
    }

    /**
     * A connector on its own server, for tests that need their own config directory.
     *
     * @param server    the started server
     * @param connector the connector
     * @param client    client of the server
     */
    public record Server(WebServer server, Connector connector, Http1Client client) implements AutoCloseable {
        @Override
        public void close() {
            server.stop();
            connector.close();
        }
    }

    /**
     * Starts a connector reading {@code application.yaml} (if present) and {@code mappings.yaml} from a directory.
     *
     * @param configDir the config directory
     * @param env       environment variables
     * @param overrides configuration keys (win over the file)
     * @return the running server
     */
    public static Server start(Path configDir, Map<String, String> env, Map<String, String> overrides) {
        return start(configDir, env, overrides, null);
    }

    /**
     * Starts a connector like {@link #start(Path, Map, Map)}, with a given delivery ledger (one that outlives a
     * connector stands for a ledger shared by the replicas; null: the connector's own).
     *
     * @param configDir the config directory
     * @param env       environment variables
     * @param overrides configuration keys (win over the file)
     * @param ledger    delivery ledger, or null
     * @return the running server
     */
    public static Server start(Path configDir, Map<String, String> env, Map<String, String> overrides,
                               DeliveryLedger ledger) {
        Map<String, String> keys = new HashMap<>(NO_DELIVERY_RECORDS);
        keys.putAll(overrides);
        Config root = Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .addSource(ConfigSources.create(keys))
                .addSource(ConfigSources.file(configDir.resolve("application.yaml")).optional(true))
                .build();
        ConnectorConfig config = ConnectorConfig.from(root, env, configDir, false);
        Connector connector = ledger == null ? Connector.create(config, env) : Connector.create(config, env, ledger);
        WebServer server = connector.configure(WebServer.builder(), root).port(0).build().start();
        Http1Client client = Http1Client.builder().baseUri("http://127.0.0.1:" + server.port()).build();
        return new Server(server, connector, client);
    }

    /**
     * Posts an event the way NSPS does, with the test token.
     *
     * @param client client of the server under test
     * @param body   event body
     * @return the answer (to close)
     */
    public static Http1ClientResponse postEvent(Http1Client client, byte[] body) {
        return client.post("/process-event")
                .header(HeaderNames.AUTHORIZATION, "Bearer " + API_TOKEN)
                .header(HeaderNames.CONTENT_TYPE, "application/json")
                .submit(body);
    }

    /**
     * Environment for a connector provisioning the given WTL.
     *
     * @param wtlUrl WTL base URL
     * @return variables
     */
    public static Map<String, String> env(String wtlUrl) {
        Map<String, String> env = new HashMap<>();
        env.put("API_TOKEN", API_TOKEN + "," + ROTATED_TOKEN);
        env.put("WTL_API_URL", wtlUrl);
        env.put("WTL_API_TOKEN", WTL_TOKEN);
        return env;
    }

    /**
     * Configures a server (see {@link ConnectorHarness}): shipped {@code config/} files, the given environment and
     * key overrides, fast retries, port 0.
     *
     * @param server    server builder
     * @param env       environment variables
     * @param overrides configuration keys (win over the files)
     * @return the connector, to close after the tests
     */
    public static Connector configure(WebServerConfig.Builder server, Map<String, String> env,
                                      Map<String, String> overrides) {
        Map<String, String> keys = new HashMap<>();
        keys.put("connector.wtl.retry.initial-delay", "PT0.01S");
        keys.put("connector.wtl.retry.max-delay", "PT0.05S");
        keys.put("connector.wtl.attempt-timeout", "PT0.5S");
        keys.put("connector.wtl.connect-timeout", "PT0.5S");
        keys.put("connector.logging.access-log", "false");
        keys.putAll(NO_DELIVERY_RECORDS);
        keys.putAll(overrides);
        Path dir = Path.of("config");
        Config root = Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .addSource(ConfigSources.create(keys))
                .addSource(ConfigSources.file(dir.resolve("application.yaml")))
                .build();
        ConnectorConfig config = ConnectorConfig.from(root, env, dir, false);
        Connector connector = Connector.create(config, env);
        connector.configure(server, root).port(0);
        return connector;
    }
}
