package io.nspsconnector.wtl;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLSocket;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataReader;
import io.helidon.common.buffers.DataWriter;
import io.helidon.common.socket.HelidonSocket;
import io.helidon.common.socket.PlainSocket;
import io.helidon.common.socket.SocketOptions;
import io.helidon.common.socket.TlsSocket;
import io.helidon.common.tls.Tls;
import io.helidon.webclient.api.ClientConnection;
import io.helidon.webclient.api.HttpClientConfig;
import io.helidon.webclient.api.Proxy;
import io.helidon.webclient.api.WebClient;

/**
 * The connections to WTL, kept by the connector rather than by the HTTP client, so that a connection is reused only
 * when it is known to be clean: a connection goes back to the pool only after a plainly framed 2xx answer read in
 * full, and is taken from it only while nothing at all has arrived on it since. Why Helidon's own pool is not used:
 * docs/rationale.md, "The connector keeps its own WTL connections", and
 * docs/upstream/helidon-webclient-connection-reuse.md.
 * <p>
 * Each request gets its connection explicitly ({@code HttpClientRequest.connection}); Helidon writes the request and
 * parses the answer on it as usual.
 */
final class WtlConnections implements AutoCloseable {

    private static final List<String> ALPN = List.of("http/1.1");
    /** A connection idle longer than this is probed for a close by WTL before it is used again. */
    private static final long PROBE_AFTER_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** A connection idle longer than this is closed rather than used again. */
    private static final long MAX_IDLE_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final WebClient webClient;
    private final HttpClientConfig clientConfig;
    private final Tls tls;
    private final String host;
    private final int port;
    private final int maxIdle;
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger idleCount = new AtomicInteger();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile boolean closed;

    /**
     * @param webClient the WebClient whose settings (socket options, TLS, proxy, DNS) the connections use
     * @param uri       WTL's URI (scheme, host, port)
     * @param maxIdle   connections kept open between calls, at most
     */
    WtlConnections(WebClient webClient, URI uri, int maxIdle) {
        this.webClient = webClient;
        this.clientConfig = webClient.prototype();
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        this.tls = https ? clientConfig.tls() : null;
        this.host = uri.getHost();
        this.port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
        this.maxIdle = maxIdle;
    }

    /**
     * A clean idle connection, or null when there is none.
     *
     * @return the connection, or null
     */
    Connection take() {
        for (Connection c = idle.pollFirst(); c != null; c = idle.pollFirst()) {
            idleCount.decrementAndGet();
            if (c.clean(true)) {
                return c;
            }
            c.close();
        }
        return null;
    }

    /**
     * Opens a new connection; connecting and the TLS handshake stay within the attempt's time.
     *
     * @param guard the attempt's watchdog guard
     * @return the connection
     */
    Connection open(AttemptWatchdog.Guard guard) {
        long left = guard.remainingNanos();
        Duration connectTimeout = clientConfig.socketOptions().connectTimeout();
        Duration budget = Duration.ofNanos(Math.max(TimeUnit.MILLISECONDS.toNanos(1),
                                                    Math.min(connectTimeout.toNanos(), left)));
        SocketOptions options = SocketOptions.builder().from(clientConfig.socketOptions()).connectTimeout(budget).build();
        InetSocketAddress address = new InetSocketAddress(
                clientConfig.dnsResolver().resolveAddress(host, clientConfig.dnsAddressLookup()), port);
        Proxy proxy = clientConfig.proxy();
        Socket socket = proxy.tcpSocket(webClient, address, options, tls != null);
        guard.watch(socket);
        String id = "wtl-" + HexFormat.of().toHexDigits(ids.incrementAndGet());
        HelidonSocket helidonSocket;
        if (tls != null) {
            SSLSocket ssl = tls.createSocket(ALPN, socket, address);
            try {
                ssl.startHandshake();
            } catch (IOException e) {
                closeQuietly(ssl);
                throw new UncheckedIOException("TLS handshake with WTL failed", e);
            }
            helidonSocket = TlsSocket.client(ssl, id);
        } else {
            helidonSocket = PlainSocket.client(socket, id);
        }
        return new Connection(socket, helidonSocket, id);
    }

    /**
     * Puts a connection back for the next call if it may be reused, else closes it.
     *
     * @param c        the connection
     * @param reusable whether its last answer allows reuse (a plainly framed 2xx read in full, in time)
     */
    void release(Connection c, boolean reusable) {
        if (!reusable || closed || !c.released || !c.clean(false)) {
            c.close();
            return;
        }
        if (idleCount.incrementAndGet() > maxIdle) {
            idleCount.decrementAndGet();
            c.close();
            return;
        }
        c.released = false;
        c.idleSince = System.nanoTime();
        idle.offerFirst(c);
        // the longest idle ones sit at the other end: close those WTL has probably closed by now
        Connection oldest = idle.peekLast();
        if (oldest != null && System.nanoTime() - oldest.idleSince > MAX_IDLE_NANOS && idle.removeLastOccurrence(oldest)) {
            idleCount.decrementAndGet();
            oldest.close();
        }
    }

    /** Connections idle in the pool now. */
    int idle() {
        return Math.max(0, idleCount.get());
    }

    @Override
    public void close() {
        closed = true;
        for (Iterator<Connection> it = idle.iterator(); it.hasNext(); ) {
            Connection c = it.next();
            it.remove();
            c.close();
        }
        idleCount.set(0);
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException | RuntimeException e) {
            // closing anyway
        }
    }

    /** One connection to WTL. */
    static final class Connection implements ClientConnection, Closeable {
        private final Socket socket;
        private final HelidonSocket helidonSocket;
        private final DataReader reader;
        private final DataWriter writer;
        private final String id;
        private volatile boolean closed;
        /** Helidon found the last answer complete and would have kept the connection. */
        private volatile boolean released;
        private long idleSince;

        private Connection(Socket socket, HelidonSocket helidonSocket, String id) {
            this.socket = socket;
            this.helidonSocket = helidonSocket;
            this.reader = DataReader.create(helidonSocket);
            this.writer = new DirectWriter(helidonSocket);
            this.id = id;
        }

        /**
         * Whether nothing has arrived on the connection beyond the answers read: no byte buffered by the client,
         * none waiting in the socket, and (after a longer idle time, when probing) no close by WTL.
         */
        private boolean clean(boolean probe) {
            if (closed || socket.isClosed() || reader.available() > 0) {
                return false;
            }
            try {
                if (socket.getInputStream().available() > 0) {
                    return false;
                }
                if (probe && System.nanoTime() - idleSince > PROBE_AFTER_NANOS) {
                    // a short read: any byte (unsolicited data) or end of stream (WTL closed it) rules it out
                    int before = socket.getSoTimeout();
                    socket.setSoTimeout(1);
                    try {
                        socket.getInputStream().read();
                        return false;
                    } catch (SocketTimeoutException quiet) {
                        socket.setSoTimeout(before);
                        return true;
                    }
                }
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        @Override
        public DataReader reader() {
            return reader;
        }

        @Override
        public DataWriter writer() {
            return writer;
        }

        @Override
        public String channelId() {
            return id;
        }

        @Override
        public HelidonSocket helidonSocket() {
            return helidonSocket;
        }

        @Override
        public void readTimeout(Duration readTimeout) {
            try {
                socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, readTimeout.toMillis())));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public boolean isConnected() {
            return !closed && !socket.isClosed();
        }

        @Override
        public boolean allowExpectContinue() {
            return false;
        }

        /** Called by the client when it would keep the connection: the decision is the pool's. */
        @Override
        public void releaseResource() {
            released = true;
        }

        /** Called by the client when the connection must not be reused. */
        @Override
        public void closeResource() {
            close();
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            closeQuietly(socket);
        }
    }

    /** Writes straight to the socket: the client hands over each request in one buffer. */
    private static final class DirectWriter implements DataWriter {
        private final HelidonSocket socket;

        private DirectWriter(HelidonSocket socket) {
            this.socket = socket;
        }

        @Override
        public void write(BufferData... buffers) {
            for (BufferData buffer : buffers) {
                socket.write(buffer);
            }
        }

        @Override
        public void write(BufferData buffer) {
            socket.write(buffer);
        }

        @Override
        public void writeNow(BufferData... buffers) {
            write(buffers);
        }

        @Override
        public void writeNow(BufferData buffer) {
            socket.write(buffer);
        }
    }
}
