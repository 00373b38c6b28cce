package io.nspsconnector.http;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;
import net.logstash.logback.argument.StructuredArgument;

/**
 * The fields of one access line ({@code HTTP request completed}), written by the JSON encoder straight into the
 * line as top-level keys: one argument instead of one key-value object per field. The values are taken when the
 * request ends (the line is encoded later, off the request thread); the request's log context (outcome, WTL status,
 * attempts, masked subscriber, ids) comes with the line as usual.
 *
 * @param method      HTTP method
 * @param path        path as logged (bounded, device keys masked)
 * @param statusCode  answered status
 * @param processTime seconds from the request's start to its answer, 4 decimals
 * @param remoteAddr  peer address
 * @param userAgent   {@code User-Agent}, bounded
 * @param subscriber  the event's subscriber and WTL actions, or null (not an event, or not valid)
 */
record AccessLine(String method, String path, int statusCode, double processTime, String remoteAddr, String userAgent,
                  Subscriber subscriber) implements StructuredArgument {

    /**
     * What the event handler leaves for the access line in the request's context: fields no other line of the
     * request carries under these names (the per-call lines name their own call's IMSI and action).
     *
     * @param imsi      the event's IMSI, masked and bounded, or null
     * @param wtlAction the plan's WTL actions, comma-separated, or null when nothing is sent
     */
    record Subscriber(String imsi, String wtlAction) {
    }

    @Override
    public void writeTo(JsonGenerator generator) throws IOException {
        generator.writeStringField("method", method);
        generator.writeStringField("path", path);
        generator.writeNumberField("status_code", statusCode);
        generator.writeNumberField("process_time", processTime);
        generator.writeStringField("remote_addr", remoteAddr);
        generator.writeStringField("user_agent", userAgent);
        if (subscriber != null && subscriber.imsi() != null) {
            generator.writeStringField("imsi", subscriber.imsi());
        }
        if (subscriber != null && subscriber.wtlAction() != null) {
            generator.writeStringField("wtl_action", subscriber.wtlAction());
        }
    }

    /** For text layouts: the fields as {@code key=value}. */
    @Override
    public String toString() {
        return "method=" + method + " path=" + path + " status_code=" + statusCode + " process_time=" + processTime
                + " remote_addr=" + remoteAddr + " user_agent=" + userAgent
                + (subscriber == null ? "" : " imsi=" + subscriber.imsi() + " wtl_action=" + subscriber.wtlAction());
    }
}
