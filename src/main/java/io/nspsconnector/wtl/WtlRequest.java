package io.nspsconnector.wtl;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import io.nspsconnector.json.JsonText;

/**
 * One WTL "unified sync request", already checked against the WTL field rules.
 *
 * @param imsi             15-digit IMSI
 * @param subscriberStatus granted or barred
 * @param msisdn           zero or one MSISDN
 * @param csProfile        CS profile name
 * @param epsProfile       EPS profile name
 * @param action           provisioning operation
 */
public record WtlRequest(String imsi,
                         SubscriberStatus subscriberStatus,
                         List<String> msisdn,
                         String csProfile,
                         String epsProfile,
                         WtlAction action) {

    /** WTL's IMSI rule: exactly 15 digits. {@link #isImsi} checks it without a matcher. */
    public static final Pattern IMSI = Pattern.compile("[0-9]{15}");
    /** WTL's profile name rule. {@link #isProfile} checks it without a matcher. */
    public static final Pattern PROFILE = Pattern.compile("[a-zA-Z][-_.a-zA-Z0-9]*");

    /**
     * Whether a text follows {@link #IMSI}: checked for every event (twice), so by hand rather than with a matcher.
     *
     * @param text the text, or null
     * @return true for exactly 15 ASCII digits
     */
    public static boolean isImsi(String text) {
        if (text == null || text.length() != 15) {
            return false;
        }
        for (int i = 0; i < 15; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a text follows {@link #PROFILE}, by hand as {@link #isImsi}.
     *
     * @param text the text, or null
     * @return true for an ASCII letter followed by ASCII letters, digits, {@code -}, {@code _} or {@code .}
     */
    public static boolean isProfile(String text) {
        if (text == null || text.isEmpty() || !letter(text.charAt(0))) {
            return false;
        }
        for (int i = 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!letter(c) && (c < '0' || c > '9') && c != '-' && c != '_' && c != '.') {
                return false;
            }
        }
        return true;
    }

    private static boolean letter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    /** Checks the WTL field rules; the planner guarantees them, so a violation here is a bug. */
    public WtlRequest {
        Objects.requireNonNull(subscriberStatus, "subscriberStatus");
        Objects.requireNonNull(action, "action");
        msisdn = List.copyOf(msisdn);
        if (!isImsi(imsi)) {
            throw new IllegalArgumentException("imsi must be 15 digits");
        }
        if (msisdn.size() > 1) {
            throw new IllegalArgumentException("at most one msisdn");
        }
        if (!isProfile(csProfile)) {
            throw new IllegalArgumentException("cs_profile breaks the WTL profile rule");
        }
        if (!isProfile(epsProfile)) {
            throw new IllegalArgumentException("eps_profile breaks the WTL profile rule");
        }
    }

    /** The request body exactly as sent to WTL. */
    public String toJson() {
        StringBuilder json = new StringBuilder(192);
        json.append("{\"imsi\":\"").append(imsi)
                .append("\",\"subscriber_status\":\"").append(subscriberStatus.wire())
                .append("\",\"msisdn\":[");
        for (int i = 0; i < msisdn.size(); i++) {
            if (i > 0) {
                json.append(',');
            }
            JsonText.appendString(json, msisdn.get(i));
        }
        // profiles match PROFILE and IMSI is digits only: nothing to escape there
        json.append("],\"cs_profile\":\"").append(csProfile)
                .append("\",\"eps_profile\":\"").append(epsProfile)
                .append("\",\"action\":\"").append(action.wire())
                .append("\"}");
        return json.toString();
    }

    /** The body as UTF-8 bytes. */
    public byte[] toJsonBytes() {
        return toJson().getBytes(StandardCharsets.UTF_8);
    }
}
