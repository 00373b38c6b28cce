package io.nspsconnector.wtl;

/**
 * A WTL operation that took effect.
 *
 * @param httpStatus  WTL's HTTP status on the final attempt
 * @param attempts    attempts made, first included
 * @param alreadyDone WTL reported the operation as already applied (a repeated insert or delete)
 */
public record WtlResult(int httpStatus, int attempts, boolean alreadyDone) {
}
