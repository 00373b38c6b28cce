package io.nspsconnector.wtl;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.helidon.common.tls.Tls;
import io.helidon.faulttolerance.CircuitBreaker;
import io.helidon.faulttolerance.CircuitBreakerOpenException;
import io.helidon.faulttolerance.Retry;
import io.helidon.http.ClientResponseHeaders;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.Proxy;
import io.helidon.webclient.api.WebClient;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientConfig;

import io.nspsconnector.errors.ConnectorError;
import io.nspsconnector.event.Deadline;
import io.nspsconnector.logging.LogText;
import io.nspsconnector.logging.Masking;
import io.nspsconnector.metrics.ConnectorMetrics;
import io.nspsconnector.tracing.TraceContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * Sends provisioning requests to WTL and turns every answer into a {@link WtlResult} or a {@link ConnectorError}.
 * <p>
 * One Helidon HTTP/1.1 client for the process, on connections the connector keeps itself ({@link WtlConnections}:
 * reused only after a plainly framed 2xx answer, and only while nothing else arrived on them). Each attempt has a
 * total time, the attempt timeout or what is left before the event's deadline, whichever is shorter, enforced by
 * {@link AttemptWatchdog} however slowly WTL answers; transient failures (connect errors, timeouts, configured 5xx,
 * 429, unusable answers) are retried with exponential backoff and jitter while the deadline allows; a circuit
 * breaker (Helidon fault tolerance) stops calling a failing WTL and a bulkhead ({@link WtlBulkhead}) bounds
 * concurrent attempts, a call waiting for a slot no longer than its deadline.
 */
public final class WtlClient implements WtlGateway, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WtlClient.class);
    private static final int MAX_ANSWER_BYTES = 64 * 1024;
    /** Below this much time left, another attempt cannot get an answer. */
    private static final long MIN_ATTEMPT_MILLIS = 50;

    private final WtlSettings settings;
    private final Http1Client client;
    private final URI provUri;
    private volatile Header authorization;
    private final CircuitBreaker breaker;
    private final WtlBulkhead bulkhead;
    private final WtlConnections connections;
    private final AttemptWatchdog watchdog = new AttemptWatchdog();
    /** One Retry for all calls; its policy reads the calling thread's {@link Attempts} (see {@link #apply}). */
    private final Retry retry;
    private final ThreadLocal<Attempts> current = new ThreadLocal<>();
    private final ConnectorMetrics metrics;
    private final Masking masking;

    /**
     * @param settings WTL settings
     * @param metrics  meters to record into
     * @param masking  how identifiers appear in logs
     */
    public WtlClient(WtlSettings settings, ConnectorMetrics metrics, Masking masking) {
        this.settings = settings;
        this.metrics = metrics;
        this.masking = masking;
        this.provUri = settings.provUri();
        this.authorization = HeaderValues.create(HeaderNames.AUTHORIZATION, "Bearer " + settings.token());
        // HTTP/1.1 client directly: WTL speaks HTTP/1.1, and the generic WebClient would negotiate per request
        Http1ClientConfig.Builder builder = Http1Client.builder();
        if (settings.client().exists()) {
            // operator's WebClient settings first (TLS trust for a private CA, proxy, headers); ours win on overlap
            builder.config(settings.client());
        }
        if ("http".equalsIgnoreCase(provUri.getScheme()) && !settings.client().get("tls").exists()) {
            // plain HTTP to WTL: no TLS context to build (it took a tenth of the start-up time)
            builder.tls(Tls.builder().enabled(false).build());
        }
        if (!settings.client().get("proxy").exists()) {
            // no proxy unless configured: spares a system-proxy lookup on every request
            builder.proxy(Proxy.noProxy());
        }
        Http1ClientConfig clientConfig = builder
                .connectTimeout(settings.connectTimeout())
                .readTimeout(settings.attemptTimeout())
                .followRedirects(false)
                .shareConnectionCache(false)
                .buildPrototype();
        WebClient webClient = WebClient.create(it -> it.from(clientConfig));
        // the HTTP/1.1 client of that WebClient, with the protocol settings given (if any)
        this.client = webClient.client(Http1Client.PROTOCOL, clientConfig.protocolConfig());
        this.connections = new WtlConnections(webClient, provUri, settings.bulkhead().limit());
        WtlSettings.Breaker b = settings.breaker();
        this.breaker = CircuitBreaker.builder()
                .name("wtl")
                .volume(b.volume())
                .errorRatio(b.errorRatio())
                .delay(b.delay())
                .successThreshold(b.successThreshold())
                .applyOn(Set.of(WtlAttemptException.Transport.class, WtlAttemptException.ServerError.class))
                .build();
        this.bulkhead = new WtlBulkhead(settings.bulkhead().limit(), settings.bulkhead().queue(), metrics);
        this.retry = Retry.builder()
                .name("wtl")
                // Helidon calls the policy on the thread that invoked the Retry, between its attempts
                .retryPolicy((firstCallMillis, lastDelay, call) -> current.get().nextDelayMillis(firstCallMillis,
                                                                                                  lastDelay, call))
                .applyOn(Set.of(WtlAttemptException.class))
                // the per-event deadline is enforced by the policy and the attempt timeouts; this is a backstop
                .overallTimeout(settings.eventDeadline().plusSeconds(1))
                .build();
        metrics.circuitBreakerState(this::breakerState);
        metrics.wtlBulkhead(bulkhead::inUse, bulkhead::waiting, connections::idle);
    }

    /**
     * Uses another WTL token from the next attempt on (a rotated Secret). Attempts already sent keep theirs.
     *
     * @param token the new Bearer token
     */
    public void token(String token) {
        this.authorization = HeaderValues.create(HeaderNames.AUTHORIZATION, "Bearer " + token);
    }

    /** Stops the attempt watchdog and closes the idle WTL connections. */
    @Override
    public void close() {
        watchdog.close();
        connections.close();
    }

    /** Circuit breaker state as a number: 0 closed, 1 half-open, 2 open. */
    public int breakerState() {
        return switch (breaker.state()) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            case OPEN -> 2;
        };
    }

    /**
     * Applies one request, retrying transient failures within the deadline.
     *
     * @param request  what to send
     * @param deadline when the event must be answered
     * @return the result when WTL applied it (or reported it as already applied)
     * @throws ConnectorError for every other outcome
     */
    @Override
    public WtlResult apply(WtlRequest request, Deadline deadline) {
        byte[] body = request.toJsonBytes();
        Attempts attempts = new Attempts(request.action(), deadline);
        Attempts outer = current.get();
        current.set(attempts);
        try {
            return retry.invoke(() -> {
                bulkhead.enter(deadline);
                try {
                    return settings.breaker().enabled()
                            ? breaker.invoke(() -> attempt(request, body, attempts))
                            : attempt(request, body, attempts);
                } finally {
                    bulkhead.leave();
                }
            });
        } catch (WtlAttemptException.Transport e) {
            throw new ConnectorError.WtlUnavailable(e.getMessage());
        } catch (WtlAttemptException.ServerError e) {
            throw new ConnectorError.WtlServerError(e.getMessage());
        } catch (WtlAttemptException.Throttled e) {
            throw new ConnectorError.WtlRateLimited(e.retryAfter().orElse(null));
        } catch (CircuitBreakerOpenException e) {
            throw new ConnectorError.WtlUnavailable("Circuit breaker open: WTL failed repeatedly, calls paused");
        } catch (io.helidon.faulttolerance.TimeoutException e) {
            throw new ConnectorError.WtlUnavailable("Deadline exceeded");
        } finally {
            if (outer == null) {
                current.remove();
            } else {
                current.set(outer);
            }
        }
    }

    private WtlResult attempt(WtlRequest request, byte[] body, Attempts attempts) {
        attempts.count++;
        long left = attempts.deadline.remainingNanos();
        if (left < TimeUnit.MILLISECONDS.toNanos(MIN_ATTEMPT_MILLIS)) {
            throw attempts.failed(new WtlAttemptException.Transport("Deadline exceeded", true));
        }
        long budget = Math.min(settings.attemptTimeout().toNanos(), left);
        String action = request.action().wire();
        long start = System.nanoTime();
        AttemptWatchdog.Guard guard = watchdog.start(attempts.deadline, budget);
        WtlConnections.Connection connection = null;
        boolean reusable = false;
        int status;
        byte[] answer;
        Optional<Duration> retryAfter;
        try {
            connection = connections.take();
            if (connection == null) {
                connection = connections.open(guard);
            }
            guard.watch(connection);
            try (HttpClientResponse response = client.post()
                    .uri(provUri)
                    .connection(connection)
                    .header(authorization)
                    .header(HeaderValues.CONTENT_TYPE_JSON)
                    .header(HeaderValues.ACCEPT_JSON)
                    .headers(h -> TraceContext.current().callHeaders().forEach(h::set))
                    .readTimeout(Duration.ofNanos(Math.max(TimeUnit.MILLISECONDS.toNanos(1), budget)))
                    .submit(body)) {
                status = response.status().code();
                String framing = unusable(status, response.headers());
                if (framing != null) {
                    // nothing read from it can be trusted, nor anything after it on this connection
                    connection.close();
                    throw new WtlAttemptException.Transport("Invalid response from WTL (" + framing + ")",
                                                            "invalid_answer");
                }
                retryAfter = status == 429
                        ? WtlResponses.retryAfter(response.headers().first(HeaderNames.RETRY_AFTER).orElse(null))
                        : Optional.empty();
                Answer read = readAnswer(response);
                answer = read.bytes();
                reusable = read.complete() && status / 100 == 2;
            }
        } catch (WtlAttemptException.Transport e) {
            boolean cut = guard.cut();
            WtlAttemptException.Transport failure = cut ? new WtlAttemptException.Transport("Connection timeout", true) : e;
            MDC.put("wtl_status", failure.reason());
            metrics.wtlCall(action, failure.reason(), System.nanoTime() - start);
            LOG.warn("WTL attempt failed", kv("wtl_action", action), kv("attempt", attempts.count),
                     kv("error", failure.getMessage()));
            throw attempts.failed(failure);
        } catch (IOException | RuntimeException e) {
            boolean timedOut = guard.cut() || isTimeout(e);
            MDC.put("wtl_status", timedOut ? "timeout" : "connect_error");
            metrics.wtlCall(action, timedOut ? "timeout" : "connect_error", System.nanoTime() - start);
            String message = timedOut ? "Connection timeout" : connectionProblem(e);
            LOG.warn("WTL attempt failed", kv("wtl_action", action), kv("attempt", attempts.count),
                     kv("error", LogText.bound(message)));
            throw attempts.failed(new WtlAttemptException.Transport(message, timedOut));
        } finally {
            boolean inTime = guard.finish();
            if (connection != null) {
                connections.release(connection, reusable && inTime);
            }
        }
        MDC.put("wtl_status", Integer.toString(status));
        metrics.wtlCall(action, Integer.toString(status), System.nanoTime() - start);
        return verdict(request, status, answer, retryAfter, attempts);
    }

    /**
     * Why an answer cannot be used at all, or null when it can: an interim (1xx) answer, which this client does
     * not wait past, or framing that two HTTP parsers may read differently (both Content-Length and
     * Transfer-Encoding, several Content-Length values): such an answer may end where WTL did not mean it to.
     */
    private static String unusable(int status, ClientResponseHeaders headers) {
        if (status < 200) {
            return "interim " + status + " answer";
        }
        boolean length = headers.contains(HeaderNames.CONTENT_LENGTH);
        if (length && headers.contains(HeaderNames.TRANSFER_ENCODING)) {
            return "both Content-Length and Transfer-Encoding";
        }
        if (length && headers.get(HeaderNames.CONTENT_LENGTH).allValues(true).stream().distinct().count() > 1) {
            return "conflicting Content-Length";
        }
        return null;
    }

    /** An answer body, and whether it was read to its announced end (the connection may then be reused). */
    private record Answer(byte[] bytes, boolean complete) {
    }

    /**
     * WTL's answer, at most {@link #MAX_ANSWER_BYTES}. When its length is announced (the usual case) exactly that
     * many bytes are asked for: the client sizes its read buffer by the request, so asking for more would allocate
     * buffers of the larger size for every call. The answer is complete when its framing (Content-Length alone, or
     * chunked alone, or none on a 204) ended within the limit.
     */
    private static Answer readAnswer(HttpClientResponse response) throws IOException {
        ClientResponseHeaders headers = response.headers();
        OptionalLong length = headers.contentLength();
        boolean chunked = headers.containsToken(HeaderValues.TRANSFER_ENCODING_CHUNKED);
        if (response.status().code() == 204 || length.isPresent() && length.getAsLong() == 0) {
            return new Answer(new byte[0], true);
        }
        InputStream in = response.inputStream();
        if (length.isPresent()) {
            if (length.getAsLong() > MAX_ANSWER_BYTES) {
                return new Answer(in.readNBytes(MAX_ANSWER_BYTES), false);
            }
            byte[] answer = new byte[(int) length.getAsLong()];
            int read = in.readNBytes(answer, 0, answer.length);
            if (read < answer.length) {
                return new Answer(java.util.Arrays.copyOf(answer, read), false);
            }
            // the end of the entity, read without blocking: the client then counts the answer as fully read
            return new Answer(answer, in.read(new byte[1], 0, 1) == -1);
        }
        byte[] answer = in.readNBytes(MAX_ANSWER_BYTES);
        // without a length, only a chunked answer has an end short of the connection's
        return new Answer(answer, chunked && answer.length < MAX_ANSWER_BYTES && in.read(new byte[1], 0, 1) == -1);
    }

    private WtlResult verdict(WtlRequest request, int status, byte[] answer, Optional<Duration> retryAfter,
                              Attempts attempts) {
        String error;
        if (status / 100 == 2) {
            Optional<String> failure = status == 204 ? Optional.empty() : WtlResponses.failureOf2xx(answer);
            if (failure == null) {
                throw new ConnectorError.WtlServerError("Invalid response from WTL");
            }
            if (failure.isEmpty()) {
                return new WtlResult(status, attempts.count, false);
            }
            error = failure.get();
        } else if (status == 401 || status == 403) {
            LOG.error("WTL refused our credentials: check the WTL token (WTL_API_TOKEN)");
            throw new ConnectorError.WtlAuthFailed();
        } else if (status == 429) {
            throw attempts.failed(new WtlAttemptException.Throttled(retryAfter.orElse(null)));
        } else if (status >= 500) {
            throw attempts.failed(new WtlAttemptException.ServerError(
                    status, WtlResponses.errorText(status, answer), settings.retry().retryStatuses().contains(status)));
        } else {
            error = WtlResponses.errorText(status, answer);
        }
        WtlSettings.AlreadyDone alreadyDone = settings.treatAsSuccess().get(request.action());
        if (alreadyDone != null && alreadyDone.matches(status, error)) {
            LOG.info("WTL reports the operation as already applied: counted as success",
                     kv("wtl_action", request.action().wire()),
                     kv("wtl_error", LogText.bound(masking.text(error))));
            return new WtlResult(status, attempts.count, true);
        }
        throw new ConnectorError.WtlRejected(error);
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SocketTimeoutException || t instanceof InterruptedIOException
                    || t instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
            String message = t.getMessage();
            if (message != null && message.toLowerCase(java.util.Locale.ROOT).contains("timed out")) {
                return true;
            }
        }
        return false;
    }

    private static String connectionProblem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException) {
                return "Connection refused";
            }
            if (t instanceof UnknownHostException) {
                return "Unknown host";
            }
        }
        return e instanceof UncheckedIOException || e instanceof IOException ? "Connection failed" : "Connection error";
    }

    /**
     * State of one operation's attempts, and the retry policy that reads it: exponential backoff with jitter,
     * stretched to WTL's Retry-After when given (up to the cap), and never past the event's deadline.
     */
    private final class Attempts implements Retry.RetryPolicy {
        private final WtlAction action;
        private final Deadline deadline;
        private int count;
        private WtlAttemptException last;

        Attempts(WtlAction action, Deadline deadline) {
            this.action = action;
            this.deadline = deadline;
        }

        WtlAttemptException failed(WtlAttemptException e) {
            last = e;
            return e;
        }

        @Override
        public Optional<Long> nextDelayMillis(long firstCallMillis, long lastDelay, int call) {
            WtlSettings.Retry policy = settings.retry();
            if (last == null || !last.retryable() || count >= policy.attempts()) {
                return Optional.empty();
            }
            double base = policy.initialDelay().toMillis() * Math.pow(policy.multiplier(), count - 1);
            double capped = Math.min(base, policy.maxDelay().toMillis());
            double spread = capped * policy.jitter();
            long delay = Math.round(capped - spread + ThreadLocalRandom.current().nextDouble() * 2 * spread);
            if (last instanceof WtlAttemptException.Throttled throttled && throttled.retryAfter().isPresent()) {
                Duration asked = throttled.retryAfter().get();
                if (asked.compareTo(policy.retryAfterCap()) > 0) {
                    return Optional.empty();
                }
                delay = Math.max(delay, asked.toMillis());
            }
            if (deadline.remainingMillis() - delay < MIN_ATTEMPT_MILLIS) {
                return Optional.empty();
            }
            metrics.wtlRetry(last.reason());
            LOG.info("Retrying WTL", kv("wtl_action", action.wire()), kv("reason", last.reason()),
                     kv("attempt", count + 1), kv("delay_ms", delay));
            last = null;
            return Optional.of(Math.max(0, delay));
        }
    }
}
