package io.nspsconnector.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;


import io.helidon.config.Config;

/**
 * Limits on what an unauthenticated peer may hold on the connector's port ({@code connector.inbound}, README
 * "Exposure and limits"): open connections, the time a request's headers and body may take, idle keep-alive time,
 * the time a response may take to be written, and the bytes of request bodies held in memory at once.
 *
 * @param maxConnections   open connections; beyond it the oldest connection not processing a request is closed
 * @param headerTimeout    longest time from a connection's accept (or a request's first line) to its complete headers
 * @param bodyTimeout      longest time from a request's headers to its complete body
 * @param idleTimeout      longest time a keep-alive connection may wait between two requests
 * @param responseTimeout  longest time a request may be processed and answered before its connection is closed
 * @param bodyBudgetBytes  request body bytes held in memory at once, all requests together
 * @param bodyBudgetWait   longest wait for room in the body budget (then 503)
 */
public record InboundLimits(int maxConnections,
                            Duration headerTimeout,
                            Duration bodyTimeout,
                            Duration idleTimeout,
                            Duration responseTimeout,
                            long bodyBudgetBytes,
                            Duration bodyBudgetWait) {

    /** Defaults, sized for the Helm chart's heap (README "Exposure and limits"). */
    public static final InboundLimits DEFAULTS = new InboundLimits(2000, Duration.ofSeconds(10),
                                                                   Duration.ofSeconds(30), Duration.ofSeconds(90),
                                                                   Duration.ofSeconds(60), 32L * 1024 * 1024,
                                                                   Duration.ofSeconds(20));

    /**
     * Reads {@code connector.inbound}; a missing key takes its default.
     *
     * @param node          the {@code connector.inbound} node
     * @param eventDeadline the event deadline: the body budget wait never exceeds it
     * @return the limits
     * @throws InvalidServerSettings if a value is out of range
     */
    public static InboundLimits from(Config node, Duration eventDeadline) {
        List<String> problems = new ArrayList<>();
        InboundLimits d = DEFAULTS;
        int max = node.get("max-connections").asInt().orElse(d.maxConnections());
        if (max < 1) {
            problems.add("connector.inbound.max-connections must be at least 1");
        }
        Duration header = positive(node, "header-timeout", d.headerTimeout(), problems);
        Duration body = positive(node, "body-timeout", d.bodyTimeout(), problems);
        Duration idle = positive(node, "idle-timeout", d.idleTimeout(), problems);
        Duration response = positive(node, "response-timeout", d.responseTimeout(), problems);
        long budget = node.get("body-budget").asLong().orElse(d.bodyBudgetBytes());
        if (budget < 1024) {
            problems.add("connector.inbound.body-budget must be at least 1024 bytes");
        }
        if (!problems.isEmpty()) {
            throw new InvalidServerSettings("application.yaml", problems);
        }
        return new InboundLimits(max, header, body, idle, response, budget, eventDeadline);
    }

    private static Duration positive(Config node, String key, Duration fallback, List<String> problems) {
        Config value = node.get(key);
        if (!value.exists()) {
            return fallback;
        }
        try {
            Duration d = value.as(Duration.class).get();
            if (d.isNegative() || d.isZero()) {
                problems.add("connector.inbound." + key + " must be positive");
                return fallback;
            }
            return d;
        } catch (RuntimeException e) {
            problems.add("connector.inbound." + key + " is not an ISO-8601 duration such as PT10S");
            return fallback;
        }
    }
}
