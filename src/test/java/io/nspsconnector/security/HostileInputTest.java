package io.nspsconnector.security;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.helidon.http.HeaderNames;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.WebServer;

import ch.qos.logback.classic.Level;
import io.nspsconnector.testing.Await;
import io.nspsconnector.testing.ConnectorHarness;
import io.nspsconnector.testing.Fixtures;
import io.nspsconnector.testing.LogCapture;
import io.nspsconnector.testing.TestConnector;
import io.nspsconnector.testing.WtlFake;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;

/**
 * What an outsider controls in an event or a notification cannot freeze the server, poison the duplicate record,
 * reach WTL unchecked or blow up the log: answered promptly with a clear 422 (events) or 400 (notifications).
 */
class HostileInputTest {

    /** Nested quantifiers: exponential backtracking on a long non-matching input in Java's regex engine. */
    private static final String CATASTROPHIC = "^(?:\\d+){1,40}$";
    private static final String NAC_TOKEN = "hostile-nac-token";

    @RegisterExtension
    static final ConnectorHarness harness = ConnectorHarness.with(
            Map.of("connector.logging.access-log", "true", "connector.delivery.applied-events.max-size", "1000"),
            Map.of("WTL_IMSI_REGEXP", CATASTROPHIC, "NAC_ENABLED", "true", "NAC_NOTIFICATION_TOKEN", NAC_TOKEN));
    private final WtlFake wtl = harness.wtl();
    private final Http1Client client = harness.client();
    private final WebServer server = harness.server();

    private static String event(String eventId, String imsi) {
        return Fixtures.text("nsps/sim-updated.json")
                .replace("3e84c79f-ab6f-4546-8e27-0b6ab866f1fb", eventId)
                .replace("\"001010000020349\"", "\"" + imsi + "\"");
    }

    @Test
    void aLongImsiUnderACatastrophicFilterIsAnswered422PromptlyAndTheServerKeepsServing() throws Exception {
        String imsi = "1".repeat(59) + "x";
        Http1Client slow = Http1Client.builder().baseUri("http://localhost:" + server.port())
                .readTimeout(Duration.ofSeconds(20)).build();
        List<CompletableFuture<Integer>> events = List.of(
                CompletableFuture.supplyAsync(() -> status(slow, event(UUID.randomUUID().toString(), imsi))),
                CompletableFuture.supplyAsync(() -> status(slow, event(UUID.randomUUID().toString(), imsi))));
        Http1Client probe = Http1Client.builder().baseUri("http://localhost:" + server.port())
                .readTimeout(Duration.ofSeconds(5)).build();
        try (Http1ClientResponse live = probe.get("/health/live").request()) {
            assertThat(live.status().code(), is(200));
        }
        for (CompletableFuture<Integer> e : events) {
            assertThat(e.get(20, TimeUnit.SECONDS), is(422));
        }
    }

    @Test
    void invalidUtf8IsRefusedSoTwoDifferentIdsCannotCollide() {
        for (byte bad : new byte[] {(byte) 0xff, (byte) 0xfe}) {
            byte[] body = raw(event("evt-@-1", "001010000020349"), "evt-@-1", bad);
            try (Http1ClientResponse res = TestConnector.postEvent(client, body)) {
                JsonObject json = res.as(JsonObject.class);
                assertThat(res.status().code(), is(422));
                assertThat(json.getString("error"), is("body is not valid UTF-8"));
            }
        }
        byte[] notification = raw(notification("nac-@-1", "/device-status/v0/subscriptions/s1"), "nac-@-1",
                                  (byte) 0xff);
        try (Http1ClientResponse res = harness.postNotification(NAC_TOKEN, notification)) {
            assertThat(res.status().code(), is(400));
            assertThat(res.as(JsonObject.class).getString("error"), is("body is not valid UTF-8"));
        }
    }

    @Test
    void overlongIdentifiersAreRefusedNamingTheFieldAndTheLimit() {
        try (Http1ClientResponse res = TestConnector.postEvent(client, event("e".repeat(300), "001010000020349")
                .getBytes(StandardCharsets.UTF_8))) {
            JsonObject json = res.as(JsonObject.class);
            assertThat(res.status().code(), is(422));
            assertThat(json.toString(), containsString("event_id must be at most 256 characters"));
        }
        byte[] longId = notification("n".repeat(300), "/device-status/v0/subscriptions/s2")
                .getBytes(StandardCharsets.UTF_8);
        try (Http1ClientResponse res = harness.postNotification(NAC_TOKEN, longId)) {
            assertThat(res.status().code(), is(400));
            assertThat(res.as(JsonObject.class).getString("error"), is("id must be at most 256 characters, has 300"));
        }
        byte[] longSource = notification(UUID.randomUUID().toString(), "/x/" + "s".repeat(300))
                .getBytes(StandardCharsets.UTF_8);
        try (Http1ClientResponse res = harness.postNotification(NAC_TOKEN, longSource)) {
            assertThat(res.status().code(), is(400));
            assertThat(res.as(JsonObject.class).getString("error"), containsString("source must be at most 256"));
        }
    }

    @Test
    void anMsisdnThatIsNotDigitsNeverReachesWtl() {
        int before = wtl.calls().size();
        String body = event(UUID.randomUUID().toString(), "001010000020349")
                .replace("79123456789@msisdn", "7912x<script>@msisdn");
        try (Http1ClientResponse res = TestConnector.postEvent(client, body.getBytes(StandardCharsets.UTF_8))) {
            JsonObject json = res.as(JsonObject.class);
            assertThat(res.status().code(), is(422));
            assertThat(json.toString(), containsString("pb_data.account_info.id"));
        }
        assertThat(wtl.calls().size(), is(before));
    }

    @Test
    void oneRequestWithAMegabyteFieldMakesLittleLog() {
        String requestId = UUID.randomUUID().toString().replace("-", "");
        String body = event(UUID.randomUUID().toString(), "001010000020349")
                .replace("\"SIM/Updated\"", "\"" + "T".repeat(1 << 20) + "\"");
        LogCapture captured = LogCapture.root(Level.DEBUG);
        int status;
        try (captured; Http1ClientResponse res = client.post("/process-event")
                .header(HeaderNames.AUTHORIZATION, "Bearer " + TestConnector.API_TOKEN)
                .header(HeaderNames.CONTENT_TYPE, "application/json")
                .header(HeaderNames.create("x-request-id"), requestId)
                .submit(body.getBytes(StandardCharsets.UTF_8))) {
            res.entity().consume();
            status = res.status().code();
        }
        long bytes = captured.lines(LogCapture.mdc("unique_id", requestId)).stream()
                .mapToLong(line -> line.getBytes(StandardCharsets.UTF_8).length)
                .sum();
        assertThat("log bytes of one request", bytes, lessThan(16_384L));
        assertThat(status, is(422));
    }

    @Test
    void theAccessLogMasksTheDeviceKeyOfTheStatusPath() {
        String requestId = UUID.randomUUID().toString().replace("-", "");
        // other tests of this JVM may have lowered the root level (command-line tools log warnings only)
        String line;
        try (LogCapture captured = LogCapture.of("io.nspsconnector.access", Level.INFO);
             Http1ClientResponse res = client.get("/devices/%2B3670123456/status")
                .header(HeaderNames.AUTHORIZATION, "Bearer " + TestConnector.API_TOKEN)
                .header(HeaderNames.create("x-request-id"), requestId)
                .request()) {
            assertThat(res.status().code(), is(404));
            // the access line is written once the answer is sent: wait for it, within a bound
            line = Await.value("an access line for the request", Duration.ofSeconds(10),
                               () -> captured.lines(LogCapture.mdc("unique_id", requestId)).stream().findFirst());
        }
        assertThat(line, containsString("/devices/"));
        assertThat(line, not(containsString("3670123456")));
        assertThat(line, not(containsString("%2B36701")));
    }

    private static String notification(String id, String source) {
        return "{\"id\":\"" + id + "\",\"source\":\"" + source + "\","
                + "\"type\":\"org.camaraproject.device-status.v0.connectivity-data\",\"specversion\":\"1.0\","
                + "\"time\":\"2025-01-01T00:00:00Z\",\"data\":{\"device\":{\"phoneNumber\":\"+3670999888\"},"
                + "\"subscriptionId\":\"s1\"}}";
    }

    /** The UTF-8 text with the '@' of {@code marker} replaced by one raw byte. */
    private static byte[] raw(String text, String marker, byte bad) {
        int at = text.indexOf(marker) + marker.indexOf('@');
        byte[] head = text.substring(0, at).getBytes(StandardCharsets.UTF_8);
        byte[] tail = text.substring(at + 1).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head);
        out.write(bad);
        out.writeBytes(tail);
        return out.toByteArray();
    }

    private static int status(Http1Client c, String body) {
        try (Http1ClientResponse res = TestConnector.postEvent(c, body.getBytes(StandardCharsets.UTF_8))) {
            res.entity().consume();
            return res.status().code();
        }
    }
}
