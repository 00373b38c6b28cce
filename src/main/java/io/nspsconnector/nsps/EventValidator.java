package io.nspsconnector.nsps;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.nspsconnector.errors.ConnectorError.InvalidEvent;
import io.nspsconnector.errors.FieldProblem;
import io.nspsconnector.nsps.EventReader.Kind;
import io.nspsconnector.nsps.EventReader.Node;

/**
 * Turns a request body into an {@link NspsEvent}, or throws {@link InvalidEvent} listing every problem found.
 * <p>
 * Only the fields the rules read are checked. Wrong types there are errors; everything else is ignored, so
 * NSPS can change its enrichment without breaking the connector. {@code null} counts as absent everywhere.
 * The body is read in one streaming pass ({@link EventReader}) that keeps only those fields; the problems are then
 * listed in a fixed order (the order of the checks below), whatever the order of the fields in the body.
 */
public final class EventValidator {

    /**
     * Longest {@code event_id} and {@code data.event_type} accepted: both are remembered (duplicate detection) and
     * written to log lines, so an outsider must not choose their size. NSPS's ids are UUIDs and its types short
     * names such as {@code SIM/Updated}.
     */
    public static final int MAX_ID_LENGTH = 256;

    // positions of the fields in EventReader's shapes
    private static final int EVENT_ID = 0;
    private static final int CREATED_AT = 1;
    private static final int DATA = 2;
    private static final int PB_DATA = 3;
    private static final int EVENT_TYPE = 0;
    private static final int ACCOUNT_INFO = 0;
    private static final int SIM_INFO = 1;
    private static final int PREV_SIM_INFO = 2;
    private static final int ACCESS_POLICY_INFO = 3;
    private static final int BILL_STATUS = 0;
    private static final int ACCOUNT_ID = 1;
    private static final int BLOCKED = 2;
    private static final int IMSI = 0;
    private static final int MSISDN = 1;
    private static final int ATTRIBUTES = 0;
    private static final int NAME = 0;
    private static final int VALUE = 1;

    /**
     * Parses and validates a UTF-8 JSON body.
     *
     * @param body request body
     * @return the typed event
     * @throws InvalidEvent if the body is not JSON, not an object, or breaks the schema
     */
    public NspsEvent validate(byte[] body) {
        Node json = EventReader.read(body);
        Problems problems = new Problems();
        String eventId = problems.requiredString(json.field(EVENT_ID), "event_id", true);
        // no rule reads created_at yet: keep it when it is a string, never fail the event over it
        Node created = json.field(CREATED_AT);
        Optional<String> createdAt = created != null && created.kind() == Kind.STRING
                ? Optional.of(created.text()) : Optional.empty();

        String eventType = null;
        Node data = problems.object(json.field(DATA), "data");
        if (data == null) {
            if (json.field(DATA) == null) {
                problems.add("data", "missing");
            }
        } else {
            eventType = problems.requiredString(data.field(EVENT_TYPE), "data.event_type", false);
        }

        Optional<NspsEvent.Account> account = Optional.empty();
        Optional<NspsEvent.Sim> sim = Optional.empty();
        Optional<NspsEvent.Sim> prevSim = Optional.empty();
        List<NspsEvent.AccessPolicy> policies = List.of();
        Node pb = problems.object(json.field(PB_DATA), "pb_data");
        if (pb != null) {
            account = Optional.ofNullable(problems.object(pb.field(ACCOUNT_INFO), "pb_data.account_info"))
                    .map(a -> account(a, problems));
            sim = Optional.ofNullable(problems.object(pb.field(SIM_INFO), "pb_data.sim_info"))
                    .map(s -> sim(s, "pb_data.sim_info", problems));
            prevSim = Optional.ofNullable(problems.object(pb.field(PREV_SIM_INFO), "pb_data.prev_sim_info"))
                    .map(s -> sim(s, "pb_data.prev_sim_info", problems));
            policies = policies(pb.field(ACCESS_POLICY_INFO), problems);
        }
        problems.throwIfAny();
        return new NspsEvent(eventId, eventType, createdAt, account, sim, prevSim, policies);
    }

    private static NspsEvent.Account account(Node a, Problems problems) {
        Optional<String> billStatus = problems.optionalString(a.field(BILL_STATUS), "pb_data.account_info.bill_status");
        Optional<String> id = problems.optionalString(a.field(ACCOUNT_ID), "pb_data.account_info.id");
        boolean blocked = false;
        Node value = a.field(BLOCKED);
        if (value != null) {
            if (value.kind() == Kind.TRUE) {
                blocked = true;
            } else if (value.kind() != Kind.FALSE) {
                problems.add("pb_data.account_info.blocked", "must be a boolean");
            }
        }
        return new NspsEvent.Account(billStatus, blocked, id);
    }

    private static NspsEvent.Sim sim(Node s, String path, Problems problems) {
        return new NspsEvent.Sim(problems.optionalString(s.field(IMSI), path + ".imsi"),
                                 problems.optionalString(s.field(MSISDN), path + ".msisdn"));
    }

    private static List<NspsEvent.AccessPolicy> policies(Node value, Problems problems) {
        if (value == null) {
            return List.of();
        }
        String path = "pb_data.access_policy_info";
        if (value.kind() == Kind.OBJECT) {
            return List.of(policy(value, path, problems));
        }
        if (value.kind() == Kind.ARRAY) {
            List<Node> elements = value.elements();
            List<NspsEvent.AccessPolicy> result = new ArrayList<>(elements.size());
            for (int i = 0; i < elements.size(); i++) {
                Node element = elements.get(i);
                if (element == null) {
                    continue;
                }
                if (element.kind() == Kind.OBJECT) {
                    result.add(policy(element, path + "[" + i + "]", problems));
                } else {
                    problems.add(path + "[" + i + "]", "must be an object");
                }
            }
            return result;
        }
        problems.add(path, "must be an object or a list of objects");
        return List.of();
    }

    private static NspsEvent.AccessPolicy policy(Node policy, String path, Problems problems) {
        Node value = policy.field(ATTRIBUTES);
        if (value == null) {
            return new NspsEvent.AccessPolicy(List.of());
        }
        if (value.kind() != Kind.ARRAY) {
            problems.add(path + ".attributes", "must be a list");
            return new NspsEvent.AccessPolicy(List.of());
        }
        List<Node> elements = value.elements();
        List<NspsEvent.Attribute> attributes = new ArrayList<>(elements.size());
        for (int i = 0; i < elements.size(); i++) {
            Node element = elements.get(i);
            if (element == null) {
                continue;
            }
            String elementPath = path + ".attributes[" + i + "]";
            if (element.kind() == Kind.OBJECT) {
                Optional<String> name = problems.optionalString(element.field(NAME), elementPath + ".name");
                Optional<String> attrValue = problems.optionalString(element.field(VALUE), elementPath + ".value");
                name.ifPresent(n -> attributes.add(new NspsEvent.Attribute(n, attrValue)));
            } else {
                problems.add(elementPath, "must be an object");
            }
        }
        return new NspsEvent.AccessPolicy(attributes);
    }

    /** Collects problems so that NSPS sees all of them at once. */
    private static final class Problems {
        private final List<FieldProblem> list = new ArrayList<>(2);

        void add(String field, String problem) {
            list.add(new FieldProblem(field, problem));
        }

        String requiredString(Node value, String path, boolean nonBlank) {
            if (value == null) {
                add(path, "missing");
                return null;
            }
            if (value.kind() != Kind.STRING) {
                add(path, "must be a string");
                return null;
            }
            String text = value.text();
            if (nonBlank && text.isBlank()) {
                add(path, "must not be blank");
                return null;
            }
            if (text.length() > MAX_ID_LENGTH) {
                add(path, "must be at most " + MAX_ID_LENGTH + " characters, has " + text.length());
                return null;
            }
            return text;
        }

        Optional<String> optionalString(Node value, String path) {
            if (value == null) {
                return Optional.empty();
            }
            if (value.kind() == Kind.STRING) {
                return Optional.of(value.text());
            }
            add(path, "must be a string");
            return Optional.empty();
        }

        /** The object, or {@code null} if absent or (a problem then) not an object. */
        Node object(Node value, String path) {
            if (value == null) {
                return null;
            }
            if (value.kind() == Kind.OBJECT) {
                return value;
            }
            add(path, "must be an object");
            return null;
        }

        void throwIfAny() {
            if (!list.isEmpty()) {
                FieldProblem first = list.getFirst();
                String reason = list.size() == 1
                        ? first.field() + " " + first.problem()
                        : first.field() + " " + first.problem() + " (and " + (list.size() - 1) + " more)";
                throw new InvalidEvent(reason, list);
            }
        }
    }
}
