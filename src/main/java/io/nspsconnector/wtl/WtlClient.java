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

import io.nspsconnector.config.ConnectorConfig;
import io.nspsconnector.errors.ConnectorError;
import io.nspsconnector.logging.Masking;
import io.nspsconnector.metrics.ConnectorMetrics;
import io.nspsconnector.tracing.TraceContext;

import io.helidon.faulttolerance.Bulkhead;
import io.helidon.faulttolerance.BulkheadException;
import io.helidon.faulttolerance.CircuitBreaker;
import io.helidon.faulttolerance.CircuitBreakerOpenException;
import io.helidon.faulttolerance.Retry;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Header;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.common.tls.Tls;
import io.helidon.webclient.api.Proxy;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientConfig;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * Sends provisioning requests to WTL and turns every answer into a {@link WtlResult} or a {@link ConnectorError}.
 * <p>
 * One pooled Helidon HTTP/1.1 client for the process. Each attempt is bounded by the attempt timeout and the
 * event's deadline; transient failures (connect errors, timeouts, configured 5xx, 429) are retried with
 * exponential backoff and jitter while the deadline allows; a circuit breaker stops calling a failing WTL and a
 * bulkhead bounds concurrent calls. Retry, breaker and bulkhead are Helidon fault-tolerance handlers.
 */
public final class WtlClient implements WtlGateway {

    private static final Logger LOG = LoggerFactory.getLogger(WtlClient.class);
    private static final int MAX_ANSWER_BYTES = 64 * 1024;
    /** Below this much time left, another attempt cannot get an answer. */
    private static final long MIN_ATTEMPT_MILLIS = 50;

    private final ConnectorConfig.Wtl settings;
    private final Http1Client client;
    private final URI provUri;
    private volatile Header authorization;
    private final CircuitBreaker breaker;
    private final Bulkhead bulkhead;
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
    public WtlClient(ConnectorConfig.Wtl settings, ConnectorMetrics metrics, Masking masking) {
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
        this.client = builder
                .connectTimeout(settings.connectTimeout())
                .readTimeout(settings.attemptTimeout())
                .followRedirects(false)
                .shareConnectionCache(false)
                .build();
        ConnectorConfig.Breaker b = settings.breaker();
        this.breaker = CircuitBreaker.builder()
                .name("wtl")
                .volume(b.volume())
                .errorRatio(b.errorRatio())
                .delay(b.delay())
                .successThreshold(b.successThreshold())
                .applyOn(Set.of(WtlAttemptException.Transport.class, WtlAttemptException.ServerError.class))
                .build();
        this.bulkhead = Bulkhead.builder()
                .name("wtl")
                .limit(settings.bulkhead().limit())
                .queueLength(settings.bulkhead().queue())
                .build();
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
    }

    /**
     * Uses another WTL token from the next attempt on (a rotated Secret). Attempts already sent keep theirs.
     *
     * @param token the new Bearer token
     */
    public void token(String token) {
        this.authorization = HeaderValues.create(HeaderNames.AUTHORIZATION, "Bearer " + token);
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
            return retry.invoke(() -> bulkhead.invoke(() -> settings.breaker().enabled()
                    ? breaker.invoke(() -> attempt(request, body, attempts))
                    : attempt(request, body, attempts)));
        } catch (WtlAttemptException.Transport e) {
            throw new ConnectorError.WtlUnavailable(e.getMessage());
        } catch (WtlAttemptException.ServerError e) {
            throw new ConnectorError.WtlServerError(e.getMessage());
        } catch (WtlAttemptException.Throttled e) {
            throw new ConnectorError.WtlRateLimited(e.retryAfter().orElse(null));
        } catch (CircuitBreakerOpenException e) {
            throw new ConnectorError.WtlUnavailable("Circuit breaker open: WTL failed repeatedly, calls paused");
        } catch (BulkheadException e) {
            throw new ConnectorError.WtlUnavailable("Too many concurrent WTL calls");
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
        long left = attempts.deadline.remainingMillis();
        if (left < MIN_ATTEMPT_MILLIS) {
            throw attempts.failed(new WtlAttemptException.Transport("Deadline exceeded", true));
        }
        Duration timeout = Duration.ofMillis(Math.min(settings.attemptTimeout().toMillis(), left));
        String action = request.action().wire();
        long start = System.nanoTime();
        int status;
        byte[] answer;
        Optional<Duration> retryAfter;
        try (HttpClientResponse response = client.post()
                .uri(provUri)
                .header(authorization)
                .header(HeaderValues.CONTENT_TYPE_JSON)
                .header(HeaderValues.ACCEPT_JSON)
                .headers(h -> TraceContext.current().callHeaders().forEach(h::set))
                .readTimeout(timeout)
                .submit(body)) {
            status = response.status().code();
            retryAfter = status == 429
                    ? WtlResponses.retryAfter(response.headers().first(HeaderNames.RETRY_AFTER).orElse(null))
                    : Optional.empty();
            answer = readAnswer(response);
        } catch (IOException | RuntimeException e) {
            boolean timedOut = isTimeout(e);
            MDC.put("wtl_status", timedOut ? "timeout" : "connect_error");
            metrics.wtlCall(action, timedOut ? "timeout" : "connect_error", System.nanoTime() - start);
            String message = timedOut ? "Connection timeout" : connectionProblem(e);
            LOG.warn("WTL attempt failed", kv("wtl_action", action), kv("attempt", attempts.count), kv("error", message));
            throw attempts.failed(new WtlAttemptException.Transport(message, timedOut));
        }
        MDC.put("wtl_status", Integer.toString(status));
        metrics.wtlCall(action, Integer.toString(status), System.nanoTime() - start);
        return verdict(request, status, answer, retryAfter, attempts);
    }

    /**
     * WTL's answer, at most {@link #MAX_ANSWER_BYTES}. When its length is announced (the usual case) exactly that
     * many bytes are asked for: the client sizes its read buffer by the request, so asking for more would allocate
     * buffers of the larger size for every call.
     */
    private static byte[] readAnswer(HttpClientResponse response) throws IOException {
        OptionalLong length = response.headers().contentLength();
        try (InputStream in = response.inputStream()) {
            if (length.isPresent() && length.getAsLong() <= MAX_ANSWER_BYTES) {
                byte[] answer = new byte[(int) length.getAsLong()];
                int read = in.readNBytes(answer, 0, answer.length);
                return read == answer.length ? answer : java.util.Arrays.copyOf(answer, read);
            }
            return in.readNBytes(MAX_ANSWER_BYTES);
        }
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
        ConnectorConfig.AlreadyDone alreadyDone = settings.treatAsSuccess().get(request.action());
        if (alreadyDone != null && alreadyDone.matches(status, error)) {
            LOG.info("WTL reports the operation as already applied: counted as success",
                     kv("wtl_action", request.action().wire()),
                     kv("wtl_error", masking.text(error)));
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
            ConnectorConfig.Retry policy = settings.retry();
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
