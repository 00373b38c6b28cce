package io.nspsconnector.server;

import java.time.Duration;

/**
 * Limits on what an unauthenticated peer may hold on the connector's port ({@code connector.inbound}, see
 * docs/exposure-and-limits.md): open connections, the time a request's headers and body may take, idle keep-alive
 * time, the time a response may take to be written, and the bytes of request bodies held in memory at once.
 *
 * @param maxConnections   open connections; beyond it the oldest connection not processing a request is closed
 * @param headerTimeout    longest time from a connection's accept (or a request's first line) to its complete headers
 * @param bodyTimeout      longest time from a request's headers to its complete body
 * @param idleTimeout      longest time a keep-alive connection may wait between two requests
 * @param responseTimeout  longest time a request may be processed and answered before its connection is closed
 * @param bodyBudgetBytes  request body bytes held in memory at once, all requests together
 * @param bodyBudgetWait   longest wait for room in the body budget (then 503): the event deadline
 */
public record InboundLimits(int maxConnections,
                            Duration headerTimeout,
                            Duration bodyTimeout,
                            Duration idleTimeout,
                            Duration responseTimeout,
                            long bodyBudgetBytes,
                            Duration bodyBudgetWait) {

    /** Smallest body budget: one body of the smallest allowed {@code connector.max-body-size}. */
    public static final long MIN_BODY_BUDGET = 1024;

    /** Defaults, sized for the Helm chart's heap (docs/exposure-and-limits.md). */
    public static final InboundLimits DEFAULTS = new InboundLimits(2000, Duration.ofSeconds(10),
                                                                   Duration.ofSeconds(30), Duration.ofSeconds(90),
                                                                   Duration.ofSeconds(60), 32L * 1024 * 1024,
                                                                   Duration.ofSeconds(20));

    /** Checks the values; the configuration reader reports them by key before this is reached. */
    public InboundLimits {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1");
        }
        if (bodyBudgetBytes < MIN_BODY_BUDGET) {
            throw new IllegalArgumentException("bodyBudgetBytes must be at least " + MIN_BODY_BUDGET);
        }
        for (Duration d : new Duration[] {headerTimeout, bodyTimeout, idleTimeout, responseTimeout, bodyBudgetWait}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("timeouts must be positive");
            }
        }
    }
}
