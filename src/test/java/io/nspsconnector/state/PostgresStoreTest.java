package io.nspsconnector.state;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import io.nspsconnector.delivery.DeliveryLedger;
import io.nspsconnector.errors.ConnectorError;
import io.nspsconnector.errors.ErrorKind;
import io.nspsconnector.errors.ErrorType;
import io.nspsconnector.event.Deadline;
import io.nspsconnector.testing.Await;
import io.nspsconnector.testing.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The PostgreSQL store beyond the shared contract: its schema, what a restart keeps, retention, and how a database
 * that is down or too slow surfaces (503 CONNECTION_ERROR, never a silent pass).
 */
class PostgresStoreTest {

    private static String url;
    private static PostgresStore store;

    @BeforeAll
    static void openStore() {
        url = TestDatabase.create("store");
        store = PostgresStore.open(settings(url, Duration.ofSeconds(5), Duration.ofSeconds(5)));
    }

    @AfterAll
    static void closeStore() {
        store.close();
    }

    private static StateSettings.Postgres settings(String url, Duration connect, Duration statement) {
        return new StateSettings.Postgres(url, "postgres", Optional.empty(), Optional.empty(), 4, connect, statement,
                                          StateSettings.DEFAULT_RETENTION, true);
    }

    @Test
    void theMigrationsCreateTheTablesAndASecondRunAppliesNothing() throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT table_name FROM information_schema.tables "
                                                  + "WHERE table_schema = 'public'")) {
            while (r.next()) {
                tables.add(r.getString(1));
            }
        }

        assertThat(tables, hasItems("delivery_event", "delivery_subscriber", "nac_notification",
                                    "nac_device_status", "flyway_schema_history"));
        assertThat(store.migrate(), is(0));
    }

    @Test
    void aMigrationAtStartIsNotHeldToTheStatementTimeoutOfEvents() throws Exception {
        String db = TestDatabase.create("slow_migration");
        Flyway.configure().dataSource(db, null, null).locations(PostgresStore.MIGRATIONS).target("1").load().migrate();
        // V2 alters nac_device_status: a session holding that table keeps the migration waiting
        try (Connection holder = DriverManager.getConnection(db)) {
            holder.setAutoCommit(false);
            try (Statement s = holder.createStatement()) {
                s.execute("LOCK TABLE nac_device_status IN ACCESS EXCLUSIVE MODE");
            }
            Thread release = Thread.ofVirtual().start(() -> {
                try {
                    Await.until("the migration waiting longer than an event's statement timeout (1 s)",
                                Duration.ofSeconds(30), () -> lockWaitsOverASecondAndAHalf(db));
                } finally {
                    try {
                        holder.commit();
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            try (PostgresStore slow = PostgresStore.open(settings(db, Duration.ofSeconds(5), Duration.ofSeconds(1)))) {
                assertThat(slow.schemaVersion(), is(Optional.of(latestMigration())));
            } finally {
                release.join(Duration.ofSeconds(40));
            }
        }
    }

    private static boolean lockWaitsOverASecondAndAHalf(String db) {
        try (Connection c = DriverManager.getConnection(db); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                                                  + "AND datname = current_database() "
                                                  + "AND now() - query_start > interval '1500 milliseconds'")) {
            r.next();
            return r.getInt(1) > 0;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The version of the newest migration in the jar, from its file name. */
    private static String latestMigration() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .map(n -> n.substring(1, n.indexOf("__"))).max(Comparator.comparingInt(Integer::parseInt))
                    .orElseThrow();
        }
    }

    @Test
    void aNewStoreOnTheSameDatabaseKnowsWhatTheFirstRecorded() {
        Instant created = Instant.parse("2025-03-12T16:00:00.123456789Z");
        record(store, "restart-partial", "001010000040009", null, false, "op-1");
        record(store, "restart-done", "001010000040009", null, true);
        record(store, "restart-time", "001010000040001", created, true, "op");

        try (PostgresStore again = PostgresStore.open(settings(url, Duration.ofSeconds(5), Duration.ofSeconds(5)))) {
            assertThat(again.ledger().progress("restart-partial"),
                       is(new DeliveryLedger.Progress(false, Set.of("op-1"))));
            assertThat(again.ledger().progress("restart-done"), is(DeliveryLedger.Progress.COMPLETE));
            assertThat(lastApplied(again, "001010000040001"), is(Optional.of(created)));
        }
    }

    @Test
    void rowsOlderThanTheRetentionCountAsAbsent() throws SQLException {
        record(store, "old-event", "001010000040008", null, false, "op-old");
        record(store, "old-complete", "001010000040008", null, true);
        record(store, "old-time", "001010000040002", Instant.parse("2025-03-12T16:00:05Z"), true, "op");
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("UPDATE delivery_event SET updated_at = now() - interval '36 days' "
                              + "WHERE event_id IN ('old-event', 'old-complete')");
            s.execute("UPDATE delivery_subscriber SET updated_at = now() - interval '36 days' "
                              + "WHERE imsi = '001010000040002'");
        }

        assertThat(store.ledger().progress("old-event"), is(DeliveryLedger.Progress.NONE));
        assertThat(store.ledger().progress("old-complete"), is(DeliveryLedger.Progress.NONE));
        assertThat(lastApplied(store, "001010000040002"), is(Optional.empty()));

        // a write over an expired row starts afresh, as over no row
        record(store, "old-event", "001010000040008", null, false, "op-new");
        record(store, "old-complete", "001010000040008", null, false, "op-new");
        record(store, "new-time", "001010000040002", Instant.parse("2025-03-12T16:00:01Z"), true, "op");
        assertThat(store.ledger().progress("old-event"), is(new DeliveryLedger.Progress(false, Set.of("op-new"))));
        assertThat(store.ledger().progress("old-complete"), is(new DeliveryLedger.Progress(false, Set.of("op-new"))));
        assertThat(lastApplied(store, "001010000040002"), is(Optional.of(Instant.parse("2025-03-12T16:00:01Z"))));
    }

    @Test
    void aStatementStuckPastTheTimeoutIsAnUnavailableStoreNotASilentPass() throws SQLException {
        record(store, "locked", "001010000040007", null, false, "op-1");
        try (PostgresStore impatient = PostgresStore.open(settings(url, Duration.ofSeconds(5),
                                                                   Duration.ofMillis(300)));
             Connection holder = DriverManager.getConnection(url); Statement s = holder.createStatement()) {
            holder.setAutoCommit(false);
            s.executeQuery("SELECT * FROM delivery_event WHERE event_id = 'locked' FOR UPDATE").close();

            try (DeliveryLedger.Unit unit = impatient.ledger().begin("locked", List.of("001010000040007"), deadline())) {
                unit.applied("op-2", "001010000040007", Optional.empty());
                long start = System.nanoTime();
                assertUnavailable(assertThrows(ConnectorError.class, unit::complete));
                assertThat(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(3)) < 0, is(true));
            }
            holder.rollback();
        }
        assertThat(store.ledger().progress("locked").appliedOps(), not(hasItems("op-2")));
    }

    @Test
    void aDatabaseThatRefusesConnectionsIsAnUnavailableStore() throws Exception {
        StateSettings.Postgres down = closedPort(false);
        try (PostgresStore unreachable = PostgresStore.open(down)) {
            assertUnavailable(assertThrows(ConnectorError.class, () -> unreachable.ledger().progress("any")));
            assertUnavailable(assertThrows(ConnectorError.class, () -> unreachable.ledger().begin(
                    "any", List.of("001010000040003"), Deadline.in(Duration.ofSeconds(1)))));
        }
    }

    @Test
    void aDatabaseThatNeverAnswersIsAnUnavailableStoreWithinTheConnectTimeout() throws Exception {
        // a socket that accepts the TCP connection (backlog) but never speaks PostgreSQL
        try (ServerSocket silent = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            StateSettings.Postgres mute = at(silent.getLocalPort(), false);
            try (PostgresStore unanswered = PostgresStore.open(mute)) {
                long start = System.nanoTime();
                assertUnavailable(assertThrows(ConnectorError.class, () -> unanswered.ledger().progress("any")));
                assertThat(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(10)) < 0, is(true));
            }
        }
    }

    @Test
    void migratingAnUnreachableDatabaseFailsTheStart() throws Exception {
        StateSettings.Postgres down = closedPort(true);

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> PostgresStore.open(down));

        assertThat(e.getMessage(), containsString("State store migration failed"));
    }

    @Test
    void thePasswordNeverShowsInTheSettingsTextNotEvenFromTheUrl() {
        StateSettings.Postgres withPassword = new StateSettings.Postgres(url, "app", Optional.of("s3cr3t-pw"),
                                                                         Optional.empty(), 4, Duration.ofSeconds(1),
                                                                         Duration.ofSeconds(1),
                                                                         StateSettings.DEFAULT_RETENTION, true);

        assertThat(withPassword.toString(), not(containsString("s3cr3t-pw")));
        StateSettings.Postgres inUrl = new StateSettings.Postgres(url + "?password=url-pw-1", "app", Optional.empty(),
                                                                  Optional.empty(), 4, Duration.ofSeconds(1),
                                                                  Duration.ofSeconds(1),
                                                                  StateSettings.DEFAULT_RETENTION, true);
        assertThat(inUrl.toString(), not(containsString("url-pw-1")));
        assertThat(inUrl.toString(), containsString("url=jdbc:postgresql://"));
        assertThat(new StateSettings(StateSettings.Store.POSTGRES, withPassword).toString(),
                   not(containsString("s3cr3t-pw")));
    }

    /** One unit of an event on one IMSI: these operations applied (with this time, if any), then maybe complete. */
    static void record(PostgresStore on, String eventId, String imsi, Instant createdAt, boolean complete,
                       String... ops) {
        try (DeliveryLedger.Unit unit = on.ledger().begin(eventId, List.of(imsi), deadline())) {
            for (String op : ops) {
                unit.applied(op, imsi, Optional.ofNullable(createdAt));
            }
            if (complete) {
                unit.complete();
            }
        }
    }

    /** The IMSI's time as a unit reads it. */
    static Optional<Instant> lastApplied(PostgresStore on, String imsi) {
        try (DeliveryLedger.Unit unit = on.ledger().begin("read", List.of(imsi), deadline())) {
            return unit.lastApplied(imsi);
        }
    }

    private static Deadline deadline() {
        return Deadline.in(Duration.ofSeconds(10));
    }

    private static void assertUnavailable(ConnectorError e) {
        assertThat(e.kind(), is(ErrorKind.UNAVAILABLE));
        assertThat(e.kind().status(), is(503));
        assertThat(e.kind().type(), is(ErrorType.CONNECTION_ERROR));
        assertThat(e.outcome(), is(PostgresLedger.OUTCOME));
    }

    /** Settings for a database on a loopback port nothing listens on (the port was free a moment ago). */
    private static StateSettings.Postgres closedPort(boolean migrate) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        return at(port, migrate);
    }

    /** Settings for a database at a loopback port, with short timeouts. */
    private static StateSettings.Postgres at(int port, boolean migrate) {
        return new StateSettings.Postgres("jdbc:postgresql://127.0.0.1:" + port + "/none", "postgres",
                                          Optional.empty(), Optional.empty(), 2, Duration.ofMillis(500),
                                          Duration.ofSeconds(1), StateSettings.DEFAULT_RETENTION, migrate);
    }
}
