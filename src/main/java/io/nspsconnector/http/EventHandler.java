package io.nspsconnector.http;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.nspsconnector.delivery.Drain;
import io.nspsconnector.delivery.EventProcessor;
import io.nspsconnector.errors.ConnectorError;
import io.nspsconnector.errors.ErrorKind;
import io.nspsconnector.event.Deadline;
import io.nspsconnector.json.JsonText;
import io.nspsconnector.logging.LogText;
import io.nspsconnector.logging.Masking;
import io.nspsconnector.metrics.ConnectorMetrics;
import io.nspsconnector.nsps.EventRules;
import io.nspsconnector.nsps.NspsEvent;
import io.nspsconnector.nsps.Outcome;
import io.nspsconnector.nsps.Plan;
import io.nspsconnector.wtl.WtlRequest;
import io.nspsconnector.wtl.WtlResult;
import org.slf4j.MDC;

/**
 * {@code POST /process-event}: admits the event (unless the pod is shutting down), reads the body within the size
 * limit, validates it, processes it and answers 202. Every failure is thrown as a {@link ConnectorError} and
 * answered by {@link ErrorMapper}; the outcome is counted either way.
 */
public final class EventHandler implements Handler {

    private static final byte[] PROCESSED = "{\"message\":\"Event processed successfully\"}"
            .getBytes(StandardCharsets.UTF_8);

    private final EventRules rules;
    private final EventProcessor processor;
    private final ConnectorMetrics metrics;
    private final long maxBodyBytes;
    private final Duration eventDeadline;
    private final Drain drain;
    private final Masking masking;

    /**
     * With subscriber identifiers masked in the access line.
     *
     * @param rules         validation and rules, shared with {@code /explain}
     * @param processor     applies the plan through WTL
     * @param metrics       meters
     * @param maxBodyBytes  largest accepted body
     * @param eventDeadline time allowed per event
     * @param drain         events in flight, and whether the pod is shutting down
     */
    public EventHandler(EventRules rules, EventProcessor processor, ConnectorMetrics metrics,
                        long maxBodyBytes, Duration eventDeadline, Drain drain) {
        this(rules, processor, metrics, maxBodyBytes, eventDeadline, drain, Masking.of(true));
    }

    /**
     * @param rules         validation and rules, shared with {@code /explain}
     * @param processor     applies the plan through WTL
     * @param metrics       meters
     * @param maxBodyBytes  largest accepted body
     * @param eventDeadline time allowed per event
     * @param drain         events in flight, and whether the pod is shutting down
     * @param masking       how the subscriber appears in the access line ({@code imsi})
     */
    public EventHandler(EventRules rules, EventProcessor processor, ConnectorMetrics metrics,
                        long maxBodyBytes, Duration eventDeadline, Drain drain, Masking masking) {
        this.masking = masking;
        this.rules = rules;
        this.processor = processor;
        this.metrics = metrics;
        this.maxBodyBytes = maxBodyBytes;
        this.eventDeadline = eventDeadline;
        this.drain = drain;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        long start = System.nanoTime();
        Deadline deadline;
        byte[] body;
        try {
            if (drain.draining()) {
                drain.enter(eventDeadline); // refused: the pod is shutting down
            }
            // read before the event counts as in flight: a stalled upload must not hold a shutdown
            body = RequestBody.readEvent(req, maxBodyBytes);
            Duration left = eventDeadline.minusNanos(System.nanoTime() - start);
            deadline = drain.enter(left.isNegative() ? Duration.ZERO : left);
        } catch (ConnectorError e) {
            metrics.event("unknown", e.outcome(), System.nanoTime() - start);
            throw e;
        }
        String typeLabel = "unknown";
        try {
            // the two steps /explain and the explain command take too (validate, plan), with the log context set between
            NspsEvent event = rules.validate(body);
            MDC.put("event_id", LogText.bound(event.eventId()));
            MDC.put("event_type", LogText.bound(event.eventType()));
            typeLabel = rules.typeLabel(event);
            Plan plan = rules.plan(event);
            // for the access line only: other lines name the IMSI and action of their own call
            req.context().register(AccessLine.Subscriber.class, new AccessLine.Subscriber(
                    event.sim().flatMap(NspsEvent.Sim::imsi).map(imsi -> LogText.bound(masking.imsi(imsi))).orElse(null),
                    plan instanceof Plan.Apply apply ? actions(apply) : null));
            Outcome outcome = processor.process(event, plan, deadline);
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
            case Outcome.Stale stale -> res.send(ignoredBody(stale.ignore().reason()));
            case Outcome.Duplicate duplicate -> res.send(ignoredBody("duplicate event " + duplicate.eventId()
                                                                             + ", already handled"));
            }
        } catch (ConnectorError e) {
            metrics.event(typeLabel, e.outcome(), System.nanoTime() - start);
            throw e;
        } catch (RuntimeException e) {
            metrics.event(typeLabel, ErrorKind.INTERNAL.outcome(), System.nanoTime() - start);
            throw e;
        } finally {
            drain.leave(deadline);
        }
    }

    /** The plan's WTL actions in order, comma-separated (usually one). */
    private static String actions(Plan.Apply apply) {
        if (apply.requests().size() == 1) {
            return apply.requests().getFirst().action().wire();
        }
        StringBuilder actions = new StringBuilder();
        for (WtlRequest request : apply.requests()) {
            actions.append(actions.isEmpty() ? "" : ",").append(request.action().wire());
        }
        return actions.toString();
    }

    /** The 202 body of an applied event. */
    public static byte[] processedBody() {
        return PROCESSED.clone();
    }

    /**
     * The 202 body of an ignored event.
     *
     * @param reason the rule's reason
     * @return {@code {"message":"Event ignored: <reason>"}}
     */
    public static byte[] ignoredBody(String reason) {
        StringBuilder json = new StringBuilder(96).append("{\"message\":");
        JsonText.appendString(json, "Event ignored: " + reason);
        return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }
}
