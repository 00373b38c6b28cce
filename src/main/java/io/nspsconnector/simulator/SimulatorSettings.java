package io.nspsconnector.simulator;

import io.helidon.config.Config;

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
     * Reads settings from a config node: {@code token} (required), {@code update-creates} (true),
     * {@code max-subscribers} (1,000,000), {@code log-subscriber-ids} (false).
     *
     * @param node config node
     * @return the settings
     */
    public static SimulatorSettings from(Config node) {
        return new SimulatorSettings(node.get("token").asString().orElse(null),
                                     node.get("update-creates").asBoolean().orElse(true),
                                     node.get("max-subscribers").asInt().orElse(1_000_000),
                                     node.get("log-subscriber-ids").asBoolean().orElse(false),
                                     node.get("latency").as(java.time.Duration.class).orElse(java.time.Duration.ZERO));
    }

    @Override
    public String toString() {
        return "SimulatorSettings[token=<redacted>, updateCreates=" + updateCreates + ", maxSubscribers="
                + maxSubscribers + ", logSubscriberIds=" + logSubscriberIds + ", latency=" + latency + "]";
    }
}
