package io.nspsconnector.state;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import io.nspsconnector.nac.DeviceStatusStore;
import io.nspsconnector.nac.DeviceStatusStoreContract;
import io.nspsconnector.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The device status store contract for the PostgreSQL store, on a real PostgreSQL (a database of this class's
 * own). Each test starts from empty tables.
 */
class PostgresDeviceStatusStoreContractTest extends DeviceStatusStoreContract {

    private static String url;
    private static PostgresStore store;

    @BeforeAll
    static void openStore() {
        url = TestDatabase.create("nac_contract");
        store = PostgresStore.open(PostgresLedgerContractTest.settings(url));
    }

    @AfterAll
    static void closeStore() {
        store.close();
    }

    @Override
    protected DeviceStatusStore emptyStore(Duration dedupeWindow) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("TRUNCATE nac_notification, nac_device_status");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return store.deviceStatus(dedupeWindow);
    }
}
