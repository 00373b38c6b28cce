package io.nspsconnector.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * Removes the rows past the retention from the store's tables ({@code delivery_event}, {@code delivery_subscriber},
 * {@code nac_notification}, {@code nac_device_status}), so the database stays the size of about a month of events.
 * <p>
 * One pass per interval, on a daemon thread of its own, never on an event's path. A pass runs on a connection of its
 * own (not one of the pool's), under a session-scoped advisory lock on a fixed key taken with
 * {@code pg_try_advisory_lock}: when another pod holds it, this pod skips the pass, so replicas do not delete the same
 * rows twice; a pod that dies mid-pass loses the lock with its session. Each statement removes at most a batch of
 * rows, picked with {@code FOR UPDATE SKIP LOCKED} (a row an event is writing is left for the next pass) and deleted by
 * {@code ctid}, under the connection's statement timeout; a pause follows each full batch. Only row locks are taken,
 * never a table lock, so events are not held up. A failure is logged and the next pass tries again.
 */
public final class RetentionCleanup implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionCleanup.class);

    /** The advisory lock key of a pass, the same on every pod ("nspsclnp" in ASCII). */
    static final long LOCK_KEY = 0x6e737073636c6e70L;

    /** The tables and the column that says when a row was last written. */
    private static final List<Table> TABLES = List.of(new Table("delivery_event", "updated_at"),
                                                      new Table("delivery_subscriber", "updated_at"),
                                                      new Table("nac_notification", "received_at"),
                                                      new Table("nac_device_status", "updated_at"));

    /** Told how many rows a statement removed from a table. */
    @FunctionalInterface
    public interface Removed {
        /**
         * @param table the table
         * @param rows  rows removed (more than zero)
         */
        void rows(String table, long rows);
    }

    private record Table(String name, String column) {
        String delete() {
            return "DELETE FROM " + name + " WHERE ctid = ANY (ARRAY(SELECT ctid FROM " + name + " WHERE " + column
                    + " <= now() - make_interval(secs => ?) LIMIT ? FOR UPDATE SKIP LOCKED))";
        }
    }

    private final DataSource connections;
    private final double retentionSeconds;
    private final StateSettings.Cleanup settings;
    private final Removed removed;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("state-cleanup").factory());
    private volatile boolean closed;

    /**
     * @param connections where a pass opens its connection (not the pool: a pass must not take an event's slot)
     * @param retention   rows last written longer ago than this are removed
     * @param settings    interval, batch size and pause
     * @param removed     told of every batch removed (the metric)
     */
    public RetentionCleanup(DataSource connections, Duration retention, StateSettings.Cleanup settings,
                            Removed removed) {
        this.connections = connections;
        this.retentionSeconds = retention.toMillis() / 1000.0;
        this.settings = settings;
        this.removed = removed;
    }

    /**
     * Runs a pass every interval, the first after a tenth of it (so a pod restarted often still cleans).
     *
     * @return this
     */
    public RetentionCleanup start() {
        long period = settings.interval().toMillis();
        timer.scheduleWithFixedDelay(this::scheduledPass, Math.max(1, period / 10), period, TimeUnit.MILLISECONDS);
        return this;
    }

    /**
     * One pass over every table, unless another pod is running one.
     *
     * @return rows removed, or empty when another pod held the lock
     * @throws SQLException if the database failed (the rows removed until then stay removed)
     */
    public OptionalLong pass() throws SQLException {
        try (Connection c = connections.getConnection()) {
            c.setAutoCommit(true);
            if (!lock(c, "SELECT pg_try_advisory_lock(?)")) {
                return OptionalLong.empty();
            }
            try {
                long total = 0;
                for (Table table : TABLES) {
                    total += clean(c, table);
                }
                return OptionalLong.of(total);
            } finally {
                lock(c, "SELECT pg_advisory_unlock(?)");
            }
        }
    }

    /** Stops the passes: the one running stops after its current statement. */
    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
    }

    private void scheduledPass() {
        long start = System.nanoTime();
        try {
            OptionalLong rows = pass();
            if (rows.isEmpty()) {
                LOG.debug("State store cleanup skipped: another pod is running it");
            } else if (rows.getAsLong() > 0) {
                LOG.info("State store rows past the retention removed", kv("rows", rows.getAsLong()),
                         kv("duration_ms", Duration.ofNanos(System.nanoTime() - start).toMillis()));
            }
        } catch (SQLException | RuntimeException e) {
            // never ends the schedule: the next pass tries again
            LOG.warn("State store cleanup failed; the next pass tries again",
                     kv("sql_state", e instanceof SQLException s ? String.valueOf(s.getSQLState()) : "none"),
                     kv("error", e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
    }

    private long clean(Connection c, Table table) throws SQLException {
        long total = 0;
        try (PreparedStatement delete = c.prepareStatement(table.delete())) {
            delete.setDouble(1, retentionSeconds);
            delete.setInt(2, settings.batchSize());
            while (!closed) {
                int rows = delete.executeUpdate();
                if (rows > 0) {
                    removed.rows(table.name(), rows);
                    total += rows;
                }
                if (rows < settings.batchSize() || !pause()) {
                    break;
                }
            }
        }
        return total;
    }

    /** The wait between two batches; false when the cleanup was closed meanwhile. */
    private boolean pause() {
        try {
            Thread.sleep(settings.pause());
            return !closed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean lock(Connection c, String sql) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, LOCK_KEY);
            try (ResultSet r = s.executeQuery()) {
                return r.next() && r.getBoolean(1);
            }
        }
    }
}
