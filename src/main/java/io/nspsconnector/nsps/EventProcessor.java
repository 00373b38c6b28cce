package io.nspsconnector.nsps;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.nspsconnector.logging.Masking;
import io.nspsconnector.wtl.Deadline;
import io.nspsconnector.wtl.WtlGateway;
import io.nspsconnector.wtl.WtlRequest;
import io.nspsconnector.wtl.WtlResult;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * Processes a validated event: asks the planner what the rules want, then applies the WTL requests in order.
 * An event counts as processed only when every request was applied; the first failure stops it and propagates
 * as a {@link io.nspsconnector.errors.ConnectorError}, so NSPS retries the whole event (every default operation
 * is safe to repeat).
 */
public final class EventProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(EventProcessor.class);

    private final Supplier<Mappings> mappings;
    private final EventPlanner planner;
    private final WtlGateway wtl;
    private final Masking masking;

    /**
     * @param mappings the rules in force (read once per event)
     * @param planner  rule evaluation
     * @param wtl      where requests are applied
     * @param masking  how identifiers appear in logs
     */
    public EventProcessor(Supplier<Mappings> mappings, EventPlanner planner, WtlGateway wtl, Masking masking) {
        this.mappings = mappings;
        this.planner = planner;
        this.wtl = wtl;
        this.masking = masking;
    }

    /**
     * Plans and applies one event.
     *
     * @param event    validated event
     * @param deadline when NSPS must have its answer
     * @return processed or ignored
     * @throws io.nspsconnector.errors.ConnectorError if the event is invalid for the rules or WTL did not apply it
     */
    public Outcome process(NspsEvent event, Deadline deadline) {
        Plan plan = planner.plan(event, mappings.get());
        return switch (plan) {
            case Plan.Ignore ignore -> {
                LOG.info("Event ignored: " + ignore.logReason());
                yield new Outcome.Ignored(ignore);
            }
            case Plan.Apply apply -> {
                List<WtlResult> results = new ArrayList<>(apply.requests().size());
                for (WtlRequest request : apply.requests()) {
                    LOG.info("Sending WTL request",
                             kv("wtl_action", request.action().wire()),
                             kv("imsi", masking.imsi(request.imsi())),
                             kv("subscriber_status", request.subscriberStatus().wire()),
                             kv("msisdn", request.msisdn().stream().map(masking::msisdn).toList()),
                             kv("cs_profile", request.csProfile()),
                             kv("eps_profile", request.epsProfile()));
                    results.add(wtl.apply(request, deadline));
                }
                yield new Outcome.Processed(results);
            }
        };
    }

    /**
     * The rules in force, for labels and previews.
     *
     * @return current mappings
     */
    public Mappings mappings() {
        return mappings.get();
    }
}
