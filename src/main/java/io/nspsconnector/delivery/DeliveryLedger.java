package io.nspsconnector.delivery;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.nspsconnector.event.Deadline;

/**
 * What this connector has applied to WTL: per event, the operations already applied (and whether the event is
 * complete), and per IMSI, the NSPS creation time of the newest event applied to it. {@link DeliveryGuard} works on
 * one {@link Unit} per event: {@link #begin} takes the event's subscribers (no other unit of one of its IMSIs runs
 * until this one is closed) and reads what is recorded; the guard asks the unit, sends to WTL, tells the unit each
 * operation WTL applied, and ends it with {@link Unit#complete()} or, after a failure, with {@link Unit#close()}
 * alone (what was applied so far is then recorded, so NSPS's retry does not send it again).
 * <p>
 * {@link MemoryLedger} keeps it in the pod's memory and orders units with {@link SubscriberLocks}, per pod;
 * {@code state.PostgresLedger} keeps it in PostgreSQL and holds a transaction-scoped advisory lock per IMSI for the
 * unit's life, so the order holds across replicas and restarts (docs/delivery.md). A ledger that cannot answer
 * throws {@link io.nspsconnector.errors.ConnectorError}, which fails the event (503), never skips it.
 */
public interface DeliveryLedger {

    /**
     * What is known about an event.
     *
     * @param complete   every operation of the event was applied (or skipped as stale)
     * @param appliedOps keys of the operations applied so far, when not complete
     */
    record Progress(boolean complete, Set<String> appliedOps) {
        /** Nothing applied yet. */
        public static final Progress NONE = new Progress(false, Set.of());
        /** Applied in full. */
        public static final Progress COMPLETE = new Progress(true, Set.of());

        /** Copies the set. */
        public Progress {
            appliedOps = Set.copyOf(appliedOps);
        }
    }

    /**
     * A quick look at an event without taking its subscribers: lets a re-delivery of an applied event be answered
     * without waiting behind the subscriber's other events. {@link Unit#progress()} is the answer that counts.
     *
     * @param eventId NSPS event id
     * @return what is recorded for it ({@link Progress#NONE} when nothing is)
     */
    Progress progress(String eventId);

    /**
     * Starts the work on one event: waits (at most until the deadline) until no other unit holds one of these
     * IMSIs, takes them, and reads the event's progress and the IMSIs' newest times.
     *
     * @param eventId  NSPS event id
     * @param imsis    the IMSIs the event's operations touch (any order, repeats allowed)
     * @param deadline when the event must be answered
     * @return the unit, to close
     * @throws io.nspsconnector.errors.ConnectorError.Unavailable with outcome {@code subscriber_busy} if another
     *         unit holds one of the IMSIs past the deadline, or the store's outcome if it cannot answer
     */
    Unit begin(String eventId, List<String> imsis, Deadline deadline);

    /** One event's work, holding its subscribers until closed. Used by one thread. */
    interface Unit extends AutoCloseable {

        /**
         * @return what was recorded for the event when the unit began
         */
        Progress progress();

        /**
         * @param imsi one of the unit's IMSIs
         * @return creation time of the newest event applied to it when the unit began, if known
         */
        Optional<Instant> lastApplied(String imsi);

        /**
         * Tells the unit that WTL applied one operation of the event (recorded by {@link #complete()} or
         * {@link #close()}).
         *
         * @param opKey     the operation's key (its WTL request)
         * @param imsi      the IMSI it applied to
         * @param createdAt the event's creation time, to record as the IMSI's newest, if it has a trusted one
         */
        void applied(String opKey, String imsi, Optional<Instant> createdAt);

        /**
         * Records the event as applied in full (a later delivery is a duplicate), with the times of its IMSIs.
         *
         * @throws io.nspsconnector.errors.ConnectorError.Unavailable if the record could not be made: the event must
         *         not be answered 2xx
         */
        void complete();

        /**
         * Releases the subscribers. Without {@link #complete()} before it, the operations told so far are recorded
         * (as far as the store can; a failure here is logged, the event fails anyway).
         */
        @Override
        void close();
    }
}
