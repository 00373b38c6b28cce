package io.nspsconnector.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the tests that run the connector as a child JVM (flood, shutdown, a real Prometheus scrape) share: reading
 * its log file, waiting for its "ready" line and the port in it, and loopback probes that answer -1 or "" while it
 * cannot be reached.
 */
public final class ChildConnector {

    /** The start-up line the connector logs once it listens, with the port it got. */
    private static final Pattern READY = Pattern.compile("\"message\":\"nsps-connector ready\".*?\"port\":(\\d+)");

    private ChildConnector() {
    }

    /**
     * Waits for the ready line (or the process to end).
     *
     * @param process the child JVM
     * @param log     the file its output goes to
     * @param within  how long it may take
     * @return the port it listens on
     * @throws AssertionError when it ended or did not get ready in time, with its output
     */
    public static int awaitReadyPort(Process process, Path log, Duration within) {
        int[] port = new int[1];
        Await.until("connector ready", within, Duration.ofMillis(20), () -> {
            Matcher m = READY.matcher(read(log));
            return m.find() && (port[0] = Integer.parseInt(m.group(1))) > 0 || !process.isAlive();
        });
        if (port[0] == 0) {
            throw new AssertionError("connector did not start: " + read(log));
        }
        return port[0];
    }

    /**
     * @param log a log file
     * @return its text, or "" while it does not exist
     */
    public static String read(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * @param http client
     * @param port loopback port
     * @param path request path
     * @return the status of a GET, or -1 when nothing answered
     */
    public static int status(HttpClient http, int port, String path) {
        HttpResponse<Void> res = get(http, port, path, HttpResponse.BodyHandlers.discarding());
        return res == null ? -1 : res.statusCode();
    }

    /**
     * @param http client
     * @param port loopback port
     * @param path request path
     * @return the body of a GET, or "" when nothing answered
     */
    public static String body(HttpClient http, int port, String path) {
        HttpResponse<String> res = get(http, port, path, HttpResponse.BodyHandlers.ofString());
        return res == null ? "" : res.body();
    }

    private static <T> HttpResponse<T> get(HttpClient http, int port, String path, HttpResponse.BodyHandler<T> body) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                     .timeout(Duration.ofSeconds(5)).build(), body);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
