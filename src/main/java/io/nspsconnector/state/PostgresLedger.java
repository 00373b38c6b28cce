package io.nspsconnector.state;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import javax.sql.DataSource;

import io.nspsconnector.delivery.DeliveryLedger;
import io.nspsconnector.errors.ConnectorError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * The ledger in PostgreSQL ({@code delivery_event}, {@code delivery_subscriber}; see {@code db/migration}), shared
 * by every replica on the same database and kept across restarts. Each call is one statement in its own
 * transaction, one round trip: a read, or an upsert that keeps what it must (a complete event stays complete, an
 * IMSI's time only moves forward), so two pods writing at once cannot undo each other. A row whose last write is
 * older than the retention counts as absent, as an expired entry of the memory ledger does.
 * <p>
 * Round trips, as {@link io.nspsconnector.delivery.DeliveryGuard} calls the ledger today: a new event of one
 * operation takes six (progress before and after the subscriber lock, the IMSI's time, the operation, the IMSI's
 * new time, the event), each further operation three more, a duplicate one; a stale operation two (its read and the
 * final event record) besides the two progress reads. Folding the reads and the writes of one event into one
 * transaction each would bring a one-operation event to three.
 * <p>
 * A database that cannot be reached, or does not answer within the statement timeout, makes the call throw
 * {@link ConnectorError.Unavailable}: the event is answered 503 {@code CONNECTION_ERROR} and NSPS delivers it
 * again; nothing is applied unchecked and nothing is answered 2xx without its record.
 */
public final class PostgresLedger implements DeliveryLedger {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresLedger.class);

    /** Outcome label of an event answered 503 because the store failed. */
    public static final String OUTCOME = "state_unavailable";

    private static final String FRESH = "updated_at > now() - make_interval(secs => ?)";

    private static final String PROGRESS = "SELECT complete, applied_ops FROM delivery_event WHERE event_id = ? AND "
            + FRESH;

    private static final String OPERATION_APPLIED = """
            INSERT INTO delivery_event AS e (event_id, applied_ops, complete, updated_at)
            VALUES (?, ARRAY[?::text], false, now())
            ON CONFLICT (event_id) DO UPDATE SET
                applied_ops = CASE
                    WHEN e.updated_at <= now() - make_interval(secs => ?) THEN excluded.applied_ops
                    WHEN e.complete OR excluded.applied_ops[1] = ANY (e.applied_ops) THEN e.applied_ops
                    ELSE e.applied_ops || excluded.applied_ops END,
                complete = e.complete AND e.updated_at > now() - make_interval(secs => ?),
                updated_at = now()
            """;

    private static final String EVENT_APPLIED = """
            INSERT INTO delivery_event AS e (event_id, applied_ops, complete, updated_at)
            VALUES (?, '{}', true, now())
            ON CONFLICT (event_id) DO UPDATE SET applied_ops = '{}', complete = true, updated_at = now()
            """;

    private static final String LAST_APPLIED = "SELECT created_epoch_second, created_nano FROM delivery_subscriber "
            + "WHERE imsi = ? AND " + FRESH;

    private static final String SUBSCRIBER_APPLIED = """
            INSERT INTO delivery_subscriber AS s (imsi, created_epoch_second, created_nano, updated_at)
            VALUES (?, ?, ?, now())
            ON CONFLICT (imsi) DO UPDATE SET
                created_epoch_second = excluded.created_epoch_second,
                created_nano = excluded.created_nano,
                updated_at = now()
            WHERE s.updated_at <= now() - make_interval(secs => ?)
               OR (excluded.created_epoch_second, excluded.created_nano) > (s.created_epoch_second, s.created_nano)
            """;

    private final DataSource dataSource;
    private final double retentionSeconds;
    /** What the last call that failed met, while no call has succeeded since; null when the last call succeeded. */
    private volatile String failure;

    /**
     * @param dataSource the database (a pool), migrated
     * @param retention  how long a row counts after its last write
     */
    public PostgresLedger(DataSource dataSource, Duration retention) {
        this.dataSource = dataSource;
        this.retentionSeconds = retention.toMillis() / 1000.0;
    }

    @Override
    public Progress progress(String eventId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(PROGRESS)) {
            s.setString(1, eventId);
            s.setDouble(2, retentionSeconds);
            try (ResultSet r = s.executeQuery()) {
                failure = null;
                if (!r.next()) {
                    return Progress.NONE;
                }
                if (r.getBoolean(1)) {
                    return Progress.COMPLETE;
                }
                Array ops = r.getArray(2);
                return new Progress(false, Set.of((String[]) ops.getArray()));
            }
        } catch (SQLException e) {
            throw unavailable("progress", e);
        }
    }

    @Override
    public void operationApplied(String eventId, String opKey) {
        update("operation_applied", OPERATION_APPLIED, s -> {
            s.setString(1, eventId);
            s.setString(2, opKey);
            s.setDouble(3, retentionSeconds);
            s.setDouble(4, retentionSeconds);
        });
    }

    @Override
    public void eventApplied(String eventId) {
        update("event_applied", EVENT_APPLIED, s -> s.setString(1, eventId));
    }

    @Override
    public Optional<Instant> lastApplied(String imsi) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(LAST_APPLIED)) {
            s.setString(1, imsi);
            s.setDouble(2, retentionSeconds);
            try (ResultSet r = s.executeQuery()) {
                failure = null;
                return r.next() ? Optional.of(Instant.ofEpochSecond(r.getLong(1), r.getInt(2))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw unavailable("last_applied", e);
        }
    }

    @Override
    public void subscriberApplied(String imsi, Instant createdAt) {
        update("subscriber_applied", SUBSCRIBER_APPLIED, s -> {
            s.setString(1, imsi);
            s.setLong(2, createdAt.getEpochSecond());
            s.setInt(3, createdAt.getNano());
            s.setDouble(4, retentionSeconds);
        });
    }

    /**
     * @return what the last call met when it failed and none has succeeded since (its SQL state and time), for the
     *         readiness details; empty when the last call succeeded or there was none
     */
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /** Sets a statement's parameters. */
    @FunctionalInterface
    private interface Parameters {
        void set(PreparedStatement statement) throws SQLException;
    }

    /** One write in its own autocommit transaction; a failure is the 503 of {@link #unavailable}. */
    private void update(String call, String sql, Parameters parameters) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            parameters.set(s);
            s.executeUpdate();
            failure = null;
        } catch (SQLException e) {
            throw unavailable(call, e);
        }
    }

    /** The failure as NSPS sees it (503, deliver again), logged with what the driver said (never a password). */
    private ConnectorError unavailable(String call, SQLException e) {
        failure = call + " failed at " + Instant.now() + " (SQL state " + e.getSQLState() + ")";
        LOG.warn("State store call failed: the event is answered 503 and delivered again by NSPS",
                 kv("state_call", call), kv("sql_state", String.valueOf(e.getSQLState())),
                 kv("error", e.getClass().getSimpleName() + ": " + e.getMessage()));
        return new ConnectorError.Unavailable("The connector's state store did not answer: deliver the event again",
                                              OUTCOME);
    }
}
