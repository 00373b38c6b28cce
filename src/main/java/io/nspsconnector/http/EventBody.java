package io.nspsconnector.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.OptionalLong;

import io.nspsconnector.errors.ConnectorError;
import io.nspsconnector.errors.FieldProblem;

import io.helidon.common.media.type.MediaType;
import io.helidon.http.HttpMediaType;
import io.helidon.webserver.http.ServerRequest;

/** Reads an event body the same way for {@code /process-event} and {@code /explain}: JSON only, within the limit. */
final class EventBody {

    private EventBody() {
    }

    /**
     * Reads the whole body.
     *
     * @param req          request
     * @param maxBodyBytes largest accepted body
     * @return the bytes
     * @throws ConnectorError.UnsupportedMediaType if a content type other than JSON is given
     * @throws ConnectorError.PayloadTooLarge      if the body is over the limit
     * @throws ConnectorError.InvalidEvent         if the body could not be read completely
     */
    static byte[] read(ServerRequest req, long maxBodyBytes) {
        Optional<HttpMediaType> contentType = req.headers().contentType();
        if (contentType.isPresent() && !isJson(contentType.get().mediaType())) {
            throw new ConnectorError.UnsupportedMediaType(contentType.get().mediaType().fullType());
        }
        OptionalLong length = req.headers().contentLength();
        if (length.isPresent() && length.getAsLong() > maxBodyBytes) {
            throw new ConnectorError.PayloadTooLarge(maxBodyBytes);
        }
        try (InputStream in = req.content().inputStream()) {
            if (length.isPresent()) {
                // the usual case: read exactly the announced bytes into one array, no growing and copying
                byte[] body = new byte[(int) length.getAsLong()];
                if (in.readNBytes(body, 0, body.length) < body.length) {
                    throw new ConnectorError.InvalidEvent(new FieldProblem("body", "could not be read completely"));
                }
                return body;
            }
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
            if (body.length > maxBodyBytes) {
                throw new ConnectorError.PayloadTooLarge(maxBodyBytes);
            }
            return body;
        } catch (IOException | UncheckedIOException e) {
            throw new ConnectorError.InvalidEvent(new FieldProblem("body", "could not be read completely"));
        }
    }

    private static boolean isJson(MediaType type) {
        return "application".equals(type.type())
                && ("json".equals(type.subtype()) || type.subtype().endsWith("+json"));
    }
}
