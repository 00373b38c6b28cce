package io.nspsconnector.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;

/**
 * A programmable WTL API over real HTTP for tests: records every request to {@code /wtl/hlr/v1/prov} and answers
 * from a script of replies (default: 200 {@code {"result":true}}). A reply can also hang until the test releases it.
 */
public final class WtlFake implements AutoCloseable {

    /**
     * One request as WTL received it.
     *
     * @param path          request path
     * @param authorization Authorization header
     * @param contentType   Content-Type header
     * @param body          body text
     * @param headers       every header, names in lower case
     */
    public record Call(String path, String authorization, String contentType, String body,
                       Map<String, String> headers) {
    }

    /**
     * One scripted answer.
     *
     * @param status  HTTP status
     * @param body    body text
     * @param headers extra headers
     * @param hangs   block until {@link #releaseHangs()} instead of answering
     */
    public record Reply(int status, String body, Map<String, String> headers, boolean hangs) {
        /** @return a reply with this status and body */
        public static Reply of(int status, String body) {
            return new Reply(status, body, Map.of(), false);
        }

        /** @return a reply with a header added */
        public Reply header(String name, String value) {
            Map<String, String> h = new java.util.HashMap<>(headers);
            h.put(name, value);
            return new Reply(status, body, Map.copyOf(h), hangs);
        }

        /** @return a reply that never comes (until released) */
        public static Reply hanging() {
            return new Reply(200, "{\"result\":true}", Map.of(), true);
        }
    }

    private static final Reply OK = Reply.of(200, "{\"result\":true,\"message\":\"done\"}");

    private final Deque<Reply> script = new ArrayDeque<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch hangs = new CountDownLatch(1);
    private final WebServer server;

    private WtlFake() {
        server = WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                .routing(r -> r.post("/wtl/hlr/v1/prov", (req, res) -> {
                    String body = new String(req.content().inputStream().readAllBytes(), StandardCharsets.UTF_8);
                    calls.add(new Call(req.path().rawPath(),
                                       req.headers().first(HeaderNames.AUTHORIZATION).orElse(null),
                                       req.headers().first(HeaderNames.CONTENT_TYPE).orElse(null),
                                       body,
                                       headers(req.headers())));
                    Reply reply = next();
                    if (reply.hangs()) {
                        hangs.await(30, TimeUnit.SECONDS);
                    }
                    reply.headers().forEach(res::header);
                    if (!reply.headers().containsKey("Content-Type")) {
                        res.header(HeaderNames.CONTENT_TYPE, "application/json");
                    }
                    res.status(Status.create(reply.status())).send(reply.body().getBytes(StandardCharsets.UTF_8));
                }))
                .build()
                .start();
    }

    /** Starts a fake on a free loopback port. */
    public static WtlFake start() {
        return new WtlFake();
    }

    /** Base URL to configure as WTL_API_URL. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.port() + "/wtl/hlr/v1";
    }

    /**
     * Queues answers for the next requests, in order.
     *
     * @param replies answers
     */
    public synchronized void enqueue(Reply... replies) {
        script.addAll(List.of(replies));
    }

    /** Forgets the script and the recorded calls, and releases hung requests. */
    public synchronized void reset() {
        script.clear();
        calls.clear();
        releaseHangs();
    }

    /** Lets every hanging request answer. */
    public void releaseHangs() {
        hangs.countDown();
        hangs = new CountDownLatch(1);
    }

    /** Requests received so far, in order. */
    public List<Call> calls() {
        return List.copyOf(calls);
    }

    private static Map<String, String> headers(io.helidon.http.Headers headers) {
        Map<String, String> all = new java.util.HashMap<>();
        headers.forEach(h -> all.put(h.name().toLowerCase(java.util.Locale.ROOT), h.get()));
        return Map.copyOf(all);
    }

    private synchronized Reply next() {
        Reply reply = script.poll();
        return reply == null ? OK : reply;
    }

    @Override
    public void close() {
        releaseHangs();
        server.stop();
    }
}
