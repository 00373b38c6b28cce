package io.nspsconnector.delivery;

import java.time.Duration;

import io.nspsconnector.testing.Await;

/** The ledger contract for the in-memory store. */
class MemoryLedgerContractTest extends DeliveryLedgerContract {

    @Override
    protected DeliveryLedger emptyLedger() {
        return new MemoryLedger(10_000, Duration.ofHours(1), 10_000, Duration.ofHours(1));
    }

    @Override
    protected DeliveryLedger otherPod() {
        return ledger;
    }

    @Override
    protected void awaitWaiting(Thread waiter) {
        Await.until("the second unit parks on the subscriber lock", Duration.ofSeconds(10),
                    () -> waiter.getState() == Thread.State.WAITING || waiter.getState() == Thread.State.TIMED_WAITING);
    }
}
