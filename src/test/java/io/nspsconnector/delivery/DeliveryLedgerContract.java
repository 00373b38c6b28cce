package io.nspsconnector.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

import io.nspsconnector.errors.ConnectorError;
import io.nspsconnector.event.Deadline;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * What {@link DeliveryGuard} relies on from any {@link DeliveryLedger}, one test per behaviour. Each store has a
 * subclass that supplies a fresh, empty ledger (and a second one on the same records, as another pod sees them);
 * the same assertions hold for all of them.
 */
public abstract class DeliveryLedgerContract {

    private static final Instant T0 = Instant.parse("2025-03-12T16:00:00.443939Z");
    private static final String X = "001010000000001";

    /** The ledger under test, empty. */
    protected DeliveryLedger ledger;

    /**
     * @return a new, empty ledger of the store under test
     */
    protected abstract DeliveryLedger emptyLedger();

    /**
     * @return a ledger on the same records as {@link #ledger} with its own locks and connections, as another pod of
     *         the store has (the memory store has no other pod: the same ledger)
     */
    protected abstract DeliveryLedger otherPod();

    /**
     * Waits until a thread has begun waiting for a subscriber held by another unit.
     *
     * @param waiter the thread calling {@link DeliveryLedger#begin}
     */
    protected abstract void awaitWaiting(Thread waiter);

    @BeforeEach
    void freshLedger() {
        ledger = emptyLedger();
    }

    /** One unit of an event on one IMSI: these operations applied (with this time, if any), then maybe complete. */
    private void record(String eventId, String imsi, Instant createdAt, boolean complete, String... ops) {
        try (DeliveryLedger.Unit unit = ledger.begin(eventId, List.of(imsi), deadline())) {
            for (String op : ops) {
                unit.applied(op, imsi, Optional.ofNullable(createdAt));
            }
            if (complete) {
                unit.complete();
            }
        }
    }

    private void operationApplied(String eventId, String op) {
        record(eventId, X, null, false, op);
    }

    private void eventApplied(String eventId) {
        record(eventId, X, null, true);
    }

    private void subscriberApplied(String imsi, Instant createdAt) {
        record("ev-" + UUID.randomUUID(), imsi, createdAt, true, "op");
    }

    /** The IMSI's time as a unit reads it. */
    private Optional<Instant> lastApplied(String imsi) {
        try (DeliveryLedger.Unit unit = ledger.begin("read-" + UUID.randomUUID(), List.of(imsi), deadline())) {
            return unit.lastApplied(imsi);
        }
    }

    /** The event's progress, read without and with its subscriber: both must agree. */
    private DeliveryLedger.Progress progress(String eventId) {
        DeliveryLedger.Progress quick = ledger.progress(eventId);
        try (DeliveryLedger.Unit unit = ledger.begin(eventId, List.of("999990000000000"), deadline())) {
            assertThat(unit.progress(), is(quick));
        }
        return quick;
    }

    private static Deadline deadline() {
        return Deadline.in(Duration.ofSeconds(20));
    }

    @Test
    public void anUnknownEventHasNoProgress() {
        assertThat(progress("never-seen"), is(DeliveryLedger.Progress.NONE));
    }

    @Test
    public void appliedOperationsAreRememberedWithoutCompletingTheEvent() {
        operationApplied("e1", "{\"op\":1}");
        operationApplied("e1", "{\"op\":2}");

        assertThat(progress("e1"), is(new DeliveryLedger.Progress(false, Set.of("{\"op\":1}", "{\"op\":2}"))));
    }

    @Test
    public void anOperationRecordedTwiceIsHeldOnce() {
        operationApplied("e1", "op");
        operationApplied("e1", "op");

        assertThat(progress("e1").appliedOps(), is(Set.of("op")));
    }

    @Test
    public void anAppliedEventIsComplete() {
        operationApplied("e1", "op");
        eventApplied("e1");

        assertThat(progress("e1"), is(DeliveryLedger.Progress.COMPLETE));
    }

    @Test
    public void anEventWithNothingSentCanBeComplete() {
        eventApplied("stale-only");

        assertThat(progress("stale-only").complete(), is(true));
    }

    @Test
    public void aCompleteEventStaysCompleteWhenAnOperationIsRecordedLate() {
        eventApplied("e1");
        operationApplied("e1", "late");

        assertThat(progress("e1"), is(DeliveryLedger.Progress.COMPLETE));
    }

    @Test
    public void eventsAreKeptApart() {
        operationApplied("e1", "a");
        eventApplied("e2");

        assertThat(progress("e1"), is(new DeliveryLedger.Progress(false, Set.of("a"))));
        assertThat(progress("e2"), is(DeliveryLedger.Progress.COMPLETE));
        assertThat(progress("e3"), is(DeliveryLedger.Progress.NONE));
    }

    @Test
    public void longIdsAndKeysWithAnyCharactersComeBackUnchanged() {
        String id = "ev-" + "ü€😀'\"\\,{}".repeat(40);
        String key = "{\"imsi\":\"001010000000001\",\"note\":\"" + "x',\\\"{}".repeat(300) + "\"}";

        operationApplied(id, key);

        assertThat(progress(id), is(new DeliveryLedger.Progress(false, Set.of(key))));
    }

    @Test
    public void anUnknownImsiHasNoTime() {
        assertThat(lastApplied("001010000000001"), is(Optional.empty()));
    }

    @Test
    public void anImsiKeepsTheNewestTimeToTheNanosecond() {
        Instant precise = T0.plusNanos(789);
        subscriberApplied("001010000000001", precise);

        assertThat(lastApplied("001010000000001"), is(Optional.of(precise)));
    }

    @Test
    public void anOlderTimeDoesNotMoveAnImsiBack() {
        subscriberApplied("001010000000001", T0);
        subscriberApplied("001010000000001", T0.minusNanos(1));
        subscriberApplied("001010000000001", T0.minusSeconds(86_400));

        assertThat(lastApplied("001010000000001"), is(Optional.of(T0)));
    }

    @Test
    public void aNewerTimeMovesAnImsiForward() {
        subscriberApplied("001010000000001", T0);
        subscriberApplied("001010000000001", T0.plusNanos(1));

        assertThat(lastApplied("001010000000001"), is(Optional.of(T0.plusNanos(1))));
    }

    @Test
    public void timesBeforeTheEpochAndFarAheadAreKept() {
        Instant old = Instant.parse("0001-01-01T00:00:00.000000001Z");
        Instant late = Instant.parse("9999-12-31T23:59:59.999999999Z");
        subscriberApplied("001010000000001", old);
        subscriberApplied("001010000000002", late);

        assertThat(lastApplied("001010000000001"), is(Optional.of(old)));
        assertThat(lastApplied("001010000000002"), is(Optional.of(late)));
    }

    @Test
    public void imsisAreKeptApart() {
        subscriberApplied("001010000000001", T0);
        subscriberApplied("001010000000002", T0.plusSeconds(5));

        assertThat(lastApplied("001010000000001"), is(Optional.of(T0)));
        assertThat(lastApplied("001010000000002"), is(Optional.of(T0.plusSeconds(5))));
    }

    @Test
    public void operationsRecordedAtTheSameTimeAreAllKept() throws Exception {
        List<String> ops = IntStream.range(0, 32).mapToObj(i -> "op-" + i).toList();

        // units of one event on distinct IMSIs run at once; each records its operation when closed unfinished
        concurrently(ops.size(), i -> record("busy", "00101000000" + (1000 + i), null, false, ops.get(i)));

        assertThat(progress("busy"), is(new DeliveryLedger.Progress(false, Set.copyOf(ops))));
    }

    @Test
    public void timesRecordedAtTheSameTimeKeepTheNewest() throws Exception {
        concurrently(32, i -> subscriberApplied("001010000000009", T0.plusMillis((i * 7L) % 32)));

        assertThat(lastApplied("001010000000009"), is(Optional.of(T0.plusMillis(31))));
    }

    @Test
    public void aUnitHoldsItsImsiUntilClosedAndTheNextReadsWhatItRecorded() throws Exception {
        AtomicBoolean firstClosed = new AtomicBoolean();
        AtomicReference<Boolean> secondBeganAfterIt = new AtomicReference<>();
        AtomicReference<Optional<Instant>> secondSaw = new AtomicReference<>();
        DeliveryLedger other = otherPod();
        Thread second;
        try (DeliveryLedger.Unit first = ledger.begin("first", List.of(X), deadline())) {
            second = Thread.ofVirtual().start(() -> {
                try (DeliveryLedger.Unit unit = other.begin("second", List.of(X), deadline())) {
                    secondBeganAfterIt.set(firstClosed.get());
                    secondSaw.set(unit.lastApplied(X));
                }
            });
            awaitWaiting(second);
            first.applied("op", X, Optional.of(T0));
            firstClosed.set(true); // before the commit that lets the second in: it cannot begin before this
            first.complete();
        }
        second.join(20_000);

        assertThat(secondBeganAfterIt.get(), is(true));
        assertThat(secondSaw.get(), is(Optional.of(T0)));
    }

    @Test
    public void aUnitWaitingPastItsDeadlineIsSubscriberBusyAndHoldsNothing() throws Exception {
        DeliveryLedger other = otherPod();
        try (DeliveryLedger.Unit first = ledger.begin("first", List.of(X), deadline())) {
            AtomicReference<Throwable> refused = new AtomicReference<>();
            // another thread: the pod's own locks are reentrant for the thread holding them
            Thread second = Thread.ofVirtual().start(() -> refused.set(assertThrows(
                    ConnectorError.Unavailable.class, () -> other.begin("second", List.of("001010000000002", X),
                                                                       Deadline.in(Duration.ofMillis(300))))));
            second.join(20_000);

            assertThat(refused.get() instanceof ConnectorError.Unavailable busy
                               && busy.outcome().equals("subscriber_busy"), is(true));
            assertThat(first.progress(), is(DeliveryLedger.Progress.NONE));
        }
        // the IMSI the refused unit had taken before it waited is free again
        AtomicReference<Optional<Instant>> third = new AtomicReference<>();
        Thread.ofVirtual().start(() -> {
            try (DeliveryLedger.Unit after = other.begin("third", List.of("001010000000002"),
                                                         Deadline.in(Duration.ofSeconds(2)))) {
                third.set(after.lastApplied("001010000000002"));
            }
        }).join(20_000);
        assertThat(third.get(), is(Optional.empty()));
    }

    @Test
    public void aUnitClosedAfterAFailureRecordsTheOperationsAppliedBeforeIt() {
        try (DeliveryLedger.Unit unit = ledger.begin("replaced", List.of(X, "001010000000002"), deadline())) {
            unit.applied("op-x", X, Optional.of(T0));
            // the next operation failed: no complete()
        }

        assertThat(progress("replaced"), is(new DeliveryLedger.Progress(false, Set.of("op-x"))));
        assertThat(lastApplied(X), is(Optional.of(T0)));
        assertThat(lastApplied("001010000000002"), is(Optional.empty()));
    }

    @Test
    public void aUnitClosedWithNothingAppliedRecordsNothing() {
        try (DeliveryLedger.Unit unit = ledger.begin("refused", List.of(X), deadline())) {
            assertThat(unit.progress(), is(DeliveryLedger.Progress.NONE));
        }

        assertThat(progress("refused"), is(DeliveryLedger.Progress.NONE));
        assertThat(lastApplied(X), is(Optional.empty()));
    }

    @Test
    public void aCompleteUnitRecordsTheTimesOfItsImsis() {
        try (DeliveryLedger.Unit unit = ledger.begin("replaced", List.of(X, "001010000000002"), deadline())) {
            unit.applied("op-x", X, Optional.of(T0));
            unit.applied("op-y", "001010000000002", Optional.of(T0));
            unit.complete();
        }

        assertThat(progress("replaced"), is(DeliveryLedger.Progress.COMPLETE));
        assertThat(lastApplied(X), is(Optional.of(T0)));
        assertThat(lastApplied("001010000000002"), is(Optional.of(T0)));
    }

    /** Runs the action for 0..n-1 on n threads released together, and waits for all of them. */
    private static void concurrently(int n, IntConsumer action) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Void>> done = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                Callable<Void> task = () -> {
                    start.await();
                    action.accept(index);
                    return null;
                };
                done.add(pool.submit(task));
            }
            start.countDown();
            for (Future<Void> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
