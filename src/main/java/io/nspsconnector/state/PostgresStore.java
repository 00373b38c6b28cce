package io.nspsconnector.state;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Logger;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.pool.HikariPool;
import io.nspsconnector.delivery.SubscriberLocks;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.LoggerFactory;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * The PostgreSQL store: a HikariCP pool over the PostgreSQL driver, the schema migrations shipped in the jar
 * ({@code db/migration}, applied with Flyway), and the {@link PostgresLedger} on it. The password is taken from its
 * file again for every new connection, so a rotated Secret is used without a restart; it is never logged.
 */
public final class PostgresStore implements AutoCloseable {

    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(PostgresStore.class);

    /** Where the migrations are. */
    static final String MIGRATIONS = "classpath:db/migration";

    private final StateSettings.Postgres settings;
    private final HikariDataSource pool;
    private final PostgresLedger ledger;
    /** The removal of rows past the retention, once started. */
    private volatile RetentionCleanup cleanup;

    private PostgresStore(StateSettings.Postgres settings, HikariDataSource pool, SubscriberLocks locks,
                          PostgresLedger.Observer observer) {
        this.settings = settings;
        this.pool = pool;
        this.ledger = new PostgresLedger(this::connection, locks, settings.retention(), settings.statementTimeout(),
                                         settings.connectTimeout(), observer);
    }

    /**
     * Opens the store with subscriber locks of its own and no observer (tests, tools).
     *
     * @param settings the database
     * @return the store
     * @throws IllegalStateException if the migration fails
     */
    public static PostgresStore open(StateSettings.Postgres settings) {
        return open(settings, new SubscriberLocks(), (call, outcome, nanos) -> { });
    }

    /**
     * Opens the pool and, when {@code migrate} is set, brings the schema up to date. The pool opens even when the
     * database is down (calls then fail until it is back); migrating needs it up.
     *
     * @param settings the database
     * @param locks    this pod's subscriber locks, taken by the ledger before the database's
     * @param observer told about every store call (metrics)
     * @return the store
     * @throws IllegalStateException if the migration fails
     */
    public static PostgresStore open(StateSettings.Postgres settings, SubscriberLocks locks,
                                     PostgresLedger.Observer observer) {
        if (settings.migrate()) {
            // on connections of their own, with a migration's statement timeout rather than an event's
            try (PostgresStore once = open(forMigration(settings), locks, observer)) {
                once.migrate();
            }
        }
        return new PostgresStore(settings, new HikariDataSource(poolConfig(settings)), locks, observer);
    }

    /**
     * The settings a migration runs with: two connections (Flyway's lock and the migration) and a statement timeout
     * of at least a minute, as a migration may build an index on a large table whatever an event's statements get.
     *
     * @param settings the store's settings
     * @return the same database, for migrating (with {@code migrate} off: the caller migrates)
     */
    public static StateSettings.Postgres forMigration(StateSettings.Postgres settings) {
        Duration minute = Duration.ofMinutes(1);
        Duration timeout = settings.statementTimeout().compareTo(minute) < 0 ? minute : settings.statementTimeout();
        return new StateSettings.Postgres(settings.url(), settings.user(), settings.password(),
                                          settings.passwordFile(), 2, settings.connectTimeout(), timeout,
                                          settings.retention(), false);
    }

    /**
     * Applies the migrations the database has not had yet.
     *
     * @return how many were applied
     * @throws IllegalStateException if the database cannot be reached or a migration fails
     */
    public int migrate() {
        try {
            MigrateResult result = Flyway.configure().dataSource(pool).locations(MIGRATIONS).load().migrate();
            LOG.info("State store schema up to date", kv("migrations_applied", result.migrationsExecuted),
                     kv("schema_version", String.valueOf(result.targetSchemaVersion)));
            return result.migrationsExecuted;
        } catch (RuntimeException e) {
            throw new IllegalStateException("State store migration failed (" + settings.redactedUrl() + "): "
                                                    + e.getMessage(), e);
        }
    }

    /**
     * The version of the newest migration the database has had.
     *
     * @return the version, or empty when none was applied
     * @throws IllegalStateException if the database cannot be reached
     */
    public Optional<String> schemaVersion() {
        try {
            MigrationInfo current = Flyway.configure().dataSource(pool).locations(MIGRATIONS).load().info().current();
            return current == null ? Optional.empty() : Optional.of(current.getVersion().getVersion());
        } catch (RuntimeException e) {
            throw new IllegalStateException("State store schema cannot be read (" + settings.redactedUrl() + "): "
                                                    + e.getMessage(), e);
        }
    }

    /**
     * The Network as Code device status on this database, shared by the replicas.
     *
     * @param dedupeWindow how long a notification id counts ({@code connector.nac.dedupe.window})
     * @return the store, on this store's pool
     */
    public PostgresDeviceStatusStore deviceStatus(Duration dedupeWindow) {
        return new PostgresDeviceStatusStore(pool, dedupeWindow);
    }

    /** The delivery ledger on this database. */
    public PostgresLedger ledger() {
        return ledger;
    }

    /**
     * The store's state for the readiness details, from the last ledger call and the pool's counts: no round trip
     * of its own, so a probe never waits for the database.
     *
     * @return detail name to value
     */
    public Map<String, String> health() {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("store", StateSettings.Store.POSTGRES.wire());
        details.put("last_call", ledger.failure().orElse("ok"));
        HikariPoolMXBean counts = pool.getHikariPoolMXBean();
        if (counts != null) {
            details.put("pool", "active " + counts.getActiveConnections() + ", idle " + counts.getIdleConnections()
                    + ", waiting " + counts.getThreadsAwaitingConnection() + ", max " + settings.poolSize());
        }
        return details;
    }

    /** The pool. */
    public DataSource dataSource() {
        return pool;
    }

    /**
     * Starts removing the rows past the retention, in the background (see {@link RetentionCleanup}); stopped by
     * {@link #close()}.
     *
     * @param settings how often and in what batches
     * @param removed  told of every batch removed
     * @return the cleanup
     */
    public synchronized RetentionCleanup startCleanup(StateSettings.Cleanup settings, RetentionCleanup.Removed removed) {
        if (cleanup == null) {
            // the driver's data source, not the pool: a pass never takes a connection an event could use
            cleanup = new RetentionCleanup(pool.getDataSource(), this.settings.retention(), settings, removed).start();
        }
        return cleanup;
    }

    /**
     * The pool's counts now, for gauges.
     *
     * @return active, idle, waiting and maximum connections (zeros before the pool started)
     */
    public PoolCounts poolCounts() {
        HikariPoolMXBean counts = pool.getHikariPoolMXBean();
        if (counts == null) {
            return new PoolCounts(0, 0, 0, settings.poolSize());
        }
        return new PoolCounts(counts.getActiveConnections(), counts.getIdleConnections(),
                              counts.getThreadsAwaitingConnection(), settings.poolSize());
    }

    /**
     * The pool's connections.
     *
     * @param active  lent out now
     * @param idle    open and free
     * @param pending threads waiting for one
     * @param max     the pool's size
     */
    public record PoolCounts(int active, int idle, int pending, int max) {
    }

    /** A pool connection, waiting at most the time given. */
    private Connection connection(long timeoutMillis) throws SQLException {
        long wait = Math.max(1, timeoutMillis);
        if (pool.getHikariPoolMXBean() instanceof HikariPool hikari) {
            return hikari.getConnection(wait);
        }
        return pool.getConnection();
    }

    @Override
    public void close() {
        RetentionCleanup running = cleanup;
        if (running != null) {
            running.close();
        }
        pool.close();
    }

    private static HikariConfig poolConfig(StateSettings.Postgres s) {
        PGSimpleDataSource driver = new PGSimpleDataSource();
        driver.setURL(s.url());
        if (!s.user().isEmpty()) {
            driver.setUser(s.user());
        }
        int connectSeconds = (int) Math.max(1, ceilSeconds(s.connectTimeout().toMillis()));
        driver.setConnectTimeout(connectSeconds);
        // a statement the server runs too long is cancelled by it; a connection that went silent is given up by us
        driver.setOptions("-c statement_timeout=" + Math.max(1, s.statementTimeout().toMillis()));
        driver.setSocketTimeout((int) ceilSeconds(s.statementTimeout().toMillis()) + connectSeconds);
        HikariConfig config = new HikariConfig();
        config.setPoolName("nsps-state");
        config.setDataSource(new PasswordSource(driver, password(s)));
        config.setMaximumPoolSize(s.poolSize());
        config.setConnectionTimeout(Math.max(250, s.connectTimeout().toMillis()));
        config.setValidationTimeout(Math.max(250, Math.min(s.connectTimeout().toMillis(), 5_000)));
        config.setInitializationFailTimeout(-1);
        return config;
    }

    private static long ceilSeconds(long millis) {
        return (millis + 999) / 1000;
    }

    /** The password for the next connection: from the file when one is set (read each time), else the value. */
    private static Supplier<String> password(StateSettings.Postgres s) {
        if (s.passwordFile().isPresent()) {
            return () -> {
                try {
                    return Files.readString(s.passwordFile().get(), StandardCharsets.UTF_8).strip();
                } catch (IOException e) {
                    LOG.warn("State store password file cannot be read: connecting without a password",
                             kv("file", s.passwordFile().get().toString()), kv("error", e.getClass().getSimpleName()));
                    return null;
                }
            };
        }
        String value = s.password().orElse(null);
        return () -> value;
    }

    /** The driver's data source, asked with the current password for each new connection. */
    private static final class PasswordSource implements DataSource {
        private final PGSimpleDataSource driver;
        private final Supplier<String> password;

        PasswordSource(PGSimpleDataSource driver, Supplier<String> password) {
            this.driver = driver;
            this.password = password;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return driver.getConnection(driver.getUser(), password.get());
        }

        @Override
        public Connection getConnection(String username, String pass) throws SQLException {
            return driver.getConnection(username, pass);
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
            // no JDBC log writer: the driver logs through java.util.logging, bridged to SLF4J
        }

        @Override
        public void setLoginTimeout(int seconds) {
            driver.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() {
            return driver.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            if (type.isInstance(driver)) {
                return type.cast(driver);
            }
            throw new SQLException("not a wrapper of " + type.getName());
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return type.isInstance(driver);
        }
    }
}
