package io.nspsconnector.http;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.nspsconnector.errors.ConnectorError;
import io.nspsconnector.errors.ErrorType;
import io.nspsconnector.errors.FieldProblem;
import io.nspsconnector.json.JsonText;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.HttpException;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The one place where failures become HTTP answers: status, headers and the NSPS error body
 * {@code {"message", "error", "type", "details"?}}. Handlers only throw.
 */
public final class ErrorMapper {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

    /**
     * An answer about to be written.
     *
     * @param status  HTTP status
     * @param type    NSPS error type
     * @param message general description
     * @param error   specific reason
     * @param details field problems, may be empty
     */
    public record ErrorBody(Status status, ErrorType type, String message, String error, List<FieldProblem> details) {

        /** The body as JSON bytes. */
        public byte[] toJson() {
            StringBuilder json = new StringBuilder(128);
            json.append("{\"message\":");
            JsonText.appendString(json, message);
            json.append(",\"error\":");
            JsonText.appendString(json, error);
            json.append(",\"type\":\"").append(type.name()).append('"');
            if (!details.isEmpty()) {
                json.append(",\"details\":[");
                for (int i = 0; i < details.size(); i++) {
                    json.append(i == 0 ? "{\"field\":" : ",{\"field\":");
                    JsonText.appendString(json, details.get(i).field());
                    json.append(",\"problem\":");
                    JsonText.appendString(json, details.get(i).problem());
                    json.append('}');
                }
                json.append(']');
            }
            return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    private ErrorMapper() {
    }

    /**
     * Registers the error handlers on a routing.
     *
     * @param routing routing to protect
     */
    public static void register(HttpRouting.Builder routing) {
        routing.error(ConnectorError.class, (req, res, e) -> send(res, e));
        routing.error(HttpException.class, (req, res, e) -> send(res, fromHttpException(e)));
        routing.error(Exception.class, (req, res, e) -> {
            LOG.error("Unexpected failure", e);
            send(res, new ConnectorError.Internal(e.getClass().getSimpleName()));
        });
    }

    /**
     * Writes the answer for a failure.
     *
     * @param res   response
     * @param error the failure
     */
    public static void send(ServerResponse res, ConnectorError error) {
        ErrorBody body = body(error);
        MDC.put("outcome", error.outcome());
        if (error instanceof ConnectorError.Unauthorized) {
            res.header(HeaderValues.create(HeaderNames.WWW_AUTHENTICATE, "Bearer"));
        } else if (error instanceof ConnectorError.MethodNotAllowed m) {
            res.header(HeaderNames.ALLOW, m.allow());
        } else if (error instanceof ConnectorError.WtlRateLimited r && r.retryAfter().isPresent()) {
            res.header(HeaderNames.RETRY_AFTER, Long.toString(Math.max(1, r.retryAfter().get().toSeconds())));
        }
        res.status(body.status())
                .header(HeaderValues.CONTENT_TYPE_JSON)
                .send(body.toJson());
    }

    /**
     * The answer for a failure: the table of the README's "Errors" section.
     *
     * @param error the failure
     * @return status, type and texts
     */
    public static ErrorBody body(ConnectorError error) {
        return switch (error) {
            case ConnectorError.Unauthorized e -> new ErrorBody(Status.UNAUTHORIZED_401, ErrorType.AUTHENTICATION_ERROR,
                                                                "Invalid access token", e.error(), List.of());
            case ConnectorError.InvalidEvent e -> new ErrorBody(Status.UNPROCESSABLE_CONTENT_422,
                                                                ErrorType.VALIDATION_ERROR, "Validation failed",
                                                                e.error(), e.problems());
            case ConnectorError.InvalidNotification e -> new ErrorBody(Status.BAD_REQUEST_400,
                                                                       ErrorType.VALIDATION_ERROR,
                                                                       "Invalid notification", e.error(),
                                                                       e.problems());
            case ConnectorError.InvalidQuery e -> new ErrorBody(Status.BAD_REQUEST_400, ErrorType.VALIDATION_ERROR,
                                                                "Invalid query", e.error(), List.of(e.problem()));
            case ConnectorError.PayloadTooLarge e -> new ErrorBody(Status.REQUEST_ENTITY_TOO_LARGE_413,
                                                                   ErrorType.VALIDATION_ERROR, "Payload too large",
                                                                   e.error(), List.of());
            case ConnectorError.UnsupportedMediaType e -> new ErrorBody(Status.UNSUPPORTED_MEDIA_TYPE_415,
                                                                        ErrorType.VALIDATION_ERROR,
                                                                        "Unsupported media type", e.error(), List.of());
            case ConnectorError.NotFound e -> new ErrorBody(Status.NOT_FOUND_404, ErrorType.VALIDATION_ERROR,
                                                            "Resource not found", e.error(), List.of());
            case ConnectorError.MethodNotAllowed e -> new ErrorBody(Status.METHOD_NOT_ALLOWED_405,
                                                                    ErrorType.VALIDATION_ERROR, "Method not allowed",
                                                                    e.error(), List.of());
            case ConnectorError.WtlRejected e -> new ErrorBody(Status.UNPROCESSABLE_CONTENT_422, ErrorType.SERVICE_ERROR,
                                                               "WTL service error", e.error(), List.of());
            case ConnectorError.WtlAuthFailed e -> new ErrorBody(Status.INTERNAL_SERVER_ERROR_500,
                                                                 ErrorType.AUTHENTICATION_ERROR,
                                                                 "WTL API authentication failed", e.error(), List.of());
            case ConnectorError.WtlRateLimited e -> new ErrorBody(Status.TOO_MANY_REQUESTS_429,
                                                                  ErrorType.RATE_LIMIT_ERROR,
                                                                  "Too many requests to API Core", e.error(), List.of());
            case ConnectorError.WtlServerError e -> new ErrorBody(Status.INTERNAL_SERVER_ERROR_500,
                                                                  ErrorType.SERVICE_ERROR, "API Core HTTP error",
                                                                  e.error(), List.of());
            case ConnectorError.WtlUnavailable e -> new ErrorBody(Status.SERVICE_UNAVAILABLE_503,
                                                                  ErrorType.CONNECTION_ERROR,
                                                                  "Core service is not available", e.error(), List.of());
            case ConnectorError.Unavailable e -> new ErrorBody(Status.SERVICE_UNAVAILABLE_503, ErrorType.CONNECTION_ERROR,
                                                               "Connector temporarily unavailable", e.error(), List.of());
            case ConnectorError.Internal e -> new ErrorBody(Status.INTERNAL_SERVER_ERROR_500, ErrorType.INTERNAL_ERROR,
                                                            "Internal server error", "Unexpected error", List.of());
        };
    }

    private static ConnectorError fromHttpException(HttpException e) {
        int code = e.status().code();
        if (code == 404) {
            return new ConnectorError.NotFound();
        }
        if (code == 405) {
            return new ConnectorError.MethodNotAllowed("POST");
        }
        if (code == 413) {
            return new ConnectorError.PayloadTooLarge();
        }
        if (code == 415) {
            return new ConnectorError.UnsupportedMediaType();
        }
        if (code / 100 == 4) {
            return new ConnectorError.InvalidEvent(new FieldProblem("request", e.getMessage() == null
                    ? "is malformed" : "is malformed: " + e.getMessage()));
        }
        LOG.error("HTTP failure", e);
        return new ConnectorError.Internal(e.getMessage());
    }
}
