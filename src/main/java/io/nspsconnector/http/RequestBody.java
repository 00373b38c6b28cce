package io.nspsconnector.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

import io.helidon.common.media.type.MediaType;
import io.helidon.http.HttpException;
import io.helidon.http.HttpMediaType;
import io.helidon.webserver.http.ServerRequest;

import io.nspsconnector.errors.ConnectorError;
import io.nspsconnector.errors.FieldProblem;

/**
 * Reads request bodies within a size limit, the same way for every endpoint that takes one: the announced length
 * read into one array, a body over the limit a 413, a body cut short or badly chunked the client's error (never a
 * 500). Each body first takes room in the connector's body budget ({@link ConnectionGuard}), so the bytes buffered
 * at once stay bounded whatever many large requests arrive together.
 */
public final class RequestBody {

    private static final FieldProblem UNREADABLE = new FieldProblem("body", "could not be read completely");

    private RequestBody() {
    }

    /**
     * Reads an NSPS event body ({@code /process-event}, {@code /explain}): JSON only.
     *
     * @param req          request
     * @param maxBodyBytes largest accepted body
     * @return the bytes
     * @throws ConnectorError.UnsupportedMediaType if a content type other than JSON is given
     * @throws ConnectorError.PayloadTooLarge      if the body is over the limit
     * @throws ConnectorError.InvalidEvent         if the body could not be read completely
     */
    static byte[] readEvent(ServerRequest req, long maxBodyBytes) {
        Optional<HttpMediaType> contentType = req.headers().contentType();
        if (contentType.isPresent() && !isJson(contentType.get().mediaType())) {
            throw new ConnectorError.UnsupportedMediaType(contentType.get().mediaType().fullType());
        }
        return read(req, maxBodyBytes, ConnectorError.InvalidEvent::new);
    }

    /**
     * Reads the whole body; the caller has checked the content type.
     *
     * @param req          request
     * @param maxBodyBytes largest accepted body
     * @param unreadable   the endpoint's error for a body that could not be read completely
     * @return the bytes
     * @throws ConnectorError.PayloadTooLarge if the body is over the limit
     */
    public static byte[] read(ServerRequest req, long maxBodyBytes,
                              Function<FieldProblem, ? extends ConnectorError> unreadable) {
        OptionalLong length = req.headers().contentLength();
        if (length.isPresent() && length.getAsLong() > maxBodyBytes) {
            throw new ConnectorError.PayloadTooLarge(maxBodyBytes);
        }
        // room in the connector-wide budget of buffered body bytes first (503 when none is made in time)
        ConnectionGuard.reserveBody(length.isPresent() ? length.getAsLong() : maxBodyBytes + 1);
        byte[] body;
        boolean complete = true;
        try (InputStream in = req.content().inputStream()) {
            if (length.isPresent()) {
                // the usual case: read exactly the announced bytes into one array, no growing and copying
                body = new byte[(int) length.getAsLong()];
                complete = in.readNBytes(body, 0, body.length) == body.length;
            } else {
                body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
            }
        } catch (HttpException e) {
            throw e; // Helidon's own answer, e.g. 413 from the payload limit
        } catch (IOException | RuntimeException e) {
            // a body cut short, or broken chunked encoding (Helidon's decoder throws unchecked exceptions for both):
            // the client's fault, never a 500
            throw unreadable.apply(UNREADABLE);
        }
        if (!complete) {
            throw unreadable.apply(UNREADABLE);
        }
        ConnectionGuard.bodyRead();
        if (body.length > maxBodyBytes) {
            throw new ConnectorError.PayloadTooLarge(maxBodyBytes);
        }
        return body;
    }

    private static boolean isJson(MediaType type) {
        return "application".equals(type.type())
                && ("json".equals(type.subtype()) || type.subtype().endsWith("+json"));
    }
}
