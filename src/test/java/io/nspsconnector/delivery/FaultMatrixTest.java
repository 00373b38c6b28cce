package io.nspsconnector.delivery;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.nspsconnector.testing.FaultyWtl;
import io.nspsconnector.testing.NspsClient;
import io.nspsconnector.testing.NspsEventStream;
import io.nspsconnector.testing.QuietConsole;
import io.nspsconnector.testing.TestConnector;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

/**
 * The fault matrix: the real server, a client that behaves like NSPS (every non-2xx, timeout or refused connection
 * is delivered again later with backoff, while other events go on; now and then an event is delivered twice at
 * once), a few thousand events over a few hundred subscribers, and a WTL that injects 5xx bursts, 429 with
 * Retry-After, hangs past the deadline, connection resets, slow and dripped answers, endless interim answers, and
 * answers that desynchronise a reused connection (an unsolicited 200 result:true after a 503 or a 2xx, leftover
 * bytes after an answer with both Content-Length and Transfer-Encoding; the next request on such a connection is
 * rejected without being applied, so reading the stray answer as its answer would be a 2xx without the apply).
 * Midway the connector is stopped gracefully and a new one started (with the same delivery ledger: the stand-in
 * for a ledger that outlives a pod, docs/delivery.md).
 * <p>
 * Afterwards WTL's subscribers must equal the state computed by applying the events in NSPS order, with no event
 * lost, no 2xx without the WTL apply behind it and no WTL side effect applied again after the connector knew it was
 * applied. The figures are printed.
 */
class FaultMatrixTest {

    private static final long SEED = 20251123L;
    private static final int SUBSCRIBERS = 300;
    private static final int EVENTS = 3000;

    @Test
    void noEventLostNo2xxWithoutTheApplyNoSideEffectTwiceAndWtlEndsInTheOrderedState() throws Exception {
        List<NspsEventStream.Event> events = NspsEventStream.generate(SEED, SUBSCRIBERS, EVENTS);
        FaultyWtl wtl = FaultyWtl.start(SEED, TestConnector.WTL_TOKEN);
        MemoryLedger ledger = new MemoryLedger(100_000, Duration.ofHours(1), 100_000, Duration.ofHours(1));
        Map<String, String> env = TestConnector.env(wtl.baseUrl());
        Map<String, String> keys = new HashMap<>(Map.ofEntries(
                Map.entry("connector.wtl.attempt-timeout", "PT0.25S"),
                Map.entry("connector.wtl.connect-timeout", "PT0.25S"),
                Map.entry("connector.wtl.event-deadline", "PT1S"),
                Map.entry("connector.wtl.retry.initial-delay", "PT0.01S"),
                Map.entry("connector.wtl.retry.max-delay", "PT0.05S"),
                Map.entry("connector.wtl.retry.retry-after-cap", "PT0.5S"),
                Map.entry("connector.wtl.circuit-breaker.delay", "PT0.2S"),
                Map.entry("connector.delivery.applied-events.max-size", "100000"),
                Map.entry("connector.delivery.subscribers.max-size", "100000"),
                Map.entry("connector.delivery.shutdown-grace-period", "PT3S"),
                Map.entry("connector.logging.access-log", "false"),
                Map.entry("connector.reload.enabled", "false")));
        AtomicReference<TestConnector.Server> server = new AtomicReference<>(
                TestConnector.start(Path.of("config"), env, keys, ledger));
        AtomicReference<String> url = new AtomicReference<>(url(server.get()));

        NspsClient.Settings settings = new NspsClient.Settings(SEED, 32, Duration.ofNanos(1_500_000), 3, 0,
                                                               Duration.ofSeconds(3));
        try (QuietConsole ignored = QuietConsole.quietConsole();
             NspsClient nsps = new NspsClient(events, settings, random -> url.get())) {
            nsps.start();
            // midway: a graceful stop (as on SIGTERM) and a new connector on another port
            nsps.awaitRemaining(EVENTS * 6 / 10, Duration.ofSeconds(90));
            TestConnector.Server old = server.get();
            boolean drained = old.connector().shutdown(old.server());
            server.set(TestConnector.start(Path.of("config"), env, keys, ledger));
            url.set(url(server.get()));

            boolean finished = nsps.awaitRemaining(0, Duration.ofSeconds(90));
            nsps.close();
            server.get().close();
            wtl.close();

            NspsClient.Books books = nsps.books(wtl);
            System.out.printf("FAULT MATRIX seed=%d: %d events over %d subscribers, %d deliveries (%d non-2xx), "
                                      + "%d WTL requests, faults: %s; connector restarted once (drained: %s); %d ms%n",
                              SEED, EVENTS, SUBSCRIBERS, nsps.deliveries(), nsps.non2xx(), wtl.requests(),
                              wtl.faultSummary(), drained, nsps.elapsed().toMillis());
            System.out.println("FAULT MATRIX answers other than 2xx: " + nsps.failures());
            System.out.printf("FAULT MATRIX results: events lost %d, 2xx without an applied WTL call %d, "
                                      + "WTL side effects applied twice %d, subscribers differing from the ordered "
                                      + "state %d of %d, unexpected answers %d, requests sent on a desynchronised WTL "
                                      + "connection %d, WTL side effects applied after their event was answered "
                                      + "2xx %d, moments with two WTL operations of one IMSI in flight %d (the "
                                      + "requests in flight then: %s) (duplicates answered %d, stale answered %d, "
                                      + "full-state operations re-sent after a lost WTL answer %d)%n",
                              books.lost(), books.unbacked(), wtl.appliedAfterAck(), books.mismatches(),
                              books.subscribers(), books.unexpected(), wtl.requestsAfterDesync(), books.reapplied(),
                              wtl.overlaps(), wtl.overlapSummary(), books.duplicates(), books.stale(),
                              wtl.resentAfterLostAnswer());

            assertThat("every event answered 2xx in time", finished, is(true));
            assertThat("events lost", books.lost(), is(0L));
            assertThat("2xx without an applied WTL call", books.unbacked(), is(0L));
            assertThat("WTL side effects applied twice", wtl.appliedAfterAck(), is(0L));
            assertThat("subscribers differing from the ordered state", books.mismatches(), is(0L));
            assertThat("unexpected answers", books.unexpected(), is(0L));
            assertThat("requests sent on a desynchronised WTL connection", wtl.requestsAfterDesync(), is(0L));
            assertThat("faults were injected and retried", nsps.non2xx(), greaterThan(100L));
            assertThat("the duplicate path was exercised", books.duplicates(), greaterThan(0L));
        }
    }

    private static String url(TestConnector.Server server) {
        return "http://127.0.0.1:" + server.server().port() + "/process-event";
    }
}
