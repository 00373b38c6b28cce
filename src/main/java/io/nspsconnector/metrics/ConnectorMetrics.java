package io.nspsconnector.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.FunctionalCounter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;

/**
 * The connector's own meters, exported at {@code /metrics} in Prometheus format. Meters are created once per
 * label set and cached, so recording costs a map lookup and an add.
 */
public final class ConnectorMetrics {

    private static final Duration[] EVENT_BUCKETS = buckets(5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 20000);
    private static final Duration[] WTL_BUCKETS = buckets(2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000);
    private static final Duration[] STATE_BUCKETS = buckets(1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000,
                                                            20000);
    /** The pool gauges, registered once per registry; they read the store of the connector created last. */
    private static final List<String> POOL_STATES = List.of("active", "idle", "pending", "max");
    private static final AtomicReference<List<Supplier<Integer>>> STATE_POOL = new AtomicReference<>(
            List.of(() -> 0, () -> 0, () -> 0, () -> 0));

    private final MeterRegistry registry;
    private final Map<String, Counter> events = new ConcurrentHashMap<>();
    private final Map<String, Timer> eventTimers = new ConcurrentHashMap<>();
    private final Map<String, Counter> wtlCalls = new ConcurrentHashMap<>();
    private final Map<String, Timer> wtlTimers = new ConcurrentHashMap<>();
    private final Map<String, Counter> retries = new ConcurrentHashMap<>();
    private final Map<String, Counter> reloads = new ConcurrentHashMap<>();
    private final Map<String, Counter> nacNotifications = new ConcurrentHashMap<>();
    private final Map<String, Timer> nacTimers = new ConcurrentHashMap<>();
    private final Map<String, Counter> nacDropped = new ConcurrentHashMap<>();
    private final Map<String, Counter> nacEnds = new ConcurrentHashMap<>();
    private final Map<String, Counter> bulkheadRejections = new ConcurrentHashMap<>();
    private final Map<String, Counter> stateCalls = new ConcurrentHashMap<>();
    private final Map<String, Timer> stateTimers = new ConcurrentHashMap<>();
    /** Gauges are registered once per registry; these read the WTL client of the connector created last. */
    private static final AtomicReference<Supplier<Integer>> BREAKER_STATE = new AtomicReference<>(() -> 0);
    private static final AtomicReference<Saturation> BULKHEAD = new AtomicReference<>(
            new Saturation(() -> 0, () -> 0, () -> 0));

    private record Saturation(Supplier<Integer> inUse, Supplier<Integer> waiting, Supplier<Integer> idle) {
    }
    /** The gauge is registered once per registry; it reads the store of the connector created last. */
    private static final AtomicReference<Supplier<Integer>> NAC_DEVICES = new AtomicReference<>(() -> 0);

    /**
     * @param registry where meters are registered (the global registry in production)
     */
    public ConnectorMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Counts one event and its processing time.
     *
     * @param eventType event type label (bounded: mapped types, else {@code unmapped} or {@code unknown})
     * @param outcome   outcome label
     * @param nanos     time from request to answer
     */
    public void event(String eventType, String outcome, long nanos) {
        count(events, "nsps.events", "NSPS events by type and outcome", "event_type", eventType, "outcome", outcome);
        time(eventTimers, "nsps.event.duration", "Time to answer an NSPS event", EVENT_BUCKETS, "outcome", outcome,
             nanos);
    }

    /**
     * Counts one WTL HTTP attempt.
     *
     * @param action WTL action
     * @param status HTTP status, or {@code timeout} / {@code connect_error}
     * @param nanos  attempt duration
     */
    public void wtlCall(String action, String status, long nanos) {
        count(wtlCalls, "wtl.requests", "WTL provisioning attempts by result", "action", action, "status", status);
        time(wtlTimers, "wtl.request.duration", "Duration of one WTL attempt", WTL_BUCKETS, "action", action, nanos);
    }

    /**
     * Counts one call of the PostgreSQL state store and its duration.
     *
     * @param call    {@code connection} (a pool wait), {@code progress}, {@code begin}, {@code record},
     *                {@code commit} or {@code rollback}
     * @param outcome {@code ok}, {@code busy} (a subscriber lock wait past the deadline) or {@code error}
     * @param nanos   how long it took
     */
    public void stateCall(String call, String outcome, long nanos) {
        count(stateCalls, "state.store.calls", "State store calls by call and outcome", "call", call, "outcome",
              outcome);
        time(stateTimers, "state.store.call.duration", "Duration of one state store call", STATE_BUCKETS, "call", call,
             nanos);
    }

    /**
     * Publishes the state store's connection pool.
     *
     * @param active  connections lent out
     * @param idle    connections open and free
     * @param pending threads waiting for a connection
     * @param max     the pool's size
     */
    public void statePool(Supplier<Integer> active, Supplier<Integer> idle, Supplier<Integer> pending,
                          Supplier<Integer> max) {
        STATE_POOL.set(List.of(active, idle, pending, max));
        for (int i = 0; i < POOL_STATES.size(); i++) {
            int index = i;
            registry.getOrCreate(Gauge.builder("state.pool.connections", () -> STATE_POOL.get().get(index).get())
                                         .description("State store pool connections by state")
                                         .tags(List.of(Tag.create("state", POOL_STATES.get(i)))));
        }
    }

    /**
     * Counts one retry of a WTL attempt.
     *
     * @param reason what failed: {@code timeout}, {@code connect_error}, {@code http_503}, ...
     */
    public void wtlRetry(String reason) {
        retries.computeIfAbsent(reason,
                                k -> registry.getOrCreate(Counter.builder("wtl.retries")
                                                                  .description("WTL attempts retried, by cause")
                                                                  .tags(List.of(Tag.create("reason", reason)))))
                .increment();
    }

    private void count(Map<String, Counter> cache, String name, String description,
                       String tag1, String value1, String tag2, String value2) {
        cache.computeIfAbsent(value1 + '\u0000' + value2,
                              k -> registry.getOrCreate(Counter.builder(name)
                                                                .description(description)
                                                                .tags(List.of(Tag.create(tag1, value1),
                                                                              Tag.create(tag2, value2)))))
                .increment();
    }

    private void time(Map<String, Timer> cache, String name, String description, Duration[] buckets,
                      String tag, String value, long nanos) {
        cache.computeIfAbsent(value,
                              k -> registry.getOrCreate(Timer.builder(name)
                                                                .description(description)
                                                                // a histogram only: no client-side quantiles
                                                                .percentiles(new double[0])
                                                                .buckets(buckets)
                                                                .tags(List.of(Tag.create(tag, value)))))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Publishes the circuit breaker state: 0 closed, 1 half-open, 2 open.
     *
     * @param state current state as a number
     */
    public void circuitBreakerState(Supplier<Integer> state) {
        BREAKER_STATE.set(state);
        registry.getOrCreate(Gauge.builder("wtl.circuit.breaker.state", () -> BREAKER_STATE.get().get())
                                     .description("WTL circuit breaker: 0 closed, 1 half-open, 2 open"));
    }

    /**
     * Publishes the saturation of the WTL bulkhead and connections.
     *
     * @param inUse   attempts holding a slot now
     * @param waiting calls waiting for a slot now
     * @param idle    open WTL connections idle between calls
     */
    public void wtlBulkhead(Supplier<Integer> inUse, Supplier<Integer> waiting, Supplier<Integer> idle) {
        BULKHEAD.set(new Saturation(inUse, waiting, idle));
        registry.getOrCreate(Gauge.builder("wtl.bulkhead.in.use", () -> BULKHEAD.get().inUse().get())
                                     .description("WTL attempts holding a bulkhead slot now"));
        registry.getOrCreate(Gauge.builder("wtl.bulkhead.waiting", () -> BULKHEAD.get().waiting().get())
                                     .description("WTL calls waiting for a bulkhead slot now"));
        registry.getOrCreate(Gauge.builder("wtl.connections.idle", () -> BULKHEAD.get().idle().get())
                                     .description("Open WTL connections idle between calls"));
    }

    /**
     * Counts a WTL call refused a bulkhead slot.
     *
     * @param reason {@code queue_full} (too many waiting) or {@code deadline} (no slot before the event's deadline)
     */
    public void wtlBulkheadRejected(String reason) {
        bulkheadRejections.computeIfAbsent(reason, k -> registry.getOrCreate(
                        Counter.builder("wtl.bulkhead.rejections")
                                .description("WTL calls refused a bulkhead slot, by cause")
                                .tags(List.of(Tag.create("reason", reason)))))
                .increment();
    }

    /**
     * Counts one change of a live configuration file.
     *
     * @param file    short file name: {@code mappings}, {@code api-tokens}, {@code wtl-token}
     * @param outcome {@code applied} or {@code rejected}
     */
    public void configReload(String file, String outcome) {
        count(reloads, "config.reloads", "Changes of live configuration files, by file and outcome",
              "file", file, "outcome", outcome);
    }

    /**
     * Publishes whether a live file, as it is now on disk, is refused (1) or in force (0).
     *
     * @param file     short file name
     * @param rejected current state
     */
    public void configRejected(String file, Supplier<Integer> rejected) {
        registry.getOrCreate(Gauge.builder("config.rejected", rejected)
                                     .description("1 while a live configuration file on disk is refused and the "
                                                          + "last good version is used, else 0")
                                     .tags(List.of(Tag.create("file", file))));
    }

    /**
     * Publishes whether a file changed whose settings apply only after a restart.
     *
     * @param pending 1 when a restart is needed
     */
    public void configRestartPending(Supplier<Integer> pending) {
        registry.getOrCreate(Gauge.builder("config.restart.pending", pending)
                                     .description("1 when application.yaml changed since start: restart to apply it"));
    }

    /**
     * Counts one Network as Code notification and its handling time.
     *
     * @param type    bounded type label: the known type ({@code device-status.connectivity-data}, ...),
     *                {@code legacy}, {@code unknown}, or {@code none} when the body could not be read
     * @param outcome {@code accepted}, {@code duplicate}, {@code stale}, {@code unknown_type}, {@code invalid},
     *                {@code unauthorized}, {@code too_large}, ...
     * @param nanos   time from request to answer
     */
    public void nacNotification(String type, String outcome, long nanos) {
        count(nacNotifications, "nac.notifications", "Network as Code notifications by type and outcome",
              "type", type, "outcome", outcome);
        time(nacTimers, "nac.notification.duration", "Time to answer a Network as Code notification", EVENT_BUCKETS,
             "outcome", outcome, nanos);
    }

    /**
     * Counts a notification that was accepted but not applied.
     *
     * @param reason {@code duplicate} or {@code stale}
     * @param aspect {@code connectivity}, {@code roaming} or {@code none}
     */
    public void nacDropped(String reason, String aspect) {
        count(nacDropped, "nac.notifications.dropped", "Network as Code notifications not applied: "
                + "re-deliveries and events older than the stored state", "reason", reason, "aspect", aspect);
    }

    /**
     * Counts an ended subscription.
     *
     * @param reason {@code terminationReason}, bounded by the caller
     */
    public void nacSubscriptionEnded(String reason) {
        nacEnds.computeIfAbsent(reason, k -> registry.getOrCreate(
                        Counter.builder("nac.subscriptions.ended")
                                .description("Network as Code subscriptions ended, by termination reason")
                                .tags(List.of(Tag.create("reason", reason)))))
                .increment();
    }

    /**
     * Publishes the number of devices whose status is held.
     *
     * @param devices current count
     */
    public void nacDevicesTracked(Supplier<Integer> devices) {
        NAC_DEVICES.set(devices);
        registry.getOrCreate(Gauge.builder("nac.devices.tracked", () -> NAC_DEVICES.get().get())
                                     .description("Devices whose latest Network as Code status is held"));
    }

    /**
     * Publishes the delivery state of the pod.
     *
     * @param inFlight    events being processed now
     * @param events      applied events remembered (duplicate detection)
     * @param subscribers IMSIs whose newest applied event is remembered (stale detection)
     */
    public void deliveryState(Supplier<Integer> inFlight, Supplier<Long> events, Supplier<Long> subscribers) {
        registry.getOrCreate(Gauge.builder("nsps.events.in.flight", inFlight)
                                     .description("NSPS events being processed now"));
        registry.getOrCreate(Gauge.builder("delivery.records", events)
                                     .description("Entries of the in-memory delivery records")
                                     .tags(List.of(Tag.create("record", "applied_events"))));
        registry.getOrCreate(Gauge.builder("delivery.records", subscribers)
                                     .description("Entries of the in-memory delivery records")
                                     .tags(List.of(Tag.create("record", "subscribers"))));
    }

    /**
     * Counts rows the state store's cleanup removed because they were past the retention.
     *
     * @param table the table (one of the store's four)
     * @param rows  rows removed
     */
    public void stateRowsRemoved(String table, long rows) {
        registry.getOrCreate(Counter.builder("state.rows.removed")
                                     .description("State store rows removed past the retention, by table")
                                     .tags(List.of(Tag.create("table", table))))
                .increment(rows);
    }

    /**
     * Publishes the log lines the asynchronous log appender dropped instead of making requests wait.
     *
     * @param dropped lines dropped since start
     */
    public void logLinesDropped(Supplier<Long> dropped) {
        registry.getOrCreate(FunctionalCounter.builder("log.lines.dropped", dropped, Supplier::get)
                                     .description("Log lines at INFO and below dropped because the log queue was full"));
    }

    /**
     * Counts an event whose {@code created_at} lay too far after this pod's clock to be trusted for ordering.
     */
    public void futureCreatedAt() {
        registry.getOrCreate(Counter.builder("nsps.events.future.created.at")
                                     .description("NSPS events whose created_at lay beyond the tolerance after "
                                                          + "this pod's clock (applied, not used for ordering)"))
                .increment();
    }

    // ---- inbound connections (connection guard)

    private final Map<String, Counter> connectionsClosed = new ConcurrentHashMap<>();
    /** The gauges are registered once per registry; they read the guard of the connector configured last. */
    private static final AtomicReference<Supplier<Integer>> OPEN_CONNECTIONS = new AtomicReference<>(() -> 0);
    private static final AtomicReference<Supplier<Long>> BODY_BYTES = new AtomicReference<>(() -> 0L);

    /**
     * Publishes the open inbound connections and the request body bytes held.
     *
     * @param open connections open now
     * @param held body budget bytes in use now
     */
    public void inboundConnections(Supplier<Integer> open, Supplier<Long> held) {
        OPEN_CONNECTIONS.set(open);
        BODY_BYTES.set(held);
        registry.getOrCreate(Gauge.builder("connections.open", () -> OPEN_CONNECTIONS.get().get())
                                     .description("Inbound HTTP connections open now"));
        registry.getOrCreate(Gauge.builder("request.body.bytes.held", () -> BODY_BYTES.get().get())
                                     .description("Request body bytes reserved in the body budget now"));
    }

    /**
     * Counts one inbound connection closed by the connection guard.
     *
     * @param reason {@code header_timeout}, {@code body_timeout}, {@code idle_timeout}, {@code response_timeout},
     *               {@code max_connections} or {@code shutdown}
     */
    public void connectionClosed(String reason) {
        connectionsClosed.computeIfAbsent(reason, k -> registry.getOrCreate(
                Counter.builder("connections.closed")
                        .description("Inbound connections closed by the connector, by reason")
                        .tags(List.of(Tag.create("reason", k))))).increment();
    }

    /** Counts one request refused (503) because the body budget had no room within the event deadline. */
    public void bodyBudgetRefused() {
        registry.getOrCreate(Counter.builder("request.body.budget.refused")
                                     .description("Requests answered 503 for want of room in the body budget"))
                .increment();
    }

    private static Duration[] buckets(long... millis) {
        Duration[] result = new Duration[millis.length];
        for (int i = 0; i < millis.length; i++) {
            result[i] = Duration.ofMillis(millis[i]);
        }
        return result;
    }
}
