package io.nspsconnector.delivery;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.nspsconnector.testing.FaultyWtl;
import io.nspsconnector.testing.QuietConsole;
import io.nspsconnector.testing.TestConnector;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
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
    private static final int WORKERS = 32;
    private static final Instant T0 = Instant.parse("2025-03-12T16:00:00Z");

    /** One generated NSPS event and the WTL operations it must lead to. */
    private record Event(int seq, String id, String body, List<Op> ops) {
    }

    /** One expected WTL operation. */
    private record Op(String imsi, String action, FaultyWtl.State state) {
    }

    /** One delivery of an event, due at a time. */
    private record Delivery(Event event, int attempt, long dueNanos) implements Delayed {
        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(dueNanos, ((Delivery) other).dueNanos);
        }
    }

    @Test
    void noEventLostNo2xxWithoutTheApplyNoSideEffectTwiceAndWtlEndsInTheOrderedState() throws Exception {
        List<Event> events = generate();
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

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(1)).executor(java.util.concurrent.Executors
                                                                         .newVirtualThreadPerTaskExecutor()).build();
        DelayQueue<Delivery> queue = new DelayQueue<>();
        Map<Integer, List<String>> answers = new ConcurrentHashMap<>();
        CountDownLatch allDone = new CountDownLatch(EVENTS);
        AtomicLong deliveries = new AtomicLong();
        AtomicLong non2xx = new AtomicLong();
        SplittableRandom dispatch = new SplittableRandom(SEED);
        long start = System.nanoTime();
        for (Event e : events) {
            long due = start + TimeUnit.MICROSECONDS.toNanos(e.seq() * 1500L);
            queue.add(new Delivery(e, 0, due));
            if (dispatch.nextInt(100) < 3) {
                queue.add(new Delivery(e, 0, due)); // NSPS delivering the same event twice at once
            }
        }
        List<Thread> workers = new ArrayList<>();
        try (QuietConsole ignored = QuietConsole.quietConsole()) {
            for (int w = 0; w < WORKERS; w++) {
                workers.add(Thread.ofVirtual().start(() -> {
                    SplittableRandom jitter = new SplittableRandom(SEED + Thread.currentThread().threadId());
                    while (!Thread.currentThread().isInterrupted()) {
                        Delivery d;
                        try {
                            d = queue.take();
                        } catch (InterruptedException ex) {
                            return;
                        }
                        deliveries.incrementAndGet();
                        String answer = deliver(http, url.get(), d.event());
                        if (answer != null) {
                            List<String> list = answers.computeIfAbsent(d.event().seq(),
                                                                        k -> new java.util.concurrent.CopyOnWriteArrayList<>());
                            list.add(answer);
                            if (list.size() == 1) {
                                allDone.countDown();
                            }
                        } else {
                            non2xx.incrementAndGet();
                            long backoff = Math.min(200, 5L << Math.min(d.attempt(), 6));
                            long delay = backoff / 2 + jitter.nextLong(backoff);
                            queue.add(new Delivery(d.event(), d.attempt() + 1,
                                                   System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delay)));
                        }
                    }
                }));
            }
            // midway: a graceful stop (as on SIGTERM) and a new connector on another port
            while (allDone.getCount() > EVENTS * 6 / 10) {
                allDone.await(20, TimeUnit.MILLISECONDS);
            }
            TestConnector.Server old = server.get();
            boolean drained = old.connector().shutdown(old.server());
            server.set(TestConnector.start(Path.of("config"), env, keys, ledger));
            url.set(url(server.get()));

            boolean finished = allDone.await(90, TimeUnit.SECONDS);
            workers.forEach(Thread::interrupt);
            server.get().close();
            wtl.close();

            // the books
            long lost = EVENTS - answers.size();
            long unbacked = 0;
            long unexpected = 0;
            long duplicates = 0;
            long stale = 0;
            for (Map.Entry<Integer, List<String>> entry : answers.entrySet()) {
                Event e = events.get(entry.getKey());
                for (String answer : entry.getValue()) {
                    if (answer.contains("Event processed successfully") || answer.contains("duplicate event")) {
                        duplicates += answer.contains("duplicate event") ? 1 : 0;
                        for (Op op : e.ops()) {
                            if (!wtl.acked(e.seq(), op.imsi()) && !wtl.newerAcked(e.seq(), op.imsi())) {
                                unbacked++;
                            }
                        }
                    } else if (answer.contains("Event ignored: stale")) {
                        stale++;
                        for (Op op : e.ops()) {
                            if (!wtl.newerAcked(e.seq(), op.imsi())) {
                                unbacked++;
                            }
                        }
                    } else {
                        unexpected++;
                    }
                }
            }
            Map<String, FaultyWtl.State> expected = replay(events);
            Map<String, FaultyWtl.State> actual = wtl.subscribers();
            long mismatches = expected.keySet().stream().filter(k -> !Objects.equals(expected.get(k), actual.get(k)))
                    .count() + actual.keySet().stream().filter(k -> !expected.containsKey(k)).count();
            long millis = (System.nanoTime() - start) / 1_000_000;

            System.out.printf("FAULT MATRIX seed=%d: %d events over %d subscribers, %d deliveries (%d non-2xx), "
                                      + "%d WTL requests, faults: %s; connector restarted once (drained: %s); %d ms%n",
                              SEED, EVENTS, SUBSCRIBERS, deliveries.get(), non2xx.get(), wtl.requests(),
                              wtl.faultSummary(), drained, millis);
            System.out.println("FAULT MATRIX answers other than 2xx: " + new java.util.TreeMap<>(FAILURES));
            System.out.printf("FAULT MATRIX results: events lost %d, 2xx without an applied WTL call %d, "
                                      + "WTL side effects applied twice %d, subscribers differing from the ordered "
                                      + "state %d of %d, unexpected answers %d, requests sent on a desynchronised WTL "
                                      + "connection %d (duplicates answered %d, stale answered %d, full-state "
                                      + "operations re-sent after a lost WTL answer %d)%n",
                              lost, unbacked, wtl.appliedAfterAck(), mismatches, expected.size(), unexpected,
                              wtl.requestsAfterDesync(), duplicates, stale, wtl.resentAfterLostAnswer());

            assertThat("every event answered 2xx in time", finished, is(true));
            assertThat("events lost", lost, is(0L));
            assertThat("2xx without an applied WTL call", unbacked, is(0L));
            assertThat("WTL side effects applied twice", wtl.appliedAfterAck(), is(0L));
            assertThat("subscribers differing from the ordered state", mismatches, is(0L));
            assertThat("unexpected answers", unexpected, is(0L));
            assertThat("requests sent on a desynchronised WTL connection", wtl.requestsAfterDesync(), is(0L));
            assertThat("faults were injected and retried", non2xx.get(), greaterThan(100L));
            assertThat("the duplicate path was exercised", duplicates, greaterThan(0L));
        }
    }

    private static final Map<String, AtomicLong> FAILURES = new ConcurrentHashMap<>();

    /** One delivery: the 2xx body, or null for anything else (NSPS delivers it again later). */
    private static String deliver(HttpClient http, String url, Event e) {
        try {
            HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(url))
                                                         .header("Authorization", "Bearer " + TestConnector.API_TOKEN)
                                                         .header("Content-Type", "application/json")
                                                         .timeout(Duration.ofSeconds(3))
                                                         .POST(HttpRequest.BodyPublishers.ofString(e.body()))
                                                         .build(),
                                                 HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() / 100 != 2) {
                String error = res.body().replaceAll(".*\"error\":\"([^\"]*)\".*", "$1");
                FAILURES.computeIfAbsent(res.statusCode() + " " + error, k -> new AtomicLong()).incrementAndGet();
            }
            return res.statusCode() / 100 == 2 ? res.body() : null;
        } catch (IOException ex) {
            FAILURES.computeIfAbsent(ex.getClass().getSimpleName(), k -> new AtomicLong()).incrementAndGet();
            return null;
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String url(TestConnector.Server server) {
        return "http://127.0.0.1:" + server.server().port() + "/process-event";
    }

    /** WTL's state after applying every event's operations in NSPS order. */
    private static Map<String, FaultyWtl.State> replay(List<Event> events) {
        Map<String, FaultyWtl.State> state = new HashMap<>();
        for (Event e : events) {
            for (Op op : e.ops()) {
                switch (op.action()) {
                case "insert" -> state.putIfAbsent(op.imsi(), op.state());
                case "delete" -> state.remove(op.imsi());
                default -> state.put(op.imsi(), op.state());
                }
            }
        }
        return state;
    }

    /**
     * Events for accounts that each hold a SIM: created first, then mostly updated (bill status and blocking change),
     * sometimes replaced by a new SIM, sometimes deleted (the account's next event creates a new SIM).
     */
    private static List<Event> generate() {
        SplittableRandom random = new SplittableRandom(SEED);
        AtomicInteger imsis = new AtomicInteger();
        String[] sim = new String[SUBSCRIBERS];
        List<Event> events = new ArrayList<>(EVENTS);
        for (int seq = 0; seq < EVENTS; seq++) {
            int account = random.nextInt(SUBSCRIBERS);
            String msisdn = "7900" + String.format("%07d", account);
            boolean open = random.nextInt(10) < 8;
            boolean blocked = random.nextInt(10) == 0;
            FaultyWtl.State own = new FaultyWtl.State(open && !blocked ? "serviceGranted" : "operatorDeterminedBarring",
                                                      open ? List.of(msisdn) : List.of(), "ev" + seq, "eps" + seq);
            String type;
            String prev = null;
            List<Op> ops = new ArrayList<>();
            int pick = random.nextInt(100);
            if (sim[account] == null) {
                sim[account] = imsi(imsis.incrementAndGet());
                type = "SIM/Created";
                ops.add(new Op(sim[account], "insert", own));
            } else if (pick < 80) {
                type = "SIM/Updated";
                ops.add(new Op(sim[account], "update", own));
            } else if (pick < 92) {
                type = "SIM/Replaced";
                prev = sim[account];
                sim[account] = imsi(imsis.incrementAndGet());
                ops.add(new Op(prev, "update", new FaultyWtl.State("operatorDeterminedBarring", List.of(),
                                                                   "ev" + seq, "eps" + seq)));
                ops.add(new Op(sim[account], "update", own));
            } else {
                type = "SIM/Deleted";
                ops.add(new Op(sim[account], "delete", own));
            }
            String current = sim[account];
            if (type.equals("SIM/Deleted")) {
                sim[account] = null;
            }
            ZoneOffset offset = ZoneOffset.ofHours(account % 3 - 1);
            JsonObjectBuilder pb = Json.createObjectBuilder()
                    .add("account_info", Json.createObjectBuilder()
                            .add("bill_status", open ? "open" : "suspended")
                            .add("blocked", blocked)
                            .add("id", msisdn + "@msisdn"))
                    .add("sim_info", Json.createObjectBuilder().add("imsi", current))
                    .add("access_policy_info", Json.createObjectBuilder().add("attributes", Json.createArrayBuilder()
                            .add(Json.createObjectBuilder().add("group_name", "lte.wtl").add("name", "cs_profile")
                                         .add("value", "ev" + seq))
                            .add(Json.createObjectBuilder().add("group_name", "lte.wtl").add("name", "eps_profile")
                                         .add("value", "eps" + seq))));
            if (prev != null) {
                pb.add("prev_sim_info", Json.createObjectBuilder().add("imsi", prev));
            }
            String id = new java.util.UUID(random.nextLong(), random.nextLong()).toString();
            String body = Json.createObjectBuilder()
                    .add("event_id", id)
                    .add("created_at", OffsetDateTime.ofInstant(T0.plusMillis(seq), offset).toString())
                    .add("data", Json.createObjectBuilder().add("event_type", type)
                            .add("variables", Json.createObjectBuilder().add("i_account", account)))
                    .add("pb_data", pb)
                    .build().toString();
            events.add(new Event(seq, id, body, ops));
        }
        return events;
    }

    private static String imsi(int n) {
        return "00101" + String.format("%010d", n);
    }
}
