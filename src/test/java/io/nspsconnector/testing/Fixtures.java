package io.nspsconnector.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

/**
 * The shared payload fixtures (copied from the project's shared fixtures into test resources) and the outcome
 * each NSPS fixture must have under the shipped mappings, as listed here.
 */
public final class Fixtures {

    /** What an NSPS fixture must lead to. */
    public enum Kind { PROCESSED, IGNORED, INVALID }

    /**
     * Expected outcome of one NSPS fixture.
     *
     * @param file         fixture file name
     * @param kind         processed, ignored or invalid
     * @param wtlRequests  WTL request bodies in order (processed)
     * @param ignoreReason text after "Event ignored: " (ignored)
     * @param invalidField field named in details (invalid)
     * @param env          environment the fixture needs (e.g. an IMSI filter)
     */
    public record Case(String file, Kind kind, List<String> wtlRequests, String ignoreReason, String invalidField,
                       Map<String, String> env) {
        @Override
        public String toString() {
            return file;
        }
    }

    /** The IMSI filter that {@code imsi-outside-regexp.json} is run with; every other fixture's IMSI matches it. */
    public static final String IMSI_FILTER = "^00101000002[0-9]{4}$";

    private static final String CS = "\"cs_profile\":\"cs-pp-20250319\",\"eps_profile\":\"eps-pp-20250319\"";

    private Fixtures() {
    }

    /** Every NSPS fixture with its expected outcome under the shipped mappings (the list below). */
    public static List<Case> nspsCases() {
        return List.of(
                processed("sim-updated.json", wtl("001010000020349", "serviceGranted", "[\"79123456789\"]", CS, "update")),
                processed("sim-updated-full.json",
                          wtl("001010000020349", "serviceGranted", "[\"79123456789\"]", CS, "update")),
                processed("sim-created.json", wtl("001010000020350", "serviceGranted", "[\"79990000101\"]", CS, "insert")),
                processed("sim-deleted.json", wtl("001010000020351", "serviceGranted", "[\"79990000102\"]", CS, "delete")),
                processed("sim-replaced.json",
                          wtl("001010000020298", "operatorDeterminedBarring", "[]", CS, "update"),
                          wtl("001010000020352", "serviceGranted", "[\"79990000103\"]", CS, "update")),
                processed("blocked-account.json",
                          wtl("001010000020353", "operatorDeterminedBarring", "[\"79990000104\"]", CS, "update")),
                processed("bill-suspended.json",
                          wtl("001010000020354", "operatorDeterminedBarring", "[]", CS, "update")),
                processed("no-access-policy.json",
                          wtl("001010000020355", "serviceGranted", "[\"79990000106\"]",
                              "\"cs_profile\":\"default\",\"eps_profile\":\"default\"", "update")),
                processed("access-policy-as-list.json",
                          wtl("001010000020356", "serviceGranted", "[\"79990000107\"]",
                              "\"cs_profile\":\"cs-list-20250601\",\"eps_profile\":\"eps-list-20250601\"", "update")),
                new Case("no-imsi.json", Kind.IGNORED, List.of(), "IMSI is empty or not provided", null, Map.of()),
                new Case("missing-event-type.json", Kind.INVALID, List.of(), null, "data.event_type", Map.of()),
                new Case("unknown-event-type.json", Kind.IGNORED, List.of(),
                         "No defined action for event type: Dummy/NotAnEspfType", null, Map.of()),
                new Case("imsi-not-15-digits.json", Kind.INVALID, List.of(), null, "pb_data.sim_info.imsi", Map.of()),
                processed("account-id-without-msisdn-suffix.json",
                          wtl("001010000020361", "serviceGranted", "[]", CS, "update")),
                new Case("invalid-profile-value.json", Kind.INVALID, List.of(), null,
                         "pb_data.access_policy_info.attributes[name=cs_profile].value", Map.of()),
                new Case("imsi-outside-regexp.json", Kind.IGNORED, List.of(),
                         "IMSI 001019999900001 doesn't follow the regexp provided", null,
                         Map.of("WTL_IMSI_REGEXP", IMSI_FILTER)),
                processed("minimal-no-account-info.json",
                          wtl("001010000020363", "operatorDeterminedBarring", "[]",
                              "\"cs_profile\":\"default\",\"eps_profile\":\"default\"", "update")));
    }

    /** The same outcome as {@code sim-updated.json} for the IMSI-filter fixture run without a filter. */
    public static String imsiOutsideRegexpWithoutFilter() {
        return wtl("001019999900001", "serviceGranted", "[\"79990000114\"]", CS, "update");
    }

    /**
     * Reads a fixture as bytes.
     *
     * @param path path under {@code fixtures/}, e.g. {@code nsps/sim-updated.json}
     * @return file content
     */
    public static byte[] bytes(String path) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a fixture as text.
     *
     * @param path path under {@code fixtures/}
     * @return file content
     */
    public static String text(String path) {
        return new String(bytes(path), StandardCharsets.UTF_8);
    }

    /**
     * Parses JSON text.
     *
     * @param json JSON object text
     * @return the object (equal to another parse of the same content, whatever the key order)
     */
    public static JsonObject json(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }

    private static Case processed(String file, String... wtl) {
        return new Case(file, Kind.PROCESSED, List.of(wtl), null, null, Map.of());
    }

    private static String wtl(String imsi, String status, String msisdn, String profiles, String action) {
        return "{\"imsi\":\"" + imsi + "\",\"subscriber_status\":\"" + status + "\",\"msisdn\":" + msisdn + ","
                + profiles + ",\"action\":\"" + action + "\"}";
    }
}
