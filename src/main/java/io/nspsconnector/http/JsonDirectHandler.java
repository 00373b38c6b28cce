package io.nspsconnector.http;

import java.util.List;

import io.nspsconnector.errors.ErrorType;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderValues;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;

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
        boolean clientError = status.code() / 100 == 4;
        String title = switch (eventType) {
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
