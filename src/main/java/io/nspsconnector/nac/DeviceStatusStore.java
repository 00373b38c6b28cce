package io.nspsconnector.nac;

import java.util.List;
import java.util.Optional;

/**
 * Where the latest status of every device Network as Code reports on is kept, and the notification ids seen: in
 * the pod's memory ({@link MemoryDeviceStatusStore}, the default) or in a database shared by every replica. Every
 * store applies a notification the same way ({@link DeviceMerge}): recognise a re-delivery (same {@code source} and
 * {@code id} within the dedupe window), find the device record, drop the event if it is stale, else update,
 * re-key or merge. A store that cannot do its work now throws {@link io.nspsconnector.errors.ConnectorError}
 * ({@code Unavailable}: the notification is answered 503 and delivered again, never 2xx unrecorded).
 */
public interface DeviceStatusStore {

    /** What became of a notification. */
    enum Outcome {
        /** The status was updated. */
        APPLIED("accepted"),
        /** Seen before (same source and id): not applied again. */
        DUPLICATE("duplicate"),
        /** Older than the stored state of the same aspect: dropped. */
        STALE("stale"),
        /** A type this receiver does not handle: nothing stored. */
        UNKNOWN_TYPE("unknown_type");

        private final String label;

        Outcome(String label) {
            this.label = label;
        }

        /** Label for metrics and logs. */
        public String label() {
            return label;
        }
    }

    /**
     * @param outcome what happened
     * @param key     the device concerned, when one was resolved
     * @param aspect  {@code connectivity}, {@code roaming} or {@code subscription}, when one was concerned
     */
    record Result(Outcome outcome, DeviceKey key, String aspect) {
    }

    /**
     * @param total   devices in the store
     * @param devices the requested page, ordered by key
     */
    record Page(int total, List<DeviceStatus> devices) {
    }

    /**
     * Applies one notification, or recognises it as a re-delivery.
     *
     * @param n          the notification
     * @param receivedAt now
     * @return what happened
     */
    Result apply(Notification n, java.time.Instant receivedAt);

    /**
     * @param key device key as shown in the views
     * @return the device's status
     */
    Optional<DeviceStatus> get(String key);

    /**
     * A page of devices ordered by key.
     *
     * @param offset devices to skip
     * @param limit  most devices to return
     * @return the page and the total
     */
    Page page(int offset, int limit);

    /**
     * Devices currently held, for the {@code nac_devices_tracked} gauge: a store that cannot count now answers the
     * last count it knew, so a scrape never fails on it.
     *
     * @return the count
     */
    int size();
}
