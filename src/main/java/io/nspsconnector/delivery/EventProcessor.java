package io.nspsconnector.delivery;

import io.nspsconnector.event.Deadline;
import io.nspsconnector.logging.Masking;
import io.nspsconnector.nsps.NspsEvent;
import io.nspsconnector.nsps.Outcome;
import io.nspsconnector.nsps.Plan;
import io.nspsconnector.tracing.TraceContext;
import io.nspsconnector.wtl.WtlGateway;
import io.nspsconnector.wtl.WtlRequest;
import io.nspsconnector.wtl.WtlResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * Carries out what the rules decided for an event ({@link io.nspsconnector.nsps.EventRules}): applies the WTL requests in order,
 * through the {@link DeliveryGuard} (duplicates, per-subscriber order, stale events). An event counts as processed
 * only when every request was applied; the first failure stops it and propagates as a
 * {@link io.nspsconnector.errors.ConnectorError}, so NSPS retries the event (operations already applied are not
 * sent again, and every default operation is safe to repeat anyway).
 */
public final class EventProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(EventProcessor.class);

    private final WtlGateway wtl;
    private final DeliveryGuard guard;
    private final Masking masking;

    /**
     * @param wtl     where requests are applied
     * @param guard   duplicates, ordering and stale events
     * @param masking how identifiers appear in logs
     */
    public EventProcessor(WtlGateway wtl, DeliveryGuard guard, Masking masking) {
        this.wtl = wtl;
        this.guard = guard;
        this.masking = masking;
    }

    /**
     * Applies one event's plan.
     *
     * @param event    the validated event
     * @param plan     what the rules decided for it
     * @param deadline when NSPS must have its answer
     * @return processed, ignored, duplicate or stale
     * @throws io.nspsconnector.errors.ConnectorError if WTL did not apply it
     */
    public Outcome process(NspsEvent event, Plan plan, Deadline deadline) {
        return switch (plan) {
            case Plan.Ignore ignore -> {
                if (LOG.isDebugEnabled()) {
                    LOG.debug("Event ignored: " + ignore.logReason());
                }
                yield new Outcome.Ignored(ignore);
            }
            case Plan.Apply apply -> guard.apply(event, apply, deadline, request -> send(request, deadline));
        };
    }

    private WtlResult send(WtlRequest request, Deadline deadline) {
        TraceContext.current().nextCall(); // the line below carries the span id WTL will see
        if (LOG.isDebugEnabled()) { // per call, so DEBUG: at INFO the access line carries the event's summary
            LOG.debug("Sending WTL request",
                      kv("wtl_action", request.action().wire()),
                      kv("imsi", masking.imsi(request.imsi())),
                      kv("subscriber_status", request.subscriberStatus().wire()),
                      kv("msisdn", request.msisdn().stream().map(masking::msisdn).toList()),
                      kv("cs_profile", request.csProfile()),
                      kv("eps_profile", request.epsProfile()));
        }
        return wtl.apply(request, deadline);
    }
}
