package io.nspsconnector.http;

import java.util.List;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientResponse;

import io.nspsconnector.testing.ConnectorHarness;
import io.nspsconnector.testing.Fixtures;
import io.nspsconnector.testing.TestConnector;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.nspsconnector.http.OpenApiContract.DOC;
import static io.nspsconnector.http.OpenApiContract.NOTIFICATIONS;
import static io.nspsconnector.http.OpenApiContract.ROUTED;
import static io.nspsconnector.http.OpenApiContract.SCHEMAS;
import static io.nspsconnector.http.OpenApiContract.YAML;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * {@code openapi.yaml} against the routing of the running connector: it documents exactly the paths the server
 * routes, unknown paths and other methods get the documented error bodies, the operations endpoints (health,
 * metrics, the document) answer as documented, and the document is served as YAML or JSON.
 */
class OpenApiRoutesTest {

    @RegisterExtension
    static final ConnectorHarness harness = OpenApiContract.connector();
    private final Http1Client client = harness.client();

    @Test
    void documentsExactlyThePathsTheServerRoutes() {
        assertThat(DOC.getJsonObject("paths").keySet(), is(ROUTED));
        assertThat(harness.connector().config().server().eventPath(), is("/process-event"));
        assertThat(harness.connector().config().nac().enabled(), is(true));
        assertThat(harness.connector().config().nac().path(), is(NOTIFICATIONS));
        for (String path : ROUTED) {
            for (String method : DOC.getJsonObject("paths").getJsonObject(path).keySet()) {
                try (HttpClientResponse res = client.method(Method.create(method.toUpperCase(java.util.Locale.ROOT)))
                        .path(path.replace("{key}", "no-such-device"))
                        .header(HeaderNames.AUTHORIZATION, "Bearer " + TestConnector.API_TOKEN)
                        .header(HeaderNames.CONTENT_TYPE, "application/json")
                        .submit(Fixtures.bytes("nsps/unknown-event-type.json"))) {
                    SCHEMAS.assertConforms(path, method, res);
                }
            }
        }
    }

    @Test
    void unknownPathsAndOtherMethodsAnswerTheDocumentedErrorBody() {
        try (Http1ClientResponse res = client.get("/nope").request()) {
            assertThat(res.status(), is(Status.NOT_FOUND_404));
            SCHEMAS.assertValid("#/components/responses/NotFound/content/application~1json/schema",
                                res.as(String.class), "404");
        }
        for (String path : List.of("/process-event", ExplainService.PATH, OpenApiService.PATH, NOTIFICATIONS,
                                   "/devices", "/devices/no-such-device/status")) {
            try (Http1ClientResponse res = client.put(path).submit("{}")) {
                assertThat(res.status(), is(Status.METHOD_NOT_ALLOWED_405));
                assertThat(res.headers().contains(HeaderNames.ALLOW), is(true));
                SCHEMAS.assertValid("#/components/responses/MethodNotAllowed/content/application~1json/schema",
                                    res.as(String.class), "405 " + path);
            }
        }
    }

    @Test
    void operationsEndpointsAnswerAsDocumented() {
        for (String path : List.of("/health", "/health/live", "/health/ready", "/health/started", "/metrics",
                                   OpenApiService.PATH)) {
            try (Http1ClientResponse res = client.get(path).request()) {
                assertThat(path, res.status(), is(Status.OK_200));
                SCHEMAS.assertConforms(path, "get", res);
            }
            try (Http1ClientResponse res = client.get(path).header(HeaderNames.ACCEPT, "application/json").request()) {
                assertThat(path, res.status(), is(Status.OK_200));
                SCHEMAS.assertConforms(path, "get", res);
            }
        }
    }

    @Test
    void servesTheDocumentAsYamlByDefaultAndAsJsonOnRequest() {
        try (Http1ClientResponse res = client.get(OpenApiService.PATH).request()) {
            assertThat(res.headers().contentType().orElseThrow().mediaType().text(), is("application/yaml"));
            assertThat(res.as(String.class), is(YAML));
        }
        try (Http1ClientResponse res = client.get(OpenApiService.PATH)
                .header(HeaderNames.ACCEPT, "application/json").request()) {
            assertThat(res.headers().contentType().orElseThrow().mediaType().text(), is("application/json"));
            assertThat(res.as(JsonObject.class), is(DOC));
        }
        try (Http1ClientResponse res = client.get(OpenApiService.PATH).queryParam("format", "json").request()) {
            assertThat(res.as(JsonObject.class), is(DOC));
        }
        try (Http1ClientResponse res = client.get(OpenApiService.PATH)
                .header(HeaderNames.ACCEPT, "application/yaml, application/json;q=0.5").request()) {
            assertThat(res.as(String.class), is(YAML));
        }
    }
}
