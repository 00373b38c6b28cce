package io.nspsconnector.errors;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every way a request can fail, as one sealed hierarchy. Each subclass names its {@link ErrorKind} (status, NSPS
 * type, title, outcome label) and carries what varies per failure: the reason, field problems, response headers.
 * The HTTP layer only writes these down; code that detects a failure only throws the right kind.
 */
public abstract sealed class ConnectorError extends RuntimeException {

    private final ErrorKind kind;
    private final String error;

    private ConnectorError(ErrorKind kind, String error) {
        super(error, null, false, false);
        this.kind = kind;
        this.error = error;
    }

    /** Status, NSPS type, title and outcome label of this failure. */
    public ErrorKind kind() {
        return kind;
    }

    /** The specific reason, the NSPS body's {@code error} field. */
    public String error() {
        return error;
    }

    /** What NSPS sees as {@code error}: the reason, unless the kind keeps it for logs. */
    public String publicError() {
        return kind.publicError() == null ? error : kind.publicError();
    }

    /** Short outcome label used in metrics and logs. */
    public String outcome() {
        return kind.outcome();
    }

    /** Field problems, the NSPS body's {@code details}; empty for most kinds. */
    public List<FieldProblem> details() {
        return List.of();
    }

    /** Response headers this failure's answer carries, by name. */
    public Map<String, String> headers() {
        return Map.of();
    }

    /** Bearer token missing, malformed or not one of the configured tokens. */
    public static final class Unauthorized extends ConnectorError {
        public Unauthorized(String reason) {
            super(ErrorKind.UNAUTHORIZED, reason);
        }

        @Override
        public Map<String, String> headers() {
            return Map.of("WWW-Authenticate", "Bearer");
        }
    }

    /** A body that was read but does not hold what its endpoint expects, with a problem per field. */
    public abstract static sealed class InvalidBody extends ConnectorError permits InvalidEvent, InvalidNotification {
        private final List<FieldProblem> problems;

        private InvalidBody(ErrorKind kind, String reason, List<FieldProblem> problems) {
            super(kind, reason);
            this.problems = List.copyOf(problems);
        }

        public List<FieldProblem> problems() {
            return problems;
        }

        @Override
        public List<FieldProblem> details() {
            return problems;
        }
    }

    /** The request body is not a valid NSPS event (malformed JSON, schema or business-field violations). */
    public static final class InvalidEvent extends InvalidBody {
        public InvalidEvent(String reason, List<FieldProblem> problems) {
            super(ErrorKind.INVALID_EVENT, reason, problems);
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
            super(ErrorKind.INVALID_NOTIFICATION, reason, problems);
        }

        public InvalidNotification(FieldProblem problem) {
            this(problem.field() + " " + problem.problem(), List.of(problem));
        }
    }

    /** A query parameter of a read endpoint is unusable. */
    public static final class InvalidQuery extends ConnectorError {
        private final FieldProblem problem;

        public InvalidQuery(FieldProblem problem) {
            super(ErrorKind.INVALID_QUERY, problem.field() + " " + problem.problem());
            this.problem = problem;
        }

        public FieldProblem problem() {
            return problem;
        }

        @Override
        public List<FieldProblem> details() {
            return List.of(problem);
        }
    }

    /** The body is larger than the configured limit. */
    public static final class PayloadTooLarge extends ConnectorError {
        public PayloadTooLarge(long limit) {
            super(ErrorKind.PAYLOAD_TOO_LARGE, "Request body exceeds the limit of " + limit + " bytes");
        }

        /** When the limit that was hit is not known here. */
        public PayloadTooLarge() {
            super(ErrorKind.PAYLOAD_TOO_LARGE, "Request body is too large");
        }
    }

    /** The body was sent with a content type other than JSON. */
    public static final class UnsupportedMediaType extends ConnectorError {
        public UnsupportedMediaType(String contentType) {
            super(ErrorKind.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json, got " + contentType);
        }

        /** When the offending type is not known here. */
        public UnsupportedMediaType() {
            super(ErrorKind.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json");
        }
    }

    /** No route for the path, or no such resource. */
    public static final class NotFound extends ConnectorError {
        public NotFound() {
            super(ErrorKind.NOT_FOUND, "Not found");
        }

        /** A path that routes but names nothing known, e.g. an unknown device. */
        public NotFound(String reason) {
            super(ErrorKind.NOT_FOUND, reason);
        }
    }

    /** The path exists but not for this method. */
    public static final class MethodNotAllowed extends ConnectorError {
        private final String allow;

        public MethodNotAllowed(String allow) {
            super(ErrorKind.METHOD_NOT_ALLOWED, "Method not allowed");
            this.allow = allow;
        }

        /** Value for the {@code Allow} header. */
        public String allow() {
            return allow;
        }

        @Override
        public Map<String, String> headers() {
            return Map.of("Allow", allow);
        }
    }

    /** WTL refused the operation for a business reason; retrying the same event will not help. */
    public static final class WtlRejected extends ConnectorError {
        public WtlRejected(String wtlError) {
            super(ErrorKind.WTL_REJECTED, wtlError);
        }
    }

    /** WTL refused our credentials: the operator must fix the WTL token, NSPS retries meanwhile. */
    public static final class WtlAuthFailed extends ConnectorError {
        public WtlAuthFailed() {
            super(ErrorKind.WTL_AUTH_FAILED, "Invalid API token");
        }
    }

    /** WTL kept answering 429. */
    public static final class WtlRateLimited extends ConnectorError {
        private final Duration retryAfter;

        public WtlRateLimited(Duration retryAfter) {
            super(ErrorKind.WTL_RATE_LIMITED, "Rate limit exceeded");
            this.retryAfter = retryAfter;
        }

        /** The delay WTL asked for, if it gave one. */
        public Optional<Duration> retryAfter() {
            return Optional.ofNullable(retryAfter);
        }

        @Override
        public Map<String, String> headers() {
            return retryAfter == null ? Map.of() : Map.of("Retry-After", Long.toString(Math.max(1, retryAfter.toSeconds())));
        }
    }

    /** WTL answered 5xx (after retries where they apply), or a 2xx we cannot read. */
    public static final class WtlServerError extends ConnectorError {
        public WtlServerError(String reason) {
            super(ErrorKind.WTL_SERVER_ERROR, reason);
        }
    }

    /** WTL could not be reached in time: refused, unreachable, timed out, circuit open or no capacity left. */
    public static final class WtlUnavailable extends ConnectorError {
        public WtlUnavailable(String reason) {
            super(ErrorKind.WTL_UNAVAILABLE, reason);
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
            super(ErrorKind.UNAVAILABLE, reason);
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
            super(ErrorKind.INTERNAL, reason);
        }
    }
}
