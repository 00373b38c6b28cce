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

    @Override
    public String toString() {
        return "SimulatorSettings[token=<redacted>, updateCreates=" + updateCreates + ", maxSubscribers="
                + maxSubscribers + ", logSubscriberIds=" + logSubscriberIds + ", latency=" + latency + "]";
    }
}
