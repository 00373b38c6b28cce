package io.nspsconnector.errors;

/**
 * The facts of each way a request can fail, in one table: HTTP status, NSPS error type, the NSPS body's
 * {@code message} (title) and the outcome label for metrics and logs. A new kind is a row here and a
 * {@link ConnectorError} subclass that names it.
 */
public enum ErrorKind {
    UNAUTHORIZED(401, ErrorType.AUTHENTICATION_ERROR, "Invalid access token", "unauthorized"),
    INVALID_EVENT(422, ErrorType.VALIDATION_ERROR, "Validation failed", "invalid"),
    INVALID_NOTIFICATION(400, ErrorType.VALIDATION_ERROR, "Invalid notification", "invalid"),
    INVALID_QUERY(400, ErrorType.VALIDATION_ERROR, "Invalid query", "invalid"),
    PAYLOAD_TOO_LARGE(413, ErrorType.VALIDATION_ERROR, "Payload too large", "too_large"),
    UNSUPPORTED_MEDIA_TYPE(415, ErrorType.VALIDATION_ERROR, "Unsupported media type", "unsupported_media_type"),
    NOT_FOUND(404, ErrorType.VALIDATION_ERROR, "Resource not found", "not_found"),
    METHOD_NOT_ALLOWED(405, ErrorType.VALIDATION_ERROR, "Method not allowed", "method_not_allowed"),
    WTL_REJECTED(422, ErrorType.SERVICE_ERROR, "WTL service error", "wtl_rejected"),
    WTL_AUTH_FAILED(500, ErrorType.AUTHENTICATION_ERROR, "WTL API authentication failed", "wtl_auth_failed"),
    WTL_RATE_LIMITED(429, ErrorType.RATE_LIMIT_ERROR, "Too many requests to API Core", "wtl_rate_limited"),
    WTL_SERVER_ERROR(500, ErrorType.SERVICE_ERROR, "API Core HTTP error", "wtl_error"),
    WTL_UNAVAILABLE(503, ErrorType.CONNECTION_ERROR, "Core service is not available", "wtl_unavailable"),
    /** The outcome label is the instance's own reason (e.g. {@code shutting_down}); this one is a fallback. */
    UNAVAILABLE(503, ErrorType.CONNECTION_ERROR, "Connector temporarily unavailable", "unavailable"),
    /** The specific reason is for logs only: NSPS sees {@link #publicError()}. */
    INTERNAL(500, ErrorType.INTERNAL_ERROR, "Internal server error", "internal_error", "Unexpected error");

    private final int status;
    private final ErrorType type;
    private final String title;
    private final String outcome;
    private final String publicError;

    ErrorKind(int status, ErrorType type, String title, String outcome) {
        this(status, type, title, outcome, null);
    }

    ErrorKind(int status, ErrorType type, String title, String outcome, String publicError) {
        this.status = status;
        this.type = type;
        this.title = title;
        this.outcome = outcome;
        this.publicError = publicError;
    }

    /** HTTP status code of the answer. */
    public int status() {
        return status;
    }

    /** NSPS error type, the body's {@code type}. */
    public ErrorType type() {
        return type;
    }

    /** General description, the body's {@code message}. */
    public String title() {
        return title;
    }

    /** Outcome label for metrics and logs. */
    public String outcome() {
        return outcome;
    }

    /** The text NSPS sees as {@code error} instead of the specific reason, or null to show the reason. */
    public String publicError() {
        return publicError;
    }
}
