package io.nspsconnector.http;

import java.util.List;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderValues;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;

import io.nspsconnector.errors.ErrorType;

/**
 * Answers requests that fail before routing (malformed HTTP, oversized headers or bodies) in the NSPS error
 * format instead of Helidon's plain text.
 */
public final class JsonDirectHandler implements DirectHandler {

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status status,
                                    ServerResponseHeaders headers, String message) {
        if (eventType == EventType.INTERNAL_ERROR && request == TransportRequest.empty()) {
            // Helidon failed before it could even read a request line (garbage bytes, a TLS hello on the plain
            // port): the client sent something that is not HTTP, not a failure of the connector
            status = Status.BAD_REQUEST_400;
            message = "The request could not be parsed as HTTP";
        }
        if (eventType == EventType.HTTP_VERSION_NOT_SUPPORTED) {
            // an HTTP/1.0 client (often a load balancer's health check): its request, not the connector, is at fault
            status = Status.HTTP_VERSION_NOT_SUPPORTED_505;
            message = "HTTP/1.0 is not supported: use HTTP/1.1 (for a health check, GET /health/live over HTTP/1.1)";
        } else if (status.code() == Status.NOT_IMPLEMENTED_501.code()) {
            // e.g. Transfer-Encoding: gzip, chunked: a request framing the connector does not accept
            message = "Unsupported request Transfer-Encoding: send the body with Content-Length or plain chunked";
        } else if (status.code() == Status.REQUEST_ENTITY_TOO_LARGE_413.code()) {
            // Helidon's own payload limit (a Content-Length far over the connector's limit): the same answer as ours
            message = "Request body is too large";
        }
        // answers about the request's own framing or version are the caller's to fix, never an internal error
        boolean clientError = status.code() / 100 == 4 || status.code() == 501 || status.code() == 505;
        String title = status.code() == Status.REQUEST_ENTITY_TOO_LARGE_413.code() ? "Payload too large"
                : switch (eventType) {
                    case PAYLOAD_TOO_LARGE -> "Payload too large";
                    case BAD_REQUEST -> "Bad request";
                    default -> clientError ? status.reasonPhrase() : "Internal server error";
                };
        ErrorMapper.ErrorBody body = new ErrorMapper.ErrorBody(status,
                                                               clientError ? ErrorType.VALIDATION_ERROR
                                                                       : ErrorType.INTERNAL_ERROR,
                                                               title,
                                                               clientError && message != null && !message.isBlank()
                                                                       ? message : title,
                                                               List.of());
        return TransportResponse.builder()
                .status(status)
                .headers(headers)
                .header(HeaderValues.CONTENT_TYPE_JSON)
                .entity(body.toJson())
                .build();
    }
}
