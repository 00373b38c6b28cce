package io.nspsconnector.simulator;

import java.time.Instant;
import java.util.List;

import io.nspsconnector.json.JsonText;

/**
 * A subscriber as the simulator stores it.
 *
 * @param imsi             IMSI
 * @param subscriberStatus {@code serviceGranted} or {@code operatorDeterminedBarring}, or null after unset
 * @param msisdn           bound numbers (zero or one)
 * @param csProfile        CS profile, or null
 * @param epsProfile       EPS profile, or null
 * @param updatedAt        last change
 */
public record Subscriber(String imsi, String subscriberStatus, List<String> msisdn, String csProfile,
                         String epsProfile, Instant updatedAt) {

    /** Copies the list. */
    public Subscriber {
        msisdn = List.copyOf(msisdn);
    }

    /** The subscriber as a JSON object. */
    public String toJson() {
        StringBuilder json = new StringBuilder(192).append("{\"imsi\":");
        JsonText.appendString(json, imsi);
        json.append(",\"subscriber_status\":");
        appendNullable(json, subscriberStatus);
        json.append(",\"msisdn\":[");
        for (int i = 0; i < msisdn.size(); i++) {
            if (i > 0) {
                json.append(',');
            }
            JsonText.appendString(json, msisdn.get(i));
        }
        json.append("],\"cs_profile\":");
        appendNullable(json, csProfile);
        json.append(",\"eps_profile\":");
        appendNullable(json, epsProfile);
        json.append(",\"updated_at\":\"").append(updatedAt).append("\"}");
        return json.toString();
    }

    private static void appendNullable(StringBuilder json, String value) {
        if (value == null) {
            json.append("null");
        } else {
            JsonText.appendString(json, value);
        }
    }
}
