package io.nspsconnector.delivery;

import java.time.Duration;

/**
 * Delivery guarantee settings ({@code connector.delivery}): what the pod remembers of applied events, and how it stops.
 *
 * @param appliedEvents bounds of the record of applied event ids (duplicates)
 * @param subscribers   bounds of the per-IMSI record of the newest applied event (stale events)
 * @param shutdownGrace time a stopping pod gives the events in flight before it exits
 * @param futureTolerance how far after this pod's clock an event's {@code created_at} may lie and still order
 *                        its subscriber's events; a later one is not trusted (treated as absent)
 */
public record DeliverySettings(Bound appliedEvents, Bound subscribers, Duration shutdownGrace,
                               Duration futureTolerance) {

    /**
     * Bounds of an in-memory record.
     *
     * @param maxSize entries at most (0 keeps nothing)
     * @param ttl     how long an entry is kept after its last write
     */
    public record Bound(long maxSize, Duration ttl) {
    }
}
