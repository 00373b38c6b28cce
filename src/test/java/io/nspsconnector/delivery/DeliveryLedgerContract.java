package io.nspsconnector.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * What {@link DeliveryGuard} relies on from any {@link DeliveryLedger}, one test per behaviour. Each store has a
 * subclass that supplies a fresh, empty ledger; the same assertions hold for all of them.
 */
public abstract class DeliveryLedgerContract {

    private static final Instant T0 = Instant.parse("2025-03-12T16:00:00.443939Z");

    /** The ledger under test, empty. */
    protected DeliveryLedger ledger;

    /**
     * @return a new, empty ledger of the store under test
     */
    protected abstract DeliveryLedger emptyLedger();

    @BeforeEach
    void freshLedger() {
        ledger = emptyLedger();
    }

    @Test
    public void anUnknownEventHasNoProgress() {
        assertThat(ledger.progress("never-seen"), is(DeliveryLedger.Progress.NONE));
    }

    @Test
    public void appliedOperationsAreRememberedWithoutCompletingTheEvent() {
        ledger.operationApplied("e1", "{\"op\":1}");
        ledger.operationApplied("e1", "{\"op\":2}");

        assertThat(ledger.progress("e1"), is(new DeliveryLedger.Progress(false, Set.of("{\"op\":1}", "{\"op\":2}"))));
    }

    @Test
    public void anOperationRecordedTwiceIsHeldOnce() {
        ledger.operationApplied("e1", "op");
        ledger.operationApplied("e1", "op");

        assertThat(ledger.progress("e1").appliedOps(), is(Set.of("op")));
    }

    @Test
    public void anAppliedEventIsComplete() {
        ledger.operationApplied("e1", "op");
        ledger.eventApplied("e1");

        assertThat(ledger.progress("e1"), is(DeliveryLedger.Progress.COMPLETE));
    }

    @Test
    public void anEventWithNothingSentCanBeComplete() {
        ledger.eventApplied("stale-only");

        assertThat(ledger.progress("stale-only").complete(), is(true));
    }

    @Test
    public void aCompleteEventStaysCompleteWhenAnOperationIsRecordedLate() {
        ledger.eventApplied("e1");
        ledger.operationApplied("e1", "late");

        assertThat(ledger.progress("e1"), is(DeliveryLedger.Progress.COMPLETE));
    }

    @Test
    public void eventsAreKeptApart() {
        ledger.operationApplied("e1", "a");
        ledger.eventApplied("e2");

        assertThat(ledger.progress("e1"), is(new DeliveryLedger.Progress(false, Set.of("a"))));
        assertThat(ledger.progress("e2"), is(DeliveryLedger.Progress.COMPLETE));
        assertThat(ledger.progress("e3"), is(DeliveryLedger.Progress.NONE));
    }

    @Test
    public void longIdsAndKeysWithAnyCharactersComeBackUnchanged() {
        String id = "ev-" + "ü€😀'\"\\,{}".repeat(40);
        String key = "{\"imsi\":\"001010000000001\",\"note\":\"" + "x',\\\"{}".repeat(300) + "\"}";

        ledger.operationApplied(id, key);

        assertThat(ledger.progress(id), is(new DeliveryLedger.Progress(false, Set.of(key))));
    }

    @Test
    public void anUnknownImsiHasNoTime() {
        assertThat(ledger.lastApplied("001010000000001"), is(Optional.empty()));
    }

    @Test
    public void anImsiKeepsTheNewestTimeToTheNanosecond() {
        Instant precise = T0.plusNanos(789);
        ledger.subscriberApplied("001010000000001", precise);

        assertThat(ledger.lastApplied("001010000000001"), is(Optional.of(precise)));
    }

    @Test
    public void anOlderTimeDoesNotMoveAnImsiBack() {
        ledger.subscriberApplied("001010000000001", T0);
        ledger.subscriberApplied("001010000000001", T0.minusNanos(1));
        ledger.subscriberApplied("001010000000001", T0.minusSeconds(86_400));

        assertThat(ledger.lastApplied("001010000000001"), is(Optional.of(T0)));
    }

    @Test
    public void aNewerTimeMovesAnImsiForward() {
        ledger.subscriberApplied("001010000000001", T0);
        ledger.subscriberApplied("001010000000001", T0.plusNanos(1));

        assertThat(ledger.lastApplied("001010000000001"), is(Optional.of(T0.plusNanos(1))));
    }

    @Test
    public void timesBeforeTheEpochAndFarAheadAreKept() {
        Instant old = Instant.parse("0001-01-01T00:00:00.000000001Z");
        Instant late = Instant.parse("9999-12-31T23:59:59.999999999Z");
        ledger.subscriberApplied("001010000000001", old);
        ledger.subscriberApplied("001010000000002", late);

        assertThat(ledger.lastApplied("001010000000001"), is(Optional.of(old)));
        assertThat(ledger.lastApplied("001010000000002"), is(Optional.of(late)));
    }

    @Test
    public void imsisAreKeptApart() {
        ledger.subscriberApplied("001010000000001", T0);
        ledger.subscriberApplied("001010000000002", T0.plusSeconds(5));

        assertThat(ledger.lastApplied("001010000000001"), is(Optional.of(T0)));
        assertThat(ledger.lastApplied("001010000000002"), is(Optional.of(T0.plusSeconds(5))));
    }

    @Test
    public void operationsRecordedAtTheSameTimeAreAllKept() throws Exception {
        List<String> ops = IntStream.range(0, 32).mapToObj(i -> "op-" + i).toList();

        concurrently(ops.size(), i -> ledger.operationApplied("busy", ops.get(i)));

        assertThat(ledger.progress("busy"), is(new DeliveryLedger.Progress(false, Set.copyOf(ops))));
    }

    @Test
    public void timesRecordedAtTheSameTimeKeepTheNewest() throws Exception {
        concurrently(32, i -> ledger.subscriberApplied("001010000000009", T0.plusMillis((i * 7L) % 32)));

        assertThat(ledger.lastApplied("001010000000009"), is(Optional.of(T0.plusMillis(31))));
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
