package io.nspsconnector.wtl;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.helidon.config.Config;

/**
 * WTL client settings, read from {@code connector.wtl} (and the reference variables) by the configuration.
 *
 * @param url             base URL; {@code /prov} is appended
 * @param token           Bearer token for WTL
 * @param connectTimeout  TCP/TLS connect timeout
 * @param attemptTimeout  longest wait for one WTL answer
 * @param eventDeadline   longest time spent on one event, retries included
 * @param retry           retry policy
 * @param breaker         circuit breaker
 * @param bulkhead        concurrency limit
 * @param treatAsSuccess  WTL rejections that mean "already done" for an action
 * @param client          Helidon WebClient settings passed through (TLS trust, proxy, default headers, ...)
 */
public record WtlSettings(URI url,
                  String token,
                  Duration connectTimeout,
                  Duration attemptTimeout,
                  Duration eventDeadline,
                  Retry retry,
                  Breaker breaker,
                  Bulkhead bulkhead,
                  Map<WtlAction, AlreadyDone> treatAsSuccess,
                  Config client) {

    /** Copies maps. */
    public WtlSettings {
        treatAsSuccess = Map.copyOf(treatAsSuccess);
    }

    /** The provisioning endpoint. */
    public URI provUri() {
        String base = url.toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + "/prov");
    }

    @Override
    public String toString() {
        return "WtlSettings[url=" + url + ", token=<redacted>, connectTimeout=" + connectTimeout
                + ", attemptTimeout=" + attemptTimeout + ", eventDeadline=" + eventDeadline + ", retry=" + retry
                + ", breaker=" + breaker + ", bulkhead=" + bulkhead + ", treatAsSuccess=" + treatAsSuccess + "]";
    }

    /**
     * Retry policy for transient WTL failures.
     *
     * @param attempts        total attempts per operation, first included
     * @param initialDelay    delay before the first retry
     * @param maxDelay        largest delay between attempts
     * @param multiplier      growth of the delay per attempt
     * @param jitter          random share (0..1) taken off or added to each delay
     * @param retryAfterCap   longest WTL {@code Retry-After} we wait for; longer ones are passed on to NSPS
     * @param retryStatuses   HTTP statuses retried
     */
    public record Retry(int attempts,
                        Duration initialDelay,
                        Duration maxDelay,
                        double multiplier,
                        double jitter,
                        Duration retryAfterCap,
                        Set<Integer> retryStatuses) {
        /** Copies sets. */
        public Retry {
            retryStatuses = Set.copyOf(retryStatuses);
        }
    }

    /**
     * Circuit breaker around WTL calls.
     *
     * @param enabled          whether calls go through the breaker
     * @param volume           rolling window of calls
     * @param errorRatio       failure percentage in the window that opens the breaker
     * @param delay            how long the breaker stays open before a trial call
     * @param successThreshold successful trial calls that close it again
     */
    public record Breaker(boolean enabled, int volume, int errorRatio, Duration delay, int successThreshold) {
    }

    /**
     * Limit on concurrent WTL calls.
     *
     * @param limit concurrent calls
     * @param queue calls waiting for a slot; beyond it a call fails at once
     */
    public record Bulkhead(int limit, int queue) {
    }

    /**
     * WTL answers that mean a repeated operation already took effect.
     *
     * @param statuses      HTTP statuses (besides 2xx with {@code result:false}) where the texts are looked for
     * @param errorContains texts, any of which in WTL's error (case-insensitive) marks the operation as done
     */
    public record AlreadyDone(Set<Integer> statuses, List<String> errorContains) {
        /** Copies and lower-cases. */
        public AlreadyDone {
            statuses = Set.copyOf(statuses);
            errorContains = errorContains.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
        }

        /**
         * Whether this WTL rejection means "already done".
         *
         * @param httpStatus WTL's HTTP status
         * @param error      WTL's error text
         * @return true if the operation can count as applied
         */
        public boolean matches(int httpStatus, String error) {
            if (error == null || !(httpStatus / 100 == 2 || statuses.contains(httpStatus))) {
                return false;
            }
            String text = error.toLowerCase(Locale.ROOT);
            return errorContains.stream().anyMatch(text::contains);
        }
    }
}
