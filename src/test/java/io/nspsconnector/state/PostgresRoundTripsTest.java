package io.nspsconnector.state;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.nspsconnector.delivery.DeliveryGuard;
import io.nspsconnector.errors.ConnectorError;
import io.nspsconnector.event.Deadline;
import io.nspsconnector.logging.Masking;
import io.nspsconnector.nsps.NspsEvent;
import io.nspsconnector.nsps.Outcome;
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
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Round trips to PostgreSQL per event, as the guard drives the ledger: the figures PostgresLedger's Javadoc and
 * docs/delivery.md give. Each event's own count is the difference of the ledger's counter around it.
 */
class PostgresRoundTripsTest {

    private static PostgresStore store;
    private static DeliveryGuard guard;

    @BeforeAll
    static void openStore() {
        store = PostgresStore.open(PostgresLedgerContractTest.settings(TestDatabase.create("round_trips")));
        guard = new DeliveryGuard(store.ledger(), Masking.of(true));
    }

    @AfterAll
    static void closeStore() {
        store.close();
    }

    @Test
    void aNewEventOfOneOperationTakesFour() {
        assertThat(roundTrips(() -> apply("new-1", "2025-03-12T16:00:00Z", update("001010000060001", "a"))), is(4L));
    }

    @Test
    void aNewEventOfTwoOperationsTakesFourToo() {
        assertThat(roundTrips(() -> apply("new-2", "2025-03-12T16:00:00Z", update("001010000060002", "a"),
                                          update("001010000060003", "b"))), is(4L));
    }

    @Test
    void aDuplicateTakesOne() {
        apply("dup", "2025-03-12T16:00:00Z", update("001010000060004", "a"));

        assertThat(roundTrips(() -> assertThat(apply("dup", "2025-03-12T16:00:00Z", update("001010000060004", "a")),
                                               instanceOf(Outcome.Duplicate.class))), is(1L));
    }

    @Test
    void aStaleEventTakesFour() {
        apply("newer", "2025-03-12T16:00:05Z", update("001010000060005", "a"));

        assertThat(roundTrips(() -> assertThat(apply("older", "2025-03-12T16:00:01Z", update("001010000060005", "b")),
                                               instanceOf(Outcome.Stale.class))), is(4L));
    }

    @Test
    void aFailureAfterOneOperationTakesFourAndTheRetryOfThePartlyAppliedEventFour() {
        Plan.Apply replaced = new Plan.Apply(List.of(update("001010000060006", "old"), update("001010000060007", "new")));
        NspsEvent event = event("partly", "2025-03-12T16:00:00Z");

        long failed = roundTrips(() -> assertThrows(ConnectorError.WtlUnavailable.class, () -> guard.apply(
                event, replaced, deadline(), r -> {
                    if (r.imsi().equals("001010000060007")) {
                        throw new ConnectorError.WtlUnavailable("Connection timeout");
                    }
                    return ok(r);
                })));
        long retried = roundTrips(() -> assertThat(guard.apply(event, replaced, deadline(), PostgresRoundTripsTest::ok),
                                                   instanceOf(Outcome.Processed.class)));

        assertThat(failed, is(4L));
        assertThat(retried, is(4L));
    }

    @Test
    void anEventWhoseFirstOperationFailsTakesThree() {
        long failed = roundTrips(() -> assertThrows(ConnectorError.WtlServerError.class, () -> guard.apply(
                event("refused", "2025-03-12T16:00:00Z"), new Plan.Apply(List.of(update("001010000060008", "a"))),
                deadline(), r -> {
                    throw new ConnectorError.WtlServerError("HTTP 503");
                })));

        assertThat(failed, is(3L));
        assertThat(store.ledger().progress("refused").appliedOps().isEmpty(), is(true));
    }

    /** The round trips the action made (the tests of this class run one at a time, the counter is the store's). */
    private static synchronized long roundTrips(Runnable action) {
        long before = store.ledger().roundTrips();
        action.run();
        return store.ledger().roundTrips() - before;
    }

    private static Outcome apply(String id, String createdAt, WtlRequest... requests) {
        return guard.apply(event(id, createdAt), new Plan.Apply(List.of(requests)), deadline(),
                           PostgresRoundTripsTest::ok);
    }

    private static WtlResult ok(WtlRequest request) {
        return new WtlResult(200, 1, false);
    }

    private static NspsEvent event(String id, String createdAt) {
        return new NspsEvent(id, "SIM/Updated", Optional.of(createdAt), Optional.empty(), Optional.empty(),
                             Optional.empty(), List.of());
    }

    private static WtlRequest update(String imsi, String profile) {
        return new WtlRequest(imsi, SubscriberStatus.SERVICE_GRANTED, List.of(), profile, profile, WtlAction.UPDATE);
    }

    private static Deadline deadline() {
        return Deadline.in(Duration.ofSeconds(10));
    }
}
