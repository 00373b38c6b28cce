package io.nspsconnector.state;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

import javax.sql.DataSource;

import io.nspsconnector.testing.Await;
import io.nspsconnector.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;

/**
 * The removal of rows past the retention, on a real PostgreSQL: what goes and what stays, batches, one pod at a time,
 * and a database failure that the schedule outlives.
 */
class RetentionCleanupTest {

    private static final Duration RETENTION = StateSettings.DEFAULT_RETENTION;
    private static final StateSettings.Cleanup BATCHES_OF_3 = new StateSettings.Cleanup(Duration.ofMinutes(10), 3,
                                                                                       Duration.ofMillis(1));

    private static String url;
    private static PostgresStore store;

    private final Map<String, AtomicLong> removed = new ConcurrentHashMap<>();
    private final AtomicInteger batches = new AtomicInteger();

    @BeforeAll
    static void openStore() {
        url = TestDatabase.create("cleanup");
        store = PostgresStore.open(PostgresLedgerContractTest.settings(url));
    }

    @AfterAll
    static void closeStore() {
        store.close();
    }

    @BeforeEach
    void emptyTables() throws SQLException {
        sql("TRUNCATE delivery_event, delivery_subscriber, nac_notification, nac_device_status");
    }

    @Test
    void rowsPastTheRetentionGoFromEveryTableAndFreshRowsStay() throws SQLException {
        rows(2, 36, 4);

        OptionalLong pass = cleanup(BATCHES_OF_3).pass();

        assertThat(pass, is(OptionalLong.of(8)));
        for (String table : new String[] {"delivery_event", "delivery_subscriber", "nac_notification",
            "nac_device_status"}) {
            assertThat(table + " old rows", count(table, "old-"), is(0L));
            assertThat(table + " fresh rows", count(table, "new-"), is(4L));
            assertThat(table + " metric", removed.get(table).get(), is(2L));
        }
        // a row written 34 days ago is within the 35 days
        sql("UPDATE delivery_event SET updated_at = now() - interval '34 days' WHERE event_id = 'new-0'");
        assertThat(cleanup(BATCHES_OF_3).pass(), is(OptionalLong.of(0)));
        assertThat(count("delivery_event", "new-"), is(4L));
    }

    @Test
    void aPassRemovesABacklogLargerThanOneBatch() throws SQLException {
        rows(10, 40, 1);

        OptionalLong pass = cleanup(BATCHES_OF_3).pass();

        assertThat(pass, is(OptionalLong.of(40)));
        assertThat(removed.get("delivery_event").get(), is(10L));
        // 10 rows in batches of 3 are four statements that removed something, per table
        assertThat(batches.get(), is(16));
        assertThat(count("delivery_event", ""), is(1L));
    }

    @Test
    void whileOnePodRunsAPassAnotherSkipsIt() throws Exception {
        rows(4, 36, 0);
        CountDownLatch inPass = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        RetentionCleanup first = new RetentionCleanup(store.dataSource(), RETENTION, BATCHES_OF_3, (table, n) -> {
            inPass.countDown();
            await(release);
        });
        RetentionCleanup second = cleanup(BATCHES_OF_3);

        CompletableFuture<OptionalLong> running = CompletableFuture.supplyAsync(() -> {
            try {
                return first.pass();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(inPass.await(20, TimeUnit.SECONDS), is(true));
        OptionalLong skipped = second.pass();
        release.countDown();

        assertThat(skipped, is(OptionalLong.empty()));
        assertThat(running.get(20, TimeUnit.SECONDS), is(OptionalLong.of(16)));
        assertThat(removed.isEmpty(), is(true));
        // the lock went with the pass: the next one runs
        assertThat(second.pass(), is(OptionalLong.of(0)));
    }

    @Test
    void aDatabaseThatFailsDoesNotEndTheSchedule() throws Exception {
        rows(5, 36, 1);
        PGSimpleDataSource down = new PGSimpleDataSource();
        down.setURL("jdbc:postgresql://127.0.0.1:" + closedPort() + "/none");
        down.setConnectTimeout(1);
        PGSimpleDataSource up = new PGSimpleDataSource();
        up.setURL(url);
        SwitchedSource source = new SwitchedSource(down);
        StateSettings.Cleanup often = new StateSettings.Cleanup(Duration.ofMillis(100), 2, Duration.ofMillis(1));

        try (RetentionCleanup cleanup = new RetentionCleanup(source, RETENTION, often, this::removed).start()) {
            Await.until("two passes that failed", () -> source.attempts.get() >= 2);
            assertThat(count("delivery_event", "old-"), is(5L));
            source.target.set(up);

            Await.until("the old rows removed once the database is back",
                        () -> removed.containsKey("nac_device_status")
                                && removed.get("nac_device_status").get() == 5);
        }
        assertThat(count("delivery_event", "old-"), is(0L));
        assertThat(count("delivery_event", "new-"), is(1L));
        assertThat(source.attempts.get(), greaterThanOrEqualTo(3));
    }

    private RetentionCleanup cleanup(StateSettings.Cleanup settings) {
        return new RetentionCleanup(store.dataSource(), RETENTION, settings, this::removed);
    }

    private void removed(String table, long rows) {
        batches.incrementAndGet();
        removed.computeIfAbsent(table, t -> new AtomicLong()).addAndGet(rows);
    }

    /** In each table: {@code old} rows last written {@code oldDays} ago, {@code fresh} rows written now. */
    private static void rows(int old, int oldDays, int fresh) throws SQLException {
        for (int i = 0; i < old + fresh; i++) {
            String key = (i < old ? "old-" : "new-") + (i < old ? i : i - old);
            String at = i < old ? "now() - interval '" + oldDays + " days'" : "now()";
            sql("INSERT INTO delivery_event (event_id, updated_at) VALUES ('" + key + "', " + at + ")");
            sql("INSERT INTO delivery_subscriber (imsi, created_epoch_second, created_nano, updated_at) VALUES ('"
                        + key + "', 1, 0, " + at + ")");
            sql("INSERT INTO nac_notification (source, id, received_at) VALUES ('s', '" + key + "', " + at + ")");
            sql("INSERT INTO nac_device_status (device_key, status, updated_at) VALUES ('" + key + "', '{}', " + at
                        + ")");
        }
    }

    private static long count(String table, String prefix) throws SQLException {
        String column = switch (table) {
            case "delivery_event" -> "event_id";
            case "delivery_subscriber" -> "imsi";
            case "nac_notification" -> "id";
            default -> "device_key";
        };
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM " + table + " WHERE " + column + " LIKE '" + prefix
                                                  + "%'")) {
            r.next();
            return r.getLong(1);
        }
    }

    private static void sql(String statement) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** A real database behind a switch: the one a pass connects to can change between passes. */
    private static final class SwitchedSource implements DataSource {
        final AtomicReference<DataSource> target;
        final AtomicInteger attempts = new AtomicInteger();

        SwitchedSource(DataSource first) {
            this.target = new AtomicReference<>(first);
        }

        @Override
        public Connection getConnection() throws SQLException {
            attempts.incrementAndGet();
            return target.get().getConnection();
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
            // none
        }

        @Override
        public void setLoginTimeout(int seconds) {
            // the targets' own
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }
}
