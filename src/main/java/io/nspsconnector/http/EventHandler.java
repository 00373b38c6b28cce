package io.nspsconnector.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

import io.nspsconnector.errors.ConnectorError;
import io.nspsconnector.errors.FieldProblem;
import io.nspsconnector.metrics.ConnectorMetrics;
import io.nspsconnector.nsps.EventProcessor;
import io.nspsconnector.nsps.EventValidator;
import io.nspsconnector.nsps.NspsEvent;
import io.nspsconnector.nsps.Outcome;
import io.nspsconnector.wtl.Deadline;
import io.nspsconnector.json.JsonText;
import io.nspsconnector.wtl.WtlResult;

import io.helidon.common.media.type.MediaType;
import io.helidon.http.HeaderValues;
import io.helidon.http.HttpMediaType;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.slf4j.MDC;

/**
 * {@code POST /process-event}: reads the body within the size limit, validates it, processes it and answers
 * 202. Every failure is thrown as a {@link ConnectorError} and answered by {@link ErrorMapper}; the outcome is
 * counted either way.
 */
public final class EventHandler implements Handler {

    private static final byte[] PROCESSED = "{\"message\":\"Event processed successfully\"}"
            .getBytes(StandardCharsets.UTF_8);

    private final EventValidator validator;
    private final EventProcessor processor;
    private final ConnectorMetrics metrics;
    private final long maxBodyBytes;
    private final Duration eventDeadline;

    /**
     * @param validator     body to typed event
     * @param processor     rules and WTL
     * @param metrics       meters
     * @param maxBodyBytes  largest accepted body
     * @param eventDeadline time allowed per event
     */
    public EventHandler(EventValidator validator, EventProcessor processor, ConnectorMetrics metrics,
                        long maxBodyBytes, Duration eventDeadline) {
        this.validator = validator;
        this.processor = processor;
        this.metrics = metrics;
        this.maxBodyBytes = maxBodyBytes;
        this.eventDeadline = eventDeadline;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        long start = System.nanoTime();
        Deadline deadline = Deadline.in(eventDeadline);
        String typeLabel = "unknown";
        try {
            NspsEvent event = validator.validate(body(req));
            MDC.put("event_id", event.eventId());
            MDC.put("event_type", event.eventType());
            typeLabel = processor.mappings().events().containsKey(event.eventType()) ? event.eventType() : "unmapped";
            Outcome outcome = processor.process(event, deadline);
            MDC.put("outcome", outcome.label());
            metrics.event(typeLabel, outcome.label(), System.nanoTime() - start);
            res.status(Status.ACCEPTED_202).header(HeaderValues.CONTENT_TYPE_JSON);
            switch (outcome) {
            case Outcome.Processed processed -> {
                int attempts = processed.results().stream().mapToInt(WtlResult::attempts).sum();
                MDC.put("wtl_attempts", Integer.toString(attempts));
                res.send(PROCESSED);
            }
            case Outcome.Ignored ignored -> res.send(ignoredBody(ignored.ignore().reason()));
            }
        } catch (ConnectorError e) {
            metrics.event(typeLabel, e.outcome(), System.nanoTime() - start);
            throw e;
        } catch (RuntimeException e) {
            metrics.event(typeLabel, "internal_error", System.nanoTime() - start);
            throw e;
        }
    }

    private byte[] body(ServerRequest req) {
        Optional<HttpMediaType> contentType = req.headers().contentType();
        if (contentType.isPresent() && !isJson(contentType.get().mediaType())) {
            throw new ConnectorError.UnsupportedMediaType(contentType.get().mediaType().fullType());
        }
        OptionalLong length = req.headers().contentLength();
        if (length.isPresent() && length.getAsLong() > maxBodyBytes) {
            throw new ConnectorError.PayloadTooLarge(maxBodyBytes);
        }
        try (InputStream in = req.content().inputStream()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
            if (body.length > maxBodyBytes) {
                throw new ConnectorError.PayloadTooLarge(maxBodyBytes);
            }
            return body;
        } catch (IOException | UncheckedIOException e) {
            throw new ConnectorError.InvalidEvent(new FieldProblem("body", "could not be read completely"));
        }
    }

    private static boolean isJson(MediaType type) {
        return "application".equals(type.type())
                && ("json".equals(type.subtype()) || type.subtype().endsWith("+json"));
    }

    private static byte[] ignoredBody(String reason) {
        StringBuilder json = new StringBuilder(96).append("{\"message\":");
        JsonText.appendString(json, "Event ignored: " + reason);
        return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }
}
