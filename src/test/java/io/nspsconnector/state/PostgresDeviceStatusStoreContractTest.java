package io.nspsconnector.state;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import io.nspsconnector.nac.DeviceStatus;
import io.nspsconnector.nac.DeviceStatusStore;
import io.nspsconnector.nac.DeviceStatusStoreContract;
import io.nspsconnector.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * The device status store contract for the PostgreSQL store, on a real PostgreSQL (a database of this class's
 * own). Each test starts from empty tables. Beyond the contract: two pools on the database (two replicas) applying
 * notifications of one device at the same time lose none of them.
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

    @Test
    void notificationsOfOneDeviceAppliedAtOnceThroughTwoPoolsAreAllKept() throws Exception {
        DeviceStatusStore first = emptyStore(Duration.ofHours(1));
        int count = 12;
        try (PostgresStore other = PostgresStore.open(PostgresLedgerContractTest.settings(url));
             ExecutorService pool = Executors.newFixedThreadPool(count)) {
            DeviceStatusStore second = other.deviceStatus(Duration.ofHours(1));
            CountDownLatch start = new CountDownLatch(1);
            List<Future<DeviceStatusStore.Outcome>> results = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                DeviceStatusStore store = i % 2 == 0 ? first : second;
                // alternately connectivity and roaming, each with its own subscription, all at the same event time
                String body = body("c" + i, i % 2 == 0 ? "connectivity-data" : "roaming-on", "10:00",
                                   "\"phoneNumber\":\"+3655555555\"", "sub-" + i);
                results.add(pool.submit(() -> {
                    start.await();
                    return store.apply(parse(body), NOW).outcome();
                }));
            }
            start.countDown();
            for (Future<DeviceStatusStore.Outcome> result : results) {
                assertThat(result.get(), is(DeviceStatusStore.Outcome.APPLIED));
            }
        }

        DeviceStatus status = first.get("+3655555555").orElseThrow();
        assertThat("every subscription kept", status.subscriptions().stream().map(DeviceStatus.Subscription::id).sorted()
                .toList(), is(IntStream.range(0, count).mapToObj(i -> "sub-" + i).sorted().toList()));
        assertThat(status.connectivity() != null && status.roaming() != null, is(true));
        assertThat(first.size(), is(1));
    }
}
