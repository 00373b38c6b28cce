package io.nspsconnector.http;

import java.util.Map;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webclient.http1.Http1ClientResponse;

import io.nspsconnector.testing.ConnectorHarness;
import io.nspsconnector.testing.TestConnector;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** Every known path answers an unsupported method with a JSON 405 whose {@code Allow} is what the path serves. */
class MethodNotAllowedTest {

    @RegisterExtension
    static final ConnectorHarness harness = ConnectorHarness.with(
            Map.of("connector.nac.enabled", "true"), Map.of("NAC_NOTIFICATION_TOKEN", "test-nac-token"));

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "GET, /process-event, POST",
            "PUT, /process-event, POST",
            "GET, /explain, POST",
            "DELETE, /explain, POST",
            "GET, /notifications, POST",
            "POST, /openapi, GET",
            "HEAD, /openapi, GET",
            "POST, /health, GET",
            "PUT, /health, GET",
            "POST, /health/live, GET",
            "POST, /health/ready, GET",
            "DELETE, /health/ready, GET",
            "POST, /metrics, GET",
            "PUT, /devices, GET",
            "POST, /devices, GET",
            "DELETE, /devices/some-device/status, GET",
    })
    void unsupportedMethodIsJson405ListingWhatThePathServes(String method, String path, String allow) {
        try (Http1ClientResponse res = harness.client().method(Method.create(method)).path(path)
                .header(HeaderNames.AUTHORIZATION, "Bearer " + TestConnector.API_TOKEN)
                .request()) {
            assertThat(method + " " + path, res.status(), is(Status.METHOD_NOT_ALLOWED_405));
            assertThat(method + " " + path, res.headers().first(HeaderNames.ALLOW).orElse(""), is(allow));
            assertThat(res.headers().contentType().map(Object::toString).orElse(""), is("application/json"));
            if (!method.equals("HEAD")) {
                JsonObject body = res.as(JsonObject.class);
                assertThat(body.getString("message"), is("Method not allowed"));
                assertThat(body.getString("error"), is("Method not allowed"));
                assertThat(body.getString("type"), is("VALIDATION_ERROR"));
            }
        }
    }
}
