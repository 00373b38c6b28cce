package io.nspsconnector.nac;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import io.helidon.common.media.type.MediaType;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaType;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.nspsconnector.errors.ConnectorError;
import io.nspsconnector.errors.ErrorKind;
import io.nspsconnector.errors.FieldProblem;
import io.nspsconnector.http.RequestBody;
import io.nspsconnector.logging.LogText;
import io.nspsconnector.logging.Masking;
import io.nspsconnector.metrics.ConnectorMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * {@code POST /notifications}: reads the body within its size limit, parses it, applies it to the store and
 * answers 204 (also for re-deliveries, stale events and unknown types, which CAMARA senders must not retry).
 * Failures are thrown as {@link ConnectorError} and answered in the service's error format; every notification
 * is counted and logged once, identifiers masked.
 */
public final class NotificationHandler implements Handler {

    /** CAMARA's correlation header, echoed in the answer. */
    public static final HeaderName X_CORRELATOR = HeaderNames.create("x-correlator");

    private static final Logger LOG = LoggerFactory.getLogger(NotificationHandler.class);
    private static final Pattern CORRELATOR = Pattern.compile("[a-zA-Z0-9_:;./<>{}-]{1,256}");
    private static final Set<String> KNOWN_REASONS = Set.of("SUBSCRIPTION_EXPIRED", "NETWORK_TERMINATED",
                                                            "MAX_EVENTS_REACHED", "ACCESS_TOKEN_EXPIRED",
                                                            "SUBSCRIPTION_DELETED");
    private static final int MAX_UNKNOWN_TYPES_WARNED = 100;

    private final NotificationParser parser;
    private final DeviceStatusStore store;
    private final ConnectorMetrics metrics;
    private final Masking masking;
    private final long maxBodyBytes;
    private final Set<String> unknownTypesWarned = ConcurrentHashMap.newKeySet();

    /**
     * @param parser       body to notification
     * @param store        device status store
     * @param metrics      meters
     * @param masking      how identifiers appear in logs
     * @param maxBodyBytes largest accepted body
     */
    public NotificationHandler(NotificationParser parser, DeviceStatusStore store, ConnectorMetrics metrics,
                               Masking masking, long maxBodyBytes) {
        this.parser = parser;
        this.store = store;
        this.metrics = metrics;
        this.masking = masking;
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * Echoes a well-formed {@code x-correlator} header, before authentication so even a 401 carries it.
     *
     * @param req request
     * @param res response
     */
    public static void correlate(ServerRequest req, ServerResponse res) {
        correlator(req).ifPresent(c -> {
            res.header(X_CORRELATOR, c);
            MDC.put("x_correlator", c);
        });
        res.next();
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        long start = System.nanoTime();
        String typeLabel = "none";
        try {
            Notification n = parser.parse(body(req));
            typeLabel = n.typeLabel();
            MDC.put("notification_id", LogText.bound(n.id()));
            MDC.put("notification_type", LogText.bound(n.type()));
            DeviceStatusStore.Result result = store.apply(n, Instant.now());
            String outcome = result.outcome().label();
            MDC.put("outcome", outcome);
            metrics.nacNotification(typeLabel, outcome, System.nanoTime() - start);
            count(n, result);
            log(n, result);
            res.status(Status.NO_CONTENT_204).send();
        } catch (ConnectorError e) {
            metrics.nacNotification(typeLabel, e.outcome(), System.nanoTime() - start);
            MDC.put("outcome", e.outcome());
            LOG.info("Network as Code notification rejected", kv("reason", LogText.bound(e.error())));
            throw e;
        } catch (RuntimeException e) {
            metrics.nacNotification(typeLabel, ErrorKind.INTERNAL.outcome(), System.nanoTime() - start);
            throw e;
        }
    }

    private void count(Notification n, DeviceStatusStore.Result result) {
        switch (result.outcome()) {
        case DUPLICATE -> metrics.nacDropped("duplicate", "none");
        case STALE -> metrics.nacDropped("stale", result.aspect());
        case APPLIED -> {
            if (n.change() instanceof Notification.SubscriptionEnds e) {
                metrics.nacSubscriptionEnded(KNOWN_REASONS.contains(e.reason()) ? e.reason() : "other");
            }
        }
        case UNKNOWN_TYPE -> {
        }
        }
    }

    private void log(Notification n, DeviceStatusStore.Result result) {
        // notification_id, notification_type, outcome and x_correlator are on the line through the MDC
        List<Object> fields = new ArrayList<>(8);
        fields.add(kv("subscription_id", n.subscriptionId()));
        fields.add(kv("device", result.key() == null ? null : result.key().masked(masking)));
        fields.add(kv("event_time", n.time().toString()));
        switch (n.change()) {
        case Notification.Connectivity c -> fields.add(kv("connectivity", c.status().name()));
        case Notification.Roaming r -> {
            fields.add(kv("roaming", r.roaming()));
            if (r.countryCode() != null) {
                fields.add(kv("country_code", r.countryCode()));
            }
        }
        case Notification.SubscriptionEnds e -> {
            fields.add(kv("termination_reason", e.reason()));
            if (e.description() != null) {
                fields.add(kv("termination_description", masking.text(e.description())));
            }
        }
        case Notification.Unknown u -> {
        }
        }
        Object[] args = fields.toArray();
        if (n.change() instanceof Notification.SubscriptionEnds && result.outcome() == DeviceStatusStore.Outcome.APPLIED) {
            LOG.warn("Network as Code subscription ended: its device is no longer tracked", args);
        } else if (result.outcome() == DeviceStatusStore.Outcome.UNKNOWN_TYPE
                && unknownTypesWarned.size() < MAX_UNKNOWN_TYPES_WARNED && unknownTypesWarned.add(n.type())) {
            LOG.warn("Network as Code notification of a type not handled: accepted, nothing stored", args);
        } else {
            LOG.info("Network as Code notification", args);
        }
    }

    private byte[] body(ServerRequest req) {
        Optional<HttpMediaType> contentType = req.headers().contentType();
        if (contentType.isPresent()) {
            MediaType type = contentType.get().mediaType();
            if (type.type().equals("application") && type.subtype().equals("cloudevents-batch+json")) {
                throw new ConnectorError.InvalidNotification(new FieldProblem(
                        "body", "is a CloudEvents batch; send one notification per request"));
            }
            if (!type.type().equals("application")
                    || !type.subtype().equals("json") && !type.subtype().equals("cloudevents+json")) {
                throw new ConnectorError.UnsupportedMediaType(type.fullType());
            }
        }
        return RequestBody.read(req, maxBodyBytes, ConnectorError.InvalidNotification::new);
    }

    private static Optional<String> correlator(ServerRequest req) {
        return req.headers().first(X_CORRELATOR).filter(c -> CORRELATOR.matcher(c).matches());
    }
}
