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
 */
record AccessLine(String method, String path, int statusCode, double processTime, String remoteAddr, String userAgent)
        implements StructuredArgument {

    @Override
    public void writeTo(JsonGenerator generator) throws IOException {
        generator.writeStringField("method", method);
        generator.writeStringField("path", path);
        generator.writeNumberField("status_code", statusCode);
        generator.writeNumberField("process_time", processTime);
        generator.writeStringField("remote_addr", remoteAddr);
        generator.writeStringField("user_agent", userAgent);
    }

    /** For text layouts: the fields as {@code key=value}. */
    @Override
    public String toString() {
        return "method=" + method + " path=" + path + " status_code=" + statusCode + " process_time=" + processTime
                + " remote_addr=" + remoteAddr + " user_agent=" + userAgent;
    }
}
