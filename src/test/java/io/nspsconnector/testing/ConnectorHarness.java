package io.nspsconnector.testing;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import io.helidon.http.HeaderNames;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientRequest;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;

import io.nspsconnector.Connector;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The connector under test for a class of HTTP tests, as a JUnit extension: before the class's tests it starts a
 * {@link WtlFake} and the real connector (production wiring, the shipped {@code config/} files plus the class's
 * overrides, see {@link TestConnector#configure}) on free loopback ports; before each test it forgets the fake's
 * script and calls; after the class it stops both. Register it on a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ConnectorHarness harness = ConnectorHarness.with(Map.of("connector.wtl.retry.attempts", "1"));
 * }</pre>
 */
public final class ConnectorHarness implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

    private final Map<String, String> overrides;
    private final Map<String, String> env;
    private final String wtlUrl;

    private WtlFake wtl;
    private Connector connector;
    private WebServer server;
    private Http1Client client;

    private ConnectorHarness(Map<String, String> overrides, Map<String, String> env, String wtlUrl) {
        this.overrides = Map.copyOf(overrides);
        this.env = Map.copyOf(env);
        this.wtlUrl = wtlUrl;
    }

    /**
     * A connector with these configuration keys over the shipped files, provisioning a WTL fake.
     *
     * @param overrides configuration keys
     * @return the extension
     */
    public static ConnectorHarness with(Map<String, String> overrides) {
        return new ConnectorHarness(overrides, Map.of(), null);
    }

    /**
     * A connector with these configuration keys and extra environment variables (over
     * {@link TestConnector#env}), provisioning a WTL fake.
     *
     * @param overrides configuration keys
     * @param env       environment variables added or replaced
     * @return the extension
     */
    public static ConnectorHarness with(Map<String, String> overrides, Map<String, String> env) {
        return new ConnectorHarness(overrides, env, null);
    }

    /**
     * A connector provisioning a WTL at the given URL instead of a fake (one that is not there, say).
     *
     * @param wtlUrl    WTL base URL
     * @param overrides configuration keys
     * @param env       environment variables added or replaced
     * @return the extension
     */
    public static ConnectorHarness withoutFake(String wtlUrl, Map<String, String> overrides,
                                               Map<String, String> env) {
        return new ConnectorHarness(overrides, env, Objects.requireNonNull(wtlUrl));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        String url = wtlUrl;
        if (url == null) {
            wtl = WtlFake.start();
            url = wtl.baseUrl();
        }
        Map<String, String> variables = new HashMap<>(TestConnector.env(url));
        variables.putAll(env);
        WebServerConfig.Builder builder = WebServer.builder();
        connector = TestConnector.configure(builder, variables, overrides);
        try {
            server = builder.build().start();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        client = Http1Client.builder().baseUri(baseUri()).build();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (wtl != null) {
            wtl.reset();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    private void close() {
        if (server != null) {
            server.stop();
        }
        if (connector != null) {
            connector.close();
        }
        if (wtl != null) {
            wtl.close();
        }
    }

    /** The WTL fake the connector provisions (null with {@link #withoutFake}). */
    public WtlFake wtl() {
        return wtl;
    }

    /** The connector. */
    public Connector connector() {
        return connector;
    }

    /** The started server. */
    public WebServer server() {
        return server;
    }

    /** The server's port on loopback. */
    public int port() {
        return server.port();
    }

    /** The server's base URI, {@code http://127.0.0.1:port}. */
    public String baseUri() {
        return "http://127.0.0.1:" + server.port();
    }

    /** A client of the server. */
    public Http1Client client() {
        return client;
    }

    /**
     * Posts the {@code sim-updated} fixture, an event WTL is called for once, the way NSPS does.
     *
     * @return the answer (to close)
     */
    public Http1ClientResponse postEvent() {
        return postEvent(Fixtures.bytes("nsps/sim-updated.json"));
    }

    /**
     * Posts an event the way NSPS does, with the test token and JSON content type.
     *
     * @param body event body
     * @return the answer (to close)
     */
    public Http1ClientResponse postEvent(byte[] body) {
        return TestConnector.postEvent(client, body);
    }

    /**
     * Posts an event the way NSPS does.
     *
     * @param body event body as text
     * @return the answer (to close)
     */
    public Http1ClientResponse postEvent(String body) {
        return postEvent(body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A POST request with the given Authorization and Content-Type headers, for more headers or to submit.
     *
     * @param path          request path
     * @param authorization Authorization header, or null for none
     * @param contentType   Content-Type header, or null for none
     * @return the request
     */
    public Http1ClientRequest request(String path, String authorization, String contentType) {
        Http1ClientRequest request = client.post(path);
        if (authorization != null) {
            request.header(HeaderNames.AUTHORIZATION, authorization);
        }
        if (contentType != null) {
            request.header(HeaderNames.CONTENT_TYPE, contentType);
        }
        return request;
    }

    /**
     * Posts a body with the given Authorization and Content-Type headers.
     *
     * @param path          request path
     * @param authorization Authorization header, or null for none
     * @param contentType   Content-Type header, or null for none
     * @param body          request body
     * @return the answer (to close)
     */
    public Http1ClientResponse post(String path, String authorization, String contentType, byte[] body) {
        return request(path, authorization, contentType).submit(body);
    }

    /**
     * Posts a Network as Code notification as CloudEvents JSON with a bearer token.
     *
     * @param token the notification token
     * @param body  notification body
     * @return the answer (to close)
     */
    public Http1ClientResponse postNotification(String token, byte[] body) {
        return post("/notifications", "Bearer " + token, "application/cloudevents+json", body);
    }
}
