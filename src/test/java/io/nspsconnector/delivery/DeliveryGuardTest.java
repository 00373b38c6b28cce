package io.nspsconnector.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.nspsconnector.errors.ConnectorError;
import io.nspsconnector.event.Deadline;
import io.nspsconnector.logging.Masking;
import io.nspsconnector.nsps.NspsEvent;
import io.nspsconnector.nsps.Outcome;
import io.nspsconnector.nsps.Plan;
import io.nspsconnector.testing.Await;
import io.nspsconnector.wtl.SubscriberStatus;
import io.nspsconnector.wtl.WtlAction;
import io.nspsconnector.wtl.WtlRequest;
import io.nspsconnector.wtl.WtlResult;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Duplicates, per-subscriber order and stale events, without a server: the guard with a recording sender. */
class DeliveryGuardTest {

    private static final String X = "001010000000001";
    private static final String Y = "001010000000002";

    private final SubscriberLocks locks = new SubscriberLocks();
    private final MemoryLedger ledger = new MemoryLedger(1000, Duration.ofHours(1), 1000, Duration.ofHours(1), locks);
    private final DeliveryGuard guard = new DeliveryGuard(ledger, Masking.of(true));
    private final List<String> sent = Collections.synchronizedList(new ArrayList<>());

    @Test
    void aReDeliveryOfAnAppliedEventIsADuplicateWithoutAWtlCall() {
        NspsEvent e = event("e1", "2025-03-12T16:47:30.443939+00:00");

        Outcome first = guard.apply(e, plan(update(X, "a")), deadline(), this::record);
        Outcome second = guard.apply(e, plan(update(X, "a")), deadline(), this::record);

        assertThat(first, instanceOf(Outcome.Processed.class));
        assertThat(second, is(new Outcome.Duplicate("e1")));
        assertThat(sent, contains(X + ":a"));
    }

    @Test
    void aFailedEventIsNotRecordedSoItsRetryCallsWtlAgain() {
        NspsEvent e = event("e1", "2025-03-12T16:00:00Z");

        assertThrows(ConnectorError.WtlServerError.class,
                     () -> guard.apply(e, plan(update(X, "a")), deadline(), r -> {
                         sent.add("failed");
                         throw new ConnectorError.WtlServerError("HTTP 503");
                     }));
        Outcome retry = guard.apply(e, plan(update(X, "a")), deadline(), this::record);

        assertThat(retry, instanceOf(Outcome.Processed.class));
        assertThat(sent, contains("failed", X + ":a"));
    }

    @Test
    void aRetryOfAPartlyAppliedEventSendsOnlyTheOperationsNotYetApplied() {
        NspsEvent e = event("e1", "2025-03-12T16:00:00Z");
        Plan.Apply replaced = plan(update(X, "old"), update(Y, "new"));

        assertThrows(ConnectorError.WtlUnavailable.class, () -> guard.apply(e, replaced, deadline(), r -> {
            if (r.imsi().equals(Y)) {
                throw new ConnectorError.WtlUnavailable("Connection timeout");
            }
            return record(r);
        }));
        Outcome retry = guard.apply(e, replaced, deadline(), this::record);

        assertThat(retry, instanceOf(Outcome.Processed.class));
        assertThat(sent, contains(X + ":old", Y + ":new"));
    }

    @Test
    void anOlderEventAfterANewerOneIsStaleAndNotSent() {
        guard.apply(event("new", "2025-03-12T16:00:02Z"), plan(update(X, "new")), deadline(), this::record);

        Outcome old = guard.apply(event("old", "2025-03-12T16:00:01+00:00"), plan(update(X, "old")), deadline(),
                                  this::record);

        assertThat(old, instanceOf(Outcome.Stale.class));
        assertThat(((Outcome.Stale) old).ignore().reason(), containsString("stale: created 2025-03-12T16:00:01Z"));
        assertThat(((Outcome.Stale) old).ignore().logReason(), containsString("00101*******001"));
        assertThat(sent, contains(X + ":new"));
    }

    @Test
    void sameCreationTimeIsNotStaleAndOffsetsAreCompared() {
        guard.apply(event("a", "2025-03-12T18:00:00+02:00"), plan(update(X, "a")), deadline(), this::record);

        Outcome same = guard.apply(event("b", "2025-03-12T16:00:00Z"), plan(update(X, "b")), deadline(), this::record);

        assertThat(same, instanceOf(Outcome.Processed.class));
        assertThat(ledger.lastApplied(X), is(Optional.of(java.time.Instant.parse("2025-03-12T16:00:00Z"))));
    }

    @Test
    void onlyTheStaleOperationsOfAnEventAreSkipped() {
        guard.apply(event("newer-y", "2025-03-12T16:00:05Z"), plan(update(Y, "y5")), deadline(), this::record);

        Outcome replaced = guard.apply(event("replaced", "2025-03-12T16:00:01Z"),
                                       plan(update(X, "bar"), update(Y, "y1")), deadline(), this::record);

        assertThat(replaced, instanceOf(Outcome.Processed.class));
        assertThat(sent, contains(Y + ":y5", X + ":bar"));
    }

    @Test
    void anEventWithoutAReadableCreationTimeIsAppliedAndMovesNoRecord() {
        Outcome noTime = guard.apply(event("n", null), plan(update(X, "n")), deadline(), this::record);
        Outcome badTime = guard.apply(event("b", "yesterday"), plan(update(X, "b")), deadline(), this::record);

        assertThat(noTime, instanceOf(Outcome.Processed.class));
        assertThat(badTime, instanceOf(Outcome.Processed.class));
        assertThat(ledger.lastApplied(X), is(Optional.empty()));
    }

    @Test
    void aDuplicateInFlightWaitsForTheFirstDeliveryInsteadOfCallingWtl() throws Exception {
        CountDownLatch inWtl = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        NspsEvent e = event("e1", "2025-03-12T16:00:00Z");
        Thread first = Thread.ofVirtual().start(() -> guard.apply(e, plan(update(X, "a")), deadline(), r -> {
            inWtl.countDown();
            await(release);
            return record(r);
        }));
        assertThat(inWtl.await(10, TimeUnit.SECONDS), is(true));
        AtomicReference<Outcome> second = new AtomicReference<>();
        Thread duplicate = Thread.ofVirtual().start(
                () -> second.set(guard.apply(e, plan(update(X, "a")), deadline(), this::record)));
        Await.until("the duplicate parks on the subscriber lock", Duration.ofSeconds(10),
                    () -> duplicate.getState() == Thread.State.WAITING
                            || duplicate.getState() == Thread.State.TIMED_WAITING);

        release.countDown();
        first.join(10_000);
        duplicate.join(10_000);

        assertThat(second.get(), is(new Outcome.Duplicate("e1")));
        assertThat(sent, contains(X + ":a"));
        assertThat(locks.active(), is(0));
    }

    @Test
    void otherSubscribersAreNotHeldUpByABusyOne() throws Exception {
        CountDownLatch inWtl = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread slow = Thread.ofVirtual().start(() -> guard.apply(event("x", null), plan(update(X, "x")), deadline(),
                                                                 r -> {
                                                                     inWtl.countDown();
                                                                     await(release);
                                                                     return record(r);
                                                                 }));
        assertThat(inWtl.await(10, TimeUnit.SECONDS), is(true));

        Outcome other = guard.apply(event("y", null), plan(update(Y, "y")), deadline(), this::record);

        assertThat(other, instanceOf(Outcome.Processed.class));
        assertThat(sent, contains(Y + ":y"));
        release.countDown();
        slow.join(10_000);
    }

    @Test
    void anEventWaitingPastItsDeadlineForItsSubscriberIs503AndHoldsNoLock() throws Exception {
        CountDownLatch inWtl = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread slow = Thread.ofVirtual().start(() -> guard.apply(event("x", null), plan(update(X, "x")), deadline(),
                                                                 r -> {
                                                                     inWtl.countDown();
                                                                     await(release);
                                                                     return record(r);
                                                                 }));
        assertThat(inWtl.await(10, TimeUnit.SECONDS), is(true));

        ConnectorError.Unavailable busy = assertThrows(ConnectorError.Unavailable.class, () -> guard.apply(
                event("x2", null), plan(update(Y, "y"), update(X, "x2")), Deadline.in(Duration.ofMillis(50)),
                this::record));

        assertThat(busy.outcome(), is("subscriber_busy"));
        release.countDown();
        slow.join(10_000);
        assertThat(locks.active(), is(0));
        assertThat(sent, contains(X + ":x"));
    }

    @Test
    void anEventDatedFarInTheFutureIsAppliedButDoesNotMakeLaterRealEventsStale() {
        Outcome future = guard.apply(event("future", "2999-01-01T00:00:00Z"), plan(update(X, "a")), deadline(),
                                     this::record);
        Outcome real = guard.apply(event("real", java.time.Instant.now().toString()), plan(update(X, "b")),
                                   deadline(), this::record);

        assertThat(future, instanceOf(Outcome.Processed.class));
        assertThat(real, instanceOf(Outcome.Processed.class));
        assertThat(sent, contains(X + ":a", X + ":b"));
    }

    @Test
    void aCreatedAtWithinTheToleranceStillOrdersAndOneBeyondIsCounted() {
        java.time.Instant now = java.time.Instant.parse("2025-06-01T12:00:00Z");
        java.util.concurrent.atomic.AtomicInteger counted = new java.util.concurrent.atomic.AtomicInteger();
        DeliveryGuard tolerant = new DeliveryGuard(ledger, Masking.of(true),
                                                   java.time.Clock.fixed(now, java.time.ZoneOffset.UTC),
                                                   Duration.ofMinutes(5), counted::incrementAndGet);

        tolerant.apply(event("ahead", "2025-06-01T12:04:00Z"), plan(update(X, "a")), deadline(), this::record);
        Outcome older = tolerant.apply(event("older", "2025-06-01T12:03:00Z"), plan(update(X, "b")), deadline(),
                                       this::record);
        tolerant.apply(event("beyond", "2025-06-01T12:06:00Z"), plan(update(Y, "c")), deadline(), this::record);

        assertThat(older, instanceOf(Outcome.Stale.class));
        assertThat(counted.get(), is(1));
        assertThat(ledger.lastApplied(Y).isPresent(), is(false));
    }

    private WtlResult record(WtlRequest request) {
        sent.add(request.imsi() + ":" + request.csProfile());
        return new WtlResult(200, 1, false);
    }

    private static NspsEvent event(String id, String createdAt) {
        return new NspsEvent(id, "SIM/Updated", Optional.ofNullable(createdAt), Optional.empty(), Optional.empty(),
                             Optional.empty(), List.of());
    }

    private static Plan.Apply plan(WtlRequest... requests) {
        return new Plan.Apply(List.of(requests));
    }

    private static WtlRequest update(String imsi, String profile) {
        return new WtlRequest(imsi, SubscriberStatus.SERVICE_GRANTED, List.of(), profile, profile, WtlAction.UPDATE);
    }

    private static Deadline deadline() {
        return Deadline.in(Duration.ofSeconds(10));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
