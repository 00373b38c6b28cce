package io.nspsconnector.security;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import io.nspsconnector.testing.RawHttp;
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
        String under = RawHttp.halfClosed(server.server().port(),
                                          "POST /process-event HTTP/1.1\r\nHost: x\r\nX-Padding: " + "p".repeat(15_000)
                                          + "\r\nContent-Length: 2\r\n\r\n{}").text();
        String over = RawHttp.halfClosed(server.server().port(),
                                         "POST /process-event HTTP/1.1\r\nHost: x\r\nX-Padding: " + "p".repeat(17_000)
                                         + "\r\nContent-Length: 2\r\n\r\n{}").text();

        assertThat("just under the 16 KiB limit the request reaches the token check", under,
                   startsWith("HTTP/1.1 401"));
        assertThat(over, startsWith("HTTP/1.1 400"));
        assertThat(over, containsString("\"type\":\"VALIDATION_ERROR\""));
    }

    @Test
    void requestLineOverTheLimitIs414() throws IOException {
        String answer = RawHttp.halfClosed(server.server().port(),
                                           "POST /" + "a".repeat(5000) + " HTTP/1.1\r\nHost: x\r\n\r\n").text();

        assertThat(answer, startsWith("HTTP/1.1 414"));
        assertThat(answer, containsString("\"type\":\"VALIDATION_ERROR\""));
    }

    @Test
    void bodyDeclaredOverTheLimitIs413WithoutBeingSent() throws IOException {
        String answer = RawHttp.oneAnswer(server.server().port(),
                                          "POST /process-event HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                                          + TestConnector.API_TOKEN + "\r\nContent-Type: application/json\r\n"
                                          + "Content-Length: 3000000\r\n\r\n{");

        assertThat(answer, startsWith("HTTP/1.1 413"));
        assertThat(answer, containsString("Payload too large"));
    }

    @Test
    void wrongTokenIsRefusedBeforeTheBodyIsRead() throws IOException {
        // 100 kB announced, 10 bytes sent, the connection left open: only an answer that does not wait for the body
        // can arrive
        String answer = RawHttp.oneAnswer(server.server().port(),
                                          "POST /process-event HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer wrong\r\n"
                                          + "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n"
                                          + "{\"event_\"");

        assertThat(answer, startsWith("HTTP/1.1 401"));
        assertThat(answer, containsString("\"type\":\"AUTHENTICATION_ERROR\""));
        assertThat(wtl.calls(), hasSize(0));
    }
}
