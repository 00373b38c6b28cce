package io.nspsconnector.state;

import java.io.StringReader;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import io.nspsconnector.errors.ConnectorError;
import io.nspsconnector.nac.DeviceMerge;
import io.nspsconnector.nac.DeviceRecord;
import io.nspsconnector.nac.DeviceStatus;
import io.nspsconnector.nac.DeviceStatusStore;
import io.nspsconnector.nac.Notification;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * The Network as Code device status in PostgreSQL ({@code nac_notification}, {@code nac_device_status}; see
 * {@code db/migration}), shared by every replica on the same database and kept across restarts, so a re-delivery
 * is a duplicate on whichever pod it reaches and {@code GET /devices} answers the same on every pod.
 *
 * <p>Notifications are rare (a few per device and hour), so each is one transaction under one transaction-scoped
 * advisory lock for all of Network as Code (the two-integer key space, apart from any single-key lock): record
 * {@code (source, id)} unless seen within the dedupe window (else a duplicate), load the rows the notification's key
 * and aliases reach, run {@link DeviceMerge} over them (the memory store's logic), write back what it changed and
 * commit. Round trips: five (lock, id, read, write, commit), a re-key or merge one or two more, a duplicate three; a
 * rollback leaves nothing, so a notification whose commit failed is not a duplicate when delivered again. Rows carry
 * {@code received_at} / {@code updated_at} (the time the notification arrived), which the retention delete uses:
 * {@code connector.nac.max-devices} and {@code dedupe.max-ids} bound the memory store only.
 *
 * <p>A database that cannot be reached, or does not answer within the statement timeout (waiting for the lock
 * included), makes the call throw {@link ConnectorError.Unavailable}: a notification is answered 503 and delivered
 * again, a read of {@code /devices} is answered 503; never a 2xx for a notification not stored.
 */
public final class PostgresDeviceStatusStore implements DeviceStatusStore {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresDeviceStatusStore.class);

    /** The advisory lock of Network as Code: {@code pg_advisory_xact_lock(LOCK_CLASS, LOCK_ID)}. */
    static final int LOCK_CLASS = 0x4E6143;
    static final int LOCK_ID = 1;

    private static final String LOCK = "SELECT pg_advisory_xact_lock(?, ?)";

    private static final String SEEN = """
            INSERT INTO nac_notification AS n (source, id, received_at) VALUES (?, ?, ?)
            ON CONFLICT (source, id) DO UPDATE SET received_at = excluded.received_at
            WHERE n.received_at < excluded.received_at - make_interval(secs => ?)
            """;

    private static final String REACHED = "SELECT status::text, aliases FROM nac_device_status "
            + "WHERE device_key = ? OR aliases && ?";

    private static final String REMOVE = "DELETE FROM nac_device_status WHERE device_key = ANY (?)";

    private static final String UNLINK = "UPDATE nac_device_status SET aliases = ? WHERE device_key = ?";

    private static final String STORE = """
            INSERT INTO nac_device_status (device_key, status, aliases, updated_at) VALUES (?, ?::json, ?, ?)
            ON CONFLICT (device_key) DO UPDATE SET status = excluded.status, aliases = excluded.aliases,
                updated_at = excluded.updated_at
            """;

    private static final String ONE = "SELECT status::text FROM nac_device_status WHERE device_key = ?";

    private static final String PAGE = """
            SELECT t.total, p.status FROM (SELECT count(*) AS total FROM nac_device_status) t
            LEFT JOIN LATERAL (SELECT status::text AS status, device_key FROM nac_device_status
                               ORDER BY device_key COLLATE "C" OFFSET ? LIMIT ?) p ON true
            ORDER BY p.device_key COLLATE "C"
            """;

    private static final String COUNT = "SELECT count(*) FROM nac_device_status";

    private final DataSource dataSource;
    private final double dedupeSeconds;
    /** The last count read, for the gauge while the database does not answer. */
    private volatile int lastCount;

    /**
     * @param dataSource   the database (a pool), migrated
     * @param dedupeWindow how long a notification id counts ({@code connector.nac.dedupe.window})
     */
    public PostgresDeviceStatusStore(DataSource dataSource, Duration dedupeWindow) {
        this.dataSource = dataSource;
        this.dedupeSeconds = dedupeWindow.toMillis() / 1000.0;
    }

    @Override
    public Result apply(Notification n, Instant receivedAt) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Result result = apply(c, n, receivedAt);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollback(c);
                throw e;
            }
        } catch (SQLException e) {
            throw unavailable("apply", e);
        }
    }

    private Result apply(Connection c, Notification n, Instant receivedAt) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement(LOCK)) {
            lock.setInt(1, LOCK_CLASS);
            lock.setInt(2, LOCK_ID);
            lock.executeQuery().close();
        }
        try (PreparedStatement seen = c.prepareStatement(SEEN)) {
            seen.setString(1, text(n.source()));
            seen.setString(2, text(n.id()));
            seen.setObject(3, OffsetDateTime.ofInstant(receivedAt, ZoneOffset.UTC));
            seen.setDouble(4, dedupeSeconds);
            if (seen.executeUpdate() == 0) {
                return new Result(Outcome.DUPLICATE, null, null);
            }
        }
        Reached reached = reach(c, n);
        DeviceMerge.Step step = DeviceMerge.apply(n, receivedAt, reached);
        if (step.updated() == null) {
            return step.result();
        }
        if (!step.removedKeys().isEmpty()) {
            try (PreparedStatement remove = c.prepareStatement(REMOVE)) {
                remove.setArray(1, c.createArrayOf("text", step.removedKeys().stream().map(PostgresDeviceStatusStore::text)
                        .toArray()));
                remove.executeUpdate();
            }
        }
        if (!step.unlinked().isEmpty()) {
            try (PreparedStatement unlink = c.prepareStatement(UNLINK)) {
                for (DeviceRecord other : step.unlinked()) {
                    unlink.setArray(1, c.createArrayOf("text", other.aliases().toArray()));
                    unlink.setString(2, text(other.key().value()));
                    unlink.addBatch();
                }
                unlink.executeBatch();
            }
        }
        DeviceRecord updated = step.updated();
        try (PreparedStatement store = c.prepareStatement(STORE)) {
            store.setString(1, text(updated.key().value()));
            store.setString(2, updated.view().toJson().toString());
            store.setArray(3, c.createArrayOf("text", updated.aliases().toArray()));
            store.setObject(4, OffsetDateTime.ofInstant(receivedAt, ZoneOffset.UTC));
            store.executeUpdate();
        }
        return step.result();
    }

    /** The rows a notification reaches by its own key and its aliases, as the merge looks them up. */
    private static Reached reach(Connection c, Notification n) throws SQLException {
        Reached reached = new Reached();
        Optional<String> own = DeviceMerge.ownKey(n);
        List<String> aliases = DeviceMerge.aliases(n);
        if (own.isEmpty() && aliases.isEmpty()) {
            return reached;
        }
        try (PreparedStatement s = c.prepareStatement(REACHED)) {
            s.setString(1, own.map(PostgresDeviceStatusStore::text).orElse(null));
            s.setArray(2, c.createArrayOf("text", aliases.toArray()));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    Array stored = r.getArray(2);
                    DeviceRecord record = DeviceRecord.restore(status(r.getString(1)),
                                                               List.of((String[]) stored.getArray()));
                    reached.keys.put(record.key().value(), record);
                    record.aliases().forEach(a -> reached.aliases.putIfAbsent(a, record));
                }
            }
        }
        return reached;
    }

    @Override
    public Optional<DeviceStatus> get(String key) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(ONE)) {
            s.setString(1, text(key));
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(status(r.getString(1))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw unavailable("get", e);
        }
    }

    @Override
    public Page page(int offset, int limit) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(PAGE)) {
            s.setInt(1, offset);
            s.setInt(2, limit);
            int total = 0;
            List<DeviceStatus> devices = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    total = r.getInt(1);
                    String status = r.getString(2);
                    if (status != null) {
                        devices.add(status(status));
                    }
                }
            }
            lastCount = total;
            return new Page(total, devices);
        } catch (SQLException e) {
            throw unavailable("page", e);
        }
    }

    @Override
    public int size() {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(COUNT);
             ResultSet r = s.executeQuery()) {
            r.next();
            lastCount = r.getInt(1);
        } catch (SQLException e) {
            LOG.debug("Device count not read: the gauge keeps the last one", kv("sql_state", e.getSQLState()));
        }
        return lastCount;
    }

    /**
     * Text for the database's text columns, which cannot hold U+0000: it reads as U+FFFD there (as in the aliases).
     * The status document keeps the text as sent (json holds the escape).
     */
    private static String text(String value) {
        return value.replace('\u0000', '\uFFFD');
    }

    private static DeviceStatus status(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            JsonObject document = reader.readObject();
            return DeviceStatus.fromJson(document);
        }
    }

    private static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            // the connection is broken: the pool discards it, and the transaction ends with it
        }
    }

    /** The failure as the sender sees it (503, deliver again), logged with what the driver said (never a password). */
    private static ConnectorError unavailable(String call, SQLException e) {
        LOG.warn("State store call failed: Network as Code is answered 503 (a notification is delivered again)",
                 kv("state_call", "nac_" + call), kv("sql_state", String.valueOf(e.getSQLState())),
                 kv("error", e.getClass().getSimpleName() + ": " + e.getMessage()));
        return new ConnectorError.Unavailable("The connector's state store did not answer: try again",
                                              PostgresLedger.OUTCOME);
    }

    /** The rows one notification reached, by key and by alias. */
    private static final class Reached implements DeviceMerge.Records {
        private final Map<String, DeviceRecord> keys = new HashMap<>();
        private final Map<String, DeviceRecord> aliases = new HashMap<>();

        @Override
        public DeviceRecord byKey(String key) {
            return keys.get(key);
        }

        @Override
        public DeviceRecord byAlias(String alias) {
            return aliases.get(alias);
        }
    }
}
