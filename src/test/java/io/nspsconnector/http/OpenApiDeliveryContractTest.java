package io.nspsconnector.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.helidon.common.buffers.DataReader;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webclient.http1.Http1ClientResponse;

import io.nspsconnector.Connector;
import io.nspsconnector.testing.Await;
import io.nspsconnector.testing.ConnectorHarness;
import io.nspsconnector.testing.Fixtures;
import io.nspsconnector.testing.RawHttp;
import io.nspsconnector.testing.TestConnector;
import io.nspsconnector.testing.WtlFake;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.nspsconnector.http.OpenApiContract.DELIVERY_RECORDS_ON;
import static io.nspsconnector.http.OpenApiContract.SCHEMAS;
import static io.nspsconnector.testing.OpenApiSchemas.contentType;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

/**
 * The documented answers of the delivery guarantees and request limits: duplicate, stale and shutting-down answers
 * are the documented examples word for word (on connectors of their own, with the delivery records on), and
 * oversized request lines and header blocks, answered before routing, get the documented bodies.
 */
class OpenApiDeliveryContractTest {

    @RegisterExtension
    static final ConnectorHarness harness = OpenApiContract.connector();

    /**
     * The shared server runs without the delivery records (its tests re-post fixtures and expect WTL calls), so
     * these answers come from a connector of their own, with the records on. The answers must be the documented
     * examples word for word, not only fit the schema.
     */
    @Test
    void duplicateAndStaleAnswersAreTheDocumentedExamples() {
        byte[] sample = Fixtures.bytes("nsps/sim-updated.json");
        JsonObject older = Json.createObjectBuilder(Fixtures.json(new String(sample, StandardCharsets.UTF_8)))
                .add("event_id", "contract-older-" + UUID.randomUUID())
                .add("created_at", "2025-03-12T16:40:00+00:00")
                .build();
        try (WtlFake ownWtl = WtlFake.start();
             TestConnector.Server pod = TestConnector.start(Path.of("config"), TestConnector.env(ownWtl.baseUrl()),
                                                            DELIVERY_RECORDS_ON)) {
            List<String> answers = new ArrayList<>();
            for (byte[] body : List.of(sample, sample, older.toString().getBytes(StandardCharsets.UTF_8))) {
                try (Http1ClientResponse res = TestConnector.postEvent(pod.client(), body)) {
                    assertThat(res.status(), is(Status.ACCEPTED_202));
                    String text = res.as(String.class);
                    answers.add(text);
                    SCHEMAS.assertConforms("/process-event", "post", res.status(), contentType(res), text);
                }
            }
            assertThat(Fixtures.json(answers.get(0)),
                       is(SCHEMAS.example("/process-event", "post", "202", "processed")));
            assertThat(Fixtures.json(answers.get(1)),
                       is(SCHEMAS.example("/process-event", "post", "202", "duplicate")));
            assertThat(Fixtures.json(answers.get(2)), is(SCHEMAS.example("/process-event", "post", "202", "stale")));
            assertThat("only the first delivery reached WTL", ownWtl.calls().size(), is(1));

            // explain does not read the records: the applied sample is still explained as processed
            try (Http1ClientResponse res = pod.client().post(ExplainService.PATH)
                    .header(HeaderNames.AUTHORIZATION, "Bearer " + TestConnector.API_TOKEN)
                    .header(HeaderNames.CONTENT_TYPE, "application/json").submit(sample)) {
                assertThat(res.status(), is(Status.OK_200));
                String text = res.as(String.class);
                SCHEMAS.assertConforms(ExplainService.PATH, "post", res.status(), contentType(res), text);
                assertThat(Fixtures.json(text).getString("outcome"), is("processed"));
            }
            assertThat("explain sent nothing to WTL", ownWtl.calls().size(), is(1));
        }
    }

    /**
     * A pod stopping in-process as on SIGTERM ({@link Connector#shutdown}): an event held in flight by a hanging
     * WTL keeps the drain open, so the server is still up while it refuses new events.
     */
    @Test
    void aShuttingDownPodAnswersNewEventsTheDocumented503() throws Exception {
        WtlFake ownWtl = WtlFake.start();
        Map<String, String> keys = new HashMap<>(DELIVERY_RECORDS_ON);
        keys.put("connector.wtl.attempt-timeout", "PT30S");
        keys.put("connector.wtl.event-deadline", "PT60S");
        keys.put("connector.delivery.shutdown-grace-period", "PT30S");
        TestConnector.Server pod = TestConnector.start(Path.of("config"), TestConnector.env(ownWtl.baseUrl()), keys);
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        boolean stopping = false;
        try {
            ownWtl.enqueue(WtlFake.Reply.hanging());
            Future<String[]> inFlight = threads.submit(() -> {
                try (Http1ClientResponse res = TestConnector.postEvent(pod.client(),
                                                                       Fixtures.bytes("nsps/sim-updated.json"))) {
                    return new String[] {Integer.toString(res.status().code()), contentType(res),
                            res.as(String.class)};
                }
            });
            Await.until("the first event reached WTL", () -> ownWtl.calls().size() == 1);

            stopping = true;
            Future<Boolean> shutdown = threads.submit(() -> pod.connector().shutdown(pod.server()));
            Await.until("readiness DOWN", () -> readiness(pod) == 503);
            try (Http1ClientResponse res = pod.client().get("/health/ready").request()) {
                assertThat(res.status(), is(Status.SERVICE_UNAVAILABLE_503));
                SCHEMAS.assertConforms("/health/ready", "get", res);
            }

            byte[] late = Fixtures.text("nsps/sim-updated.json")
                    .replace("3e84c79f-ab6f-4546-8e27-0b6ab866f1fb", "contract-late-" + UUID.randomUUID())
                    .getBytes(StandardCharsets.UTF_8);
            try (Http1ClientResponse res = TestConnector.postEvent(pod.client(), late)) {
                assertThat(res.status(), is(Status.SERVICE_UNAVAILABLE_503));
                String text = res.as(String.class);
                SCHEMAS.assertConforms("/process-event", "post", res.status(), contentType(res), text);
                assertThat(Fixtures.json(text), is(SCHEMAS.example("/process-event", "post", "503", "shuttingDown")));
            }
            // explain is not drained
            try (Http1ClientResponse res = pod.client().post(ExplainService.PATH)
                    .header(HeaderNames.AUTHORIZATION, "Bearer " + TestConnector.API_TOKEN)
                    .header(HeaderNames.CONTENT_TYPE, "application/json").submit(late)) {
                assertThat(res.status(), is(Status.OK_200));
                SCHEMAS.assertConforms(ExplainService.PATH, "post", res);
            }

            ownWtl.releaseHangs();
            String[] answered = inFlight.get(20, TimeUnit.SECONDS);
            assertThat("the event in flight was finished", answered[0], is("202"));
            SCHEMAS.assertConforms("/process-event", "post", Status.create(Integer.parseInt(answered[0])), answered[1],
                                   answered[2]);
            assertThat("drained within the grace period", shutdown.get(20, TimeUnit.SECONDS), is(true));
            assertThat("the refused event never reached WTL", ownWtl.calls().size(), is(1));
        } finally {
            ownWtl.releaseHangs();
            threads.close();
            if (!stopping) {
                pod.close();
            }
            ownWtl.close();
        }
    }

    @Test
    void oversizedRequestLinesAndHeaderBlocksAreAnsweredAsDocumented() throws IOException {
        String headers = "Host: x\r\nAuthorization: Bearer " + TestConnector.API_TOKEN
                + "\r\nContent-Type: application/json\r\n";
        // 16 KiB of header (max-headers-size in config/application.yaml) and 4 KiB of request line (max-prologue-length)
        RawHttp.Answer bigHeaders = exchange("POST /process-event HTTP/1.1\r\n" + headers + "X-Padding: "
                                                + "p".repeat(17_000) + "\r\nContent-Length: 2\r\n\r\n{}");
        RawHttp.Answer longLine = exchange("POST /process-event?padding=" + "a".repeat(5000) + " HTTP/1.1\r\n" + headers
                                              + "Content-Length: 2\r\n\r\n{}");

        assertThat(bigHeaders.toString(), bigHeaders.status(), is(400));
        assertThat(longLine.toString(), longLine.status(), is(414));
        for (String path : List.of("/process-event", ExplainService.PATH)) {
            SCHEMAS.assertConforms(path, "post", Status.create(bigHeaders.status()), bigHeaders.contentType(),
                                   bigHeaders.body());
            SCHEMAS.assertConforms(path, "post", Status.create(longLine.status()), longLine.contentType(),
                                   longLine.body());
        }
        assertThat(Fixtures.json(bigHeaders.body()),
                   is(SCHEMAS.componentExample("HeadersTooLarge", "headersTooLarge")));
        for (RawHttp.Answer answer : List.of(bigHeaders, longLine)) {
            assertThat("answered before routing, so without a request id: " + answer.head(),
                       answer.head().toLowerCase(java.util.Locale.ROOT).contains("x-request-id"), is(false));
        }
        assertThat(Fixtures.json(longLine.body()),
                   is(SCHEMAS.componentExample("RequestLineTooLong", "requestLineTooLong")));
    }

    /** The readiness status, or -1 when the shutdown closed the idle connection the probe was sent on. */
    private static int readiness(TestConnector.Server pod) {
        try (Http1ClientResponse res = pod.client().get("/health/ready").request()) {
            return res.status().code();
        } catch (DataReader.InsufficientDataAvailableException | UncheckedIOException closedByShutdown) {
            // the shutdown closes every connection not processing a request, the probe's too if it was idle
            return -1;
        }
    }

    /**
     * Writes a request as bytes (the client would not send these), half-closes, and reads the answer: an oversized
     * request is answered before routing, then the connection is closed.
     */
    private static RawHttp.Answer exchange(String request) {
        RawHttp.Answer answer = RawHttp.halfClosed(harness.port(), request);
        assertThat("a complete answer head: " + answer.text(), answer.text().indexOf("\r\n\r\n"), greaterThan(0));
        answer.header("content-length").ifPresent(length -> assertThat(
                "the whole body arrived: " + answer.text(), answer.body().getBytes(StandardCharsets.UTF_8).length,
                is(Integer.parseInt(length))));
        return answer;
    }
}
