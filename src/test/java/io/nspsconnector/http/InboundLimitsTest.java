package io.nspsconnector.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.nspsconnector.testing.Await;
import io.nspsconnector.testing.RawHttp;
import io.nspsconnector.testing.TestConnector;
import io.nspsconnector.testing.WtlFake;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.startsWith;

/**
 * The inbound transport limits on a real server: transport errors answered in the right type, header and body
 * deadlines (short here, so the tests are quick), the connection cap, and a shutdown that a stalled upload does not
 * hold.
 */
class InboundLimitsTest {

    private final WtlFake wtl = WtlFake.start();
    private final List<Socket> sockets = new ArrayList<>();
    private TestConnector.Server server;

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        if (server != null) {
            server.close();
        }
        wtl.close();
    }

    private int start(Map<String, String> overrides) {
        Map<String, String> keys = new HashMap<>(overrides);
        server = TestConnector.start(Path.of("config"), TestConnector.env(wtl.baseUrl()), keys);
        return server.server().port();
    }

    @Test
    void http10IsRefusedAsTheCallersProblemNotAnInternalError() throws IOException {
        int port = start(Map.of());
        String answer = exchange(port, "GET /health/live HTTP/1.0\r\n\r\n");

        assertThat(answer, startsWith("HTTP/1.1 505"));
        assertThat(answer, containsString("\"type\":\"VALIDATION_ERROR\""));
        assertThat(answer, containsString("use HTTP/1.1"));
    }

    @Test
    void layeredTransferEncodingIsRefusedAsTheCallersProblem() throws IOException {
        int port = start(Map.of());
        String answer = exchange(port, "POST /process-event HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Authorization: Bearer " + TestConnector.API_TOKEN + "\r\n"
                + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n");

        assertThat(answer, startsWith("HTTP/1.1 501"));
        assertThat(answer, containsString("\"type\":\"VALIDATION_ERROR\""));
        assertThat(answer, containsString("Transfer-Encoding"));
    }

    @Test
    void aHugeContentLengthIsPayloadTooLargeLikeEveryOther413() throws IOException {
        int port = start(Map.of());
        String answer = exchange(port, "POST /process-event HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Authorization: Bearer " + TestConnector.API_TOKEN + "\r\n"
                + "Content-Length: " + (4 * 1024 * 1024) + "\r\n\r\n{");

        assertThat(answer, startsWith("HTTP/1.1 413"));
        assertThat(answer, containsString("\"message\":\"Payload too large\""));
        assertThat(answer, containsString("\"type\":\"VALIDATION_ERROR\""));
    }

    @Test
    void headersThatNeverEndAreClosedAfterTheHeaderTimeout() throws IOException {
        int port = start(Map.of("connector.inbound.header-timeout", "PT0.5S"));
        Socket s = open(port);
        s.getOutputStream().write("POST /process-event HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));

        assertThat("closed by the connector", closedWithin(s, 10), is(true));
    }

    @Test
    void aBodyThatStallsIsClosedAfterTheBodyTimeoutEvenAfterItsAnswer() throws IOException {
        int port = start(Map.of("connector.inbound.body-timeout", "PT0.5S"));
        Socket s = open(port);
        // a wrong token: answered 401 at once, the body is never read by the connector
        s.getOutputStream().write(("POST /process-event HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Authorization: Bearer wrong\r\nContent-Length: 1000\r\n\r\n{\"a\":")
                                          .getBytes(StandardCharsets.US_ASCII));

        assertThat("closed by the connector", closedWithin(s, 10), is(true));
    }

    @Test
    void overTheConnectionCapTheOldestIdleConnectionsMakeRoomForNewClients() throws IOException {
        int port = start(Map.of("connector.inbound.max-connections", "5"));
        for (int i = 0; i < 20; i++) {
            open(port).getOutputStream().write("GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n"
                                                       .getBytes(StandardCharsets.US_ASCII));
        }
        String answer = exchange(port, "GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

        assertThat(answer, startsWith("HTTP/1.1 200"));
        assertThat("the oldest were closed", closedWithin(sockets.getFirst(), 10), is(true));
    }

    @Test
    void aStalledUploadDoesNotHoldTheShutdown() throws IOException {
        start(Map.of("connector.delivery.shutdown-grace-period", "PT5S"));
        Socket s = open(server.server().port());
        s.getOutputStream().write(("POST /process-event HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Authorization: Bearer " + TestConnector.API_TOKEN + "\r\nContent-Length: 1000\r\n\r\n{\"a\":")
                                          .getBytes(StandardCharsets.US_ASCII));
        awaitHeadersRead();

        long start = System.nanoTime();
        boolean drained = server.connector().shutdown(server.server());
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        server = null;

        assertThat("no event was in flight", drained, is(true));
        assertThat("the upload did not hold the 5 s grace", millis, lessThan(4000L));
        assertThat("the stalled upload was closed", closedWithin(s, 10), is(true));
    }

    @Test
    void aBodyThatFindsNoRoomInTheBodyBudgetIs503WithinTheEventDeadline() throws IOException {
        int port = start(Map.of("connector.inbound.body-budget", "2048", "connector.wtl.event-deadline", "PT1S"));
        String json = "{\"pad\":\"" + "x".repeat(1490) + "\"}";
        // the first upload holds 1500 of the 2048 bytes while its body trickles in
        Socket first = open(port);
        first.getOutputStream().write(("POST /process-event HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Authorization: Bearer " + TestConnector.API_TOKEN + "\r\nContent-Length: " + json.length()
                + "\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
        awaitHeadersRead();

        String answer = exchange(port, "POST /process-event HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Authorization: Bearer " + TestConnector.API_TOKEN + "\r\nContent-Length: " + json.length()
                + "\r\nConnection: close\r\n\r\n" + json);

        assertThat(answer, startsWith("HTTP/1.1 503"));
        assertThat(answer, containsString("\"type\":\"CONNECTION_ERROR\""));
    }

    private void awaitHeadersRead() {
        Await.until("the upload's headers are read", Duration.ofSeconds(10),
                    () -> server.connector().connectionGuard().phases().containsKey(ConnectionGuard.Phase.BODY));
    }

    private Socket open(int port) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        sockets.add(s);
        return s;
    }

    /** Whether the server closes the connection within the given seconds (reads and discards what arrives). */
    private static boolean closedWithin(Socket s, int seconds) throws IOException {
        s.setSoTimeout(seconds * 1000);
        InputStream in = s.getInputStream();
        byte[] buffer = new byte[8192];
        try {
            while (true) {
                if (in.read(buffer) < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset by the server
        }
    }

    /** Sends bytes on a fresh connection and reads the answer until the server closes it or 2 s of silence. */
    private static String exchange(int port, String request) {
        return RawHttp.untilQuiet(port, request, Duration.ofSeconds(2)).utf8();
    }
}
