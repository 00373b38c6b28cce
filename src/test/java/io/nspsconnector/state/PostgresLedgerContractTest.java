package io.nspsconnector.state;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;

import io.nspsconnector.delivery.DeliveryLedger;
import io.nspsconnector.delivery.DeliveryLedgerContract;
import io.nspsconnector.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The ledger contract for the PostgreSQL store, on a real PostgreSQL (a database of this class's own). Each test
 * starts from empty tables.
 */
class PostgresLedgerContractTest extends DeliveryLedgerContract {

    private static String url;
    private static PostgresStore store;

    @BeforeAll
    static void openStore() {
        url = TestDatabase.create("ledger_contract");
        store = PostgresStore.open(settings(url));
    }

    @AfterAll
    static void closeStore() {
        store.close();
    }

    static StateSettings.Postgres settings(String url) {
        return new StateSettings.Postgres(url, "postgres", Optional.empty(), Optional.empty(), 8,
                                          Duration.ofSeconds(5), Duration.ofSeconds(5),
                                          StateSettings.DEFAULT_RETENTION, true);
    }

    @Override
    protected DeliveryLedger emptyLedger() {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("TRUNCATE delivery_event, delivery_subscriber");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return store.ledger();
    }
}
