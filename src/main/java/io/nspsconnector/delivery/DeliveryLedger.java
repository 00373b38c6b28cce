package io.nspsconnector.delivery;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * What this connector has applied to WTL: per event, the operations already applied (and whether the event is
 * complete), and per IMSI, the NSPS creation time of the newest event applied to it. {@link DeliveryGuard} reads it
 * to skip duplicates and stale events.
 * <p>
 * {@link MemoryLedger} keeps it in the pod's memory, bounded and expiring; {@code state.PostgresLedger} keeps it
 * in PostgreSQL, shared by the replicas and kept across restarts (docs/delivery.md). A ledger that cannot answer
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
     * @param eventId NSPS event id
     * @return what is recorded for it ({@link Progress#NONE} when nothing is)
     */
    Progress progress(String eventId);

    /**
     * Records one operation of an event as applied by WTL.
     *
     * @param eventId NSPS event id
     * @param opKey   the operation's key (its WTL request)
     */
    void operationApplied(String eventId, String opKey);

    /**
     * Records an event as applied in full: a later delivery of it is a duplicate.
     *
     * @param eventId NSPS event id
     */
    void eventApplied(String eventId);

    /**
     * @param imsi IMSI
     * @return creation time of the newest event applied to it, if known
     */
    Optional<Instant> lastApplied(String imsi);

    /**
     * Records that an event created at this time was applied to an IMSI (an older time than the one recorded
     * leaves the record as it is).
     *
     * @param imsi      IMSI
     * @param createdAt the event's NSPS creation time
     */
    void subscriberApplied(String imsi, Instant createdAt);
}
