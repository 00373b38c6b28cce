package io.nspsconnector.http;

import java.util.function.Supplier;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.nspsconnector.errors.ConnectorError;

/**
 * Checks {@code Authorization: Bearer <token>} before anything reads the body, then passes the request on.
 * The scheme word is case-insensitive (RFC 6750); the token is compared in constant time.
 */
public final class AuthFilter implements Handler {

    private static final String SCHEME = "bearer";

    private final Supplier<ApiTokens> tokens;
    private final Runnable onReject;

    /**
     * @param tokens   accepted tokens, read per request so a rotation takes effect at once
     * @param onReject called for each rejected request (to count it)
     */
    public AuthFilter(Supplier<ApiTokens> tokens, Runnable onReject) {
        this.tokens = tokens;
        this.onReject = onReject;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        String problem = problem(req.headers().first(HeaderNames.AUTHORIZATION).orElse(null));
        if (problem != null) {
            onReject.run();
            throw new ConnectorError.Unauthorized(problem);
        }
        res.next();
    }

    /** Why the header is refused, or null when it carries an accepted token. */
    private String problem(String header) {
        if (header == null) {
            return "Missing Authorization header";
        }
        String value = header.strip();
        if (value.length() <= SCHEME.length() || !value.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
                || !Character.isWhitespace(value.charAt(SCHEME.length()))) {
            return "Authorization scheme must be Bearer";
        }
        String token = value.substring(SCHEME.length()).strip();
        if (token.isEmpty() || !tokens.get().accepts(token)) {
            return "Invalid access token";
        }
        return null;
    }
}
