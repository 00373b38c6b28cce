package io.nspsconnector.http;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.HttpException;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerResponse;

import io.nspsconnector.errors.ConnectorError;
import io.nspsconnector.errors.ErrorKind;
import io.nspsconnector.errors.ErrorType;
import io.nspsconnector.errors.FieldProblem;
import io.nspsconnector.json.JsonText;
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
        error.headers().forEach((name, value) -> res.header(HeaderNames.create(name), value));
        res.status(body.status())
                .header(HeaderValues.CONTENT_TYPE_JSON)
                .send(body.toJson());
    }

    /**
     * The answer for a failure, as its kind describes it (the table of docs/api.md, "Answers and errors").
     *
     * @param error the failure
     * @return status, type and texts
     */
    public static ErrorBody body(ConnectorError error) {
        ErrorKind kind = error.kind();
        return new ErrorBody(Status.create(kind.status()), kind.type(), kind.title(), error.publicError(),
                             error.details());
    }

    private static ConnectorError fromHttpException(HttpException e) {
        int code = e.status().code();
        if (code == 404) {
            return new ConnectorError.NotFound();
        }
        // no 405 here: Helidon raises none of its own, every known path answers other methods itself
        // (AllowedMethods) with the methods it really has
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
