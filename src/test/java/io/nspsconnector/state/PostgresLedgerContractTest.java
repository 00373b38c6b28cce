package io.nspsconnector.state;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.nspsconnector.delivery.DeliveryLedger;
import io.nspsconnector.delivery.DeliveryLedgerContract;
import io.nspsconnector.errors.ConnectorError;
import io.nspsconnector.event.Deadline;
import io.nspsconnector.testing.Await;
import io.nspsconnector.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The ledger contract for the PostgreSQL store, on a real PostgreSQL (a database of this class's own), with two
 * stores on it — two pools, two sets of pod locks — standing for two pods. Each test starts from empty tables.
 */
class PostgresLedgerContractTest extends DeliveryLedgerContract {

    /** This database's advisory locks (other classes run theirs on the same server at the same time). */
    private static final String ADVISORY = "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND database = "
            + "(SELECT oid FROM pg_database WHERE datname = current_database()) AND ";

    private static String url;
    private static PostgresStore store;
    private static PostgresStore secondPod;

    @BeforeAll
    static void openStore() {
        url = TestDatabase.create("ledger_contract");
        store = PostgresStore.open(settings(url));
        secondPod = PostgresStore.open(settings(url));
    }

    @AfterAll
    static void closeStore() {
        store.close();
        secondPod.close();
    }

    static StateSettings.Postgres settings(String url) {
        return new StateSettings.Postgres(url, "postgres", Optional.empty(), Optional.empty(), 8,
                                          Duration.ofSeconds(5), Duration.ofSeconds(5),
                                          StateSettings.DEFAULT_RETENTION, true);
    }

    @Override
    protected DeliveryLedger emptyLedger() {
        sql("TRUNCATE delivery_event, delivery_subscriber");
        return store.ledger();
    }

    @Override
    protected DeliveryLedger otherPod() {
        return secondPod.ledger();
    }

    @Override
    protected void awaitWaiting(Thread waiter) {
        Await.until("a second transaction waits for the advisory lock", Duration.ofSeconds(10),
                    () -> count(ADVISORY + "NOT granted") > 0);
    }

    @Test
    void aConnectionKilledMidUnitReleasesTheLockAndRecordsNothing() {
        String imsi = "001010000000077";
        try (DeliveryLedger.Unit unit = store.ledger().begin("killed", List.of(imsi), Deadline.in(Duration.ofSeconds(20)))) {
            unit.applied("op", imsi, Optional.of(Instant.parse("2025-03-12T16:00:00Z")));
            assertThat(count(ADVISORY.replace("count(*)", "count(pg_terminate_backend(pid))") + "granted"), is(1L));

            // the other pod gets the subscriber at once, and sees nothing of the killed unit
            try (DeliveryLedger.Unit next = secondPod.ledger().begin("next", List.of(imsi),
                                                                     Deadline.in(Duration.ofSeconds(2)))) {
                assertThat(next.lastApplied(imsi), is(Optional.empty()));
            }
            ConnectorError e = assertThrows(ConnectorError.class, unit::complete);
            assertThat(e.outcome(), is(PostgresLedger.OUTCOME));
        }

        assertThat(store.ledger().progress("killed"), is(DeliveryLedger.Progress.NONE));
        assertThat(count("SELECT count(*) FROM delivery_subscriber"), is(0L));
    }

    @Test
    void aUnitLeftIdleBeyondItsDeadlineLosesItsLockToTheServerAsACutOffPodWould() {
        String imsi = "001010000000078";
        long start = System.nanoTime();
        // the holder goes silent after its first batch, as a pod cut off from the database does
        try (DeliveryLedger.Unit silent = store.ledger().begin("silent", List.of(imsi), Deadline.in(Duration.ofMillis(500)))) {
            silent.applied("op", imsi, Optional.empty());
            try (DeliveryLedger.Unit next = secondPod.ledger().begin("after", List.of(imsi),
                                                                     Deadline.in(Duration.ofSeconds(20)))) {
                long waited = System.nanoTime() - start;
                // the server ended the silent session after its deadline plus the margin, not before
                assertThat(waited >= PostgresLedger.IDLE_MARGIN.toNanos(), is(true));
                assertThat(waited < PostgresLedger.IDLE_MARGIN.plusSeconds(8).toNanos(), is(true));
                assertThat(next.progress(), is(DeliveryLedger.Progress.NONE));
            }
            assertThat(assertThrows(ConnectorError.class, silent::complete).outcome(), is(PostgresLedger.OUTCOME));
        }
        assertThat(store.ledger().progress("silent"), is(DeliveryLedger.Progress.NONE));
    }

    private static long count(String query) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet r = s.executeQuery(query)) {
            r.next();
            return r.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sql(String statement) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
