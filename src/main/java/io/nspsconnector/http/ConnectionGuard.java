package io.nspsconnector.http;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1ConnectionListener;
import io.helidon.webserver.http1.Http1ConnectionSelector;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;

import io.nspsconnector.errors.ConnectorError;
import io.nspsconnector.server.InboundLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * Keeps hostile or broken peers from holding the connector's port: every HTTP/1.1 connection is tracked with the
 * phase it is in (reading a request's headers, reading its body, being processed, idle between requests) and since
 * when. A watchdog closes connections whose headers or body take longer than their deadline, idle ones past the
 * idle timeout and responses that cannot be written in time; when more than {@code max-connections} are open, the
 * oldest connection that is not processing a request is closed to make room, so a well-behaved client is still
 * served during a flood. It also holds the budget of request body bytes buffered at once.
 * <p>
 * It wraps Helidon's HTTP/1.1 connection instead of using Helidon's connection limit and idle timer; why:
 * docs/rationale.md, "Guarding the inbound port ourselves".
 */
public final class ConnectionGuard implements ServerConnectionSelector, Http1ConnectionListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);
    private static final ThreadLocal<Tracked> CURRENT = new ThreadLocal<>();
    private static final long TICK_MILLIS = 200;

    /** What a connection is doing. */
    enum Phase {
        /** Waiting for or reading a request's first line and headers. */
        HEAD,
        /** Reading a request body. */
        BODY,
        /** A request is being processed and answered: never closed for the cap. */
        PROCESSING,
        /** Between two requests of a keep-alive connection. */
        IDLE
    }

    private final InboundLimits limits;
    private final Consumer<String> closed;
    private final Runnable budgetRefused;
    private final ConcurrentSkipListMap<Long, Tracked> open = new ConcurrentSkipListMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicInteger live = new AtomicInteger();
    private final Semaphore budget;
    private final int budgetKib;
    private volatile ServerConnectionSelector delegate;
    private volatile boolean running = true;
    private final Thread watchdog;

    /**
     * @param limits the limits
     * @param closed        told the reason of every connection this guard closes (for a metric)
     * @param budgetRefused told of every request refused for want of room in the body budget
     */
    public ConnectionGuard(InboundLimits limits, Consumer<String> closed, Runnable budgetRefused) {
        this.limits = limits;
        this.closed = closed;
        this.budgetRefused = budgetRefused;
        this.budgetKib = (int) Math.min(Integer.MAX_VALUE, limits.bodyBudgetBytes() / 1024);
        this.budget = new Semaphore(budgetKib, true);
        this.watchdog = Thread.ofPlatform().daemon().name("connection-watchdog").unstarted(this::watch);
    }

    /**
     * The HTTP/1.1 configuration with this guard listening, and the selector that wraps Helidon's.
     *
     * @param http1 the listener's HTTP/1.1 configuration
     * @return this guard, ready to be added as the listener's only connection selector
     */
    public ConnectionGuard wrap(Http1Config http1) {
        // the only receive listener: Helidon's composite of several listeners forwards no events (4.5.0), and its
        // logging listener only logs at TRACE level
        Http1Config guarded = Http1Config.builder().from(http1).receiveListeners(List.of(this)).build();
        this.delegate = Http1ConnectionSelector.builder().config(guarded).build();
        if (!watchdog.isAlive()) {
            watchdog.start();
        }
        return this;
    }

    /** Connections open now. */
    public int openConnections() {
        return live.get();
    }

    /** Body budget bytes in use now. */
    public long bodyBytesHeld() {
        return (long) (budgetKib - budget.availablePermits()) * 1024;
    }

    @Override
    public int bytesToIdentifyConnection() {
        return delegate.bytesToIdentifyConnection();
    }

    @Override
    public Support supports(BufferData data) {
        // the port speaks HTTP/1.1 only: whatever arrives is answered by the HTTP/1.1 parser (400 for garbage)
        return Support.SUPPORTED;
    }

    @Override
    public Set<String> supportedApplicationProtocols() {
        return delegate.supportedApplicationProtocols();
    }

    @Override
    public ServerConnection connection(ConnectionContext ctx) {
        Tracked tracked = new Tracked(sequence.incrementAndGet(), ctx);
        open.put(tracked.seq, tracked);
        live.incrementAndGet();
        while (live.get() > limits.maxConnections()) {
            Tracked victim = oldestNotProcessing(tracked);
            (victim == null ? tracked : victim).close("max_connections");
            if (victim == null) {
                break;
            }
        }
        return new Guarded(tracked, delegate.connection(ctx));
    }

    private Tracked oldestNotProcessing(Tracked exclude) {
        for (Tracked t : open.values()) {
            if (t != exclude && !t.closing && t.phase != Phase.PROCESSING) {
                return t;
            }
        }
        return null;
    }

    @Override
    public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
        Tracked t = CURRENT.get();
        if (t != null && t.phase != Phase.HEAD) {
            // a new request on a kept-alive connection: its headers get the whole header timeout
            t.enter(Phase.HEAD);
        }
    }

    @Override
    public void headers(ConnectionContext ctx, Headers headers) {
        Tracked t = CURRENT.get();
        if (t != null) {
            t.enter(hasEntity(headers) ? Phase.BODY : Phase.PROCESSING);
        }
    }

    private static boolean hasEntity(Headers headers) {
        if (headers.contains(HeaderNames.TRANSFER_ENCODING)) {
            return true;
        }
        try {
            return headers.contentLength().orElse(0) > 0;
        } catch (RuntimeException e) {
            return true;
        }
    }

    /**
     * Takes room for a body of this many bytes from the budget of the connection this thread serves, waiting at
     * most the rest of the event deadline (counted from the end of the request's headers). Released when the
     * request has been answered ({@link #filter}). Without a guarded connection (a unit test) nothing is taken.
     *
     * @param bytes body size, or the largest accepted size when not announced
     * @throws ConnectorError.Unavailable if no room was made in time (503, NSPS delivers the event again)
     */
    static void reserveBody(long bytes) {
        Tracked t = CURRENT.get();
        if (t != null) {
            t.guard().reserve(t, bytes);
        }
    }

    /** The body of the current request has been read: the connection is processing it. */
    static void bodyRead() {
        Tracked t = CURRENT.get();
        if (t != null && t.phase == Phase.BODY) {
            t.enter(Phase.PROCESSING);
        }
    }

    private void reserve(Tracked t, long bytes) {
        int kib = (int) Math.min(budgetKib, Math.max(1, (bytes + 1023) / 1024));
        long waitNanos = limits.bodyBudgetWait().toNanos() - (System.nanoTime() - t.since);
        boolean got;
        try {
            got = waitNanos > 0 ? budget.tryAcquire(kib, waitNanos, TimeUnit.NANOSECONDS) : budget.tryAcquire(kib);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            got = false;
        }
        if (!got) {
            budgetRefused.run();
            throw new ConnectorError.Unavailable("Too many large requests at once: deliver the event again",
                                                 "body_budget");
        }
        t.heldKib += kib;
    }

    /**
     * The first filter of the routing: after the request has been answered, releases its body budget and marks the
     * connection idle (or still reading a body nobody read, which the body timeout then bounds).
     *
     * @param chain filter chain
     * @param req   request
     * @param res   response
     */
    public static void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        try {
            chain.proceed();
        } finally {
            Tracked t = CURRENT.get();
            if (t != null) {
                t.release();
                if (t.phase != Phase.BODY || req.content().consumed()) {
                    t.enter(Phase.IDLE);
                }
            }
        }
    }

    /** Closes every connection that is not processing a request (shutdown: stalled uploads, idle keep-alives). */
    public void closeStalled() {
        for (Tracked t : open.values()) {
            if (t.phase != Phase.PROCESSING) {
                t.close("shutdown");
            }
        }
    }

    private void watch() {
        while (running) {
            try {
                Thread.sleep(TICK_MILLIS);
                long now = System.nanoTime();
                for (Tracked t : open.values()) {
                    if (t.closing) {
                        continue;
                    }
                    long age = now - t.since;
                    switch (t.phase) {
                    case HEAD -> closeIfOver(t, age, limits.headerTimeout(), "header_timeout");
                    case BODY -> closeIfOver(t, age, limits.bodyTimeout(), "body_timeout");
                    case IDLE -> closeIfOver(t, age, limits.idleTimeout(), "idle_timeout");
                    case PROCESSING -> closeIfOver(t, age, limits.responseTimeout(), "response_timeout");
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("Connection watchdog failed a round", kv("error", e.toString()));
            }
        }
    }

    private static void closeIfOver(Tracked t, long age, Duration limit, String reason) {
        if (age > limit.toNanos()) {
            t.close(reason);
        }
    }

    @Override
    public void close() {
        running = false;
        watchdog.interrupt();
    }

    private final class Tracked {
        private final long seq;
        private final ConnectionContext ctx;
        private volatile Phase phase = Phase.HEAD;
        private volatile long since = System.nanoTime();
        private volatile boolean closing;
        private volatile ServerConnection connection;
        /** Body budget held by the current request; only touched by the connection's own thread. */
        private int heldKib;

        private Tracked(long seq, ConnectionContext ctx) {
            this.seq = seq;
            this.ctx = ctx;
        }

        private ConnectionGuard guard() {
            return ConnectionGuard.this;
        }

        private void enter(Phase next) {
            since = System.nanoTime();
            phase = next;
        }

        private void release() {
            if (heldKib > 0) {
                budget.release(heldKib);
                heldKib = 0;
            }
        }

        private synchronized void close(String reason) {
            if (closing) {
                return;
            }
            closing = true;
            live.decrementAndGet();
            // out of the map at once: the eviction scan never walks connections already being closed
            open.remove(seq);
            closed.accept(reason);
            LOG.debug("Connection closed", kv("reason", reason), kv("phase", phase.name().toLowerCase()));
            ServerConnection c = connection;
            if (c != null) {
                c.close(true);
            }
            try {
                ctx.serverSocket().close();
            } catch (RuntimeException e) {
                // already closed
            }
        }

        private void finished() {
            release();
            open.remove(seq);
            synchronized (this) {
                if (!closing) {
                    closing = true;
                    live.decrementAndGet();
                }
            }
        }
    }

    /** Helidon's HTTP/1.1 connection, run with its tracking record as the thread's current connection. */
    private static final class Guarded implements ServerConnection {
        private final Tracked tracked;
        private final ServerConnection delegate;

        private Guarded(Tracked tracked, ServerConnection delegate) {
            this.tracked = tracked;
            this.delegate = delegate;
            tracked.connection = delegate;
        }

        @Override
        public void handle(Limit limit) throws InterruptedException {
            CURRENT.set(tracked);
            try {
                if (!tracked.closing) {
                    delegate.handle(limit);
                }
            } finally {
                CURRENT.remove();
                tracked.finished();
            }
        }

        @Override
        public Duration idleTime() {
            return delegate.idleTime();
        }

        @Override
        public void close(boolean interrupt) {
            delegate.close(interrupt);
        }
    }

    /** For tests: the phases of the open connections. */
    Map<Phase, Long> phases() {
        Map<Phase, Long> result = new java.util.EnumMap<>(Phase.class);
        for (Iterator<Tracked> it = open.values().iterator(); it.hasNext(); ) {
            Tracked t = it.next();
            result.merge(t.phase, 1L, Long::sum);
        }
        return result;
    }
}
