package io.nspsconnector.nsps;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.nspsconnector.errors.ConnectorError;
import io.nspsconnector.errors.ConnectorError.InvalidEvent;
import io.nspsconnector.errors.FieldProblem;
import io.nspsconnector.logging.Masking;
import io.nspsconnector.nsps.NspsEvent.Sim;
import io.nspsconnector.wtl.SubscriberStatus;
import io.nspsconnector.wtl.WtlRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the provisioning rules to a validated event: decides which WTL requests to send, or why the event is
 * ignored. Pure decision logic with no I/O, shared by event processing and anything that needs to preview it.
 * <p>
 * Per operation, in order: IMSI present (else ignored), IMSI filter (else ignored), IMSI format (else invalid);
 * then bill status, MSISDN, subscriber status and profiles. Every request is built and checked before the first
 * one is sent, so an invalid event never reaches WTL partly.
 */
public final class EventPlanner {

    private static final Logger LOG = LoggerFactory.getLogger(EventPlanner.class);
    private static final String PROFILE_RULE = "^[a-zA-Z][-_.a-zA-Z0-9]*$";
    /** Longest MSISDN sent to WTL: an E.164 number has at most 15 digits. */
    public static final int MAX_MSISDN_DIGITS = 15;
    /** Longest profile name sent to WTL. */
    public static final int MAX_PROFILE_LENGTH = 64;

    private final Masking masking;

    /**
     * @param masking how subscriber identifiers appear in log texts
     */
    public EventPlanner(Masking masking) {
        this.masking = masking;
    }

    /**
     * Decides what to do with an event under the given rules.
     *
     * @param event    validated event
     * @param mappings rules in force
     * @return the plan
     * @throws InvalidEvent if the event's data cannot form valid WTL requests
     */
    public Plan plan(NspsEvent event, Mappings mappings) {
        List<Operation> operations = mappings.events().get(event.eventType());
        if (operations == null || operations.isEmpty()) {
            String reason = "No defined action for event type: " + event.eventType();
            return new Plan.Ignore(reason, reason);
        }
        Optional<NspsEvent.Account> account = event.account();
        boolean open = account.flatMap(NspsEvent.Account::billStatus)
                .filter(mappings.openBillStatuses()::contains)
                .isPresent();
        boolean blocked = account.map(NspsEvent.Account::blocked).orElse(false);
        SubscriberStatus accountStatus = open && !blocked
                ? SubscriberStatus.SERVICE_GRANTED
                : SubscriberStatus.OPERATOR_DETERMINED_BARRING;
        String currentImsi = event.sim().flatMap(Sim::imsi).orElse(null);

        List<WtlRequest> requests = new ArrayList<>(operations.size());
        Plan.Ignore firstSkip = null;
        String[] profiles = null;
        for (Operation operation : operations) {
            String source = operation.source().key();
            Optional<Sim> sim = operation.source() == Operation.SimSource.SIM_INFO ? event.sim() : event.prevSim();
            String imsi = sim.flatMap(Sim::imsi).filter(s -> !s.isEmpty()).orElse(null);
            if (imsi == null) {
                firstSkip = firstSkip != null ? firstSkip : skip("IMSI is empty or not provided");
                continue;
            }
            if (operation.source() != Operation.SimSource.SIM_INFO && imsi.equals(currentImsi)) {
                // the "previous" SIM is the current one: barring it first would only cut service briefly
                continue;
            }
            if (imsi.length() > 15 || !allDigits(imsi)) {
                // checked before the filter so that the filter only ever sees a short string of digits
                throw invalidImsi(source);
            }
            if (mappings.imsiFilter().isPresent() && !filterFinds(mappings.imsiFilter().get(), imsi)) {
                firstSkip = firstSkip != null ? firstSkip : new Plan.Ignore(
                        "IMSI " + imsi + " doesn't follow the regexp provided",
                        "IMSI " + masking.imsi(imsi) + " doesn't follow the regexp provided");
                continue;
            }
            if (!WtlRequest.isImsi(imsi)) {
                throw invalidImsi(source);
            }
            if (profiles == null) {
                profiles = new String[] {profile(event, mappings.csProfile(), "cs_profile"),
                        profile(event, mappings.epsProfile(), "eps_profile")};
            }
            SubscriberStatus status = operation.statusOverride().orElse(accountStatus);
            List<String> msisdn = operation.withoutMsisdn() ? List.of() : msisdn(event, sim.get(), open, mappings);
            requests.add(new WtlRequest(imsi, status, msisdn, profiles[0], profiles[1], operation.action()));
        }
        if (requests.isEmpty()) {
            return firstSkip != null ? firstSkip : skip("IMSI is empty or not provided");
        }
        return new Plan.Apply(requests);
    }

    private static InvalidEvent invalidImsi(String source) {
        return new InvalidEvent("IMSI must be 15 digits",
                                List.of(new FieldProblem("pb_data." + source + ".imsi", "must be 15 digits")));
    }

    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean filterFinds(java.util.regex.Pattern filter, String imsi) {
        try {
            return ImsiFilter.find(filter, imsi);
        } catch (ImsiFilter.BudgetExceeded e) {
            // a configuration fault, not the event's: answered 500 so that NSPS keeps the event and retries it
            LOG.error("imsi-filter stopped: " + e.getMessage() + "; fix the pattern (validate-config warns about it)");
            throw new ConnectorError.Internal(e.getMessage());
        }
    }

    /**
     * Checks an MSISDN before it goes to WTL: digits only, international format without '+', at most 15 digits
     * (E.164).
     */
    private static String checkedMsisdn(String msisdn, String field) {
        if (msisdn.length() > MAX_MSISDN_DIGITS || !allDigits(msisdn)) {
            throw new InvalidEvent("MSISDN must be 1 to " + MAX_MSISDN_DIGITS + " digits",
                                   List.of(new FieldProblem(field, "must be 1 to " + MAX_MSISDN_DIGITS
                                           + " digits (international format without '+')")));
        }
        return msisdn;
    }

    private static Plan.Ignore skip(String reason) {
        return new Plan.Ignore(reason, reason);
    }

    private List<String> msisdn(NspsEvent event, Sim sim, boolean open, Mappings mappings) {
        if (!open) {
            return List.of();
        }
        if (mappings.msisdnSource() == Mappings.MsisdnSource.SIM_MSISDN) {
            String path = sim == event.sim().orElse(null) ? "pb_data.sim_info.msisdn" : "pb_data.prev_sim_info.msisdn";
            return sim.msisdn().filter(s -> !s.isEmpty()).map(s -> List.of(checkedMsisdn(s, path)))
                    .orElseGet(List::of);
        }
        String id = event.account().flatMap(NspsEvent.Account::id).orElse(null);
        int suffix = id == null ? -1 : id.indexOf(mappings.msisdnSuffix());
        if (suffix <= 0) {
            // the account id is an ICCID or IMSI, not a number: bind none rather than a wrong one
            LOG.warn("Account is open but its id is not an MSISDN (no '{}' suffix): sending no MSISDN",
                     mappings.msisdnSuffix());
            return List.of();
        }
        return List.of(checkedMsisdn(id.substring(0, suffix), "pb_data.account_info.id"));
    }

    private static String abbreviate(String value) {
        return value.length() <= 64 ? value : value.substring(0, 64) + "...";
    }

    private static String profile(NspsEvent event, Mappings.ProfileRule rule, String wtlField) {
        Optional<String> configured = Optional.empty();
        search:
        for (NspsEvent.AccessPolicy policy : event.policies()) {
            for (NspsEvent.Attribute attribute : policy.attributes()) {
                if (attribute.name().equals(rule.attribute())) {
                    configured = attribute.value().filter(v -> !v.isEmpty());
                    break search;
                }
            }
        }
        if (configured.isEmpty()) {
            LOG.debug("Using default {} profile", wtlField);
            return rule.fallback();
        }
        String value = configured.get();
        if (value.length() > MAX_PROFILE_LENGTH) {
            throw new InvalidEvent(wtlField + " must be at most " + MAX_PROFILE_LENGTH + " characters",
                                   List.of(new FieldProblem("pb_data.access_policy_info.attributes[name="
                                                                    + rule.attribute() + "].value",
                                                            "must be at most " + MAX_PROFILE_LENGTH
                                                                    + " characters, has " + value.length())));
        }
        if (!WtlRequest.isProfile(value)) {
            throw new InvalidEvent(wtlField + " must match " + PROFILE_RULE,
                                   List.of(new FieldProblem("pb_data.access_policy_info.attributes[name="
                                                                    + rule.attribute() + "].value",
                                                            "'" + abbreviate(value) + "' is not a valid WTL profile name")));
        }
        return value;
    }
}
