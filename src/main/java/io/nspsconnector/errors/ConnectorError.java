package io.nspsconnector.errors;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Every way a request can fail, as one sealed hierarchy. The HTTP layer maps each kind to a status and the
 * NSPS error body in one place; code that detects a failure only throws the right kind.
 */
public abstract sealed class ConnectorError extends RuntimeException {

    private final String error;

    private ConnectorError(String error) {
        super(error, null, false, false);
        this.error = error;
    }

    /** The specific reason, the NSPS body's {@code error} field. */
    public String error() {
        return error;
    }

    /** Short outcome label used in metrics and logs. */
    public abstract String outcome();

    /** Bearer token missing, malformed or not one of the configured tokens. */
    public static final class Unauthorized extends ConnectorError {
        public Unauthorized(String reason) {
            super(reason);
        }

        @Override
        public String outcome() {
            return "unauthorized";
        }
    }

    /** A body that was read but does not hold what its endpoint expects, with a problem per field. */
    public abstract static sealed class InvalidBody extends ConnectorError permits InvalidEvent, InvalidNotification {
        private final List<FieldProblem> problems;

        private InvalidBody(String reason, List<FieldProblem> problems) {
            super(reason);
            this.problems = List.copyOf(problems);
        }

        public List<FieldProblem> problems() {
            return problems;
        }

        @Override
        public String outcome() {
            return "invalid";
        }
    }

    /** The request body is not a valid NSPS event (malformed JSON, schema or business-field violations). */
    public static final class InvalidEvent extends InvalidBody {
        public InvalidEvent(String reason, List<FieldProblem> problems) {
            super(reason, problems);
        }

        public InvalidEvent(FieldProblem problem) {
            this(problem.field() + " " + problem.problem(), List.of(problem));
        }
    }

    /**
     * A Network as Code notification that is not a valid CloudEvent or whose data does not fit its type (400:
     * CAMARA's answer to a malformed notification, so the sender does not retry it).
     */
    public static final class InvalidNotification extends InvalidBody {
        public InvalidNotification(String reason, List<FieldProblem> problems) {
            super(reason, problems);
        }

        public InvalidNotification(FieldProblem problem) {
            this(problem.field() + " " + problem.problem(), List.of(problem));
        }
    }

    /** A query parameter of a read endpoint is unusable. */
    public static final class InvalidQuery extends ConnectorError {
        private final FieldProblem problem;

        public InvalidQuery(FieldProblem problem) {
            super(problem.field() + " " + problem.problem());
            this.problem = problem;
        }

        public FieldProblem problem() {
            return problem;
        }

        @Override
        public String outcome() {
            return "invalid";
        }
    }

    /** The body is larger than the configured limit. */
    public static final class PayloadTooLarge extends ConnectorError {
        public PayloadTooLarge(long limit) {
            super("Request body exceeds the limit of " + limit + " bytes");
        }

        /** When the limit that was hit is not known here. */
        public PayloadTooLarge() {
            super("Request body is too large");
        }

        @Override
        public String outcome() {
            return "too_large";
        }
    }

    /** The body was sent with a content type other than JSON. */
    public static final class UnsupportedMediaType extends ConnectorError {
        public UnsupportedMediaType(String contentType) {
            super("Content-Type must be application/json, got " + contentType);
        }

        /** When the offending type is not known here. */
        public UnsupportedMediaType() {
            super("Content-Type must be application/json");
        }

        @Override
        public String outcome() {
            return "unsupported_media_type";
        }
    }

    /** No route for the path, or no such resource. */
    public static final class NotFound extends ConnectorError {
        public NotFound() {
            super("Not found");
        }

        /** A path that routes but names nothing known, e.g. an unknown device. */
        public NotFound(String reason) {
            super(reason);
        }

        @Override
        public String outcome() {
            return "not_found";
        }
    }

    /** The path exists but not for this method. */
    public static final class MethodNotAllowed extends ConnectorError {
        private final String allow;

        public MethodNotAllowed(String allow) {
            super("Method not allowed");
            this.allow = allow;
        }

        /** Value for the {@code Allow} header. */
        public String allow() {
            return allow;
        }

        @Override
        public String outcome() {
            return "method_not_allowed";
        }
    }

    /** WTL refused the operation for a business reason; retrying the same event will not help. */
    public static final class WtlRejected extends ConnectorError {
        public WtlRejected(String wtlError) {
            super(wtlError);
        }

        @Override
        public String outcome() {
            return "wtl_rejected";
        }
    }

    /** WTL refused our credentials: the operator must fix the WTL token, NSPS retries meanwhile. */
    public static final class WtlAuthFailed extends ConnectorError {
        public WtlAuthFailed() {
            super("Invalid API token");
        }

        @Override
        public String outcome() {
            return "wtl_auth_failed";
        }
    }

    /** WTL kept answering 429. */
    public static final class WtlRateLimited extends ConnectorError {
        private final Duration retryAfter;

        public WtlRateLimited(Duration retryAfter) {
            super("Rate limit exceeded");
            this.retryAfter = retryAfter;
        }

        /** The delay WTL asked for, if it gave one. */
        public Optional<Duration> retryAfter() {
            return Optional.ofNullable(retryAfter);
        }

        @Override
        public String outcome() {
            return "wtl_rate_limited";
        }
    }

    /** WTL answered 5xx (after retries where they apply), or a 2xx we cannot read. */
    public static final class WtlServerError extends ConnectorError {
        public WtlServerError(String reason) {
            super(reason);
        }

        @Override
        public String outcome() {
            return "wtl_error";
        }
    }

    /** WTL could not be reached in time: refused, unreachable, timed out, circuit open or no capacity left. */
    public static final class WtlUnavailable extends ConnectorError {
        public WtlUnavailable(String reason) {
            super(reason);
        }

        @Override
        public String outcome() {
            return "wtl_unavailable";
        }
    }

    /**
     * The connector cannot take this event now, for a reason of its own that passes: it is shutting down, or an
     * earlier event of the same subscriber still holds it past this event's deadline. NSPS retries later.
     */
    public static final class Unavailable extends ConnectorError {
        private final String outcome;

        /**
         * @param reason  the specific reason, for NSPS
         * @param outcome label for metrics and logs, e.g. {@code shutting_down}
         */
        public Unavailable(String reason, String outcome) {
            super(reason);
            this.outcome = outcome;
        }

        @Override
        public String outcome() {
            return outcome;
        }
    }

    /** A failure of the connector itself. The reason is for logs only; NSPS sees a generic text. */
    public static final class Internal extends ConnectorError {
        public Internal(String reason) {
            super(reason);
        }

        @Override
        public String outcome() {
            return "internal_error";
        }
    }
}
