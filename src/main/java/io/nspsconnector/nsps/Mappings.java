package io.nspsconnector.nsps;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The provisioning rules an operator configures in {@code mappings.yaml}: which event types reach WTL and how,
 * where profiles and MSISDNs come from, which IMSIs belong to this HLR. Immutable; a reload replaces the whole
 * object, so one event always sees one consistent set of rules.
 *
 * @param events           event type to its operations, in order; unlisted types are ignored
 * @param csProfile        how {@code cs_profile} is found
 * @param epsProfile       how {@code eps_profile} is found
 * @param imsiFilter       IMSIs that do not contain a match are ignored; empty = no filter
 * @param msisdnSource     where the MSISDN comes from
 * @param msisdnSuffix     suffix that marks an MSISDN-type account id (and is stripped)
 * @param openBillStatuses bill statuses that count as open
 */
public record Mappings(Map<String, List<Operation>> events,
                       ProfileRule csProfile,
                       ProfileRule epsProfile,
                       Optional<Pattern> imsiFilter,
                       MsisdnSource msisdnSource,
                       String msisdnSuffix,
                       Set<String> openBillStatuses) {

    /** Defensive copies: the record is shared between threads. */
    public Mappings {
        Map<String, List<Operation>> copy = new java.util.HashMap<>();
        events.forEach((type, operations) -> copy.put(type, List.copyOf(operations)));
        events = Map.copyOf(copy);
        openBillStatuses = Set.copyOf(openBillStatuses);
    }

    /**
     * How one profile is chosen.
     *
     * @param attribute access-policy attribute name to read
     * @param fallback  profile used when no policy carries the attribute
     */
    public record ProfileRule(String attribute, String fallback) {
    }

    /** Where the MSISDN sent to WTL comes from. */
    public enum MsisdnSource {
        /** {@code account_info.id} up to the MSISDN suffix (the reference behaviour). */
        ACCOUNT_ID("account_id"),
        /** {@code msisdn} of the SIM the operation targets. */
        SIM_MSISDN("sim_msisdn");

        private final String key;

        MsisdnSource(String key) {
            this.key = key;
        }

        /** Name as written in the mappings. */
        public String key() {
            return key;
        }

        /**
         * Parses a configured source.
         *
         * @param value {@code account_id} or {@code sim_msisdn}
         * @return the source
         */
        public static MsisdnSource parse(String value) {
            for (MsisdnSource source : values()) {
                if (source.key.equals(value.trim())) {
                    return source;
                }
            }
            throw new IllegalArgumentException("unknown MSISDN source '" + value + "' (allowed: account_id, sim_msisdn)");
        }
    }
}
