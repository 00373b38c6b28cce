package io.nspsconnector.wtl;

/** Values of the WTL {@code subscriber_status} field. */
public enum SubscriberStatus {
    /** Service allowed. */
    SERVICE_GRANTED("serviceGranted"),
    /** Barred by the operator. */
    OPERATOR_DETERMINED_BARRING("operatorDeterminedBarring");

    private final String wire;

    SubscriberStatus(String wire) {
        this.wire = wire;
    }

    /** The value sent on the wire. */
    public String wire() {
        return wire;
    }

    /**
     * Parses a configured value.
     *
     * @param value {@code serviceGranted} or {@code operatorDeterminedBarring}
     * @return the status
     * @throws IllegalArgumentException naming the allowed values
     */
    public static SubscriberStatus parse(String value) {
        for (SubscriberStatus status : values()) {
            if (status.wire.equals(value.trim())) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown subscriber status '" + value
                                                   + "' (allowed: serviceGranted, operatorDeterminedBarring)");
    }
}
