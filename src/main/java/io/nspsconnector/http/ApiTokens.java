package io.nspsconnector.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The Bearer tokens NSPS may present. Several are allowed so a token can be rotated without downtime. Compared
 * through SHA-256 digests with {@link MessageDigest#isEqual}, checking every token, so the time taken reveals
 * neither a token's content nor its length nor which one matched.
 */
public final class ApiTokens {

    private static final MessageDigest SHA256 = newSha256();

    private final List<byte[]> digests;

    /**
     * @param tokens accepted tokens, at least one
     */
    public ApiTokens(List<String> tokens) {
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("at least one API token is required");
        }
        this.digests = tokens.stream().map(ApiTokens::digest).toList();
    }

    /**
     * @param candidate token from the request
     * @return whether it is one of the accepted tokens
     */
    public boolean accepts(String candidate) {
        byte[] digest = digest(candidate);
        boolean match = false;
        for (byte[] accepted : digests) {
            match |= MessageDigest.isEqual(accepted, digest);
        }
        return match;
    }

    /** Number of accepted tokens (for start-up logs; never the tokens themselves). */
    public int size() {
        return digests.size();
    }

    @Override
    public String toString() {
        return "ApiTokens[" + digests.size() + " redacted]";
    }

    private static byte[] digest(String token) {
        MessageDigest sha256;
        try {
            // a copy of a ready instance: cheaper than a provider lookup for every request
            sha256 = (MessageDigest) SHA256.clone();
        } catch (CloneNotSupportedException e) {
            sha256 = newSha256();
        }
        return sha256.digest(token.getBytes(StandardCharsets.UTF_8));
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
