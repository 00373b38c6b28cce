package io.nspsconnector.logging;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How subscriber identifiers (IMSI, MSISDN) appear in log lines. Masked by default: they are personal data, and
 * a log pipeline is rarely cleared for it. An operator can switch masking off for troubleshooting.
 */
public final class Masking {

    private static final Masking MASKED = new Masking(true);
    private static final Masking PLAIN = new Masking(false);
    /** Digit runs long enough to be an IMSI or a phone number. */
    private static final Pattern NUMBERS = Pattern.compile("\\+?[0-9]{6,}");

    private final boolean enabled;

    private Masking(boolean enabled) {
        this.enabled = enabled;
    }

    /**
     * @param enabled whether identifiers are masked
     * @return the masking policy
     */
    public static Masking of(boolean enabled) {
        return enabled ? MASKED : PLAIN;
    }

    /** Whether identifiers are masked. */
    public boolean enabled() {
        return enabled;
    }

    /**
     * An IMSI for a log line: with masking, the first 5 digits (country and network) and the last 3 stay.
     *
     * @param imsi IMSI, may be null
     * @return text to log
     */
    public String imsi(String imsi) {
        return enabled ? maskImsi(imsi) : imsi;
    }

    /**
     * An MSISDN for a log line: with masking, only the last 3 digits stay.
     *
     * @param msisdn MSISDN, may be null
     * @return text to log
     */
    public String msisdn(String msisdn) {
        return enabled ? maskMsisdn(msisdn) : msisdn;
    }

    /**
     * Free text (such as a WTL error message) with every long digit run masked: 15-digit runs like an IMSI,
     * others like an MSISDN.
     *
     * @param text text, may be null
     * @return text to log
     */
    public String text(String text) {
        if (!enabled || text == null) {
            return text;
        }
        Matcher m = NUMBERS.matcher(text);
        if (!m.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        do {
            String run = m.group();
            m.appendReplacement(out, Matcher.quoteReplacement(isImsi(run) ? maskImsi(run) : maskMsisdn(run)));
        } while (m.find());
        m.appendTail(out);
        return out.toString();
    }

    /**
     * Masks an IMSI whatever the policy: first 5 and last 3 characters kept; 8 characters or fewer fully masked.
     *
     * @param imsi IMSI, may be null
     * @return masked text, or null
     */
    public static String maskImsi(String imsi) {
        return keep(imsi, 5, 3);
    }

    /**
     * Masks an MSISDN whatever the policy: last 3 characters kept; 3 characters or fewer fully masked.
     *
     * @param msisdn MSISDN, may be null
     * @return masked text, or null
     */
    public static String maskMsisdn(String msisdn) {
        return keep(msisdn, 0, 3);
    }

    /**
     * Masks a network access identifier whatever the policy: the local part like an MSISDN, the domain kept.
     *
     * @param nai {@code local@domain}, or text without a domain (then masked like an MSISDN)
     * @return masked text
     */
    public static String maskNetworkAccessIdentifier(String nai) {
        int at = nai.lastIndexOf('@');
        return at < 0 ? maskMsisdn(nai) : maskMsisdn(nai.substring(0, at)) + nai.substring(at);
    }

    /**
     * Masks an IPv4 address (optionally with a port) whatever the policy: the first two octets kept.
     *
     * @param address dotted address
     * @return masked text
     */
    public static String maskIpv4(String address) {
        String[] octets = address.split("[.:]");
        return octets.length >= 4 ? octets[0] + "." + octets[1] + ".*.*" : "*".repeat(address.length());
    }

    /**
     * Masks an IPv6 address whatever the policy: the first two groups kept.
     *
     * @param address IPv6 address
     * @return masked text
     */
    public static String maskIpv6(String address) {
        String[] groups = address.split(":");
        return groups.length >= 2 ? groups[0] + ":" + groups[1] + ":*" : "*".repeat(address.length());
    }

    /** 15 digits and no '+': an IMSI; anything else (a '+' marks a phone number) is masked like an MSISDN. */
    private static boolean isImsi(String run) {
        return run.length() == 15 && run.charAt(0) != '+';
    }

    private static String keep(String value, int head, int tail) {
        if (value == null) {
            return null;
        }
        int n = value.length();
        if (n <= head + tail) {
            return "*".repeat(n);
        }
        return value.substring(0, head) + "*".repeat(n - head - tail) + value.substring(n - tail);
    }
}
