package io.nspsconnector.simulator;

/**
 * Settings of the embedded WTL simulator.
 *
 * @param token            Bearer token it requires, as a real WTL would
 * @param updateCreates    whether an update of an unknown IMSI creates it (else 404 "not found")
 * @param maxSubscribers   subscribers it keeps at most; a new IMSI beyond that is refused with 507
 * @param logSubscriberIds log IMSI and MSISDN in clear (else masked)
 * @param latency          time each provisioning answer is held back, to rehearse a slow HLR (zero: none)
 */
public record SimulatorSettings(String token, boolean updateCreates, int maxSubscribers, boolean logSubscriberIds,
                                java.time.Duration latency) {

    /** Checks the values. */
    public SimulatorSettings {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("token: the simulator needs a Bearer token");
        }
        if (latency == null || latency.isNegative()) {
            throw new IllegalArgumentException("latency: must be zero or more");
        }
        if (maxSubscribers < 1) {
            throw new IllegalArgumentException("max-subscribers: must be at least 1");
        }
    }

    /**
     * How the connector runs the simulator in its own process ({@code connector.simulator}, {@code --simulator},
     * {@code WTL_SIMULATOR_ENABLED}). The token is not here: the embedded simulator requires the WTL client's.
     *
     * @param enabled       start it and point the WTL client at it (asked for, and no WTL URL configured)
     * @param host          interface it listens on
     * @param port          its port (0 = any free port)
     * @param updateCreates whether an update of an unknown IMSI creates it (else 404)
     * @param latency       time each provisioning answer is held back (zero: none)
     */
    public record Embedded(boolean enabled, String host, int port, boolean updateCreates, java.time.Duration latency) {

        /** Subscribers the embedded simulator keeps at most. */
        public static final int MAX_SUBSCRIBERS = 1_000_000;

        /**
         * The simulator's settings for this embedding.
         *
         * @param token            Bearer token it requires (the WTL client's)
         * @param logSubscriberIds log IMSI and MSISDN in clear
         * @return the settings
         */
        public SimulatorSettings settings(String token, boolean logSubscriberIds) {
            return new SimulatorSettings(token, updateCreates, MAX_SUBSCRIBERS, logSubscriberIds, latency);
        }
    }

    @Override
    public String toString() {
        return "SimulatorSettings[token=<redacted>, updateCreates=" + updateCreates + ", maxSubscribers="
                + maxSubscribers + ", logSubscriberIds=" + logSubscriberIds + ", latency=" + latency + "]";
    }
}
