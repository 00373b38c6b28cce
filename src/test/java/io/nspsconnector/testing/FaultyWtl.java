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
 * answers.
 * <p>
 * It also keeps the books the fault matrix needs. Operations are identified by {@code <event seq>:<imsi>}, the
 * test putting the event's sequence number in its profile names ({@code ev<seq>}). An operation is <em>acked</em>
 * once a success answer (2xx, or the 409/404 the connector treats as done) was written in full, and
 * <em>confirmed</em> once the connector sent its next request on the same connection (so it had read that answer).
 * Applying an operation again after it was confirmed is a violation (the connector knew it was applied); applying it
 * again after its answer was lost (hang, reset after apply, a timeout racing the answer) is an unavoidable, harmless
 * re-send of a full-state operation, counted apart.
 */
public final class FaultyWtl implements AutoCloseable {

    /** A subscriber as WTL holds it. */
    public record State(String status, List<String> msisdn, String csProfile, String epsProfile) {
    }

    private enum Fault { NONE, BURST, THROTTLE_SHORT, THROTTLE_LONG, HANG, RESET_BEFORE, RESET_AFTER, SLOW }

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

    private FaultyWtl(long seed, String token) throws IOException {
        this.seed = seed;
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
            return new FaultyWtl(seed, token);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
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
            while (true) {
                Request request = Request.read(in);
                if (request == null) {
                    return;
                }
                if (unconfirmed[0] != null) {
                    confirmed.add(unconfirmed[0]);
                    unconfirmed[0] = null;
                }
                if (!handle(request, socket, out, unconfirmed)) {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the connector gave up on the connection (timeout) or a fault closed it: nothing to do
        }
    }

    /** @return whether the connection stays open */
    private boolean handle(Request request, Socket socket, OutputStream out, String[] unconfirmed) throws IOException {
        if (!request.path.equals("/wtl/hlr/v1/prov") || !"POST".equals(request.method)) {
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
        default -> {
        }
        }
        Op op = Op.parse(request.body);
        Answer answer = apply(op);
        switch (fault) {
        case HANG -> {
            // applied, but the answer never comes: the connector times out
            pause(2000);
            return false;
        }
        case RESET_AFTER -> {
            reset(socket);
            return false;
        }
        case SLOW -> pause(10 + new SplittableRandom(seed ^ n).nextInt(50));
        default -> {
        }
        }
        write(out, answer.status, answer.body, null);
        if (answer.success) {
            acked.add(op.key());
            unconfirmed[0] = op.key();
            newestAckedSeq.merge(op.imsi, op.seq, Math::max);
        }
        return true;
    }

    private Fault fault(long n) {
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
        }
        return Fault.NONE;
    }

    private record Answer(int status, String body, boolean success) {
    }

    private Answer apply(Op op) {
        synchronized (stateLock) {
            State current = subscribers.get(op.imsi);
            boolean mutates = switch (op.action) {
                case "insert" -> current == null;
                case "delete" -> current != null;
                default -> true;
            };
            if (mutates) {
                String key = op.key();
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
        String head = "HTTP/1.1 " + status + " X\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length
                + "\r\n" + (retryAfter == null ? "" : "Retry-After: " + retryAfter + "\r\n") + "\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
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
                return new Op(Long.parseLong(cs.substring(2)), json.getString("imsi"), json.getString("action"),
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
