package io.nspsconnector.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import io.helidon.common.testing.http.junit5.SocketHttpClient;

/**
 * HTTP exchanges as bytes on a loopback socket, for requests a client library would not send (broken framing,
 * oversized heads, garbage) and for answers the server gives before routing.
 */
public final class RawHttp {

    private RawHttp() {
    }

    /**
     * An answer as it arrived.
     *
     * @param text the bytes read, as ISO-8859-1 text (one character per byte)
     */
    public record Answer(String text) {

        /** Whether a complete head (status line and headers) arrived. */
        public boolean hasHead() {
            return text.indexOf("\r\n\r\n") > 0;
        }

        /** The status code of the status line. */
        public int status() {
            return Integer.parseInt(text.substring(9, 12));
        }

        /** Status line and headers, without the blank line. */
        public String head() {
            int end = text.indexOf("\r\n\r\n");
            if (end < 0) {
                throw new AssertionError("no complete answer head: " + text);
            }
            return text.substring(0, end);
        }

        /**
         * @param name header name, any case
         * @return the header's value (the first, trimmed), if present
         */
        public Optional<String> header(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            for (String line : head().split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                    return Optional.of(line.substring(prefix.length()).trim());
                }
            }
            return Optional.empty();
        }

        /** The media type of Content-Type without parameters, or null. */
        public String contentType() {
            return header("content-type").map(v -> v.split(";", 2)[0].trim()).orElse(null);
        }

        /** The bytes after the head, decoded as UTF-8. */
        public String body() {
            byte[] all = text.getBytes(StandardCharsets.ISO_8859_1);
            int start = head().length() + 4;
            return new String(all, start, all.length - start, StandardCharsets.UTF_8);
        }

        /** The whole answer decoded as UTF-8. */
        public String utf8() {
            return new String(text.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        }
    }

    /**
     * Writes a request, half-closes the connection and reads until the server closes it (or resets it after
     * answering: what arrived is kept). For answers the server sends before it reads the whole request.
     *
     * @param port    server port on loopback
     * @param request the request, one character per byte
     * @return the answer
     */
    public static Answer halfClosed(int port, String request) {
        return exchange(port, request, true, Duration.ofSeconds(10), false);
    }

    /**
     * Writes a request and reads until the server closes (or resets) the connection or stays silent for the given
     * time, for a server that may keep the connection open after answering.
     *
     * @param port    server port on loopback
     * @param request the request, one character per byte
     * @param silence how long a quiet connection counts as the end of the answer
     * @return the answer
     */
    public static Answer untilQuiet(int port, String request, Duration silence) {
        return exchange(port, request, false, silence, true);
    }

    /**
     * Writes a request on a kept-open connection and reads one answer: its head and then as many bytes as its
     * Content-Length says (Helidon's {@link SocketHttpClient}).
     *
     * @param port    server port on loopback
     * @param request the request, one character per byte
     * @return the answer's lines as the client reads them (line ends as {@code \n})
     */
    public static String oneAnswer(int port, String request) {
        try (SocketHttpClient client = SocketHttpClient.create("127.0.0.1", port, Duration.ofSeconds(5))) {
            client.requestRaw(request);
            return client.receive();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Answer exchange(int port, String request, boolean halfClose, Duration timeout,
                                   boolean silenceEnds) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout((int) timeout.toMillis());
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            if (halfClose) {
                socket.shutdownOutput();
            }
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            InputStream in = socket.getInputStream();
            while (true) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (SocketTimeoutException e) {
                    if (silenceEnds) {
                        break; // kept open: what arrived is the answer
                    }
                    throw new AssertionError("no end of the answer within " + timeout + ": "
                                                     + raw.toString(StandardCharsets.ISO_8859_1), e);
                } catch (SocketException e) {
                    break; // a reset after the answer (the server closed with our unread bytes): keep what came
                }
                if (n < 0) {
                    break;
                }
                raw.write(buffer, 0, n);
            }
            return new Answer(raw.toString(StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
