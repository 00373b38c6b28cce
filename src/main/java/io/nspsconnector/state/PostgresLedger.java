package io.nspsconnector.state;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.LongAdder;

import io.nspsconnector.delivery.DeliveryLedger;
import io.nspsconnector.delivery.SubscriberLocks;
import io.nspsconnector.errors.ConnectorError;
import io.nspsconnector.event.Deadline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * The ledger in PostgreSQL ({@code delivery_event}, {@code delivery_subscriber}; see {@code db/migration}), shared
 * by every replica on the same database and kept across restarts. A row whose last write is older than the
 * retention counts as absent, as an expired entry of the memory ledger does.
 * <p>
 * <b>One transaction per event.</b> A {@link DeliveryLedger.Unit} first takes this pod's {@link SubscriberLocks} of
 * its IMSIs (so events of one pod waiting for a subscriber do not each hold a pool connection), then one pool
 * connection (waiting at most until the event's deadline; it is held through the WTL calls, so the pool bounds the
 * events in flight on distinct subscribers) and opens a transaction on it that takes
 * {@code pg_advisory_xact_lock} of a 64-bit hash of each IMSI, in the order of the hashes, with {@code lock_timeout}
 * set to the time left before the deadline (a wait past it, SQL state 55P03, is 503 {@code subscriber_busy}). The
 * event's progress and its IMSIs' times are read inside the lock, the WTL calls run while the transaction holds it,
 * and the writes and the COMMIT end it. A pod that dies mid-event leaves no lock (its backend ends with its
 * connection); a pod cut off from the database loses its locks when {@code idle_in_transaction_session_timeout}
 * (set per transaction to the time left plus {@link #IDLE_MARGIN}) ends its session, after its WTL attempts were
 * cut at their deadline (docs/delivery.md).
 * <p>
 * <b>Round trips per event</b> (counted by {@link #roundTrips()}, checked by a test): a new event, of one or two
 * operations, 4 (the quick progress read before the subscriber lock; lock, progress and times in one batch;
 * the writes in one statement; COMMIT); a stale event 4 (it records the event as complete); a retry of a partly
 * applied event 4; a duplicate 1 (the quick read), or 3 when the first delivery finished while it waited (the quick
 * read, the lock batch, a ROLLBACK); an event whose first operation WTL refused 3 (quick read, lock batch,
 * ROLLBACK), one that failed after an operation was applied 4 (that operation is recorded and committed).
 * BEGIN travels with the first statement of the transaction (the driver sends both at once).
 * <p>
 * A database that cannot be reached, a pool with no connection free before the deadline, or a statement past the
 * statement timeout makes the call throw {@link ConnectorError.Unavailable} (503 {@code CONNECTION_ERROR}, outcome
 * {@value #OUTCOME}); nothing is applied unchecked and nothing is answered 2xx without its record. A COMMIT that
 * fails after WTL applied the operations is a 503 too: NSPS delivers the event again and the operations are applied
 * again, which is safe for every default operation.
 */
public final class PostgresLedger implements DeliveryLedger {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresLedger.class);

    /** Outcome label of an event answered 503 because the store failed. */
    public static final String OUTCOME = "state_unavailable";

    /** How long past the time left to its deadline a transaction may sit idle before the server ends it. */
    public static final Duration IDLE_MARGIN = Duration.ofSeconds(5);

    /** SQL state of a lock wait past {@code lock_timeout}. */
    private static final String LOCK_NOT_AVAILABLE = "55P03";

    private static final String FRESH = "updated_at > now() - make_interval(secs => ?)";

    private static final String PROGRESS = "SELECT complete, applied_ops FROM delivery_event WHERE event_id = ? AND "
            + FRESH;

    /** The transaction's first round trip: its timeouts, the IMSIs' locks in order, then the reads inside them. */
    private static final String BEGIN = "SELECT set_config('lock_timeout', ?, true), set_config('statement_timeout', ?, true), "
            + "set_config('idle_in_transaction_session_timeout', ?, true);\n"
            + "SELECT count(pg_advisory_xact_lock(k)) FROM unnest(?::bigint[]) WITH ORDINALITY AS u(k, n);\n"
            + PROGRESS + ";\n"
            + "SELECT imsi, created_epoch_second, created_nano FROM delivery_subscriber WHERE imsi = ANY (?::text[]) AND "
            + FRESH;

    /**
     * The writes of a unit, one statement: the event's operations merged into its row (or the row made complete),
     * the IMSIs' times moved forward only. Either keeps what it must when two writers meet (a complete event stays
     * complete, a time never moves back).
     */
    private static final String RECORD = """
            SELECT set_config('statement_timeout', ?, true);
            WITH event AS (
                INSERT INTO delivery_event AS e (event_id, applied_ops, complete, updated_at)
                VALUES (?, ?::text[], ?, now())
                ON CONFLICT (event_id) DO UPDATE SET
                    applied_ops = CASE
                        WHEN excluded.complete THEN '{}'::text[]
                        WHEN e.updated_at <= now() - make_interval(secs => ?) THEN excluded.applied_ops
                        WHEN e.complete THEN e.applied_ops
                        ELSE ARRAY(SELECT DISTINCT o FROM unnest(e.applied_ops || excluded.applied_ops) AS o) END,
                    complete = excluded.complete OR (e.complete AND e.updated_at > now() - make_interval(secs => ?)),
                    updated_at = now()
                RETURNING 1
            ), subscriber AS (
                INSERT INTO delivery_subscriber AS s (imsi, created_epoch_second, created_nano, updated_at)
                SELECT t.imsi, t.second, t.nano, now() FROM unnest(?::text[], ?::bigint[], ?::int[]) AS t(imsi, second, nano)
                ON CONFLICT (imsi) DO UPDATE SET
                    created_epoch_second = excluded.created_epoch_second,
                    created_nano = excluded.created_nano,
                    updated_at = now()
                WHERE s.updated_at <= now() - make_interval(secs => ?)
                   OR (excluded.created_epoch_second, excluded.created_nano) > (s.created_epoch_second, s.created_nano)
                RETURNING 1
            )
            SELECT (SELECT count(*) FROM event), (SELECT count(*) FROM subscriber)
            """;

    /** A pool connection, waited for at most so long. */
    @FunctionalInterface
    public interface Connections {
        /**
         * @param timeoutMillis longest wait
         * @return an open connection, to close
         * @throws SQLException if none could be had in time
         */
        Connection get(long timeoutMillis) throws SQLException;
    }

    /** Told about every store call (a metric). */
    @FunctionalInterface
    public interface Observer {
        /**
         * @param call    {@code connection}, {@code progress}, {@code begin}, {@code record}, {@code commit} or
         *                {@code rollback}
         * @param outcome {@code ok}, {@code busy} (a lock wait past the deadline) or {@code error}
         * @param nanos   how long it took
         */
        void call(String call, String outcome, long nanos);
    }

    private final Connections connections;
    private final SubscriberLocks locks;
    private final double retentionSeconds;
    private final long statementTimeoutMillis;
    private final long connectTimeoutMillis;
    private final Observer observer;
    private final LongAdder roundTrips = new LongAdder();
    /** What the last call that failed met, while no call has succeeded since; null when the last call succeeded. */
    private volatile String failure;

    /**
     * @param connections      the database's pool, migrated
     * @param locks            this pod's subscriber locks, taken before the database's
     * @param retention        how long a row counts after its last write
     * @param statementTimeout longest time one statement other than a lock wait may run
     * @param connectTimeout   longest wait for a pool connection of the quick read (a unit waits until its deadline)
     * @param observer         told about every call
     */
    public PostgresLedger(Connections connections, SubscriberLocks locks, Duration retention, Duration statementTimeout,
                          Duration connectTimeout, Observer observer) {
        this.connections = connections;
        this.locks = locks;
        this.retentionSeconds = retention.toMillis() / 1000.0;
        this.statementTimeoutMillis = Math.max(1, statementTimeout.toMillis());
        this.connectTimeoutMillis = Math.max(1, connectTimeout.toMillis());
        this.observer = observer;
    }

    @Override
    public Progress progress(String eventId) {
        long start = System.nanoTime();
        try (Connection c = connection(connectTimeoutMillis, "progress"); PreparedStatement s = c.prepareStatement(PROGRESS)) {
            s.setString(1, eventId);
            s.setDouble(2, retentionSeconds);
            roundTrips.increment();
            try (ResultSet r = s.executeQuery()) {
                Progress progress = readProgress(r);
                succeeded("progress", start);
                return progress;
            }
        } catch (SQLException e) {
            throw unavailable("progress", start, e);
        }
    }

    @Override
    public Unit begin(String eventId, List<String> imsis, Deadline deadline) {
        SubscriberLocks.Held held = locks.acquire(imsis, deadline);
        try {
            return new PostgresUnit(eventId, imsis, deadline, held);
        } catch (RuntimeException e) {
            held.close();
            throw e;
        }
    }

    /**
     * @return round trips to the database since this ledger was made (for the tests and the docs' figures)
     */
    public long roundTrips() {
        return roundTrips.sum();
    }

    /**
     * @return what the last call met when it failed and none has succeeded since (its SQL state and time), for the
     *         readiness details; empty when the last call succeeded or there was none
     */
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /**
     * The advisory lock key of an IMSI: the first 64 bits of its SHA-256. Two IMSIs sharing one would only wait for
     * each other; they are taken in key order, so they still cannot deadlock.
     *
     * @param imsi IMSI
     * @return the key
     */
    static long lockKey(String imsi) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(imsi.getBytes(StandardCharsets.UTF_8));
            long key = 0;
            for (int i = 0; i < Long.BYTES; i++) {
                key = (key << 8) | (digest[i] & 0xff);
            }
            return key;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** One event's transaction, holding this pod's locks and the database's. */
    private final class PostgresUnit implements Unit {
        private final String eventId;
        private final SubscriberLocks.Held held;
        private final Connection connection;
        private final Progress progress;
        private final Map<String, Instant> times = new HashMap<>();
        private final Set<String> applied = new LinkedHashSet<>();
        private final Map<String, Instant> appliedTimes = new TreeMap<>();
        private boolean ended;

        PostgresUnit(String eventId, List<String> imsis, Deadline deadline, SubscriberLocks.Held held) {
            this.eventId = eventId;
            this.held = held;
            this.connection = connection(deadline.remainingMillis(), "begin");
            long start = System.nanoTime();
            try {
                connection.setAutoCommit(false);
                long left = Math.max(1, deadline.remainingMillis());
                // the lock wait may last until the deadline: the driver's read timeout must not cut it first
                connection.setNetworkTimeout(Runnable::run, (int) Math.min(Integer.MAX_VALUE,
                                                                          left + 2 * statementTimeoutMillis));
                TreeSet<Long> keys = new TreeSet<>();
                imsis.forEach(imsi -> keys.add(lockKey(imsi)));
                List<String> distinct = List.copyOf(new TreeSet<>(imsis));
                Progress read;
                try (PreparedStatement s = connection.prepareStatement(BEGIN)) {
                    s.setString(1, Long.toString(left));
                    s.setString(2, Long.toString(left + statementTimeoutMillis));
                    s.setString(3, Long.toString(left + IDLE_MARGIN.toMillis()));
                    s.setArray(4, connection.createArrayOf("bigint", keys.toArray(Long[]::new)));
                    s.setString(5, eventId);
                    s.setDouble(6, retentionSeconds);
                    s.setArray(7, connection.createArrayOf("text", distinct.toArray(String[]::new)));
                    s.setDouble(8, retentionSeconds);
                    roundTrips.increment();
                    s.execute();
                    s.getMoreResults(); // past the timeouts
                    s.getMoreResults(); // past the locks, all held now: the reads see what their holders wrote
                    try (ResultSet r = s.getResultSet()) {
                        read = readProgress(r);
                    }
                    s.getMoreResults();
                    try (ResultSet r = s.getResultSet()) {
                        while (r.next()) {
                            times.put(r.getString(1), Instant.ofEpochSecond(r.getLong(2), r.getInt(3)));
                        }
                    }
                }
                this.progress = read;
                succeeded("begin", start);
            } catch (SQLException e) {
                closeQuietly(connection);
                if (LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
                    observer.call("begin", "busy", System.nanoTime() - start);
                    // held by another replica: answered as a busy subscriber of this pod is
                    throw new ConnectorError.Unavailable("An earlier event of the same subscriber is still being "
                                                                 + "applied", "subscriber_busy");
                }
                throw unavailable("begin", start, e);
            }
        }

        @Override
        public Progress progress() {
            return progress;
        }

        @Override
        public Optional<Instant> lastApplied(String imsi) {
            return Optional.ofNullable(times.get(imsi));
        }

        @Override
        public void applied(String opKey, String imsi, Optional<Instant> createdAt) {
            applied.add(opKey);
            createdAt.ifPresent(t -> appliedTimes.merge(imsi, t, (old, now) -> now.isAfter(old) ? now : old));
        }

        @Override
        public void complete() {
            ended = true;
            record(true);
        }

        @Override
        public void close() {
            try {
                if (!ended) {
                    ended = true;
                    if (applied.isEmpty()) {
                        rollback();
                    } else {
                        try {
                            record(false);
                        } catch (ConnectorError e) {
                            // already logged; the event fails anyway and its retry sends these operations again
                        }
                    }
                }
            } finally {
                closeQuietly(connection);
                held.close();
            }
        }

        /** The writes and the COMMIT; a failure rolls back (or drops the connection) and is the 503. */
        private void record(boolean complete) {
            long start = System.nanoTime();
            try {
                connection.setNetworkTimeout(Runnable::run, (int) Math.min(Integer.MAX_VALUE,
                                                                          2 * statementTimeoutMillis + 1000));
                List<String> imsis = new ArrayList<>(appliedTimes.keySet());
                try (PreparedStatement s = connection.prepareStatement(RECORD)) {
                    s.setString(1, Long.toString(statementTimeoutMillis));
                    s.setString(2, eventId);
                    s.setArray(3, connection.createArrayOf("text", complete ? new String[0]
                            : applied.toArray(String[]::new)));
                    s.setBoolean(4, complete);
                    s.setDouble(5, retentionSeconds);
                    s.setDouble(6, retentionSeconds);
                    s.setArray(7, connection.createArrayOf("text", imsis.toArray(String[]::new)));
                    s.setArray(8, connection.createArrayOf("bigint", imsis.stream()
                            .map(i -> appliedTimes.get(i).getEpochSecond()).toArray(Long[]::new)));
                    s.setArray(9, connection.createArrayOf("integer", imsis.stream()
                            .map(i -> appliedTimes.get(i).getNano()).toArray(Integer[]::new)));
                    s.setDouble(10, retentionSeconds);
                    roundTrips.increment();
                    s.execute();
                }
                succeeded("record", start);
            } catch (SQLException e) {
                rollback();
                throw unavailable("record", start, e);
            }
            start = System.nanoTime();
            try {
                roundTrips.increment();
                connection.commit();
                succeeded("commit", start);
            } catch (SQLException e) {
                throw unavailable("commit", start, e);
            }
        }

        /** Ends the transaction without writing; a failure only means the connection is gone, and its locks. */
        private void rollback() {
            long start = System.nanoTime();
            try {
                roundTrips.increment();
                connection.rollback();
                observer.call("rollback", "ok", System.nanoTime() - start);
            } catch (SQLException e) {
                observer.call("rollback", "error", System.nanoTime() - start);
            }
        }
    }

    /**
     * A pool connection within this time; a failure fails the call. The quick read waits at most the connect timeout,
     * so a database that is down fails events fast; a unit waits until its deadline, as for a busy subscriber: on a
     * loaded pod, connections are held through WTL calls and free up as those end.
     */
    private Connection connection(long timeoutMillis, String call) {
        long start = System.nanoTime();
        try {
            Connection c = connections.get(Math.max(1, timeoutMillis));
            observer.call("connection", "ok", System.nanoTime() - start);
            return c;
        } catch (SQLException e) {
            observer.call("connection", "error", System.nanoTime() - start);
            throw unavailable(call, System.nanoTime(), e);
        }
    }

    private static Progress readProgress(ResultSet r) throws SQLException {
        if (!r.next()) {
            return Progress.NONE;
        }
        if (r.getBoolean(1)) {
            return Progress.COMPLETE;
        }
        Array ops = r.getArray(2);
        return new Progress(false, Set.of((String[]) ops.getArray()));
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            // the pool drops a broken connection on its own
        }
    }

    private void succeeded(String call, long start) {
        failure = null;
        observer.call(call, "ok", System.nanoTime() - start);
    }

    /** The failure as NSPS sees it (503, deliver again), logged with what the driver said (never a password). */
    private ConnectorError unavailable(String call, long start, SQLException e) {
        observer.call(call, "error", System.nanoTime() - start);
        failure = call + " failed at " + Instant.now() + " (SQL state " + e.getSQLState() + ")";
        LOG.warn("State store call failed: the event is answered 503 and delivered again by NSPS",
                 kv("state_call", call), kv("sql_state", String.valueOf(e.getSQLState())),
                 kv("error", e.getClass().getSimpleName() + ": " + e.getMessage()));
        return new ConnectorError.Unavailable("The connector's state store did not answer: deliver the event again",
                                              OUTCOME);
    }
}
