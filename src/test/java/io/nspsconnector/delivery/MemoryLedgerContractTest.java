package io.nspsconnector.delivery;

import java.time.Duration;

/** The ledger contract for the in-memory store. */
class MemoryLedgerContractTest extends DeliveryLedgerContract {

    @Override
    protected DeliveryLedger emptyLedger() {
        return new MemoryLedger(10_000, Duration.ofHours(1), 10_000, Duration.ofHours(1));
    }
}
