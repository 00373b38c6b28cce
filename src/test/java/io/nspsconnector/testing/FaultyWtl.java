package io.nspsconnector.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;

/**
 * A WTL API that misbehaves on purpose, over raw sockets so it can also reset connections. It keeps subscriber state
 * like WTL (update replaces or creates, insert creates or answers 409 "already exists", delete removes or answers
 * 404 "not found") and injects faults by a seeded program over the request count: bursts of 5xx, 429 with a short or
 * a long {@code Retry-After}, hangs after applying (the answer never comes), resets before or after applying, slow
 * answers, and answers that desynchronise a client which reuses the connection carelessly: a 503 followed by an
 * unsolicited {@code 200 {"result":true}}, a 2xx followed later by such an extra answer, an answer with both
 * Content-Length and Transfer-Encoding whose leftover bytes form another answer. A request that arrives on a
 * connection after such an answer is rejected without applying it (and counted: a client that reads answers in step
 * never sends one). It also drips answers one byte at a time and sends {@code 102 Processing} for ever.
 * A scripted fake ({@link #scripted}) takes its faults from a queue instead of the seeded program.
 * <p>
 * It also keeps the books the fault matrix needs. Operations are identified by {@code <event seq>:<imsi>}, the
 * test putting the event's sequence number in its profile names ({@code ev<seq>}). An operation is <em>acked</em>
 * once a success answer (2xx, or the 409/404 the connector treats as done) was written in full, and
 * <em>confirmed</em> once the connector sent its next request on the same connection (so it had read that answer).
 * Applying an operation again after it was confirmed is a violation (the connector knew it was applied); applying it
 * again after its answer was lost (hang, reset after apply, a timeout racing the answer) is an unavoidable, harmless
 * re-send of a full-state operation, counted apart. The time of every state change is kept too, so a test can count
 * changes made after a given moment (e.g. after the event was answered 2xx: {@link #appliedAfter}).
 * <p>
 * Across all connections (and so across connector replicas) it counts the moments a request for an IMSI arrives
 * while another one for the same IMSI is still in flight ({@link #overlaps()}). To give such requests the time to
 * meet, {@link #serviceTime} makes every provisioning request take a few milliseconds, as a real HLR does.
 */
public final class FaultyWtl implements AutoCloseable {

    /** A subscriber as WTL holds it. */
    public record State(String status, List<String> msisdn, String csProfile, String epsProfile) {
    }

    /** What the fake does with one request. */
    public enum Fault {
        /** Applies and answers. */
        NONE,
        /** 500/502/503 without applying. */
        BURST,
        /** 429 with Retry-After 0. */
        THROTTLE_SHORT,
        /** 429 with Retry-After 2. */
        THROTTLE_LONG,
        /** Applies, then never answers. */
        HANG,
        /** Resets the connection before applying. */
        RESET_BEFORE,
        /** Applies, then resets the connection. */
        RESET_AFTER,
        /** Applies, answers after a short delay. */
        SLOW,
        /** Applies, then sends its answer one byte at a time (see {@link #dripEvery}). */
        DRIP,
        /** Sends {@code 102 Processing} for ever, without applying. */
        ENDLESS_1XX,
        /** 503 without applying, followed at once on the same connection by an unsolicited 200 result:true. */
        EXTRA_AFTER_503,
        /** Applies and answers, the answer followed at once by an unsolicited 200 result:true. */
        EXTRA_WITH_200,
        /**
         * Applies and answers, then a little later sends an unsolicited 200 result:true on the same connection. (A
         * client that has sent its next request on the connection before the extra answer arrives cannot tell it
         * from the answer to that request: HTTP/1.1 answers carry no request id. Tests wait for it to arrive.)
         */
        EXTRA_AFTER_200,
        /**
         * Without applying: a 200 result:false with both Content-Length and Transfer-Encoding: chunked, the length
         * covering the result:false body, followed by the bytes of a 200 result:true answer.
         */
        CL_TE,
        /** 200 result:false without applying (WTL rejecting the operation). */
        REJECT
    }

    /** The faults that apply the operation. */
    private static final Set<Fault> APPLYING = java.util.EnumSet.of(Fault.NONE, Fault.HANG, Fault.RESET_AFTER,
                                                                    Fault.SLOW, Fault.DRIP, Fault.EXTRA_WITH_200,
                                                                    Fault.EXTRA_AFTER_200);

    private static final String EXTRA = "HTTP/1.1 200 X\r\nContent-Type: application/json\r\nContent-Length: 15\r\n\r\n"
            + "{\"result\":true}";

    private final long seed;
    private final String authorization;
    private final ServerSocket server;
    private final Map<String, State> subscribers = new ConcurrentHashMap<>();
    private final Set<String> acked = ConcurrentHashMap.newKeySet();
    private final Set<String> confirmed = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> newestAckedSeq = new ConcurrentHashMap<>();
    private final Map<Fault, AtomicLong> faults = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong appliedAfterAck = new AtomicLong();
    private final AtomicLong resentAfterLostAnswer = new AtomicLong();
    private final Set<String> applied = ConcurrentHashMap.newKeySet();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Object stateLock = new Object();
    private final java.util.concurrent.ConcurrentLinkedQueue<Fault> script;
    private final AtomicLong requestsAfterDesync = new AtomicLong();
    private final AtomicLong extrasWritten = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong appliedOps = new AtomicLong();
    private final Map<String, Set<Flight>> inFlight = new ConcurrentHashMap<>();
    private final java.util.Queue<Flight[]> overlapPairs = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final Map<String, java.util.Queue<Long>> appliedAt = new ConcurrentHashMap<>();
    private volatile long dripMillis = 20;
    private volatile long serviceMillis;

    private FaultyWtl(long seed, String token, boolean scripted) throws IOException {
        this.seed = seed;
        this.script = scripted ? new java.util.concurrent.ConcurrentLinkedQueue<>() : null;
        this.authorization = "Bearer " + token;
        this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::acceptLoop);
    }

    /**
     * Starts one on a free loopback port.
     *
     * @param seed  seed of the fault program
     * @param token the Bearer token the connector must send
     * @return the fake
     */
    public static FaultyWtl start(long seed, String token) {
        try {
            return new FaultyWtl(seed, token, false);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Starts one that applies and answers every request normally, except for the faults queued with
     * {@link #enqueue}, taken one per request in order.
     *
     * @param token the Bearer token the connector must send
     * @return the fake
     */
    public static FaultyWtl scripted(String token) {
        try {
            return new FaultyWtl(0, token, true);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Queues faults for the next requests (scripted fakes only).
     *
     * @param next faults, one per request
     */
    public void enqueue(Fault... next) {
        script.addAll(List.of(next));
    }

    /** Forgets the faults still queued: WTL behaves from now on. */
    public void clearScript() {
        script.clear();
    }

    /**
     * Sets the pause between two bytes of a dripped answer.
     *
     * @param millis pause
     * @return this fake
     */
    public FaultyWtl dripEvery(long millis) {
        this.dripMillis = millis;
        return this;
    }

    /**
     * Sets how long WTL works on every provisioning request before it answers (or applies it): a real HLR takes
     * milliseconds, which gives two requests for one IMSI from two connectors the time to meet.
     *
     * @param millis working time, 0 (the default) for none
     * @return this fake
     */
    public FaultyWtl serviceTime(long millis) {
        this.serviceMillis = millis;
        return this;
    }

    /**
     * Moments a provisioning request for an IMSI arrived while another one for the same IMSI was in flight and its
     * connector still waited for the answer, over all connections. A request is in flight from its arrival until
     * WTL starts answering it or resets its connection; one whose connector closes the connection while WTL works
     * on it or holds its answer back (the connector gave up on it, or died: a lock of a dead replica must not
     * outlive it) is not counted against a later one ({@link #overlapsAfterLetGo()}). A request whose connector let
     * go of it during the {@linkplain #serviceTime service time} is not applied. A connector that lets one
     * operation of a subscriber run at a time (across all its replicas) scores 0.
     */
    public long overlaps() {
        return overlapPairs.stream().filter(p -> !p[0].clientGone).map(p -> p[1]).distinct().count();
    }

    /**
     * Requests for an IMSI that arrived while WTL had not yet seen that the connector had let go of an earlier one
     * for the same IMSI (it closed the connection: gave up on it after its attempt timeout, or died). Not overlaps
     * of the connector's: on a loaded machine the fake notices a closed connection late. Printed, not required.
     */
    public long overlapsAfterLetGo() {
        return overlapPairs.stream().filter(p -> p[0].clientGone).map(p -> p[1]).distinct().count();
    }

    /**
     * @param imsi a subscriber
     * @return its provisioning requests in flight now (see {@link #overlaps()})
     */
    public int inFlight(String imsi) {
        int[] n = new int[1];
        inFlight.computeIfPresent(imsi, (k, flights) -> {
            n[0] = flights.size();
            return flights;
        });
        return n[0];
    }

    /**
     * For {@link #overlaps()}, one line per pair: when the second request arrived ({@link System#nanoTime()}), the
     * first's fault and age then, and whether its client later closed the connection before WTL answered.
     */
    public List<String> overlapMoments() {
        List<String> lines = new java.util.ArrayList<>();
        for (Flight[] pair : overlapPairs) {
            lines.add("at " + pair[1].startNanos + " ns: " + pair[1].op.key() + pair[1].origin + " met "
                              + pair[0].op.key() + pair[0].origin + " ("
                              + pair[0].fault.name().toLowerCase(Locale.ROOT) + ", in flight "
                              + (pair[1].startNanos - pair[0].startNanos) / 1_000_000 + " ms, its client "
                              + (pair[0].clientGone ? "closed the connection" : "waited") + ")");
        }
        return lines;
    }

    /** For {@link #overlaps()}: the faults of the requests that were in flight when another one arrived. */
    public String overlapSummary() {
        Map<String, Long> by = new java.util.TreeMap<>();
        overlapPairs.stream().filter(p -> !p[0].clientGone)
                .forEach(p -> by.merge(p[0].fault.name().toLowerCase(Locale.ROOT), 1L, Long::sum));
        return by.toString();
    }

    /** Requests received on a connection after a desynchronising answer: 0 for a client that reads in step. */
    public long requestsAfterDesync() {
        return requestsAfterDesync.get();
    }

    /** Unsolicited extra answers written in full. */
    public long extrasWritten() {
        return extrasWritten.get();
    }

    /** Connections accepted. */
    public long connections() {
        return connections.get();
    }

    /** Operations applied (requests that reached WTL's state). */
    public long applied() {
        return appliedOps.get();
    }

    /**
     * A base URL to configure as WTL_API_URL that tells this client's requests apart from other clients' (for
     * {@link #overlapsAcrossOrigins()}): the same WTL under a path prefix.
     *
     * @param origin a name of lower-case letters, digits and dashes (e.g. a replica's)
     * @return the URL
     */
    public String baseUrl(String origin) {
        return "http://127.0.0.1:" + server.getLocalPort() + "/" + origin + "/wtl/hlr/v1";
    }

    /**
     * The {@linkplain #overlaps() overlaps} between requests of different {@linkplain #baseUrl(String) origins}
     * (e.g. two replicas). The others are of one origin: a connector that sent an operation again after its attempt
     * timeout, before WTL had answered the first and before the fake saw that connection closed.
     */
    public long overlapsAcrossOrigins() {
        return overlapPairs.stream().filter(p -> !p[0].clientGone && !p[0].origin.equals(p[1].origin))
                .map(p -> p[1]).distinct().count();
    }

    /** Base URL to configure as WTL_API_URL. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/wtl/hlr/v1";
    }

    /** Subscribers held now. */
    public Map<String, State> subscribers() {
        return Map.copyOf(subscribers);
    }

    /** Whether this operation was answered as applied. */
    public boolean acked(long seq, String imsi) {
        return acked.contains(seq + ":" + imsi);
    }

    /** Whether an operation of an event newer than {@code seq} was answered as applied to this IMSI. */
    public boolean newerAcked(long seq, String imsi) {
        Long newest = newestAckedSeq.get(imsi);
        return newest != null && newest > seq;
    }

    /**
     * @param seq   an event's sequence number
     * @param imsi  one of its IMSIs
     * @param nanos a {@link System#nanoTime()} of this JVM
     * @return how often the operation changed WTL's state after that moment (e.g. after its event was answered 2xx)
     */
    public long appliedAfter(long seq, String imsi, long nanos) {
        java.util.Queue<Long> times = appliedAt.get(seq + ":" + imsi);
        return times == null ? 0 : times.stream().filter(t -> t - nanos > 0).count();
    }

    /** Applications of an operation after its success answer was confirmed read: must be 0. */
    public long appliedAfterAck() {
        return appliedAfterAck.get();
    }

    /** Applications of an operation again after its answer was lost or not known to be read. */
    public long resentAfterLostAnswer() {
        return resentAfterLostAnswer.get();
    }

    /** Provisioning requests received. */
    public long requests() {
        return requests.get();
    }

    /** Faults injected, by kind. */
    public String faultSummary() {
        StringBuilder s = new StringBuilder();
        for (Fault f : Fault.values()) {
            if (f != Fault.NONE) {
                s.append(s.isEmpty() ? "" : ", ").append(f.name().toLowerCase(Locale.ROOT)).append('=')
                        .append(faults.getOrDefault(f, new AtomicLong()).get());
            }
        }
        return s.toString();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.incrementAndGet();
                Thread.ofVirtual().start(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            String[] unconfirmed = new String[1];
            boolean[] desynced = new boolean[1];
            while (true) {
                Request request = Request.read(in);
                if (request == null) {
                    return;
                }
                if (desynced[0]) {
                    // the client sent another request on a connection whose answers it can no longer tell apart
                    requestsAfterDesync.incrementAndGet();
                    write(out, 200, "{\"result\":false,\"error\":\"rejected\"}", null);
                    desynced[0] = false;
                    continue;
                }
                if (unconfirmed[0] != null) {
                    confirmed.add(unconfirmed[0]);
                    unconfirmed[0] = null;
                }
                if (!handle(request, socket, out, unconfirmed, desynced)) {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the connector gave up on the connection (timeout) or a fault closed it: nothing to do
        }
    }

    /** @return whether the connection stays open */
    private boolean handle(Request request, Socket socket, OutputStream out, String[] unconfirmed, boolean[] desynced)
            throws IOException {
        String origin = request.path.endsWith("/wtl/hlr/v1/prov")
                ? request.path.substring(0, request.path.length() - "/wtl/hlr/v1/prov".length()) : null;
        if (origin == null || !origin.matches("(/[a-z0-9-]+)?") || !"POST".equals(request.method)) {
            write(out, 404, "{\"error\":\"not found\"}", null);
            return true;
        }
        if (!authorization.equals(request.headers.get("authorization"))) {
            write(out, 401, "{\"error\":\"Invalid token\"}", null);
            return true;
        }
        long n = requests.getAndIncrement();
        Fault fault = fault(n);
        faults.computeIfAbsent(fault, f -> new AtomicLong()).incrementAndGet();
        Op op = Op.parse(request.body);
        Flight flight = new Flight(op, fault, origin);
        try {
            if (serviceMillis > 0 && awaitClose(socket, (int) serviceMillis)) {
                // the connector let go of the request (timed out, or died) before WTL got to it: not applied
                flight.clientGone = true;
                return false;
            }
            return respond(fault, n, flight, socket, out, unconfirmed, desynced);
        } finally {
            flight.end();
        }
    }

    /** One request's in-flight time at WTL, ended once (see {@link #overlaps()}). */
    private final class Flight {
        private final Op op;
        private final Fault fault;
        private final String origin;
        private final long startNanos = System.nanoTime();
        private volatile boolean clientGone;
        private boolean ended;

        Flight(Op op, Fault fault, String origin) {
            this.op = op;
            this.fault = fault;
            this.origin = origin;
            inFlight.compute(op.imsi, (k, flights) -> {
                Set<Flight> all = flights == null ? new java.util.HashSet<>() : flights;
                all.forEach(f -> overlapPairs.add(new Flight[] {f, this}));
                all.add(this);
                return all;
            });
        }

        void end() {
            if (!ended) {
                ended = true;
                inFlight.computeIfPresent(op.imsi, (k, flights) -> {
                    flights.remove(this);
                    return flights.isEmpty() ? null : flights;
                });
            }
        }
    }

    /** @return whether the connection stays open */
    private boolean respond(Fault fault, long n, Flight flight, Socket socket, OutputStream out, String[] unconfirmed,
                            boolean[] desynced) throws IOException {
        Op op = flight.op;
        if (!APPLYING.contains(fault)) {
            // WTL answers (or drops the connection) without applying: the connector may send the IMSI's next one
            flight.end();
        }
        switch (fault) {
        case BURST -> {
            int status = new int[] {500, 502, 503}[(int) (n % 3)];
            write(out, status, "{\"error\":\"injected " + status + "\"}", null);
            return true;
        }
        case THROTTLE_SHORT -> {
            write(out, 429, "{\"error\":\"slow down\"}", "0");
            return true;
        }
        case THROTTLE_LONG -> {
            write(out, 429, "{\"error\":\"slow down\"}", "2");
            return true;
        }
        case RESET_BEFORE -> {
            reset(socket);
            return false;
        }
        case ENDLESS_1XX -> {
            while (closing.getCount() > 0) {
                out.write("HTTP/1.1 102 Processing\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                pause(dripMillis);
            }
            return false;
        }
        case EXTRA_AFTER_503 -> {
            String body = "{\"error\":\"injected 503\"}";
            out.write((head(503, body.length(), null) + body + EXTRA).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            extrasWritten.incrementAndGet();
            desynced[0] = true;
            return true;
        }
        case CL_TE -> {
            String body = "{\"result\":false,\"error\":\"rejected\"}";
            String chunked = Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n";
            out.write(("HTTP/1.1 200 X\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                    + "\r\nTransfer-Encoding: chunked\r\n\r\n" + body + EXTRA + chunked)
                              .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            extrasWritten.incrementAndGet();
            desynced[0] = true;
            return true;
        }
        case REJECT -> {
            write(out, 200, "{\"result\":false,\"error\":\"rejected\"}", null);
            return true;
        }
        default -> {
        }
        }
        Answer answer = apply(op);
        switch (fault) {
        case HANG -> {
            // applied, but the answer never comes: the connector times out and closes the connection
            flight.clientGone = awaitClose(socket, 2000);
            return false;
        }
        case RESET_AFTER -> {
            flight.end();
            reset(socket);
            return false;
        }
        case SLOW -> flight.clientGone = awaitClose(socket, 10 + new SplittableRandom(seed ^ n).nextInt(50));
        default -> {
        }
        }
        flight.end();
        if (fault == Fault.DRIP) {
            byte[] all = (head(answer.status, answer.body.length(), null) + answer.body)
                    .getBytes(StandardCharsets.US_ASCII);
            for (byte b : all) {
                out.write(b);
                out.flush();
                pause(dripMillis);
                if (closing.getCount() == 0) {
                    return false;
                }
            }
            ack(op, answer, unconfirmed);
            return true;
        }
        if (fault == Fault.EXTRA_WITH_200) {
            out.write((head(answer.status, answer.body.length(), null) + answer.body + EXTRA)
                              .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            extrasWritten.incrementAndGet();
            ack(op, answer, unconfirmed);
            desynced[0] = true;
            return true;
        }
        write(out, answer.status, answer.body, null);
        ack(op, answer, unconfirmed);
        if (fault == Fault.EXTRA_AFTER_200) {
            // later, once the client has put the connection aside
            pause(20);
            out.write(EXTRA.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            extrasWritten.incrementAndGet();
            desynced[0] = true;
        }
        return true;
    }

    private void ack(Op op, Answer answer, String[] unconfirmed) {
        if (answer.success) {
            acked.add(op.key());
            unconfirmed[0] = op.key();
            newestAckedSeq.merge(op.imsi, op.seq, Math::max);
        }
    }

    private Fault fault(long n) {
        if (script != null) {
            Fault next = script.poll();
            return next == null ? Fault.NONE : next;
        }
        if (n >= 300 && n % 700 < 40) {
            return Fault.BURST;
        }
        int r = new SplittableRandom(seed * 1_000_003 + n).nextInt(1000);
        if (r < 25) {
            return Fault.THROTTLE_SHORT;
        } else if (r < 35) {
            return Fault.THROTTLE_LONG;
        } else if (r < 50) {
            return Fault.HANG;
        } else if (r < 65) {
            return Fault.RESET_BEFORE;
        } else if (r < 75) {
            return Fault.RESET_AFTER;
        } else if (r < 125) {
            return Fault.SLOW;
        } else if (r < 135) {
            return Fault.EXTRA_AFTER_503;
        } else if (r < 140) {
            return Fault.CL_TE;
        } else if (r < 145) {
            return Fault.EXTRA_WITH_200;
        } else if (r < 147) {
            return Fault.DRIP;
        } else if (r < 149) {
            return Fault.ENDLESS_1XX;
        }
        return Fault.NONE;
    }

    private record Answer(int status, String body, boolean success) {
    }

    private Answer apply(Op op) {
        appliedOps.incrementAndGet();
        synchronized (stateLock) {
            State current = subscribers.get(op.imsi);
            boolean mutates = switch (op.action) {
                case "insert" -> current == null;
                case "delete" -> current != null;
                default -> true;
            };
            if (mutates) {
                String key = op.key();
                appliedAt.computeIfAbsent(key, k -> new java.util.concurrent.ConcurrentLinkedQueue<>())
                        .add(System.nanoTime());
                if (confirmed.contains(key)) {
                    appliedAfterAck.incrementAndGet();
                } else if (!applied.add(key)) {
                    resentAfterLostAnswer.incrementAndGet();
                }
            }
            return switch (op.action) {
                case "insert" -> {
                    if (current != null) {
                        yield new Answer(409, "{\"result\":false,\"error\":\"Subscriber with IMSI " + op.imsi
                                + " already exists\"}", true);
                    }
                    subscribers.put(op.imsi, op.state);
                    yield new Answer(200, "{\"result\":true}", true);
                }
                case "delete" -> {
                    if (current == null) {
                        yield new Answer(404, "{\"result\":false,\"error\":\"Subscriber not found\"}", true);
                    }
                    subscribers.remove(op.imsi);
                    yield new Answer(200, "{\"result\":true}", true);
                }
                default -> {
                    subscribers.put(op.imsi, op.state);
                    yield new Answer(200, "{\"result\":true}", true);
                }
            };
        }
    }

    /**
     * Waits until the client closes the connection, at most {@code millis}: the request is then no longer in flight
     * for the client (it gave up, or its process died). The connector sends nothing more on a connection before it
     * read the answer, so nothing is read here but the end of the stream.
     *
     * @return whether the client closed it
     */
    private static boolean awaitClose(Socket socket, int millis) {
        try {
            socket.setSoTimeout(millis);
            return socket.getInputStream().read() < 0;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // the connection is gone
        } finally {
            try {
                socket.setSoTimeout(0);
            } catch (IOException e) {
                // the connection is gone
            }
        }
    }

    /** Holds the answer back (an injected delay), cut short when the fake closes. */
    private void pause(long millis) {
        try {
            closing.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void reset(Socket socket) throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    private static void write(OutputStream out, int status, String body, String retryAfter) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        out.write(head(status, bytes.length, retryAfter).getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
    }

    private static String head(int status, int length, String retryAfter) {
        return "HTTP/1.1 " + status + " X\r\nContent-Type: application/json\r\nContent-Length: " + length
                + "\r\n" + (retryAfter == null ? "" : "Retry-After: " + retryAfter + "\r\n") + "\r\n";
    }

    @Override
    public void close() {
        closing.countDown();
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    /** One provisioning operation as received. */
    private record Op(long seq, String imsi, String action, State state) {
        String key() {
            return seq + ":" + imsi;
        }

        static Op parse(byte[] body) {
            try (JsonReader reader = Json.createReader(new StringReader(new String(body, StandardCharsets.UTF_8)))) {
                JsonObject json = reader.readObject();
                String cs = json.getString("cs_profile");
                long seq = cs.matches("ev[0-9]+") ? Long.parseLong(cs.substring(2)) : -1;
                return new Op(seq, json.getString("imsi"), json.getString("action"),
                              new State(json.getString("subscriber_status"),
                                        json.getJsonArray("msisdn").getValuesAs(JsonString.class).stream()
                                                .map(JsonString::getString).toList(),
                                        cs, json.getString("eps_profile")));
            }
        }
    }

    /** A minimal HTTP/1.1 request reader: request line, headers, Content-Length or chunked body. */
    private record Request(String method, String path, Map<String, String> headers, byte[] body) {
        static Request read(InputStream in) throws IOException {
            String line = line(in);
            if (line == null || line.isEmpty()) {
                return null;
            }
            String[] parts = line.split(" ");
            Map<String, String> headers = new java.util.HashMap<>();
            for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
                int colon = h.indexOf(':');
                headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
            }
            byte[] body;
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                for (int size = Integer.parseInt(line(in).trim(), 16); size > 0;
                     size = Integer.parseInt(line(in).trim(), 16)) {
                    all.write(in.readNBytes(size));
                    line(in);
                }
                line(in);
                body = all.toByteArray();
            } else {
                body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
            }
            return new Request(parts[0], parts[1], headers, body);
        }

        private static String line(InputStream in) throws IOException {
            StringBuilder s = new StringBuilder();
            for (int c = in.read(); c != -1; c = in.read()) {
                if (c == '\n') {
                    return s.toString();
                }
                if (c != '\r') {
                    s.append((char) c);
                }
            }
            return s.isEmpty() ? null : s.toString();
        }
    }
}
