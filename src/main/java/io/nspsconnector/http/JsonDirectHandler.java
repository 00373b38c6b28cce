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
