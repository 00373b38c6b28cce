package io.nspsconnector.state;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import com.zaxxer.hikari.HikariDataSource;
import io.nspsconnector.delivery.DeliveryLedger;
import io.nspsconnector.errors.ConnectorError;
import io.nspsconnector.errors.ErrorKind;
import io.nspsconnector.event.Deadline;
import io.nspsconnector.testing.Await;
import io.nspsconnector.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * {@code password-file} on a database that checks passwords (a role with SCRAM authentication on the embedded
 * server): the file's content is what connects, and a rotated password written into the file is used by the next
 * new connection, without a restart.
 */
class PostgresPasswordFileTest {

    @TempDir
    Path dir;

    @Test
    void theFileIsReadAgainForEachNewConnectionSoARotatedPasswordIsUsedLive() throws Exception {
        String url = TestDatabase.create("password_file");
        String role = TestDatabase.createPasswordRole("rotating", "first-pw-31");
        PostgresStore.open(PostgresLedgerContractTest.settings(url)).close(); // the schema, as its owner
        TestDatabase.grantAll(url, role);
        Path file = dir.resolve("password");
        Files.writeString(file, "first-pw-31\n"); // as a Secret volume holds it, with a final newline

        try (PostgresStore store = PostgresStore.open(asRole(url, role, file))) {
            applied(store, "with-first-password");
            assertThat(store.ledger().progress("with-first-password"), is(DeliveryLedger.Progress.COMPLETE));

            // the password is rotated in the database and in the Secret; open connections stay as they are
            alterPassword(url, role, "second-pw-32");
            Files.writeString(file, "second-pw-32\n");
            newConnectionsOnly(store);
            applied(store, "with-second-password");
            assertThat(store.ledger().progress("with-second-password"), is(DeliveryLedger.Progress.COMPLETE));

            // and the database does check it: a wrong password in the file is refused
            // (the pool may still be finishing a connection it began with the old file: it is retired on the next
            // round, while every connection opened from now on must be refused)
            Files.writeString(file, "not-the-password");
            ConnectorError refused = Await.value("a new connection with the wrong password refused",
                                                 Duration.ofSeconds(20), () -> {
                                                     newConnectionsOnly(store);
                                                     try {
                                                         store.ledger().progress("any");
                                                         return Optional.empty();
                                                     } catch (ConnectorError e) {
                                                         return Optional.of(e);
                                                     }
                                                 });
            assertThat(refused.kind(), is(ErrorKind.UNAVAILABLE));
            assertThat(store.health().get("last_call").contains("28P01"), is(true)); // invalid_password
        }
    }

    /** Records an event as applied in full, through a unit as the guard does (one transaction). */
    private static void applied(PostgresStore store, String eventId) {
        try (DeliveryLedger.Unit unit = store.ledger().begin(eventId, List.of("001010000000031"),
                                                             Deadline.in(Duration.ofSeconds(10)))) {
            unit.complete();
        }
    }

    private static StateSettings.Postgres asRole(String url, String role, Path file) {
        return new StateSettings.Postgres(url, role, Optional.empty(), Optional.of(file), 2, Duration.ofSeconds(2),
                                          Duration.ofSeconds(5), StateSettings.DEFAULT_RETENTION, false);
    }

    /** Retires the pool's connections (all idle here), so the next call uses one opened after this. */
    private static void newConnectionsOnly(PostgresStore store) {
        ((HikariDataSource) store.dataSource()).getHikariPoolMXBean().softEvictConnections();
    }

    private static void alterPassword(String url, String role, String password) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("ALTER ROLE " + role + " PASSWORD '" + password + "'");
        }
    }
}
