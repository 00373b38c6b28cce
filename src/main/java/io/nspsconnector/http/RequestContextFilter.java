package io.nspsconnector.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import io.nspsconnector.logging.LogText;
import io.nspsconnector.logging.Masking;
import io.nspsconnector.tracing.TraceContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Gives every request its trace ids and one access log line. {@code x-b3-traceid} becomes {@code request_id} and
 * {@code x-request-id} becomes {@code unique_id} on every log line written while the request is handled (both
 * generated when absent, as 32 hex digits); {@code x-request-id} is echoed in the response. The access line ends
 * the request with status, duration and whatever the handlers added (event id, type, outcome, WTL status).
 */
public final class RequestContextFilter implements Filter {

    /** Envoy's request id header. */
    public static final HeaderName REQUEST_ID = HeaderNames.create("x-request-id");
    /** Zipkin B3 trace id header. */
    public static final HeaderName B3_TRACE_ID = HeaderNames.create("x-b3-traceid");

    private static final Logger ACCESS = LoggerFactory.getLogger("io.nspsconnector.access");
    private static final int MAX_ID_LENGTH = 128;
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9 ]+");
    private static final Pattern IPV4 = Pattern.compile("[0-9.]+(:[0-9]+)?");

    private static final String DEVICES = "/devices/";

    private final boolean accessLog;
    private final Masking masking;

    /**
     * With subscriber identifiers masked.
     *
     * @param accessLog whether to write the access line at INFO (probe and metrics paths always at DEBUG)
     */
    public RequestContextFilter(boolean accessLog) {
        this(accessLog, Masking.of(true));
    }

    /**
     * @param accessLog whether to write the access line at INFO (probe and metrics paths always at DEBUG)
     * @param masking   how the device key of {@code /devices/{key}/status} appears in the access line
     */
    public RequestContextFilter(boolean accessLog, Masking masking) {
        this.accessLog = accessLog;
        this.masking = masking;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        long start = System.nanoTime();
        String requestId = id(req.headers().first(B3_TRACE_ID).orElse(null));
        String uniqueId = id(req.headers().first(REQUEST_ID).orElse(null));
        MDC.put("request_id", requestId);
        MDC.put("unique_id", uniqueId);
        res.header(REQUEST_ID, uniqueId);
        TraceContext.enter(TraceContext.from(req.headers(), requestId));
        try {
            chain.proceed();
        } finally {
            String path = req.prologue().uriPath().rawPath();
            boolean quiet = !accessLog || path.startsWith("/health") || path.startsWith("/metrics");
            if (quiet ? ACCESS.isDebugEnabled() : ACCESS.isInfoEnabled()) {
                double seconds = (System.nanoTime() - start) / 1e9;
                AccessLine line = new AccessLine(req.prologue().method().text(), logPath(path, masking),
                                                 res.status().code(), Math.round(seconds * 10_000) / 10_000.0,
                                                 req.remotePeer().host(),
                                                 LogText.bound(req.headers().first(HeaderNames.USER_AGENT).orElse("")),
                                                 req.context().get(AccessLine.Subscriber.class, AccessLine.Subscriber.class)
                                                         .orElse(null));
                if (quiet) {
                    ACCESS.debug("HTTP request completed", line);
                } else {
                    ACCESS.info("HTTP request completed", line);
                }
            }
            TraceContext.exit();
            MDC.clear();
        }
    }

    /**
     * The path as written to the access line: bounded in length, and the device key of {@code /devices/{key}/...}
     * (a phone number, a network access identifier or an IP address, URL-encoded) masked like in every other line.
     *
     * @param rawPath the request's raw path
     * @param masking masking policy
     * @return text to log
     */
    static String logPath(String rawPath, Masking masking) {
        if (!masking.enabled() || !rawPath.startsWith(DEVICES) || rawPath.length() == DEVICES.length()) {
            return LogText.bound(rawPath);
        }
        int end = rawPath.indexOf('/', DEVICES.length());
        String segment = end < 0 ? rawPath.substring(DEVICES.length()) : rawPath.substring(DEVICES.length(), end);
        String rest = end < 0 ? "" : rawPath.substring(end);
        String key;
        try {
            key = URLDecoder.decode(segment, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            key = segment;
        }
        return LogText.bound(DEVICES + maskKey(key.strip(), masking) + rest);
    }

    /**
     * Masks a device key by the kind it looks like (the store's keys are normalised, so the kind shows), as the
     * device-status store masks its own keys.
     */
    private static String maskKey(String key, Masking masking) {
        if (key.isEmpty() || !masking.enabled()) {
            return key;
        }
        if (key.indexOf('@') > 0) {
            return Masking.maskNetworkAccessIdentifier(key);
        } else if (PHONE.matcher(key).matches()) {
            return Masking.maskMsisdn(key);
        } else if (IPV4.matcher(key).matches()) {
            return Masking.maskIpv4(key);
        } else if (key.indexOf(':') >= 0) {
            return Masking.maskIpv6(key);
        }
        // a subscription id, or anything else: numbers in it masked
        return masking.text(key);
    }

    /** Incoming id if usable, else a new random 128-bit id in lower-case hex (valid B3 trace id and UUID-compatible). */
    private static String id(String incoming) {
        if (incoming != null && !incoming.isBlank() && incoming.length() <= MAX_ID_LENGTH && printable(incoming)) {
            return incoming;
        }
        return TraceContext.randomId();
    }

    private static boolean printable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
