package io.nspsconnector.nsps;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.nspsconnector.errors.ConnectorError.InvalidEvent;
import io.nspsconnector.errors.FieldProblem;
import io.nspsconnector.json.StrictJson;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * The oracle of {@link EventReaderAgreementTest}: the event validation as it was before the streaming reader, on the
 * whole tree the strict tree parser ({@link StrictJson#parseObject}) builds. Kept as it was, so that the reader is
 * checked against the behaviour it replaced.
 */
final class TreeEventValidator {

    private static final int MAX_ID_LENGTH = EventValidator.MAX_ID_LENGTH;

    /**
     * Parses and validates a UTF-8 JSON body.
     *
     * @param body request body
     * @return the typed event
     * @throws InvalidEvent if the body is not JSON, not an object, or breaks the schema
     */
    NspsEvent validate(byte[] body) {
        return validate(parse(body));
    }

    /**
     * Parses a UTF-8 JSON body into an object.
     *
     * @param body request body
     * @return the JSON object
     * @throws InvalidEvent if the body is not exactly one JSON object
     */
    static JsonObject parse(byte[] body) {
        try {
            return StrictJson.parseObject(body);
        } catch (StrictJson.NotAnObject e) {
            throw new InvalidEvent(new FieldProblem("body", e.getMessage()));
        }
    }

    /**
     * Validates a parsed body.
     *
     * @param json the body
     * @return the typed event
     * @throws InvalidEvent if the body breaks the schema
     */
    NspsEvent validate(JsonObject json) {
        Problems problems = new Problems();
        String eventId = problems.requiredString(json, "event_id", "event_id", true);
        // no rule reads created_at yet: keep it when it is a string, never fail the event over it
        Optional<String> createdAt = json.get("created_at") instanceof JsonString s
                ? Optional.of(s.getString()) : Optional.empty();

        String eventType = null;
        Optional<JsonObject> data = problems.object(json, "data", "data");
        if (data.isEmpty()) {
            if (absent(json, "data")) {
                problems.add("data", "missing");
            }
        } else {
            eventType = problems.requiredString(data.get(), "event_type", "data.event_type", false);
        }

        Optional<NspsEvent.Account> account = Optional.empty();
        Optional<NspsEvent.Sim> sim = Optional.empty();
        Optional<NspsEvent.Sim> prevSim = Optional.empty();
        List<NspsEvent.AccessPolicy> policies = List.of();
        Optional<JsonObject> pbData = problems.object(json, "pb_data", "pb_data");
        if (pbData.isPresent()) {
            JsonObject pb = pbData.get();
            account = problems.object(pb, "account_info", "pb_data.account_info").map(a -> account(a, problems));
            sim = problems.object(pb, "sim_info", "pb_data.sim_info").map(s -> sim(s, "pb_data.sim_info", problems));
            prevSim = problems.object(pb, "prev_sim_info", "pb_data.prev_sim_info")
                    .map(s -> sim(s, "pb_data.prev_sim_info", problems));
            policies = policies(pb, problems);
        }
        problems.throwIfAny();
        return new NspsEvent(eventId, eventType, createdAt, account, sim, prevSim, policies);
    }

    private static NspsEvent.Account account(JsonObject a, Problems problems) {
        Optional<String> billStatus = problems.optionalString(a, "bill_status", "pb_data.account_info.bill_status");
        Optional<String> id = problems.optionalString(a, "id", "pb_data.account_info.id");
        boolean blocked = false;
        JsonValue value = a.get("blocked");
        if (value != null && value.getValueType() != JsonValue.ValueType.NULL) {
            if (value.getValueType() == JsonValue.ValueType.TRUE) {
                blocked = true;
            } else if (value.getValueType() != JsonValue.ValueType.FALSE) {
                problems.add("pb_data.account_info.blocked", "must be a boolean");
            }
        }
        return new NspsEvent.Account(billStatus, blocked, id);
    }

    private static NspsEvent.Sim sim(JsonObject s, String path, Problems problems) {
        return new NspsEvent.Sim(problems.optionalString(s, "imsi", path + ".imsi"),
                                 problems.optionalString(s, "msisdn", path + ".msisdn"));
    }

    private static List<NspsEvent.AccessPolicy> policies(JsonObject pb, Problems problems) {
        JsonValue value = pb.get("access_policy_info");
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return List.of();
        }
        String path = "pb_data.access_policy_info";
        if (value instanceof JsonObject policy) {
            return List.of(policy(policy, path, problems));
        }
        if (value instanceof JsonArray array) {
            List<NspsEvent.AccessPolicy> result = new ArrayList<>(array.size());
            for (int i = 0; i < array.size(); i++) {
                JsonValue element = array.get(i);
                if (element instanceof JsonObject policy) {
                    result.add(policy(policy, path + "[" + i + "]", problems));
                } else if (element.getValueType() != JsonValue.ValueType.NULL) {
                    problems.add(path + "[" + i + "]", "must be an object");
                }
            }
            return result;
        }
        problems.add(path, "must be an object or a list of objects");
        return List.of();
    }

    private static NspsEvent.AccessPolicy policy(JsonObject policy, String path, Problems problems) {
        JsonValue value = policy.get("attributes");
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return new NspsEvent.AccessPolicy(List.of());
        }
        if (!(value instanceof JsonArray array)) {
            problems.add(path + ".attributes", "must be a list");
            return new NspsEvent.AccessPolicy(List.of());
        }
        List<NspsEvent.Attribute> attributes = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            String elementPath = path + ".attributes[" + i + "]";
            if (array.get(i) instanceof JsonObject attribute) {
                Optional<String> name = problems.optionalString(attribute, "name", elementPath + ".name");
                Optional<String> attrValue = problems.optionalString(attribute, "value", elementPath + ".value");
                name.ifPresent(n -> attributes.add(new NspsEvent.Attribute(n, attrValue)));
            } else if (array.get(i).getValueType() != JsonValue.ValueType.NULL) {
                problems.add(elementPath, "must be an object");
            }
        }
        return new NspsEvent.AccessPolicy(attributes);
    }

    private static boolean absent(JsonObject object, String key) {
        JsonValue value = object.get(key);
        return value == null || value.getValueType() == JsonValue.ValueType.NULL;
    }


    /** Collects problems so that NSPS sees all of them at once. */
    private static final class Problems {
        private final List<FieldProblem> list = new ArrayList<>(2);

        void add(String field, String problem) {
            list.add(new FieldProblem(field, problem));
        }

        String requiredString(JsonObject object, String key, String path, boolean nonBlank) {
            JsonValue value = object.get(key);
            if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
                add(path, "missing");
                return null;
            }
            if (!(value instanceof JsonString string)) {
                add(path, "must be a string");
                return null;
            }
            if (nonBlank && string.getString().isBlank()) {
                add(path, "must not be blank");
                return null;
            }
            if (string.getString().length() > MAX_ID_LENGTH) {
                add(path, "must be at most " + MAX_ID_LENGTH + " characters, has " + string.getString().length());
                return null;
            }
            return string.getString();
        }

        Optional<String> optionalString(JsonObject object, String key, String path) {
            JsonValue value = object.get(key);
            if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
                return Optional.empty();
            }
            if (value instanceof JsonString string) {
                return Optional.of(string.getString());
            }
            add(path, "must be a string");
            return Optional.empty();
        }

        Optional<JsonObject> object(JsonObject parent, String key, String path) {
            JsonValue value = parent.get(key);
            if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
                return Optional.empty();
            }
            if (value instanceof JsonObject object) {
                return Optional.of(object);
            }
            add(path, "must be an object");
            return Optional.empty();
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
