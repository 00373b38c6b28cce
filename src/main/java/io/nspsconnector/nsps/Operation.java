package io.nspsconnector.nsps;

import java.util.Optional;

import io.nspsconnector.wtl.SubscriberStatus;
import io.nspsconnector.wtl.WtlAction;

/**
 * One WTL operation that an event type maps to.
 *
 * @param source         which SIM of the event supplies the IMSI
 * @param action         WTL action to send
 * @param statusOverride fixed subscriber status instead of the one derived from the account
 * @param withoutMsisdn  send an empty MSISDN list instead of the account's number
 */
public record Operation(SimSource source,
                        WtlAction action,
                        Optional<SubscriberStatus> statusOverride,
                        boolean withoutMsisdn) {

    /** Where an operation takes its IMSI from. */
    public enum SimSource {
        /** {@code pb_data.sim_info}: the current SIM. */
        SIM_INFO("sim_info"),
        /** {@code pb_data.prev_sim_info}: the SIM being replaced. */
        PREV_SIM_INFO("prev_sim_info");

        private final String key;

        SimSource(String key) {
            this.key = key;
        }

        /** Name as written in the mappings and in {@code pb_data}. */
        public String key() {
            return key;
        }

        /**
         * Parses a configured source.
         *
         * @param value {@code sim_info} or {@code prev_sim_info}
         * @return the source
         */
        public static SimSource parse(String value) {
            for (SimSource source : values()) {
                if (source.key.equals(value.trim())) {
                    return source;
                }
            }
            throw new IllegalArgumentException("unknown SIM source '" + value + "' (allowed: sim_info, prev_sim_info)");
        }
    }

    /**
     * The plain form: the action on the current SIM, with the account's state.
     *
     * @param action WTL action
     * @return the operation
     */
    public static Operation onCurrentSim(WtlAction action) {
        return new Operation(SimSource.SIM_INFO, action, Optional.empty(), false);
    }
}
