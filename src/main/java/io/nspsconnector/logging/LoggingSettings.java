package io.nspsconnector.logging;

/**
 * Logging settings ({@code connector.logging}, {@code LOG_LEVEL}).
 *
 * @param level             root level: TRACE, DEBUG, INFO, WARN(ING), ERROR, CRITICAL (upper case)
 * @param maskSubscriberIds mask IMSI and MSISDN in log lines
 * @param accessLog         one line per HTTP request at INFO (health and metrics at DEBUG)
 */
public record LoggingSettings(String level, boolean maskSubscriberIds, boolean accessLog) {
}
