package io.nspsconnector.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.nspsconnector.event.Deadline;
import io.nspsconnector.logging.Masking;
import io.nspsconnector.nsps.NspsEvent;
import io.nspsconnector.nsps.Outcome;
import io.nspsconnector.nsps.Plan;
import io.nspsconnector.wtl.WtlRequest;
import io.nspsconnector.wtl.WtlResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * Applies an event's WTL operations so that NSPS's re-deliveries cannot hurt:
 * <ul>
 *     <li><b>duplicates</b>: an event applied before is answered without calling WTL; an operation of a partly
 *     applied event is not sent again;</li>
 *     <li><b>ordering</b>: the event's {@link DeliveryLedger.Unit} holds its IMSIs while it runs, so one
 *     subscriber's events are applied one at a time (a duplicate in flight waits for the first delivery's outcome);
 *     with the PostgreSQL ledger across replicas too;</li>
 *     <li><b>stale events</b>: an operation on an IMSI that already received a newer event (by NSPS
 *     {@code created_at}) is skipped; an event left with nothing to do is answered "ignored: stale".</li>
 * </ul>
 * What is recorded is recorded only after WTL applied it: a failed event records the operations WTL applied before
 * the failure, and NSPS's retry sends the rest. An event whose record cannot be made fails (503), never a 2xx.
 */
public final class DeliveryGuard {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryGuard.class);

    /** Sends one WTL request; throws {@link io.nspsconnector.errors.ConnectorError} if WTL did not apply it. */
    @FunctionalInterface
    public interface Sender {
        /**
         * @param request the request
         * @return WTL's result
         */
        WtlResult send(WtlRequest request);
    }

    /** Default of {@code connector.delivery.future-tolerance}. */
    public static final Duration DEFAULT_FUTURE_TOLERANCE = Duration.ofMinutes(5);

    private final DeliveryLedger ledger;
    private final Masking masking;
    private final Clock clock;
    private final Duration futureTolerance;
    private final Runnable onFuture;

    /**
     * With the system clock and the default future tolerance.
     *
     * @param ledger  what was applied, and who holds a subscriber
     * @param masking how identifiers appear in logs
     */
    public DeliveryGuard(DeliveryLedger ledger, Masking masking) {
        this(ledger, masking, Clock.systemUTC(), DEFAULT_FUTURE_TOLERANCE, () -> { });
    }

    /**
     * @param ledger          what was applied, and who holds a subscriber
     * @param masking         how identifiers appear in logs
     * @param clock           this pod's clock
     * @param futureTolerance how far after {@code clock} a {@code created_at} may lie and still be trusted
     * @param onFuture        called once per event whose {@code created_at} is not trusted (a metric)
     */
    public DeliveryGuard(DeliveryLedger ledger, Masking masking, Clock clock,
                         Duration futureTolerance, Runnable onFuture) {
        this.ledger = ledger;
        this.masking = masking;
        this.clock = clock;
        this.futureTolerance = futureTolerance;
        this.onFuture = onFuture;
    }

    /**
     * Applies a plan's requests in order through the sender, skipping what was applied already or is stale.
     *
     * @param event    the validated event
     * @param plan     its WTL requests
     * @param deadline when NSPS must have its answer
     * @param sender   sends one request
     * @return processed, duplicate or stale
     * @throws io.nspsconnector.errors.ConnectorError if an operation failed, or the subscriber stayed busy
     */
    public Outcome apply(NspsEvent event, Plan.Apply plan, Deadline deadline, Sender sender) {
        String eventId = event.eventId();
        // one quick read without the subscriber: a re-delivery of an applied event does not queue behind its events
        if (ledger.progress(eventId).complete()) {
            return duplicate(eventId);
        }
        Optional<Instant> createdAt = createdAt(event);
        List<String> imsis = plan.requests().stream().map(WtlRequest::imsi).toList();
        try (DeliveryLedger.Unit unit = ledger.begin(eventId, imsis, deadline)) {
            // the first delivery may have finished while this one waited for the subscriber
            DeliveryLedger.Progress progress = unit.progress();
            if (progress.complete()) {
                return duplicate(eventId);
            }
            List<WtlResult> results = new ArrayList<>();
            int alreadyApplied = 0;
            List<String> stale = new ArrayList<>();
            Instant newest = null;
            for (WtlRequest request : plan.requests()) {
                String key = request.toJson();
                if (progress.appliedOps().contains(key)) {
                    alreadyApplied++;
                    LOG.debug("WTL operation already applied by an earlier delivery: not sent again",
                             kv("wtl_action", request.action().wire()), kv("imsi", masking.imsi(request.imsi())));
                    continue;
                }
                Optional<Instant> last = unit.lastApplied(request.imsi());
                if (createdAt.isPresent() && last.isPresent() && last.get().isAfter(createdAt.get())) {
                    stale.add(request.imsi());
                    newest = newest == null || last.get().isAfter(newest) ? last.get() : newest;
                    LOG.debug("Stale WTL operation skipped: a newer event of this subscriber was applied",
                             kv("wtl_action", request.action().wire()), kv("imsi", masking.imsi(request.imsi())),
                             kv("created_at", createdAt.get().toString()), kv("last_applied", last.get().toString()));
                    continue;
                }
                results.add(sender.send(request));
                unit.applied(key, request.imsi(), createdAt);
            }
            unit.complete();
            if (results.isEmpty() && alreadyApplied == 0) {
                String reason = "stale: created " + createdAt.orElseThrow() + ", an event created " + newest
                        + " was already applied to IMSI ";
                return new Outcome.Stale(new Plan.Ignore(reason + String.join(", ", stale),
                                                         reason + String.join(", ",
                                                                              stale.stream().map(masking::imsi)
                                                                                      .toList())));
            }
            return new Outcome.Processed(results);
        }
    }

    private Outcome duplicate(String eventId) {
        LOG.debug("Duplicate event: already applied, WTL not called");
        return new Outcome.Duplicate(eventId);
    }

    /**
     * The event's NSPS creation time, when it has one that can be read (ISO-8601 with an offset) and that is not
     * more than the future tolerance after this pod's clock. Without one the event cannot be ordered: it is applied
     * and does not move its subscribers' records. A time far in the future is not trusted: recorded, it would make
     * every real event of the subscriber look stale until the record expires.
     */
    Optional<Instant> createdAt(NspsEvent event) {
        if (event.createdAt().isEmpty()) {
            return Optional.empty();
        }
        Optional<Instant> parsed = Timestamps.parse(event.createdAt().get().strip());
        if (parsed.isEmpty()) {
            LOG.info("created_at is not an ISO-8601 time with an offset: event applied without a stale check");
            return parsed;
        }
        Instant latest = clock.instant().plus(futureTolerance);
        if (parsed.get().isAfter(latest)) {
            onFuture.run();
            LOG.warn("created_at lies in the future beyond the tolerance: event applied without a stale check, "
                             + "its time not recorded", kv("created_at", parsed.get().toString()),
                     kv("future_tolerance", futureTolerance.toString()));
            return Optional.empty();
        }
        return parsed;
    }
}
