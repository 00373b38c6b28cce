package io.nspsconnector.http;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.helidon.http.HeaderNames;
import io.helidon.webclient.http1.Http1ClientResponse;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.nspsconnector.delivery.EventProcessor;
import io.nspsconnector.json.StrictJson;
import io.nspsconnector.testing.Await;
import io.nspsconnector.testing.ConnectorHarness;
import io.nspsconnector.testing.Fixtures;
import io.nspsconnector.testing.LogCapture;
import io.nspsconnector.testing.TestConnector;
import io.nspsconnector.testing.WtlFake.Reply;
import io.nspsconnector.wtl.WtlClient;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * At INFO an event writes one line, the access line, and that line carries the event's summary: outcome, WTL
 * status, attempts, action, span id and the masked subscriber, beside the request fields.
 */
class AccessLineTest {

    @RegisterExtension
    static final ConnectorHarness harness = ConnectorHarness.with(
            Map.of("connector.wtl.circuit-breaker.enabled", "false",
                   "connector.logging.access-log", "true"));

    @Test
    void anAppliedEventWritesOneInfoLineCarryingItsSummary() throws StrictJson.NotAnObject {
        harness.wtl().enqueue(Reply.of(200, Fixtures.text("wtl/success-result-true.json")));
        String requestId = UUID.randomUUID().toString().replace("-", "");
        List<ILoggingEvent> lines;
        String access;
        try (LogCapture captured = LogCapture.root(Level.INFO).withLevel("io.helidon", Level.WARN)) {
            postEvent(requestId);
            // the access line is written once the answer is sent: wait for it, within a bound
            access = Await.value("the access line", Duration.ofSeconds(10),
                                 () -> captured.lines(LogCapture.mdc("unique_id", requestId).and(
                                         e -> "HTTP request completed".equals(e.getMessage()))).stream().findFirst());
            lines = captured.events(LogCapture.mdc("unique_id", requestId).and(e -> e.getLevel() == Level.INFO));
        }
        // no "Sending WTL request" line at INFO: the access line is the event's only line
        assertThat(lines.stream().map(ILoggingEvent::getMessage).toList(), contains("HTTP request completed"));
        JsonObject line = StrictJson.parseObject(access.getBytes(StandardCharsets.UTF_8)); // no key twice
        assertThat(line.getString("method"), is("POST"));
        assertThat(line.getString("path"), is("/process-event"));
        assertThat(line.getInt("status_code"), is(202));
        assertThat(line.getJsonNumber("process_time").doubleValue() >= 0, is(true));
        assertThat(line.getString("outcome"), is("processed"));
        assertThat(line.getString("wtl_status"), is("200"));
        assertThat(line.getString("wtl_attempts"), is("1"));
        assertThat(line.getString("wtl_action"), is("update"));
        assertThat(line.getString("imsi"), is("00101*******349"));
        assertThat(line.getString("wtl_span_id"), line.getString("wtl_span_id").matches("[0-9a-f]{16}"), is(true));
        assertThat(line.getString("event_id"), not(is("")));
        assertThat(access, not(containsString("001010000020349")));
    }

    @Test
    void aRetriedEventsLinesNameEachFieldOnce() throws StrictJson.NotAnObject {
        harness.wtl().enqueue(Reply.of(503, "{}"), Reply.of(200, Fixtures.text("wtl/success-result-true.json")));
        String requestId = UUID.randomUUID().toString().replace("-", "");
        List<String> lines;
        // other tests of this JVM may have set levels of their own: the loggers of these lines at DEBUG explicitly
        try (LogCapture captured = LogCapture.root(Level.DEBUG).withLevel("io.helidon", Level.WARN)
                .withLevel(EventProcessor.class.getName(), Level.DEBUG).withLevel(WtlClient.class.getName(), Level.DEBUG)
                .withLevel("io.nspsconnector.access", Level.DEBUG)) {
            postEvent(requestId);
            Await.until("the access line", Duration.ofSeconds(10),
                        () -> captured.events(LogCapture.mdc("unique_id", requestId)).stream()
                                .anyMatch(e -> "HTTP request completed".equals(e.getMessage())));
            lines = captured.lines(LogCapture.mdc("unique_id", requestId));
        }
        // the lines that name their own call's wtl_action (and imsi), beside the access line that names the event's
        for (String message : new String[] {"Sending WTL request", "Retrying WTL", "HTTP request completed"}) {
            boolean found = lines.stream().anyMatch(l -> l.contains("\"message\":\"" + message + "\""));
            assertThat(message + " in " + lines, found, is(true));
        }
        for (String text : lines) {
            JsonObject line = StrictJson.parseObject(text.getBytes(StandardCharsets.UTF_8)); // refuses a key twice
            assertThat(text, line.containsKey("message"), is(true));
        }
        JsonObject access = StrictJson.parseObject(lines.getLast().getBytes(StandardCharsets.UTF_8));
        assertThat(access.getString("message"), is("HTTP request completed"));
        assertThat(access.getString("wtl_attempts"), is("2"));
    }

    /** The sample event under an event id of its own: each test's event is new to the shared connector. */
    private static byte[] uniqueEvent() {
        return Fixtures.text("nsps/sim-updated.json")
                .replace("3e84c79f-ab6f-4546-8e27-0b6ab866f1fb", UUID.randomUUID().toString())
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Posts a fresh event with this request id and requires its 202. */
    private static void postEvent(String requestId) {
        try (Http1ClientResponse res = harness.request("/process-event", "Bearer " + TestConnector.API_TOKEN,
                                                       "application/json")
                .header(HeaderNames.create("x-request-id"), requestId)
                .submit(uniqueEvent())) {
            res.entity().consume();
            assertThat(res.status().code(), is(202));
        }
    }
}
