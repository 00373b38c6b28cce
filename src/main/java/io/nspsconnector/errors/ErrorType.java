package io.nspsconnector.errors;

/** The error categories NSPS stores in its Event History, spelled as NSPS documents them. */
public enum ErrorType {
    VALIDATION_ERROR,
    AUTHENTICATION_ERROR,
    SERVICE_ERROR,
    CONNECTION_ERROR,
    RATE_LIMIT_ERROR,
    INTERNAL_ERROR
}
