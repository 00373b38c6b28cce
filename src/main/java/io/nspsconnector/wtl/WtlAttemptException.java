package io.nspsconnector.wtl;

import java.time.Duration;
import java.util.Optional;

/**
 * A WTL attempt that failed in a way that may pass: the retry and circuit-breaker policies look at these only.
 * Final answers (success, business rejection, refused credentials) are not attempt failures.
 */
abstract sealed class WtlAttemptException extends RuntimeException {

    private WtlAttemptException(String message) {
        super(message, null, false, false);
    }

    /** Label for metrics, e.g. {@code timeout} or {@code http_503}. */
    abstract String reason();

    /** Whether another attempt may succeed. */
    abstract boolean retryable();

    /**
     * WTL could not be reached, did not answer in time, or sent an answer that cannot be trusted (interim 1xx
     * answers, ambiguous framing): nothing was learnt about the operation.
     */
    static final class Transport extends WtlAttemptException {
        private final String reason;

        Transport(String message, boolean timeout) {
            this(message, timeout ? "timeout" : "connect_error");
        }

        Transport(String message, String reason) {
            super(message);
            this.reason = reason;
        }

        boolean timeout() {
            return reason.equals("timeout");
        }

        @Override
        String reason() {
            return reason;
        }

        @Override
        boolean retryable() {
            return true;
        }
    }

    /** WTL answered with a server error. */
    static final class ServerError extends WtlAttemptException {
        private final int status;
        private final boolean retryable;

        ServerError(int status, String error, boolean retryable) {
            super(error);
            this.status = status;
            this.retryable = retryable;
        }

        int status() {
            return status;
        }

        @Override
        String reason() {
            return "http_" + status;
        }

        @Override
        boolean retryable() {
            return retryable;
        }
    }

    /** WTL answered 429. Not a sign of ill health, so the circuit breaker ignores it. */
    static final class Throttled extends WtlAttemptException {
        private final Duration retryAfter;

        Throttled(Duration retryAfter) {
            super("Rate limit exceeded");
            this.retryAfter = retryAfter;
        }

        Optional<Duration> retryAfter() {
            return Optional.ofNullable(retryAfter);
        }

        @Override
        String reason() {
            return "http_429";
        }

        @Override
        boolean retryable() {
            return true;
        }
    }
}
