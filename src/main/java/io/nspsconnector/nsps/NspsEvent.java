package io.nspsconnector.nsps;

import java.util.List;
import java.util.Optional;

/**
 * The parts of an NSPS event that the provisioning rules read, typed and checked. Everything else NSPS sends is
 * ignored on purpose: NSPS may add enrichment at any time.
 *
 * @param eventId   NSPS event id, stable across NSPS retries
 * @param eventType ESPF event type, e.g. {@code SIM/Updated}
 * @param createdAt NSPS creation time as sent (ISO-8601), if any
 * @param account   {@code pb_data.account_info}, if present
 * @param sim       {@code pb_data.sim_info}, if present
 * @param prevSim   {@code pb_data.prev_sim_info}, if present
 * @param policies  access policies in the order NSPS sent them (one element when NSPS sends an object)
 */
public record NspsEvent(String eventId,
                        String eventType,
                        Optional<String> createdAt,
                        Optional<Account> account,
                        Optional<Sim> sim,
                        Optional<Sim> prevSim,
                        List<AccessPolicy> policies) {

    /**
     * The account state the rules use.
     *
     * @param billStatus {@code bill_status}, e.g. {@code open}
     * @param blocked    {@code blocked}; absent counts as not blocked
     * @param id         account id, e.g. {@code 79123456789@msisdn}
     */
    public record Account(Optional<String> billStatus, boolean blocked, Optional<String> id) {
    }

    /**
     * A SIM card as NSPS describes it.
     *
     * @param imsi   IMSI as sent (not yet checked against the WTL format)
     * @param msisdn the SIM's own MSISDN field
     */
    public record Sim(Optional<String> imsi, Optional<String> msisdn) {
    }

    /**
     * One access policy's attributes.
     *
     * @param attributes attributes in order
     */
    public record AccessPolicy(List<Attribute> attributes) {
    }

    /**
     * One access policy attribute.
     *
     * @param name  attribute name, e.g. {@code cs_profile}
     * @param value its value, possibly absent
     */
    public record Attribute(String name, Optional<String> value) {
    }
}
