package io.nspsconnector.tracing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Headers;

import org.slf4j.MDC;

/**
 * The trace an NSPS request belongs to, and the headers that carry it on to WTL, so that WTL's logs can be joined
 * with the connector's.
 * <p>
 * Read from the request: Zipkin B3 ({@code x-b3-traceid}, {@code x-b3-spanid}, {@code x-b3-sampled},
 * {@code x-b3-flags}, or the single {@code b3} header), else W3C {@code traceparent} (with {@code tracestate}).
 * Ids are checked: a trace id of 16 or 32 hex digits, a span id of 16, not all zeros, header values of at most
 * {@value #MAX_HEADER_LENGTH} characters. Anything else is not forwarded: the call starts a trace of its own.
 * <p>
 * Every WTL call gets a new span id whose parent is the incoming span: {@code x-b3-traceid}, {@code x-b3-spanid},
 * {@code x-b3-parentspanid}, {@code x-b3-sampled}, the single {@code b3} when the request used it, and
 * {@code traceparent} (and {@code tracestate}). The ids are in the log lines: {@code trace_id} on every line of
 * the request, {@code wtl_span_id} (the span id of the WTL call being made or last made) from the first WTL call on.
 */
public final class TraceContext {

    /** Longest trace header value looked at. */
    public static final int MAX_HEADER_LENGTH = 512;

    public static final HeaderName B3_TRACE_ID = HeaderNames.create("x-b3-traceid");
    public static final HeaderName B3_SPAN_ID = HeaderNames.create("x-b3-spanid");
    public static final HeaderName B3_PARENT_SPAN_ID = HeaderNames.create("x-b3-parentspanid");
    public static final HeaderName B3_SAMPLED = HeaderNames.create("x-b3-sampled");
    public static final HeaderName B3_FLAGS = HeaderNames.create("x-b3-flags");
    public static final HeaderName B3 = HeaderNames.create("b3");
    public static final HeaderName TRACEPARENT = HeaderNames.create("traceparent");
    public static final HeaderName TRACESTATE = HeaderNames.create("tracestate");

    private static final ThreadLocal<TraceContext> CURRENT = new ThreadLocal<>();
    private static final byte[] DIGITS = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);

    private final String traceId;
    private final String parentSpanId;
    /** {@code "1"}, {@code "0"} or null when the caller left the decision open. */
    private final String sampled;
    private final boolean singleB3;
    private final String traceState;
    private String callSpanId;
    private boolean callSent;

    private TraceContext(String traceId, String parentSpanId, String sampled, boolean singleB3, String traceState) {
        this.traceId = traceId;
        this.parentSpanId = parentSpanId;
        this.sampled = sampled;
        this.singleB3 = singleB3;
        this.traceState = traceState;
    }

    /**
     * The trace of a request's headers.
     *
     * @param headers  request headers
     * @param fallback trace id to use when the request carries no usable trace (taken if it is a valid trace id,
     *                 e.g. the generated request id, so that {@code request_id} and {@code trace_id} agree)
     * @return the context
     */
    public static TraceContext from(Headers headers, String fallback) {
        String b3TraceId = value(headers, B3_TRACE_ID);
        if (b3TraceId != null) {
            String traceId = traceId(b3TraceId);
            String spanId = spanId(value(headers, B3_SPAN_ID));
            if (traceId != null && spanId != null) {
                String flags = value(headers, B3_FLAGS);
                String sampled = "1".equals(flags) ? "1" : sampled(value(headers, B3_SAMPLED));
                return new TraceContext(traceId, spanId, sampled, false, null);
            }
        }
        String b3 = value(headers, B3);
        if (b3 != null) {
            TraceContext single = singleB3(b3);
            if (single != null) {
                return single;
            }
        }
        String traceparent = value(headers, TRACEPARENT);
        if (traceparent != null) {
            TraceContext w3c = traceparent(traceparent, value(headers, TRACESTATE));
            if (w3c != null) {
                return w3c;
            }
        }
        return root(fallback);
    }

    /**
     * A new trace (no parent), e.g. for WTL calls made outside a request.
     *
     * @param fallback trace id to use if valid, else a random one is made
     * @return the context
     */
    public static TraceContext root(String fallback) {
        String traceId = fallback == null ? null : traceId(fallback);
        return new TraceContext(traceId == null ? randomHex(2) : traceId, null, null, false, null);
    }

    /**
     * Makes this the current thread's trace (the request's), and puts {@code trace_id} in the log context.
     *
     * @param context the request's trace
     */
    public static void enter(TraceContext context) {
        CURRENT.set(context);
        MDC.put("trace_id", context.traceId);
    }

    /** Ends the current thread's trace (the request is answered). */
    public static void exit() {
        CURRENT.remove();
    }

    /** The current request's trace, or a new one when there is none. */
    public static TraceContext current() {
        TraceContext context = CURRENT.get();
        return context == null ? root(null) : context;
    }

    /** Trace id, 16 or 32 lower-case hex digits. */
    public String traceId() {
        return traceId;
    }

    /** The incoming span id (parent of the WTL calls), or null. */
    public String parentSpanId() {
        return parentSpanId;
    }

    /**
     * Prepares the span id of the next WTL call and shows it as {@code wtl_span_id} in the log context, so a line
     * logged before the call already carries it. Calling it again before the call keeps the same id.
     *
     * @return the span id the next call will carry
     */
    public String nextCall() {
        if (callSpanId == null || callSent) {
            callSpanId = randomHex(1);
            callSent = false;
            MDC.put("wtl_span_id", callSpanId);
        }
        return callSpanId;
    }

    /**
     * The trace headers of one WTL call: a new span id (the one {@link #nextCall()} prepared if it was not used
     * yet), child of the incoming span.
     *
     * @return headers to set on the call
     */
    public List<Header> callHeaders() {
        String spanId = nextCall();
        callSent = true;
        List<Header> headers = new ArrayList<>(8);
        headers.add(HeaderValues.create(B3_TRACE_ID, traceId));
        headers.add(HeaderValues.create(B3_SPAN_ID, spanId));
        if (parentSpanId != null) {
            headers.add(HeaderValues.create(B3_PARENT_SPAN_ID, parentSpanId));
        }
        if (sampled != null) {
            headers.add(HeaderValues.create(B3_SAMPLED, sampled));
        }
        if (singleB3) {
            StringBuilder b3 = new StringBuilder(traceId).append('-').append(spanId);
            if (sampled != null) {
                b3.append('-').append(sampled);
                if (parentSpanId != null) {
                    b3.append('-').append(parentSpanId);
                }
            }
            headers.add(HeaderValues.create(B3, b3.toString()));
        }
        String w3cTraceId = traceId.length() == 32 ? traceId : "0000000000000000" + traceId;
        headers.add(HeaderValues.create(TRACEPARENT, "00-" + w3cTraceId + "-" + spanId + "-"
                + ("1".equals(sampled) ? "01" : "00")));
        if (traceState != null) {
            headers.add(HeaderValues.create(TRACESTATE, traceState));
        }
        return headers;
    }

    private static TraceContext singleB3(String b3) {
        String[] parts = b3.split("-", -1);
        if (parts.length == 1) {
            return null; // only a sampling decision: no ids to join on
        }
        if (parts.length > 4) {
            return null;
        }
        String traceId = traceId(parts[0]);
        String spanId = spanId(parts[1]);
        if (traceId == null || spanId == null) {
            return null;
        }
        String sampled = null;
        if (parts.length >= 3) {
            sampled = switch (parts[2]) {
                case "1", "d" -> "1";
                case "0" -> "0";
                default -> null;
            };
            if (sampled == null) {
                return null;
            }
        }
        if (parts.length == 4 && spanId(parts[3]) == null) {
            return null;
        }
        return new TraceContext(traceId, spanId, sampled, true, null);
    }

    private static TraceContext traceparent(String value, String traceState) {
        String[] parts = value.trim().split("-", -1);
        // version 00 has exactly four fields; later versions may append more
        if (parts.length < 4 || parts[0].length() != 2 || !hex(parts[0]) || parts[0].equalsIgnoreCase("ff")
                || (parts[0].equals("00") && parts.length != 4)) {
            return null;
        }
        String traceId = parts[1].length() == 32 ? traceId(parts[1]) : null;
        String spanId = spanId(parts[2]);
        if (traceId == null || spanId == null || parts[3].length() != 2 || !hex(parts[3])) {
            return null;
        }
        String sampled = (Integer.parseInt(parts[3], 16) & 1) == 1 ? "1" : "0";
        return new TraceContext(traceId, spanId, sampled, false, traceState(traceState));
    }

    private static String value(Headers headers, HeaderName name) {
        String value = headers.first(name).orElse(null);
        if (value == null || value.isEmpty() || value.length() > MAX_HEADER_LENGTH) {
            return null;
        }
        return value.trim();
    }

    private static String traceId(String value) {
        return (value.length() == 16 || value.length() == 32) && hex(value) && !zeros(value)
                ? value.toLowerCase(Locale.ROOT) : null;
    }

    private static String spanId(String value) {
        return value != null && value.length() == 16 && hex(value) && !zeros(value)
                ? value.toLowerCase(Locale.ROOT) : null;
    }

    private static String sampled(String value) {
        if (value == null) {
            return null;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "1", "true", "d" -> "1";
            case "0", "false" -> "0";
            default -> null;
        };
    }

    /** W3C tracestate: printable ASCII list members only, else dropped (it is optional). */
    private static String traceState(String value) {
        if (value == null) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return null;
            }
        }
        return value;
    }

    private static boolean hex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                return false;
            }
        }
        return true;
    }

    private static boolean zeros(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }

    /** Random non-zero id of {@code longs} times 16 hex digits. */
    /**
     * A new random 128-bit id: 32 lower-case hex digits (a valid B3 / W3C trace id, UUID-compatible).
     *
     * @return the id
     */
    public static String randomId() {
        return randomHex(2);
    }

    private static String randomHex(int longs) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        byte[] id = new byte[16 * longs];
        for (int i = 0; i < longs; i++) {
            long v = random.nextLong();
            v = v == 0 ? 1 : v;
            for (int d = 16 * i + 15; d >= 16 * i; d--) {
                id[d] = DIGITS[(int) (v & 0xf)];
                v >>>= 4;
            }
        }
        return new String(id, StandardCharsets.ISO_8859_1);
    }
}
