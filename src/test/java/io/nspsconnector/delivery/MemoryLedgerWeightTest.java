package io.nspsconnector.delivery;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

/** The record of applied events is bounded by what its entries hold, not only by their count. */
class MemoryLedgerWeightTest {

    @Test
    void entriesWithLongIdsCountAsSeveral() {
        MemoryLedger ledger = new MemoryLedger(10, Duration.ofHours(1), 10, Duration.ofHours(1));
        for (int i = 0; i < 10; i++) {
            ledger.eventApplied(i + "x".repeat(2560)); // ten units each
        }
        assertThat(ledger.eventCount(), lessThanOrEqualTo(1L));
    }

    @Test
    void shortIdsCountAsOneEach() {
        MemoryLedger ledger = new MemoryLedger(10, Duration.ofHours(1), 10, Duration.ofHours(1));
        for (int i = 0; i < 10; i++) {
            ledger.eventApplied("3e84c79f-ab6f-4546-8e27-0b6ab866f1f" + i);
        }
        assertThat(ledger.eventCount(), is(10L));
    }
}
