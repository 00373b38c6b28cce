package io.nspsconnector.state;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import io.nspsconnector.delivery.DeliveryGuard;
import io.nspsconnector.errors.ConnectorError;
import io.nspsconnector.event.Deadline;
import io.nspsconnector.logging.Masking;
import io.nspsconnector.nsps.NspsEvent;
import io.nspsconnector.nsps.Plan;
import io.nspsconnector.testing.TestDatabase;
import io.nspsconnector.wtl.SubscriberStatus;
import io.nspsconnector.wtl.WtlAction;
import io.nspsconnector.wtl.WtlRequest;
import io.nspsconnector.wtl.WtlResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * Two "pods" (two stores, each with its own pool and pod locks, and a guard each) on one PostgreSQL, events of a
 * few subscribers sent to either at random, in random {@code created_at} order, each delivered twice: WTL never
 * has two operations of one IMSI in flight, and each subscriber ends with the operation of its newest event.
 */
class PostgresCrossPodOrderingTest {

    private static final int SUBSCRIBERS = 4;
    private static final int EVENTS = 240;

    private static PostgresStore podA;
    private static PostgresStore podB;

    @BeforeAll
    static void openStores() {
        String url = TestDatabase.create("cross_pod");
        podA = PostgresStore.open(PostgresLedgerContractTest.settings(url));
        podB = PostgresStore.open(PostgresLedgerContractTest.settings(url));
    }

    @AfterAll
    static void closeStores() {
        podA.close();
        podB.close();
    }

    @Test
    void noTwoOperationsOfOneImsiInFlightAndTheNewestEventWins() throws Exception {
        List<DeliveryGuard> guards = List.of(new DeliveryGuard(podA.ledger(), Masking.of(true)),
                                             new DeliveryGuard(podB.ledger(), Masking.of(true)));
        Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
        AtomicInteger overlaps = new AtomicInteger();
        Map<String, String> wtlState = new ConcurrentHashMap<>();
        DeliveryGuard.Sender wtl = request -> {
            AtomicInteger running = inFlight.computeIfAbsent(request.imsi(), k -> new AtomicInteger());
            if (running.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            LockSupport.parkNanos(Duration.ofMillis(1).toNanos()); // a WTL call takes a while
            wtlState.put(request.imsi(), request.csProfile());
            running.decrementAndGet();
            return new WtlResult(200, 1, false);
        };
        java.util.Random random = new java.util.Random(14);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            order.add(i);
        }
        java.util.Collections.shuffle(order, random);
        Instant t0 = Instant.parse("2025-03-12T16:00:00Z");
        ExecutorService pool = Executors.newFixedThreadPool(12);
        AtomicInteger busy = new AtomicInteger();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int n : order) {
                for (int copy = 0; copy < 2; copy++) {
                    DeliveryGuard guard = guards.get(random.nextInt(2));
                    String imsi = "00101000007000" + (n % SUBSCRIBERS);
                    NspsEvent event = new NspsEvent("cross-" + n, "SIM/Updated", Optional.of(t0.plusSeconds(n).toString()),
                                                    Optional.empty(), Optional.empty(), Optional.empty(), List.of());
                    Plan.Apply plan = new Plan.Apply(List.of(new WtlRequest(imsi, SubscriberStatus.SERVICE_GRANTED,
                                                                            List.of(), "p" + n, "p" + n,
                                                                            WtlAction.UPDATE)));
                    done.add(pool.submit(() -> {
                        try {
                            guard.apply(event, plan, Deadline.in(Duration.ofSeconds(20)), wtl);
                        } catch (ConnectorError.Unavailable e) {
                            busy.incrementAndGet();
                        }
                    }));
                }
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(busy.get(), is(0));
        assertThat(overlaps.get(), is(0));
        for (int s = 0; s < SUBSCRIBERS; s++) {
            int newest = EVENTS - SUBSCRIBERS + s;
            assertThat(wtlState.get("00101000007000" + s), is("p" + newest));
        }
    }
}
