package io.nspsconnector.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.helidon.http.HeaderNames;
import io.helidon.webclient.http1.Http1ClientResponse;

import ch.qos.logback.classic.Level;
import io.nspsconnector.testing.EventMutator;
import io.nspsconnector.testing.Fixtures;
import io.nspsconnector.testing.LogCapture;
import io.nspsconnector.testing.QuietConsole;
import io.nspsconnector.testing.TestConnector;
import io.nspsconnector.testing.WtlFake;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;

/**
 * Over 10,000 bad requests against a running server: mutated event bodies through a normal client, and malformed
 * HTTP over raw sockets (broken request lines, bad and oversized headers, contradictory lengths, bad chunking,
 * truncated bodies, garbage, slow senders that never finish). Required: 0 crashes (every connection accepted, the
 * server healthy and provisioning afterwards), 0 INTERNAL_ERROR answers, 0 unexpected errors logged. Printed.
 */
class HttpFuzzTest {

    private static final long SEED = 42_2025L;
    private static final int BODIES = 8000;
    private static final int MALFORMED = 2400;
    private static final int SLOW_SENDERS = 16;

    private final Map<String, AtomicLong> statuses = new ConcurrentHashMap<>();
    private final AtomicLong internalErrors = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    @Test
    void tenThousandBadRequestsNoCrashNoInternalErrorHealthyAfterwards() throws Exception {
        try (LogCapture logged = LogCapture.of(ErrorMapper.class);
             WtlFake wtl = WtlFake.start();
             TestConnector.Server server = TestConnector.start(Path.of("config"), TestConnector.env(wtl.baseUrl()),
                                                               Map.of("connector.logging.access-log", "false"));
             QuietConsole ignored = QuietConsole.quietConsole()) {
            int port = server.server().port();
            long start = System.nanoTime();
            List<Socket> slow = slowSenders(port);

            EventMutator mutator = new EventMutator(SEED);
            for (int i = 0; i < BODIES; i++) {
                try (Http1ClientResponse res = server.client().post("/process-event")
                        .header(HeaderNames.AUTHORIZATION, "Bearer " + TestConnector.API_TOKEN)
                        .header(HeaderNames.CONTENT_TYPE, "application/json")
                        .submit(mutator.mutated())) {
                    record(res.status().code(), res.as(String.class));
                }
            }

            List<byte[]> requests = malformed(new SplittableRandom(SEED));
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> done = new ArrayList<>();
                for (byte[] request : requests) {
                    done.add(pool.submit(() -> rawExchange(port, request)));
                }
                for (Future<?> f : done) {
                    f.get(30, TimeUnit.SECONDS);
                }
            }
            int slowStillOpen = 0;
            for (Socket s : slow) {
                slowStillOpen += s.isClosed() ? 0 : 1;
                s.close();
            }

            int health;
            try (Http1ClientResponse res = server.client().get("/health").request()) {
                health = res.status().code();
            }
            int event;
            try (Http1ClientResponse res = TestConnector.postEvent(server.client(),
                                                                   Fixtures.bytes("nsps/sim-updated.json"))) {
                event = res.status().code();
            }
            long total = BODIES + requests.size() + SLOW_SENDERS;
            long unexpectedLogged = logged.events(e -> e.getLevel().isGreaterOrEqual(Level.ERROR)).size();
            System.out.printf("HTTP FUZZ seed=%d: %d requests (%d mutated bodies, %d malformed requests, %d slow "
                                      + "senders) in %d ms: crashes %d, INTERNAL_ERROR %d, unexpected errors logged %d, "
                                      + "healthy afterwards: %s (health %d, event %d); answers %s%n",
                              SEED, total, BODIES, requests.size(), SLOW_SENDERS,
                              (System.nanoTime() - start) / 1_000_000, refused.get(), internalErrors.get(),
                              unexpectedLogged, health == 200 && event == 202, health, event, new TreeMap<>(statuses));

            logged.events().stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR))
                    .map(e -> e.getFormattedMessage() + (e.getThrowableProxy() == null ? ""
                            : ": " + e.getThrowableProxy().getClassName() + " " + e.getThrowableProxy().getMessage()))
                    .distinct().limit(10).forEach(m -> System.out.println("HTTP FUZZ unexpected error logged: " + m));
            assertThat(total, greaterThanOrEqualTo(10_000L));
            assertThat("connections refused (crash)", refused.get(), is(0L));
            assertThat("INTERNAL_ERROR answers", internalErrors.get(), is(0L));
            assertThat("unexpected errors logged", unexpectedLogged, is(0L));
            assertThat(health, is(200));
            assertThat(event, is(202));
            assertThat(slowStillOpen, is(SLOW_SENDERS));
        }
    }

    private void record(int status, String body) {
        statuses.computeIfAbsent(Integer.toString(status), k -> new AtomicLong()).incrementAndGet();
        if (status == 500 || body.contains("INTERNAL_ERROR")) {
            internalErrors.incrementAndGet();
        }
    }

    /** Sends one raw request, reads whatever comes back (or the connection closing). */
    private void rawExchange(int port, byte[] request) {
        try (Socket socket = new Socket()) {
            try {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            } catch (IOException e) {
                refused.incrementAndGet();
                return;
            }
            socket.setSoTimeout(3000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
                socket.shutdownOutput();
            } catch (IOException e) {
                // the server may close early on garbage: then there is nothing to read
            }
            InputStream in = socket.getInputStream();
            byte[] answer = in.readNBytes(64 * 1024);
            String text = new String(answer, StandardCharsets.ISO_8859_1);
            if (text.startsWith("HTTP/1.1 ")) {
                int status = Integer.parseInt(text.substring(9, 12));
                int bodyAt = text.indexOf("\r\n\r\n");
                record(status, bodyAt < 0 ? "" : text.substring(bodyAt));
                if (status == 500) {
                    System.out.println("HTTP FUZZ 500 for: " + new String(request, 0, Math.min(200, request.length),
                                                                           StandardCharsets.ISO_8859_1)
                                               .replace("\r\n", "|") + " -> " + text.replace("\r\n", "|"));
                }
            } else {
                statuses.computeIfAbsent(text.isEmpty() ? "closed" : "other", k -> new AtomicLong()).incrementAndGet();
            }
        } catch (IOException e) {
            statuses.computeIfAbsent("closed", k -> new AtomicLong()).incrementAndGet();
        }
    }

    /** Connections that send a request a few bytes at a time and never finish it. */
    private static List<Socket> slowSenders(int port) throws IOException {
        List<Socket> sockets = new ArrayList<>();
        byte[] start = ("POST /process-event HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                + TestConnector.API_TOKEN + "\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{\"ev")
                .getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < SLOW_SENDERS; i++) {
            Socket socket = new Socket("127.0.0.1", port);
            int upTo = i % 2 == 0 ? 20 : start.length; // half stop in the headers, half in the body
            Thread.ofVirtual().start(() -> {
                try {
                    for (int b = 0; b < upTo; b++) {
                        socket.getOutputStream().write(start[b]);
                        socket.getOutputStream().flush();
                        Thread.sleep(5); // a slow sender, not a synchronisation
                    }
                } catch (IOException | InterruptedException e) {
                    // closed at the end of the test
                }
            });
            sockets.add(socket);
        }
        return sockets;
    }

    private static List<byte[]> malformed(SplittableRandom random) {
        String auth = "Authorization: Bearer " + TestConnector.API_TOKEN + "\r\n";
        String body = Fixtures.text("nsps/sim-updated.json");
        // CHECKSTYLE.OFF: LineLength - one case per line reads as a table
        List<String> templates = List.of(
                "POST /process-event HTTP/9.9\r\nHost: x\r\n\r\n",
                "POST /process-event\r\n\r\n",
                "post /process-event HTTP/1.1\r\nHost: x\r\n\r\n",
                "POST http://evil/process-event HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Length: 2\r\n\r\n{}",
                "POST /" + "a".repeat(6000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
                "POST /process-event%00 HTTP/1.1\r\nHost: x\r\n\r\n",
                "POST /process-\u00e9vent HTTP/1.1\r\nHost: x\r\n\r\n",
                "POST /process-event HTTP/1.1\r\nHost x\r\nNoColon\r\n\r\n",
                "POST /process-event HTTP/1.1\r\nHost: x\r\nBad Name: y\r\n\r\n",
                "POST /process-event HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n",
                "POST /process-event HTTP/1.1\r\nHost: x\r\n" + "X-H: v\r\n".repeat(2000) + "\r\n",
                "POST /process-event HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Length: 5\r\nContent-Length: 7\r\n\r\n{}",
                "POST /process-event HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Length: -1\r\n\r\n{}",
                "POST /process-event HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Length: abc\r\n\r\n{}",
                "POST /process-event HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Length: 99999999999999999999\r\n\r\n{}",
                "POST /process-event HTTP/1.1\r\nHost: x\r\n" + auth + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
                "POST /process-event HTTP/1.1\r\nHost: x\r\n" + auth + "Transfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
                "POST /process-event HTTP/1.1\r\nHost: x\r\n" + auth + "Transfer-Encoding: gzip\r\n\r\n{}",
                "POST /process-event HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
                        + body.substring(0, 100),
                "POST /process-event HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Type: application/json\r\nContent-Length: 3000000\r\n\r\n{",
                "POST /process-event HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + "t".repeat(12_000) + "\r\nContent-Length: 2\r\n\r\n{}",
                "POST /process-event HTTP/1.1\r\nHost: x\r\nAuthorization: Basic dXNlcjpwYXNz\r\nContent-Length: 2\r\n\r\n{}",
                "POST /process-event HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer\r\nContent-Length: 2\r\n\r\n{}",
                "POST /process-event HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Type: application/json; charset=\u00ff\u00fe\r\nContent-Length: 2\r\n\r\n{}",
                "POST /process-event HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Type: ;;;\r\nContent-Length: 2\r\n\r\n{}",
                "POST /process-event HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n{}",
                "GET /process-event HTTP/1.1\r\nHost: x\r\n\r\n",
                "DELETE /health HTTP/1.1\r\nHost: x\r\n\r\n",
                "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
                "\u0016\u0003\u0001\u0000\u00a5\u0001\u0000\u0000\u00a1\u0003\u0003",
                "POST /explain HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Type: application/json\r\nContent-Length: 5\r\n\r\n{\"a\":",
                "POST /process-event HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Type: application/json\r\nContent-Length: "
                        + body.length() + "\r\n\r\n" + body + "GARBAGE AFTER THE BODY\r\n\r\n");
        // CHECKSTYLE.ON: LineLength
        List<byte[]> requests = new ArrayList<>();
        for (int i = 0; i < MALFORMED; i++) {
            if (i % 6 == 5) {
                byte[] garbage = new byte[1 + random.nextInt(2000)];
                random.nextBytes(garbage);
                requests.add(garbage);
            } else {
                requests.add(templates.get(i % templates.size()).getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        return requests;
    }
}
