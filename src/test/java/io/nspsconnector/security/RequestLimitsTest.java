package io.nspsconnector.security;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import io.nspsconnector.testing.TestConnector;
import io.nspsconnector.testing.WtlFake;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

/**
 * Limits before any work is done, over raw sockets: an oversized request line or header block is refused before
 * the token is looked at, a body over the limit is refused by its declared length, and a wrong token is refused
 * before the body is read (the 401 arrives while the body is still being "sent").
 */
class RequestLimitsTest {

    private static WtlFake wtl;
    private static TestConnector.Server server;

    @BeforeAll
    static void start() {
        wtl = WtlFake.start();
        server = TestConnector.start(Path.of("config"), TestConnector.env(wtl.baseUrl()), Map.of());
    }

    @AfterAll
    static void stop() {
        server.close();
        wtl.close();
    }

    @Test
    void headerBlockOverTheLimitIs400BeforeTheTokenIsLookedAt() throws IOException {
        String under = exchange("POST /process-event HTTP/1.1\r\nHost: x\r\nX-Padding: " + "p".repeat(15_000)
                                        + "\r\nContent-Length: 2\r\n\r\n{}", true);
        String over = exchange("POST /process-event HTTP/1.1\r\nHost: x\r\nX-Padding: " + "p".repeat(17_000)
                                       + "\r\nContent-Length: 2\r\n\r\n{}", true);

        assertThat("just under the 16 KiB limit the request reaches the token check", under,
                   startsWith("HTTP/1.1 401"));
        assertThat(over, startsWith("HTTP/1.1 400"));
        assertThat(over, containsString("\"type\":\"VALIDATION_ERROR\""));
    }

    @Test
    void requestLineOverTheLimitIs414() throws IOException {
        String answer = exchange("POST /" + "a".repeat(5000) + " HTTP/1.1\r\nHost: x\r\n\r\n", true);

        assertThat(answer, startsWith("HTTP/1.1 414"));
        assertThat(answer, containsString("\"type\":\"VALIDATION_ERROR\""));
    }

    @Test
    void bodyDeclaredOverTheLimitIs413WithoutBeingSent() throws IOException {
        String answer = exchange("POST /process-event HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                                         + TestConnector.API_TOKEN + "\r\nContent-Type: application/json\r\n"
                                         + "Content-Length: 3000000\r\n\r\n{", false);

        assertThat(answer, startsWith("HTTP/1.1 413"));
        assertThat(answer, containsString("Payload too large"));
    }

    @Test
    void wrongTokenIsRefusedBeforeTheBodyIsRead() throws IOException {
        // 100 kB announced, 10 bytes sent, the connection left open: only an answer that does not wait for the body
        // can arrive
        String answer = exchange("POST /process-event HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer wrong\r\n"
                                         + "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"event_\"",
                                 false);

        assertThat(answer, startsWith("HTTP/1.1 401"));
        assertThat(answer, containsString("\"type\":\"AUTHENTICATION_ERROR\""));
        assertThat(wtl.calls(), hasSize(0));
    }

    /** Writes a request and reads the answer's head and body; {@code close} half-closes after writing. */
    private static String exchange(String request, boolean close) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.server().port())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            if (close) {
                socket.shutdownOutput();
            }
            InputStream in = socket.getInputStream();
            StringBuilder answer = new StringBuilder();
            byte[] buffer = new byte[4096];
            int contentLength = -1;
            while (true) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (java.net.SocketTimeoutException e) {
                    break;
                }
                if (n < 0) {
                    break;
                }
                answer.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                int head = answer.indexOf("\r\n\r\n");
                if (head >= 0 && contentLength < 0) {
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)")
                            .matcher(answer.substring(0, head));
                    contentLength = m.find() ? Integer.parseInt(m.group(1)) : 0;
                }
                if (head >= 0 && answer.length() >= head + 4 + contentLength) {
                    break;
                }
            }
            return answer.toString();
        }
    }
}
