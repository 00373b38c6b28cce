package io.nspsconnector.wtl;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/** Reads WTL answers: the success test of the WTL API and the texts and headers of failures. */
final class WtlResponses {

    private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());

    private WtlResponses() {
    }

    /**
     * WTL's verdict on a 2xx answer, in the reference order: {@code result} decides when present; else a
     * {@code message} without {@code error} is success; else an {@code error} is failure; else (empty) success.
     *
     * @param body response body
     * @return empty on success, else the error text; or {@code null} when the body is not a JSON object
     */
    static Optional<String> failureOf2xx(byte[] body) {
        JsonObject json = parse(body);
        if (json == null) {
            return null;
        }
        JsonValue result = json.get("result");
        Optional<String> error = text(json, "error");
        Optional<String> message = text(json, "message");
        if (result != null && result.getValueType() != JsonValue.ValueType.NULL) {
            if (result.getValueType() == JsonValue.ValueType.TRUE) {
                return Optional.empty();
            }
            return Optional.of(error.or(() -> message).orElse("Unknown error"));
        }
        if (message.isPresent() && error.isEmpty()) {
            return Optional.empty();
        }
        return error;
    }

    /**
     * The error text of a non-2xx answer: its JSON {@code error}, else {@code message}, else {@code HTTP <status>}.
     *
     * @param status HTTP status
     * @param body   response body
     * @return text for NSPS
     */
    static String errorText(int status, byte[] body) {
        JsonObject json = parse(body);
        if (json != null) {
            Optional<String> text = text(json, "error").or(() -> text(json, "message"));
            if (text.isPresent()) {
                return text.get();
            }
        }
        return "HTTP " + status;
    }

    /**
     * Parses {@code Retry-After}: delay-seconds or an HTTP date.
     *
     * @param value header value, may be null
     * @return the delay, if readable and not negative
     */
    static Optional<Duration> retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.strip();
        try {
            long seconds = Long.parseLong(v);
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        } catch (NumberFormatException ignored) {
            // not seconds: try the date form
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration delay = Duration.between(ZonedDateTime.now(at.getZone()), at);
            return Optional.of(delay.isNegative() ? Duration.ZERO : delay);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static JsonObject parse(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try (JsonReader reader = READERS.createReader(new StringReader(new String(body, StandardCharsets.UTF_8)))) {
            return reader.read() instanceof JsonObject object ? object : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Optional<String> text(JsonObject json, String key) {
        return json.get(key) instanceof JsonString s ? Optional.of(s.getString()) : Optional.empty();
    }
}
