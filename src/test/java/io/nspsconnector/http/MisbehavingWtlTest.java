package io.nspsconnector.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.nspsconnector.testing.Await;
import io.nspsconnector.testing.FaultyWtl;
import io.nspsconnector.testing.FaultyWtl.Fault;
import io.nspsconnector.testing.Fixtures;
import io.nspsconnector.testing.QuietConsole;
import io.nspsconnector.testing.TestConnector;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;

/**
 * A WTL that misbehaves at the HTTP level: answers dripped a byte at a time, interim answers for ever, answers
 * that would desynchronise a connection reused carelessly. Every event is still answered within the event
 * deadline, never 2xx unless WTL applied it, and the connector serves normally once WTL does.
 */
class MisbehavingWtlTest {

    /** Time allowed past the deadline for the answer to travel (the watchdog ticks every few milliseconds). */
    private static final long SLACK_MILLIS = 1000;
    private static final String IMSI = "001010000020349";

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newVirtualThreadPerTaskExecutor()).build();

    /** One answer to NSPS: status (-1 when none came in time), body, time taken. */
    private record Answer(int status, String body, long millis) {
    }

    @Test
    void drippedAnswerIsCutAtTheDeadlineAndAnswered503() {
        try (Setup s = new Setup(Map.of())) {
            s.wtl.dripEvery(100).enqueue(Fault.DRIP, Fault.DRIP, Fault.DRIP);

            Answer answer = s.post();

            assertThat(answer.body(), answer.status(), is(503));
            assertThat(answer.body(), containsString("Connection timeout"));
            assertThat("answered by the 1 s deadline", answer.millis(), lessThan(1000 + SLACK_MILLIS));
        }
    }

    @Test
    void endlessInterimAnswersAreNotWaitedForAndAnswered503() {
        try (Setup s = new Setup(Map.of())) {
            s.wtl.dripEvery(50).enqueue(Fault.ENDLESS_1XX, Fault.ENDLESS_1XX, Fault.ENDLESS_1XX);

            Answer answer = s.post();

            assertThat(answer.body(), answer.status(), is(503));
            assertThat(answer.millis(), lessThan(1000 + SLACK_MILLIS));
        }
    }

    @Test
    void slotsHeldByMisbehavingCallsComeBackAndNewEventsAreServed() throws Exception {
        try (Setup s = new Setup(Map.of("connector.wtl.bulkhead.limit", "2",
                                        "connector.wtl.bulkhead.queue", "3"))) {
            double rejectedBefore = s.metric("wtl_bulkhead_rejections_total");
            s.wtl.dripEvery(100);
            for (int i = 0; i < 8; i++) {
                s.wtl.enqueue(Fault.DRIP);
            }
            List<CompletableFuture<Answer>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                // other subscribers: events of one subscriber wait for each other before reaching the bulkhead
                String imsi = "00101000002" + (1000 + i);
                answers.add(CompletableFuture.supplyAsync(() -> s.post(imsi), Executors.newVirtualThreadPerTaskExecutor()));
            }
            for (CompletableFuture<Answer> f : answers) {
                Answer answer = f.get(20, TimeUnit.SECONDS);
                assertThat(answer.body(), answer.status() / 100, not(is(2)));
                assertThat(answer.body(), answer.status(), is(503));
                assertThat(answer.millis(), lessThan(1000 + SLACK_MILLIS));
            }
            Await.until("slots given back", Duration.ofSeconds(10),
                        () -> s.metric("wtl_bulkhead_in_use") == 0 && s.metric("wtl_bulkhead_waiting") == 0);
            assertThat("some calls found no slot in time", s.metric("wtl_bulkhead_rejections_total") > rejectedBefore,
                       is(true));

            // WTL behaves again: events are applied at once
            s.wtl.clearScript();
            Answer healthy = s.post();
            assertThat(healthy.body(), healthy.status(), is(202));
            assertThat(healthy.millis(), lessThan(1000L));
        }
    }

    @Test
    void attemptsCutByTheWatchdogCountAsTimeoutsForTheCircuitBreaker() {
        try (Setup s = new Setup(Map.of("connector.wtl.circuit-breaker.enabled", "true",
                                        "connector.wtl.circuit-breaker.volume", "4",
                                        "connector.wtl.circuit-breaker.error-ratio", "50",
                                        "connector.wtl.circuit-breaker.delay", "PT30S",
                                        "connector.wtl.retry.attempts", "1",
                                        "connector.wtl.event-deadline", "PT0.5S"))) {
            double timeoutsBefore = s.metric("wtl_requests_total", "status=\"timeout\"");
            s.wtl.dripEvery(100);
            // with the warm-up's success, 3 cut attempts of 4 calls open the breaker
            for (int i = 0; i < 3; i++) {
                s.wtl.enqueue(Fault.DRIP);
                Answer answer = s.post();
                assertThat(answer.body(), answer.status(), is(503));
            }
            Answer open = s.post();
            assertThat(open.body(), open.status(), is(503));
            assertThat(open.body(), containsString("Circuit breaker open"));
            assertThat("the open breaker made no call", s.wtl.requests(), is(4L));
            assertThat("counted as timeouts", s.metric("wtl_requests_total", "status=\"timeout\"") - timeoutsBefore,
                       is(3.0));
        }
    }

    @Test
    void anUnsolicitedAnswerAfterA503IsNeverTakenForTheNextAnswer() {
        try (Setup s = new Setup(Map.of())) {
            // attempt 1: 503 followed by an unsolicited 200 result:true; the retries: WTL rejects the operation
            s.wtl.enqueue(Fault.EXTRA_AFTER_503, Fault.REJECT, Fault.REJECT);

            Answer answer = s.post();

            assertThat(answer.body(), answer.status(), is(422));
            assertThat(answer.body(), containsString("rejected"));
            assertThat("no request sent after the extra answer on that connection", s.wtl.requestsAfterDesync(),
                       is(0L));
            assertThat("nothing applied", s.wtl.applied(), is(1L));
        }
    }

    @Test
    void anUnsolicitedAnswerArrivingOnAnIdleConnectionIsNeverTakenForTheNextAnswer() {
        try (Setup s = new Setup(Map.of())) {
            s.wtl.enqueue(Fault.EXTRA_AFTER_200);
            assertThat(s.post().status(), is(202));
            Await.until("extra answer written", Duration.ofSeconds(10), () -> s.wtl.extrasWritten() == 1);
            // the extra answer now waits on the pooled connection; WTL rejects the next event
            s.wtl.enqueue(Fault.REJECT, Fault.REJECT, Fault.REJECT);

            Answer answer = s.post();

            assertThat(answer.body(), answer.status(), is(422));
            assertThat(s.wtl.requestsAfterDesync(), is(0L));
        }
    }

    @Test
    void anAnswerWithBothContentLengthAndTransferEncodingIsRetriedOnAFreshConnection() {
        try (Setup s = new Setup(Map.of())) {
            // attempt 1: CL+TE answer whose leftover bytes form a 200 result:true; attempt 2: applied
            s.wtl.enqueue(Fault.CL_TE, Fault.NONE);
            Answer first = s.post();
            assertThat(first.body(), first.status(), is(202));
            assertThat("202 backed by an apply", s.wtl.applied(), is(2L));

            s.wtl.enqueue(Fault.REJECT, Fault.REJECT, Fault.REJECT);
            Answer next = s.post();

            assertThat(next.body(), next.status(), is(422));
            assertThat(s.wtl.requestsAfterDesync(), is(0L));
        }
    }

    @Test
    void shutdownCutsARunningAttemptAtTheShortenedDeadlineAndNeverAnswers2xx() throws Exception {
        try (Setup s = new Setup(Map.of("connector.wtl.event-deadline", "PT20S",
                                        "connector.delivery.shutdown-grace-period", "PT2S"))) {
            // applied, then the answer is dripped for ~10 s
            s.wtl.dripEvery(100).enqueue(Fault.DRIP);
            CompletableFuture<Answer> answer = CompletableFuture.supplyAsync(s::post,
                                                                            Executors.newVirtualThreadPerTaskExecutor());
            Await.until("WTL called", Duration.ofSeconds(10), () -> s.wtl.requests() == 2);

            long start = System.nanoTime();
            CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(
                    () -> s.server.connector().shutdown(s.server.server()), Executors.newVirtualThreadPerTaskExecutor());
            Answer cut = answer.get(20, TimeUnit.SECONDS);
            long millis = (System.nanoTime() - start) / 1_000_000;

            assertThat(cut.body(), cut.status(), is(503));
            assertThat("answered within the grace period", millis, lessThan(2000L));
            assertThat("every event answered in time", drained.get(20, TimeUnit.SECONDS), is(true));
            s.stopped = true;
        }
    }

    /** A connector provisioning a scripted misbehaving WTL. */
    private static final class Setup implements AutoCloseable {
        private final FaultyWtl wtl = FaultyWtl.scripted(TestConnector.WTL_TOKEN);
        private final TestConnector.Server server;
        private final QuietConsole quiet = QuietConsole.quietConsole();
        private boolean stopped;

        Setup(Map<String, String> overrides) {
            Map<String, String> keys = new HashMap<>(Map.of(
                    "connector.wtl.attempt-timeout", "PT30S",
                    "connector.wtl.connect-timeout", "PT1S",
                    "connector.wtl.event-deadline", "PT1S",
                    "connector.wtl.retry.initial-delay", "PT0.01S",
                    "connector.wtl.retry.max-delay", "PT0.05S",
                    "connector.wtl.circuit-breaker.enabled", "false",
                    "connector.logging.access-log", "false",
                    "connector.reload.enabled", "false"));
            keys.putAll(overrides);
            server = TestConnector.start(Path.of("config"), TestConnector.env(wtl.baseUrl()), keys);
            // a first event: classes loaded, a connection to WTL open and pooled, a subscriber at WTL
            Answer warmUp = post();
            if (warmUp.status() != 202) {
                throw new IllegalStateException("warm-up event answered " + warmUp);
            }
        }

        Answer post() {
            return post(IMSI);
        }

        Answer post(String imsi) {
            byte[] body = new String(Fixtures.bytes("nsps/sim-updated.json"), java.nio.charset.StandardCharsets.UTF_8)
                    .replace(IMSI, imsi).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            long start = System.nanoTime();
            try {
                HttpResponse<String> res = HTTP.send(HttpRequest.newBuilder(URI.create(
                                "http://127.0.0.1:" + server.server().port() + "/process-event"))
                                                             .header("Authorization", "Bearer " + TestConnector.API_TOKEN)
                                                             .header("Content-Type", "application/json")
                                                             .timeout(Duration.ofSeconds(15))
                                                             .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                                             .build(),
                                                     HttpResponse.BodyHandlers.ofString());
                return new Answer(res.statusCode(), res.body(), (System.nanoTime() - start) / 1_000_000);
            } catch (IOException e) {
                return new Answer(-1, e.toString(), (System.nanoTime() - start) / 1_000_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Answer(-1, "interrupted", 0);
            }
        }

        /** Sum of the samples of a meter whose line contains the filter. */
        double metric(String name, String... filter) {
            String text;
            try {
                text = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.server().port()
                                                                           + "/metrics")).build(),
                                 HttpResponse.BodyHandlers.ofString()).body();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*})? (\\S+)$").matcher(text);
            double sum = 0;
            while (m.find()) {
                String labels = m.group(1) == null ? "" : m.group(1);
                boolean match = true;
                for (String f : filter) {
                    match &= labels.contains(f);
                }
                if (match) {
                    sum += Double.parseDouble(m.group(2));
                }
            }
            return sum;
        }

        @Override
        public void close() {
            if (!stopped) {
                server.close();
            }
            wtl.close();
            quiet.close();
        }
    }
}
