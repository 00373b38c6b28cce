package io.nspsconnector.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

import io.nspsconnector.testing.ConnectorHarness;
import io.nspsconnector.testing.Fixtures;
import io.nspsconnector.testing.OpenApiSchemas;
import io.nspsconnector.testing.TestConnector;
import jakarta.json.JsonObject;

/**
 * What the {@code openapi.yaml} contract tests share: the document as served (YAML) and as JSON with its schema
 * toolkit, the paths the connector routes, and the connector they check it against (the Network as Code receiver on,
 * small body limits so the 413 answers are cheap to provoke).
 */
final class OpenApiContract {

    static final String NOTIFICATIONS = "/notifications";
    static final String DEVICE_STATUS = "/devices/{key}/status";
    /**
     * Every path the connector routes (its observe feature, the event path, explain, this document and, with
     * {@code connector.nac.enabled}, the Network as Code webhook and device views).
     */
    static final Set<String> ROUTED = Set.of("/process-event", ExplainService.PATH, OpenApiService.PATH,
                                             "/health", "/health/live", "/health/ready", "/health/started",
                                             "/metrics", NOTIFICATIONS, "/devices", DEVICE_STATUS);
    static final String NAC_TOKEN = "contract-nac-token";
    static final int MAX_BODY = 4096;
    static final int NAC_MAX_BODY = 2048;
    static final String CLOUDEVENTS = "application/cloudevents+json";
    static final String BEARER = "Bearer " + TestConnector.API_TOKEN;
    /** The document as the connector ships it. */
    static final String YAML = resource();
    /** The document as JSON, with its schemas. */
    static final OpenApiSchemas SCHEMAS = OpenApiSchemas.of(Fixtures.json(OpenApiService.toJson(YAML)));
    /** The document as JSON. */
    static final JsonObject DOC = SCHEMAS.document();
    /** The delivery records on (shipped on; {@link TestConnector} turns them off for the other tests). */
    static final Map<String, String> DELIVERY_RECORDS_ON = Map.of(
            "connector.delivery.applied-events.max-size", "1000",
            "connector.delivery.subscribers.max-size", "1000",
            "connector.wtl.circuit-breaker.enabled", "false",
            "connector.wtl.retry.attempts", "1");

    private OpenApiContract() {
    }

    /** The connector under contract: the receiver on, with its own token (the config file's token list is empty). */
    static ConnectorHarness connector() {
        return ConnectorHarness.with(
                Map.of("connector.wtl.circuit-breaker.enabled", "false",
                       "connector.wtl.retry.attempts", "1",
                       "connector.max-body-size", Integer.toString(MAX_BODY),
                       "connector.nac.enabled", "true",
                       "connector.nac.max-body-size", Integer.toString(NAC_MAX_BODY)),
                Map.of("NAC_NOTIFICATION_TOKEN", NAC_TOKEN));
    }

    private static String resource() {
        try (InputStream in = OpenApiService.class.getResourceAsStream(OpenApiService.RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
